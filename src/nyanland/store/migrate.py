"""Brings a store's tables up to this version of nyanland, on every start."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from nyanland.domain.errors import KnownError
from nyanland.i18n import _
from nyanland.store.engine import Store

if TYPE_CHECKING:
    from alembic.config import Config

_SCRIPTS = Path(__file__).resolve().parent / "migrations"
# The newest migration's revision. A store already there opens without loading Alembic (a
# fifth of every start); a test keeps this equal to the scripts' head.
HEAD = "0025"


class StoreTooNew(KnownError):
    """The store was made by a newer nyanland than this one."""


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The scripts' head, as Alembic reads it (HEAD is the cheap copy of it)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(store: Store) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def at_head(store: Store) -> bool:
    """One query, no Alembic: whether the store's recorded revision is this version's."""
    try:
        with store.engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no table yet: a new store
        return False
    return [row[0] for row in found] == [HEAD]


def upgrade(store: Store, revision: str = "head") -> None:
    """Migrates the store to `revision` (the newest by default); a no-op when it is there."""
    if revision == "head" and at_head(store):
        return
    from alembic import command
    from alembic.script import ScriptDirectory

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
