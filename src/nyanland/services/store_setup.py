"""Finding and opening the store: the user's own SQLite file by default, or a server."""

from __future__ import annotations

import os
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


def store_exists(url: str) -> bool:
    """Whether a SQLite store file is there already (a server's database always counts)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return True
    return Path(parsed.database).exists()


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
