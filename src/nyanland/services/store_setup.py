"""Finding and opening the store: the user's own SQLite file by default, or a server."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from nyanland.store import migrate
from nyanland.store.engine import Store, default_store_path, sqlite_url
from nyanland.store.keyring import keyring_path

DATABASE_URL_VARIABLE = "NYANLAND_DATABASE_URL"


def database_url(db: Path | None = None, url: str | None = None) -> str:
    """`--database-url`, else `--db`, else NYANLAND_DATABASE_URL, else the user's own store."""
    if url:
        return url
    if db is not None:
        return sqlite_url(db.expanduser().resolve())
    return os.environ.get(DATABASE_URL_VARIABLE) or sqlite_url(default_store_path())


@dataclass(frozen=True)
class StoreAddress:
    """Where a store is, read once from its URL: the URL, and the file when it is an SQLite
    store (None for a server)."""

    url: str
    file: Path | None

    @classmethod
    def of(cls, where: str | StoreAddress) -> StoreAddress:
        return where if isinstance(where, StoreAddress) else cls(where, sqlite_store_path(where))

    @property
    def exists(self) -> bool:
        """Whether the store is there already (a server's database always counts)."""
        return self.file.exists() if self.file is not None else True

    def shown(self) -> str:
        """As a person is shown it: the file, or the server's URL without its password."""
        if self.file is not None:
            return str(self.file)
        try:
            return make_url(self.url).render_as_string(hide_password=True)
        except ArgumentError:
            return self.url


def sqlite_store_path(url: str) -> Path | None:
    """The file of an SQLite store (None for a server or an in-memory store, or a URL that is
    none: opening it says so)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def open_store(url: str, key: bytes | None = None, migrate_to_head: bool = True) -> Store:
    """Opens the store and brings its tables up to this version (creating them if new)."""
    store = Store(url, key)
    try:
        if migrate_to_head:
            migrate.upgrade(store)
    except BaseException:
        store.dispose()
        raise
    return store


def key_file(store: Store) -> Path | None:
    """The key file beside an encrypted SQLite store (None on a server)."""
    path = store.sqlite_path
    return None if path is None else keyring_path(path)
