"""Retention (gallring): closed cases older than a set number of years are listed for the
administrator and deleted for good.

Before a case goes, its share of every period's statistics is kept as counts only (the form
of a statistics contribution file), so the statistics of past periods do not change; its old
and new values are erased from the audit log, whose entries and seals stay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select, union_all
from sqlalchemy.orm import Session

from nyanland.domain.disclosure import RawFigures
from nyanland.domain.errors import FieldError, KnownError
from nyanland.domain.roles import Permission
from nyanland.domain.timeline import Period, add_years
from nyanland.i18n import _
from nyanland.services import audit
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.batches import chunks
from nyanland.services.context import ServiceContext
from nyanland.services.figures_codec import decode_figures, encode_figures
from nyanland.services.retention_exemptions import not_exempted
from nyanland.services.statistics import figures_in
from nyanland.store.models import (
    CaseRow,
    HouseholdRow,
    HousingRow,
    PlacementRow,
    RetainedFiguresRow,
    SettingRow,
    SfiEnrolmentRow,
    SkillsMappingRow,
)

YEARS_KEY = "retention_years"
DEFAULT_YEARS = 5
MIN_YEARS = 1


class RetentionRefused(KnownError):
    """A case asked to be deleted is not (or no longer) due; nothing was deleted."""


@dataclass(frozen=True)
class DueCase:
    """What the administrator sees of a case due for deletion: no name, no number."""

    id: int
    case_number: str
    reception_date: date
    closure_date: date


def retention_years(context: ServiceContext) -> int:
    with context.store.reading() as session:
        row = session.get(SettingRow, YEARS_KEY)
    return int(row.value) if row is not None else DEFAULT_YEARS


def set_retention_years(context: ServiceContext, years: int) -> None:
    require(context, Permission.ADMINISTER)
    if years < MIN_YEARS:
        raise FieldError("years", _("must be at least {n}").format(n=MIN_YEARS))
    with context.store.writing() as session:
        session.merge(SettingRow(key=YEARS_KEY, value=str(years)))


def cutoff(context: ServiceContext, years: int | None = None) -> date:
    """Cases closed before this day are due."""
    return add_years(context.clock.today(), -(years or retention_years(context)))


def due(context: ServiceContext) -> list[DueCase]:
    require(context, Permission.ADMINISTER)
    before = cutoff(context)
    with context.store.reading() as session:
        rows = session.execute(
            select(CaseRow.id, CaseRow.case_number, CaseRow.reception_date, CaseRow.closure_date)
            .where(CaseRow.closure_date < before, not_exempted())
            .order_by(CaseRow.closure_date, CaseRow.id)
        )
        return [DueCase(i, n, r, c) for i, n, r, c in rows if c is not None]


def delete_due(context: ServiceContext, case_ids: list[int]) -> int:
    """Deletes these cases for good, in one transaction; each must be due."""
    require(context, Permission.ADMINISTER)
    if not case_ids:
        return 0
    wanted = sorted(set(case_ids))
    before = cutoff(context)
    with context.store.writing() as session:
        due_ids = set(
            session.scalars(
                select(CaseRow.id).where(
                    CaseRow.id.in_(wanted), CaseRow.closure_date < before, not_exempted()
                )
            )
        )
        if len(due_ids) != len(wanted):
            raise RetentionRefused(
                _("some of the chosen cases are not due for deletion; nothing was deleted")
            )
        periods = _periods_touched(session, wanted)
        figures_before = {period.code: figures_in(session, period) for period in periods}
        households = set(
            session.scalars(select(CaseRow.household_id).where(CaseRow.id.in_(wanted)))
        )
        for chunk in chunks(wanted):
            # The lists go with their case (ON DELETE CASCADE), tasks and notes included.
            session.execute(delete(CaseRow).where(CaseRow.id.in_(chunk)))
        _drop_empty_households(session, households)
        session.flush()
        for period in periods:
            share = figures_before[period.code].minus(figures_in(session, period))
            if not share.empty:
                _keep(session, period, share)
        audit.erase_changes(session, wanted)
        audit.record(session, context, AuditAction.CASES_DELETED, detail=str(len(wanted)))
    return len(wanted)


def _periods_touched(session: Session, ids: list[int]) -> list[Period]:
    """Every quarter and year from the cases' first reception to their latest date: no
    statistic counts a case before its reception."""
    firsts: list[date] = []
    lasts: list[date] = []
    for chunk in chunks(ids):
        parts = [
            select(CaseRow.reception_date.label("d")).where(CaseRow.id.in_(chunk)),
            select(CaseRow.closure_date.label("d")).where(CaseRow.id.in_(chunk)),
            select(SkillsMappingRow.completed_date.label("d")).where(
                SkillsMappingRow.case_id.in_(chunk)
            ),
        ]
        for table, start, end in (
            (SfiEnrolmentRow, SfiEnrolmentRow.start_date, SfiEnrolmentRow.end_date),
            (PlacementRow, PlacementRow.start_date, PlacementRow.end_date),
            (HousingRow, HousingRow.move_in_date, HousingRow.move_out_date),
        ):
            parts.append(select(start.label("d")).where(table.case_id.in_(chunk)))
            parts.append(select(end.label("d")).where(table.case_id.in_(chunk)))
        dates = union_all(*parts).subquery()
        last = session.scalar(select(func.max(dates.c.d)))
        first = session.scalar(
            select(func.min(CaseRow.reception_date)).where(CaseRow.id.in_(chunk))
        )
        firsts += [first] if first is not None else []
        lasts += [last] if last is not None else []
    if not firsts:
        return []
    first, last = min(firsts), max(lasts)
    periods: list[Period] = []
    quarter = Period.quarter_of(first)
    while quarter.start <= last:
        periods.append(quarter)
        quarter = Period.quarter_of(quarter.end + timedelta(days=1))
    return periods + [Period.parse(str(year)) for year in range(first.year, last.year + 1)]


def _drop_empty_households(session: Session, households: set[int | None]) -> None:
    for household in households - {None}:
        remaining = session.scalar(
            select(func.count(CaseRow.id)).where(CaseRow.household_id == household)
        )
        if not remaining:
            session.execute(delete(HouseholdRow).where(HouseholdRow.id == household))


def _keep(session: Session, period: Period, share: RawFigures) -> None:
    row = session.get(RetainedFiguresRow, period.code)
    if row is None:
        row = RetainedFiguresRow(period=period.code, figures="")
        session.add(row)
    else:
        share = decode_figures(period.code, json.loads(row.figures)).merge(share)
    row.figures = json.dumps(encode_figures(share), separators=(",", ":"))
