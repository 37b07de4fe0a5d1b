"""Consistent copies of an SQLite store taken while it is in use, and putting one back."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from nyanland.domain.errors import KnownError
from nyanland.i18n import _
from nyanland.services import audit
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.store import migrate
from nyanland.store.engine import Store, check_sqlite_file


class BackupFailed(KnownError):
    """The copy could not be written or read back; the store itself is untouched."""


def backup(context: ServiceContext, destination: Path) -> Path:
    """Copies the store to `destination` with SQLite's online backup, while others may write.

    The copy is checked, made a single self-contained file and only then put in place.
    """
    source = _sqlite_path(context.store)
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        _copy(source, partial)
        check_sqlite_file(partial)
        os.replace(partial, destination)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise BackupFailed(
            _("could not write the backup {file}: {reason}").format(
                file=destination, reason=getattr(error, "strerror", None) or error
            )
        ) from None
    with context.store.writing() as session:
        audit.record(session, context, AuditAction.BACKUP_TAKEN)
    return destination


def restore(context: ServiceContext, source: Path, now: datetime | None = None) -> Path:
    """Replaces the store's contents with the backup `source`; returns where the replaced
    contents were saved first (nothing is lost if the restore was a mistake)."""
    target = _sqlite_path(context.store)
    if not source.is_file():
        raise BackupFailed(_("there is no backup file {file}").format(file=source))
    check_sqlite_file(source)
    probe = Store(f"sqlite:///{source}")
    try:
        revision = migrate.current_revision(probe)
    finally:
        probe.dispose()
    if revision is None:
        raise BackupFailed(_("{file} is not a nyanland store").format(file=source))
    stamp = (now or context.clock.now()).strftime("%Y%m%d-%H%M%S")
    saved = target.with_name(f"{target.name}.before-restore-{stamp}")
    _copy(target, saved)
    context.store.dispose()
    _copy(source, target)
    migrate.upgrade(context.store)
    with context.store.writing() as session:
        audit.record(session, context, AuditAction.STORE_RESTORED)
    return saved


def _sqlite_path(store: Store) -> Path:
    path = store.sqlite_path
    if path is None:
        raise BackupFailed(
            _(
                "backup and restore work on the embedded store; use the database server's own "
                "backup for {store}"
            ).format(store=store.describe())
        )
    return path


def _copy(source: Path, destination: Path) -> None:
    """SQLite's backup API: a consistent snapshot even while another connection writes."""
    source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        target_db = sqlite3.connect(destination, timeout=30)
        try:
            source_db.backup(target_db)
            # A backup is one file: no -wal beside it to be forgotten when it is copied.
            target_db.execute("PRAGMA journal_mode = DELETE")
        finally:
            target_db.close()
    finally:
        source_db.close()
