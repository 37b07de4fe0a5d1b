"""Ages, periods and deadlines follow DOMAIN.md and INDICATORS.md on their edges."""

from __future__ import annotations

from datetime import date

import pytest

from nyanland.domain.codes import AgeBand
from nyanland.domain.timeline import (
    InvalidPeriod,
    Period,
    TimelineRules,
    add_months,
    age_band,
    age_on,
    establishment_end,
    in_programme_age,
    sfi_start_deadline,
)


def test_age_turns_on_the_birthday_not_before() -> None:
    born = date(2000, 5, 17)
    assert age_on(born, date(2020, 5, 16)) == 19
    assert age_on(born, date(2020, 5, 17)) == 20


def test_someone_born_on_a_leap_day_ages_on_1_march_in_common_years() -> None:
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18
    assert age_on(born, date(2028, 2, 29)) == 20


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, AgeBand.CHILD),
        (17, AgeBand.CHILD),
        (18, AgeBand.YOUNG_ADULT),
        (19, AgeBand.YOUNG_ADULT),
        (20, AgeBand.WORKING_AGE),
        (64, AgeBand.WORKING_AGE),
        (65, AgeBand.SENIOR),
    ],
)
def test_age_bands_have_the_indicator_boundaries(age: int, band: AgeBand) -> None:
    assert age_band(age) is band


def test_quarters_and_years_include_both_ends() -> None:
    q1 = Period.parse("2024-Q1")
    assert (q1.start, q1.end) == (date(2024, 1, 1), date(2024, 3, 31))
    assert q1.contains(date(2024, 3, 31)) and not q1.contains(date(2024, 4, 1))
    assert Period.parse("2024-Q4").end == date(2024, 12, 31)
    year = Period.parse("2025")
    assert (year.start, year.end, year.is_quarter) == (date(2025, 1, 1), date(2025, 12, 31), False)


def test_the_eight_quarters_up_to_a_period_run_back_over_the_new_year() -> None:
    codes = [p.code for p in Period.parse("2026-Q2").trailing(8)]
    assert codes == [
        "2024-Q3",
        "2024-Q4",
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]


@pytest.mark.parametrize("code", ["2026-Q5", "2026Q1", "26-Q1", "2026-q1", "", "Q1-2026"])
def test_a_malformed_period_is_refused_with_its_code_in_the_message(code: str) -> None:
    with pytest.raises(InvalidPeriod, match="is not a year"):
        Period.parse(code)


def test_months_are_added_to_the_last_day_of_a_shorter_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_deadlines_are_settings_with_the_domain_defaults() -> None:
    received = date(2026, 1, 10)
    assert sfi_start_deadline(received) == date(2026, 4, 10)
    assert sfi_start_deadline(received, TimelineRules(sfi_start_deadline_days=60)) == date(
        2026, 3, 11
    )
    assert establishment_end(received, date(2026, 2, 1)) == date(2028, 2, 1)
    assert establishment_end(received, None) == date(2028, 1, 10)


def test_programme_age_is_20_to_64_inclusive() -> None:
    born = date(1990, 6, 1)
    assert not in_programme_age(born, date(2010, 5, 31))
    assert in_programme_age(born, date(2010, 6, 1))
    assert in_programme_age(born, date(2055, 5, 31))
    assert not in_programme_age(born, date(2055, 6, 1))
