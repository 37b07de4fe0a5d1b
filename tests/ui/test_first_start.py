"""A new user's first start, and switching language with the window open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from nyanland import i18n
from nyanland.services.store_setup import store_exists
from nyanland.store.engine import sqlite_url
from nyanland.ui.launch import FirstStartDialog, make_application, start
from nyanland.ui.main_window import MainWindow


def test_the_first_start_creates_the_store_and_offers_invented_cases(
    qtbot: QtBot, tmp_path: Path
) -> None:
    url = sqlite_url(tmp_path / "fresh" / "nyanland.sqlite3")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("language", "en")
    assert not store_exists(url)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FirstStartDialog)
        seen.append(dialog.windowTitle())
        dialog.demo.setChecked(True)
        dialog.demo_count.setValue(25)
        dialog.accept()

    QTimer.singleShot(200, answer)
    window = start(url, settings)
    assert isinstance(window, MainWindow)
    qtbot.waitUntil(lambda: window.model.rowCount() == 25, timeout=10_000)
    assert seen == ["Welcome to nyanland"]
    assert store_exists(url)
    window.close()
    window.services.context.store.dispose()


def test_declining_the_first_start_creates_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "fresh" / "nyanland.sqlite3")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    QTimer.singleShot(200, lambda: QApplication.activeModalWidget().reject())  # type: ignore[union-attr]
    assert start(url, settings) is None
    assert not store_exists(url)


def test_switching_language_retranslates_the_open_window_and_qts_own_texts(
    window: MainWindow,
) -> None:
    make_application([])  # installs Qt's catalogue for the current language
    window.swedish_action.trigger()
    try:
        assert window.file_menu.title() == "&Arkiv"
        assert window.editor.tabs.tabText(0) == "Person och hushåll"
        assert window.settings.value("language") == "sv"
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Avbryt"
        window.english_action.trigger()
        assert window.file_menu.title() == "&File"
    finally:
        i18n.set_language("en")
