"""One point of an indicator's trend, as the reports draw it (kept apart from ReportLab, so
the services can hand trends out without loading it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TrendPoint:
    period: str
    value: int | None  # None where the figure is suppressed
