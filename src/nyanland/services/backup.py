"""Backups: one file holding a consistent copy of the store, taken while it is in use, and the
store's key file; and putting one back.

The copy is taken with SQLite's online backup API and stays encrypted with the store's key;
the key file inside holds the key wrapped by each account's password at the time, so a backup
opens on a new computer with the password of one of its administrators, and with nothing else.
"""

from __future__ import annotations

import logging
import os
import tempfile
import zipfile
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from nyanland.domain.errors import KnownError
from nyanland.domain.roles import Actor, Permission, Role
from nyanland.i18n import _
from nyanland.services import audit, audit_checkpoints
from nyanland.services.access import require
from nyanland.services.accounts import password_matches
from nyanland.services.audit import AuditAction
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.store_setup import open_store, sqlite_store_path
from nyanland.store import migrate
from nyanland.store.account_keys import SessionKeys
from nyanland.store.engine import (
    DATABASE_ERRORS,
    Store,
    StoreUnavailable,
    check_sqlite_file,
    connect_sqlite,
    opens_with,
    sqlite_url,
)
from nyanland.store.keyring import (
    Keyring,
    KeyringDamaged,
    Opened,
    keyring_path,
    locked_keyring,
    open_entry,
)
from nyanland.store.models import AccountRow, AuditEventRow

log = logging.getLogger(__name__)

STORE_MEMBER = "store.sqlite3"
KEYS_MEMBER = "store.sqlite3.keys"


class BackupFailed(KnownError):
    """The copy could not be written or read back; the store itself is untouched."""


@dataclass(frozen=True)
class Restored:
    saved: Path  # where the replaced store was put aside
    context: ServiceContext


AUTOMATIC_PREFIX = "nyanland-auto-"
SUFFIX = ".nyanland"
DEFAULT_KEEP = 7


def automatic_folder(context: ServiceContext) -> Path:
    """Automatic backups live beside the store, in `backups/`."""
    return _sqlite_path(context.store).parent / "backups"


def automatic_backup_due(context: ServiceContext, hours: int = 24) -> bool:
    """Whether the newest automatic backup is older than `hours` (or there is none)."""
    if context.store.sqlite_path is None:
        return False
    newest = _automatic_backups(automatic_folder(context))[-1:]
    if not newest:
        return True
    taken = newest[0].stat().st_mtime
    return context.clock.now().timestamp() - taken > hours * 3600


# What the audit log records without changing what a backup would hold.
_READS = frozenset(
    action.value
    for action in (
        AuditAction.CASE_VIEWED,
        AuditAction.CASE_PRINTED,
        AuditAction.SIGNED_IN,
        AuditAction.SIGN_IN_FAILED,
        AuditAction.UNLOCKED,
        AuditAction.REFUSED,
        AuditAction.BACKUP_TAKEN,
        AuditAction.CASES_EXPORTED,
        AuditAction.AUDIT_EXPORTED,
        AuditAction.STATISTICS_EXPORTED,
    )
)


def changed_since_automatic_backup(context: ServiceContext) -> bool:
    """Whether anything was saved since the newest automatic backup (reading, printing and
    signing in are not): the window's closing backs up only work that is not backed up yet."""
    if context.store.sqlite_path is None:
        return False
    if not _automatic_backups(automatic_folder(context)):
        return True
    with context.store.reading() as session:
        last = session.scalar(
            select(func.max(AuditEventRow.id)).where(
                AuditEventRow.action == AuditAction.BACKUP_TAKEN.value,
                AuditEventRow.detail == "automatic",
            )
        )
        if last is None:
            return True
        changed = session.scalar(
            select(AuditEventRow.id)
            .where(AuditEventRow.id > last, AuditEventRow.action.not_in(_READS))
            .limit(1)
        )
    return changed is not None


