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

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nyanland.domain.disclosure import Published, RawFigures, check_threshold
from nyanland.domain.errors import KnownError
from nyanland.domain.indicators import TOTAL
from nyanland.domain.linked_disclosure import (
    METHOD_VERSION,
    PeriodRows,
    hidden_cells,
    publish_period,
    reproduce,
    year_of,
)
from nyanland.domain.roles import Permission
from nyanland.domain.timeline import Period
from nyanland.i18n import _
from nyanland.reports.trend import TrendPoint
from nyanland.services import published_rows
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


def shown(context: ServiceContext, period: Period, threshold: int) -> Publication:
    """The figures as the window shows them: the recorded ones where a file was written, today's
    (unrecorded) otherwise."""
    require(context, Permission.STATISTICS)
    check_threshold(threshold)
    with context.store.reading() as session:
        if published_rows.reads_published_only(context):
            return published_rows.publication(session, period, threshold)
        return _publication(session, period, threshold, None)


def for_file(context: ServiceContext, period: Period, threshold: int) -> Publication:
    """The figures for a file: recorded now if this is the period's first, reproduced if not."""
    require(context, Permission.STATISTICS)
    check_threshold(threshold)

    def work(session: Session, today: date) -> Publication:
        if published_rows.reads_published_only(context):
            return published_rows.publication(session, period, threshold)
        return _publication(session, period, threshold, today)

    return _recording(context, period, work)


def figures_for_contribution(context: ServiceContext, period: Period) -> list[RawFigures]:
    """A contribution's raw figures, recorded like a file's: the quarter's, or a year's four
    quarters' (of which the year is made)."""
    require(context, Permission.STATISTICS)
    if published_rows.reads_published_only(context):
        raise published_rows.NotPublished(
            _(
                "a contribution holds a store's raw figures: on the team server only an "
                "administrator may write one (the server counts every case already, so its "
                "statistics need no merging)"
            )
        )
    quarters = [period] if period.is_quarter else _quarters_of(period)
    return _recording(context, period, lambda s, t: [figures_recorded(s, q, t) for q in quarters])


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
    ledger = _Ledger(session, threshold, record_on)
    if period.is_quarter:
        figures = ledger.quarter(period)
        return Publication(period, threshold, list(figures.rows), ledger.day(period))
    quarters = [ledger.quarter(quarter).raw for quarter in _quarters_of(period)]
    figures = ledger.year(period, quarters)
    return Publication(period, threshold, list(figures.rows), ledger.day(period))


class _Ledger:
    """The store's records of the periods published, and each period's rows: reproduced from
    its record, or made now against the periods published before it (and recorded, for a
    file). A year's quarters not published yet are published in turn before it."""

    def __init__(self, session: Session, threshold: int, record_on: date | None) -> None:
        self.session = session
        self.threshold = threshold
        self.record_on = record_on
        self.records = {row.period: row for row in session.scalars(select(PublishedFiguresRow))}
        self.published: dict[str, PeriodRows] = {}
        for code, row in self.records.items():
            if row.hidden is not None and row.threshold is not None:
                self.published[code] = reproduce(
                    decode_figures(code, json.loads(row.figures)),
                    row.threshold,
                    [tuple(cell) for cell in json.loads(row.hidden)],
                )

    def day(self, period: Period) -> date | None:
        row = self.records.get(period.code)
        return row.recorded_on if row is not None and row.hidden is not None else None

    def quarter(self, quarter: Period) -> PeriodRows:
        row = self.records.get(quarter.code)
        raw = None if row is None else decode_figures(quarter.code, json.loads(row.figures))
        return self._period(quarter, raw if raw is not None else figures_in(self.session, quarter))

    def year(self, year: Period, quarters: list[RawFigures]) -> PeriodRows:
        row = self.records.get(year.code)
        raw = None if row is None else decode_figures(year.code, json.loads(row.figures))
        return self._period(year, raw if raw is not None else year_of(year.code, quarters))

    def _period(self, period: Period, raw: RawFigures) -> PeriodRows:
        row = self.records.get(period.code)
        if row is not None and row.hidden is not None and row.threshold is not None:
            if self.record_on is not None and row.threshold != self.threshold:
                raise ThresholdRecorded(
                    _(
                        "--threshold {given}: the statistics of {period} were first written "
                        "with threshold {k} on {day}, and are written with it again (two files "
                        "of one period with different thresholds would together hide less than "
                        "either)"
                    ).format(
                        given=self.threshold,
                        period=period.code,
                        k=row.threshold,
                        day=row.recorded_on,
                    )
                )
            # On the screen any threshold may be tried on the record; a file keeps its own.
            figures = reproduce(raw, self.threshold, [tuple(c) for c in json.loads(row.hidden)])
            if self.record_on is not None and row.rows is None:  # recorded before 0024
                row.rows = published_rows.encode(figures.rows)
            return figures
        figures = PeriodRows(
            raw, tuple(publish_period(raw, self.threshold, self._before(period))), self.threshold
        )
        # Published in turn: what comes after (a year after its quarters) is made against it.
        self.published[period.code] = figures
        if self.record_on is not None:
            if row is None:
                row = PublishedFiguresRow(period=period.code, method=METHOD_VERSION)
                self.session.add(row)
                self.records[period.code] = row
            row.threshold = self.threshold
            row.recorded_on = self.record_on
            row.figures = json.dumps(encode_figures(raw), sort_keys=True)
            row.hidden = json.dumps(hidden_cells(figures.rows))
            row.rows = published_rows.encode(figures.rows)
        return figures

    def _before(self, period: Period) -> list[PeriodRows]:
        """The periods published of the year before, the period's year and the year after: the
        years a reader links it to (through the year's sums and the open cases' stock)."""
        years = {str(period.start.year + offset) for offset in (-1, 0, 1)}
        return [
            figures
            for code, figures in sorted(self.published.items())
            if code[:4] in years and code != period.code
        ]


def figures_recorded(session: Session, quarter: Period, record_on: date) -> RawFigures:
    """A quarter's recorded raw figures, recorded now (not yet as a file) if they were not."""
    row = session.get(PublishedFiguresRow, quarter.code)
    if row is not None:
        return decode_figures(quarter.code, json.loads(row.figures))
    raw = figures_in(session, quarter)
    session.add(
        PublishedFiguresRow(
            period=quarter.code,
            method=METHOD_VERSION,
            recorded_on=record_on,
            figures=json.dumps(encode_figures(raw), sort_keys=True),
        )
    )
    return raw


def trends(context: ServiceContext, period: Period, threshold: int) -> dict[str, list[TrendPoint]]:
    """Each indicator's total as shown, over the eight quarters up to the period's end (the
    records read once; each quarter made as `shown` makes it, against the recorded ones)."""
    require(context, Permission.STATISTICS)
    check_threshold(threshold)
    result: dict[str, list[TrendPoint]] = {}
    with context.store.reading() as session:
        if published_rows.reads_published_only(context):
            return published_rows.trends(session, period, threshold)
        ledger = _Ledger(session, threshold, None)
        recorded = dict(ledger.published)
        for quarter in Period.quarter_of(period.end).trailing(8):
            ledger.published = dict(recorded)
            for row in ledger.quarter(quarter).rows:
                if row.breakdown == TOTAL:
                    point = TrendPoint(quarter.code, row.value)
                    result.setdefault(row.indicator, []).append(point)
    return result


def published(context: ServiceContext, period: Period, threshold: int) -> list[Published]:
    """The rows as shown (see `shown`)."""
    return shown(context, period, threshold).rows
