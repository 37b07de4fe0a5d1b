"""A case's life after closing: the follow-up 90 days after the end (what the person does
then), and reopening a case that closed too early, with the reason in the journal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from nyanland.domain import journal
from nyanland.domain.case import CaseData, JournalNote, case_problems
from nyanland.domain.changes import changed_values
from nyanland.domain.codes import NoteKind, Outcome
from nyanland.domain.errors import FieldError, ValidationFailed
from nyanland.domain.roles import Permission
from nyanland.i18n import _, format_date
from nyanland.services import audit
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.case_rows import case_data_from_row, row_for_update, write_case
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseRecord
from nyanland.store.models import CaseRow

REASON_MAX = 2000


def record_follow_up(
    context: ServiceContext, case_id: int, on: date, status: Outcome, expected_version: int
) -> CaseRecord:
    """Records the follow-up of a closed case: on which day, and the person's occupation."""
    require(context, Permission.CASES, case_id)
    with context.store.writing() as session:
        row = row_for_update(session, context, case_id, expected_version)
        before = case_data_from_row(row)
        if before.closure is None:
            raise FieldError("closure", _("only a closed case is followed up"))
        after = replace(
            before, closure=replace(before.closure, follow_up_date=on, follow_up_status=status)
        )
        _save(context, session, row, before, after, AuditAction.CASE_CHANGED)
    return CaseService(context).get(case_id)


def reopen(context: ServiceContext, case_id: int, reason: str, expected_version: int) -> CaseRecord:
    """Opens a closed case again. The reason, and how it had closed, go in a journal entry
    (a decision) and the audit log keeps the closure's values."""
    require(context, Permission.CASES, case_id)
    reason = reason.strip()
    if not reason:
        raise FieldError("reason", _("say why the case is reopened"))
    if len(reason) > REASON_MAX:
        raise FieldError("reason", _("is longer than {n} characters").format(n=REASON_MAX))
    now = context.clock.now()
    with context.store.writing() as session:
        row = row_for_update(session, context, case_id, expected_version)
        before = case_data_from_row(row)
        closure = before.closure
        if closure is None:
            raise FieldError("closure", _("the case is open"))
        text = _("Case reopened: {reason} (it had closed on {date} with the outcome {outcome}).")
        said = text.format(
            reason=reason, date=format_date(closure.date), outcome=closure.outcome.label
        )
        note = journal.stamp(
            JournalNote(now.date(), said, kind=NoteKind.DECISION), context.actor.name, now
        )
        after = replace(
            before, closure=None, notes=tuple(sorted((*before.notes, note), key=journal.order))
        )
        _save(context, session, row, before, after, AuditAction.CASE_REOPENED)
    return CaseService(context).get(case_id)


def _save(
    context: ServiceContext,
    session: Session,
    row: CaseRow,
    before: CaseData,
    after: CaseData,
    action: AuditAction,
) -> None:
    problems = case_problems(after, context.clock.today())
    if problems:
        raise ValidationFailed(problems)
    write_case(session, row, after, row.case_number, context.clock.now())
    changes = changed_values(before, after)
    audit.record(
        session,
        context,
        action,
        row.id,
        ", ".join(sorted({name.split("[")[0] for name in changes})),
        changes,
    )
