"""The statistics of a period as they are published (method 2, docs/statistics-method.md).

A period's raw figures are recorded the first time its statistics go into a file, and every
later file of the period is made from that record, so two files of one period never differ by
a late registration. A year is made of its four quarters' records, so that the year and its
quarters always add up, and method 2 hides what the five together would give away.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nyanland.domain.disclosure import Published, RawFigures, check_threshold
from nyanland.domain.errors import KnownError
from nyanland.domain.indicators import TOTAL
from nyanland.domain.linked_disclosure import (
    METHOD_VERSION,
    PeriodRows,
    publish_quarter,
    publish_year,
    year_of,
)
from nyanland.domain.roles import Permission
from nyanland.domain.timeline import Period
from nyanland.i18n import _
from nyanland.reports.trend import TrendPoint
from nyanland.services.access import require
from nyanland.services.context import ServiceContext
from nyanland.services.figures_codec import decode_figures, encode_figures
from nyanland.services.statistics import figures_in
from nyanland.store.models import PublishedFiguresRow

T = TypeVar("T")


class PeriodNotEnded(KnownError):
    """A file of a period still running would change every day (and each change would point
    at the people it concerns)."""


class ThresholdRecorded(KnownError):
    """A period once published with one threshold is published with it again."""


@dataclass(frozen=True)
class Publication:
    period: Period
    threshold: int
    rows: list[Published]
    # When the figures were recorded; None when they are today's and not recorded (a
    # period shown in the window before its first file).
    recorded_on: date | None
    # The quarter's raw figures, or a year's four quarters', as the rows were made of them.
    figures: tuple[RawFigures, ...]
    method: int = METHOD_VERSION


def shown(context: ServiceContext, period: Period, threshold: int) -> Publication:
    """The figures as the window shows them: the recorded ones where a file was written, today's
    (unrecorded) otherwise."""
    require(context, Permission.STATISTICS)
    check_threshold(threshold)
    with context.store.reading() as session:
        return _publication(session, period, threshold, None)


def for_file(context: ServiceContext, period: Period, threshold: int) -> Publication:
    """The figures for a file: recorded now if this is the period's first, reproduced if not."""
    require(context, Permission.STATISTICS)
    check_threshold(threshold)
    return _recording(context, period, lambda s, t: _publication(s, period, threshold, t))


def figures_for_contribution(context: ServiceContext, period: Period) -> list[RawFigures]:
    """A contribution's raw figures, recorded like a file's: the quarter's, or a year's four
    quarters' (of which the year is made)."""
    require(context, Permission.STATISTICS)
    quarters = [period] if period.is_quarter else _quarters_of(period)
    return _recording(context, period, lambda s, t: [_recorded(s, q, None, t)[0] for q in quarters])


def _recording(context: ServiceContext, period: Period, work: Callable[[Session, date], T]) -> T:
    today = context.clock.today()
    if period.end >= today:
        raise PeriodNotEnded(
            _(
                "--period {period}: the period ends on {end}; its statistics can be written "
                "to a file from the day after, when its figures are recorded once and for all"
            ).format(period=period.code, end=period.end.isoformat())
        )
    try:
        with context.store.writing() as session:
            return work(session, today)
    except IntegrityError:
        # Another export recorded the period at the same moment: its record is the one.
        with context.store.writing() as session:
            return work(session, today)


def _quarters_of(year: Period) -> list[Period]:
    return [Period.quarter(year.start.year, number) for number in range(1, 5)]


def _publication(
    session: Session, period: Period, threshold: int, record_on: date | None
) -> Publication:
    if period.is_quarter:
        raw, recorded_on = _recorded(session, period, threshold, record_on)
        rows = publish_quarter(raw, threshold)
        return Publication(period, threshold, rows, recorded_on, (raw,))
    quarters: list[RawFigures] = []
    dates: list[date | None] = []
    for quarter in _quarters_of(period):
        raw, recorded_on = _recorded(session, quarter, threshold, record_on)
        quarters.append(raw)
        dates.append(recorded_on)
    rows = publish_year(
        year_of(period.code, quarters),
        [PeriodRows(q, tuple(publish_quarter(q, threshold)), threshold) for q in quarters],
        threshold,
    )
    recorded = [d for d in dates if d is not None]
    last = max(recorded) if len(recorded) == 4 else None
    return Publication(period, threshold, rows, last, tuple(quarters))


def _recorded(
    session: Session, quarter: Period, threshold: int | None, record_on: date | None
) -> tuple[RawFigures, date | None]:
    """The quarter's recorded figures; else today's, recorded when `record_on` is given. A
    file records its threshold too (a contribution, which is not suppressed yet, does not)."""
    row = session.get(PublishedFiguresRow, quarter.code)
    if row is not None:
        if row.threshold is None and record_on is not None:
            row.threshold = threshold
        # On the screen, any threshold may be tried on the recorded figures; a file keeps one.
        if record_on is not None and threshold is not None and row.threshold != threshold:
            raise ThresholdRecorded(
                _(
                    "--threshold {given}: the statistics of {period} were first written with "
                    "threshold {k} on {day}, and are written with it again (two files of one "
                    "period with different thresholds would together hide less than either)"
                ).format(given=threshold, period=quarter.code, k=row.threshold, day=row.recorded_on)
            )
        return decode_figures(quarter.code, json.loads(row.figures)), row.recorded_on
    raw = figures_in(session, quarter)
    if record_on is None:
        return raw, None
    session.add(
        PublishedFiguresRow(
            period=quarter.code,
            method=METHOD_VERSION,
            threshold=threshold,
            recorded_on=record_on,
            figures=json.dumps(encode_figures(raw), sort_keys=True),
        )
    )
    return raw, record_on


def trends(context: ServiceContext, period: Period, threshold: int) -> dict[str, list[TrendPoint]]:
    """Each indicator's total as shown, over the eight quarters up to the period's end."""
    result: dict[str, list[TrendPoint]] = {}
    for quarter in Period.quarter_of(period.end).trailing(8):
        for row in shown(context, quarter, threshold).rows:
            if row.breakdown == TOTAL:
                result.setdefault(row.indicator, []).append(TrendPoint(quarter.code, row.value))
    return result


def published(context: ServiceContext, period: Period, threshold: int) -> list[Published]:
    """The rows as shown (see `shown`)."""
    return shown(context, period, threshold).rows
