"""Work on several cases at once, chosen in the case list: give them to an officer, close them
with one date and outcome, or print a list of them. Each is one transaction: a case that
cannot take the change (closing before its reception, a case gone) refuses the whole step,
naming that case, and nothing is changed. Every case gets its own audit entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from nyanland.domain.case import Closure, case_problems
from nyanland.domain.errors import FieldError, NotFound
from nyanland.domain.roles import Permission
from nyanland.i18n import _
from nyanland.reports.case_list_pdf import ListedCase, case_list_pdf
from nyanland.reports.files import write_bytes_atomically
from nyanland.services import audit
from nyanland.services.access import require, visible_cases
from nyanland.services.audit import AuditAction
from nyanland.services.batches import chunks
from nyanland.services.case_rows import case_data_from_row, with_lists
from nyanland.services.cases import check_officer, give_row
from nyanland.services.context import ServiceContext
from nyanland.store.models import CaseRow

MAX_CASES = 5000  # one step; more is a hand-over (Administration → Ärendefördelning)


@dataclass(frozen=True)
class Done:
    changed: int
    unchanged: int  # already so (assigned to that officer, closed)


def assign_cases(context: ServiceContext, case_ids: Sequence[int], officer: str | None) -> Done:
    """The cases to `officer` (None: to nobody). A protected person's case given away leaves
    the giver's sight at once (on a team server the server's own function hands it on)."""
    with context.store.writing() as session:
        rows = _load(session, context, case_ids, lists=False)
        check_officer(session, officer)
        changed = 0
        for row in rows:
            if row.assigned_officer != officer:
                changed += 1
                give_row(session, context, row, officer)
    return Done(changed, len(rows) - changed)


def close_cases(context: ServiceContext, case_ids: Sequence[int], closure: Closure) -> Done:
    """The open cases among them closed with one date and outcome; closed ones stay as they
    are. Each is checked by the rules of a closure first."""
    today = context.clock.today()
    with context.store.writing() as session:
        rows = _load(session, context, case_ids, lists=True)
        now, changed = context.clock.now(), 0
        for row in rows:
            if row.closure_date is not None:
                continue
            data = replace(case_data_from_row(row), closure=closure)
            problems = [p for p in case_problems(data, today) if p.field.startswith("closure")]
            if problems:
                raise FieldError(problems[0].field, f"{row.case_number}: {problems[0].problem}")
            row.closure_date, row.closure_outcome = closure.date, closure.outcome.value
            row.updated_at, row.version = now, row.version + 1
            changed += 1
            session.flush()
            audit.record(session, context, AuditAction.CASE_CLOSED, row.id, closure.outcome.value)
    return Done(changed, len(rows) - changed)


def print_list(context: ServiceContext, case_ids: Sequence[int], destination: Path) -> int:
    """Writes a PDF list of the cases, in the order given; each case's print is logged (as a
    register extract's is), in the transaction that read them."""
    with context.store.writing() as session:
        rows = _load(session, context, case_ids, lists=False)
        cases = [
            ListedCase(
                row.case_number,
                f"{row.first_name} {row.last_name}",
                row.birth_date,
                row.reception_date,
                row.assigned_officer,
                row.closure_date,
            )
            for row in rows
        ]
        pdf = case_list_pdf(cases, context.actor.name, context.clock.today())
        write_bytes_atomically(destination, pdf)
        audit.record_many(
            session, context, AuditAction.CASE_PRINTED, [(row.id, "list", None) for row in rows]
        )
    return len(cases)


def _load(
    session: Session, context: ServiceContext, case_ids: Sequence[int], lists: bool
) -> list[CaseRow]:
    require(context, Permission.CASES)
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        raise FieldError("cases", _("choose one or more cases in the list"))
    if len(ids) > MAX_CASES:
        raise FieldError("cases", _("at most {n} cases at once: choose fewer").format(n=MAX_CASES))
    found: dict[int, CaseRow] = {}
    for part in chunks(ids):
        query = select(CaseRow).where(CaseRow.id.in_(part), visible_cases(context))
        if lists:
            query = query.options(*with_lists())
        found.update((row.id, row) for row in session.scalars(query))
    if len(found) != len(ids):
        raise NotFound(
            _("{n} of the chosen cases no longer exist: the list is shown again").format(
                n=len(ids) - len(found)
            )
        )
    return [found[case_id] for case_id in ids]
