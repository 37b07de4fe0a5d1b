"""A case's life after closing, as the officer lives it: the follow-up comes up in *Att göra*
90 days after the end and is recorded with the person's occupation; a case closed too early
is reopened with a reason the journal keeps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from nyanland.domain.case import Closure
from nyanland.domain.codes import Outcome
from nyanland.domain.errors import FieldError
from nyanland.domain.reminders import ReminderKind
from nyanland.services import audit, case_life, reminders
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.ui.main_window import MainWindow
from tests.conftest import TODAY
from tests.factories import case
from tests.ui.test_officers_day import choose


def closed_case(context: ServiceContext, days_ago: int) -> int:
    cases = CaseService(context)
    made = cases.create(case(person={"personal_identity_number": None}))
    closed = cases.close(made.id, Closure(TODAY - timedelta(days_ago), Outcome.WORK), made.version)
    return closed.id


def open_in(qtbot: QtBot, window: MainWindow, case_id: int) -> None:
    window.open_case(case_id)
    qtbot.waitUntil(lambda: window.editor.record is not None and not window.executor.busy)


def test_the_follow_up_is_due_90_days_after_the_end_and_is_recorded(
    qtbot: QtBot, window: MainWindow, context: ServiceContext
) -> None:
    case_id = closed_case(context, 95)
    due = [r for r in reminders.reminders(context) if r.kind is ReminderKind.FOLLOW_UP_DUE]
    assert [(r.case_id, r.due) for r in due] == [(case_id, TODAY - timedelta(5))]
    closed_case(context, 30)  # not due for two months: not on the list yet

    open_in(qtbot, window, case_id)
    assert window.menus.follow_up_action.isEnabled()
    window.menus.follow_up_action.trigger()
    dialog = window.cases.after_closing.follow_up_dialog
    assert dialog is not None
    assert dialog.form.values()[0]["follow_up_status"] is None  # nothing chosen for the officer
    dialog.accept()
    assert dialog.isVisible()  # the status is required
    choose(dialog.form, "follow_up_status", "studies")
    dialog.accept()
    qtbot.waitUntil(lambda: not window.executor.busy)
    closure = CaseService(context).get(case_id).data.closure
    assert closure is not None
    assert (closure.follow_up_date, closure.follow_up_status) == (TODAY, Outcome.STUDIES)
    assert "followed up" in window.editor.subtitle.text()
    assert not [r for r in reminders.reminders(context) if r.kind is ReminderKind.FOLLOW_UP_DUE]


def test_a_case_is_reopened_with_a_reason_the_journal_and_the_log_keep(
    qtbot: QtBot, window: MainWindow, context: ServiceContext, admin_context: ServiceContext
) -> None:
    case_id = closed_case(context, 10)
    open_in(qtbot, window, case_id)
    window.menus.reopen_action.trigger()
    dialog = window.cases.after_closing.reopen_dialog
    assert dialog is not None
    dialog.accept()
    assert dialog.isVisible() and dialog.problem.isVisible()  # no reason, no reopening
    dialog.reason.setPlainText("Anställningen upphörde under provanställningen.")
    dialog.accept()
    qtbot.waitUntil(lambda: not window.executor.busy)
    record = CaseService(context).get(case_id)
    assert record.data.closure is None
    (note,) = record.data.notes
    assert note.text.startswith("Case reopened: Anställningen upphörde")
    assert (note.author, note.kind.value) == ("officer.test", "decision")
    assert "with the outcome Work" in note.text
    (entry,) = [e for e in audit.events(admin_context) if e.action == "case_reopened"]
    assert entry.changes is not None
    assert "'outcome': 'work'" in entry.changes["closure"][0]  # how it had closed
    assert window.menus.close_case_action.isEnabled()


def test_the_service_refuses_what_makes_no_sense(context: ServiceContext) -> None:
    made = CaseService(context).create(case(person={"personal_identity_number": None}))
    with pytest.raises(FieldError, match="only a closed case"):
        case_life.record_follow_up(context, made.id, TODAY, Outcome.WORK, made.version)
    with pytest.raises(FieldError, match="the case is open"):
        case_life.reopen(context, made.id, "fel", made.version)
    closed = closed_case(context, 10)
    version = CaseService(context).get(closed).version
    with pytest.raises(FieldError, match="say why"):
        case_life.reopen(context, closed, "  ", version)
