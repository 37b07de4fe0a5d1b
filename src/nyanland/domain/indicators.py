"""The indicator catalogue of INDICATORS.md (version 1): ids, units, breakdowns and categories."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

from nyanland.domain.codes import (
    AgeBand,
    Code,
    EducationLevel,
    HousingKind,
    Outcome,
    PlacementKind,
    ReceptionType,
    Sector,
    Sex,
    StudyPath,
    add_labels,
)
from nyanland.i18n import N_, NP_

CONTRACT_VERSION = 1
SFI_WITHIN_DAYS = 90  # fixed by the contract's indicator id, unlike the timeline setting
TOTAL = "total"


class Unit(StrEnum):
    PERSONS = "persons"
    PLACEMENTS = "placements"
    DAYS = "days"
    PERCENT = "percent"


class Measure(StrEnum):
    """How a value is made: a count, a share of two counts, or a median of day counts."""

    COUNT = "count"
    SHARE = "share"
    MEDIAN = "median"


# Each breakdown and its categories, in code-list order (the file's row order).
BREAKDOWNS: dict[str, type[Code]] = {
    "sex": Sex,
    "age_band": AgeBand,
    "reception_type": ReceptionType,
    "study_path": StudyPath,
    "education_level": EducationLevel,
    "kind": PlacementKind,
    "sector": Sector,
    "housing_kind": HousingKind,
    "outcome": Outcome,
}


@dataclass(frozen=True)
class Indicator:
    id: str
    unit: Unit
    measure: Measure
    breakdowns: tuple[str, ...]  # after the total, in the table's order
    title: str  # English, marked for the catalogue; shown through _()
    # For shares and medians: the count indicator whose persons are the base.
    base: str | None = None

    def categories(self, breakdown: str) -> tuple[str, ...]:
        return _categories(breakdown)


@functools.cache
def _categories(breakdown: str) -> tuple[str, ...]:
    if breakdown == TOTAL:
        return ("",)
    return BREAKDOWNS[breakdown].codes()


CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "received",
        Unit.PERSONS,
        Measure.COUNT,
        ("sex", "age_band", "reception_type"),
        N_("Newly arrived received"),
    ),
    Indicator(
        "active_cases",
        Unit.PERSONS,
        Measure.COUNT,
        ("sex", "age_band"),
        N_("Open cases at the end of the period"),
    ),
    Indicator("sfi_started", Unit.PERSONS, Measure.COUNT, ("sex", "study_path"), N_("Started SFI")),
    Indicator(
        "sfi_days_to_start_median",
        Unit.DAYS,
        Measure.MEDIAN,
        ("sex",),
        N_("Days from reception to SFI start (median)"),
        base="sfi_started",
    ),
    Indicator(
        "sfi_started_within_90_days",
        Unit.PERCENT,
        Measure.SHARE,
        ("sex",),
        N_("SFI started within 90 days of reception"),
        base="sfi_started",
    ),
    Indicator(
        "skills_mapped",
        Unit.PERSONS,
        Measure.COUNT,
        ("sex", "education_level"),
        N_("Skills mapping completed"),
    ),
    Indicator(
        "placements_started",
        Unit.PLACEMENTS,
        Measure.COUNT,
        ("kind", "sector"),
        N_("Internships and jobs started"),
    ),
    Indicator("housed", Unit.PERSONS, Measure.COUNT, ("housing_kind",), N_("Moved into housing")),
    Indicator(
        "establishment_ended",
        Unit.PERSONS,
        Measure.COUNT,
        ("sex", "outcome"),
        N_("Establishment ended"),
    ),
    Indicator(
        "work_or_studies_share",
        Unit.PERCENT,
        Measure.SHARE,
        ("sex",),
        N_("In work or studies at the end of establishment"),
        base="establishment_ended",
    ),
)

BY_ID = {indicator.id: indicator for indicator in CATALOGUE}


@functools.cache
def cells_of(indicator: Indicator) -> tuple[tuple[str, str], ...]:
    """Every (breakdown, category) of an indicator, in the file's order."""
    return tuple(
        (breakdown, category)
        for breakdown in (TOTAL, *indicator.breakdowns)
        for category in indicator.categories(breakdown)
    )


class Comparison(Code):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


add_labels(
    (
        (Comparison.AT_LEAST, NP_("comparison", "at least")),
        (Comparison.AT_MOST, NP_("comparison", "at most")),
    )
)


@dataclass(frozen=True)
class Target:
    """A strategy's target for an indicator's total: e.g. at least 50 % in 2026."""

    indicator: str
    period: str  # a year (applies to its quarters for percentages and days) or a quarter
    comparison: Comparison
    value: int

    def met_by(self, value: int | None) -> bool | None:
        if value is None:
            return None
        return (
            value >= self.value if self.comparison is Comparison.AT_LEAST else value <= self.value
        )

    def applies_to(self, period: str) -> bool:
        """A year's target also holds each quarter for shares and medians; a count's yearly
        target (100 internships a year) cannot be held against one quarter."""
        if self.period == period:
            return True
        scale_free = BY_ID[self.indicator].unit in (Unit.PERCENT, Unit.DAYS)
        return scale_free and "-Q" not in self.period and period.startswith(f"{self.period}-Q")
