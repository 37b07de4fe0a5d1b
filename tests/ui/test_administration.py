"""The administrator's hand-over, role change, unlock and retention exemption, in the window
as a user does them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from nyanland.domain.case import Closure
from nyanland.domain.codes import Outcome
from nyanland.domain.roles import Role
from nyanland.services import accounts, signin
from nyanland.services.cases import CaseService
from nyanland.services.records import CaseQuery
from nyanland.ui import launch
from nyanland.ui.backups_page import RestoreDialog
from nyanland.ui.caseloads_page import HandOverDialog
from nyanland.ui.main_window import MainWindow, Services
from tests.conftest import OFFICER_PASSWORD, PASSWORD, Team
from tests.factories import case


def _row_of(model: object, name: str) -> int:
    rows = model.rows  # type: ignore[attr-defined]
    return next(i for i, row in enumerate(rows) if getattr(row, "officer", None) == name)


def test_the_administrator_hands_a_departing_officers_cases_to_two_colleagues(
    qtbot: QtBot, team: Team, role_window: Callable[[str], MainWindow]
) -> None:
    for name in ("bo.officer", "cia.officer"):
        accounts.add_account(team.admin, name, Role.OFFICER, PASSWORD)
    service = CaseService(team.officer)
    for number in range(5):
        service.create(case(person={"personal_identity_number": None, "first_name": f"P{number}"}))
    window = role_window("siv.admin")
    assert window.admin is not None
    page = window.admin.caseloads
    window.admin.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert not page.hand_over_button.isEnabled()  # nobody chosen yet
    page.table.selectRow(_row_of(page.model, "anna.officer"))
    assert page.model.data(page.model.index(_row_of(page.model, "anna.officer"), 1)) == "5"
    page.hand_over_button.click()
    dialog = page.dialog
    assert isinstance(dialog, HandOverDialog)
    assert dialog.takers.count() == 2  # the colleagues, not anna herself
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "at least one colleague" in dialog.error.text()
    for row in range(dialog.takers.count()):
        dialog.takers.item(row).setCheckState(Qt.CheckState.Checked)
    assert "shared evenly among 2 colleagues" in dialog.summary.text()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: isinstance(getattr(page, "result_box", None), QMessageBox))
    assert "5 cases of anna.officer handed over" in page.result_box.text()
    qtbot.waitUntil(
        lambda: page.model.data(page.model.index(_row_of(page.model, "anna.officer"), 1)) == "0"
    )
    counts = sorted(
        int(page.model.data(page.model.index(_row_of(page.model, name), 1)))
        for name in ("bo.officer", "cia.officer")
    )
    assert counts == [2, 3]


def test_the_administrator_changes_a_role_and_unlocks_a_locked_account(
    qtbot: QtBot, team: Team, role_window: Callable[[str], MainWindow]
) -> None:
    for _attempt in range(signin.MAX_FAILED_SIGN_INS):
        with pytest.raises(signin.SignInFailed):
            team.sign_in("sam.sfi", "not the password at all")
    window = role_window("siv.admin")
    assert window.admin is not None
    page = window.admin.accounts
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    names = [account.username for account in page.model.rows]
    page.table.selectRow(names.index("sam.sfi"))
    status = page.model.data(page.model.index(names.index("sam.sfi"), 2))
    assert status.startswith("låst till") or status.startswith("locked until")
    assert page.unlock_button.isEnabled()
    page.unlock_button.click()
    qtbot.waitUntil(lambda: not page.unlock_button.isEnabled())
    team.sign_in("sam.sfi", OFFICER_PASSWORD).store.dispose()

    page.table.selectRow(names.index("kim.coordinator"))
    page.role_button.click()
    dialog = page.dialog
    assert dialog is not None
    combo = dialog.role  # type: ignore[attr-defined]
    combo.setCurrentIndex(combo.findData(Role.OFFICER.value))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(
        lambda: {a.username: a.role for a in page.model.rows}.get("kim.coordinator") is Role.OFFICER
    )
    page.table.selectRow([a.username for a in page.model.rows].index("siv.admin"))
    assert not page.role_button.isEnabled()  # not one's own


def test_the_administrator_keeps_a_case_from_retention_with_a_reason(
    qtbot: QtBot, team: Team, role_window: Callable[[str], MainWindow]
) -> None:
    service = CaseService(team.officer)
    old = service.create(case(reception={"reception_date": date(2018, 1, 10)}))
    service.close(old.id, Closure(date(2019, 6, 1), Outcome.WORK), old.version)
    window = role_window("siv.admin")
    assert window.admin is not None
    page = window.admin.retention
    window.admin.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not window.executor.busy)
    page.table.selectRow(0)
    panel = page.exemptions
    panel.exempt_button.click()
    dialog = panel.dialog
    assert dialog is not None and dialog.case_number.text() == old.case_number
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.error.text().startswith(("Reason:", "Skäl:"))
    dialog.reason.setText("Beslutet är överklagat")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and not window.executor.busy)
    assert page.model.rowCount() == 0 and not page.delete_button.isEnabled()
    assert panel.model.data(panel.model.index(0, 1)) == "Beslutet är överklagat"
    panel.table.selectRow(0)
    panel.lift_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not window.executor.busy)
    assert panel.model.rowCount() == 0


def test_the_administrator_restores_a_backup_from_the_window(
    qtbot: QtBot,
    team: Team,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = CaseService(team.officer)
    kept = service.create(case(person={"personal_identity_number": None, "first_name": "Före"}))
    window = MainWindow(Services(team.admin, CaseService(team.admin), PASSWORD), settings, print)
    window.show()
    assert window.admin is not None
    page = window.admin.backups
    window.admin.setCurrentWidget(page)
    qtbot.waitUntil(lambda: not window.executor.busy)
    page.take_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not window.executor.busy)
    later = service.create(case(person={"personal_identity_number": None, "first_name": "Efter"}))
    page.restore_button.click()
    dialog = page.dialog
    assert isinstance(dialog, RestoreDialog)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert dialog.isVisible() and dialog.error.text()  # no password: said, nothing done
    dialog.password.setText(PASSWORD)
    ok.click()
    qtbot.waitUntil(lambda: window.signed_out and not window.isVisible())
    source, password = window.pending_restore or (None, None)
    assert source == page.model.rows[0].path and password == PASSWORD
    signin.sign_out(window.services.context)
    team.officer.store.dispose()  # every window is closed before a restore
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    launch._restore(team.url, "siv.admin", source, password)
    assert len(shown) == 1 and source.name in shown[0]
    again = team.sign_in("anna.officer", OFFICER_PASSWORD)
    ids = {row.id for row in CaseService(again).search(CaseQuery()).rows}
    assert kept.id in ids and later.id not in ids
    again.store.dispose()
