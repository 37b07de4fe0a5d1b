"""The journal as a user keeps it: an entry carries the account and the time, a saved entry
cannot be changed or removed, its correction can be written and both stay visible."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nyanland.domain.case import JournalNote
from nyanland.domain.codes import NoteKind
from nyanland.domain.errors import FieldError
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.ui.main_window import MainWindow
from tests.conftest import NOW, TODAY
from tests.factories import case
from tests.ui.test_officers_day import fill_dialog, save_and_wait, type_into


def cell(window: MainWindow, row: int, column: int) -> str:
    return str(window.editor.journal.model.index(row, column).data() or "")


def test_an_entry_is_written_saved_corrected_and_both_stay(
    qtbot: QtBot, window: MainWindow, context: ServiceContext
) -> None:
    cases = CaseService(context)
    made = cases.create(case())
    window.open_case(made.id)
    qtbot.waitUntil(lambda: window.editor.record is not None and not window.executor.busy)
    journal = window.editor.journal

    dialog = journal.add()
    assert "author" not in dialog.form._inputs  # who wrote it is not typed
    fill_dialog(qtbot, dialog, {"text": "Ringt, inget svar."}, {"kind": "phone_call"})
    assert cell(window, 0, 3) == "not saved yet"
    save_and_wait(qtbot, window)
    (saved,) = cases.get(made.id).data.notes
    assert (saved.author, saved.written_at, saved.kind) == (
        "officer.test",
        NOW,
        NoteKind.PHONE_CALL,
    )
    assert cell(window, 0, 3) == "officer.test\n2026-11-22 09:30"

    # Saved: it is corrected, not edited, and cannot be removed.
    journal.table.selectRow(0)
    assert journal.edit_button.text() == "Correct…"
    assert not journal.remove_button.isEnabled()
    correcting = journal.edit_selected()
    assert correcting is not None
    correcting.form.input("text").clear()  # type: ignore[attr-defined]
    type_into(qtbot, correcting.form, "text", "Ringt, inget svar (fel nummer).")
    correcting.accept()
    assert journal.model.rowCount() == 2
    save_and_wait(qtbot, window)
    notes = cases.get(made.id).data.notes
    assert [n.text for n in notes] == ["Ringt, inget svar.", "Ringt, inget svar (fel nummer)."]
    assert notes[1].corrects == notes[0].uid and notes[0] == saved  # the first as it was
    # Newest first; the corrected one struck through and pointing to its correction.
    assert cell(window, 1, 2).endswith("\nRingt, inget svar.")
    struck = journal.model.index(1, 2).data(Qt.ItemDataRole.FontRole)
    assert struck is not None and struck.strikeOut()
    assert cell(window, 1, 2).startswith(f"[Corrected: see the entry of {TODAY.isoformat()}]")
    assert cell(window, 0, 2).startswith(f"[Correction of the entry of {TODAY.isoformat()}]")

    # The journal is searched.
    journal.search.setText("fel nummer")
    assert [journal.table.isRowHidden(r) for r in range(2)] == [False, True]
    journal.search.setText("")


def test_a_saved_entry_is_refused_if_changed_or_removed_by_the_service_and_the_store(
    context: ServiceContext,
) -> None:
    cases = CaseService(context)
    note = JournalNote(TODAY, "Beslut om praktik", kind=NoteKind.DECISION, author="someone")
    made = cases.create(case(notes=(note,)))
    (saved,) = made.data.notes
    assert saved.author == "officer.test"  # the account, whatever was sent
    changed = replace(made.data, notes=(replace(saved, text="Beslut om praktik (ändrat)"),))
    with pytest.raises(FieldError, match="cannot be changed"):
        cases.update(made.id, changed, made.version)
    with pytest.raises(FieldError, match="cannot be removed"):
        cases.update(made.id, replace(made.data, notes=()), made.version)
    forged = replace(saved, uid=None, written_at=datetime(2001, 1, 1), author="someone")
    added = cases.update(made.id, replace(made.data, notes=(saved, forged)), made.version)
    assert {(n.author, n.written_at) for n in added.data.notes} == {("officer.test", NOW)}
    # The store itself refuses, whatever the program.
    with context.store.engine.connect() as connection:
        for statement in (
            "UPDATE journal_notes SET text = 'x'",
            "DELETE FROM journal_notes",
        ):
            with pytest.raises(Exception, match="kept as written"):
                connection.exec_driver_sql(statement)
            connection.rollback()
    # A case's deletion takes its journal along.
    cases.delete(made.id, added.version)
    with context.store.reading() as session:
        assert (
            session.connection().exec_driver_sql("SELECT count(*) FROM journal_notes").scalar() == 0
        )
