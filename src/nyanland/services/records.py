"""The plain values services hand out: never live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from nyanland.domain.case import CaseData
from nyanland.domain.codes import Sex
from nyanland.domain.reminders import CasePhase
from nyanland.domain.timeline import Period


@dataclass(frozen=True)
class HouseholdMember:
    case_id: int
    case_number: str
    full_name: str
    birth_date: date


@dataclass(frozen=True)
class CaseRecord:
    """A stored case: its data, and what the store adds (number, version, household)."""

    id: int
    case_number: str
    version: int
    data: CaseData
    household_id: int | None
    household_members: tuple[HouseholdMember, ...]  # the other members, not this person
    assigned_officer: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list."""

    id: int
    case_number: str
    first_name: str
    last_name: str
    birth_date: date
    sex: Sex
    personal_identity_number: str | None  # as written, YYYYMMDD-NNNC
    dossier_number: str | None
    reception_date: date
    closure_date: date | None
    phase: CasePhase = CasePhase.NEW
    overdue: bool = False  # some reminder of the case is past its date

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class CaseStatus(StrEnum):
    ALL = "all"
    OPEN = "open"
    CLOSED = "closed"


class CaseOrder(StrEnum):
    CASE_NUMBER = "case_number"
    LAST_NAME = "last_name"
    FIRST_NAME = "first_name"
    BIRTH_DATE = "birth_date"
    RECEPTION_DATE = "reception_date"
    CLOSURE_DATE = "closure_date"


class CaseEvent(StrEnum):
    """What happened in a case in a period (the overview's quarters; services/case_events.py)."""

    RECEIVED = "received"
    SFI_START = "sfi_start"
    PLACEMENT_START = "placement_start"
    CLOSED = "closed"


@dataclass(frozen=True)
class EventFilter:
    event: CaseEvent
    period: Period


@dataclass(frozen=True)
class CaseQuery:
    """What the case list asks for: words to find, which cases, in which order, which page."""

    text: str = ""
    status: CaseStatus = CaseStatus.ALL
    phase: CasePhase | None = None
    only_overdue: bool = False
    officer: str | None = None  # only the cases assigned to this officer
    event: EventFilter | None = None  # only the cases where this happened in its period
    order_by: CaseOrder = CaseOrder.RECEPTION_DATE
    descending: bool = True
    offset: int = 0
    limit: int = 200


@dataclass(frozen=True)
class CasePage:
    rows: tuple[CaseSummary, ...]
    total: int  # how many cases match, over all pages (with `more`: at least this many)
    offset: int
    more: bool = False  # more cases match than `total` counts
