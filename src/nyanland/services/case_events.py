"""What happened in a case in a period, as one SQL condition each: the overview counts by
them and the case list filters by them, so a number and the list behind it always agree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.orm import InstrumentedAttribute

from nyanland.domain.timeline import Period
from nyanland.services.records import CaseEvent
from nyanland.store.models import CaseRow, PlacementRow, SfiEnrolmentRow


def happened(event: CaseEvent, period: Period) -> ColumnElement[bool]:
    """A condition on a case (each by an index: the dates, or the child table's start)."""
    if event is CaseEvent.RECEIVED:
        return _within(CaseRow.reception_date, period)
    if event is CaseEvent.CLOSED:
        return _within(CaseRow.closure_date, period)
    return CaseRow.id.in_(started(event, period))


def started(event: CaseEvent, period: Period) -> Select[int]:
    """The cases with an SFI course or a placement starting in the period, by the child
    table's index alone (a case once, however many began)."""
    table = SfiEnrolmentRow if event is CaseEvent.SFI_START else PlacementRow
    return select(table.case_id).where(_within(table.start_date, period)).distinct()


def _within(column: InstrumentedAttribute[Any], period: Period) -> ColumnElement[bool]:
    return and_(column >= period.start, column <= period.end)
