"""Reminders: each situation from DOMAIN.md appears in time and disappears when dealt with."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from nyanland.domain.case import Closure, Housing, SfiEnrolment, SkillsMapping
from nyanland.domain.codes import EducationLevel, HousingKind, Outcome, SfiCourse, StudyPath
from nyanland.domain.errors import FieldError
from nyanland.domain.reminders import ReminderKind
from nyanland.services import tasks
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.reminders import reminders
from tests.conftest import TODAY, Team
from tests.factories import case


def kinds(context: ServiceContext) -> list[tuple[str, ReminderKind, date]]:
    return [(r.full_name, r.kind, r.due) for r in reminders(context)]


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_sfi_and_mapping_reminders_come_and_go(context: ServiceContext) -> None:
    cases = CaseService(context)
    adult = cases.create(case(reception={"reception_date": days_ago(80)}))
    assert kinds(context) == [
        ("Amina Haddad", ReminderKind.MAPPING_MISSING, days_ago(50)),
        ("Amina Haddad", ReminderKind.SFI_NOT_STARTED, days_ago(80) + timedelta(days=90)),
    ]
    data = replace(
        adult.data,
        sfi=(SfiEnrolment(days_ago(5), StudyPath.PATH_2, SfiCourse.B),),
        skills_mapping=SkillsMapping(days_ago(3), EducationLevel.UPPER_SECONDARY),
    )
    cases.update(adult.id, data, adult.version)
    assert kinds(context) == []


def test_children_get_no_sfi_or_mapping_reminders(context: ServiceContext) -> None:
    CaseService(context).create(
        case(
            person={"personal_identity_number": None, "birth_date": date(2015, 1, 1)},
            reception={"reception_date": days_ago(200)},
        )
    )
    assert kinds(context) == []


def test_temporary_housing_ending_until_a_next_home_is_recorded(context: ServiceContext) -> None:
    cases = CaseService(context)
    received = days_ago(10)
    record = cases.create(
        case(
            reception={"reception_date": received},
            housing=(
                Housing(HousingKind.TEMPORARY, received, move_out_date=TODAY + timedelta(20)),
            ),
        )
    )
    assert ("Amina Haddad", ReminderKind.TEMPORARY_HOUSING_ENDING, TODAY + timedelta(20)) in kinds(
        context
    )
    moved = (*record.data.housing, Housing(HousingKind.FIRST_HAND, TODAY + timedelta(20)))
    cases.update(record.id, replace(record.data, housing=moved), record.version)
    assert not [k for k in kinds(context) if k[1] is ReminderKind.TEMPORARY_HOUSING_ENDING]


def test_establishment_ending_within_60_days_and_closed_cases_are_quiet(
    context: ServiceContext,
) -> None:
    cases = CaseService(context)
    start = date(2024, 12, 1)  # ends 2026-12-01, 9 days after TODAY
    record = cases.create(
        case(
            reception={
                "reception_date": date(2024, 11, 20),
                "establishment_programme_start": start,
            },
            sfi=(SfiEnrolment(date(2024, 12, 5), StudyPath.PATH_2, SfiCourse.B),),
            skills_mapping=SkillsMapping(date(2024, 12, 10), EducationLevel.UNKNOWN),
        )
    )
    assert kinds(context) == [
        ("Amina Haddad", ReminderKind.ESTABLISHMENT_ENDING, date(2026, 12, 1))
    ]
    cases.close(record.id, Closure(TODAY, Outcome.WORK), record.version)
    assert kinds(context) == []


def test_tasks_remind_a_week_ahead_until_done(context: ServiceContext) -> None:
    record = CaseService(context).create(
        case(reception={"reception_date": days_ago(3)}),
    )
    later = tasks.add_task(context, record.id, "Boka tolk", TODAY + timedelta(days=30))
    soon = tasks.add_task(context, record.id, "Ring hyresvärden", TODAY + timedelta(days=2))
    assert [(r.kind, r.detail) for r in reminders(context)] == [
        (ReminderKind.TASK_DUE, "Ring hyresvärden")
    ]
    tasks.complete_task(context, soon.id)
    assert reminders(context) == []
    assert [t.title for t in tasks.tasks_of(context, record.id)] == [later.title, soon.title]


def test_a_snoozed_item_returns_on_its_date_and_a_done_one_stays_away(team: Team) -> None:
    """On a file and on a team server (the marks are a case's table there: row security and
    the server's own log apply)."""
    from nyanland.services import reminder_marks
    from nyanland.services.context import Clock

    made = CaseService(team.officer).create(case(reception={"reception_date": days_ago(100)}))
    found = {r.kind: r for r in reminders(team.officer)}
    reminder_marks.snooze(
        team.officer, found[ReminderKind.SFI_NOT_STARTED], TODAY + timedelta(5), "väntar"
    )
    reminder_marks.done(team.officer, found[ReminderKind.MAPPING_MISSING])
    assert [r for r in reminders(team.officer) if r.case_id == made.id] == []
    day = datetime.combine(TODAY + timedelta(5), datetime.min.time())
    later = replace(team.officer, clock=Clock(today=day.date, now=lambda: day))
    assert [r.kind for r in reminders(later)] == [ReminderKind.SFI_NOT_STARTED]
    with pytest.raises(FieldError, match="a day after today"):
        reminder_marks.snooze(team.officer, found[ReminderKind.SFI_NOT_STARTED], TODAY, "x")


def test_the_calendar_gets_every_deadline_of_its_days_however_far_ahead(
    context: ServiceContext,
) -> None:
    """The to-do list shows what is due soon; the calendar's month shows what falls in it."""
    received = TODAY
    made = CaseService(context).create(
        case(
            reception={"reception_date": received},
            housing=(
                Housing(
                    HousingKind.TEMPORARY, received, move_out_date=received + timedelta(days=200)
                ),
            ),
        )
    )
    soon = {(r.kind, r.due) for r in reminders(context) if r.case_id == made.id}
    assert (ReminderKind.SFI_NOT_STARTED, received + timedelta(days=90)) not in soon
    later = received + timedelta(days=210)
    ahead = {(r.kind, r.due) for r in reminders(context, until=later) if r.case_id == made.id}
    assert (ReminderKind.SFI_NOT_STARTED, received + timedelta(days=90)) in ahead
    assert (ReminderKind.MAPPING_MISSING, received + timedelta(days=30)) in ahead
    assert (ReminderKind.TEMPORARY_HOUSING_ENDING, received + timedelta(days=200)) in ahead


@pytest.mark.parametrize(
    ("born", "received"),
    [
        (date(2010, 3, 1), date(2028, 2, 29)),  # the day before the 18th birthday, a leap day
        (date(2010, 2, 28), date(2028, 2, 29)),
        (date(2008, 2, 29), date(2026, 2, 28)),  # born on a leap day
        (date(2008, 2, 29), date(2026, 3, 1)),
        (date(2008, 11, 22), date(2026, 11, 22)),  # the birthday itself
        (date(2008, 11, 23), date(2026, 11, 22)),
    ],
)
def test_the_stores_age_rule_is_the_domains_on_every_awkward_day(
    context: ServiceContext, born: date, received: date
) -> None:
    """The SQL the lists and counts use (a text comparison on SQLite) answers as age_on does."""
    from sqlalchemy import select

    from nyanland.domain.timeline import age_on
    from nyanland.services.sql_dates import aged_at_least
    from nyanland.store.models import CaseRow

    made = CaseService(context).create(
        case(
            person={"birth_date": born, "personal_identity_number": None},
            reception={"reception_date": received},
        )
    )
    with context.store.reading() as session:
        adult = session.scalar(
            select(aged_at_least(CaseRow.reception_date, 18)).where(CaseRow.id == made.id)
        )
    assert bool(adult) == (age_on(born, received) >= 18)
