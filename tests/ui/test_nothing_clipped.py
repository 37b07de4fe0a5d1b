"""No word on screen is cut off: every label, check box, button and combo box of the officer's
window (each page, each tab of an open case, the case's dialogs) is at least as wide as its
text, in Swedish (the longer words) down to an 800 × 600 window. Clipped labels ("Tc",
"Alla ärende") were found by people trying the window."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from nyanland import i18n
from nyanland.services import demo
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.ui.closure_dialog import ClosureDialog, FollowUpDialog, ReopenDialog
from nyanland.ui.main_window import MainWindow

ARROW = 30  # a combo box's arrow and frame
BOX = 22  # a check box's box and spacing


def clipped(top: QWidget) -> list[str]:
    found = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QComboBox):
            text, room = widget.currentText(), widget.width() - ARROW
        elif isinstance(widget, QLabel):
            if widget.wordWrap() or "<" in widget.text() or widget.pixmap() is not None:
                continue
            text, room = widget.text(), widget.contentsRect().width()
        elif isinstance(widget, QCheckBox | QRadioButton):
            text, room = widget.text(), widget.width() - BOX
        elif isinstance(widget, QAbstractButton) and widget.text():
            text, room = widget.text(), widget.width() - 8
        else:
            continue
        need = widget.fontMetrics().horizontalAdvance(text.replace("&", ""))
        if text and need > room + 1:
            found.append(f"{type(widget).__name__} {text!r}: {need} px in {room}")
    return found


@pytest.mark.parametrize("size", [(800, 600), (1366, 768)])
def test_no_word_is_cut_off_in_the_officers_window(
    qtbot: QtBot, window: MainWindow, context: ServiceContext, size: tuple[int, int]
) -> None:
    i18n.set_language("sv")
    demo.add_demo_cases(context, 30, seed=3, as_of=date(2026, 11, 22))
    window.resize(*size)
    adult = next(
        row for row in CaseService(context).search(CaseQuery()).rows if row.birth_date.year < 1990
    )
    window.open_case(adult.id)
    qtbot.waitUntil(lambda: window.editor.record is not None and not window.executor.busy)
    problems = []
    for tab in range(window.editor.tabs.count()):
        window.editor.tabs.setCurrentIndex(tab)
        qtbot.wait(20)
        problems += [f"case tab {tab}: {p}" for p in clipped(window)]
    for page in range(window.pages.count()):
        window.pages.setCurrentIndex(page)
        qtbot.waitUntil(lambda: not window.executor.busy)
        qtbot.wait(20)
        problems += [f"page {page}: {p}" for p in clipped(window)]
    today = date(2026, 11, 22)
    dialogs: list[QDialog] = [
        ClosureDialog(today, date(2026, 3, 2), window),
        FollowUpDialog(today, date(2026, 8, 1), window),
        ReopenDialog(window),
    ]
    for dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        problems += [f"{type(dialog).__name__}: {p}" for p in clipped(dialog)]
        dialog.close()
    assert problems == []
