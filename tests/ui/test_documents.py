"""*Ärende → Dokument…* and *Samtycken…* as an officer uses them: a scanned document added,
opened in the computer's viewer through a private copy, a wrong file refused in the dialog,
one removed; a consent refused until its recipient is named, recorded, withdrawn."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from nyanland.domain.consents import ConsentPurpose
from nyanland.services import attachments, consents
from nyanland.services.cases import CaseService
from nyanland.ui.attachments_dialog import AttachmentsDialog
from nyanland.ui.consents_dialog import ConsentsDialog
from nyanland.ui.main_window import MainWindow
from tests.conftest import Team
from tests.factories import case
from tests.services.test_attachments import pdf


def test_an_officer_keeps_opens_and_removes_a_document_on_the_case(
    qtbot: QtBot,
    team: Team,
    role_window: Callable[[str], MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = CaseService(team.officer).create(case())
    window = role_window("anna.officer")
    window.open_case(made.id)
    qtbot.waitUntil(lambda: window.editor.record is not None and not window.executor.busy)
    assert window.menus.documents_action.isEnabled()
    window.menus.documents_action.trigger()
    dialog = window.cases.documents_dialog
    assert isinstance(dialog, AttachmentsDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: not window.executor.busy)
    assert dialog.model.rowCount() == 0 and not dialog.open_button.isEnabled()

    wrong = tmp_path / "virus.pdf"
    wrong.write_bytes(b"%PDF-1.4 nothing")
    dialog.add(wrong)
    qtbot.waitUntil(lambda: bool(dialog.error.text()) and not window.executor.busy)
    assert "PDF" in dialog.error.text() and dialog.model.rowCount() == 0

    dialog.add(pdf(tmp_path))
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and not window.executor.busy)
    assert dialog.model.data(dialog.model.index(0, 0)) == "uppehållstillstånd.pdf"
    shown: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: shown.append(url.toLocalFile()))
    dialog.open_button.click()
    qtbot.waitUntil(lambda: bool(shown))
    assert Path(shown[0]).read_bytes() == (tmp_path / "uppehållstillstånd.pdf").read_bytes()

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0 and not window.executor.busy)
    assert attachments.of_case(team.officer, made.id) == []
    attachments.clean_up()
    assert not Path(shown[0]).exists()


def test_an_officer_records_and_withdraws_a_consent(
    qtbot: QtBot,
    team: Team,
    role_window: Callable[[str], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = CaseService(team.officer).create(case())
    window = role_window("anna.officer")
    window.open_case(made.id)
    qtbot.waitUntil(lambda: window.editor.record is not None and not window.executor.busy)
    window.menus.consents_action.trigger()
    dialog = window.cases.consents_dialog
    assert isinstance(dialog, ConsentsDialog)
    qtbot.waitUntil(lambda: not window.executor.busy)
    dialog.record_button.click()  # nothing chosen: said, nothing recorded
    assert dialog.error.text().startswith(("Syfte:", "Purpose:"))
    dialog.purpose.setCurrentIndex(dialog.purpose.findData(ConsentPurpose.OTHER.value))
    dialog.record_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error.text()) and not window.executor.busy)
    assert "Recipient" in dialog.error.text() or "Mottagare" in dialog.error.text()
    dialog.recipient.setText("Vårdcentralen Norr")
    dialog.record_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and not window.executor.busy)
    dialog.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    dialog.withdraw_button.click()
    qtbot.waitUntil(
        lambda: not window.executor.busy and dialog.model.data(dialog.model.index(0, 3)) != "–"
    )
    assert consents.of_case(team.officer, made.id)[0].consent.withdrawn_on is not None
    assert not dialog.withdraw_button.isEnabled()
