"""An attacker with a year of published statistics and numpy, written apart from the method's
own check (nyanland.domain.recovery) so that one can catch the other's mistakes.

It writes down every equation the indicators' definitions give a reader, moves the published
values to the known side, and asks of each hidden figure worth protecting whether its unit
vector (or, for the people a share leaves out, base minus numerator) lies in the row space of
the equations over the unknowns: then it has exactly one value. Rounded shares are inverted by
trying every integer, and the linear step is repeated while that teaches it something.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from nyanland.domain.codes import IN_WORK_OR_STUDIES
from nyanland.domain.disclosure import Published, RawFigures, Status
from nyanland.domain.indicators import BY_ID, CATALOGUE, TOTAL, Measure, cells_of

SUMS_OVER_QUARTERS = (
    "received", "sfi_started", "skills_mapped", "placements_started", "housed",
    "establishment_ended", "sfi_started_within_90_days", "work_or_studies_share",
)  # fmt: skip


STOCK_CELLS = ((TOTAL, ""), ("sex", "female"), ("sex", "male"), ("sex", "unknown"))


def _rounded(numerator: int, base: int) -> int:
    return int(np.floor(100 * numerator / base + 0.5 + 1e-9))


def findings(
    published: Sequence[tuple[RawFigures, Sequence[Published], int]],
) -> list[str]:
    """What the attacker recovers from `published` (raw figures, rows, threshold per period:
    quarters and years, in any number)."""
    index: dict[tuple[str, str, str, str], int] = {}
    truth: list[int] = []

    def v(quantity: str, period: str, breakdown: str, category: str) -> int:
        key = (quantity, period, breakdown, category)
        if key not in index:
            index[key] = len(index)
            raw = periods[period]
            source = raw.counts if BY_ID[quantity].measure is Measure.COUNT else raw.numerators
            truth.append(source.get(quantity, {}).get((breakdown, category), 0))
        return index[key]

    periods = {raw.period: raw for raw, _, _ in published}
    rows: list[dict[int, int]] = []
    for raw, _, _ in published:
        p = raw.period
        for indicator in CATALOGUE:
            if indicator.measure is Measure.MEDIAN:
                continue
            for breakdown in indicator.breakdowns:
                row = {v(indicator.id, p, TOTAL, ""): -1}
                for category in indicator.categories(breakdown):
                    row[v(indicator.id, p, breakdown, category)] = 1
                rows.append(row)
        row = {v("work_or_studies_share", p, TOTAL, ""): -1}
        for outcome in IN_WORK_OR_STUDIES:
            row[v("establishment_ended", p, "outcome", outcome.value)] = 1
        rows.append(row)
    codes = {raw.period for raw, _, _ in published}

    def true_of(row: dict[int, int]) -> bool:
        # A reader may assume it; where it holds in the data it tells the truth.
        return sum(truth[column] * c for column, c in row.items()) == 0

    for year in sorted(c for c in codes if "-Q" not in c):
        quarters = [f"{year}-Q{n}" for n in range(1, 5)]
        if not codes.issuperset(quarters):
            continue
        for indicator in CATALOGUE:
            if indicator.measure is Measure.MEDIAN:
                continue
            adds = indicator.id in SUMS_OVER_QUARTERS
            for breakdown, category in cells_of(indicator):
                row = {v(indicator.id, year, breakdown, category): -1}
                for quarter in quarters if adds else quarters[-1:]:
                    row[v(indicator.id, quarter, breakdown, category)] = 1
                # `housed` counts a person once a year: its sum holds only where nobody
                # moved twice.
                if true_of(row):
                    rows.append(row)
    for quarter in sorted(c for c in codes if "-Q" in c):
        year, number = int(quarter[:4]), int(quarter[-1])
        before = f"{year}-Q{number - 1}" if number > 1 else f"{year - 1}-Q4"
        if before not in codes:
            continue
        for breakdown, category in STOCK_CELLS:
            # The open cases at a quarter's end: those of the quarter before, plus the
            # received, minus the ended.
            row = {
                v("active_cases", quarter, breakdown, category): 1,
                v("active_cases", before, breakdown, category): -1,
                v("received", quarter, breakdown, category): -1,
                v("establishment_ended", quarter, breakdown, category): 1,
            }
            if true_of(row):
                rows.append(row)

    known: set[int] = set()
    shares: list[tuple[int, int, int]] = []
    parts: list[tuple[int, int]] = []  # a share's numerator and base: 0 <= numerator <= base
    targets: list[tuple[str, dict[int, int], bool]] = []  # name, vector, of a share
    for raw, published_rows, k in published:
        p = raw.period
        for r in published_rows:
            indicator = BY_ID[r.indicator]
            if indicator.measure is Measure.MEDIAN:
                continue
            here = v(r.indicator, p, r.breakdown, r.category)
            name = f"{r.indicator} {p} {r.breakdown} {r.category}".strip()
            if indicator.measure is Measure.COUNT:
                if r.status is Status.OK:
                    known.add(here)
                elif 1 <= truth[here] < k or r.linked:
                    targets.append((f"{name} = {truth[here]}", {here: 1}, False))
                continue
            assert indicator.base is not None
            base = v(indicator.base, p, r.breakdown, r.category)
            parts.append((here, base))
            if r.status is Status.OK:
                assert r.value is not None
                shares.append((here, base, r.value))
                continue
            if 1 <= truth[here] < k or r.linked:
                targets.append((f"{name}: numerator {truth[here]}", {here: 1}, True))
            if 1 <= truth[base] - truth[here] < k:
                left_out = truth[base] - truth[here]
                targets.append((f"{name}: {left_out} left out", {base: 1, here: -1}, True))

    # The figures fall apart into groups no equation joins (found with a union-find); each
    # group is solved alone, which keeps the matrices small.
    group = list(range(len(index)))

    def root(column: int) -> int:
        while group[column] != column:
            group[column] = group[group[column]]
            column = group[column]
        return column

    for row in rows:
        first, *others = row
        for other in others:
            group[root(other)] = root(first)
    for numerator, base in parts:
        group[root(numerator)] = root(base)
    found = []
    for members in _groups(root, len(index)):
        local = {column: n for n, column in enumerate(members)}
        mine = [row for row in rows if root(next(iter(row))) == root(members[0])]
        matrix = np.zeros((max(len(mine), 1), len(members)))
        for number, row in enumerate(mine):
            for column, coefficient in row.items():
                matrix[number, local[column]] = coefficient

        def relabel(vector: dict[int, int], local: dict[int, int] = local) -> dict[int, int]:
            return {local[c]: x for c, x in vector.items()}

        def pairs(items: list[tuple[int, int]], local: dict[int, int] = local) -> list:
            return [(local[a], local[b]) for a, b in items if a in local]

        known_here = {local[c] for c in known if c in local}
        shares_here = [(local[n], local[b], p) for n, b, p in shares if n in local]
        truth_here = [truth[c] for c in members]
        fixed = _solver(matrix, known_here, shares_here, pairs(parts), truth_here)
        counts_alone = _solver(matrix, known_here, [], pairs(parts), truth_here)
        # A share must not tell what the counts keep hidden; what the counts tell on their
        # own (the sum of two or more hidden counts) is rule 3's to allow.
        for name, vector, of_share in targets:
            if next(iter(vector)) not in local:
                continue
            here = relabel(vector)
            if fixed(here) and not (of_share and counts_alone(here)):
                found.append(name)
    return sorted(found, key=[name for name, _, _ in targets].index)


def _groups(root: Callable[[int], int], size: int) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    for column in range(size):
        groups.setdefault(root(column), []).append(column)
    return list(groups.values())


def _solver(
    matrix: np.ndarray,
    published: set[int],
    shares: list[tuple[int, int, int]],
    parts: list[tuple[int, int]],
    truth: list[int],
) -> Callable[[dict[int, int]], bool]:
    """Whether a combination of the figures has one value, for a reader who knows the
    `published` columns and inverts the rounding of `shares` (numerator, base, percent)."""
    known = set(published)
    while True:
        unknown = [c for c in range(matrix.shape[1]) if c not in known]
        sub = matrix[:, unknown]
        _, singular, vh = np.linalg.svd(sub)
        rank = int((singular > 1e-9).sum())
        null = vh[rank:].T  # its columns span what the unknowns may still be
        fixed = _fixed_by(null, {c: i for i, c in enumerate(unknown)})
        learnt = {c for c in unknown if fixed({c: 1})}
        for numerator, base in parts:
            if (base in known or base in learnt) and truth[base] == 0:
                learnt.add(numerator)
        for numerator, base, percent in shares:
            n_known = numerator in known or numerator in learnt
            b_known = base in known or base in learnt
            if b_known and not n_known and truth[base] > 0:
                fits = [n for n in range(truth[base] + 1) if _rounded(n, truth[base]) == percent]
                if len(fits) == 1:
                    learnt.add(numerator)
            if n_known and not b_known and percent > 0 and truth[numerator] > 0:
                candidates = range(truth[numerator], 200 * truth[numerator] + 2)
                fits = [b for b in candidates if _rounded(truth[numerator], b) == percent]
                if len(fits) == 1:
                    learnt.add(base)
        learnt -= known
        if not learnt:
            return fixed
        known |= learnt


def _fixed_by(null: np.ndarray, position: dict[int, int]) -> Callable[[dict[int, int]], bool]:
    """A combination is fixed when every direction the unknowns may still move in leaves it
    unchanged (it is orthogonal to the null space)."""

    def fixed(vector: dict[int, int]) -> bool:
        local = np.zeros(len(position))
        for column, coefficient in vector.items():
            if column in position:
                local[position[column]] = coefficient
        return bool(np.abs(null.T @ local).max(initial=0) < 1e-7)

    return fixed