def automatic_backup(context: ServiceContext, keep: int = DEFAULT_KEEP) -> Path:
    """The store's own rotating safety copy (daily and when the window closes), taken for
    whoever is signed in: it stays encrypted, in the store's folder, and only the newest
    `keep` are kept."""
    folder = automatic_folder(context)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as error:
        raise BackupFailed(
            _("could not write the backup {file}: {reason}").format(
                file=folder, reason=error.strerror or error
            )
        ) from None
    stamp = context.clock.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{AUTOMATIC_PREFIX}{stamp}{SUFFIX}"
    number = 1
    while target.exists():  # two in the same microsecond (a clock set back, a fixed one)
        number += 1
        target = folder / f"{AUTOMATIC_PREFIX}{stamp}-{number}{SUFFIX}"
    written = _write_backup(context, target, "automatic")
    for old in _automatic_backups(folder)[: -max(1, keep)]:
        old.unlink(missing_ok=True)
    return written


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime
    size: int


def backups(context: ServiceContext) -> list[BackupFile]:
    """The store's automatic backups, the newest first (a server store has none here)."""
    require(context, Permission.ADMINISTER)
    if context.store.sqlite_path is None:
        return []
    found = []
    for path in reversed(_automatic_backups(automatic_folder(context))):
        facts = path.stat()
        found.append(BackupFile(path, datetime.fromtimestamp(facts.st_mtime), facts.st_size))
    return found


def _automatic_backups(folder: Path) -> list[Path]:
    """Oldest first, by when each was written."""
    return sorted(folder.glob(f"{AUTOMATIC_PREFIX}*{SUFFIX}"), key=lambda p: p.stat().st_mtime_ns)


def backup(context: ServiceContext, destination: Path) -> Path:
    """Writes the backup file `destination` while others may go on writing to the store.

    The copy is checked before it is put in place; a failure leaves no partial file.
    """
    require(context, Permission.ADMINISTER)
    return _write_backup(context, destination, "")


def _write_backup(context: ServiceContext, destination: Path, detail: str) -> Path:
    source = _sqlite_path(context.store)
    partial = destination.with_name(f".{destination.name}.partial")
    folder = _folder(destination)
    audit_checkpoints.make(context)  # an administrator's backup carries a fresh checkpoint
    # The key file's lock, held while the store and its key file are copied: a rotation
    # (which holds it too) cannot change the key between the two copies.
    keys_locked = (
        locked_keyring(keyring_path(source)) if context.store.key is not None else nullcontext()
    )
    try:
        with keys_locked:
            _write_copy(context, source, partial, destination, folder)
    except (OSError, StoreUnavailable, *DATABASE_ERRORS) as error:
        partial.unlink(missing_ok=True)
        raise BackupFailed(
            _("could not write the backup {file}: {reason}").format(
                file=destination, reason=getattr(error, "strerror", None) or error
            )
        ) from None
    with context.store.writing() as session:
        audit.record(session, context, AuditAction.BACKUP_TAKEN, detail=detail)
    log.info("backup taken (%s), %d bytes", detail or "by hand", destination.stat().st_size)
    return destination


def _write_copy(
    context: ServiceContext, source: Path, partial: Path, destination: Path, folder: Path
) -> None:
    key = context.store.key
    # The copy is made beside its destination: a full disk or a read-only folder shows
    # here, before anything is replaced.
    with tempfile.TemporaryDirectory(dir=folder, prefix=".nyanland-backup-") as work:
        copy = Path(work) / STORE_MEMBER
        _copy(source, copy, key)
        check_sqlite_file(copy, key)
        # The backup carries the key file: its owner's alone, whatever the umask.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        partial.chmod(0o600)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as archive:
            archive.write(copy, STORE_MEMBER)
            if key is not None:
                archive.write(keyring_path(source), KEYS_MEMBER)
        _fsync(partial)
        os.replace(partial, destination)


