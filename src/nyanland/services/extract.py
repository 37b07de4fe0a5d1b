"""The register extract (registerutdrag) of one person, for the officer to hand over."""

from __future__ import annotations

from sqlalchemy import select

from nyanland.domain.roles import Permission
from nyanland.services import audit, statistics
from nyanland.services.access import require
from nyanland.services.audit import AuditAction, action_label
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.tasks import tasks_of
from nyanland.store.models import AuditEventRow

# What the person is told about: who looked at, changed or handed out their data.
_TOLD = {
    AuditAction.CASE_CREATED,
    AuditAction.CASE_VIEWED,
    AuditAction.CASE_CHANGED,
    AuditAction.CASE_CLOSED,
    AuditAction.CASE_PRINTED,
}


def register_extract(context: ServiceContext, case_id: int) -> bytes:
    """The PDF; writing it is logged as a print of the case."""
    # ReportLab loads only when a document is written, not with every command.
    from nyanland.reports.register_extract_pdf import AccessEntry, TaskEntry, register_extract_pdf

    require(context, Permission.CASES, case_id)
    record = CaseService(context).get(case_id)
    tasks = [TaskEntry(t.title, t.due_date, t.done_date) for t in tasks_of(context, case_id)]
    with context.store.writing() as session:
        rows = session.scalars(
            select(AuditEventRow)
            .where(AuditEventRow.case_id == case_id, AuditEventRow.action.in_(_TOLD))
            .order_by(AuditEventRow.id)
        )
        access = [AccessEntry(r.occurred_at, r.actor, action_label(r.action)) for r in rows]
        audit.record(session, context, AuditAction.CASE_PRINTED, case_id)
    return register_extract_pdf(
        record.data,
        record.case_number,
        record.assigned_officer,
        tasks,
        access,
        statistics.municipality_name(context),
        context.clock.today(),
    )
