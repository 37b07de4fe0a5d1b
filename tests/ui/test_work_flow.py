"""One way for work to flow: store work never on the GUI thread, answers in the order asked,
older answers dropped, and nothing the officer types replaced by an answer that was on its way."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nyanland.domain.reminders import Reminder, ReminderKind
from nyanland.services import demo, reminders
from nyanland.services.context import ServiceContext
from nyanland.store.engine import Store
from nyanland.ui.case_table import CaseTableModel
from nyanland.ui.main_window import MainWindow
from nyanland.ui.operations import QueryOp, StoreExecutor
from tests.ui.test_officers_day import save_and_wait, type_into


@pytest.fixture
def gui_thread_store_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every transaction begun on the GUI thread, by the kind of work it began."""
    seen: list[str] = []
    gui = threading.main_thread()
    for name in ("reading", "writing"):
        original = getattr(Store, name)

        def watched(self: Store, *args: object, _original=original, _name=name):
            if threading.current_thread() is gui:
                seen.append(_name)
            return _original(self, *args)

        monkeypatch.setattr(Store, name, watched)
    yield seen


def test_no_store_call_runs_on_the_gui_thread(
    qtbot: QtBot, gui_thread_store_calls: list[str], context: ServiceContext, window: MainWindow
) -> None:
    """Start-up (the window is built after the watch began), search, sort, scrolling through
    pages, opening and saving."""
    qtbot.waitUntil(lambda: not window.executor.busy)
    assert gui_thread_store_calls == []  # the window's start
    demo.add_demo_cases(context, 600, seed=3, as_of=date(2026, 11, 1))
    gui_thread_store_calls.clear()  # the invented cases were added by the test, not the window
    window.pane.refresh()
    qtbot.waitUntil(lambda: window.model.rowCount() == 600 and not window.executor.busy)
    qtbot.keyClicks(window.search, "a")
    qtbot.waitUntil(lambda: window.model.query.text == "a" and not window.executor.busy)
    window.search.clear()
    window.pane.refresh()
    qtbot.waitUntil(lambda: window.model.rowCount() == 600 and not window.executor.busy)
    window.table.sortByColumn(CaseTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not window.executor.busy)
    window.table.scrollToBottom()
    qtbot.waitUntil(lambda: window.model.summary(599) is not None and not window.executor.busy)
    window.table.selectRow(5)
    qtbot.waitUntil(lambda: window.editor.record is not None and not window.executor.busy)
    type_into(qtbot, window.editor.person, "phone", "070-123 45 67")
    save_and_wait(qtbot, window)
    assert gui_thread_store_calls == []


def test_a_save_fetches_the_to_do_items_of_the_saved_case_alone(
    qtbot: QtBot, context: ServiceContext, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 cases a full count of the to-do list reads 15,000 items: after a save the
    list asks for that case's items and merges them in, and ends as a full count would."""
    demo.add_demo_cases(context, 60, seed=3, as_of=date(2026, 11, 1))
    window.refresh_reminders()
    window.pane.refresh()
    qtbot.waitUntil(lambda: window.model.rowCount() == 60 and not window.executor.busy)
    counted = reminders.reminders
    asked: list[int | None] = []

    def watched(*args: Any, **kwargs: Any) -> list[Reminder]:
        asked.append(kwargs.get("case_id"))
        return counted(*args, **kwargs)

    monkeypatch.setattr(reminders, "reminders", watched)
    late = next(
        window.reminders.model.reminder(row)
        for row in range(window.reminders.model.rowCount())
        if window.reminders.model.reminder(row).kind is ReminderKind.SFI_NOT_STARTED
    )
    window.open_case(late.case_id)
    qtbot.waitUntil(lambda: window.editor.record is not None and not window.executor.busy)
    type_into(qtbot, window.editor.reception, "reception_date", "2026-10-30")
    save_and_wait(qtbot, window)
    assert asked == [late.case_id]
    shown = [window.reminders.model.reminder(r) for r in range(window.reminders.model.rowCount())]
    assert shown == counted(context)
    assert late not in shown  # the 90 days count from the new reception: not due soon now
    merged = (window.reminders.counts.text(), window.reminders.summary.text())
    window.reminders.show_reminders(counted(context))
    assert merged == (window.reminders.counts.text(), window.reminders.summary.text())
    assert any(r.case_id != late.case_id for r in shown)  # the other cases' items stay


def test_keystrokes_survive_a_sync_and_an_open_that_were_on_their_way(
    qtbot: QtBot, context: ServiceContext, window: MainWindow
) -> None:
    demo.add_demo_cases(context, 3, seed=4, as_of=date(2026, 11, 1))
    window.pane.refresh()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3 and not window.executor.busy)
    first, second = (window.model.summary(row) for row in (0, 1))
    assert first is not None and second is not None
    window.open_case(first.id)
    qtbot.waitUntil(lambda: window.editor.record is not None)
    # Hold the executor, so that the sync's reload and the open of another case wait behind.
    gate = threading.Event()
    QueryOp(window.executor, lambda: gate.wait(10), lambda _ok: None).run_in_background()
    window.synced()
    window.open_case(second.id)
    type_into(qtbot, window.editor.person, "phone", "070-555 12 34")
    gate.set()
    assert window.executor.settle()
    record = window.editor.record
    assert record is not None and record.id == first.id
    assert window.editor.person.input("phone").text() == "070-555 12 34"
    assert window.editor.dirty
    window.editor.mark_clean()


def test_answers_come_in_the_order_asked_and_overtaken_ones_are_dropped(qtbot: QtBot) -> None:
    answered: list[str] = []
    executor = StoreExecutor(lambda error: answered.append(repr(error)))
    gate = threading.Event()
    QueryOp(
        executor, lambda: gate.wait(10), lambda _ok: answered.append("held")
    ).run_in_background()
    for text in ("a", "am", "ami"):  # three keystrokes: only the last search is answered
        search = QueryOp(executor, lambda t=text: t, answered.append)
        search.latest("search").run_in_background()
    QueryOp(executor, lambda: "opened", answered.append).run_in_background()
    gate.set()
    assert executor.settle()
    assert answered == ["held", "ami", "opened"]
    executor.deleteLater()


def test_the_list_follows_the_case_opened_from_elsewhere(
    qtbot: QtBot, context: ServiceContext, window: MainWindow
) -> None:
    """Opened from the to-do list or a household member, the open case is the one selected."""
    demo.add_demo_cases(context, 5, seed=5, as_of=date(2026, 11, 1))
    window.pane.refresh()
    qtbot.waitUntil(lambda: window.model.rowCount() == 5 and not window.executor.busy)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.editor.record is not None and not window.executor.busy)
    other = window.model.summary(3)
    assert other is not None
    window.open_case(other.id)  # as the to-do list does
    qtbot.waitUntil(
        lambda: window.editor.record is not None and window.editor.record.id == other.id
    )
    assert window.table.selectionModel().selectedRows()[0].row() == 3
