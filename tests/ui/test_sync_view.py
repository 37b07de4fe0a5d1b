"""The laptop copy in the window: the sync status, F5, a conflict settled field by field, and
a document that travels."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nyanland.domain.merge import Side
from nyanland.services import attachments, sync
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.store.engine import sqlite_url
from nyanland.ui.attachments_dialog import AttachmentsDialog
from nyanland.ui.main_window import MainWindow, Services
from nyanland.ui.merge_dialog import MergeDialog
from nyanland.ui.sync_view import ConflictsDialog
from tests.conftest import OFFICER_PASSWORD, Team, make_team
from tests.factories import case
from tests.services.test_attachments import pdf
from tests.ui.conftest import fail_on_bug


@pytest.fixture
def server(postgres_url: str, clock: Clock) -> Iterator[Team]:
    made = make_team(postgres_url, clock)
    CaseService(made.officer).create(case())
    yield made
    made.close()


@pytest.fixture
def laptop_window(
    qtbot: QtBot, server: Team, tmp_path: Path, clock: Clock, settings: QSettings
) -> Iterator[MainWindow]:
    local, remote, _report = sync.create_replica(
        server.url,
        sqlite_url(tmp_path / "laptop.sqlite3"),
        "anna.officer",
        OFFICER_PASSWORD,
        clock,
    )
    remote.store.dispose()
    window = MainWindow(
        Services(local, CaseService(local), OFFICER_PASSWORD), settings, fail_on_bug
    )
    window.show()
    qtbot.waitUntil(lambda: not window.executor.busy)
    yield window
    assert window.sync_panel is not None
    qtbot.waitUntil(lambda: not window.sync_panel.busy)  # type: ignore[union-attr]
    window.editor.mark_clean()
    window.close()
    window.deleteLater()
    local.store.dispose()


def set_phone(context: ServiceContext, number: str) -> None:
    service = CaseService(context)
    record = service.get(service.search(CaseQuery()).rows[0].id)
    service.update(
        record.id,
        replace(record.data, person=replace(record.data.person, phone=number)),
        record.version,
    )


def test_the_status_bar_shows_waiting_changes_and_a_conflict_is_settled_in_the_window(
    qtbot: QtBot, laptop_window: MainWindow, server: Team
) -> None:
    panel = laptop_window.sync_panel
    assert panel is not None
    qtbot.waitUntil(lambda: "0 changes waiting" in panel.button.text())
    set_phone(laptop_window.services.context, "070-111 22 33")
    panel.refresh()
    qtbot.waitUntil(lambda: "1 change waiting" in panel.button.text())
    set_phone(server.officer, "070-999 88 77")

    panel.sync_now()
    qtbot.waitUntil(lambda: not panel.busy)
    # The case waits for the officer's choice, not for the next sync.
    assert "0 changes waiting · 1 conflict" in panel.button.text()
    assert panel.conflicts_action.isEnabled()

    panel.button.click()  # with a conflict, the status opens the list of conflicts
    qtbot.waitUntil(lambda: panel.conflicts_dialog is not None)
    dialog = panel.conflicts_dialog
    assert isinstance(dialog, ConflictsDialog) and dialog.list.count() == 1

    def choose_mine() -> None:
        merge = QApplication.activeModalWidget()
        assert isinstance(merge, MergeDialog)
        merge.choose_all(Side.MINE)
        merge.accept()

    QTimer.singleShot(0, choose_mine)
    dialog.resolve_button.click()
    qtbot.waitUntil(lambda: not panel.busy and "conflict" not in panel.button.text())
    qtbot.waitUntil(lambda: "0 changes waiting" in panel.button.text(), timeout=10_000)
    office = CaseService(server.officer)
    assert office.get(office.search(CaseQuery()).rows[0].id).data.person.phone == "070-111 22 33"


def test_a_document_attached_on_the_laptop_is_opened_on_the_server_after_the_sync(
    qtbot: QtBot,
    laptop_window: MainWindow,
    server: Team,
    tmp_path: Path,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Attached offline through the window, synced with F5's action, opened in the office."""
    window = laptop_window
    case_id = CaseService(window.services.context).search(CaseQuery()).rows[0].id
    window.open_case(case_id)
    qtbot.waitUntil(lambda: window.editor.record is not None and not window.executor.busy)
    window.menus.documents_action.trigger()
    dialog = window.cases.documents_dialog
    assert isinstance(dialog, AttachmentsDialog)
    dialog.add(pdf(tmp_path))
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and not window.executor.busy)
    dialog.reject()
    panel = window.sync_panel
    assert panel is not None
    panel.refresh()
    qtbot.waitUntil(lambda: "1 change waiting" in panel.button.text())  # the document
    panel.sync_now()
    qtbot.waitUntil(lambda: not panel.busy and "0 changes waiting" in panel.button.text())

    office = MainWindow(
        Services(server.officer, CaseService(server.officer), OFFICER_PASSWORD),
        settings,
        fail_on_bug,
    )
    office.show()
    there = CaseService(server.officer).search(CaseQuery()).rows[0].id
    office.open_case(there)
    qtbot.waitUntil(lambda: office.editor.record is not None and not office.executor.busy)
    office.menus.documents_action.trigger()
    shown = office.cases.documents_dialog
    assert isinstance(shown, AttachmentsDialog)
    qtbot.waitUntil(lambda: shown.model.rowCount() == 1 and not office.executor.busy)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    shown.open_button.click()
    qtbot.waitUntil(lambda: bool(opened))
    assert Path(opened[0]).read_bytes() == (tmp_path / "uppehållstillstånd.pdf").read_bytes()
    office.editor.mark_clean()
    office.close()
    attachments.clean_up()
