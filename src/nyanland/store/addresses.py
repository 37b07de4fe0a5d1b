"""Where a store is: the user's own SQLite file by default, or a server's URL. Read without
loading SQLAlchemy, so the sign-in dialog shows before the database layer is loaded (a plain
SQLite URL is read here; anything else is left to SQLAlchemy's own parser)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "nyanland"
STORE_FILE_NAME = "nyanland.sqlite3"
DATABASE_URL_VARIABLE = "NYANLAND_DATABASE_URL"
# sqlite:///relative or sqlite:////absolute, with no query and no escapes to decode.
_PLAIN_SQLITE = re.compile(r"^sqlite(\+\w+)?:///([^?%]*)$")


def default_store_path() -> Path:
    """The embedded store in the user's data folder (e.g. ~/.local/share/nyanland/)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / STORE_FILE_NAME


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def database_url(db: Path | None = None, url: str | None = None) -> str:
    """`--database-url`, else `--db`, else NYANLAND_DATABASE_URL, else the user's own store."""
    if url:
        return url
    if db is not None:
        return sqlite_url(db.expanduser().resolve())
    return os.environ.get(DATABASE_URL_VARIABLE) or sqlite_url(default_store_path())


def sqlite_store_path(url: str) -> Path | None:
    """The file of an SQLite store (None for a server or an in-memory store, or a URL that is
    none: opening it says so)."""
    plain = _PLAIN_SQLITE.match(url)
    if plain is not None:
        database = plain[2]
    else:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            parsed = make_url(url)
        except ArgumentError:
            return None
        if parsed.get_backend_name() != "sqlite":
            return None
        database = parsed.database or ""
    return None if database in ("", ":memory:") else Path(database)


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
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            return make_url(self.url).render_as_string(hide_password=True)
        except ArgumentError:
            return self.url
