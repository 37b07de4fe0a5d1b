"""A school's SFI list recorded: each row matched to a case by identity number, previewed line
by line, and recorded all or nothing, with one audit entry per case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from nyanland.domain.codes import SfiStatus
from nyanland.domain.errors import KnownError
from nyanland.domain.identity import parse_identity_number
from nyanland.domain.roles import Permission
from nyanland.domain.timeline import DEFAULT_RULES, age_on
from nyanland.i18n import _
from nyanland.services import audit, deadlines, kept_lists
from nyanland.services.access import require, sfi_visible
from nyanland.services.audit import AuditAction
from nyanland.services.batches import chunks
from nyanland.services.context import ServiceContext
from nyanland.services.kept_lists import KeptList
from nyanland.services.sfi import shown_number
from nyanland.services.sfi_list import RowProblem, SfiRow, read_sfi_list
from nyanland.store.models import CaseRow, SfiEnrolmentRow

MAX_MATCHES = 50
HINTED = 3  # case numbers named as a likely match of an unmatched row


class RowStatus(StrEnum):
    NEW = "new"  # matched a case; will be recorded
    ALREADY_RECORDED = "already_recorded"  # the case has this start already: skipped
    UNMATCHED = "unmatched"  # no case with this identity number
    INVALID = "invalid"


@dataclass(frozen=True)
class PreviewRow:
    line: int
    status: RowStatus
    identity_number: str | None
    full_name: str | None
    what: str  # the course as written, or the problem

    def __str__(self) -> str:
        return f"{self.line}: {self.what}"


@dataclass(frozen=True)
class SfiImportPreview:
    rows: tuple[PreviewRow, ...]

    def count(self, status: RowStatus) -> int:
        return sum(1 for row in self.rows if row.status is status)

    @property
    def importable(self) -> bool:
        return not any(r.status in (RowStatus.UNMATCHED, RowStatus.INVALID) for r in self.rows)


class SfiListRejected(KnownError):
    """Rows that match no case or break a rule: nothing of the list was recorded."""

    def __init__(self, file: str, rows: Sequence[PreviewRow]) -> None:
        super().__init__("\n".join(f"{file}:{row}" for row in rows))
        self.rows = tuple(rows)


@dataclass(frozen=True)
class SfiImportReport:
    recorded: int
    already_recorded: int


def preview_import(context: ServiceContext, path: Path) -> SfiImportPreview:
    """What importing `path` would do, row by row; writes nothing."""
    require(context, Permission.RECORD_SFI)
    rows, problems = read_sfi_list(path, context.clock.today())
    with context.store.reading() as session:
        return _preview(context, session, rows, problems)[0]


def import_sfi(context: ServiceContext, path: Path, dry_run: bool = False) -> SfiImportReport:
    """Records every new start of the list in one transaction, or none when any row is
    invalid or matches no case; rows already recorded are skipped."""
    require(context, Permission.RECORD_SFI)
    rows, problems = read_sfi_list(path, context.clock.today())
    with context.store.writing() as session:
        preview, planned = _preview(context, session, rows, problems)
        refused = [r for r in preview.rows if r.status in (RowStatus.UNMATCHED, RowStatus.INVALID)]
        if refused:
            raise SfiListRejected(str(path), refused)
        already = preview.count(RowStatus.ALREADY_RECORDED)
        if dry_run or not planned:
            return SfiImportReport(len(planned), already)
        _insert(context, session, planned)
    return SfiImportReport(len(planned), already)


def _preview(
    context: ServiceContext, session: Session, rows: list[SfiRow], problems: list[RowProblem]
) -> tuple[SfiImportPreview, list[tuple[int, SfiRow]]]:
    result = [
        PreviewRow(p.line, RowStatus.INVALID, None, None, f"{p.field}: {p.problem}")
        for p in problems
    ]
    cases = _cases_by_number(context, session, {row.identity_number for row in rows})
    existing = _existing_starts(session, [found[0] for found in cases.values()])
    planned: list[tuple[int, SfiRow]] = []
    seen: dict[tuple[str, date, str], int] = {}
    providers = kept_lists.known(session, KeptList.SFI_PROVIDER)
    for row in rows:
        shown = shown_number(row.identity_number)
        if row.provider and providers is not None:
            if row.provider.casefold() not in providers:
                text = kept_lists.problem(session, KeptList.SFI_PROVIDER, row.provider)
                result.append(
                    PreviewRow(row.line, RowStatus.INVALID, shown, None, f"provider: {text}")
                )
                continue
            row = replace(row, provider=providers[row.provider.casefold()])  # the list's spelling
        course = f"{row.start_date} {row.study_path.value}{row.course.value}"
        key = (row.identity_number, row.start_date, row.course.value)
        found = cases.get(row.identity_number)
        if key in seen:
            result.append(
                PreviewRow(
                    row.line,
                    RowStatus.INVALID,
                    shown,
                    None,
                    _("the same start as on line {line}").format(line=seen[key]),
                )
            )
            continue
        seen[key] = row.line
        if found is None:
            text = _("personal_identity_number: no case has the identity number {number}").format(
                number=shown
            )
            if numberless := _numberless_cases(context, session, row.identity_number):
                text += " " + _(
                    "(case {numbers} has the same birth date and no identity number: if it is "
                    "this person, record the number there first)"
                ).format(numbers=", ".join(numberless))
            result.append(PreviewRow(row.line, RowStatus.UNMATCHED, shown, None, text))
            continue
        case_id, name, received, born = found
        age = age_on(born, row.start_date)
        if row.start_date < received:
            result.append(
                PreviewRow(
                    row.line,
                    RowStatus.INVALID,
                    shown,
                    name,
                    _("start_date: before the person's reception ({date})").format(
                        date=received.isoformat()
                    ),
                )
            )
        elif age < DEFAULT_RULES.sfi_min_age:
            too_young = _(
                "start_date: the person is {age} on this date; SFI is for people aged {min} or more"
            )
            text = too_young.format(age=age, min=DEFAULT_RULES.sfi_min_age)
            result.append(PreviewRow(row.line, RowStatus.INVALID, shown, name, text))
        elif (case_id, row.start_date, row.course.value) in existing:
            result.append(PreviewRow(row.line, RowStatus.ALREADY_RECORDED, shown, name, course))
        else:
            result.append(PreviewRow(row.line, RowStatus.NEW, shown, name, course))
            planned.append((case_id, row))
    result.sort(key=lambda r: r.line)
    return SfiImportPreview(tuple(result)), planned


def _cases_by_number(
    context: ServiceContext, session: Session, numbers: set[str]
) -> dict[str, tuple[int, str, date, date]]:
    found: dict[str, tuple[int, str, date, date]] = {}
    ordered = sorted(numbers)
    for chunk in chunks(ordered):
        for case_id, pin, first, last, received, born in session.execute(
            select(
                CaseRow.id,
                CaseRow.personal_identity_number,
                CaseRow.first_name,
                CaseRow.last_name,
                CaseRow.reception_date,
                CaseRow.birth_date,
            ).where(CaseRow.personal_identity_number.in_(chunk), sfi_visible(context))
        ):
            if pin is not None:
                found[pin] = (case_id, f"{first} {last}", received, born)
    return found


def _numberless_cases(context: ServiceContext, session: Session, digits: str) -> list[str]:
    """The cases a row's person may have been registered under before the identity number was
    known: the number's birth date, no number recorded (a likely duplicate, shown as a hint)."""
    born = parse_identity_number(digits, context.clock.today()).birth_date
    return list(
        session.scalars(
            select(CaseRow.case_number)
            .where(
                CaseRow.birth_date == born,
                CaseRow.personal_identity_number.is_(None),
                sfi_visible(context),
            )
            .order_by(CaseRow.case_number)
            .limit(HINTED)
        )
    )


