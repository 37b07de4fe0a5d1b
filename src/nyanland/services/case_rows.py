"""Between a case's plain data and its rows: loading, and one bulk path for every insert."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from nyanland.domain import journal
from nyanland.domain.case import (
    CaseData,
)
from nyanland.domain.errors import NotFound, StaleVersion
from nyanland.domain.identity import format_identity_number
from nyanland.domain.sections import (
    CLOSURE,
    HOUSING,
    JOURNAL_NOTE,
    PERSON,
    PLACEMENT,
    RECEPTION,
    SFI_ENROLMENT,
    SKILLS_MAPPING,
    FieldSpec,
    Section,
    ValueKind,
)
from nyanland.i18n import _
from nyanland.services import deadlines
from nyanland.services.access import visible_cases
from nyanland.services.batches import chunks
from nyanland.services.context import ServiceContext
from nyanland.store.models import (
    CaseRow,
    HouseholdRow,
    HousingRow,
    JournalNoteRow,
    PlacementRow,
    SettingRow,
    SfiEnrolmentRow,
    SkillsMappingRow,
    SyncCaseRow,
    SyncDeletionRow,
)


def search_text(data: CaseData, case_number: str) -> str:
    """What the case list's search looks through: name, numbers (both forms), case number."""
    person = data.person
    parts = [person.first_name, person.last_name, case_number, person.dossier_number or ""]
    if person.personal_identity_number:
        parts += [
            person.personal_identity_number,
            format_identity_number(person.personal_identity_number),
        ]
    return " ".join(parts).lower()


def columns(section: Section, record: Any) -> dict[str, Any]:
    """A part of a case as its row's columns, as its section declares the fields."""
    return {
        spec.column_name: _to_column(spec, getattr(record, spec.name)) for spec in section.fields
    }


def from_columns(section: Section, row: Any) -> Any:
    """The part of a case its row holds."""
    values = {f.name: _from_column(f, getattr(row, f.column_name)) for f in section.fields}
    return section.record(**values)


def _to_column(spec: FieldSpec, value: Any) -> Any:
    if spec.kind is ValueKind.CODE:
        return None if value is None else value.value
    if spec.kind is ValueKind.CODES:
        return ",".join(value)
    return value


def _from_column(spec: FieldSpec, value: Any) -> Any:
    if spec.kind is ValueKind.CODE:
        assert spec.code_list is not None
        return spec.code_list(value) if value else None
    if spec.kind is ValueKind.CODES:
        return tuple(code for code in value.split(",") if code)
    return value


def case_columns(data: CaseData) -> dict[str, Any]:
    """The `cases` columns that come from the data (not number, household, version, times)."""
    closed = {spec.column_name: None for spec in CLOSURE.fields}
    if data.closure is not None:
        closed = columns(CLOSURE, data.closure)
    return {**columns(PERSON, data.person), **columns(RECEPTION, data.reception), **closed}


def with_lists() -> tuple[_AbstractLoad, ...]:
    """Loader options that fetch a case's lists in one query each, for many cases at once."""
    return (
        selectinload(CaseRow.sfi_enrolments),
        selectinload(CaseRow.skills_mapping),
        selectinload(CaseRow.placements),
        selectinload(CaseRow.housing),
        selectinload(CaseRow.notes),
    )


def case_data_from_row(row: CaseRow) -> CaseData:
    closed = row.closure_date is not None and row.closure_outcome is not None
    return CaseData(
        person=from_columns(PERSON, row),
        reception=from_columns(RECEPTION, row),
        case_number=row.case_number,
        sfi=tuple(from_columns(SFI_ENROLMENT, e) for e in row.sfi_enrolments),
        skills_mapping=None
        if row.skills_mapping is None
        else from_columns(SKILLS_MAPPING, row.skills_mapping),
        placements=tuple(from_columns(PLACEMENT, p) for p in row.placements),
        housing=tuple(from_columns(HOUSING, h) for h in row.housing),
        closure=from_columns(CLOSURE, row) if closed else None,
        notes=tuple(from_columns(JOURNAL_NOTE, n) for n in row.notes),
    )


# A case's lists: the rows that hold them, and the relation of CaseRow each is reached by.
LIST_ROWS = (
    (SfiEnrolmentRow, SFI_ENROLMENT),
    (PlacementRow, PLACEMENT),
    (HousingRow, HOUSING),
    (JournalNoteRow, JOURNAL_NOTE),
)
_RELATION = {
    "sfi": "sfi_enrolments",
    "placements": "placements",
    "housing": "housing",
    "notes": "notes",
}


