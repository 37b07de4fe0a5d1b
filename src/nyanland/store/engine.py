"""Where the store lives and how it is opened: SQLite in the user's data folder, or PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher  # type: ignore[import-untyped]
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
    StatementError,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from nyanland.domain.errors import KnownError, StaleVersion
from nyanland.i18n import _
from nyanland.store import sealed_columns
from nyanland.store.addresses import APP_NAME as APP_NAME
from nyanland.store.addresses import STORE_FILE_NAME as STORE_FILE_NAME
from nyanland.store.addresses import default_store_path as default_store_path
from nyanland.store.addresses import sqlite_url as sqlite_url
from nyanland.store.sealed_columns import Sealing

BUSY_TIMEOUT_MS = 30_000
# How long a rekey waits for another connection to let go of the store: one that is open
# holds WAL's shared lock for as long as it is open, so waiting longer would not help.
REKEY_WAIT_S = 0.05
# Each connection's page cache. A scan reads more than any cache holds at a million cases, and
# the statistics read their indexes (migration 0017): 64 MiB was no faster there, and grew
# the window by 50 MB at 1M.
CACHE_KIB = 16_384
DATABASE_ERRORS = (sqlite3.DatabaseError, sqlcipher.DatabaseError)


class StoreUnavailable(KnownError):
    """The store cannot be opened: a missing folder, no permission, a wrong server address."""


class KeyChanged(KnownError):
    """Another program changed the store's key while this one had it open."""


class ServerLost(StoreUnavailable):
    """The server did not answer (the network, a restart): nothing was changed."""


class RefusedByServer(KnownError):
    """The server's rules (its grants and row-level security) do not let this account do it."""


class StoreBusy(KnownError):
    """The store is open in another program (another nyanland, a tool): it cannot be rekeyed."""


