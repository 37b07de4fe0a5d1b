"""The key file `<store>.keys` beside an SQLite store: each account's keys, and the store's key
sealed to each of them (see account_keys.py for the cryptography).

The store is encrypted (SQLCipher, AES-256) with a random 32-byte key that changes: when an
account is disabled, a password is changed or reset, or an administrator asks. A rotation
seals the new key to every remaining account's public key, so nobody's password is needed,
and a copy of the key file taken before it opens nothing written after. The file holds user
names, public keys, KDF parameters, wrapped and sealed keys and the sign-in lockout counters;
no case data.

A key file of format 1 (one password-wrapped store key per account) still opens: each such
account gets its key pair at its next sign-in, and a rotation drops the accounts that have not
had one by then (an administrator resets their passwords).
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from filelock import FileLock

from nyanland.domain.errors import KnownError
from nyanland.i18n import _
from nyanland.store.account_keys import (
    AccountSecret,
    KdfParameters,
    PasswordWrapped,
    new_store_key,
    seal,
    secret_bytes,
    secret_of,
    signing_key_bytes,
    signing_key_of,
    unseal,
    unwrap_with_password,
    wrap_with_password,
)

FORMAT = "nyanland.keyring/2"
LEGACY_FORMAT = "nyanland.keyring/1"
STORE_KEY = "store key"
AUDIT_SIGNING_KEY = "audit signing key"
OFFICER_KEY = "officer key"

__all__ = ["KdfParameters", "new_store_key"]


class KeyringDamaged(KnownError):
    """The key file is missing, unreadable or not a nyanland key file."""


@dataclass(frozen=True)
class Entry:
    """One account's line of the key file."""

    wrapped: PasswordWrapped  # the account's secret (a legacy entry: the store key itself)
    public_key: bytes | None  # None: a legacy entry, from a key file of format 1
    store_key: bytes | None = None  # the store key, sealed to `public_key`
    pending_store_key: bytes | None = None  # a rotation's new key, until the store has it
    audit_signing_key: bytes | None = None  # sealed; administrators only
    failed_sign_ins: int = 0
    locked_until: datetime | None = None
    officer_key: bytes | None = None  # sealed; officers and administrators (officer_key.py)
    officer_grant: bytes | None = None  # the officer key's MAC of the name: who was given it

    @property
    def legacy(self) -> bool:
        return self.public_key is None


@dataclass(frozen=True)
class Opened:
    """What an account's password opened."""

    secret: AccountSecret | None  # None: a legacy entry
    store_key: bytes
    pending_store_key: bytes | None
    audit_signing_key: Ed25519PrivateKey | None
    officer_key: bytes | None = None


def _aad(username: str) -> bytes:
    return f"{FORMAT} account secret of {username}".encode()


def new_entry(
    username: str,
    password: str,
    secret: AccountSecret,
    store_key: bytes,
    signing_key: Ed25519PrivateKey | None = None,
    kdf: KdfParameters | None = None,
    officer_key: bytes | None = None,
) -> Entry:
    """A new entry: `secret` wrapped by `password` (Argon2id: call it outside any lock)."""
    wrapped = wrap_with_password(secret_bytes(secret), password, _aad(username), kdf)
    entry = granted(username, Entry(wrapped, secret.public_key), store_key, signing_key)
    return with_officer_key(username, entry, officer_key) if officer_key else entry


def granted(
    username: str, entry: Entry, store_key: bytes, signing_key: Ed25519PrivateKey | None = None
) -> Entry:
    """`entry` with `store_key` (and an administrator's `signing_key`) sealed to its key."""
    assert entry.public_key is not None
    signing = entry.audit_signing_key
    if signing_key is not None:
        signing = seal(
            entry.public_key, signing_key_bytes(signing_key), AUDIT_SIGNING_KEY, username
        )
    return replace(
        entry,
        store_key=seal(entry.public_key, store_key, STORE_KEY, username),
        pending_store_key=None,
        audit_signing_key=signing,
    )


def with_officer_key(username: str, entry: Entry, officer_key: bytes | None) -> Entry:
    """`entry` given the officer key (sealed to its public key, with the key's MAC of the
    name and that public key as the mark of a grant only a holder can make), or, with None,
    without it."""
    if officer_key is None:
        return replace(entry, officer_key=None, officer_grant=None)
    assert entry.public_key is not None
    sealed = seal(entry.public_key, officer_key, OFFICER_KEY, username)
    mark = grant_mark(officer_key, username, entry.public_key)
    return replace(entry, officer_key=sealed, officer_grant=mark)


def grant_mark(officer_key: bytes, username: str, public_key: bytes) -> bytes:
    message = f"nyanland officer grant for {username}: ".encode() + public_key
    return hmac.digest(officer_key, message, "sha256")


def was_granted(entry: Entry | None, officer_key: bytes, username: str) -> bool:
    """Whether a holder of the officer key gave it to this account, at this public key (an
    edit of the accounts table or the key file cannot make the mark, nor move it to another
    account or another key)."""
    if entry is None or entry.officer_grant is None or entry.public_key is None:
        return False
    expected = grant_mark(officer_key, username, entry.public_key)
    return hmac.compare_digest(entry.officer_grant, expected)


def open_entry(username: str, password: str, entry: Entry) -> Opened | None:
    """What `password` opens of `entry`, or None when it is the wrong password."""
    if entry.legacy:
        key = unwrap_with_password(entry.wrapped, password, username.encode("utf-8"))
        return None if key is None else Opened(None, key, None, None)
    data = unwrap_with_password(entry.wrapped, password, _aad(username))
    if data is None:
        return None
    secret = secret_of(data)
    return open_sealed(username, secret, entry)


