"""The case register's use cases: create, read, update, close and find cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from nyanland.domain.case import CaseData, Closure, case_problems
from nyanland.domain.codes import Sex
from nyanland.domain.errors import FieldError, NotFound, StaleVersion, ValidationFailed
from nyanland.domain.identity import format_identity_number
from nyanland.domain.reminders import CasePhase
from nyanland.i18n import _
from nyanland.services import audit, reminders
from nyanland.services.audit import AuditAction
from nyanland.services.case_rows import (
    NewCase,
    case_columns,
    case_data_from_row,
    insert_cases,
    replace_children,
    search_text,
    with_lists,
)
from nyanland.services.context import ServiceContext
from nyanland.services.records import (
    CasePage,
    CaseQuery,
    CaseRecord,
    CaseStatus,
    CaseSummary,
    HouseholdMember,
)
from nyanland.store.models import CaseRow, HouseholdRow

MAX_PAGE = 1000


class CaseService:
    """Everything an officer does to cases, each call one transaction."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def check(self, data: CaseData, case_id: int | None = None) -> list[FieldError]:
        """Every problem saving `data` would meet (the forms ask this as the user types)."""
        with self._context.store.reading() as session:
            return self._problems(session, [data], [case_id])

    def create(self, data: CaseData, household_of: int | None = None) -> CaseRecord:
        """Registers a new case; with `household_of`, in the same household as that case."""
        with self._context.store.writing() as session:
            self._raise_problems(session, [data], [None])
            (case_id,) = insert_cases(session, [NewCase(data)], self._context.clock.now())
            if household_of is not None:
                self._join_household(session, case_id, household_of)
            audit.record(session, self._context, AuditAction.CASE_CREATED, case_id)
            return self._record(session, case_id)

    def get(self, case_id: int) -> CaseRecord:
        with self._context.store.writing() as session:
            record = self._record(session, case_id)
            audit.record(session, self._context, AuditAction.CASE_VIEWED, case_id)
            return record

    def update(self, case_id: int, data: CaseData, expected_version: int) -> CaseRecord:
        """Saves `data` over the case, unless someone saved it since `expected_version`."""
        with self._context.store.writing() as session:
            row = self._row_for_update(session, case_id, expected_version)
            self._raise_problems(session, [data], [case_id])
            before = case_data_from_row(row)
            number = data.case_number or row.case_number
            for name, value in case_columns(data).items():
                setattr(row, name, value)
            row.case_number = number
            row.search_text = search_text(data, number)
            row.updated_at = self._context.clock.now()
            row.version += 1
            replace_children(row, data)
            session.flush()
            changed = _changed_parts(before, replace(data, case_number=number))
            audit.record(
                session, self._context, AuditAction.CASE_CHANGED, case_id, ", ".join(changed)
            )
            return self._record(session, case_id)

    def close(self, case_id: int, closure: Closure, expected_version: int) -> CaseRecord:
        """Ends the establishment case with its outcome."""
        with self._context.store.writing() as session:
            row = self._row_for_update(session, case_id, expected_version)
            data = replace(case_data_from_row(row), closure=closure)
            self._raise_problems(session, [data], [case_id])
            row.closure_date = closure.date
            row.closure_outcome = closure.outcome.value
            row.updated_at = self._context.clock.now()
            row.version += 1
            session.flush()
            audit.record(
                session, self._context, AuditAction.CASE_CLOSED, case_id, closure.outcome.value
            )
            return self._record(session, case_id)

    def search(self, query: CaseQuery) -> CasePage:
        """One page of the cases matching every word of `query.text`, with the total count."""
        today = self._context.clock.today()
        phase = reminders.phase(today)
        overdue = reminders.overdue(today)
        with self._context.store.reading() as session:
            conditions = _conditions(query)
            if query.phase is not None:
                conditions.append(phase == query.phase.value)
            if query.only_overdue:
                conditions.append(overdue)
            total = session.scalar(select(func.count(CaseRow.id)).where(*conditions)) or 0
            order = getattr(CaseRow, query.order_by.value)
            statement = (
                select(CaseRow, phase, overdue)
                .where(*conditions)
                .order_by(
                    order.desc() if query.descending else order.asc(),
                    CaseRow.id.desc() if query.descending else CaseRow.id.asc(),
                )
                .offset(max(query.offset, 0))
                .limit(min(max(query.limit, 0), MAX_PAGE))
            )
            rows = tuple(
                _summary(row, CasePhase(row_phase), bool(late))
                for row, row_phase, late in session.execute(statement)
            )
            return CasePage(rows=rows, total=total, offset=query.offset)

    def count(self) -> int:
        with self._context.store.reading() as session:
            return session.scalar(select(func.count(CaseRow.id))) or 0

    # -- helpers -----------------------------------------------------------------------------

    def _problems(
        self, session: Session, cases: Sequence[CaseData], ids: Sequence[int | None]
    ) -> list[FieldError]:
        today = self._context.clock.today()
        problems: list[FieldError] = []
        for data, case_id in zip(cases, ids, strict=True):
            problems += case_problems(data, today)
            problems += duplicate_problems(session, data, case_id)
        return problems

    def _raise_problems(
        self, session: Session, cases: Sequence[CaseData], ids: Sequence[int | None]
    ) -> None:
        problems = self._problems(session, cases, ids)
        if problems:
            raise ValidationFailed(problems)

    def _row_for_update(self, session: Session, case_id: int, expected_version: int) -> CaseRow:
        row = _load(session, case_id)
        if row.version != expected_version:
            raise StaleVersion(
                _("case {number} was changed by someone else after you opened it").format(
                    number=row.case_number
                )
            )
        return row

    def _join_household(self, session: Session, case_id: int, other_id: int) -> None:
        other = session.get(CaseRow, other_id)
        new = session.get(CaseRow, case_id)
        if other is None or new is None:
            raise NotFound(_("the household's case no longer exists"))
        if other.household_id is None:
            household = HouseholdRow(created_at=self._context.clock.now())
            session.add(household)
            session.flush()
            other.household_id = household.id
        new.household_id = other.household_id
        session.flush()

    def _record(self, session: Session, case_id: int) -> CaseRecord:
        row = _load(session, case_id)
        members: tuple[HouseholdMember, ...] = ()
        if row.household_id is not None:
            members = tuple(
                HouseholdMember(m.id, m.case_number, f"{m.first_name} {m.last_name}", m.birth_date)
                for m in session.scalars(
                    select(CaseRow)
                    .where(CaseRow.household_id == row.household_id, CaseRow.id != case_id)
                    .order_by(CaseRow.birth_date)
                )
            )
        return CaseRecord(
            id=row.id,
            case_number=row.case_number,
            version=row.version,
            data=case_data_from_row(row),
            household_id=row.household_id,
            household_members=members,
            assigned_officer=row.assigned_officer,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


def duplicate_problems(session: Session, data: CaseData, case_id: int | None) -> list[FieldError]:
    """The identity number and case number must each belong to one case only."""
    problems: list[FieldError] = []
    pin = data.person.personal_identity_number
    if pin is not None:
        other = session.scalar(
            select(CaseRow.case_number).where(
                CaseRow.personal_identity_number == pin,
                CaseRow.id != (case_id if case_id is not None else -1),
            )
        )
        if other is not None:
            problems.append(
                FieldError(
                    "person.personal_identity_number",
                    _("already registered in case {number}").format(number=other),
                )
            )
    if data.case_number is not None:
        taken = session.scalar(
            select(CaseRow.id).where(
                CaseRow.case_number == data.case_number,
                CaseRow.id != (case_id if case_id is not None else -1),
            )
        )
        if taken is not None:
            problems.append(FieldError("case_number", _("is already used by another case")))
    return problems


def _load(session: Session, case_id: int) -> CaseRow:
    row = session.scalar(select(CaseRow).where(CaseRow.id == case_id).options(*with_lists()))
    if row is None:
        raise NotFound(_("the case no longer exists"))
    return row


def _conditions(query: CaseQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for word in query.text.lower().split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(CaseRow.search_text.like(f"%{escaped}%", escape="\\"))
    if query.status is CaseStatus.OPEN:
        conditions.append(CaseRow.closure_date.is_(None))
    elif query.status is CaseStatus.CLOSED:
        conditions.append(CaseRow.closure_date.is_not(None))
    return conditions


def _summary(row: CaseRow, phase: CasePhase, overdue: bool) -> CaseSummary:
    return CaseSummary(
        id=row.id,
        case_number=row.case_number,
        first_name=row.first_name,
        last_name=row.last_name,
        birth_date=row.birth_date,
        sex=Sex(row.sex),
        personal_identity_number=format_identity_number(row.personal_identity_number)
        if row.personal_identity_number
        else None,
        dossier_number=row.dossier_number,
        reception_date=row.reception_date,
        closure_date=row.closure_date,
        phase=phase,
        overdue=overdue,
    )


def _changed_parts(before: CaseData, after: CaseData) -> list[str]:
    """Which parts of the case changed, by field name only (the audit log holds no values)."""
    changed: list[str] = []
    for part in ("person", "reception"):
        old, new = getattr(before, part), getattr(after, part)
        changed += [
            f"{part}.{name}"
            for name in old.__dataclass_fields__
            if getattr(old, name) != getattr(new, name)
        ]
    for part in (
        "case_number",
        "sfi",
        "skills_mapping",
        "placements",
        "housing",
        "closure",
        "notes",
    ):
        if getattr(before, part) != getattr(after, part):
            changed.append(part)
    return changed
