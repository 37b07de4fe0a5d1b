"""An officer's dated tasks on a case: added, done, listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from nyanland.domain.errors import FieldError, NotFound
from nyanland.domain.roles import Permission
from nyanland.i18n import _
from nyanland.services import audit, deadlines
from nyanland.services.access import require, visible_cases
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.store.models import CaseRow, TaskRow

TITLE_MAX = 200


@dataclass(frozen=True)
class Task:
    id: int
    case_id: int
    title: str
    due_date: date
    done_date: date | None


def add_task(context: ServiceContext, case_id: int, title: str, due_date: date) -> Task:
    if not title.strip():
        raise FieldError("title", _("is required"))
    if len(title) > TITLE_MAX:
        raise FieldError("title", _("is longer than {n} characters").format(n=TITLE_MAX))
    require(context, Permission.CASES, case_id)
    with context.store.writing() as session:
        _visible_case(context, session, case_id)
        row = TaskRow(
            case_id=case_id, title=title.strip(), due_date=due_date, created_at=context.clock.now()
        )
        session.add(row)
        session.flush()
        deadlines.touched(session, [case_id])  # a task's day may be the case's first due
        audit.record(session, context, AuditAction.CASE_CHANGED, case_id, "tasks")
        return _task(row)


def complete_task(context: ServiceContext, task_id: int, done: bool = True) -> Task:
    require(context, Permission.CASES)
    with context.store.writing() as session:
        row = session.get(TaskRow, task_id)
        if row is None:
            raise NotFound(_("the task no longer exists"))
        _visible_case(context, session, row.case_id)
        row.done_date = context.clock.today() if done else None
        deadlines.touched(session, [row.case_id])
        audit.record(session, context, AuditAction.CASE_CHANGED, row.case_id, "tasks")
        return _task(row)


def tasks_of(context: ServiceContext, case_id: int) -> list[Task]:
    """The case's tasks: open ones first by due date, then the done ones."""
    require(context, Permission.CASES, case_id)
    with context.store.reading() as session:
        _visible_case(context, session, case_id)
        rows = session.scalars(select(TaskRow).where(TaskRow.case_id == case_id))
        tasks = [_task(row) for row in rows]
    return sorted(tasks, key=lambda t: (t.done_date is not None, t.due_date, t.id))


def _visible_case(context: ServiceContext, session: Session, case_id: int) -> None:
    found = session.scalar(select(CaseRow.id).where(CaseRow.id == case_id, visible_cases(context)))
    if found is None:
        raise NotFound(_("the case no longer exists"))


def _task(row: TaskRow) -> Task:
    return Task(row.id, row.case_id, row.title, row.due_date, row.done_date)
