"""The deadlines a case keeps (services/deadlines.py) answer as the rules of
services/reminders.py do, on every day, on SQLite and on a team server, and stay so through
every way a case or its lists change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from nyanland.domain.case import Closure, Housing, SfiEnrolment, SkillsMapping
from nyanland.domain.codes import EducationLevel, HousingKind, Outcome, SfiCourse, StudyPath
from nyanland.domain.timeline import DEFAULT_RULES
from nyanland.services import deadlines, demo, reminders, server_logins, sfi, tasks
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.store.engine import Store
from nyanland.store.models import CaseRow, SettingRow
from tests.conftest import TODAY, Team
from tests.factories import case
from tests.postgres import PostgresServer
from tests.services.test_team_server import server  # noqa: F401

# Every 11th day of four years, and the days round a leap day and month ends.
DAYS = [
    *(date(2023, 1, 1) + timedelta(days=n) for n in range(0, 4 * 366, 11)),
    *(date(2026, 2, 26) + timedelta(days=n) for n in range(6)),
    date(2025, 1, 31),
    date(2025, 3, 1),
]


def differences(context: ServiceContext, days: list[date]) -> list[tuple[date, str, set[int]]]:
    """Where the kept columns and the rules disagree: the day, what, and the cases."""
    found = []
    with context.store.reading() as session:

        def ids(*conditions: object) -> set[int]:
            return set(session.scalars(select(CaseRow.id).where(*conditions)))  # type: ignore[arg-type]

        still_open = CaseRow.closure_date.is_(None)
        for day in days:
            kept = ids(still_open, reminders.overdue(day, open_only=True))
            ruled = ids(still_open, reminders.overdue_by_the_rules(day))
            if kept != ruled:
                found.append((day, "overdue", kept ^ ruled))
            kept = ids(still_open, CaseRow.ends_on <= day)
            ruled = ids(still_open, reminders.establishment_due(day, DEFAULT_RULES))
            if kept != ruled:
                found.append((day, "ending", kept ^ ruled))
        kept = ids(CaseRow.in_sfi.is_(True))
        ruled = ids(reminders.in_sfi())
        if kept != ruled:
            found.append((TODAY, "in_sfi", kept ^ ruled))
    return found


def test_the_kept_deadlines_answer_as_the_rules_do_on_every_day(team: Team) -> None:
    demo.add_demo_cases(team.officer, 400, seed=5, as_of=date(2026, 11, 1))
    cases = CaseService(team.officer)
    # The month ends the establishment rule's months meet: a leap day, a 31st.
    for number, (received, programme) in enumerate(
        [
            (date(2024, 2, 29), None),
            (date(2023, 1, 31), date(2023, 1, 31)),
            (date(2024, 8, 31), None),
        ]
    ):
        cases.create(
            case(
                person={"personal_identity_number": None, "first_name": f"Edge{number}"},
                reception={
                    "reception_date": received,
                    "establishment_programme_start": programme,
                },
            )
        )
    assert differences(team.officer, DAYS) == []


def test_every_change_to_a_case_keeps_its_deadlines(team: Team) -> None:
    cases = CaseService(team.officer)
    received = TODAY - timedelta(days=400)
    record = cases.create(case(reception={"reception_date": received}))
    days = [TODAY - timedelta(days=n) for n in range(0, 500, 7)] + [TODAY + timedelta(days=800)]

    def due() -> date | None:
        with team.officer.store.reading() as session:
            return session.scalar(select(CaseRow.due_on).where(CaseRow.id == record.id))

    # Received 400 days ago: the skills mapping's goal was due first, then the SFI start.
    goal, sfi_days = DEFAULT_RULES.skills_mapping_goal_days, DEFAULT_RULES.sfi_start_deadline_days
    assert goal < sfi_days
    assert due() == received + timedelta(days=goal)
    assert differences(team.officer, days) == []

    data = replace(
        record.data,
        skills_mapping=SkillsMapping(TODAY - timedelta(days=300), EducationLevel.UPPER_SECONDARY),
        housing=(
            Housing(HousingKind.TEMPORARY, received, move_out_date=TODAY + timedelta(days=20)),
        ),
    )
    record = cases.update(record.id, data, record.version)
    assert due() == received + timedelta(days=sfi_days)
    assert differences(team.officer, days) == []

    # SFI staff record a course (on a server through its own function: they may read
    # neither the case's other lists nor write its columns themselves).
    sfi.record_start(
        team.sfi,
        record.id,
        SfiEnrolment(TODAY - timedelta(days=30), StudyPath.PATH_2, SfiCourse.B),
        record.version,
    )
    assert due() == TODAY + timedelta(days=20)  # the contract's end, before the 24 months
    assert differences(team.officer, days) == []
    task = tasks.add_task(team.officer, record.id, "Ring hyresvärden", TODAY + timedelta(days=3))
    assert due() == TODAY + timedelta(days=3)
    tasks.complete_task(team.officer, task.id)
    assert due() == TODAY + timedelta(days=20)
    assert differences(team.officer, days) == []

    record = cases.get(record.id)
    cases.close(record.id, Closure(TODAY, Outcome.WORK), record.version)
    assert differences(team.officer, days) == []


def test_a_store_filled_by_other_rules_is_written_again_at_the_next_start(
    file_team: Team,
) -> None:
    """As after migration 0025, or an update whose rules differ (VERSION): the next start
    writes every case's deadlines (on a server IT's `init --admin` does)."""
    officer = file_team.officer
    demo.add_demo_cases(officer, 60, seed=2, as_of=date(2026, 11, 1))
    with officer.store.writing() as session:
        session.execute(update(CaseRow).values(due_on=None, ends_on=None, in_sfi=False))
        session.execute(
            update(SettingRow).where(SettingRow.key == deadlines.VERSION_KEY).values(value="0")
        )
    assert differences(officer, DAYS) != []
    deadlines.fill_if_due(officer.store)
    assert differences(officer, DAYS) == []


def test_a_servers_deadlines_are_written_again_by_it_at_the_upgrade(
    server: Team,  # noqa: F811
    postgres: PostgresServer,
) -> None:
    """`init --admin` run again by IT after an update fills every case's deadlines (officers
    may not write every case, and no officer's start does it)."""
    demo.add_demo_cases(server.officer, 60, seed=2, as_of=date(2026, 11, 1))
    database = str(make_url(server.url).database)
    owner = Store(postgres.url(database))
    try:
        with owner.writing() as session:
            session.execute(update(CaseRow).values(due_on=None, ends_on=None, in_sfi=False))
            session.execute(
                update(SettingRow).where(SettingRow.key == deadlines.VERSION_KEY).values(value="0")
            )
        assert differences(server.officer, DAYS) != []
        deadlines.fill_if_due(server.officer.store)  # an officer's start: not theirs to do
        assert differences(server.officer, DAYS) != []
        server_logins.set_up(owner, database)
    finally:
        owner.dispose()
    assert differences(server.officer, DAYS) == []
