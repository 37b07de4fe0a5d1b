"""Method 2 of the statistics (docs/statistics-method.md): rules 1–3 of INDICATORS.md within a
period, and the cells hidden besides so that nothing published for a year — its four quarters,
the year, every breakdown, shares and their bases — lets a hidden figure be worked out.

A quarter keeps v1's rows; only where one of its published shares, with the counts, would give a
hidden figure away is that share hidden too. A year starts from v1's rows and hides more of
them, never fewer, until the attacker of `recovery` finds nothing in the five periods together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from nyanland.domain.codes import IN_WORK_OR_STUDIES
from nyanland.domain.disclosure import (
    FIRST_IN_YEAR,
    Published,
    RawFigures,
    Status,
    publish,
    small,
)
from nyanland.domain.indicators import BY_ID, CATALOGUE, TOTAL, Measure, cells_of
from nyanland.domain.recovery import Knowledge, ShareSeen, Var, Vector

METHOD_VERSION = 2

# The quantities that depend on each other, each with the count or share indicators it holds.
# Medians are order statistics, not sums: no equation links them, so none is here.
COMPONENTS: dict[str, tuple[str, ...]] = {
    "received": ("received",),
    "active_cases": ("active_cases",),
    "sfi": ("sfi_started", "sfi_started_within_90_days"),
    "skills_mapped": ("skills_mapped",),
    "placements_started": ("placements_started",),
    "housed": ("housed",),
    "establishment_ended": ("establishment_ended", "work_or_studies_share"),
}
# A year's stock is its last quarter's; every other quantity is the sum of the quarters. Not
# quite for `housed`, where a person who moves twice in a year counts once: a reader who
# assumes it is right for every cell where nobody did, so the equation is taken where it holds.
STOCKS = frozenset({"active_cases"})


@dataclass(frozen=True)
class PeriodRows:
    """One period's raw figures and the rows published (or about to be) for them."""

    raw: RawFigures
    rows: tuple[Published, ...]
    threshold: int


def var(quantity: str, period: str, cell: tuple[str, str]) -> Var:
    return (quantity, period, *cell)


def year_of(code: str, quarters: Sequence[RawFigures]) -> RawFigures:
    """A year's raw figures made of its four quarters' (as they were recorded): flows add up,
    the stock is the last quarter's, and `housed` counts each person once."""
    year = RawFigures(code)
    for quarter in quarters:
        year = year.merge(replace(quarter, period=code))
    year.counts["active_cases"] = dict(quarters[-1].counts.get("active_cases", {}))
    year.counts["housed"] = year.counts.pop(FIRST_IN_YEAR, {})
    return year


def publish_quarter(raw: RawFigures, threshold: int) -> list[Published]:
    """v1's rows, with a share hidden besides wherever it would give a hidden figure away."""
    rows = publish(raw, threshold)
    figures = PeriodRows(raw, tuple(rows), threshold)
    for component in COMPONENTS:
        figures = _protect(component, [figures], changeable=0)[0]
    return list(figures.rows)


def publish_year(
    year: RawFigures, quarters: Sequence[PeriodRows], threshold: int
) -> list[Published]:
    """The year's rows: v1's, with more hidden until the year and its `quarters` (as they were
    published) together give no hidden figure away."""
    periods = [*quarters, PeriodRows(year, tuple(publish(year, threshold)), threshold)]
    for component in COMPONENTS:
        periods = _protect(component, periods, changeable=len(quarters))
    return list(periods[-1].rows)


def exposed(periods: Sequence[PeriodRows], component: str) -> list[Vector]:
    """The protected quantities of `component` that a reader of `periods` can work out."""
    knowledge = _knowledge(periods, component)
    counts_alone: Knowledge | None = None
    found = []
    for target, of_share in _targets(periods, component):
        if not knowledge.determines(target):
            continue
        if of_share:
            # What the counts alone tell (the sum of two or more hidden counts, as rule 3
            # allows) is theirs to protect; a share must only not tell more.
            counts_alone = counts_alone or _knowledge(periods, component, with_shares=False)
            if counts_alone.determines(target):
                continue
        found.append(target)
    return found


