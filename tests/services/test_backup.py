"""Backups are consistent while the store is written to, stay encrypted, and open on a new
computer with an administrator's password only."""

from __future__ import annotations

import os
import sqlite3
import threading
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from nyanland.domain.roles import NotPermitted
from nyanland.services import backup, demo
from nyanland.services.backup import BackupFailed
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock
from nyanland.services.signin import sign_in
from nyanland.store.engine import connect_sqlite, sqlite_url
from nyanland.store.keyring import Keyring, keyring_path, open_entry
from tests.conftest import OFFICER_PASSWORD, PASSWORD, TODAY, Team, make_team


def _key_in(archive_path: Path, folder: Path) -> tuple[Path, bytes]:
    with zipfile.ZipFile(archive_path) as archive:
        archive.extractall(folder)
    entry = Keyring.load(folder / backup.KEYS_MEMBER).get("siv.admin")
    assert entry is not None
    opened = open_entry("siv.admin", PASSWORD, entry)
    assert opened is not None
    return folder / backup.STORE_MEMBER, opened.store_key


def test_a_backup_taken_while_another_writer_works_is_whole_and_consistent(
    file_team: Team, tmp_path: Path
) -> None:
    demo.add_demo_cases(file_team.officer, 200, seed=1, as_of=date(2026, 11, 1))
    stop = threading.Event()

    def keep_writing() -> None:
        seed = 2
        while not stop.is_set():
            demo.add_demo_cases(file_team.officer, 20, seed=seed, as_of=date(2026, 11, 1))
            seed += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        copies = [backup.backup(file_team.admin, tmp_path / f"copy{i}.nyanland") for i in range(3)]
    finally:
        stop.set()
        writer.join()
    for index, copy in enumerate(copies):
        database, key = _key_in(copy, tmp_path / f"open{index}")
        with pytest.raises(sqlite3.DatabaseError):  # encrypted: plain SQLite cannot read it
            sqlite3.connect(database).execute("SELECT count(*) FROM cases").fetchone()
        connection = connect_sqlite(database, key)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
            cases = connection.execute("SELECT count(*) FROM cases").fetchone()[0]
            orphans = connection.execute(
                "SELECT count(*) FROM sfi_enrolments WHERE case_id NOT IN (SELECT id FROM cases)"
            ).fetchone()[0]
        finally:
            connection.close()
        assert cases >= 200 and (cases - 200) % 20 == 0  # whole imports only
        assert orphans == 0


def test_only_the_administrator_takes_backups(file_team: Team, tmp_path: Path) -> None:
    with pytest.raises(NotPermitted, match="Administrator"):
        backup.backup(file_team.officer, tmp_path / "copy.nyanland")
    assert not (tmp_path / "copy.nyanland").exists()


def test_a_backup_into_a_missing_folder_fails_clearly_and_leaves_nothing(
    file_team: Team, tmp_path: Path
) -> None:
    with pytest.raises(BackupFailed, match="could not write the backup"):
        backup.backup(file_team.admin, tmp_path / "no-such-folder" / "copy.nyanland")
    assert CaseService(file_team.officer).count() == 0


