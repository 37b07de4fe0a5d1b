"""The real main window on a real store, offscreen, with settings kept in tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.ui.main_window import MainWindow, Services
from tests.conftest import Team


@pytest.fixture(autouse=True)
def _application(qapp: QApplication) -> QApplication:
    """Every test of the window has its QApplication, whichever test a worker runs first (an
    icon or a dialog made before one exists aborts the process)."""
    return qapp


class BugSeen(AssertionError):
    """A test window reported a bug (what the crash dialog would show)."""


def fail_on_bug(error: BaseException) -> None:
    raise BugSeen(repr(error)) from error


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot: QtBot, context: ServiceContext, settings: QSettings) -> Iterator[MainWindow]:
    made = MainWindow(Services(context, CaseService(context)), settings, fail_on_bug)
    made.show()
    qtbot.waitUntil(lambda: not made.executor.busy)
    yield made
    made.editor.mark_clean()
    made.close()
    made.deleteLater()


@pytest.fixture
def role_window(
    qtbot: QtBot, team: Team, settings: QSettings
) -> Iterator[Callable[[str], MainWindow]]:
    made: list[MainWindow] = []

    def open_as(user: str) -> MainWindow:
        context = {
            "anna.officer": team.officer,
            "sam.sfi": team.sfi,
            "kim.coordinator": team.coordinator,
            "siv.admin": team.admin,
        }[user]
        window = MainWindow(Services(context, CaseService(context)), settings, fail_on_bug)
        window.show()
        made.append(window)
        return window

    yield open_as
    for window in made:
        window.executor.settle()
        window.close()
