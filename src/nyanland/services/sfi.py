"""SFI staff's work: find a person, see and record their SFI courses, see who waits for SFI,
and import an SFI provider's list. Nothing here hands out more of a case than the person's
name, number, birth date, reception date and SFI part (DOMAIN.md's roles table)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only, raiseload, selectinload

from nyanland.domain.case import SfiEnrolment, sfi_problems
from nyanland.domain.codes import SfiCourse, SfiGrade, SfiStatus
from nyanland.domain.errors import FieldError, NotFound, StaleVersion, ValidationFailed
from nyanland.domain.identity import format_identity_number
from nyanland.domain.roles import Permission
from nyanland.domain.sections import SFI_ENROLMENT
from nyanland.domain.timeline import DEFAULT_RULES, sfi_start_deadline
from nyanland.i18n import _
from nyanland.services import audit, kept_lists
from nyanland.services.access import require, sfi_visible
from nyanland.services.audit import AuditAction
from nyanland.services.case_rows import from_columns
from nyanland.services.context import ServiceContext
from nyanland.services.kept_lists import KeptList
from nyanland.services.sql_dates import aged_at_least
from nyanland.store.models import CaseRow, SfiEnrolmentRow

MAX_MATCHES = 50


@dataclass(frozen=True)
class PersonMatch:
    """What the match list shows: name, birth date and number only."""

    case_id: int
    full_name: str
    birth_date: date
    identity_number: str | None  # YYYYMMDD-NNNC


@dataclass(frozen=True)
class SfiRecord:
    """One person's SFI part, with what SFI staff need to see of the timeline."""

    case_id: int
    version: int
    full_name: str
    birth_date: date
    identity_number: str | None
    reception_date: date
    closed: bool
    enrolments: tuple[SfiEnrolment, ...]

    @property
    def start_due(self) -> date:
        return sfi_start_deadline(self.reception_date)

    def days_since_reception(self, today: date) -> int:
        return (today - self.reception_date).days


@dataclass(frozen=True)
class Waiting:
    case_id: int
    full_name: str
    birth_date: date
    identity_number: str | None
    reception_date: date

    def days_waiting(self, today: date) -> int:
        return (today - self.reception_date).days

    @property
    def start_due(self) -> date:
        return sfi_start_deadline(self.reception_date)


def shown_number(digits: str | None) -> str | None:
    return format_identity_number(digits) if digits else None


def find_people(context: ServiceContext, text: str, limit: int = MAX_MATCHES) -> list[PersonMatch]:
    """People whose name, identity number, dossier or case number hold every word of `text`."""
    require(context, Permission.FIND_PERSON)
    words = text.lower().split()
    if not words:
        return []
    conditions = [sfi_visible(context)]
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(CaseRow.search_text.like(f"%{escaped}%", escape="\\"))
    with context.store.reading() as session:
        rows = session.execute(
            select(
                CaseRow.id,
                CaseRow.first_name,
                CaseRow.last_name,
                CaseRow.birth_date,
                CaseRow.personal_identity_number,
            )
            .where(*conditions)
            .order_by(CaseRow.last_name, CaseRow.first_name, CaseRow.id)
            .limit(max(1, min(limit, MAX_MATCHES)))
        )
        return [
            PersonMatch(i, f"{first} {last}", born, shown_number(pin))
            for i, first, last, born, pin in rows
        ]


def sfi_record(context: ServiceContext, case_id: int) -> SfiRecord:
    """The person's SFI part; the look is written to the audit log."""
    require(context, Permission.FIND_PERSON, case_id)
    with context.store.writing() as session:
        row = _load(context, session, case_id)
        audit.record(session, context, AuditAction.CASE_VIEWED, case_id, "sfi")
        return _record(row)


def waiting_for_sfi(context: ServiceContext) -> list[Waiting]:
    """Open cases of people old enough for SFI who have no SFI start yet, oldest first."""
    require(context, Permission.FIND_PERSON)
    with context.store.reading() as session:
        rows = session.execute(
            select(
                CaseRow.id,
                CaseRow.first_name,
                CaseRow.last_name,
                CaseRow.birth_date,
                CaseRow.personal_identity_number,
                CaseRow.reception_date,
            )
            .where(
                sfi_visible(context),
                CaseRow.closure_date.is_(None),
                aged_at_least(CaseRow.reception_date, DEFAULT_RULES.sfi_min_age),
                ~select(SfiEnrolmentRow.id).where(SfiEnrolmentRow.case_id == CaseRow.id).exists(),
            )
            .order_by(CaseRow.reception_date, CaseRow.id)
        )
        return [
            Waiting(i, f"{first} {last}", born, shown_number(pin), received)
            for i, first, last, born, pin, received in rows
        ]


# -- recording, one person at a time -------------------------------------------------------------


def record_start(
    context: ServiceContext, case_id: int, enrolment: SfiEnrolment, version: int
) -> SfiRecord:
    """A new course start."""
    return _change(context, case_id, version, lambda courses: (*courses, enrolment))


def complete(
    context: ServiceContext, case_id: int, index: int, end: date, grade: SfiGrade, version: int
) -> SfiRecord:
    """The course ends with a grade (F: not passed)."""
    return _change(
        context,
        case_id,
        version,
        lambda courses: _replace_at(
            courses, index, status=SfiStatus.COMPLETED, end_date=end, grade=grade
        ),
    )