# -- the system a reader knows ---------------------------------------------------------------


def _knowledge(
    periods: Sequence[PeriodRows], component: str, with_shares: bool = True
) -> Knowledge:
    quantities = COMPONENTS[component]
    equations: list[Vector] = []
    known: list[Var] = []
    values: dict[Var, int] = {}
    shares: list[ShareSeen] = []
    parts: list[tuple[Var, Var]] = []
    codes = [p.raw.period for p in periods]
    for figures in periods:
        period = figures.raw.period
        for quantity in quantities:
            indicator = BY_ID[quantity]
            source = figures.raw.counts if indicator.measure is Measure.COUNT else None
            for cell in cells_of(indicator):
                if source is not None:
                    values[var(quantity, period, cell)] = source.get(quantity, {}).get(cell, 0)
                else:
                    assert indicator.base is not None
                    numerators = figures.raw.numerators.get(quantity, {})
                    values[var(quantity, period, cell)] = numerators.get(cell, 0)
                    parts.append((var(quantity, period, cell), var(indicator.base, period, cell)))
            for breakdown in indicator.breakdowns:
                equation = {var(quantity, period, (TOTAL, "")): -1}
                for category in indicator.categories(breakdown):
                    equation[var(quantity, period, (breakdown, category))] = 1
                equations.append(equation)
        if "work_or_studies_share" in quantities:
            link = {var("work_or_studies_share", period, (TOTAL, "")): -1}
            for outcome in IN_WORK_OR_STUDIES:
                link[var("establishment_ended", period, ("outcome", outcome.value))] = 1
            equations.append(link)
        for row in figures.rows:
            if row.indicator not in quantities or row.status is not Status.OK:
                continue
            cell = (row.breakdown, row.category)
            indicator = BY_ID[row.indicator]
            if indicator.measure is Measure.COUNT:
                known.append(var(row.indicator, period, cell))
            else:
                assert indicator.base is not None and row.value is not None
                shares.append(
                    ShareSeen(
                        var(row.indicator, period, cell),
                        var(indicator.base, period, cell),
                        row.value,
                    )
                )
    if len(periods) == 5:  # four quarters and their year
        year, quarters = codes[-1], codes[:-1]
        for quantity in quantities:
            for cell in cells_of(BY_ID[quantity]):
                equation = {var(quantity, year, cell): -1}
                for quarter in quarters[-1:] if quantity in STOCKS else quarters:
                    equation[var(quantity, quarter, cell)] = 1
                if sum(values[v] * c for v, c in equation.items()) == 0:
                    equations.append(equation)
    return Knowledge(equations, known, values, shares if with_shares else (), parts)


def _targets(periods: Sequence[PeriodRows], component: str) -> list[tuple[Vector, bool]]:
    """What must stay unknown: each hidden count of 1 to k−1 people, each hidden share's group
    of 1 to k−1 (its numerator, or its base minus the numerator), and each cell method 2 hid."""
    targets: list[tuple[Vector, bool]] = []
    for figures in periods:
        period, k = figures.raw.period, figures.threshold
        for row in figures.rows:
            if row.indicator not in COMPONENTS[component] or row.status is Status.OK:
                continue
            cell = (row.breakdown, row.category)
            indicator = BY_ID[row.indicator]
            here = var(row.indicator, period, cell)
            if indicator.measure is Measure.COUNT:
                count = figures.raw.counts.get(row.indicator, {}).get(cell, 0)
                if small(count, k) or row.linked:
                    targets.append(({here: 1}, False))
                continue
            assert indicator.base is not None
            base = figures.raw.counts.get(indicator.base, {}).get(cell, 0)
            numerator = figures.raw.numerators.get(row.indicator, {}).get(cell, 0)
            if small(numerator, k) or row.linked:
                targets.append(({here: 1}, True))
            if small(base - numerator, k):
                targets.append(({var(indicator.base, period, cell): 1, here: -1}, True))
    return targets


