"""Backups are consistent while the store is written to, and checked before they count."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest

from nyanland.services import backup, demo
from nyanland.services.backup import BackupFailed
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.store.engine import Store


def test_a_backup_taken_while_another_writer_works_is_whole_and_consistent(
    context: ServiceContext, tmp_path: Path
) -> None:
    demo.add_demo_cases(context, 200, seed=1, as_of=date(2026, 11, 1))
    stop = threading.Event()

    def keep_writing() -> None:
        seed = 2
        while not stop.is_set():
            demo.add_demo_cases(context, 20, seed=seed, as_of=date(2026, 11, 1))
            seed += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        copies = [backup.backup(context, tmp_path / f"copy{i}.sqlite3") for i in range(3)]
    finally:
        stop.set()
        writer.join()
    for copy in copies:
        with sqlite3.connect(copy) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
            cases = connection.execute("SELECT count(*) FROM cases").fetchone()[0]
            orphans = connection.execute(
                "SELECT count(*) FROM sfi_enrolments WHERE case_id NOT IN (SELECT id FROM cases)"
            ).fetchone()[0]
        assert cases >= 200 and (cases - 200) % 20 == 0  # whole imports only
        assert orphans == 0


def test_a_backup_into_a_missing_folder_fails_clearly_and_leaves_nothing(
    context: ServiceContext, tmp_path: Path
) -> None:
    with pytest.raises(BackupFailed, match="could not write the backup"):
        backup.backup(context, tmp_path / "no-such-folder" / "copy.sqlite3")
    assert CaseService(context).count() == 0


def test_restore_keeps_the_replaced_store_beside_it(
    context: ServiceContext, store: Store, tmp_path: Path
) -> None:
    demo.add_demo_cases(context, 3, seed=1, as_of=date(2026, 11, 1))
    copy = backup.backup(context, tmp_path / "copy.sqlite3")
    demo.add_demo_cases(context, 4, seed=2, as_of=date(2026, 11, 1))
    saved = backup.restore(context, copy)
    assert CaseService(context).count() == 3
    with sqlite3.connect(saved) as connection:
        assert connection.execute("SELECT count(*) FROM cases").fetchone() == (7,)