def interrupt(
    context: ServiceContext, case_id: int, index: int, end: date, version: int
) -> SfiRecord:
    return _change(
        context,
        case_id,
        version,
        lambda courses: _replace_at(courses, index, status=SfiStatus.INTERRUPTED, end_date=end),
    )


def move_to_next_course(
    context: ServiceContext,
    case_id: int,
    index: int,
    day: date,
    grade: SfiGrade | None,
    version: int,
) -> SfiRecord:
    """The course is completed on `day` (with its grade, if given) and the next course on the
    same study path starts the same day, at the same provider."""

    def change(courses: tuple[SfiEnrolment, ...]) -> tuple[SfiEnrolment, ...]:
        current = _at(courses, index)
        following = next_course(current.course)
        if following is None:
            raise FieldError("course", _("course D is the last course of SFI"))
        done = replace(current, status=SfiStatus.COMPLETED, end_date=day, grade=grade)
        new = SfiEnrolment(
            day,
            current.study_path,
            following,
            current.provider,
            current.childcare,
            current.vocational,
        )
        return (*courses[:index], done, *courses[index + 1 :], new)

    return _change(context, case_id, version, change)


def next_course(course: SfiCourse) -> SfiCourse | None:
    """The course after `course` (every study path runs on to D)."""
    order = list(SfiCourse)
    position = order.index(course) + 1
    return order[position] if position < len(order) else None


def _at(courses: tuple[SfiEnrolment, ...], index: int) -> SfiEnrolment:
    if not 0 <= index < len(courses):
        raise NotFound(_("the SFI course no longer exists"))
    return courses[index]


def _replace_at(
    courses: tuple[SfiEnrolment, ...], index: int, **changes: object
) -> tuple[SfiEnrolment, ...]:
    changed = replace(_at(courses, index), **changes)  # type: ignore[arg-type]
    return (*courses[:index], changed, *courses[index + 1 :])


def _change(
    context: ServiceContext,
    case_id: int,
    version: int,
    change: Callable[[tuple[SfiEnrolment, ...]], tuple[SfiEnrolment, ...]],
) -> SfiRecord:
    require(context, Permission.RECORD_SFI, case_id)
    with context.store.writing() as session:
        row = _load(context, session, case_id)
        if row.version != version:
            raise StaleVersion(
                _("someone changed this person's SFI after you opened it; open it again")
            )
        before = _courses(row)
        courses = change(before)
        problems = sfi_problems(row.birth_date, courses)
        known = {c.provider for c in before if c.provider}
        for place, course in enumerate(courses):
            if course.provider not in known and (
                text := kept_lists.problem(session, KeptList.SFI_PROVIDER, course.provider)
            ):
                problems.append(FieldError(f"sfi[{place}].provider", text))
        if problems:
            raise ValidationFailed(problems)
        row.sfi_enrolments.clear()
        session.flush()
        for course in courses:
            row.sfi_enrolments.append(_enrolment_row(case_id, course))
        row.version += 1
        row.updated_at = context.clock.now()
        session.flush()
        changes = {"sfi": ([_plain(c) for c in before], [_plain(c) for c in courses])}
        audit.record(session, context, AuditAction.CASE_CHANGED, case_id, "sfi", changes)
        session.refresh(row)
        return _record(row)


def _plain(course: SfiEnrolment) -> str:
    text = f"{course.start_date} {course.study_path.value}{course.course.value} {course.status}"
    if course.end_date:
        text += f" {course.end_date}"
    return text + (f" {course.grade.value}" if course.grade else "")


def _enrolment_row(case_id: int, course: SfiEnrolment) -> SfiEnrolmentRow:
    return SfiEnrolmentRow(
        case_id=case_id,
        start_date=course.start_date,
        study_path=course.study_path.value,
        course=course.course.value,
        provider=course.provider,
        childcare=course.childcare,
        vocational=course.vocational,
        status=course.status.value,
        end_date=course.end_date,
        grade=course.grade.value if course.grade else None,
    )


def _load(context: ServiceContext, session: Session, case_id: int) -> CaseRow:
    """The person's SFI part and no more: the columns SFI staff may read (on a team server
    the only ones they can), and the SFI courses."""
    row = session.scalar(
        select(CaseRow)
        .where(CaseRow.id == case_id, sfi_visible(context))
        .options(
            load_only(*_SFI_PART, raiseload=True),
            selectinload(CaseRow.sfi_enrolments),
            raiseload("*"),
        )
    )
    if row is None:
        raise NotFound(_("the person's case no longer exists"))
    return row


_SFI_PART = (
    CaseRow.id,
    CaseRow.version,
    CaseRow.first_name,
    CaseRow.last_name,
    CaseRow.birth_date,
    CaseRow.personal_identity_number,
    CaseRow.reception_date,
    CaseRow.closure_date,
    CaseRow.updated_at,
)


def _courses(row: CaseRow) -> tuple[SfiEnrolment, ...]:
    return tuple(from_columns(SFI_ENROLMENT, e) for e in row.sfi_enrolments)


def _record(row: CaseRow) -> SfiRecord:
    return SfiRecord(
        row.id,
        row.version,
        f"{row.first_name} {row.last_name}",
        row.birth_date,
        shown_number(row.personal_identity_number),
        row.reception_date,
        row.closure_date is not None,
        _courses(row),
    )


# -- importing a provider's list -------------------------------------------------------------------
