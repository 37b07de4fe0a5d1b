"""*Att göra* worked through as an officer does: counts per kind, filters by kind, officer and
date; an item snoozed with a reason comes back on its date, one marked done leaves the list
(a task's is completed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from pytestqt.qtbot import QtBot

from nyanland.domain.reminders import ReminderKind
from nyanland.services import audit, reminders, tasks
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock, ServiceContext
from nyanland.ui.main_window import MainWindow
from tests.conftest import NOW, TODAY
from tests.factories import case


def kinds(window: MainWindow) -> list[ReminderKind]:
    view = window.reminders
    return [view.model.reminder(row).kind for row in range(view.model.rowCount())]


def test_an_item_is_snoozed_until_its_date_and_another_done(
    qtbot: QtBot, window: MainWindow, context: ServiceContext, admin_context: ServiceContext
) -> None:
    cases = CaseService(context)
    # Received 100 days ago: SFI not started and the skills mapping missing, both overdue.
    made = cases.create(case(reception={"reception_date": TODAY - timedelta(100)}))
    tasks.add_task(context, made.id, "Boka tolk", TODAY + timedelta(3))
    window.refresh_reminders()
    view = window.reminders
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    assert "SFI not started in time: 1" in view.counts.text()
    assert "Task due: 1" in view.counts.text()

    # Filters: by kind, by how soon, by officer.
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("task_due"))
    assert kinds(window) == [ReminderKind.TASK_DUE]
    view.kind_filter.setCurrentIndex(0)
    view.due_filter.setCurrentIndex(view.due_filter.findData(0))  # overdue only
    assert ReminderKind.TASK_DUE not in kinds(window) and len(kinds(window)) == 2
    view.due_filter.setCurrentIndex(0)
    assert view.officer_filter.findData("officer.test") > 0

    # Snooze the SFI item for a week, with a reason.
    row = kinds(window).index(ReminderKind.SFI_NOT_STARTED)
    view.table.selectRow(row)
    view.snooze_button.click()
    dialog = window.todo.dialog
    assert dialog is not None
    dialog.reason.setText("")
    dialog.accept()
    assert dialog.isVisible() and "say why" in dialog.problem.text()
    dialog.reason.setText("Väntar på svar från skolan")
    dialog.accept()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert ReminderKind.SFI_NOT_STARTED not in kinds(window)

    # The task: done completes it.
    view.table.selectRow(kinds(window).index(ReminderKind.TASK_DUE))
    view.done_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert tasks.tasks_of(context, made.id)[0].done_date == TODAY

    # A week later the snoozed item is back; the log has both.
    week = NOW + timedelta(days=7)
    later = replace(context, clock=Clock(today=week.date, now=lambda: week))
    back = [r.kind for r in reminders.reminders(later)]
    assert ReminderKind.SFI_NOT_STARTED in back
    logged = [e.detail for e in audit.events(admin_context) if e.action == "reminder_marked"]
    assert logged == [
        f"sfi_not_started {(TODAY - timedelta(10)).isoformat()} → "
        f"{(TODAY + timedelta(7)).isoformat()}"
    ]
