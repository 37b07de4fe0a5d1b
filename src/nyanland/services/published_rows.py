"""A period's published rows as its record keeps them (migration 0024), and as an officer or a
coordinator on a team server reads them: through `nyanland_statistics(period)`, the only way
there to the figures (store/server_statistics.py). No raw figure reaches them, so they get a
period exactly as an administrator published it, with its threshold, or not at all."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from nyanland.domain.disclosure import Published, Status
from nyanland.domain.errors import KnownError
from nyanland.domain.indicators import TOTAL
from nyanland.domain.roles import Permission
from nyanland.domain.timeline import Period
from nyanland.i18n import _, format_date
from nyanland.reports.trend import TrendPoint
from nyanland.services.context import ServiceContext
from nyanland.store.models import PublishedFiguresRow

if TYPE_CHECKING:
    from nyanland.services.publication import Publication


def reads_published_only(context: ServiceContext) -> bool:
    """On a team server with its own rules only an administrator counts: everyone else reads
    the rows an administrator published, and no raw figure (store/server_statistics.py)."""
    return context.store.server_logins and not context.actor.may(Permission.ADMINISTER)


class NotPublished(KnownError):
    """On a team server only an administrator counts; this period is not published yet."""


@dataclass(frozen=True)
class Record:
    period: str
    threshold: int
    recorded_on: date


def encode(rows: Sequence[Published]) -> str:
    return json.dumps(
        [
            {
                "indicator": row.indicator,
                "period": row.period,
                "breakdown": row.breakdown,
                "category": row.category,
                "value": row.value,
                "unit": row.unit,
                "status": row.status.value,
                "linked": row.linked,
            }
            for row in rows
        ]
    )


def records(session: Session, periods: Sequence[Period]) -> dict[str, Record]:
    """The periods published (a first file written), with their thresholds and days."""
    found = session.execute(
        select(
            PublishedFiguresRow.period,
            PublishedFiguresRow.threshold,
            PublishedFiguresRow.recorded_on,
        ).where(
            PublishedFiguresRow.period.in_([p.code for p in periods]),
            PublishedFiguresRow.threshold.is_not(None),
        )
    )
    return {code: Record(code, k, day) for code, k, day in found if k is not None}


def rows_of(session: Session, period: Period) -> list[Published]:
    """The rows as the server hands them out (its function checks the role)."""
    found = session.execute(
        text(
            "SELECT indicator, of_period, breakdown, category, value, unit, status, linked "
            "FROM nyanland_statistics(:period)"
        ),
        {"period": period.code},
    )
    return [
        Published(
            indicator,
            code,
            breakdown,
            category,
            value,
            unit,
            Status(status),
            linked=bool(linked),
        )
        for indicator, code, breakdown, category, value, unit, status, linked in found
    ]


def publication(session: Session, period: Period, threshold: int) -> Publication:
    from nyanland.services.publication import Publication

    record = records(session, [period]).get(period.code)
    if record is None:
        raise NotPublished(
            _(
                "the statistics of {period} are not published on the team server yet: on a "
                "server only an administrator counts the cases, and publishes a period by "
                "writing its first file (from the day after it ends); after that everyone "
                "who may read statistics shows and writes the same figures"
            ).format(period=period.code)
        )
    if record.threshold != threshold:
        raise NotPublished(
            _(
                "threshold {given}: the statistics of {period} were published with threshold "
                "{k} on {day}, and on the team server they are shown and written with it "
                "(only an administrator counts there)"
            ).format(
                given=threshold,
                period=period.code,
                k=record.threshold,
                day=format_date(record.recorded_on),
            )
        )
    return Publication(period, threshold, rows_of(session, period), record.recorded_on)


def trends(session: Session, period: Period, threshold: int) -> dict[str, list[TrendPoint]]:
    """Each indicator's total over the published ones of the eight quarters up to the period's
    end (a quarter not published, or with another threshold, is left out)."""
    quarters = Period.quarter_of(period.end).trailing(8)
    published = records(session, quarters)
    result: dict[str, list[TrendPoint]] = {}
    for quarter in quarters:
        record = published.get(quarter.code)
        if record is None or record.threshold != threshold:
            continue
        for row in rows_of(session, quarter):
            if row.breakdown == TOTAL:
                result.setdefault(row.indicator, []).append(TrendPoint(quarter.code, row.value))
    return result
