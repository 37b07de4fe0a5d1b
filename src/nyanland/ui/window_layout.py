"""The main window's size, its split between list and case, and the list's columns, kept in
the settings from one session to the next."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from nyanland.ui.case_list_pane import CaseListPane


def restore_layout(
    window: QMainWindow, splitter: QSplitter, pane: CaseListPane, settings: QSettings
) -> None:
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:  # first start: a comfortable size, never larger than the screen (200 % scaling)
        screen = window.screen().availableGeometry()
        window.resize(min(1360, int(screen.width() * 0.95)), min(820, int(screen.height() * 0.9)))
    sizes = settings.value("window/splitter")
    if isinstance(sizes, QByteArray):
        splitter.restoreState(sizes)
    else:
        splitter.setSizes([660, 700])
    pane.restore_columns(settings)


def save_layout(
    window: QMainWindow, splitter: QSplitter, pane: CaseListPane, settings: QSettings
) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/splitter", splitter.saveState())
    pane.save_columns(settings)