def restore(
    url: str, source: Path, username: str, password: str, clock: Clock, now: datetime | None = None
) -> Restored:
    """Replaces the store at `url` with the backup `source`, signing in to the backup as one of
    its administrators. The replaced store (and its key file) is put aside first."""
    target = sqlite_store_path(url)
    if target is None:
        raise BackupFailed(
            _(
                "backup and restore work on the embedded store; use the database server's own "
                "backup for {store}"
            ).format(store=url)
        )
    if not source.is_file():
        raise BackupFailed(_("there is no backup file {file}").format(file=source))
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".nyanland-restore-") as work:
        store_copy, keys_copy = _unpack(source, Path(work))
        opened = _opened_backup(source, keys_copy, username, password)
        key = _key_of(opened, store_copy)
        check_sqlite_file(store_copy, key)
        probe = Store(sqlite_url(store_copy), key)
        try:
            if migrate.current_revision(probe) is None:
                raise BackupFailed(_("{file} is not a nyanland store").format(file=source))
            _check_administrator(probe, username, password, key is None)
        finally:
            probe.dispose()
        stamp = (now or clock.now()).strftime("%Y%m%d-%H%M%S")
        saved = target.with_name(f"{target.name}.before-restore-{stamp}")
        # The replaced store's files are moved aside as they are (it is not open: a store
        # is restored before anyone signs in to it), its -wal with it, so nothing is lost.
        for suffix in ("", "-wal", "-shm", ".keys"):
            old = target.with_name(target.name + suffix)
            if old.exists():
                os.replace(old, saved.with_name(saved.name + suffix))
        os.replace(store_copy, target)
        if keys_copy is not None:
            os.replace(keys_copy, keyring_path(target))
    store = open_store(url, key)
    if opened is not None and opened.secret is not None:
        store.account_keys = SessionKeys(
            username, opened.secret, opened.audit_signing_key, opened.officer_key
        )
    context = ServiceContext(store, Actor(username, Role.ADMIN), clock)
    with store.writing() as session:
        audit.record(session, context, AuditAction.STORE_RESTORED, detail=source.name)
    return Restored(saved, context)


def _unpack(source: Path, folder: Path) -> tuple[Path, Path | None]:
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
            if STORE_MEMBER not in names:
                raise zipfile.BadZipFile
            # zipfile extracts with the umask's mode (0644 as a rule): the store and its key
            # file are the owner's alone, as when they were made.
            archive.extract(STORE_MEMBER, folder)
            (folder / STORE_MEMBER).chmod(0o600)
            if KEYS_MEMBER in names:
                archive.extract(KEYS_MEMBER, folder)
                (folder / KEYS_MEMBER).chmod(0o600)
                return folder / STORE_MEMBER, folder / KEYS_MEMBER
            return folder / STORE_MEMBER, None
    except (zipfile.BadZipFile, OSError):
        raise BackupFailed(_("{file} is not a nyanland backup").format(file=source)) from None


def _opened_backup(source: Path, keys: Path | None, username: str, password: str) -> Opened | None:
    if keys is None:
        return None
    try:
        entry = Keyring.load(keys).get(username)
    except KeyringDamaged:
        raise BackupFailed(_("{file} is not a nyanland backup").format(file=source)) from None
    opened = open_entry(username, password, entry) if entry is not None else None
    if opened is None:
        raise BackupFailed(
            _(
                "the backup does not open with this user name and password (those valid when "
                "the backup was taken)"
            )
        )
    return opened


def _key_of(opened: Opened | None, store_copy: Path) -> bytes | None:
    """The key the backup's store opens with (the pending one if a rotation had reached it)."""
    if opened is None:
        return None
    pending = opened.pending_store_key
    if pending is not None and opens_with(store_copy, pending):
        return pending
    return opened.store_key


def _check_administrator(store: Store, username: str, password: str, check_hash: bool) -> None:
    with store.reading() as session:
        row = session.scalar(select(AccountRow).where(AccountRow.username == username))
        ok = row is not None and row.role == Role.ADMIN.value and not row.disabled
        if ok and check_hash and row is not None:
            ok = password_matches(row.password_hash, password)
    if not ok:
        raise BackupFailed(_("only an administrator of the backup may restore it"))


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


def _folder(path: Path) -> Path:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BackupFailed(
            _("could not write the backup {file}: {reason}").format(
                file=path, reason=_("the folder does not exist")
            )
        )
    return folder


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _copy(source: Path, destination: Path, key: bytes | None) -> None:
    """SQLite's backup API: a consistent snapshot even while another connection writes."""
    source_db = connect_sqlite(source, key, read_only=True)
    try:
        target_db = connect_sqlite(destination, key)
        try:
            source_db.backup(target_db)
            # A backup is one file: no -wal beside it to be forgotten when it is copied.
            target_db.execute("PRAGMA journal_mode = DELETE")
        finally:
            target_db.close()
    finally:
        source_db.close()
