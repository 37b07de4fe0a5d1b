"""Brings a store's tables up to this version of nyanland, on every start."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from nyanland.domain.errors import KnownError
from nyanland.i18n import _
from nyanland.store.engine import Store

_SCRIPTS = Path(__file__).resolve().parent / "migrations"


class StoreTooNew(KnownError):
    """The store was made by a newer nyanland than this one."""


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(store: Store, revision: str = "head") -> None:
    """Migrates the store to `revision` (the newest by default); a no-op when it is there."""
    scripts = ScriptDirectory.from_config(_config())
    current = current_revision(store)
    if current is not None and revision == "head":
        if current == scripts.get_current_head():
            return
        try:
            scripts.get_revision(current)
        except Exception:
            raise StoreTooNew(
                _("the store was made by a newer version of nyanland; update nyanland to open it")
            ) from None
    with store.engine.connect() as connection:
        # SQLite alters a table by copying it and dropping the old one; with foreign keys on,
        # that drop would cascade to the rows that refer to it (a case's SFI courses, notes…).
        # So they are off while migrating, and checked before the migration commits.
        raw = connection.connection.dbapi_connection  # outside any transaction, as SQLite asks
        if store.is_sqlite and raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                command.upgrade(_config(connection), revision)
                if (
                    store.is_sqlite
                    and connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                ):
                    raise RuntimeError("a migration left rows that refer to nothing")
        finally:
            if store.is_sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")
