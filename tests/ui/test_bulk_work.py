"""Several cases chosen in the list and worked on at once, as an officer does it: Ctrl-click
chooses without opening, the bar offers the work, a refusal names the case and changes none."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from nyanland.domain.roles import Role
from nyanland.services import accounts
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.ui import bulk_actions
from nyanland.ui.main_window import MainWindow
from tests.conftest import PASSWORD, TODAY
from tests.factories import case


def _choose(window: MainWindow, rows: list[int]) -> None:
    """Ctrl-clicks, as the officer chooses rows (the first click plain)."""
    table, selection = window.table, window.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag
    table.selectRow(rows[0])
    for row in rows[1:]:
        index = window.model.index(row, 0)
        selection.select(index, flags.Select | flags.Rows)


def _ok(dialog: object) -> None:
    buttons = dialog.findChild(QDialogButtonBox)  # type: ignore[attr-defined]
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_an_officer_gives_closes_and_prints_several_cases_at_once(
    qtbot: QtBot,
    context: ServiceContext,
    admin_context: ServiceContext,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    accounts.add_account(admin_context, "bo.officer", Role.OFFICER, PASSWORD)
    service = CaseService(context)
    made = [
        service.create(case(person={"personal_identity_number": None, "first_name": name}))
        for name in ("Amina", "Bilal", "Cyrus", "Dana")
    ]
    window.pane.refresh()
    window.pane.load_officers()
    qtbot.waitUntil(lambda: window.model.rowCount() == 4 and not window.executor.busy)
    assert not window.bulk.bar.isVisible()
    # A Ctrl-click adds to the choice and opens nothing.
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.editor.record is not None and not window.executor.busy)
    opened = window.editor.record.id
    qtbot.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        window.table.visualRect(window.model.index(1, 1)).center(),
    )
    qtbot.waitUntil(lambda: not window.executor.busy)
    assert window.editor.record.id == opened
    assert len(window.bulk.chosen()) == 2 and window.bulk.bar.isVisibleTo(window)
    assert window.bulk.chosen_label.text() in ("2 ärenden valda:", "2 cases chosen:")

    # Print a list of them.
    target = tmp_path / "lista.pdf"
    monkeypatch.setattr(bulk_actions, "save_file_name", lambda *_args: target)
    window.bulk.print_button.click()
    qtbot.waitUntil(lambda: target.exists() and not window.executor.busy)

    # Give three to bo.
    _choose(window, [0, 1, 2])
    chosen = window.bulk.chosen()
    window.bulk.assign_button.click()
    dialog = window.bulk.dialog
    assert isinstance(dialog, bulk_actions.AssignDialog)
    dialog.officer.setCurrentIndex(dialog.officer.findData("bo.officer"))
    _ok(dialog)
    qtbot.waitUntil(
        lambda: (
            not window.executor.busy
            and all(service.get(i).assigned_officer == "bo.officer" for i in chosen)
        )
    )

    # Closing before one case's reception is refused by name, and closes none.
    late = service.create(
        case(
            person={"personal_identity_number": None, "first_name": "Sen"},
            reception={"reception_date": TODAY},
        )
    )
    window.pane.refresh()
    qtbot.waitUntil(lambda: window.model.rowCount() == 5 and not window.executor.busy)
    window.table.selectAll()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    window.bulk.close_button.click()
    closing = window.bulk.dialog
    assert closing is not None
    closing.form.load({"date": TODAY - timedelta(days=1)})  # type: ignore[attr-defined]
    outcome = closing.form.input("outcome")  # type: ignore[attr-defined]
    outcome.setCurrentIndex(1)
    _ok(closing)
    qtbot.waitUntil(lambda: bool(warnings) and not window.executor.busy)
    assert late.case_number in warnings[0] and "before reception" in warnings[0].replace(
        "före mottagandet", "before reception"
    )
    assert all(service.get(record.id).data.closure is None for record in made)
