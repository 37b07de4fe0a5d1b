"""The statistics file equals an independent, hand-made reading of INDICATORS.md."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from nyanland.domain.case import Closure, Housing, Placement, SfiEnrolment, SkillsMapping
from nyanland.domain.codes import (
    EducationLevel,
    HousingKind,
    Outcome,
    PlacementKind,
    Sector,
    Sex,
    SfiCourse,
    StudyPath,
)
from nyanland.domain.roles import Actor, Role
from nyanland.domain.timeline import Period
from nyanland.reports.statistics_csv import statistics_csv
from nyanland.services import demo, publication
from nyanland.services.case_rows import NewCase, insert_cases
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.publication import published
from nyanland.services.store_setup import open_store
from nyanland.store.engine import sqlite_url
from tests.conftest import Team
from tests.factories import case
from tests.test_cli import nyanland, signed_in

Q1 = Period.parse("2026-Q1")


def add(context: ServiceContext, *cases: object) -> None:
    with context.store.writing() as session:
        insert_cases(session, [NewCase(c) for c in cases], context.clock.now())  # type: ignore[arg-type]


def person(n: int, born: date, sex: Sex = Sex.FEMALE) -> dict[str, object]:
    return {"personal_identity_number": None, "first_name": f"P{n}", "birth_date": born, "sex": sex}


def values(
    context: ServiceContext, period: Period, k: int = 3
) -> dict[tuple[str, str, str], object]:
    return {(r.indicator, r.breakdown, r.category): r.value for r in published(context, period, k)}


def test_reception_counts_both_ends_of_the_quarter_and_ages_on_the_birthday(
    context: ServiceContext,
) -> None:
    add(
        context,
        # 18 on the reception day: 18-19.
        case(person=person(1, date(2008, 1, 15)), reception={"reception_date": date(2026, 1, 15)}),
        # 18 the day after reception: 0-17.
        case(person=person(2, date(2008, 1, 16)), reception={"reception_date": date(2026, 1, 15)}),
        # Last day of the quarter: in it.
        case(
            person=person(3, date(1990, 5, 5), Sex.MALE),
            reception={"reception_date": date(2026, 3, 31)},
        ),
        # First day of the next: not.
        case(person=person(4, date(1990, 5, 5)), reception={"reception_date": date(2026, 4, 1)}),
        # 65 on the day: 65+.
        case(
            person=person(5, date(1961, 1, 1), Sex.MALE),
            reception={"reception_date": date(2026, 1, 1)},
        ),
    )
    got = values(context, Q1, k=3)
    assert got[("received", "total", "")] == 4
    # Rule 1 with k=3: 1 and 2 are hidden; female 2 and male 2 hide each other.
    assert got[("received", "sex", "female")] is None
    assert got[("received", "sex", "unknown")] == 0
    assert [got[("received", "age_band", b)] for b in ("0-17", "18-19", "20-64", "65+")] == [
        None,
        None,
        None,
        None,
    ]
    assert got[("received", "reception_type", "assigned")] == 4  # all four, nothing small


def test_figures_with_threshold_3_on_a_store_of_many(context: ServiceContext) -> None:
    """Twelve people received in 2024-Q1 (a leap year), counted by hand."""
    cases = []
    for n in range(12):
        received = date(2024, 2, 29) if n < 6 else date(2024, 1, 10)
        sfi = ()
        if n < 8:  # eight start SFI, 10 * (n + 1) days after reception
            start = received.toordinal() + 10 * (n + 1)
            sfi = (
                SfiEnrolment(date.fromordinal(start), StudyPath.PATH_2, SfiCourse.B),
                SfiEnrolment(date.fromordinal(start + 100), StudyPath.PATH_3, SfiCourse.C),
            )
        cases.append(
            case(
                person=person(n, date(1990, 1, 1), Sex.FEMALE if n % 2 else Sex.MALE),
                reception={"reception_date": received},
                sfi=sfi,
                skills_mapping=SkillsMapping(
                    completed_date=date(2024, 3, 31) if n < 5 else None,
                    education_level=EducationLevel.UPPER_SECONDARY,
                ),
                placements=(
                    Placement(PlacementKind.INTERNSHIP, Sector.MUNICIPAL, date(2024, 3, 1)),
                    Placement(PlacementKind.INTERNSHIP, Sector.MUNICIPAL, date(2024, 3, 15)),
                )
                if n < 2
                else (),
                housing=(
                    Housing(HousingKind.TEMPORARY, received),
                    Housing(HousingKind.FIRST_HAND, date(2024, 3, 20)),
                ),
                closure=Closure(date(2024, 3, 30), Outcome.WORK if n < 4 else Outcome.JOB_SEEKING)
                if n < 9
                else None,
            )
        )
    add(context, *cases)
    got = values(context, Period.parse("2024-Q1"), k=3)
    assert got[("received", "total", "")] == 12
    assert got[("received", "sex", "male")] == 6
    assert got[("active_cases", "total", "")] == 3  # nine closed on 30 March
    # Received 29 Feb: starts 10, 20, 30 days later in March; 40, 50, 60 fall in April.
    # Received 10 Jan: starts 70 and 80 days later, 20 and 30 March.
    assert got[("sfi_started", "total", "")] == 5
    assert got[("sfi_started", "study_path", "2")] == 5
    assert got[("sfi_started", "study_path", "3")] == 0  # second enrolments do not count
    assert got[("sfi_days_to_start_median", "total", "")] == 30  # of 10, 20, 30, 70, 80
    assert got[("sfi_started_within_90_days", "total", "")] == 100
    assert got[("skills_mapped", "education_level", "upper_secondary")] == 5
    assert got[("placements_started", "total", "")] == 4
    assert got[("placements_started", "kind", "internship")] == 4
    assert got[("housed", "total", "")] == 12  # a person counts once per period
    assert got[("housed", "housing_kind", "temporary")] == 12  # the earliest move-in
    assert got[("housed", "housing_kind", "first_hand")] == 0
    assert got[("establishment_ended", "total", "")] == 9
    assert got[("establishment_ended", "outcome", "work")] == 4
    assert got[("establishment_ended", "outcome", "job_seeking")] == 5
    assert got[("work_or_studies_share", "total", "")] == 44  # 4 of 9 = 44.4 %


def test_a_median_of_an_even_count_is_the_rounded_mean_of_the_middle_two(
    context: ServiceContext,
) -> None:
    received = date(2026, 1, 5)
    starts = [10, 20, 31, 40]  # middle two 20 and 31: 25.5 -> 26
    add(
        context,
        *[
            case(
                person=person(n, date(1990, 1, 1)),
                reception={"reception_date": received},
                sfi=(
                    SfiEnrolment(
                        date.fromordinal(received.toordinal() + d), StudyPath.PATH_1, SfiCourse.A
                    ),
                ),
            )
            for n, d in enumerate(starts)
        ],
    )
    assert values(context, Q1, k=3)[("sfi_days_to_start_median", "total", "")] == 26


def test_an_empty_period_has_every_row_with_zero_counts_and_suppressed_shares(
    context: ServiceContext,
) -> None:
    rows = published(context, Period.parse("2019-Q3"), 5)
    counts = [r for r in rows if r.unit in ("persons", "placements")]
    assert counts and all(r.value == 0 and r.status.value == "ok" for r in counts)
    others = [r for r in rows if r.unit in ("days", "percent")]
    assert others and all(r.value is None and r.status.value == "suppressed" for r in others)


def test_the_csv_is_the_contracts_layout(context: ServiceContext) -> None:
    text = statistics_csv(published(context, Q1, 5))
    lines = text.split("\n")
    assert lines[0] == "indicator,period,breakdown,category,value,unit,status"
    assert lines[1] == "received,2026-Q1,total,,0,persons,ok"
    assert text.endswith("\n") and "\r" not in text
    # Every indicator x breakdown x category, zero rows included:
    # received 1+3+4+5, active 1+3+4, sfi_started 1+3+3, median 1+3, within 1+3,
    # skills 1+3+8, placements 1+8+5, housed 1+5, ended 1+3+9, share 1+3.
    assert len(lines) - 2 == 13 + 8 + 7 + 4 + 4 + 12 + 14 + 6 + 13 + 4


def test_the_csv_holds_no_identifier_date_or_free_text(context: ServiceContext) -> None:
    demo.add_demo_cases(context, 400, seed=3, as_of=date(2026, 11, 1))
    text = statistics_csv(published(context, Period.parse("2026"), 5))
    allowed = re.compile(
        r"^[a-z_0-9]+,2026,(total|[a-z_]+),[a-z_0-9+\-]*,\d*,(persons|placements|days|percent),"
        r"(ok|suppressed)$"
    )
    for line in text.splitlines()[1:]:
        assert allowed.match(line), line


@pytest.mark.parametrize("k", [3, 5, 7])
def test_the_cli_writes_the_same_csv(team: Team, tmp_path: Path, k: int) -> None:
    demo.add_demo_cases(team.officer, 300, seed=4, as_of=date(2026, 11, 1))
    out = tmp_path / "stats.csv"
    if team.admin.store.server_logins:  # on a server only an administrator counts
        publication.for_file(team.admin, Q1, k)
    coordinator = signed_in("kim.coordinator")
    result = nyanland(
        "--database-url",
        team.url,
        "stats",
        "--period",
        "2026-Q1",
        "--threshold",
        str(k),
        "--output",
        out,
        env=coordinator,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == statistics_csv(published(team.officer, Q1, k))


def test_of_two_enrolments_on_the_first_day_the_one_recorded_first_gives_the_path(
    context: ServiceContext,
) -> None:
    received = date(2026, 1, 5)
    both = (
        SfiEnrolment(date(2026, 2, 1), StudyPath.PATH_3, SfiCourse.C),
        SfiEnrolment(date(2026, 2, 1), StudyPath.PATH_1, SfiCourse.A),
        SfiEnrolment(date(2026, 1, 20), StudyPath.PATH_2, SfiCourse.B),  # earlier: first
    )
    add(
        context,
        *[
            case(
                person=person(n, date(1990, 1, 1)),
                reception={"reception_date": received},
                sfi=both[:2] if n < 3 else both,
            )
            for n in range(6)
        ],
    )
    got = values(context, Q1, k=3)
    assert got[("sfi_started", "total", "")] == 6
    assert [got[("sfi_started", "study_path", p)] for p in "123"] == [0, 3, 3]
    assert got[("sfi_days_to_start_median", "total", "")] == 21  # (15 + 27) / 2


def test_the_statistics_are_the_same_on_sqlite_and_postgresql(
    store_path: Path, postgres_url: str, clock: Clock
) -> None:
    """The same cases give the same file on both engines, to the byte (date arithmetic, ages
    and period edges are SQL, written once for both)."""
    files: list[list[str]] = []
    for url in (sqlite_url(store_path), postgres_url):
        opened = open_store(url)
        officer = ServiceContext(opened, Actor("officer.test", Role.OFFICER), clock)
        demo.add_demo_cases(officer, 1500, seed=11, as_of=date(2026, 11, 1))
        periods = ("2025", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3")
        files.append([statistics_csv(published(officer, Period.parse(p), 3)) for p in periods])
        opened.dispose()
    sqlite_files, postgresql_files = files
    assert sqlite_files == postgresql_files
    assert sum(line.count("\n") for line in sqlite_files) > 100
