"""The statistics of a period written as a file (CSV, Excel or the PDF report), one way for the
command line and the window alike; every export from a store is in its audit log."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date
from enum import StrEnum
from pathlib import Path

from nyanland.domain.disclosure import Published
from nyanland.domain.errors import KnownError
from nyanland.domain.indicators import CONTRACT_VERSION, Target
from nyanland.domain.linked_disclosure import METHOD_VERSION, PeriodRows, publish_period, year_of
from nyanland.domain.roles import Permission
from nyanland.domain.timeline import Period
from nyanland.i18n import _
from nyanland.reports.files import is_standard_stream, write_bytes_atomically
from nyanland.services import audit, contributions, publication, statistics, targets
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.services.publication import Publication

SIDECAR_FORMAT = "nyanland.statistics-method/1"

log = logging.getLogger(__name__)


class StatisticsFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"


def export_statistics(
    context: ServiceContext,
    period: Period,
    threshold: int,
    form: StatisticsFormat,
    destination: Path,
    municipality: str | None = None,
) -> Publication:
    """Writes the published figures of `period` to `destination` (`-`: standard output) and,
    beside a file, the method sidecar `<file>.json`. The first file of a period records its
    figures; every later one reproduces them."""
    require(context, Permission.STATISTICS)
    published = publication.for_file(context, period, threshold)
    rows = published.rows
    period_targets = targets.targets_for(context, period)
    if form is StatisticsFormat.PDF:
        # The report writers load ReportLab and openpyxl: only when a report is asked for.
        from nyanland.reports.statistics_pdf import statistics_pdf

        content = statistics_pdf(
            rows,
            period.code,
            threshold,
            publication.trends(context, period, threshold),
            municipality or statistics.municipality_name(context),
            context.clock.today(),
            period_targets,
        )
    else:
        content = _table(rows, period, threshold, period_targets, form)
    write_bytes_atomically(destination, content)
    if not is_standard_stream(destination):
        write_bytes_atomically(
            sidecar_path(destination),
            sidecar(period, threshold, published.recorded_on, destination, content),
        )
    with context.store.writing() as session:
        audit.record(
            session, context, AuditAction.STATISTICS_EXPORTED, detail=f"{period.code} {form}"
        )
    log.info("statistics %s exported as %s", period.code, form)
    return published


def sidecar_path(destination: Path) -> Path:
    return destination.with_name(destination.name + ".json")


def sidecar(
    period: Period, threshold: int, recorded_on: date | None, destination: Path, content: bytes
) -> bytes:
    """What a reader of the file needs to know of how it was made (the CSV itself, fixed by
    INDICATORS.md v1, has no place for it)."""
    document = {
        "format": SIDECAR_FORMAT,
        "file": destination.name,
        "sha256": hashlib.sha256(content).hexdigest(),
        "indicators": CONTRACT_VERSION,
        "method": METHOD_VERSION,
        "period": period.code,
        "threshold": threshold,
        # None for a merge of contribution files (each laptop recorded its own).
        "recorded_on": recorded_on.isoformat() if recorded_on else None,
        "revisions": "none: every file of a period is made from the figures recorded first",
    }
    return (json.dumps(document, indent=1) + "\n").encode("utf-8")


def export_merged(
    files: list[Path], threshold: int, form: StatisticsFormat, destination: Path
) -> Period:
    """Merges laptops' contribution files and writes the figures once suppressed (no store, no
    sign-in: the files hold counts only). Returns the period they are of."""
    if form is StatisticsFormat.PDF:
        raise KnownError(_("--format pdf: the merged report is written as csv or xlsx"))
    raw, quarters = contributions.merge_contributions(files)
    period = Period.parse(raw.period)
    # Published as one store publishes them: the quarters in turn, then the year.
    published: list[PeriodRows] = []
    for quarter in quarters:
        rows = publish_period(quarter, threshold, published)
        published.append(PeriodRows(quarter, tuple(rows), threshold))
    rows = publish_period(year_of(period.code, quarters) if quarters else raw, threshold, published)
    content = _table(rows, period, threshold, {}, form)
    write_bytes_atomically(destination, content)
    if not is_standard_stream(destination):
        write_bytes_atomically(
            sidecar_path(destination), sidecar(period, threshold, None, destination, content)
        )
    return period


def _table(
    rows: list[Published],
    period: Period,
    threshold: int,
    period_targets: dict[str, Target],
    form: StatisticsFormat,
) -> bytes:
    if form is StatisticsFormat.CSV:
        from nyanland.reports.statistics_csv import statistics_csv

        return statistics_csv(rows).encode("utf-8")
    from nyanland.reports.statistics_xlsx import statistics_xlsx

    return statistics_xlsx(rows, period.code, threshold, period_targets)
