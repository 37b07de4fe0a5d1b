"""*Ärende → Dokument…* as an officer uses it: a scanned document added, opened in the
computer's viewer through a private copy, a wrong file refused in the dialog, one removed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from nyanland.services import attachments
from nyanland.services.cases import CaseService
from nyanland.ui.attachments_dialog import AttachmentsDialog
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
