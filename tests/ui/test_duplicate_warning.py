"""Registering someone who may be registered already: the window shows the likely cases before
saving, opens the one the officer picks, or saves a new case when it is someone else."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nyanland.domain.codes import Sex
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.ui.main_window import MainWindow
from tests.factories import case
from tests.ui.test_officers_day import choose, type_into


def register(qtbot: QtBot, window: MainWindow, first: str, last: str, born: str) -> None:
    window.cases.new_case()  # Ctrl+N (the offscreen window is not active after a dialog)
    assert window.editor.record is None
    person, reception = window.editor.person, window.editor.reception
    type_into(qtbot, person, "first_name", first)
    type_into(qtbot, person, "last_name", last)
    type_into(qtbot, person, "birth_date", born)
    choose(person, "sex", "female")
    type_into(qtbot, reception, "reception_date", "2026-08-03")
    choose(reception, "reception_type", "assigned")
    assert window.save()
    qtbot.waitUntil(lambda: not window.executor.busy)


def test_halaby_is_shown_halabi_before_saving_and_opens_her_case(
    qtbot: QtBot, window: MainWindow, context: ServiceContext
) -> None:
    cases = CaseService(context)
    halabi = cases.create(
        case(
            person={
                "first_name": "Rania",
                "last_name": "Halabi",
                "birth_date": date(1972, 12, 7),
                "personal_identity_number": None,
                "sex": Sex.FEMALE,
            }
        )
    )
    register(qtbot, window, "Rania", "Halaby", "1972-12-07")
    dialog = window.cases.duplicate_dialog
    assert dialog is not None and dialog.isVisible()
    assert [dialog.table.item(0, c).text() for c in (0, 1)] == [halabi.case_number, "Rania Halabi"]
    assert cases.count() == 1  # nothing saved while the officer decides
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.editor.record is not None and window.editor.record.id == halabi.id
    )
    assert not window.editor.dirty and cases.count() == 1

    # A birth date with two digits swapped, and it is someone else after all: saved.
    register(qtbot, window, "Rania", "Halabi", "1927-12-07")
    dialog = window.cases.duplicate_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.item(0, 2).text().endswith("(differs)")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.executor.busy and cases.count() == 2)
    assert window.editor.record is not None and window.editor.record.id != halabi.id


def test_someone_else_with_a_common_name_is_saved_without_a_question(
    qtbot: QtBot, window: MainWindow, context: ServiceContext
) -> None:
    cases = CaseService(context)
    cases.create(case(person={"first_name": "Fatima", "last_name": "Ahmadi"}))
    register(qtbot, window, "Fatima", "Ahmadi", "1994-05-30")
    qtbot.waitUntil(lambda: cases.count() == 2)
    assert window.cases.duplicate_dialog is None


def test_merge_cases_joins_the_likely_duplicate_into_the_open_case(
    qtbot: QtBot, window: MainWindow, context: ServiceContext
) -> None:
    cases = CaseService(context)
    rania = {"first_name": "Rania", "birth_date": date(1972, 12, 7), "sex": Sex.FEMALE}
    kept = cases.create(
        case(person={**rania, "last_name": "Halabi", "personal_identity_number": None})
    )
    other = cases.create(
        case(person={**rania, "last_name": "Halaby", "personal_identity_number": "197212079805"})
    )
    window.open_case(kept.id)
    qtbot.waitUntil(lambda: window.editor.record is not None and not window.executor.busy)
    assert window.menus.merge_action.isEnabled()
    window.menus.merge_action.trigger()
    qtbot.waitUntil(lambda: window.cases.merge_cases_dialog is not None)
    dialog = window.cases.merge_cases_dialog
    assert dialog is not None and dialog.likely.count() == 1
    assert dialog.case_number == other.case_number  # the likely one offered first
    dialog.accept()
    qtbot.waitUntil(lambda: not window.executor.busy and cases.count() == 1)
    shown = window.editor.record
    assert shown is not None and shown.id == kept.id
    assert shown.data.person.personal_identity_number == "197212079805"
    assert any("joined into this case" in note.text for note in shown.data.notes)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