def _existing_starts(session: Session, case_ids: list[int]) -> set[tuple[int, date, str]]:
    existing: set[tuple[int, date, str]] = set()
    for chunk in chunks(case_ids):
        existing.update(
            (case_id, day, course)
            for case_id, day, course in session.execute(
                select(
                    SfiEnrolmentRow.case_id, SfiEnrolmentRow.start_date, SfiEnrolmentRow.course
                ).where(SfiEnrolmentRow.case_id.in_(chunk))
            )
        )
    return existing


def _insert(context: ServiceContext, session: Session, planned: list[tuple[int, SfiRow]]) -> None:
    session.execute(
        insert(SfiEnrolmentRow),
        [
            {
                "case_id": case_id,
                "start_date": r.start_date,
                "study_path": r.study_path.value,
                "course": r.course.value,
                "provider": r.provider,
                "childcare": r.childcare,
                "vocational": r.vocational,
                "status": SfiStatus.ONGOING.value,
                "end_date": None,
                "grade": None,
            }
            for case_id, r in planned
        ],
    )
    touched = sorted({case_id for case_id, _row in planned})
    deadlines.touched(session, touched)  # their SFI deadline is met
    now = context.clock.now()
    for chunk in chunks(touched):
        session.execute(
            update(CaseRow)
            .where(CaseRow.id.in_(chunk))
            .values(version=CaseRow.version + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    audit.record_many(
        session, context, AuditAction.CASE_CHANGED, [(case_id, "sfi", None) for case_id in touched]
    )
    audit.record(session, context, AuditAction.SFI_IMPORTED, detail=str(len(planned)))
