"""Statistics contribution files: one store's raw counts for a period, for a coordinator who
merges several offline stores and applies disclosure control once over the sum."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nyanland.domain.disclosure import RawFigures
from nyanland.domain.errors import KnownError
from nyanland.domain.linked_disclosure import year_of
from nyanland.domain.timeline import Period
from nyanland.i18n import _
from nyanland.reports.files import write_text_atomically
from nyanland.services.context import ServiceContext
from nyanland.services.figures_codec import decode_figures, encode_figures
from nyanland.services.publication import figures_for_contribution
from nyanland.store.models import SettingRow

FORMAT = "nyanland.statistics-contribution/1"
STORE_ID_KEY = "store_id"


class ContributionRejected(KnownError):
    """A contribution file that cannot be read or merged; nothing was merged."""


def store_id(context: ServiceContext) -> str:
    """This store's own random identifier (made on first use), so merges can tell stores apart."""
    with context.store.writing() as session:
        row = session.get(SettingRow, STORE_ID_KEY)
        if row is None:
            row = SettingRow(key=STORE_ID_KEY, value=str(uuid.uuid4()))
            session.add(row)
        return row.value


def write_contribution(context: ServiceContext, period: Period, path: Path) -> None:
    """The store's raw figures of an ended period, recorded like a file's; a year's file holds
    its four quarters too, so that the merged year can be protected with them."""
    quarters = figures_for_contribution(context, period)
    raw = quarters[0] if period.is_quarter else year_of(period.code, quarters)
    document: dict[str, Any] = {"format": FORMAT, "store": store_id(context), "period": raw.period}
    document.update(encode_figures(raw))
    if not period.is_quarter:
        document["quarters"] = [{"period": q.period, **encode_figures(q)} for q in quarters]
    write_text_atomically(path, json.dumps(document, indent=1) + "\n")


def read_contribution(path: Path) -> tuple[str, RawFigures, list[RawFigures]]:
    """The store, the figures and (of a year) its quarters' figures."""

    def refuse(problem: str) -> ContributionRejected:
        return ContributionRejected(f"{path}: {problem}")

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise refuse(error.strerror or str(error)) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise refuse(_("not a statistics contribution file (not JSON)")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise refuse(_("not a statistics contribution file ({format})").format(format=FORMAT))
    try:
        period = Period.parse(str(document["period"]))
        quarters: list[RawFigures] = []
        if not period.is_quarter:
            if "quarters" not in document:
                raise refuse(
                    _(
                        "holds no figures of the year's quarters (written by an older "
                        "nyanland): write it again"
                    )
                )
            expected = [f"{period.code}-Q{n}" for n in range(1, 5)]
            given = [str(q["period"]) for q in document["quarters"]]
            if given != expected:
                raise ValueError(", ".join(given))
            quarters = [decode_figures(q["period"], q) for q in document["quarters"]]
        return str(document["store"]), decode_figures(period.code, document), quarters
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise refuse(_("damaged contribution file ({detail})").format(detail=error)) from None


def merge_contributions(paths: Sequence[Path]) -> tuple[RawFigures, list[RawFigures]]:
    """The sum of the contributions, which must be of one period and each of another store;
    of a year, with the sums of its quarters."""
    merged: RawFigures | None = None
    quarters: list[RawFigures] = []
    seen: dict[str, Path] = {}
    for path in paths:
        store, raw, its_quarters = read_contribution(path)
        if store in seen:
            raise ContributionRejected(
                _("{file} and {other} come from the same store: it would be counted twice").format(
                    file=path, other=seen[store]
                )
            )
        seen[store] = path
        if merged is not None and raw.period != merged.period:
            raise ContributionRejected(
                _("{file} is for {period}, the others for {expected}").format(
                    file=path, period=raw.period, expected=merged.period
                )
            )
        merged = raw if merged is None else merged.merge(raw)
        quarters = (
            its_quarters
            if not quarters
            else [mine.merge(theirs) for mine, theirs in zip(quarters, its_quarters, strict=True)]
        )
    if merged is None:
        raise ContributionRejected(_("no contribution files were given"))
    return merged, quarters