class Store:
    """An open store: the engine, and one session per transaction for the services."""

    def __init__(
        self, url: str, key: bytes | None = None, login: tuple[str, str] | None = None
    ) -> None:
        """`key`: the 32-byte SQLCipher key of an encrypted SQLite store (None: not encrypted).
        `login`: on a server, the account's name and password to connect as (kept by the
        driver's connection arguments only: never in the URL, a message or the process list)."""
        self.key = key
        self.login = login
        self._server_logins: bool | None = None
        # The signed-in account's own keys (keyring.py), set at sign-in on an encrypted store.
        self.account_keys: Any = None
        # How this account meets the officer-only class (sealed_columns.py); None: no class.
        self.sealing: Sealing | None = None
        try:
            self.url = make_url(url)
        except ArgumentError:
            raise StoreUnavailable(
                _("{url} is not a database URL (e.g. postgresql+psycopg://server/nyanland)").format(
                    url=url
                )
            ) from None
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if not self.is_sqlite and self.url.password:
            raise StoreUnavailable(
                _(
                    "remove the password from the server's address: nyanland asks for your "
                    "password when you sign in (a password in an address shows in the list of "
                    "running programs and in settings files)"
                )
            )
        self._open_engine(url, key)

    def _open_engine(self, url: str, key: bytes | None) -> None:
        try:
            if self.is_sqlite:
                self.engine = _sqlite_engine(url, key)
            else:
                self.engine = _server_engine(self.url, self.login)
        except (ImportError, NoSuchModuleError):
            raise StoreUnavailable(
                _("nyanland cannot reach {kind} databases: its driver is not installed").format(
                    kind=self.url.drivername
                )
            ) from None
        sealed_columns.use(self.engine, self.sealing)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Writers take SQLite's write lock when they begin, not halfway through, so two
        # processes queue on the busy timeout instead of failing with "database is locked".
        self._write_sessions = sessionmaker(
            self.engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
        )

    def use_sealing(self, sealing: Sealing | None) -> None:
        """Seal and open the officer-only class as `sealing` says, on this engine and the
        next (a rekey opens a new one)."""
        self.sealing = sealing
        sealed_columns.use(self.engine, sealing)

    @property
    def server_logins(self) -> bool:
        """Whether this is a server whose database holds its own rules (server_security.py):
        each account a login of its own, the server deciding what it reads."""
        if self.is_sqlite:
            return False
        if self._server_logins is None:
            from nyanland.store.server_security import is_secured

            with self.engine.connect() as connection:
                self._server_logins = is_secured(connection)
        return self._server_logins

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite or not self.url.database or self.url.database == ":memory:":
            return None
        return Path(self.url.database)

    def describe(self) -> str:
        """Where the store is, for the status bar and messages; never shows a password."""
        path = self.sqlite_path
        if path is not None:
            return str(path)
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """One consistent read-only transaction."""
        try:
            with self._sessions() as session, session.begin():
                session.info["server_rules"] = self.server_logins
                yield session
        except DatabaseError as error:
            self._key_changed(error)
            self._server_error(error)
            raise
        except InterfaceError as error:
            self._server_error(error)
            raise

    def _key_changed(self, error: DatabaseError) -> None:
        """Raises KeyChanged if the store's key was changed by another program since this one
        opened it (a rotation elsewhere): the error is then "file is not a database"."""
        path = self.sqlite_path
        if self.key is None or path is None or "not a database" not in str(error.orig):
            return
        if not opens_with(path, self.key):
            raise KeyChanged(
                _(
                    "the store's key was changed after you signed in (an account was disabled "
                    "or a password changed): sign in again"
                )
            ) from None

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: all of it is committed, or none of it. A full disk or a
        read-only store is a message, not a crash (and the transaction is rolled back)."""
        try:
            with self._write_sessions() as session, session.begin():
                session.info["server_rules"] = self.server_logins
                yield session
        except StaleDataError:
            # Two saves read the same version and wrote at once (the row lock of a server
            # makes the second one find no row of that version): the second one is told.
            raise StaleVersion(
                _("the case was changed by someone else after you opened it")
            ) from None
        except OperationalError as error:
            reason = str(error.orig).lower()
            if "full" in reason:
                raise StoreUnavailable(
                    _(
                        "the disk is full: nothing was saved; free some space on {where} and "
                        "try again"
                    ).format(where=self.describe())
                ) from None
            if "readonly" in reason or "read-only" in reason:
                raise StoreUnavailable(
                    _("{where} is read-only: nothing was saved").format(where=self.describe())
                ) from None
            self._key_changed(error)
            self._server_error(error)
            raise
        except DatabaseError as error:
            self._key_changed(error)
            self._server_error(error)
            raise
        except InterfaceError as error:
            self._server_error(error)
            raise
        except StatementError as error:  # not the driver's: a column type's (sealed_columns)
            if isinstance(error.orig, KnownError):
                raise error.orig from None
            raise

    def _server_error(self, error: DBAPIError) -> None:
        """A server's refusal or its silence, as a message that names no SQL."""
        if self.is_sqlite:
            return
        state = getattr(error.orig, "sqlstate", None) or ""
        if state == "42501":
            raise RefusedByServer(
                _("the server refused this: your account may not read or change it")
            ) from None
        if (
            state.startswith(("08", "57P"))
            or isinstance(error, InterfaceError)
            or (isinstance(error, OperationalError) and not state)
        ):
            raise server_lost(self.describe()) from None

    def dispose(self) -> None:
        self.engine.dispose()

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypts the whole file with `new_key` (SQLCipher's rekey, in one transaction of
        a rollback journal: a kill at any moment leaves the file under the old key or the new
        one, never between). Needs the store to itself: StoreBusy while another connection
        (another nyanland, a tool) has it open. The engine is opened again with the new key."""
        path = self.sqlite_path
        if path is None or self.key is None:
            raise ValueError("only an encrypted SQLite store has a key to change")
        self.engine.dispose()
        key = self.key
        try:
            _rekey_file(path, key, new_key)
            key = new_key
        finally:
            self.key = key
            self._open_engine(self.url.render_as_string(hide_password=False), key)
            self._sessions.configure(bind=self.engine)
            self._write_sessions.configure(
                bind=self.engine.execution_options(sqlite_begin="IMMEDIATE")
            )


def server_lost(where: str) -> ServerLost:
    return ServerLost(
        _(
            "the server {server} does not answer: nothing was changed; check the network "
            "and try again"
        ).format(server=where)
    )


LOOPBACK = ("localhost", "127.0.0.1", "::1")


def _server_engine(url: Any, login: tuple[str, str] | None) -> Engine:
    """A server's engine: connected as the signed-in account when there is one, over TLS
    that checks the server's certificate unless the server is this computer or the address
    says otherwise (`?sslmode=…`, `sslrootcert=` for the municipality's CA)."""
    arguments: dict[str, Any] = {"connect_timeout": 10}
    if "sslmode" not in url.query:
        local = not url.host or url.host in LOOPBACK or url.host.startswith("/")
        arguments["sslmode"] = "prefer" if local else "verify-full"
    if login is not None:
        url = url.set(username=login[0])
        arguments["password"] = login[1]
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, connect_args=arguments)


