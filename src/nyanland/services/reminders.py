"""Reminders across the open cases (and the closed ones due their follow-up), each kind found
by one query (never case by case).

Each kind's rule is written once, as a condition "due on or before `horizon`": the to-do list
asks it with a horizon some days ahead, the case list's overdue filter with yesterday."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from nyanland.domain.codes import HousingKind
from nyanland.domain.reminders import CasePhase, Reminder, ReminderKind, urgency
from nyanland.domain.roles import Permission
from nyanland.domain.timeline import DEFAULT_RULES, TimelineRules, add_months
from nyanland.services.access import require, visible_cases
from nyanland.services.batches import chunks
from nyanland.services.context import ServiceContext
from nyanland.services.sql_dates import aged_at_least, days_later, earliest, first_day_months_on
from nyanland.store.models import (
    CaseRow,
    HousingRow,
    PlacementRow,
    ReminderMarkRow,
    SfiEnrolmentRow,
    SkillsMappingRow,
    TaskRow,
)

SFI_WARNING_DAYS = 14
HOUSING_WARNING_DAYS = 30
TASK_WARNING_DAYS = 7
FOLLOW_UP_WARNING_DAYS = 14
FOLLOW_UP_GIVEN_UP_DAYS = 365
ADULT_AGE = 18
TEMPORARY = (HousingKind.TEMPORARY.value, HousingKind.EVACUATION.value)


def reminders(
    context: ServiceContext,
    rules: TimelineRules = DEFAULT_RULES,
    only_mine: bool = False,
    case_id: int | None = None,
    until: date | None = None,
) -> list[Reminder]:
    """Everything needing action now or soon, most urgent first; `only_mine`: of the cases
    assigned to the signed-in officer; `case_id`: of that case alone (the to-do list keeps
    itself up to date after a save with these, instead of counting every case again);
    `until`: every deadline up to that day, however far ahead (the calendar's month)."""
    require(context, Permission.CASES)
    today = context.clock.today()
    scope = visible_cases(context)
    if only_mine:
        scope = and_(scope, CaseRow.assigned_officer == context.actor.name)
    if case_id is not None:
        scope = and_(scope, CaseRow.id == case_id)
    with context.store.reading() as session:

        def ahead(days: int) -> date:
            return until if until is not None else today + timedelta(days)

        found = (
            _sfi_not_started(session, scope, ahead(SFI_WARNING_DAYS), rules)
            + _mapping_missing(session, scope, ahead(0), rules)
            + _temporary_housing_ending(session, scope, today, until)
            + _establishment_ending(
                session, scope, ahead(rules.establishment_ending_warning_days), rules
            )
            + _tasks_due(session, scope, ahead(TASK_WARNING_DAYS))
            + _follow_ups_due(session, scope, ahead(FOLLOW_UP_WARNING_DAYS), rules)
        )
        put_aside = _put_aside(session, scope, today)
        found = [r for r in found if (r.case_id, r.kind.value, r.due, r.detail) not in put_aside]
        officers = _officers(session, {r.case_id for r in found})
    found = [replace(r, officer=officers.get(r.case_id)) for r in found]
    return sorted(found, key=urgency)


def _officers(session: Session, case_ids: set[int]) -> dict[int, str | None]:
    officers: dict[int, str | None] = {}
    for part in chunks(sorted(case_ids)):
        rows = session.execute(
            select(CaseRow.id, CaseRow.assigned_officer).where(CaseRow.id.in_(part))
        )
        officers.update({case_id: officer for case_id, officer in rows})
    return officers


def _put_aside(
    session: Session, scope: ColumnElement[bool], today: date
) -> set[tuple[int, str, date, str]]:
    """The items marked done, or snoozed to a date still to come (services/reminder_marks.py)."""
    rows = session.execute(
        select(
            ReminderMarkRow.case_id,
            ReminderMarkRow.kind,
            ReminderMarkRow.due,
            ReminderMarkRow.detail,
        )
        .join(CaseRow, CaseRow.id == ReminderMarkRow.case_id)
        .where(
            scope,
            or_(ReminderMarkRow.snoozed_until.is_(None), ReminderMarkRow.snoozed_until > today),
        )
    )
    return {(case_id, kind, due, detail) for case_id, kind, due, detail in rows}


def overdue(
    today: date, rules: TimelineRules = DEFAULT_RULES, open_only: bool = False
) -> ColumnElement[bool]:
    """A condition on a case: some reminder of it is past its date. With `open_only`, for
    open cases alone (a count of them: the follow-up, which only a closed case has, and
    its column are left out)."""
    yesterday = today - timedelta(days=1)
    follow_up = [] if open_only else [follow_up_due(yesterday, rules)]
    # The case's first day due, kept with it (services/deadlines.py, written from `due_on`
    # below): one index range, where the rules above would be worked out for each case.
    return or_(and_(_open(), CaseRow.due_on <= yesterday), *follow_up)


def overdue_by_the_rules(today: date, rules: TimelineRules = DEFAULT_RULES) -> ColumnElement[bool]:
    """`overdue(today, open_only=True)` asked of the rules themselves, case by case: what
    the kept `due_on` must always answer alike (the tests ask both)."""
    yesterday = today - timedelta(days=1)
    later = aliased(HousingRow)
    return or_(
        sfi_due(yesterday, rules),
        mapping_due(yesterday, rules),
        establishment_due(yesterday, rules),
        select(HousingRow.id)
        .where(HousingRow.case_id == CaseRow.id, *_housing_ends_by(yesterday, later))
        .exists(),
        select(TaskRow.id).where(TaskRow.case_id == CaseRow.id, *_task_due_by(yesterday)).exists(),
    )


# -- the same rules as the first day each holds (kept with the case: services/deadlines.py) --


def due_on(rules: TimelineRules = DEFAULT_RULES) -> ColumnElement[date]:
    """The first day `h` on which one of the rules "due by h" of an open case holds, from
    its own columns and lists (NULL: none ever will)."""
    received = CaseRow.reception_date
    sfi = case(
        (
            and_(aged_at_least(received, rules.sfi_min_age), ~_has_sfi()),
            days_later(received, rules.sfi_start_deadline_days),
        )
    )
    mapped = (
        select(SkillsMappingRow.case_id)
        .where(
            SkillsMappingRow.case_id == CaseRow.id,
            SkillsMappingRow.completed_date.is_not(None),
        )
        .exists()
    )
    mapping = case(
        (
            and_(aged_at_least(received, ADULT_AGE), ~mapped),
            days_later(received, rules.skills_mapping_goal_days),
        )
    )
    housing = (
        select(func.min(HousingRow.move_out_date))
        .where(HousingRow.case_id == CaseRow.id, *_no_next_home(aliased(HousingRow)))
        .scalar_subquery()
    )
    task = (
        select(func.min(TaskRow.due_date))
        .where(TaskRow.case_id == CaseRow.id, TaskRow.done_date.is_(None))
        .scalar_subquery()
    )
    return earliest(sfi, mapping, ends_on(rules), housing, task)


def ends_on(rules: TimelineRules = DEFAULT_RULES) -> ColumnElement[date]:
    """The first day `establishment_due` holds (adults; NULL for a child)."""
    start = func.coalesce(CaseRow.establishment_programme_start, CaseRow.reception_date)
    return case(
        (
            aged_at_least(CaseRow.reception_date, ADULT_AGE),
            first_day_months_on(start, rules.establishment_months),
        )
    )


def _has_sfi() -> ColumnElement[bool]:
    return select(SfiEnrolmentRow.id).where(SfiEnrolmentRow.case_id == CaseRow.id).exists()


def in_sfi() -> ColumnElement[bool]:
    return _has_sfi()


def _ending_by(today: date, rules: TimelineRules) -> date:
    return today + timedelta(days=rules.establishment_ending_warning_days)


def _placement_now(today: date) -> list[ColumnElement[bool]]:
    return [
        PlacementRow.start_date <= today,
        or_(PlacementRow.end_date.is_(None), PlacementRow.end_date >= today),
    ]


# -- the rules, each once ---------------------------------------------------------------------


def _open() -> ColumnElement[bool]:
    return CaseRow.closure_date.is_(None)


def sfi_due(horizon: date, rules: TimelineRules) -> ColumnElement[bool]:
    """Open, 16 or older at reception, no SFI yet, and the 90 days run out by `horizon`."""
    return and_(
        _open(),
        CaseRow.reception_date <= horizon - timedelta(days=rules.sfi_start_deadline_days),
        aged_at_least(CaseRow.reception_date, rules.sfi_min_age),
        ~select(SfiEnrolmentRow.id).where(SfiEnrolmentRow.case_id == CaseRow.id).exists(),
    )


def mapping_due(horizon: date, rules: TimelineRules) -> ColumnElement[bool]:
    """Open, an adult at reception, and no completed skills mapping by the goal date."""
    return and_(
        _open(),
        CaseRow.reception_date <= horizon - timedelta(days=rules.skills_mapping_goal_days),
        aged_at_least(CaseRow.reception_date, ADULT_AGE),
        ~select(SkillsMappingRow.case_id)
        .where(
            SkillsMappingRow.case_id == CaseRow.id,
            SkillsMappingRow.completed_date.is_not(None),
        )
        .exists(),
    )


def establishment_due(horizon: date, rules: TimelineRules) -> ColumnElement[bool]:
    """Open, an adult, and 24 months from the programme start (or reception) end by `horizon`."""
    start = func.coalesce(CaseRow.establishment_programme_start, CaseRow.reception_date)
    return and_(
        _open(),
        start <= add_months(horizon, -rules.establishment_months),
        aged_at_least(CaseRow.reception_date, ADULT_AGE),
    )


def follow_up_due(horizon: date, rules: TimelineRules) -> ColumnElement[bool]:
    """Closed, not followed up, and the follow-up day (90 days after the end) by `horizon`;
    not for cases closed over a year before it (a follow-up then says nothing of the end)."""
    return and_(
        CaseRow.closure_date <= horizon - timedelta(days=rules.follow_up_days),
        CaseRow.closure_date > horizon - timedelta(days=FOLLOW_UP_GIVEN_UP_DAYS),
        CaseRow.follow_up_date.is_(None),
    )


def _housing_ends_by(horizon: date, later: type[HousingRow]) -> list[ColumnElement[bool]]:
    """Temporary housing ending by `horizon` with no next home recorded (open cases)."""
    return [_open(), HousingRow.move_out_date <= horizon, *_no_next_home(later)]


def _no_next_home(later: type[HousingRow]) -> list[ColumnElement[bool]]:
    """A temporary contract with an end and no home moved into from that day on."""
    return [
        HousingRow.kind.in_(TEMPORARY),
        HousingRow.move_out_date.is_not(None),
        ~select(later.id)
        .where(later.case_id == HousingRow.case_id, later.move_in_date >= HousingRow.move_out_date)
        .exists(),
    ]


def _task_due_by(horizon: date) -> list[ColumnElement[bool]]:
    return [_open(), TaskRow.done_date.is_(None), TaskRow.due_date <= horizon]


# -- the to-do list ---------------------------------------------------------------------------


def _name() -> ColumnElement[str]:
    return CaseRow.first_name + " " + CaseRow.last_name


def _sfi_not_started(
    session: Session, scope: ColumnElement[bool], horizon: date, rules: TimelineRules
) -> list[Reminder]:
    condition = and_(scope, sfi_due(horizon, rules))
    days = rules.sfi_start_deadline_days
    return _days_after_reception(session, condition, ReminderKind.SFI_NOT_STARTED, days)


def _mapping_missing(
    session: Session, scope: ColumnElement[bool], horizon: date, rules: TimelineRules
) -> list[Reminder]:
    condition = and_(scope, mapping_due(horizon, rules))
    days = rules.skills_mapping_goal_days
    return _days_after_reception(session, condition, ReminderKind.MAPPING_MISSING, days)


def _days_after_reception(
    session: Session, condition: ColumnElement[bool], kind: ReminderKind, days: int
) -> list[Reminder]:
    """Reminders whose date is a number of days after reception, for the cases matching."""
    rows = session.execute(
        select(CaseRow.id, CaseRow.case_number, _name(), CaseRow.reception_date).where(condition)
    )
    return [
        Reminder(i, n, name, kind, received + timedelta(days=days)) for i, n, name, received in rows
    ]


def _temporary_housing_ending(
    session: Session, scope: ColumnElement[bool], today: date, until: date | None = None
) -> list[Reminder]:
    """Contracts ending soon or lately (the to-do list), or by `until` (the calendar)."""
    later = aliased(HousingRow)
    horizon = until if until is not None else today + timedelta(days=HOUSING_WARNING_DAYS)
    recent = (
        [HousingRow.move_out_date >= today - timedelta(days=HOUSING_WARNING_DAYS)]
        if until is None
        else []
    )
    rows = session.execute(
        select(CaseRow.id, CaseRow.case_number, _name(), HousingRow.move_out_date)
        .join(HousingRow, HousingRow.case_id == CaseRow.id)
        .where(*_housing_ends_by(horizon, later), *recent, scope)
    )
    return [
        Reminder(i, n, name, ReminderKind.TEMPORARY_HOUSING_ENDING, ends)
        for i, n, name, ends in rows
        if ends is not None  # the query asked for a move-out date
    ]


def _establishment_ending(
    session: Session, scope: ColumnElement[bool], horizon: date, rules: TimelineRules
) -> list[Reminder]:
    rows = session.execute(
        select(
            CaseRow.id,
            CaseRow.case_number,
            _name(),
            CaseRow.reception_date,
            CaseRow.establishment_programme_start,
        ).where(establishment_due(horizon, rules), scope)
    )
    return [
        Reminder(
            i,
            n,
            name,
            ReminderKind.ESTABLISHMENT_ENDING,
            add_months(programme or received, rules.establishment_months),
        )
        for i, n, name, received, programme in rows
    ]


def _tasks_due(session: Session, scope: ColumnElement[bool], horizon: date) -> list[Reminder]:
    rows = session.execute(
        select(
            CaseRow.id, CaseRow.case_number, _name(), TaskRow.due_date, TaskRow.title, TaskRow.id
        )
        .join(TaskRow, TaskRow.case_id == CaseRow.id)
        .where(*_task_due_by(horizon), scope)
    )
    return [
        Reminder(i, n, name, ReminderKind.TASK_DUE, due, title, task)
        for i, n, name, due, title, task in rows
    ]


def _follow_ups_due(
    session: Session, scope: ColumnElement[bool], horizon: date, rules: TimelineRules
) -> list[Reminder]:
    rows = session.execute(
        select(CaseRow.id, CaseRow.case_number, _name(), CaseRow.closure_date).where(
            follow_up_due(horizon, rules), scope
        )
    )
    return [
        Reminder(i, n, name, ReminderKind.FOLLOW_UP_DUE, closed + timedelta(rules.follow_up_days))
        for i, n, name, closed in rows
        if closed is not None  # the query asked for a closed case
    ]


def phase(today: date, rules: TimelineRules = DEFAULT_RULES) -> ColumnElement[str]:
    """A case's phase on `today`, as an SQL expression (CasePhase codes)."""
    return case(
        (CaseRow.closure_date.is_not(None), CasePhase.CLOSED.value),
        (ending(today, rules), CasePhase.ENDING.value),
        (placement_now(today), CasePhase.PLACEMENT.value),
        (CaseRow.in_sfi, CasePhase.SFI.value),  # kept with the case, as `in_sfi` above
        else_=CasePhase.NEW.value,
    )


def ending(today: date, rules: TimelineRules = DEFAULT_RULES) -> ColumnElement[bool]:
    """An open case's establishment period ends within the warning's days (`ends_on`, kept)."""
    return CaseRow.ends_on <= _ending_by(today, rules)


def placed_today(today: date) -> Select[int]:
    """The cases with a placement running today (as `placement_now`, for many at once)."""
    return select(PlacementRow.case_id).where(*_placement_now(today))


def placement_now(today: date) -> ColumnElement[bool]:
    return (
        select(PlacementRow.id)
        .where(PlacementRow.case_id == CaseRow.id, *_placement_now(today))
        .exists()
    )
