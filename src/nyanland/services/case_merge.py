"""*Slå ihop ärenden*: two cases of one person joined into one in one transaction. The kept
case holds every part of both (domain/joined_cases.py), the other's tasks move with it, the
other case is removed (and, on a laptop copy, removed on the server at the next sync), and the
audit log says which case went into which."""

from __future__ import annotations

from sqlalchemy import update

from nyanland.domain.case import case_problems
from nyanland.domain.changes import changed_values
from nyanland.domain.errors import FieldError, ValidationFailed
from nyanland.domain.joined_cases import join
from nyanland.domain.roles import Permission
from nyanland.i18n import _
from nyanland.services import audit, deadlines
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.case_rows import (
    case_data_from_row,
    delete_case_row,
    note_deletion,
    row_for_update,
    write_case,
)
from nyanland.services.cases import CaseService, duplicate_problems
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseRecord
from nyanland.store.models import LetterRow, MeetingRow, TaskRow


def merge_cases(context: ServiceContext, kept: CaseRecord, other: CaseRecord) -> CaseRecord:
    """Joins `other` into `kept`, both as the officer saw them (StaleVersion if either was
    saved by someone since)."""
    require(context, Permission.CASES, kept.id)
    require(context, Permission.CASES, other.id)
    if kept.id == other.id:
        raise FieldError("case_number", _("a case cannot be joined with itself"))
    now = context.clock.now()
    with context.store.writing() as session:
        rows = {r.id: row_for_update(session, context, r.id, r.version) for r in (kept, other)}
        kept_row, other_row = rows[kept.id], rows[other.id]
        before, theirs = case_data_from_row(kept_row), case_data_from_row(other_row)
        joined = join(before, theirs, other_row.case_number, context.actor.name, now)
        problems = case_problems(joined, context.clock.today())
        if problems:
            raise ValidationFailed(problems)
        session.execute(update(TaskRow).where(TaskRow.case_id == other.id).values(case_id=kept.id))
        deadlines.touched(session, [kept.id])  # its tasks are the kept case's now
        # The letters sent to the person stay on record, with the case that is kept.
        for moved in (LetterRow, MeetingRow):
            session.execute(update(moved).where(moved.case_id == other.id).values(case_id=kept.id))
        if kept_row.household_id is None:
            kept_row.household_id = other_row.household_id
        other_number = other_row.case_number
        audit.record(
            session,
            context,
            AuditAction.CASES_MERGED,
            other.id,
            _("{other} joined into {kept}").format(other=other_number, kept=kept_row.case_number),
        )
        note_deletion(session, other_row.uid, now)
        delete_case_row(session, other_row)  # first: its identity number may move to the kept
        session.flush()
        problems = duplicate_problems(session, joined, kept.id)
        if problems:
            raise ValidationFailed(problems)
        write_case(session, kept_row, joined, kept_row.case_number, now)
        changes = changed_values(before, joined)
        audit.record(
            session,
            context,
            AuditAction.CASES_MERGED,
            kept.id,
            _("{other} joined into {kept}").format(other=other_number, kept=kept_row.case_number),
            changes,
        )
    return CaseService(context).get(kept.id)
