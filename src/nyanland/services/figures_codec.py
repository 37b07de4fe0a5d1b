"""Raw figures as JSON: the counts part of a statistics contribution file, and of the counts
retention keeps for deleted cases. Decoding accepts only the catalogue's own cells."""

from __future__ import annotations

from collections import Counter
from typing import Any

from nyanland.domain.disclosure import FIRST_IN_YEAR, Cell, RawFigures
from nyanland.domain.indicators import BY_ID, Indicator, cells_of


def _indicator(key: str) -> Indicator:
    return BY_ID["housed" if key == FIRST_IN_YEAR else key]


def encode_figures(raw: RawFigures) -> dict[str, Any]:
    return {
        "counts": _cells(raw.counts),
        "numerators": _cells(raw.numerators),
        "days": {
            indicator: [[b, c, sorted(d.items())] for (b, c), d in sorted(cells.items())]
            for indicator, cells in sorted(raw.days.items())
        },
    }


def _cells(figures: dict[str, dict[Cell, int]]) -> dict[str, list[list[Any]]]:
    return {
        indicator: [[b, c, n] for (b, c), n in sorted(cells.items()) if n]
        for indicator, cells in sorted(figures.items())
    }


def decode_figures(period: str, document: dict[str, Any]) -> RawFigures:
    """Raises KeyError, ValueError or TypeError on anything but well-formed figures."""
    raw = RawFigures(period)
    for target, key in ((raw.counts, "counts"), (raw.numerators, "numerators")):
        for indicator, cells in document[key].items():
            known = set(cells_of(_indicator(indicator)))
            target[indicator] = {}
            for breakdown, category, number in cells:
                if (breakdown, category) not in known or not isinstance(number, int):
                    raise ValueError(indicator)
                target[indicator][(breakdown, category)] = number
    for indicator, cells in document["days"].items():
        known = set(cells_of(_indicator(indicator)))
        raw.days[indicator] = {}
        for breakdown, category, distribution in cells:
            if (breakdown, category) not in known:
                raise ValueError(indicator)
            raw.days[indicator][(breakdown, category)] = Counter(
                {int(days): int(number) for days, number in distribution}
            )
    return raw