# -- hiding more ------------------------------------------------------------------------------


def _protect(component: str, periods: list[PeriodRows], changeable: int) -> list[PeriodRows]:
    """Hides cells of `periods[changeable]` (the year; in a quarter alone, its shares) until no
    target of the component is exposed; the other periods are published already."""
    fixed = periods[:changeable]
    given_away = {_key(t) for t in exposed(fixed, component)} if fixed else set()

    def open_targets(trial: list[PeriodRows]) -> list[Vector]:
        return [t for t in exposed(trial, component) if _key(t) not in given_away]

    while targets := open_targets(periods):
        target = targets[0]
        candidates = _candidates(periods[changeable], component, quarter_only=not fixed)
        if any(BY_ID[_quantity(v)].measure is Measure.SHARE for v in target):
            candidates.sort(key=lambda row: BY_ID[row.indicator].measure is Measure.COUNT)
        for row in candidates:
            trial = _hide(periods, changeable, [row])
            if _key(target) not in {_key(t) for t in open_targets(trial)}:
                periods = trial
                break
        else:
            # No one cell ends it: hide every candidate of the quantities involved, and show
            # again below what need not stay hidden.
            involved = {_quantity(v) for v in target}
            rows = [row for row in candidates if row.indicator in involved] or candidates
            if not rows:  # the published periods give it away on their own
                given_away.add(_key(target))
                continue
            periods = _hide(periods, changeable, rows)
    # Show again, the largest first, each hidden cell that can be shown without exposing any.
    hidden = [
        row
        for row in periods[changeable].rows
        if row.linked and row.indicator in COMPONENTS[component]
    ]
    for row in sorted(hidden, key=lambda r: -(r.value_before or 0)):
        trial = _show(periods, changeable, row)
        if not open_targets(trial):
            periods = trial
    return periods


def _candidates(figures: PeriodRows, component: str, quarter_only: bool) -> list[Published]:
    """The published rows that may be hidden, the smallest counts first; in a quarter only
    shares (its counts are v1's)."""
    order = {indicator.id: number for number, indicator in enumerate(CATALOGUE)}
    rows = [
        row
        for row in figures.rows
        if row.indicator in COMPONENTS[component]
        and row.status is Status.OK
        and (not quarter_only or BY_ID[row.indicator].measure is Measure.SHARE)
    ]

    def size(row: Published) -> tuple[int, int, int]:
        is_share = BY_ID[row.indicator].measure is not Measure.COUNT
        return (int(is_share), row.value or 0 if not is_share else 0, order[row.indicator])

    return sorted(rows, key=size)


def _hide(periods: list[PeriodRows], index: int, chosen: list[Published]) -> list[PeriodRows]:
    figures = periods[index]
    rows = tuple(
        replace(row, value=None, status=Status.SUPPRESSED, linked=True, value_before=row.value)
        if row in chosen
        else row
        for row in figures.rows
    )
    return [*periods[:index], replace(figures, rows=rows), *periods[index + 1 :]]


def _show(periods: list[PeriodRows], index: int, shown: Published) -> list[PeriodRows]:
    figures = periods[index]
    rows = tuple(
        replace(row, value=row.value_before, status=Status.OK, linked=False, value_before=None)
        if row == shown
        else row
        for row in figures.rows
    )
    return [*periods[:index], replace(figures, rows=rows), *periods[index + 1 :]]


def _quantity(variable: Var) -> str:
    assert isinstance(variable, tuple)
    return str(variable[0])


def _key(target: Vector) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((repr(v), c) for v, c in target.items()))


def linked_cells(rows: Iterable[Published]) -> int:
    return sum(1 for row in rows if row.linked)