def open_sealed(username: str, secret: AccountSecret, entry: Entry) -> Opened | None:
    """The keys sealed to `secret`'s account (None if none is: a key file that was changed)."""
    store_key = unseal(secret, entry.store_key, STORE_KEY, username) if entry.store_key else None
    if store_key is None:
        return None
    pending = (
        unseal(secret, entry.pending_store_key, STORE_KEY, username)
        if entry.pending_store_key
        else None
    )
    signing = (
        unseal(secret, entry.audit_signing_key, AUDIT_SIGNING_KEY, username)
        if entry.audit_signing_key
        else None
    )
    officer = (
        unseal(secret, entry.officer_key, OFFICER_KEY, username) if entry.officer_key else None
    )
    return Opened(secret, store_key, pending, signing_key_of(signing) if signing else None, officer)


@contextmanager
def locked_keyring(path: Path) -> Iterator[Keyring]:
    """The key file, loaded under an exclusive lock (a file lock beside it, `.keys.lock`) held
    until the block ends: a sign-in's read, check and count of a failure, an account's change
    or a rotation cannot interleave with another process's, so guessing in parallel gets no
    more tries than guessing in turn. A well-kept library (filelock) does the locking."""
    with FileLock(path.with_name(path.name + ".lock"), mode=0o600):
        yield Keyring.load(path)


def keyring_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".keys")


class Keyring:
    """The key file's accounts; every change is written at once, atomically."""

    def __init__(
        self,
        path: Path,
        entries: dict[str, Entry],
        audit_verify_key: bytes | None = None,
        rotation_due: bool = False,
    ) -> None:
        self.path = path
        self.entries = entries
        # Shown to an account of format 1 when it gets its key pair; every other account has
        # it inside its own password-wrapped secret, which is what `audit verify` trusts.
        self.audit_verify_key = audit_verify_key
        # A rotation that had to wait (the store was open elsewhere): the next sign-in does it.
        self.rotation_due = rotation_due

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
            if document["format"] not in (FORMAT, LEGACY_FORMAT):
                raise ValueError
            verify = document.get("audit_verify_key")
            return cls(
                path,
                {name: _read(entry) for name, entry in document["accounts"].items()},
                base64.b64decode(verify) if verify else None,
                bool(document.get("rotation_due", False)),
            )
        except (KeyError, TypeError, ValueError):
            raise KeyringDamaged(_("{file} is not a nyanland key file").format(file=path)) from None

    @classmethod
    def create(cls, path: Path, audit_verify_key: bytes | None = None) -> Keyring:
        return cls(path, {}, audit_verify_key)

    def get(self, username: str) -> Entry | None:
        return self.entries.get(username)

    def put(self, username: str, entry: Entry) -> None:
        self.entries[username] = entry
        self.save()

    def remove(self, username: str) -> None:
        if self.entries.pop(username, None) is not None:
            self.save()

    def failed(self, username: str, count: int, locked_until: datetime | None) -> None:
        entry = self.entries.get(username)
        if entry is not None:
            self.put(username, replace(entry, failed_sign_ins=count, locked_until=locked_until))

    def save(self) -> None:
        document: dict[str, Any] = {
            "format": FORMAT,
            "audit_verify_key": _b64(self.audit_verify_key) if self.audit_verify_key else None,
            "rotation_due": self.rotation_due,
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


def _optional(data: bytes | None) -> str | None:
    return None if data is None else _b64(data)


def _bytes(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)


def _write(entry: Entry) -> dict[str, Any]:
    wrapped = entry.wrapped
    document: dict[str, Any] = {
        "salt": _b64(wrapped.salt),
        "nonce": _b64(wrapped.nonce),
        "kdf": {"algorithm": "argon2id", **asdict(wrapped.kdf)},
        "failed_sign_ins": entry.failed_sign_ins,
        "locked_until": entry.locked_until.isoformat() if entry.locked_until else None,
    }
    if entry.legacy:
        document["wrapped_key"] = _b64(wrapped.ciphertext)
        return document
    return document | {
        "wrapped_secret": _b64(wrapped.ciphertext),
        "public_key": _optional(entry.public_key),
        "store_key": _optional(entry.store_key),
        "pending_store_key": _optional(entry.pending_store_key),
        "audit_signing_key": _optional(entry.audit_signing_key),
        "officer_key": _optional(entry.officer_key),
        "officer_grant": _optional(entry.officer_grant),
    }


def _read(entry: dict[str, Any]) -> Entry:
    kdf = dict(entry["kdf"])
    if kdf.pop("algorithm") != "argon2id":
        raise ValueError("kdf")
    legacy = "wrapped_secret" not in entry
    wrapped = PasswordWrapped(
        base64.b64decode(entry["salt"]),
        base64.b64decode(entry["nonce"]),
        base64.b64decode(entry["wrapped_key" if legacy else "wrapped_secret"]),
        KdfParameters(**kdf),
    )
    locked = entry.get("locked_until")
    failed = int(entry.get("failed_sign_ins", 0))
    locked_until = datetime.fromisoformat(locked) if locked else None
    if legacy:
        return Entry(wrapped, None, failed_sign_ins=failed, locked_until=locked_until)
    return Entry(
        wrapped,
        base64.b64decode(entry["public_key"]),
        _bytes(entry.get("store_key")),
        _bytes(entry.get("pending_store_key")),
        _bytes(entry.get("audit_signing_key")),
        failed,
        locked_until,
        _bytes(entry.get("officer_key")),
        _bytes(entry.get("officer_grant")),
    )
