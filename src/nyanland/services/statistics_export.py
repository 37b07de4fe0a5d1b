"""The statistics of a period written as a file (CSV, Excel or the PDF report), one way for the
command line and the window alike; every export from a store is in its audit log."""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path

from nyanland.domain.disclosure import Published, publish
from nyanland.domain.errors import KnownError
from nyanland.domain.indicators import Target
from nyanland.domain.roles import Permission
from nyanland.domain.timeline import Period
from nyanland.i18n import _
from nyanland.reports.files import write_bytes_atomically
from nyanland.services import audit, contributions, statistics, targets
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext

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
) -> None:
    """Writes the published figures of `period` to `destination` (`-`: standard output)."""
    require(context, Permission.STATISTICS)
    rows = statistics.published(context, period, threshold)
    period_targets = targets.targets_for(context, period)
    if form is StatisticsFormat.PDF:
        # The report writers load ReportLab and openpyxl: only when a report is asked for.
        from nyanland.reports.statistics_pdf import statistics_pdf

        content = statistics_pdf(
            rows,
            period.code,
            threshold,
            statistics.trends(context, period, threshold),
            municipality or statistics.municipality_name(context),
            context.clock.today(),
            period_targets,
        )
    else:
        content = _table(rows, period, threshold, period_targets, form)
    write_bytes_atomically(destination, content)
    with context.store.writing() as session:
        audit.record(
            session, context, AuditAction.STATISTICS_EXPORTED, detail=f"{period.code} {form}"
        )
    log.info("statistics %s exported as %s", period.code, form)


def export_merged(
    files: list[Path], threshold: int, form: StatisticsFormat, destination: Path
) -> Period:
    """Merges laptops' contribution files and writes the figures once suppressed (no store, no
    sign-in: the files hold counts only). Returns the period they are of."""
    if form is StatisticsFormat.PDF:
        raise KnownError(_("--format pdf: the merged report is written as csv or xlsx"))
    raw = contributions.merge_contributions(files)
    period = Period.parse(raw.period)
    write_bytes_atomically(
        destination, _table(publish(raw, threshold), period, threshold, {}, form)
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
