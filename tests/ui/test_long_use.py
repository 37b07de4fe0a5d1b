"""A day at the desk: tens of thousands of Qt calls must not wear down the interpreter.

PySide6 6.12.0 drops a reference to Python's None on every call of a method that returns
nothing (a label's setText, processEvents, a timer's start): after enough of them CPython frees
None itself and the process dies ("deallocating None"), which the window benchmark met within
a minute of scripted use. pyproject.toml keeps that release out; this test finds it again."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on"
)
CALLS = 2000


def test_calls_that_return_nothing_leave_none_as_it_was(qtbot: QtBot) -> None:
    label, field = QLabel(), QLineEdit()
    qtbot.addWidget(label)
    qtbot.addWidget(field)
    timer = QTimer()
    timer.setSingleShot(True)
    before = sys.getrefcount(None)
    for number in range(CALLS):
        label.setText(str(number))
        field.setEnabled(number % 2 == 0)
        timer.start(60_000)
        QCoreApplication.processEvents()
    timer.stop()
    # A few references come and go with the objects made meanwhile; one lost per call is 8000.
    assert abs(sys.getrefcount(None) - before) < CALLS // 10
