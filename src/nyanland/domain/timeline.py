"""The establishment timeline's rules: ages, periods and deadlines, as pure functions of dates."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from nyanland.domain.codes import AgeBand
from nyanland.domain.errors import KnownError
from nyanland.i18n import _


@dataclass(frozen=True)
class TimelineRules:
    """The numbers DOMAIN.md gives for the timeline; laws change, so each is a setting."""

    sfi_min_age: int = 16  # SFI is for adults; younger newcomers go to school
    sfi_start_deadline_days: int = 90
    sfi_start_goal_days: int = 30
    skills_mapping_goal_days: int = 30
    civic_orientation_hours: int = 100
    civic_orientation_within_days: int = 365
    newly_arrived_years: int = 2
    establishment_months: int = 24
    establishment_ending_warning_days: int = 60
    follow_up_days: int = 90
    programme_min_age: int = 20
    programme_max_age: int = 64


DEFAULT_RULES = TimelineRules()


def age_on(birth_date: date, on: date) -> int:
    """Whole years of age on `on` (someone born 29 February ages on 1 March in common years)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def age_band(age: int) -> AgeBand:
    if age < 18:
        return AgeBand.CHILD
    if age < 20:
        return AgeBand.YOUNG_ADULT
    if age < 65:
        return AgeBand.WORKING_AGE
    return AgeBand.SENIOR


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan → 28 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def sfi_start_deadline(reception_date: date, rules: TimelineRules = DEFAULT_RULES) -> date:
    """The last day SFI must be possible to start (by law within three months of reception)."""
    return reception_date + timedelta(days=rules.sfi_start_deadline_days)


def sfi_start_goal(reception_date: date, rules: TimelineRules = DEFAULT_RULES) -> date:
    """The goal date for SFI start of establishment-programme participants."""
    return reception_date + timedelta(days=rules.sfi_start_goal_days)


def skills_mapping_goal(reception_date: date, rules: TimelineRules = DEFAULT_RULES) -> date:
    return reception_date + timedelta(days=rules.skills_mapping_goal_days)


def civic_orientation_deadline(reception_date: date, rules: TimelineRules = DEFAULT_RULES) -> date:
    return reception_date + timedelta(days=rules.civic_orientation_within_days)


def establishment_end(
    reception_date: date,
    programme_start: date | None,
    rules: TimelineRules = DEFAULT_RULES,
) -> date:
    """When the establishment phase ends at the latest: 24 months from the programme's start,
    or from reception when the programme start is not (yet) known."""
    return add_months(programme_start or reception_date, rules.establishment_months)


def newly_arrived_until(
    residence_permit_date: date | None,
    reception_date: date,
    rules: TimelineRules = DEFAULT_RULES,
) -> date:
    """The last day the person counts as newly arrived (2 years from the residence permit)."""
    return add_years(residence_permit_date or reception_date, rules.newly_arrived_years)


def in_programme_age(birth_date: date, on: date, rules: TimelineRules = DEFAULT_RULES) -> bool:
    """Whether the person is of the establishment programme's age (20–64) on `on`."""
    return rules.programme_min_age <= age_on(birth_date, on) <= rules.programme_max_age


class InvalidPeriod(KnownError):
    """A period code that is neither `YYYY` nor `YYYY-Qn`."""


_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4]))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A quarter (`2026-Q1`) or a year (`2026`); a date is in it when start <= date <= end."""

    start: date
    end: date
    code: str

    @classmethod
    def parse(cls, code: str) -> Period:
        match = _PERIOD.match(code.strip())
        if match is None or not 1900 <= int(match["year"]) <= 2999:
            raise InvalidPeriod(
                _("period “{code}” is not a year (2026) or a quarter (2026-Q1)").format(code=code)
            )
        year = int(match["year"])
        if match["quarter"] is None:
            return cls(date(year, 1, 1), date(year, 12, 31), f"{year}")
        return cls.quarter(year, int(match["quarter"]))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first_month = 3 * (quarter - 1) + 1
        last_month = first_month + 2
        end = date(year, last_month, calendar.monthrange(year, last_month)[1])
        return cls(date(year, first_month, 1), end, f"{year}-Q{quarter}")

    @classmethod
    def quarter_of(cls, day: date) -> Period:
        return cls.quarter(day.year, (day.month - 1) // 3 + 1)

    @property
    def is_quarter(self) -> bool:
        return "-Q" in self.code

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        if self.is_quarter:
            return Period.quarter_of(self.start - timedelta(days=1))
        return Period.parse(str(self.start.year - 1))

    def trailing(self, count: int) -> tuple[Period, ...]:
        """This period and the `count - 1` before it, oldest first (for trend charts)."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return tuple(reversed(periods))