def test_restore_on_a_new_computer_and_the_replaced_store_is_kept(
    file_team: Team, tmp_path: Path
) -> None:
    demo.add_demo_cases(file_team.officer, 3, seed=1, as_of=date(2026, 11, 1))
    copy = backup.backup(file_team.admin, tmp_path / "copy.nyanland")
    demo.add_demo_cases(file_team.officer, 4, seed=2, as_of=date(2026, 11, 1))
    file_team.close()

    with pytest.raises(BackupFailed, match="does not open"):
        backup.restore(file_team.url, copy, "siv.admin", "wrong password!", file_team.admin.clock)
    with pytest.raises(BackupFailed, match="only an administrator"):
        backup.restore(file_team.url, copy, "anna.officer", OFFICER_PASSWORD, file_team.admin.clock)
    restored = backup.restore(file_team.url, copy, "siv.admin", PASSWORD, file_team.admin.clock)
    restored.context.store.dispose()
    officer = sign_in(
        file_team.url, "anna.officer", OFFICER_PASSWORD, file_team.admin.clock
    ).context
    assert CaseService(officer).count() == 3
    officer.store.dispose()
    # The store as it was, with its own key file, opens where it was put aside.
    saved = sign_in(
        sqlite_url(restored.saved), "anna.officer", OFFICER_PASSWORD, file_team.admin.clock
    ).context
    assert CaseService(saved).count() == 7
    saved.store.dispose()

    new_computer = tmp_path / "new" / "store.sqlite3"
    again = backup.restore(
        sqlite_url(new_computer), copy, "siv.admin", PASSWORD, file_team.admin.clock
    )
    again.context.store.dispose()
    assert (new_computer.parent / "store.sqlite3.keys").exists()


def test_automatic_backups_rotate_and_stay_encrypted(file_team: Team) -> None:
    from datetime import datetime, timedelta

    from nyanland.services.context import Clock

    assert backup.automatic_backup_due(file_team.officer)
    moments = [datetime(2026, 11, 22, 9, 0) + timedelta(hours=h) for h in range(5)]
    for moment in moments:
        clock = Clock(today=lambda: TODAY, now=lambda moment=moment: moment)
        backup.automatic_backup(replace(file_team.officer, clock=clock), keep=3)
    kept = sorted(p.name for p in backup.automatic_folder(file_team.officer).iterdir())
    assert kept == [f"nyanland-auto-20261122-{h:02d}0000-000000.nyanland" for h in (11, 12, 13)]
    fresh = Clock(now=lambda: datetime.now())
    assert not backup.automatic_backup_due(replace(file_team.officer, clock=fresh))
    a_day_later = Clock(now=lambda: datetime.now() + timedelta(hours=25))
    assert backup.automatic_backup_due(replace(file_team.officer, clock=a_day_later))
    newest = backup.automatic_folder(file_team.officer) / kept[-1]
    with zipfile.ZipFile(newest) as archive:
        assert sorted(archive.namelist()) == [backup.STORE_MEMBER, backup.KEYS_MEMBER]


def test_a_read_only_folder_gives_a_clear_message_and_loses_nothing(file_team: Team) -> None:
    demo.add_demo_cases(file_team.officer, 5, seed=1, as_of=date(2026, 11, 1))
    with pytest.raises(BackupFailed, match=r"could not write the backup /sys/copy\.nyanland: "):
        backup.backup(file_team.admin, Path("/sys/copy.nyanland"))
    assert CaseService(file_team.officer).count() == 5
    assert backup.backup(file_team.admin, file_team.path.parent / "ok.nyanland").exists()


def _mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


def test_the_store_its_log_key_file_and_backups_are_the_owners_alone(
    tmp_path: Path, clock: Clock
) -> None:
    """Under the usual umask (0022: readable by all) a local user reads none of them."""
    previous = os.umask(0o022)
    try:
        folder = tmp_path / "fresh" / "nyanland"
        team = make_team(folder / "store.sqlite3", clock)
        demo.add_demo_cases(team.officer, 20, seed=1, as_of=TODAY)
        store = folder / "store.sqlite3"
        assert _mode(folder) == "0o700"
        for part in (store, store.with_name("store.sqlite3-wal"), keyring_path(store)):
            assert _mode(part) == "0o600", part.name
        copy = backup.backup(team.admin, tmp_path / "copy.nyanland")
        assert _mode(copy) == "0o600"
        automatic = backup.automatic_backup(team.admin)
        assert (_mode(automatic), _mode(automatic.parent)) == ("0o600", "0o700")
        team.close()
        restored = backup.restore(team.url, copy, "siv.admin", PASSWORD, clock)
        restored.context.store.dispose()
        assert (_mode(store), _mode(keyring_path(store))) == ("0o600", "0o600")
    finally:
        os.umask(previous)