def visible_case_row(session: Session, context: ServiceContext, case_id: int) -> CaseRow:
    """The case's row (without its lists), if the actor may see it (NotFound)."""
    row = session.scalar(select(CaseRow).where(CaseRow.id == case_id, visible_cases(context)))
    if row is None:
        raise NotFound(_("the case no longer exists"))
    return row


def row_for_update(
    session: Session, context: ServiceContext, case_id: int, expected_version: int
) -> CaseRow:
    """The case's row with its lists, if the actor may see it and nobody saved it since
    `expected_version` (NotFound, StaleVersion)."""
    row = session.scalar(
        select(CaseRow).where(CaseRow.id == case_id, visible_cases(context)).options(*with_lists())
    )
    if row is None:
        raise NotFound(_("the case no longer exists"))
    if row.version != expected_version:
        raise StaleVersion(
            _("case {number} was changed by someone else after you opened it").format(
                number=row.case_number
            )
        )
    return row


def write_case(session: Session, row: CaseRow, data: CaseData, number: str, now: datetime) -> None:
    """Saves `data` over the case's row and lists (a new version of it)."""
    for name, value in case_columns(data).items():
        setattr(row, name, value)
    row.case_number = number
    row.search_text = search_text(data, number)
    row.updated_at = now
    row.version += 1
    replace_children(row, data)
    session.flush()


def replace_children(row: CaseRow, data: CaseData) -> None:
    """Makes the case's lists those of `data` (the ORM deletes the rows no longer there)."""
    for model, section in LIST_ROWS:
        items = getattr(data, section.key)
        if model is JournalNoteRow:
            # Kept as written: a saved entry's row stays (the database refuses to change or
            # remove it); only the new entries are inserted (domain/journal.py settles them).
            saved = {note.uid: note for note in row.notes}
            row.notes = [saved.get(item.uid) or model(**columns(section, item)) for item in items]
            continue
        setattr(row, _RELATION[section.key], [model(**columns(section, i)) for i in items])
    if data.skills_mapping is None:
        row.skills_mapping = None
    elif row.skills_mapping is None:
        row.skills_mapping = SkillsMappingRow(**columns(SKILLS_MAPPING, data.skills_mapping))
    else:
        for name, value in columns(SKILLS_MAPPING, data.skills_mapping).items():
            setattr(row.skills_mapping, name, value)


@dataclass(frozen=True)
class NewCase:
    """A case to insert: its data, and a household key shared with the others of its family."""

    data: CaseData
    household_key: str | None = None


SYNC_SERVER_SETTING = "sync.server"


