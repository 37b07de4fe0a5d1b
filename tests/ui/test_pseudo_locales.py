"""The pseudo-locales: every text of the window comes from the catalogue (en_XA brackets
each one, so a text without brackets was never translated), and ar_XB mirrors the layout."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCalendarWidget,
    QLineEdit,
    QMenu,
    QTabBar,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from nyanland import i18n
from nyanland.services.cases import CaseService
from nyanland.ui.launch import make_application
from nyanland.ui.main_window import MainWindow, Services
from tests.conftest import Team
from tests.factories import case
from tests.ui.conftest import fail_on_bug

NATIVE = {"Svenska", "English"}  # language names are written in their own language


def _in_calendar(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QCalendarWidget):
            return True
        parent = parent.parentWidget()
    return False


def _texts(window: MainWindow) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    while menus:
        menu = menus.pop()
        assert isinstance(menu, QMenu)
        found.append(("menu", menu.title()))
        for action in menu.actions():
            if action.menu() is not None:
                menus.append(action.menu())  # type: ignore[arg-type]
            elif not action.isSeparator():
                found.append(("action", action.text()))
    for bar in window.findChildren(QTabBar):
        found += [("tab", bar.tabText(i)) for i in range(bar.count())]
    for button in window.findChildren(QAbstractButton):
        if _in_calendar(button):
            continue  # the month and the year: Qt's own, from the locale, as the weekdays
        if button.text() and button.text() not in {"…", "..."}:
            found.append(("button", button.text()))
    for line in window.findChildren(QLineEdit):
        if line.placeholderText() and not line.placeholderText().startswith("YYYY"):
            found.append(("placeholder", line.placeholderText()))
    for table in window.findChildren(QTableView):
        if _in_calendar(table):
            continue
        model = table.model()
        if model is None:
            continue
        for column in range(model.columnCount()):
            header = model.headerData(column, Qt.Orientation.Horizontal)
            if header:
                found.append(("header", str(header)))
    return [(kind, text) for kind, text in found if text and text not in NATIVE]


@pytest.fixture
def pseudo_window(qtbot: QtBot, team: Team, tmp_path: Path) -> Iterator[MainWindow]:
    record = CaseService(team.officer).create(case(reception={"reception_date": date(2026, 3, 2)}))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Services(team.officer, CaseService(team.officer)), settings, fail_on_bug)
    window.show()
    window.open_case(record.id)
    qtbot.waitUntil(lambda: window.editor.record is not None)
    yield window
    window.executor.settle()
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    i18n.set_language("en")
    make_application([])


def test_every_text_of_the_window_comes_from_the_catalogue(pseudo_window: MainWindow) -> None:
    i18n.set_language("en_XA")
    pseudo_window.show_statistics()
    texts = _texts(pseudo_window)
    assert len(texts) > 100
    untranslated = [(kind, text) for kind, text in texts if "[" not in text]
    assert untranslated == []


def test_the_right_to_left_pseudo_locale_mirrors_the_window(
    qtbot: QtBot, pseudo_window: MainWindow
) -> None:
    make_application([])
    i18n.set_language("ar_XB")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert pseudo_window.isRightToLeft()
    left_pane = pseudo_window.splitter.widget(0)
    # The case list moves to the right-hand side once the layout has been redone.
    qtbot.waitUntil(
        lambda: (
            left_pane.mapTo(pseudo_window, left_pane.rect().topLeft()).x()
            > pseudo_window.width() // 3
        )
    )
    i18n.set_language("en")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
