"""Method 2 of the statistics (docs/statistics-method.md): rules 1–3 of INDICATORS.md within a
period, and the cells hidden besides so that nothing published — the quarters, the years, every
breakdown, shares and their bases — lets a hidden figure be worked out from it all together.

A period is protected when it is first published, against everything published before it: it
starts from v1's rows and hides more of them, never fewer, until the attacker of `recovery`
finds nothing in it and the published periods together. The first quarter ever published is
v1's (but for a share that would, with its counts, give a figure away).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from nyanland.domain.codes import IN_WORK_OR_STUDIES, Sex
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
from nyanland.domain.timeline import Period

METHOD_VERSION = 2

# The quantities that depend on each other, each with the count or share indicators it holds.
# Medians are order statistics, not sums: no equation links them, so none is here.
COMPONENTS: dict[str, tuple[str, ...]] = {
    # The stock of open cases moves with the people received and the cases closed: a quarter's
    # stock is the last one's plus those received minus those ended (in total and by sex).
    "flows": ("received", "active_cases", "establishment_ended", "work_or_studies_share"),
    "sfi": ("sfi_started", "sfi_started_within_90_days"),
    "skills_mapped": ("skills_mapped",),
    "placements_started": ("placements_started",),
    "housed": ("housed",),
}
FLOW_CELLS = ((TOTAL, ""), *(("sex", sex.value) for sex in Sex))
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


def protect(figures: PeriodRows, published: Sequence[PeriodRows] = ()) -> PeriodRows:
    """`figures`, about to be published, with cells hidden besides until neither it nor
    anything `published` before gives a hidden figure away (the published rows stay)."""
    for component in COMPONENTS:
        figures = _protect(component, figures, published)
    return figures


def publish_period(
    raw: RawFigures, threshold: int, published: Sequence[PeriodRows] = ()
) -> list[Published]:
    """The rows of a quarter or year published after `published` (a year after its quarters)."""
    rows = PeriodRows(raw, tuple(publish(raw, threshold)), threshold)
    return list(protect(rows, published).rows)


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
    equations, values, parts = _structure(tuple(p.raw for p in periods), component)
    quantities = COMPONENTS[component]
    known: list[Var] = []
    shares: list[ShareSeen] = []
    for figures in periods:
        period = figures.raw.period
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
    return Knowledge(equations, known, values, shares if with_shares else (), parts)


_Structure = tuple[list[Vector], dict[Var, int], list[tuple[Var, Var]]]
_structures: dict[tuple[str, tuple[int, ...]], tuple[tuple[RawFigures, ...], _Structure]] = {}


def _structure(raws: tuple[RawFigures, ...], component: str) -> _Structure:
    """The equations a reader knows of the periods' figures, and the figures' true values:
    the same for every trial of one protection, so made once (kept for the last few)."""
    key = (component, tuple(id(raw) for raw in raws))
    if key in _structures:
        return _structures[key][1]
    quantities = COMPONENTS[component]
    equations: list[Vector] = []
    values: dict[Var, int] = {}
    parts: list[tuple[Var, Var]] = []
    codes = [raw.period for raw in raws]
    for raw in raws:
        period = raw.period
        for quantity in quantities:
            indicator = BY_ID[quantity]
            source = raw.counts if indicator.measure is Measure.COUNT else raw.numerators
            for cell in cells_of(indicator):
                values[var(quantity, period, cell)] = source.get(quantity, {}).get(cell, 0)
                if indicator.base is not None:
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
    present = set(codes)

    def holding(equation: dict[Var, int]) -> None:
        # Taken where it holds in the data, as a reader who assumes it would be right there.
        if sum(values[v] * c for v, c in equation.items()) == 0:
            equations.append(equation)

    for year in (code for code in codes if "-Q" not in code):
        quarters = [f"{year}-Q{n}" for n in range(1, 5)]
        if not present.issuperset(quarters):
            continue
        for quantity in quantities:
            for cell in cells_of(BY_ID[quantity]):
                equation = {var(quantity, year, cell): -1}
                for quarter in quarters[-1:] if quantity in STOCKS else quarters:
                    equation[var(quantity, quarter, cell)] = 1
                holding(equation)
    if "active_cases" in quantities:
        for quarter in (code for code in codes if "-Q" in code):
            before = Period.parse(quarter).previous().code
            if before not in present:
                continue
            for cell in FLOW_CELLS:
                holding(
                    {
                        var("active_cases", quarter, cell): 1,
                        var("active_cases", before, cell): -1,
                        var("received", quarter, cell): -1,
                        var("establishment_ended", quarter, cell): 1,
                    }
                )
    if len(_structures) > 32:
        _structures.clear()
    _structures[key] = (raws, (equations, values, parts))
    return equations, values, parts


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


def _protect(component: str, figures: PeriodRows, published: Sequence[PeriodRows]) -> PeriodRows:
    """Hides cells of `figures` until no target of the component is exposed that the
    `published` periods alone do not expose already."""
    given_away = {_key(t) for t in exposed(published, component)} if published else set()

    def open_targets(trial: PeriodRows) -> list[Vector]:
        found = exposed([*published, trial], component)
        return [t for t in found if _key(t) not in given_away]

    while targets := open_targets(figures):
        target = targets[0]
        # A quarter published first keeps v1's counts: only its shares may be hidden besides.
        shares_only = not published and "-Q" in figures.raw.period
        candidates = _candidates(figures, component, shares_only)
        share_first = any(BY_ID[_quantity(v)].measure is Measure.SHARE for v in target)
        candidates.sort(
            key=lambda row: (
                share_first and BY_ID[row.indicator].measure is Measure.COUNT,
                _distance(row, target),
            )
        )
        for row in candidates:
            trial = _hide(figures, [row])
            if _key(target) not in {_key(t) for t in open_targets(trial)}:
                figures = trial
                break
        else:
            # No one cell ends it: hide every candidate of the quantities involved, and show
            # again below what need not stay hidden.
            involved = {_quantity(v) for v in target}
            rows = [row for row in candidates if row.indicator in involved] or candidates
            if not rows:  # the published periods give it away on their own
                given_away.add(_key(target))
                continue
            figures = _hide(figures, rows)
    # Show again, the largest first, each hidden cell that can be shown without exposing any.
    hidden = [r for r in figures.rows if r.linked and r.indicator in COMPONENTS[component]]
    for row in sorted(hidden, key=lambda r: -(r.value_before or 0)):
        trial = _show(figures, row)
        if not open_targets(trial):
            figures = trial
    return figures


def _candidates(figures: PeriodRows, component: str, shares_only: bool) -> list[Published]:
    """The published rows that may be hidden: counts, the smallest first, then shares."""
    order = {indicator.id: number for number, indicator in enumerate(CATALOGUE)}
    rows = [
        row
        for row in figures.rows
        if row.indicator in COMPONENTS[component]
        and row.status is Status.OK
        and (not shares_only or BY_ID[row.indicator].measure is Measure.SHARE)
    ]

    def size(row: Published) -> tuple[int, int, int]:
        is_share = BY_ID[row.indicator].measure is not Measure.COUNT
        return (int(is_share), 0 if is_share else row.value or 0, order[row.indicator])

    return sorted(rows, key=size)


def _hide(figures: PeriodRows, chosen: list[Published]) -> PeriodRows:
    rows = tuple(
        replace(row, value=None, status=Status.SUPPRESSED, linked=True, value_before=row.value)
        if row in chosen
        else row
        for row in figures.rows
    )
    return replace(figures, rows=rows)


def _show(figures: PeriodRows, shown: Published) -> PeriodRows:
    rows = tuple(
        replace(row, value=row.value_before, status=Status.OK, linked=False, value_before=None)
        if row == shown
        else row
        for row in figures.rows
    )
    return replace(figures, rows=rows)


def reproduce(
    raw: RawFigures, threshold: int, hidden: Iterable[tuple[str, str, str]]
) -> PeriodRows:
    """A recorded period's rows again: v1's, and the cells method 2 hid when it was published."""
    chosen = set(hidden)
    rows = [
        replace(r, value=None, status=Status.SUPPRESSED, linked=True, value_before=r.value)
        if (r.indicator, r.breakdown, r.category) in chosen
        else r
        for r in publish(raw, threshold)
    ]
    return PeriodRows(raw, tuple(rows), threshold)


def hidden_cells(rows: Iterable[Published]) -> list[tuple[str, str, str]]:
    """The cells method 2 hid (what a record keeps to reproduce them)."""
    return [(r.indicator, r.breakdown, r.category) for r in rows if r.linked]


def _distance(row: Published, target: Vector) -> int:
    """How near a cell is to what it should hide: the same cell (of another period) first,
    then the same breakdown, the same indicator, the rest (the search stops at the first cell
    that ends the leak, so near ones first saves most of it)."""
    best = 3
    for variable in target:
        assert isinstance(variable, tuple)
        quantity, _period, breakdown, category = variable
        if row.indicator == quantity or BY_ID[row.indicator].base == quantity:
            if row.breakdown == breakdown:
                best = min(best, 0 if row.category == category else 1)
            else:
                best = min(best, 2)
        elif (row.breakdown, row.category) == (breakdown, category):
            best = min(best, 1)  # a flow or stock of the same people
    return best


def _quantity(variable: Var) -> str:
    assert isinstance(variable, tuple)
    return str(variable[0])


def _key(target: Vector) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((repr(v), c) for v, c in target.items()))
