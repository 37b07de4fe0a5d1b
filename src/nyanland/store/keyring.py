"""The store's key, wrapped once per account: the file `<store>.keys` beside an SQLite store.

The store is encrypted (SQLCipher, AES-256) with a random 32-byte key. Each account keeps that
key wrapped (AES-256-GCM) by a key derived from its password with Argon2id, so any account can
open the store, a password change re-wraps that account's copy only, and a lost laptop reveals
nothing without a password. The file holds user names, KDF parameters, wrapped keys and the
sign-in lockout counters; no case data.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from filelock import FileLock

from nyanland.domain.errors import KnownError
from nyanland.i18n import _

FORMAT = "nyanland.keyring/1"
KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParameters:
    """Argon2id's cost (RFC 9106's second recommended setting, on two lanes for two cores);
    see docs/benchmarks.md for what a sign-in costs on the 2-core machine."""

    time_cost: int = 3
    memory_kib: int = 65_536
    parallelism: int = 2


DEFAULT_KDF = KdfParameters()


class KeyringDamaged(KnownError):
    """The key file is missing, unreadable or not a nyanland key file."""


@dataclass(frozen=True)
class Wrapped:
    salt: bytes
    nonce: bytes
    ciphertext: bytes
    kdf: KdfParameters
    failed_sign_ins: int = 0
    locked_until: datetime | None = None


@contextmanager
def locked_keyring(path: Path) -> Iterator[Keyring]:
    """The key file, loaded under an exclusive lock (a file lock beside it, `.keys.lock`) held
    until the block ends: a sign-in's read, check and count of a failure, or an account's
    change, cannot interleave with another process's, so guessing in parallel gets no more
    tries than guessing in turn. A well-kept library (filelock) does the locking, on Linux,
    macOS and Windows alike."""
    with FileLock(path.with_name(path.name + ".lock"), mode=0o600):
        yield Keyring.load(path)


def keyring_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".keys")


def new_store_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _kek(password: str, salt: bytes, kdf: KdfParameters) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        kdf.time_cost,
        kdf.memory_kib,
        kdf.parallelism,
        KEY_BYTES,
        Type.ID,
    )


def wrap(username: str, password: str, key: bytes, kdf: KdfParameters | None = None) -> Wrapped:
    kdf = kdf or DEFAULT_KDF  # read at the call: the test suite's fixtures make it cheap
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_kek(password, salt, kdf)).encrypt(nonce, key, username.encode("utf-8"))
    return Wrapped(salt, nonce, sealed, kdf)


def unwrap(username: str, password: str, wrapped: Wrapped) -> bytes | None:
    """The store's key, or None when the password is wrong."""
    kek = _kek(password, wrapped.salt, wrapped.kdf)
    try:
        return AESGCM(kek).decrypt(wrapped.nonce, wrapped.ciphertext, username.encode("utf-8"))
    except InvalidTag:
        return None


class Keyring:
    """The key file's accounts; every change is written at once, atomically."""

    def __init__(self, path: Path, entries: dict[str, Wrapped]) -> None:
        self.path = path
        self.entries = entries

    @classmethod
    def load(cls, path: Path) -> Keyring:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise KeyringDamaged(
                _("the key file {file} is missing: the store cannot be opened without it").format(
                    file=path
                )
            ) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            raise KeyringDamaged(_("{file} is not a nyanland key file").format(file=path)) from None
        try:
            if document["format"] != FORMAT:
                raise ValueError
            return cls(path, {name: _read(entry) for name, entry in document["accounts"].items()})
        except (KeyError, TypeError, ValueError):
            raise KeyringDamaged(_("{file} is not a nyanland key file").format(file=path)) from None

    @classmethod
    def create(cls, path: Path) -> Keyring:
        return cls(path, {})

    def get(self, username: str) -> Wrapped | None:
        return self.entries.get(username)

    def put(self, username: str, wrapped: Wrapped) -> None:
        self.entries[username] = wrapped
        self.save()

    def remove(self, username: str) -> None:
        if self.entries.pop(username, None) is not None:
            self.save()

    def failed(self, username: str, count: int, locked_until: datetime | None) -> None:
        entry = self.entries.get(username)
        if entry is not None:
            self.put(username, replace(entry, failed_sign_ins=count, locked_until=locked_until))

    def save(self) -> None:
        document = {
            "format": FORMAT,
            "accounts": {name: _write(entry) for name, entry in sorted(self.entries.items())},
        }
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(document, file, indent=1)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _write(entry: Wrapped) -> dict[str, Any]:
    return {
        "salt": _b64(entry.salt),
        "nonce": _b64(entry.nonce),
        "wrapped_key": _b64(entry.ciphertext),
        "kdf": {"algorithm": "argon2id", **asdict(entry.kdf)},
        "failed_sign_ins": entry.failed_sign_ins,
        "locked_until": entry.locked_until.isoformat() if entry.locked_until else None,
    }


def _read(entry: dict[str, Any]) -> Wrapped:
    kdf = dict(entry["kdf"])
    if kdf.pop("algorithm") != "argon2id":
        raise ValueError("kdf")
    locked = entry.get("locked_until")
    return Wrapped(
        salt=base64.b64decode(entry["salt"]),
        nonce=base64.b64decode(entry["nonce"]),
        ciphertext=base64.b64decode(entry["wrapped_key"]),
        kdf=KdfParameters(**kdf),
        failed_sign_ins=int(entry.get("failed_sign_ins", 0)),
        locked_until=datetime.fromisoformat(locked) if locked else None,
    )
