"""The caseload overview: how many open cases stand in each phase, how many have something
overdue, what happened this quarter against the last, and each officer's open cases.

An officer's overview counts the cases the officer may see (or only their own), and each of
its numbers is a filter of the case list (services/case_events.py, `CaseQuery`), so the list
behind a number holds exactly that many. A coordinator's (and an administrator's) is
anonymised: only the quarters' totals and the open cases, every count of 1 to k−1 hidden (on a
team server by the server itself, store/server_statistics.py); no phase, no officer, nothing
that opens a list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, case, func, or_, select, text
from sqlalchemy.orm import Session

from nyanland.domain.disclosure import DEFAULT_THRESHOLD
from nyanland.domain.reminders import CasePhase
from nyanland.domain.roles import Permission
from nyanland.domain.timeline import Period
from nyanland.services import reminders
from nyanland.services.access import hidden_cases, require, visible_cases
from nyanland.services.case_events import happened, started
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseEvent
from nyanland.store.models import CaseRow


@dataclass(frozen=True)
class Overview:
    this_quarter: Period
    last_quarter: Period
    open: int | None  # None: hidden (a small count, anonymised)
    events: dict[CaseEvent, tuple[int | None, int | None]]  # this quarter, the last
    phases: dict[CasePhase, int]  # open cases; empty when anonymised
    overdue: int | None  # open cases with something overdue; None when anonymised
    per_officer: tuple[tuple[str | None, int], ...]  # open cases; empty when anonymised
    anonymised: bool
    threshold: int


def overview(
    context: ServiceContext, only_mine: bool = False, threshold: int = DEFAULT_THRESHOLD
) -> Overview:
    """The officer's overview of the cases it sees (or its own); the anonymised one for a
    role that may read statistics but no case."""
    this = Period.quarter_of(context.clock.today())
    last = this.previous()
    if not context.actor.may(Permission.CASES):
        require(context, Permission.STATISTICS)
        return _anonymised(context, this, last, threshold)
    scope: list[ColumnElement[bool]] = [visible_cases(context)]
    if only_mine:
        scope.append(CaseRow.assigned_officer == context.actor.name)
    today = context.clock.today()
    still_open = [*scope, CaseRow.closure_date.is_(None)]
    with context.store.reading() as session:
        phases = _phases(session, still_open, today)
        late = _count(session, [*still_open, reminders.overdue(today, open_only=True)])
        events: dict[CaseEvent, tuple[int | None, int | None]] = {
            event: (
                _happened(session, context, scope, only_mine, event, this),
                _happened(session, context, scope, only_mine, event, last),
            )
            for event in CaseEvent
        }
        per_officer = tuple(
            (officer, count)
            for officer, count in session.execute(
                select(CaseRow.assigned_officer, func.count(CaseRow.id))
                .where(*still_open)
                .group_by(CaseRow.assigned_officer)
                .order_by(func.count(CaseRow.id).desc(), CaseRow.assigned_officer)
            )
        )
    return Overview(
        this,
        last,
        sum(phases.values()),
        events,
        phases,
        late,
        per_officer,
        anonymised=False,
        threshold=threshold,
    )


def _phases(
    session: Session, still_open: list[ColumnElement[bool]], today: date
) -> dict[CasePhase, int]:
    """The open cases in each phase, in reminders.phase's order (ending, in a placement, in
    SFI, new), counted from what each case keeps (services/deadlines.py) by index ranges and
    the placements running today, never case by case: the list's phase filter holds as many."""
    ending = reminders.ending(today)
    not_ending = or_(CaseRow.ends_on.is_(None), ~ending)
    total = _count(session, still_open)
    ends = _count(session, [*still_open, ending])
    in_sfi = _count(session, [*still_open, not_ending, CaseRow.in_sfi.is_(True)])
    placed, placed_in_sfi = session.execute(
        select(func.count(CaseRow.id), func.sum(case((CaseRow.in_sfi, 1), else_=0))).where(
            *still_open, not_ending, CaseRow.id.in_(reminders.placed_today(today))
        )
    ).one()
    sfi = in_sfi - (placed_in_sfi or 0)
    return {
        CasePhase.NEW: total - ends - placed - sfi,
        CasePhase.SFI: sfi,
        CasePhase.PLACEMENT: placed,
        CasePhase.ENDING: ends,
    }


def _anonymised(context: ServiceContext, this: Period, last: Period, threshold: int) -> Overview:
    def shown(count: int) -> int | None:
        return None if 0 < count < threshold else count

    with context.store.reading() as session:
        if session.info.get("server_rules"):
            # The server hides the small counts itself (store/server_statistics.py).
            return _counted_by_server(session, this, last, threshold)
        events = {
            event: (
                shown(_count(session, [happened(event, this)])),
                shown(_count(session, [happened(event, last)])),
            )
            for event in CaseEvent
        }
        still_open = _count(session, [CaseRow.closure_date.is_(None)])
    return Overview(
        this,
        last,
        shown(still_open),
        events,
        {},
        None,
        (),
        anonymised=True,
        threshold=threshold,
    )


def _counted_by_server(session: Session, this: Period, last: Period, threshold: int) -> Overview:
    counted: dict[str, dict[str, int | None]] = {}
    for quarter in (this, last):
        found = session.execute(
            text("SELECT counted, number FROM nyanland_quarter_counts(:quarter, :k)"),
            {"quarter": quarter.code, "k": threshold},
        )
        counted[quarter.code] = {what: number for what, number in found}
    events = {
        event: (counted[this.code][event.value], counted[last.code][event.value])
        for event in CaseEvent
    }
    open_now = counted[this.code]["open"]
    return Overview(
        this, last, open_now, events, {}, None, (), anonymised=True, threshold=threshold
    )


def _happened(
    session: Session,
    context: ServiceContext,
    scope: list[ColumnElement[bool]],
    only_mine: bool,
    event: CaseEvent,
    period: Period,
) -> int:
    """The cases of the scope to which `event` happened in the period, as many as the list
    behind the number holds (`happened`). A course or placement is counted in its own
    table's index, less the protected cases hidden from the officer (a few, by their own
    index): a case's row is not read for each of thousands."""
    if event in (CaseEvent.RECEIVED, CaseEvent.CLOSED) or only_mine:
        return _count(session, [*scope, happened(event, period)])
    ids = started(event, period).subquery()
    everyone = session.scalar(select(func.count()).select_from(ids)) or 0
    hidden = select(func.count()).where(ids.c.case_id.in_(hidden_cases(context, CaseRow.id)))
    return everyone - (session.scalar(hidden) or 0)


def _count(session: Session, conditions: list[ColumnElement[bool]]) -> int:
    return session.execute(select(func.count(CaseRow.id)).where(*conditions)).scalar() or 0
