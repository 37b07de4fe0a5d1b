"""Finding and opening the store: the user's own SQLite file by default, or a server. Where
the store is can be read before the database layer is loaded (the sign-in dialog does)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nyanland.store.addresses import DATABASE_URL_VARIABLE as DATABASE_URL_VARIABLE
from nyanland.store.addresses import StoreAddress as StoreAddress
from nyanland.store.addresses import database_url as database_url
from nyanland.store.addresses import sqlite_store_path as sqlite_store_path

if TYPE_CHECKING:
    from nyanland.store.engine import Store


def open_store(url: str, key: bytes | None = None, migrate_to_head: bool = True) -> Store:
    """Opens the store and brings its tables up to this version (creating them if new)."""
    from nyanland.store import migrate
    from nyanland.store.engine import Store

    store = Store(url, key)
    try:
        if migrate_to_head:
            from nyanland.services import deadlines

            migrate.upgrade(store)
            deadlines.fill_if_due(store)
    except BaseException:
        store.dispose()
        raise
    return store


def key_file(store: Store) -> Path | None:
    """The key file beside an encrypted SQLite store (None on a server)."""
    from nyanland.store.keyring import keyring_path

    path = store.sqlite_path
    return None if path is None else keyring_path(path)
