"""The case register's use cases: create, read, update, close and find cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nyanland.domain import journal
from nyanland.domain.case import CaseData, Closure, case_problems
from nyanland.domain.changes import changed_values
from nyanland.domain.errors import FieldError, NotFound, StaleVersion, ValidationFailed
from nyanland.domain.merge import Merge, merge
from nyanland.domain.roles import Permission, Role
from nyanland.i18n import _
from nyanland.services import audit, case_search, kept_lists, server_logins
from nyanland.services.access import require, visible_cases
from nyanland.services.audit import AuditAction
from nyanland.services.case_rows import (
    NewCase,
    case_data_from_row,
    delete_case_row,
    insert_cases,
    note_deletion,
    row_for_update,
    with_lists,
    write_case,
)
from nyanland.services.context import ServiceContext
from nyanland.services.records import (
    CasePage,
    CaseQuery,
    CaseRecord,
    HouseholdMember,
)
from nyanland.store.models import AccountRow, AuditEventRow, CaseRow, HouseholdRow

SAVE_ATTEMPTS = 3


@dataclass(frozen=True)
class Saved:
    """A saved case; `merged` names the fields someone else changed meanwhile that were kept."""

    record: CaseRecord
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class SaveConflict:
    """The case was saved by someone else since it was opened, and some of the same fields
    differ: the officer chooses field by field, then saves over `current.version`."""

    current: CaseRecord
    changed_by: str | None
    merge: Merge[CaseData]


class CaseService:
    """Everything an officer does to cases, each call one transaction."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def _require(self, case_id: int | None = None) -> None:
        require(self._context, Permission.CASES, case_id)

    def check(self, data: CaseData, case_id: int | None = None) -> list[FieldError]:
        """Every problem saving `data` would meet (the forms ask this as the user types)."""
        self._require(case_id)
        with self._context.store.reading() as session:
            return self._problems(session, [data], [case_id])

    def create(self, data: CaseData, household_of: int | None = None) -> CaseRecord:
        """Registers a new case, assigned to the officer who registers it; with `household_of`,
        in the same household as that case."""
        self._require()
        now = self._context.clock.now()
        data = replace(data, notes=journal.settle((), data.notes, self._context.actor.name, now))
        with self._context.store.writing() as session:
            self._raise_problems(session, [data], [None])
            (case_id,) = insert_cases(
                session, [NewCase(data)], self._context.clock.now(), self._context.actor.name
            )
            if household_of is not None:
                self._join_household(session, case_id, household_of)
            audit.record(session, self._context, AuditAction.CASE_CREATED, case_id)
            return self._record(session, case_id)

    def get(self, case_id: int) -> CaseRecord:
        """The whole case; the look is written to the audit log."""
        self._require(case_id)
        with self._context.store.writing() as session:
            record = self._record(session, case_id)
            audit.record(session, self._context, AuditAction.CASE_VIEWED, case_id)
            return record

    def update(self, case_id: int, data: CaseData, expected_version: int) -> CaseRecord:
        """Saves `data` over the case, unless someone saved it since `expected_version`."""
        self._require(case_id)
        with self._context.store.writing() as session:
            row = row_for_update(session, self._context, case_id, expected_version)
            self._raise_problems(session, [data], [case_id])
            before = case_data_from_row(row)
            notes = journal.settle(
                before.notes, data.notes, self._context.actor.name, self._context.clock.now()
            )
            data = replace(data, notes=notes)
            number = data.case_number or row.case_number
            write_case(session, row, data, number, self._context.clock.now())
            changes = changed_values(before, replace(data, case_number=number))
            audit.record(
                session,
                self._context,
                AuditAction.CASE_CHANGED,
                case_id,
                ", ".join(sorted({name.split("[")[0] for name in changes})),
                changes,
            )
            return self._record(session, case_id)

    def save(self, opened: CaseRecord, mine: CaseData) -> Saved | SaveConflict:
        """Saves the officer's edit of the case as it was when `opened`. When someone else saved
        it meanwhile, the two edits are merged field by field: with no field changed on both
        sides the merge is saved, otherwise the conflicts are returned and nothing is saved."""
        base = opened
        for _attempt in range(SAVE_ATTEMPTS):
            try:
                return Saved(
                    self.update(opened.id, mine, base.version), _merged_fields(opened, base)
                )
            except StaleVersion:
                current = self.current(opened.id)
                merged = merge(base.data, mine, current.data)
                if not merged.clean:
                    return SaveConflict(current, self._changed_by(opened.id), merged)
                mine, base = merged.merged, current
        raise StaleVersion(_("the case is being changed by others right now: try again"))

    def close(self, case_id: int, closure: Closure, expected_version: int) -> CaseRecord:
        """Ends the establishment case with its outcome."""
        self._require(case_id)
        with self._context.store.writing() as session:
            row = row_for_update(session, self._context, case_id, expected_version)
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

    def delete(self, case_id: int, expected_version: int) -> None:
        """Deletes a case registered in error, with everything recorded in it (the audit log
        keeps that it was deleted, by whom, and its number)."""
        self._require(case_id)
        with self._context.store.writing() as session:
            row = row_for_update(session, self._context, case_id, expected_version)
            audit.record(session, self._context, AuditAction.CASE_DELETED, case_id, row.case_number)
            note_deletion(session, row.uid, self._context.clock.now())
            delete_case_row(session, row)

    def assign(self, case_id: int, officer: str | None, expected_version: int) -> CaseRecord:
        """Gives the case to another officer (or to nobody)."""
        self._require(case_id)
        with self._context.store.writing() as session:
            row = row_for_update(session, self._context, case_id, expected_version)
            check_officer(session, officer)
            seen = (
                self._record(session, case_id)
                if leaves_sight(self._context, row, officer)
                else None
            )
            version = row.version
            give_row(session, self._context, row, officer)
            if seen is not None:  # as the giver saw it last, with its new officer
                return replace(seen, assigned_officer=officer, version=version + 1)
            return self._record(session, case_id)

    def find_by_number(self, case_number: str) -> int:
        """The id of the case with this case number (one the actor may see)."""
        self._require()
        with self._context.store.reading() as session:
            found = session.scalar(
                select(CaseRow.id).where(
                    CaseRow.case_number == case_number.strip(), visible_cases(self._context)
                )
            )
        if found is None:
            raise NotFound(_("there is no case {number}").format(number=case_number))
        return found

    def officers(self) -> list[str]:
        """The officers' account names, for assigning cases and filtering the list."""
        self._require()
        with self._context.store.reading() as session:
            return officer_names(session)

    def search(self, query: CaseQuery, count: bool = True) -> CasePage:
        """One page of the cases matching every word of `query.text`, and how many match
        (exactly, or with `more` beyond a cap: see `case_search`)."""
        self._require()
        return case_search.search(self._context, query, count)

    def count(self) -> int:
        self._require()
        with self._context.store.reading() as session:
            return (
                session.scalar(select(func.count(CaseRow.id)).where(visible_cases(self._context)))
                or 0
            )

    # -- helpers -----------------------------------------------------------------------------

    def _problems(
        self, session: Session, cases: Sequence[CaseData], ids: Sequence[int | None]
    ) -> list[FieldError]:
        today = self._context.clock.today()
        problems: list[FieldError] = []
        for data, case_id in zip(cases, ids, strict=True):
            problems += case_problems(data, today)
            problems += duplicate_problems(session, data, case_id)
            stored = kept_lists.stored(session, case_id)
            problems += kept_lists.case_problems(session, data, stored)
        return problems

    def _raise_problems(
        self, session: Session, cases: Sequence[CaseData], ids: Sequence[int | None]
    ) -> None:
        problems = self._problems(session, cases, ids)
        if problems:
            raise ValidationFailed(problems)

    def current(self, case_id: int) -> CaseRecord:
        """The whole case as it is now, for work that is itself written to the audit log (a
        letter): no look is logged beside it."""
        self._require(case_id)
        with self._context.store.reading() as session:
            return self._record(session, case_id)

    def _changed_by(self, case_id: int) -> str | None:
        with self._context.store.reading() as session:
            return session.scalar(
                select(AuditEventRow.actor)
                .where(
                    AuditEventRow.case_id == case_id,
                    AuditEventRow.action.in_(
                        [AuditAction.CASE_CHANGED.value, AuditAction.CASE_CLOSED.value]
                    ),
                )
                .order_by(AuditEventRow.id.desc())
                .limit(1)
            )

    def _join_household(self, session: Session, case_id: int, other_id: int) -> None:
        other = self._load(session, other_id)
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

    def _load(self, session: Session, case_id: int) -> CaseRow:
        row = session.scalar(
            select(CaseRow)
            .where(CaseRow.id == case_id, visible_cases(self._context))
            .options(*with_lists())
        )
        if row is None:
            raise NotFound(_("the case no longer exists"))
        return row

    def _record(self, session: Session, case_id: int) -> CaseRecord:
        row = self._load(session, case_id)
        members: tuple[HouseholdMember, ...] = ()
        if row.household_id is not None:
            members = tuple(
                HouseholdMember(m.id, m.case_number, f"{m.first_name} {m.last_name}", m.birth_date)
                for m in session.scalars(
                    select(CaseRow)
                    .where(
                        CaseRow.household_id == row.household_id,
                        CaseRow.id != case_id,
                        visible_cases(self._context),
                    )
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


def _merged_fields(opened: CaseRecord, base: CaseRecord) -> tuple[str, ...]:
    """The fields someone else changed between `opened` and `base` (their saved version)."""
    if base is opened:
        return ()
    return tuple(sorted({name.split("[")[0] for name in changed_values(opened.data, base.data)}))


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


def check_officer(session: Session, officer: str | None) -> None:
    if officer is not None and officer not in officer_names(session):
        raise FieldError(
            "assigned_officer", _("{name} is not an officer's account").format(name=officer)
        )


def leaves_sight(context: ServiceContext, row: CaseRow, officer: str | None) -> bool:
    """A protected identity's case given to a colleague: the giver may no longer see it."""
    return row.protected_identity and officer != context.actor.name


def give_row(session: Session, context: ServiceContext, row: CaseRow, officer: str | None) -> None:
    """The case to `officer` (None: to nobody), with its audit entry. On a team server a case
    that leaves the giver's sight is handed on by the server's own function (no rule lets an
    officer write a row it would not see)."""
    if context.store.server_logins and leaves_sight(context, row, officer):
        server_logins.hand_over_row(session, context, row, officer)
        return
    before = row.assigned_officer
    row.assigned_officer, row.updated_at = officer, context.clock.now()
    row.version += 1
    session.flush()
    audit.record(
        session,
        context,
        AuditAction.CASE_CHANGED,
        row.id,
        "assigned_officer",
        {"assigned_officer": (before, officer)},
    )


def officer_names(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(AccountRow.username)
            .where(AccountRow.role == Role.OFFICER.value, AccountRow.disabled.is_(False))
            .order_by(AccountRow.username)
        )
    )