def _rekey_file(path: Path, key: bytes, new_key: bytes) -> None:
    connection = sqlcipher.connect(str(path), timeout=REKEY_WAIT_S)
    try:
        connection.isolation_level = None
        _apply_key(connection, key)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # Out of WAL: SQLite allows it only to the one connection that has the file, and a
        # rollback journal keeps the old pages until the rekey commits.
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise sqlcipher.OperationalError("database is locked")
        connection.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        connection.execute("PRAGMA journal_mode = WAL")
    except sqlcipher.DatabaseError as error:
        if "locked" not in str(error).lower() and "busy" not in str(error).lower():
            raise StoreUnavailable(
                _("the store cannot be read: it has been changed outside nyanland or is damaged")
            ) from None
        raise StoreBusy(
            _(
                "the store is open in another program (another nyanland window, or a tool): "
                "close it and try again"
            )
        ) from None
    finally:
        connection.close()


def opens_with(path: Path, key: bytes) -> bool:
    """Whether `key` opens the file (a hot journal of an interrupted rekey is rolled back
    first, by SQLite, so this answers for the file as it will be read)."""
    try:
        connection = connect_sqlite(path, key)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except DATABASE_ERRORS:
        return False
    return True


def connect_sqlite(path: Path | str, key: bytes | None, read_only: bool = False) -> Any:
    """A DB-API connection to an SQLite file, keyed first when it is encrypted."""
    module: Any = sqlite3 if key is None else sqlcipher
    target = f"file:{path}?mode=ro" if read_only else str(path)
    connection = module.connect(target, uri=read_only, timeout=BUSY_TIMEOUT_MS / 1000)
    if key is not None:
        _apply_key(connection, key)
    return connection


def sqlcipher_connect(path: Path) -> Any:
    """An SQLCipher connection with no key yet: reads a plain SQLite file, can export it."""
    return sqlcipher.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)


def _apply_key(connection: Any, key: bytes) -> None:
    if len(key) != 32:
        raise ValueError("an SQLCipher key is 32 bytes")
    connection.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not a log
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")


def _owner_only(path: Path) -> None:
    """The store and its -wal and -shm are its owner's alone (0600), whatever the umask: a new
    store is created empty with that mode before SQLite opens it (SQLite gives its -wal and
    -shm the mode of the store), and an older store's files are put right."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for suffix in ("", "-wal", "-shm", "-journal"):
        part = path.with_name(path.name + suffix)
        if part.exists() and part.stat().st_mode & 0o077:
            part.chmod(0o600)


def _sqlite_engine(url: str, key: bytes | None) -> Engine:
    path = make_url(url).database
    if path and path != ":memory:":
        folder = Path(path).parent
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailable(
                _("cannot create the folder {folder}: {reason}").format(
                    folder=folder, reason=error.strerror
                )
            ) from None
        try:
            _owner_only(Path(path))
        except OSError as error:
            raise StoreUnavailable(
                _("cannot open the store {store}: {reason}").format(
                    store=path, reason=error.strerror
                )
            ) from None
    options: dict[str, Any] = {} if key is None else {"module": sqlcipher}
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        hide_parameters=True,
        **options,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Transactions are begun explicitly below (pysqlite's own handling begins too late).
        dbapi_connection.isolation_level = None
        if key is not None:
            _apply_key(dbapi_connection, key)  # before anything reads a page
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Pages are decrypted as they enter SQLite's cache: a cache that holds the case list's
        # working set (grown only as used) keeps a search keystroke from decrypting it again.
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed change survives a power cut, not only a crash of the program.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def check_sqlite_file(path: Path, key: bytes | None = None) -> None:
    """Raises StoreUnavailable unless `path` is a readable SQLite database (with `key`)."""
    try:
        connection = connect_sqlite(path, key, read_only=True)
        try:
            result = connection.execute("PRAGMA quick_check").fetchone()
        finally:
            connection.close()
    except DATABASE_ERRORS:
        if key is not None:
            raise StoreUnavailable(
                _("{path} is not a nyanland store, or not one this key opens").format(path=path)
            ) from None
        raise StoreUnavailable(
            _("{path} is not a nyanland store (not an SQLite database)").format(path=path)
        ) from None
    if result is None or result[0] != "ok":
        raise StoreUnavailable(_("{path} is damaged (integrity check failed)").format(path=path))
