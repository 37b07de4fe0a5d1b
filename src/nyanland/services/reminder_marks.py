"""Working through the to-do list: an item is snoozed to a date with a reason (it comes back
on that date), or marked done (a task's reminder completes the task). Each is written to the
audit log on its case."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from nyanland.domain.errors import FieldError
from nyanland.domain.reminders import Reminder, ReminderKind
from nyanland.domain.roles import Permission
from nyanland.i18n import _
from nyanland.services import audit, tasks
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.case_rows import visible_case_row
from nyanland.services.context import ServiceContext
from nyanland.store.models import ReminderMarkRow

REASON_MAX = 500


def snooze(context: ServiceContext, reminder: Reminder, until: date, reason: str) -> None:
    """Puts the item aside until `until` (a day after today), saying why."""
    require(context, Permission.CASES, reminder.case_id)
    reason = " ".join(reason.split())
    if not reason:
        raise FieldError("reason", _("say why it waits"))
    if len(reason) > REASON_MAX:
        raise FieldError("reason", _("is longer than {n} characters").format(n=REASON_MAX))
    if until <= context.clock.today():
        raise FieldError("until", _("must be a day after today"))
    _mark(context, reminder, until, reason)


def done(context: ServiceContext, reminder: Reminder) -> None:
    """The item is dealt with: it leaves the list (a task is completed)."""
    require(context, Permission.CASES, reminder.case_id)
    if reminder.kind is ReminderKind.TASK_DUE and reminder.task_id is not None:
        tasks.complete_task(context, reminder.task_id)
        return
    _mark(context, reminder, None, "")


def _mark(context: ServiceContext, reminder: Reminder, until: date | None, reason: str) -> None:
    with context.store.writing() as session:
        visible_case_row(session, context, reminder.case_id)
        key = (reminder.case_id, reminder.kind.value, reminder.due, reminder.detail)
        row = session.scalar(
            select(ReminderMarkRow).where(
                ReminderMarkRow.case_id == key[0],
                ReminderMarkRow.kind == key[1],
                ReminderMarkRow.due == key[2],
                ReminderMarkRow.detail == key[3],
            )
        )
        if row is None:
            row = ReminderMarkRow(case_id=key[0], kind=key[1], due=key[2], detail=key[3])
            session.add(row)
        row.snoozed_until, row.reason = until, reason
        row.marked_by, row.marked_at = context.actor.name, context.clock.now()
        what = f"{reminder.kind.value} {reminder.due.isoformat()}"
        said = f"{what} → {until.isoformat()}" if until else f"{what} done"
        audit.record(session, context, AuditAction.REMINDER_MARKED, reminder.case_id, said)
