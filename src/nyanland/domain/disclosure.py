"""Rounding and disclosure control of INDICATORS.md, as pure functions over raw figures.

Raw figures are what a store (or several merged) counted, not yet published: for each
indicator and (breakdown, category) a count, a share's numerator and base, or the
distribution of day counts whose median is published. Nothing here knows about people.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from nyanland.domain.errors import KnownError
from nyanland.domain.indicators import CATALOGUE, TOTAL, Indicator, Measure, cells_of
from nyanland.i18n import _

DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3
# Counted with each quarter, never published: the persons whose first move-in of the year is
# in the quarter, by its kind. A year's `housed` (a person once) is their sum.
FIRST_IN_YEAR = "housed_first_in_year"

Cell = tuple[str, str]  # (breakdown, category); category "" for the total


class Status(StrEnum):
    OK = "ok"
    SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Published:
    indicator: str
    period: str
    breakdown: str
    category: str
    value: int | None  # None exactly when suppressed
    unit: str
    status: Status
    # Hidden by method 2 only (docs/statistics-method.md): v1's rules alone would show it.
    linked: bool = False
    value_before: int | None = field(default=None, compare=False, repr=False)


@dataclass
class RawFigures:
    """Unsuppressed figures of one period. Counts add up across stores; so do the day
    distributions, which is why a median is kept as one and not as a number."""

    period: str
    counts: dict[str, dict[Cell, int]] = field(default_factory=dict)
    numerators: dict[str, dict[Cell, int]] = field(default_factory=dict)
    days: dict[str, dict[Cell, Counter[int]]] = field(default_factory=dict)

    def merge(self, other: RawFigures) -> RawFigures:
        if other.period != self.period:
            raise KnownError(
                _("figures of {a} and {b} cannot be merged").format(a=self.period, b=other.period)
            )
        merged = RawFigures(self.period)
        for target, mine, theirs in (
            (merged.counts, self.counts, other.counts),
            (merged.numerators, self.numerators, other.numerators),
        ):
            for key in mine.keys() | theirs.keys():
                cells = Counter(mine.get(key, {}))
                cells.update(theirs.get(key, {}))
                target[key] = dict(cells)
        for key in self.days.keys() | other.days.keys():
            combined: dict[Cell, Counter[int]] = {}
            for source in (self.days.get(key, {}), other.days.get(key, {})):
                for cell, distribution in source.items():
                    combined.setdefault(cell, Counter()).update(distribution)
            merged.days[key] = combined
        return merged

    def minus(self, other: RawFigures) -> RawFigures:
        """What `other` (a part of these figures) leaves: retention keeps the deleted cases'
        share as the figures before deleting minus those after."""
        left = RawFigures(self.period)
        for target, mine, theirs in (
            (left.counts, self.counts, other.counts),
            (left.numerators, self.numerators, other.numerators),
        ):
            for key in mine.keys() | theirs.keys():
                cells = Counter(mine.get(key, {}))
                cells.subtract(theirs.get(key, {}))
                target[key] = {cell: n for cell, n in cells.items() if n}
        for key in self.days.keys() | other.days.keys():
            remaining: dict[Cell, Counter[int]] = {}
            for cell, distribution in self.days.get(key, {}).items():
                rest = Counter(distribution)
                rest.subtract(other.days.get(key, {}).get(cell, Counter()))
                kept = Counter({day: n for day, n in rest.items() if n})
                if kept:
                    remaining[cell] = kept
            left.days[key] = remaining
        return left

    @property
    def empty(self) -> bool:
        return not any(
            any(cells.values()) for cells in (*self.counts.values(), *self.numerators.values())
        ) and not any(self.days.values())


def check_threshold(threshold: int) -> int:
    if threshold < MIN_THRESHOLD:
        raise KnownError(
            _("the threshold must be at least {minimum} (given: {given})").format(
                minimum=MIN_THRESHOLD, given=threshold
            )
        )
    return threshold


def round_half_up_ratio(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to a whole number, halves upwards."""
    return (2 * numerator + denominator) // (2 * denominator)


def percent(numerator: int, base: int) -> int:
    return round_half_up_ratio(100 * numerator, base)


def median(distribution: Mapping[int, int]) -> int | None:
    """The median of the values counted in `distribution` (value -> how many); of an even
    count, the mean of the two middle values rounded half up."""
    size = sum(distribution.values())
    if size == 0:
        return None
    wanted = ((size - 1) // 2, size // 2)
    found: list[int] = []
    seen = 0
    for value in sorted(distribution):
        count = distribution[value]
        for position in wanted:
            if seen <= position < seen + count:
                found.append(value)
        seen += count
    return round_half_up_ratio(found[0] + found[1], 2)


def small(count: int, threshold: int) -> bool:
    """Rule 1: a count of 1 to k-1 could point at a person."""
    return 1 <= count < threshold


def publish(raw: RawFigures, threshold: int = DEFAULT_THRESHOLD) -> list[Published]:
    """Every row of the statistics file for the period, rules 1 to 3 applied."""
    check_threshold(threshold)
    rows: list[Published] = []
    for indicator in CATALOGUE:
        rows += _publish_indicator(indicator, raw, threshold)
    return rows


def _publish_indicator(indicator: Indicator, raw: RawFigures, k: int) -> list[Published]:
    values: dict[Cell, int | None] = {}
    if indicator.measure is Measure.COUNT:
        counts = raw.counts.get(indicator.id, {})
        values = {cell: counts.get(cell, 0) for cell in cells_of(indicator)}
        suppressed = suppress_counts(indicator, values, k)
    else:
        assert indicator.base is not None
        bases = raw.counts.get(indicator.base, {})
        suppressed = set()
        for cell in cells_of(indicator):
            base = bases.get(cell, 0)
            if indicator.measure is Measure.SHARE:
                numerator = raw.numerators.get(indicator.id, {}).get(cell, 0)
                hidden = base < k or small(numerator, k) or small(base - numerator, k)
                values[cell] = None if base == 0 else percent(numerator, base)
            else:
                hidden = base < k
                values[cell] = median(raw.days.get(indicator.id, {}).get(cell, Counter()))
            if hidden or values[cell] is None:
                suppressed.add(cell)
    return [
        Published(
            indicator=indicator.id,
            period=raw.period,
            breakdown=breakdown,
            category=category,
            value=None if (breakdown, category) in suppressed else values[(breakdown, category)],
            unit=indicator.unit.value,
            status=Status.SUPPRESSED if (breakdown, category) in suppressed else Status.OK,
        )
        for breakdown, category in cells_of(indicator)
    ]


def suppress_counts(indicator: Indicator, values: Mapping[Cell, int | None], k: int) -> set[Cell]:
    """Rules 1 and 3 over one count indicator's cells; returns the cells to suppress."""
    counts = {cell: value or 0 for cell, value in values.items()}
    total = counts[(TOTAL, "")]
    if small(total, k):
        return set(counts)  # the total suppressed: every category with it
    suppressed = {cell for cell, count in counts.items() if small(count, k)}
    for breakdown in indicator.breakdowns:
        cells = [(breakdown, category) for category in indicator.categories(breakdown)]
        hidden = [cell for cell in cells if cell in suppressed]
        if len(hidden) == 1:
            # One hidden cell equals the total minus the others: hide the smallest other
            # non-zero one too (ties: the first in code-list order).
            others = [cell for cell in cells if cell not in suppressed and counts[cell] > 0]
            if others:
                suppressed.add(min(others, key=lambda cell: counts[cell]))
    return suppressed
