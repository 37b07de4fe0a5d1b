"""The officer-only class: the columns only officers (and administrators, who keep the keys)
may read, sealed field by field inside an SQLite store with a key the other roles are never
given (AES-256-GCM from `cryptography`, the column's name bound in).

SQLCipher encrypts the whole file with the store key, which every account holds: SFI staff
and coordinators need it for what they may read. What they may not read of a case (how to
reach the person, the journal, notes, employers, housing, letters, documents, the values in
the audit log) is sealed again with the officer key (services/officer_key.py hands it out).
The column types here do it as rows are written and read, so the services see plain values.

A store without the class yet (one from before, until an officer or administrator signs in),
and a team server, whose own rules decide who reads what, keep the columns as they are.
"""

from __future__ import annotations

import base64
import secrets
import weakref
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.types import TypeDecorator

from nyanland.domain.errors import KnownError
from nyanland.i18n import _

TEXT_PREFIX = "nyk1:"  # a sealed text: the prefix, then base64 of nonce + ciphertext
BYTES_PREFIX = b"NYK1"  # a sealed document: the prefix, nonce, ciphertext
_NONCE = 12


class SealedUnreadable(KnownError):
    """A sealed field does not open with the officer key."""


class NotForThisRole(KnownError):
    """An account without the officer key tried to write the officer-only class."""


@dataclass(frozen=True)
class Sealing:
    """How the signed-in account meets the class: with the key, or (SFI staff, coordinators)
    without it, reading nothing of it and writing nothing to it."""

    key: bytes | None

    def cipher(self) -> AESGCM | None:
        return AESGCM(self.key) if self.key is not None else None


_sealing: weakref.WeakKeyDictionary[Dialect, tuple[Sealing, AESGCM | None]] = (
    weakref.WeakKeyDictionary()
)


def use(engine: Engine, sealing: Sealing | None) -> None:
    """From now on the engine's sessions seal and open the class as `sealing` says (None: the
    store has no class yet: the columns are read and written as they are)."""
    if sealing is None:
        _sealing.pop(engine.dialect, None)
    else:
        _sealing[engine.dialect] = (sealing, sealing.cipher())


def _aad(where: str) -> bytes:
    return f"nyanland officer-only {where}".encode()


def _unreadable() -> SealedUnreadable:
    return SealedUnreadable(
        _(
            "a field of the store does not open with the officer key: it was changed outside "
            "nyanland or the key file belongs to another store; restore the latest backup"
        )
    )


def _refused() -> NotForThisRole:
    return NotForThisRole(_("your role may not write this part of a case"))


def seal_bytes(cipher: AESGCM, data: bytes, where: str) -> bytes:
    nonce = secrets.token_bytes(_NONCE)
    return BYTES_PREFIX + nonce + cipher.encrypt(nonce, data, _aad(where))


def open_bytes(cipher: AESGCM, sealed: bytes, where: str) -> bytes:
    body = sealed[len(BYTES_PREFIX) :]
    try:
        return cipher.decrypt(body[:_NONCE], body[_NONCE:], _aad(where))
    except InvalidTag:
        raise _unreadable() from None


def seal_text(cipher: AESGCM, value: str, where: str) -> str:
    sealed = seal_bytes(cipher, value.encode("utf-8"), where)[len(BYTES_PREFIX) :]
    return TEXT_PREFIX + base64.b64encode(sealed).decode("ascii")


def open_text(cipher: AESGCM, sealed: str, where: str) -> str:
    try:
        body = base64.b64decode(sealed[len(TEXT_PREFIX) :], validate=True)
    except ValueError:
        raise _unreadable() from None
    return open_bytes(cipher, BYTES_PREFIX + body, where).decode("utf-8")


class SealedColumn(TypeDecorator[Any]):
    cache_ok = True

    def __init__(self, where: str, *args: Any, audit: bool = False) -> None:
        """`where`: table.column, bound into each value (a value moved to another column
        does not open). `audit`: the audit log's values, which an account without the key
        writes in the clear (an SFI staff member's own change), and which, when they do not
        open, are read as they are stored: their digest then fails `audit verify`."""
        super().__init__(*args)
        self.where = where
        self.audit = audit

    def _state(self, dialect: Dialect) -> tuple[Sealing, AESGCM | None] | None:
        return _sealing.get(dialect) if dialect.name == "sqlite" else None

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        state = self._state(dialect)
        if value is None or state is None:
            return value
        cipher = state[1]
        if cipher is None:
            if self.audit:
                return value
            raise _refused()
        return self._seal(cipher, value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        state = self._state(dialect)
        if value is None or state is None or not self._is_sealed(value):
            return value
        cipher = state[1]
        if cipher is None:
            return value if self.audit else None
        try:
            return self._open(cipher, value)
        except SealedUnreadable:
            if self.audit:
                return value
            raise

    def _is_sealed(self, value: Any) -> bool:
        raise NotImplementedError

    def _seal(self, cipher: AESGCM, value: Any) -> Any:
        raise NotImplementedError

    def _open(self, cipher: AESGCM, value: Any) -> Any:
        raise NotImplementedError


class _SealedStr(SealedColumn):
    def _is_sealed(self, value: Any) -> bool:
        return isinstance(value, str) and value.startswith(TEXT_PREFIX)

    def _seal(self, cipher: AESGCM, value: Any) -> Any:
        return seal_text(cipher, value, self.where)

    def _open(self, cipher: AESGCM, value: Any) -> Any:
        return open_text(cipher, value, self.where)


class SealedString(_SealedStr):
    """A short text of the officer-only class: `SealedString("cases.phone", 40)`. (SQLite
    keeps no length: the sealed value is longer than the length the form allows.)"""

    impl = String
    cache_ok = True


class SealedText(_SealedStr):
    """A long text of the officer-only class."""

    impl = Text
    cache_ok = True


class SealedBytes(SealedColumn):
    """A document's content, of the officer-only class."""

    impl = LargeBinary
    cache_ok = True

    def _is_sealed(self, value: Any) -> bool:
        return bytes(value[: len(BYTES_PREFIX)]) == BYTES_PREFIX

    def _seal(self, cipher: AESGCM, value: Any) -> Any:
        return seal_bytes(cipher, bytes(value), self.where)

    def _open(self, cipher: AESGCM, value: Any) -> Any:
        return open_bytes(cipher, bytes(value), self.where)
