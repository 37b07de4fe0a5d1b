"""Creating a store and signing in to one.

An SQLite store is encrypted: signing in unwraps the store's key from the key file with the
password (a wrong password cannot open it at all), then the account's row in the store says
whether it may act and in which role. A server store (PostgreSQL) checks the password against
its Argon2id hash in the accounts table. Either way, repeated failures lock the account for a
while, and the attempts are written to the audit log at the next successful sign-in.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from nyanland.domain.errors import KnownError
from nyanland.domain.roles import Actor, Role
from nyanland.i18n import _, ngettext
from nyanland.services import accounts, audit
from nyanland.services.audit import AuditAction
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.store_setup import StoreAddress, open_store
from nyanland.store.engine import (
    DATABASE_ERRORS,
    Store,
    check_sqlite_file,
    sqlcipher_connect,
    sqlite_url,
)
from nyanland.store.keyring import (
    Keyring,
    keyring_path,
    locked_keyring,
    new_store_key,
    unwrap,
    wrap,
)
from nyanland.store.models import AccountRow

MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)


log = logging.getLogger(__name__)


class SignInFailed(KnownError):
    """Wrong name or password, a disabled or a locked account; nothing was opened."""


class StoreExists(KnownError):
    """`init` on a store that is there already."""


@dataclass(frozen=True)
class SignedIn:
    context: ServiceContext
    must_change_password: bool


def create_store(
    where: str | StoreAddress, admin: str, password: str, clock: Clock, role: Role = Role.ADMIN
) -> ServiceContext:
    """A new store with its administrator (or another first account: a replica's officer); an
    SQLite store is encrypted from its first byte."""
    accounts.check_new_account(admin, password)
    address = StoreAddress.of(where)
    url, path = address.url, address.file
    if path is None:
        store = open_store(url)
    else:
        keys = keyring_path(path)
        if path.exists() or keys.exists():
            raise StoreExists(_("{store} exists already").format(store=path))
        key = new_store_key()
        Keyring.create(keys).put(admin, wrap(admin, password, key))
        try:
            store = open_store(url, key)
        except BaseException:
            for leftover in (keys, path, *_sidecars(path)):
                leftover.unlink(missing_ok=True)
            raise
    context = ServiceContext(store, Actor(admin, None), clock)
    try:
        accounts.initialise(context, admin, password, role)
    except BaseException:
        store.dispose()
        raise
    return ServiceContext(store, Actor(admin, role), clock)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def sign_in(where: str | StoreAddress, username: str, password: str, clock: Clock) -> SignedIn:
    """Opens the store as `username` (its key unwrapped with the password on an encrypted
    file); the log says how it went and how long it took, never who or with what."""
    started = time.perf_counter()
    try:
        signed = _sign_in(StoreAddress.of(where), username, password, clock)
    except KnownError as refused:
        log.info("sign-in refused (%s) after %.0f ms", type(refused).__name__, _ms(started))
        raise
    role = signed.context.actor.role
    log.info("signed in as %s in %.0f ms", role.value if role else "-", _ms(started))
    return signed


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _sign_in(address: StoreAddress, username: str, password: str, clock: Clock) -> SignedIn:
    url, path = address.url, address.file
    if path is not None and not path.exists():
        raise SignInFailed(_("there is no store at {store}").format(store=path))
    if path is not None and keyring_path(path).exists():
        store, failures = _open_encrypted(url, path, username, password, clock)
    else:
        if path is not None:
            with path.open("rb") as file:
                plain = file.read(16) == b"SQLite format 3\x00"
            if not plain:  # encrypted, and its key file is gone
                Keyring.load(keyring_path(path))  # raises: "the key file … is missing"
            check_sqlite_file(path)  # a store of an earlier version, not encrypted yet
        store = open_store(url)
        try:
            failures = _check_hash(store, username, password, clock)
        except BaseException:
            store.dispose()
            raise
        if path is not None:
            store = _encrypt_in_place(store, path, username, password)
    try:
        return _admit(store, username, failures, clock)
    except DBAPIError:
        store.dispose()
        # SQLCipher authenticates every page: one changed byte fails its check.
        raise SignInFailed(
            _(
                "the store cannot be read: it has been changed outside nyanland or is damaged; "
                "restore the latest backup"
            )
        ) from None
    except BaseException:
        store.dispose()
        raise


def _refusal() -> SignInFailed:
    return SignInFailed(_("wrong user name or password"))


def _locked(until: datetime) -> SignInFailed:
    return SignInFailed(
        _("the account is locked after too many wrong passwords; try again after {time}").format(
            time=until.strftime("%H:%M")
        )
    )


def _open_encrypted(
    url: str, path: Path, username: str, password: str, clock: Clock
) -> tuple[Store, int]:
    with locked_keyring(keyring_path(path)) as keyring:
        entry = keyring.get(username)
        if entry is None:
            raise _refusal()
        now = clock.now()
        if entry.locked_until is not None and entry.locked_until > now:
            raise _locked(entry.locked_until)
        key = unwrap(username, password, entry)
        if key is None:
            failed = entry.failed_sign_ins + 1
            locked_until = now + LOCKOUT if failed % MAX_FAILED_SIGN_INS == 0 else None
            keyring.failed(username, failed, locked_until)
            if locked_until is not None:
                raise _locked(locked_until)
            raise _attempts_left(failed)
        if entry.failed_sign_ins or entry.locked_until:
            keyring.failed(username, 0, None)
    return open_store(url, key), entry.failed_sign_ins


def _attempts_left(failed: int) -> SignInFailed:
    left = MAX_FAILED_SIGN_INS - failed % MAX_FAILED_SIGN_INS
    return SignInFailed(
        _("wrong user name or password")
        + " "
        + ngettext(
            "({n} attempt left before the account is locked)",
            "({n} attempts left before the account is locked)",
            left,
        ).format(n=left)
    )


def _check_hash(store: Store, username: str, password: str, clock: Clock) -> int:
    """A server store (or an unencrypted one): the password against the account's hash."""
    now = clock.now()
    with store.writing() as session:
        row = session.scalar(select(AccountRow).where(AccountRow.username == username))
        if row is None:
            accounts.hash_password(password)  # as long as for an account: names stay unknown
            raise _refusal()
        if row.locked_until is not None and row.locked_until > now:
            raise _locked(row.locked_until)
        ok = accounts.password_matches(row.password_hash, password)
        failures = row.failed_sign_ins
        if ok:
            row.failed_sign_ins = 0
            row.locked_until = None
            return failures
        row.failed_sign_ins = failures + 1
        if row.failed_sign_ins % MAX_FAILED_SIGN_INS == 0:
            row.locked_until = now + LOCKOUT
    # The failure counted is committed; only then is the refusal raised.
    if row.locked_until is not None and row.locked_until > now:
        raise _locked(row.locked_until)
    raise _attempts_left(row.failed_sign_ins)


def _admit(store: Store, username: str, failures: int, clock: Clock) -> SignedIn:
    context = ServiceContext(store, Actor(username, None), clock)
    with store.writing() as session:
        row = session.scalar(select(AccountRow).where(AccountRow.username == username))
        if row is None:
            raise _refusal()
        if row.disabled:
            raise SignInFailed(_("the account {name} is disabled").format(name=username))
        if failures:
            audit.record(session, context, AuditAction.SIGN_IN_FAILED, detail=str(failures))
        row.failed_sign_ins = 0
        row.last_sign_in_at = clock.now()
        audit.record(session, context, AuditAction.SIGNED_IN)
        return SignedIn(
            ServiceContext(store, Actor(username, Role(row.role)), clock),
            row.must_change_password,
        )


def _encrypt_in_place(store: Store, path: Path, username: str, password: str) -> Store:
    """A store from before encryption: re-written encrypted with a new key, the signed-in
    account's copy of the key in a new key file; the plain file is overwritten."""
    store.dispose()
    key = new_store_key()
    encrypted = path.with_name(f".{path.name}.encrypting")
    encrypted.unlink(missing_ok=True)
    plain = sqlcipher_connect(path)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(encrypted),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("DETACH DATABASE encrypted")
    except DATABASE_ERRORS:
        encrypted.unlink(missing_ok=True)
        raise
    finally:
        plain.close()
    check_sqlite_file(encrypted, key)
    Keyring.create(keyring_path(path)).put(username, wrap(username, password, key))
    encrypted.replace(path)
    for leftover in _sidecars(path):
        leftover.unlink(missing_ok=True)
    return open_store(sqlite_url(path), key)
