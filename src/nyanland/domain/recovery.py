"""What a reader can work out exactly from published figures: the attacker that method 2 of the
statistics (docs/statistics-method.md) is checked against before a file is written.

The reader knows every published value and every equation the indicators' definitions imply
(a breakdown adds up to its total, a year is the sum of its quarters, …). A hidden quantity is
*recoverable* when it is a fixed combination of what is known: its vector lies in the row
space of the equations over the hidden variables. Rounded percentages add what inverting the
rounding gives: a published share and its known base leave one numerator (for bases up to
100 always), and a known numerator with the share can leave one base; and a share's numerator
is part of its base, so a base of 0 has a numerator of 0.

Written here rather than taken from a library: the systems are a few dozen equations with
coefficients 0 and ±1, solved exactly over the rationals with `fractions` (no floating-point
tolerance to argue about); numpy or sympy would be a large dependency for a 60-line
elimination. The tests check it against an independent attacker built on numpy.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

Var = Hashable
Vector = Mapping[Var, int]
Number = int | Fraction  # a coefficient: an integer as long as the pivots are ±1


def _percent(numerator: int, base: int) -> int:
    return (200 * numerator + base) // (2 * base)  # the same rounding as the published file


@dataclass(frozen=True)
class ShareSeen:
    """A published, rounded share `percent` of `numerator` over `base` (variables)."""

    numerator: Var
    base: Var
    percent: int


@dataclass
class _Span:
    """Rows in reduced row-echelon form over the rationals: each pivot variable appears in
    its own row only."""

    rows: dict[Var, dict[Var, Number]] = field(default_factory=dict)

    def reduce(self, vector: Mapping[Var, Number]) -> dict[Var, Number]:
        left = {var: c for var, c in vector.items() if c}
        for pivot in [var for var in left if var in self.rows]:
            factor = left.get(pivot)
            if factor:
                for var, c in self.rows[pivot].items():
                    value = left.get(var, 0) - factor * c
                    if value:
                        left[var] = value
                    else:
                        left.pop(var, None)
        return left

    def add(self, vector: Mapping[Var, Number]) -> None:
        left = self.reduce(vector)
        if not left:
            return
        pivot = next(iter(left))  # any choice is right; the first keeps runs identical
        scale = left[pivot]
        if scale in (1, -1):  # the usual case here: integers stay integers (and fast)
            row = {var: c * scale for var, c in left.items()}
        else:
            row = {var: Fraction(c) / scale for var, c in left.items()}
        for other in self.rows.values():
            factor = other.get(pivot)
            if factor:
                for var, c in row.items():
                    value = other.get(var, 0) - factor * c
                    if value:
                        other[var] = value
                    else:
                        other.pop(var, None)
        self.rows[pivot] = row


class Knowledge:
    """Everything a reader can derive from `equations` (each a vector whose combination of
    the variables is 0), the `known` variables and the published `shares`."""

    def __init__(
        self,
        equations: Iterable[Vector],
        known: Iterable[Var],
        values: Mapping[Var, int],
        shares: Iterable[ShareSeen] = (),
        parts: Iterable[tuple[Var, Var]] = (),
    ) -> None:
        self._equations = list(equations)
        self._values = values
        self._shares = list(shares)
        self._parts = list(parts)  # (numerator, base): 0 <= numerator <= base
        self.known: set[Var] = set(known)
        self._span = _Span()
        self._derive()

    def _derive(self) -> None:
        while True:
            self._span = _Span()
            for equation in self._equations:
                self._span.add({var: c for var, c in equation.items() if var not in self.known})
            self.known |= {pivot for pivot, row in self._span.rows.items() if len(row) == 1}
            if not self._invert_shares():
                return

    def _invert_shares(self) -> bool:
        learnt = False
        for numerator, base in self._parts:
            if base in self.known and numerator not in self.known and self._values[base] == 0:
                self.known.add(numerator)  # nobody counted: nobody in the part either
                learnt = True
        for share in self._shares:
            n_known, b_known = share.numerator in self.known, share.base in self.known
            if b_known and not n_known:
                base = self._values[share.base]
                if base > 0 and len(numerators_for(share.percent, base)) == 1:
                    self.known.add(share.numerator)
                    learnt = True
            elif (
                n_known
                and not b_known
                and len(bases_for(share.percent, self._values[share.numerator])) == 1
            ):
                self.known.add(share.base)
                learnt = True
        return learnt

    def determines(self, vector: Vector) -> bool:
        """Whether the combination `vector` of the variables has one possible value."""
        left = {var: c for var, c in vector.items() if c and var not in self.known}
        return not self._span.reduce(left)


def numerators_for(percent: int, base: int) -> list[int]:
    """Every numerator whose share of `base`, rounded as published, is `percent`."""
    return [n for n in range(base + 1) if _percent(n, base) == percent]


def bases_for(percent: int, numerator: int) -> list[int] | range:
    """Every base that, with `numerator`, rounds to `percent` (unbounded for 0 %: a range that
    stands for "many")."""
    if percent == 0 or numerator == 0:
        return range(2)  # 0 % fits every large base; n = 0 fits every base: never one
    low = max(numerator, (200 * numerator) // (2 * percent + 1) - 1, 1)
    high = (200 * numerator) // max(2 * percent - 1, 1) + 1
    return [b for b in range(low, high + 1) if _percent(numerator, b) == percent]
