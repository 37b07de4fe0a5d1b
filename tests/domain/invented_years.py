"""Years of a small municipality's cases, invented person by person, and the raw figures of
their quarters and of each year counted from the persons as INDICATORS.md defines them (a year
from the persons themselves, not as a sum of quarters)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from nyanland.domain.codes import (
    IN_WORK_OR_STUDIES,
    AgeBand,
    EducationLevel,
    HousingKind,
    Outcome,
    PlacementKind,
    ReceptionType,
    Sector,
    Sex,
    StudyPath,
)
from nyanland.domain.disclosure import FIRST_IN_YEAR, RawFigures
from nyanland.domain.indicators import SFI_WITHIN_DAYS, TOTAL

FIRST_YEAR = 2026
QUARTERS = tuple(f"{FIRST_YEAR}-Q{q}" for q in range(1, 5))


def code(quarter: int) -> str:
    """Quarter 1 is 2026-Q1, quarter 5 is 2027-Q1, …"""
    return f"{FIRST_YEAR + (quarter - 1) // 4}-Q{(quarter - 1) % 4 + 1}"


def year_of_quarter(quarter: int) -> int:
    return (quarter - 1) // 4


@dataclass
class Person:
    sex: str
    band: str
    reception_type: str
    received: int | None  # the quarter (1, 2, …), or None when received before the first year
    closed: tuple[int, str] | None = None  # quarter, outcome
    sfi: tuple[int, str, int] | None = None  # quarter of the first start, path, days waited
    mapped: tuple[int, str] | None = None  # quarter, education level
    placements: list[tuple[int, str, str]] = field(default_factory=list)
    moves: list[tuple[int, int, str]] = field(default_factory=list)  # quarter, day, kind

    def open_at_end_of(self, quarter: int) -> bool:
        received = self.received is None or self.received <= quarter
        return received and (self.closed is None or self.closed[0] > quarter)


def _pick(rng: random.Random, codes: type, weights: list[float] | None = None) -> str:
    values = [c.value for c in codes]
    return rng.choices(values, weights=weights)[0]


def invent_people(rng: random.Random, years: int = 1) -> list[Person]:
    size = rng.choice((8, 15, 25, 40, 60, 90, 150)) * years
    last = 4 * years
    people = []
    for _ in range(size):
        received = rng.choice((None, *range(1, last + 1)))
        first = received or 1
        person = Person(
            sex=_pick(rng, Sex, [0.48, 0.48, 0.04]),
            band=_pick(rng, AgeBand, [0.25, 0.08, 0.62, 0.05]),
            reception_type=_pick(rng, ReceptionType, [0.5, 0.15, 0.2, 0.12, 0.03]),
            received=received,
        )
        if rng.random() < 0.25 * years:
            person.closed = (rng.randint(first, last), _pick(rng, Outcome))
        if person.band != AgeBand.CHILD.value and rng.random() < 0.5:
            person.sfi = (rng.randint(first, last), _pick(rng, StudyPath), rng.randint(5, 200))
        if rng.random() < 0.35:
            person.mapped = (rng.randint(first, last), _pick(rng, EducationLevel))
        for _ in range(rng.choice((0, 0, 0, 1, 2))):
            person.placements.append(
                (rng.randint(first, last), _pick(rng, PlacementKind), _pick(rng, Sector))
            )
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            move = (rng.randint(first, last), rng.randint(1, 90), _pick(rng, HousingKind))
            person.moves.append(move)
        people.append(person)
    return people


def _add(figures: dict[str, dict[tuple[str, str], int]], indicator: str, **cells: str) -> None:
    counted = figures.setdefault(indicator, {})
    for cell in ((TOTAL, ""), *cells.items()):
        counted[cell] = counted.get(cell, 0) + 1


def figures_of(people: list[Person], quarters: tuple[int, ...], period: str) -> RawFigures:
    """The raw figures of the period made of `quarters` (one, or the four of a year)."""
    raw = RawFigures(period)
    for indicator in (
        "received",
        "active_cases",
        "sfi_started",
        "skills_mapped",
        "placements_started",
        "housed",
        "establishment_ended",
    ):
        raw.counts[indicator] = {(TOTAL, ""): 0}
    for share in ("sfi_started_within_90_days", "work_or_studies_share"):
        raw.numerators[share] = {}
    raw.days["sfi_days_to_start_median"] = {}
    for person in people:
        if person.received in quarters:
            _add(
                raw.counts,
                "received",
                sex=person.sex,
                age_band=person.band,
                reception_type=person.reception_type,
            )
        if person.open_at_end_of(max(quarters)):
            _add(raw.counts, "active_cases", sex=person.sex, age_band=person.band)
        if person.sfi is not None and person.sfi[0] in quarters:
            _, path, waited = person.sfi
            _add(raw.counts, "sfi_started", sex=person.sex, study_path=path)
            for cell in ((TOTAL, ""), ("sex", person.sex)):
                raw.days["sfi_days_to_start_median"].setdefault(cell, Counter())[waited] += 1
            if waited <= SFI_WITHIN_DAYS:
                _add(raw.numerators, "sfi_started_within_90_days", sex=person.sex)
        if person.mapped is not None and person.mapped[0] in quarters:
            _add(raw.counts, "skills_mapped", sex=person.sex, education_level=person.mapped[1])
        for quarter, kind, sector in person.placements:
            if quarter in quarters:
                _add(raw.counts, "placements_started", kind=kind, sector=sector)
        moves = sorted(move for move in person.moves if move[0] in quarters)
        if moves:
            _add(raw.counts, "housed", housing_kind=moves[0][2])
        if len(quarters) == 1:
            year = year_of_quarter(quarters[0])
            of_year = sorted(m for m in person.moves if year_of_quarter(m[0]) == year)
            if of_year and of_year[0][0] == quarters[0]:
                _add(raw.counts, FIRST_IN_YEAR, housing_kind=of_year[0][2])
        if person.closed is not None and person.closed[0] in quarters:
            outcome = person.closed[1]
            _add(raw.counts, "establishment_ended", sex=person.sex, outcome=outcome)
            if Outcome(outcome) in IN_WORK_OR_STUDIES:
                _add(raw.numerators, "work_or_studies_share", sex=person.sex)
    return raw


def invented_years(seed: int, years: int = 1) -> tuple[list[RawFigures], list[RawFigures]]:
    """The quarters (oldest first) and the years of `years` invented years from 2026."""
    people = invent_people(random.Random(seed), years)
    quarters = [figures_of(people, (q,), code(q)) for q in range(1, 4 * years + 1)]
    counted = [
        figures_of(people, tuple(range(4 * y + 1, 4 * y + 5)), str(FIRST_YEAR + y))
        for y in range(years)
    ]
    return quarters, counted


def invented_year(seed: int) -> tuple[list[RawFigures], RawFigures]:
    quarters, (year,) = invented_years(seed)
    return quarters, year
