"""The statistics CSV of INDICATORS.md, byte for byte: UTF-8, commas, `\\n`, a header row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from nyanland.domain.disclosure import Published

HEADER = ("indicator", "period", "breakdown", "category", "value", "unit", "status")


def statistics_csv(rows: Iterable[Published]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(
            (
                row.indicator,
                row.period,
                row.breakdown,
                row.category,
                "" if row.value is None else str(row.value),
                row.unit,
                row.status.value,
            )
        )
    return buffer.getvalue()