class CaseNumbers:
    """Hands out the next free case numbers, `YYYY-NNNNN` by reception year."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._last: dict[int, int] = {}
        # A laptop's replica of a team store hands out provisional numbers (`2026-L0001`): the
        # server gives the lasting one at the next sync, so two laptops never collide.
        self._provisional = (
            session.scalar(select(SettingRow.value).where(SettingRow.key == SYNC_SERVER_SETTING))
            is not None
        )

    def next(self, reception_date: date) -> str:
        year = reception_date.year
        prefix, digits = (f"{year}-L", 4) if self._provisional else (f"{year}-", 5)
        if year not in self._last:
            pattern = prefix + "_" * digits
            if self._session.info.get("server_rules"):
                # Over every case, those out of this officer's sight too (only the number).
                highest = self._session.scalar(
                    text("SELECT nyanland_last_number(:pattern)"), {"pattern": pattern}
                )
            else:
                if self._session.get_bind().dialect.name == "postgresql":
                    # Held to the commit: two officers saving at once get two numbers.
                    self._session.execute(text("SELECT pg_advisory_xact_lock(735103)"))
                highest = self._highest(prefix)
            tail = highest[len(prefix) :] if highest else ""
            self._last[year] = int(tail) if tail.isdigit() else 0
        self._last[year] += 1
        return f"{prefix}{self._last[year]:0{digits}d}"

    def _highest(self, prefix: str) -> str | None:
        """The year's highest number: the greatest of the longest, since past 99,999 cases
        in a year `2026-100000` sorts before `2026-99999` (both read off the index's range)."""
        if self._session.get_bind().dialect.name == "sqlite":  # binary order: a range
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            year = [CaseRow.case_number >= prefix, CaseRow.case_number < upper]
        else:  # a server's collation may order "-" as it likes
            year = [CaseRow.case_number.like(prefix + "%")]
        longest = self._session.scalar(
            select(func.max(func.length(CaseRow.case_number))).where(*year)
        )
        if longest is None:
            return None
        return self._session.scalar(
            select(func.max(CaseRow.case_number)).where(
                *year, func.length(CaseRow.case_number) == longest
            )
        )


def is_provisional(case_number: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-L\d{4}", case_number))


def insert_cases(
    session: Session,
    cases: Sequence[NewCase],
    now: datetime,
    assigned_officer: str | None = None,
    households: dict[str, int] | None = None,
) -> list[int]:
    """Inserts the cases with all their lists in a few statements; returns their ids in order.

    Checks nothing: callers validate first. Cases sharing a household key get one new
    household; `households` carries the keys' households from one call to the next (a file
    imported in batches)."""
    if not cases:
        return []
    numbers = CaseNumbers(session)
    households = {} if households is None else households
    keys = list(
        dict.fromkeys(
            c.household_key
            for c in cases
            if c.household_key is not None and c.household_key not in households
        )
    )
    household_ids = _insert_returning_ids(session, HouseholdRow, [{"created_at": now}] * len(keys))
    households.update(zip(keys, household_ids, strict=True))
    case_values = []
    for new in cases:
        number = new.data.case_number or numbers.next(new.data.reception.reception_date)
        case_values.append(
            {
                **case_columns(new.data),
                "case_number": number,
                "household_id": households.get(new.household_key or ""),
                "assigned_officer": assigned_officer,
                "search_text": search_text(new.data, number),
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    ids = _insert_returning_ids(session, CaseRow, case_values)
    children: dict[type[Any], list[dict[str, Any]]] = {model: [] for model, _s in LIST_ROWS}
    children[SkillsMappingRow] = []
    for case_id, new in zip(ids, cases, strict=True):
        data = new.data
        for model, section in LIST_ROWS:
            items = getattr(data, section.key)
            if model is JournalNoteRow:  # a file's entries: saved now, by the file's author
                items = journal.settle((), items, None, now)
            children[model] += [{"case_id": case_id, **columns(section, item)} for item in items]
        if data.skills_mapping is not None:
            children[SkillsMappingRow].append(
                {"case_id": case_id, **columns(SKILLS_MAPPING, data.skills_mapping)}
            )
    for model, rows in children.items():
        if rows:  # the table, not the model: one executemany, none of the ORM's bookkeeping
            session.execute(insert(model.__table__), rows)
    deadlines.touched(session, ids)
    return ids


def _insert_returning_ids(
    session: Session, model: type[Any], rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Inserts the rows and returns their new ids in the same order.

    On SQLite, whose write lock this transaction holds from its first statement, the ids are
    the next ones after the highest, given in one executemany. Elsewhere in chunks with
    RETURNING: SQLAlchemy matches returned ids to parameters at a cost that grows with the
    square of one call's size (10 000 demo cases: 20 s in one call, 3 s in chunks of 500)."""
    if not rows:
        return []
    table = model.__table__
    if session.get_bind().dialect.name == "sqlite":
        highest = session.scalar(select(func.max(table.c.id))) or 0
        ids = list(range(highest + 1, highest + 1 + len(rows)))
        session.execute(insert(table), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    found: list[int] = []
    for chunk in chunks(rows):
        found += session.scalars(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), list(chunk)
        )
    return found


def delete_case_row(session: Session, row: CaseRow) -> None:
    """Deletes a case with all its lists by the database's ON DELETE CASCADE (it lets a
    journal entry go only with its case, migration 0010; the ORM would remove them first)."""
    case_id = row.id
    session.expunge(row)
    session.execute(delete(CaseRow).where(CaseRow.id == case_id))


def note_deletion(session: Session, uid: str, now: datetime) -> None:
    """Where a case is deleted in a laptop's replica, the server deletes it at the next sync."""
    base = session.get(SyncCaseRow, uid)
    if base is not None:
        session.add(
            SyncDeletionRow(case_uid=uid, server_version=base.server_version, deleted_at=now)
        )
        session.delete(base)
