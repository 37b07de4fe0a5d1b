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
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from nyanland.domain.errors import KnownError
from nyanland.domain.roles import Actor, Role
from nyanland.i18n import _, ngettext
from nyanland.services import (
    account_admin,
    accounts,
    audit,
    audit_checkpoints,
    deadlines,
    key_grants,
    officer_key,
    server_logins,
)
from nyanland.services.audit import AuditAction
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.key_rotation import Reason, rotate_locked, rotate_store_key, settle
from nyanland.services.store_setup import StoreAddress, open_store
from nyanland.store import migrate
from nyanland.store.account_keys import (
    SessionKeys,
    new_account_secret,
    new_audit_signing_key,
    new_store_key,
    public_bytes,
    verify_key_of,
)
from nyanland.store.engine import (
    DATABASE_ERRORS,
    Store,
    StoreUnavailable,
    check_sqlite_file,
    opens_with,
    sqlcipher_connect,
    sqlite_url,
)
from nyanland.store.keyring import (
    Keyring,
    Opened,
    keyring_path,
    locked_keyring,
    new_entry,
    open_entry,
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
        store = _new_server_store(url)
    else:
        keys = keyring_path(path)
        if path.exists() or keys.exists():
            raise StoreExists(_("{store} exists already").format(store=path))
        key = new_store_key()
        # The audit log's checkpoints are signed by its administrators (a laptop's copy of a
        # team store has none: the server keeps its checkpoints).
        signing = new_audit_signing_key() if role is Role.ADMIN else None
        verify = signing.public_key() if signing is not None else None
        secret = new_account_secret(verify)
        keyring = Keyring.create(keys, public_bytes(verify) if verify is not None else None)
        keyring.put(admin, new_entry(admin, password, secret, key, signing))
        try:
            store = open_store(url, key)
        except BaseException:
            for leftover in (keys, path, *_sidecars(path)):
                leftover.unlink(missing_ok=True)
            raise
        store.account_keys = SessionKeys(admin, secret, signing)
    context = ServiceContext(store, Actor(admin, None), clock)
    try:
        if store.server_logins and accounts.account_count(context):
            # `init --admin` again on a server's store of before (one shared role, Argon2
            # hashes): now secured, its administrator gets a login; the others at their reset.
            account_admin.give_login(context, admin, password)
        else:
            accounts.initialise(context, admin, password, role)
    except BaseException:
        store.dispose()
        raise
    if store.server_logins:
        # Set up with a superuser's connection; from now on the administrator's own.
        store.dispose()
        return sign_in(url, admin, password, clock).context
    made = ServiceContext(store, Actor(admin, role), clock)
    officer_key.after_sign_in(made)  # an encrypted store has the class from its first day
    return made


def _new_server_store(url: str) -> Store:
    """`init` on a server, run by IT with a superuser's address: the database's tables, then
    its roles, grants and policies (store/server_security.py)."""
    store = open_store(url, migrate_to_head=False)
    try:
        with store.engine.connect() as connection:
            superuser = connection.execute(
                text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            ).scalar()
        if not superuser:
            raise StoreUnavailable(
                _(
                    "setting up a team server needs a PostgreSQL superuser's address (IT runs "
                    "nyanland init --admin NAME --database-url postgresql+psycopg://"
                    "postgres@server/nyanland once); the accounts then sign in with their own"
                )
            )
        server_logins.set_up(store, str(store.url.database))
        store._server_logins = True
    except BaseException:
        store.dispose()
        raise
    return store


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


def sign_out(context: ServiceContext) -> None:
    """Signing out (the window closed, a command done): an administrator's checkpoint of the
    audit log is signed first, a change of the store's key that had to wait is made if the
    store is free now, then the store is closed."""
    try:
        audit_checkpoints.make(context)
        path = context.store.sqlite_path
        due = path is not None and context.store.key is not None
        if due and path is not None and Keyring.load(keyring_path(path)).rotation_due:
            rotate_store_key(context, Reason.DUE)
    except Exception as error:  # signing out always closes the store
        log.warning("sign-out: %s", type(error).__name__)
    finally:
        context.store.dispose()


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _sign_in(address: StoreAddress, username: str, password: str, clock: Clock) -> SignedIn:
    url, path = address.url, address.file
    if path is not None and not path.exists():
        raise SignInFailed(_("there is no store at {store}").format(store=path))
    if path is None:
        store, failures = _open_server(url, username, password, clock)
    elif keyring_path(path).exists():
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
        signed = _admit(store, username, failures, clock)
        officer_key.after_sign_in(signed.context)
        key_grants.after_admin_sign_in(signed.context, password)
        return signed
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


def _open_server(url: str, username: str, password: str, clock: Clock) -> tuple[Store, int]:
    """A server: the account connects as its own login (the server checks the password). A
    database without the server's rules (the single shared role of nyanland before 1.3) is
    reached as the address's user, and the password checked against its hash as then."""
    try:
        store = server_logins.connect(url, username, password)
    except server_logins.LoginRefused:
        shared = _shared_role_store(url)
        if shared is None:
            raise _refusal() from None
        store = shared
    if store.server_logins and store.login is not None:
        return store, 0
    try:
        return store, _check_hash(store, username, password, clock)
    except BaseException:
        store.dispose()
        raise


def _shared_role_store(url: str) -> Store | None:
    store = Store(url)
    try:
        if store.server_logins:
            store.dispose()
            return None  # the rules are there: only the account's own login gets in
    except (StoreUnavailable, DBAPIError):
        store.dispose()
        return None
    migrate.upgrade(store)
    deadlines.fill_if_due(store)
    return store


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
        opened = open_entry(username, password, entry)
        if opened is None:
            failed = entry.failed_sign_ins + 1
            locked_until = now + LOCKOUT if failed % MAX_FAILED_SIGN_INS == 0 else None
            keyring.failed(username, failed, locked_until)
            if locked_until is not None:
                raise _locked(locked_until)
            raise _attempts_left(failed)
        if entry.failed_sign_ins or entry.locked_until:
            keyring.failed(username, 0, None)
        key = settle(path, keyring, opened.store_key, opened.pending_store_key)
        if not opens_with(path, key):
            raise SignInFailed(
                _(
                    "the key file does not open this store: it is a copy from before the "
                    "store's key was changed, or the store was changed outside nyanland"
                )
            )
        keys = _own_keys(keyring, username, password, key, opened)
        store = open_store(url, key)
        store.account_keys = keys
        if keyring.rotation_due:
            # A damaged file: admitting the account says so, and the rotation waits.
            with suppress(StoreUnavailable):
                rotate_locked(store, keyring, Actor(username, None), clock, Reason.DUE)
    return store, entry.failed_sign_ins


def _own_keys(
    keyring: Keyring, username: str, password: str, key: bytes, opened: Opened
) -> SessionKeys:
    """The account's keys; an account of an old key file gets its key pair now, and one made
    before the audit log had a checkpoint key gets that key into its own secret (both while
    the password is at hand; Argon2 runs once more, this once)."""
    secret = opened.secret
    known = keyring.audit_verify_key
    if secret is None or (secret.audit_verify_key is None and known is not None):
        verify = verify_key_of(known) if known is not None else None
        if secret is None:
            secret = new_account_secret(verify)
        else:
            secret = replace(secret, audit_verify_key=verify)
        entry = new_entry(
            username, password, secret, key, opened.audit_signing_key, None, opened.officer_key
        )
        keyring.put(username, entry)
    return SessionKeys(username, secret, opened.audit_signing_key, opened.officer_key)


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
        # FOR UPDATE: on a server the row stays locked from the read of the count to its
        # write, so parallel guesses are counted one after another (SQLite's write
        # transaction, begun IMMEDIATE, does the same for a file).
        row = session.scalar(
            select(AccountRow).where(AccountRow.username == username).with_for_update()
        )
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
        role = Role(row.role)
        if store.server_logins:
            server_role = server_logins.role_of(session, username)
            if server_role is None:
                raise _refusal()
            role = server_role  # the login's group on the server decides
        if failures:
            audit.record(session, context, AuditAction.SIGN_IN_FAILED, detail=str(failures))
        row.failed_sign_ins = 0
        row.last_sign_in_at = clock.now()
        audit.record(session, context, AuditAction.SIGNED_IN)
        return SignedIn(
            ServiceContext(store, Actor(username, role), clock),
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
    secret = new_account_secret(None)  # an administrator makes the checkpoint key when admitted
    Keyring.create(keyring_path(path)).put(username, new_entry(username, password, secret, key))
    encrypted.replace(path)
    for leftover in _sidecars(path):
        leftover.unlink(missing_ok=True)
    store = open_store(sqlite_url(path), key)
    store.account_keys = SessionKeys(username, secret, None)
    return store
