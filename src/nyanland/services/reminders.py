"""Reminders across the open cases, each found by one query (never case by case)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from nyanland.domain.codes import HousingKind
from nyanland.domain.reminders import Reminder, ReminderKind
from nyanland.domain.timeline import DEFAULT_RULES, TimelineRules, add_months
from nyanland.services.context import ServiceContext
from nyanland.services.sql_dates import age_at
from nyanland.store.models import CaseRow, HousingRow, SfiEnrolmentRow, SkillsMappingRow, TaskRow

HOUSING_WARNING_DAYS = 30
TASK_WARNING_DAYS = 7
ADULT_AGE = 18


def reminders(context: ServiceContext, rules: TimelineRules = DEFAULT_RULES) -> list[Reminder]:
    """Everything needing action now or soon, most urgent first."""
    today = context.clock.today()
    with context.store.reading() as session:
        found = (
            _sfi_not_started(session, today, rules)
            + _mapping_missing(session, today, rules)
            + _temporary_housing_ending(session, today)
            + _establishment_ending(session, today, rules)
            + _tasks_due(session, today)
        )
    return sorted(found, key=lambda r: (r.due, r.case_number, r.kind.value))


def _open() -> ColumnElement[bool]:
    return CaseRow.closure_date.is_(None)


def _name() -> ColumnElement[str]:
    return CaseRow.first_name + " " + CaseRow.last_name


def _sfi_not_started(session: Session, today: date, rules: TimelineRules) -> list[Reminder]:
    # Shown two weeks before the deadline, so there is still time to act.
    rows = session.execute(
        select(CaseRow.id, CaseRow.case_number, _name(), CaseRow.reception_date).where(
            _open(),
            CaseRow.reception_date <= today - timedelta(days=rules.sfi_start_deadline_days - 14),
            age_at(CaseRow.reception_date) >= rules.sfi_min_age,
            ~select(SfiEnrolmentRow.id).where(SfiEnrolmentRow.case_id == CaseRow.id).exists(),
        )
    )
    return [
        Reminder(i, n, name, ReminderKind.SFI_NOT_STARTED,
                 received + timedelta(days=rules.sfi_start_deadline_days))
        for i, n, name, received in rows
    ]  # fmt: skip


def _mapping_missing(session: Session, today: date, rules: TimelineRules) -> list[Reminder]:
    rows = session.execute(
        select(CaseRow.id, CaseRow.case_number, _name(), CaseRow.reception_date).where(
            _open(),
            CaseRow.reception_date <= today - timedelta(days=rules.skills_mapping_goal_days),
            age_at(CaseRow.reception_date) >= ADULT_AGE,
            ~select(SkillsMappingRow.case_id)
            .where(
                SkillsMappingRow.case_id == CaseRow.id,
                SkillsMappingRow.completed_date.is_not(None),
            )
            .exists(),
        )
    )
    return [
        Reminder(i, n, name, ReminderKind.MAPPING_MISSING,
                 received + timedelta(days=rules.skills_mapping_goal_days))
        for i, n, name, received in rows
    ]  # fmt: skip


def _temporary_housing_ending(session: Session, today: date) -> list[Reminder]:
    later = aliased(HousingRow)
    rows = session.execute(
        select(CaseRow.id, CaseRow.case_number, _name(), HousingRow.move_out_date)
        .join(HousingRow, HousingRow.case_id == CaseRow.id)
        .where(
            _open(),
            HousingRow.kind.in_([HousingKind.TEMPORARY.value, HousingKind.EVACUATION.value]),
            HousingRow.move_out_date <= today + timedelta(days=HOUSING_WARNING_DAYS),
            HousingRow.move_out_date >= today - timedelta(days=HOUSING_WARNING_DAYS),
            # No next home recorded yet.
            ~select(later.id)
            .where(
                later.case_id == HousingRow.case_id, later.move_in_date >= HousingRow.move_out_date
            )
            .exists(),
        )
    )
    return [
        Reminder(i, n, name, ReminderKind.TEMPORARY_HOUSING_ENDING, ends)
        for i, n, name, ends in rows
        if ends is not None  # the query asked for a move-out date
    ]


def _establishment_ending(session: Session, today: date, rules: TimelineRules) -> list[Reminder]:
    start = func.coalesce(CaseRow.establishment_programme_start, CaseRow.reception_date)
    latest_start = add_months(
        today + timedelta(days=rules.establishment_ending_warning_days),
        -rules.establishment_months,
    )
    rows = session.execute(
        select(CaseRow.id, CaseRow.case_number, _name(), CaseRow.reception_date,
               CaseRow.establishment_programme_start)
        .where(_open(), start <= latest_start, age_at(CaseRow.reception_date) >= ADULT_AGE)
    )  # fmt: skip
    return [
        Reminder(i, n, name, ReminderKind.ESTABLISHMENT_ENDING,
                 add_months(programme or received, rules.establishment_months))
        for i, n, name, received, programme in rows
    ]  # fmt: skip


def _tasks_due(session: Session, today: date) -> list[Reminder]:
    rows = session.execute(
        select(CaseRow.id, CaseRow.case_number, _name(), TaskRow.due_date, TaskRow.title)
        .join(TaskRow, TaskRow.case_id == CaseRow.id)
        .where(
            TaskRow.done_date.is_(None),
            TaskRow.due_date <= today + timedelta(days=TASK_WARNING_DAYS),
        )
    )
    return [
        Reminder(i, n, name, ReminderKind.TASK_DUE, due, title) for i, n, name, due, title in rows
    ]
