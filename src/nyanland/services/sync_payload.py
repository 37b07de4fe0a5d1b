"""A case as it travels between a laptop copy and the server: the payload (the case file's
form, its officer and household), the three-way merge of two payloads, writing one into a
store, and the conflicts kept for the officer."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from nyanland.domain.case import CaseData
from nyanland.domain.merge import Merge, merge
from nyanland.i18n import _
from nyanland.services.audit import AuditAction
from nyanland.services.case_file import case_to_json, parse_case
from nyanland.services.case_rows import (
    case_columns,
    case_data_from_row,
    replace_children,
    search_text,
    with_lists,
)
from nyanland.store.models import (
    CaseRow,
    HouseholdRow,
    SyncConflictRow,
)

Payload = dict[str, Any]
Entry = tuple[AuditAction, int, str, dict[str, tuple[Any, Any]] | None]  # for the server's log


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    merged: int = 0
    created_there: int = 0
    deleted_there: int = 0
    removed_here: int = 0
    conflicts: int = 0  # open after this sync
    documents: int = 0  # attachments copied or removed, either way
    consents: int = 0  # consents copied or withdrawn, either way
    meetings: int = 0  # meetings copied or cancelled, either way
    log_broken: str | None = None  # the laptop's audit log did not hold (services/laptop_log)
    renumbered: list[tuple[str, str]] = field(default_factory=list)


class ConflictKind(StrEnum):
    FIELDS = "fields"  # the same fields changed differently here and on the server
    DELETED_THERE = "deleted_there"  # changed here, deleted on the server
    DELETED_HERE = "deleted_here"  # deleted here, changed on the server
    REFUSED = "refused"  # the server refused the case (e.g. its identity number is taken)


# -- the case as it travels -----------------------------------------------------------------------


def payload(row: CaseRow) -> Payload:
    """A case as it travels and as its base is kept: the case file's form of INTERCHANGE.md,
    its officer and its household."""
    return {
        "case": case_to_json(case_data_from_row(row), row.case_number, None, internal=True),
        "officer": row.assigned_officer,
        "household": row.household.uid if row.household is not None else None,
    }


def with_number(travelling: Payload, number: str) -> Payload:
    return {**travelling, "case": {**travelling["case"], "case_number": number}}


def data_of(travelling: Payload) -> CaseData:
    # Parsing only: identity numbers travel with all 12 digits, so no century is guessed from
    # a date; the rules are checked against the server's clock where a case is written there.
    return parse_case(json.dumps(travelling["case"]), date.max, internal=True).data


def case_merge(base: Payload, ours: Payload, theirs: Payload) -> Merge[CaseData]:
    """The merge of the case data; the server's case number wins (it gives the lasting ones)."""
    number = theirs["case"]["case_number"]
    return merge(
        data_of(with_number(base, number)), data_of(with_number(ours, number)), data_of(theirs)
    )


def merge_payloads(base: Payload, ours: Payload, theirs: Payload) -> Payload | None:
    merged = case_merge(base, ours, theirs)
    if not merged.clean:
        return None
    scalars = {}
    for key in ("officer", "household"):
        scalars[key] = ours.get(key) if theirs.get(key) == base.get(key) else theirs.get(key)
    data = merged.merged
    return {"case": case_to_json(data, data.case_number or "", None, internal=True), **scalars}


def row_options() -> tuple[Any, ...]:
    return (*with_lists(), selectinload(CaseRow.household))


def rows_of(session: Session, uids: Sequence[str], lock: bool = False) -> Iterable[CaseRow]:
    statement = select(CaseRow).where(CaseRow.uid.in_(uids)).options(*row_options())
    if lock:
        statement = statement.with_for_update(of=CaseRow)
    return session.scalars(statement).all()


def number_taken(session: Session, number: str) -> bool:
    return session.scalar(select(CaseRow.id).where(CaseRow.case_number == number)) is not None


def write_case(
    session: Session, row: CaseRow | None, uid: str, travelling: Payload, now: datetime
) -> CaseRow:
    """Makes (or creates) the case `uid` exactly the travelling case; raises its version."""
    data = data_of(travelling)
    number = data.case_number or ""
    household = household_row(session, travelling.get("household"), now)
    if row is None:
        row = CaseRow(uid=uid, version=0, created_at=now)
        session.add(row)
    for name, value in case_columns(data).items():
        setattr(row, name, value)
    row.case_number = number
    row.search_text = search_text(data, number)
    row.assigned_officer = travelling.get("officer")
    row.household = household
    row.updated_at = now
    row.version += 1
    replace_children(row, data)
    session.flush()
    return row


def household_row(session: Session, uid: str | None, now: datetime) -> HouseholdRow | None:
    if uid is None:
        return None
    found = session.scalar(select(HouseholdRow).where(HouseholdRow.uid == uid))
    if found is None:
        found = HouseholdRow(uid=uid, created_at=now)
        session.add(found)
        session.flush()
    return found


def conflict_row(
    uid: str,
    kind: ConflictKind,
    shown: Payload,
    base: Payload | None,
    mine: Payload | None,
    theirs: Payload | None,
    theirs_version: int | None,
) -> SyncConflictRow:
    messages = {
        ConflictKind.FIELDS: _("changed here and on the server: choose field by field"),
        ConflictKind.DELETED_THERE: _("changed here, but deleted on the server"),
        ConflictKind.DELETED_HERE: _("deleted here, but changed on the server since"),
    }
    return SyncConflictRow(
        case_uid=uid,
        kind=kind.value,
        case_number=shown["case"]["case_number"],
        base=as_json(base),
        mine=as_json(mine),
        theirs=as_json(theirs),
        theirs_version=theirs_version,
        message=messages[kind],
        found_at=datetime.min,
    )


def refused_row(uid: str, ours: Payload, problems: list[Any]) -> SyncConflictRow:
    text = "; ".join(str(problem) for problem in problems)
    return SyncConflictRow(
        case_uid=uid,
        kind=ConflictKind.REFUSED.value,
        case_number=ours["case"]["case_number"],
        base=None,
        mine=as_json(ours),
        theirs=None,
        theirs_version=None,
        message=_("the server refused it: {problems}; correct the case here").format(problems=text),
        found_at=datetime.min,
    )


def as_json(value: Payload | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
