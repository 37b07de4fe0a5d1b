"""Between a case's plain data and its rows: loading, and one bulk path for every insert."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from nyanland.domain.case import (
    CaseData,
    Closure,
    Housing,
    JournalNote,
    Person,
    Placement,
    Reception,
    SfiEnrolment,
    SkillsMapping,
)
from nyanland.domain.codes import (
    EducationLevel,
    HousingKind,
    Outcome,
    PermitGround,
    PlacementKind,
    ReceptionType,
    Sector,
    Sex,
    SfiCourse,
    SfiGrade,
    SfiStatus,
    StudyPath,
)
from nyanland.domain.identity import format_identity_number
from nyanland.services.batches import chunks
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


def case_columns(data: CaseData) -> dict[str, Any]:
    """The `cases` columns that come from the data (not number, household, version, times)."""
    person, reception, closure = data.person, data.reception, data.closure
    return {
        "personal_identity_number": person.personal_identity_number,
        "dossier_number": person.dossier_number,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date,
        "sex": person.sex.value,
        "country_of_birth": person.country_of_birth,
        "languages": ",".join(person.languages),
        "interpreter_needed": person.interpreter_needed,
        "protected_identity": person.protected_identity,
        "phone": person.phone,
        "email": person.email,
        "reception_date": reception.reception_date,
        "reception_type": reception.reception_type.value,
        "permit_ground": reception.permit_ground.value if reception.permit_ground else None,
        "residence_permit_date": reception.residence_permit_date,
        "establishment_programme_start": reception.establishment_programme_start,
        "closure_date": closure.date if closure else None,
        "closure_outcome": closure.outcome.value if closure else None,
    }


def enrolment_columns(enrolment: SfiEnrolment) -> dict[str, Any]:
    return {
        "start_date": enrolment.start_date,
        "study_path": enrolment.study_path.value,
        "course": enrolment.course.value,
        "provider": enrolment.provider,
        "childcare": enrolment.childcare,
        "vocational": enrolment.vocational,
        "status": enrolment.status.value,
        "end_date": enrolment.end_date,
        "grade": enrolment.grade.value if enrolment.grade else None,
    }


def mapping_columns(mapping: SkillsMapping) -> dict[str, Any]:
    return {
        "completed_date": mapping.completed_date,
        "education_level": mapping.education_level.value,
        "years_of_schooling": mapping.years_of_schooling,
        "occupation_ssyk": mapping.occupation_ssyk,
        "work_experience_years": mapping.work_experience_years,
        "driving_licence": mapping.driving_licence,
        "validation_needed": mapping.validation_needed,
        "notes": mapping.notes,
    }


def placement_columns(placement: Placement) -> dict[str, Any]:
    return {
        "kind": placement.kind.value,
        "sector": placement.sector.value,
        "employer": placement.employer,
        "municipal_department": placement.municipal_department,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "hours_per_week": placement.hours_per_week,
    }


def housing_columns(housing: Housing) -> dict[str, Any]:
    return {
        "kind": housing.kind.value,
        "landlord": housing.landlord,
        "district": housing.district,
        "address": housing.address,
        "move_in_date": housing.move_in_date,
        "move_out_date": housing.move_out_date,
    }


def note_columns(note: JournalNote) -> dict[str, Any]:
    return {"note_date": note.date, "author": note.author, "text": note.text}


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
    person = Person(
        first_name=row.first_name,
        last_name=row.last_name,
        birth_date=row.birth_date,
        sex=Sex(row.sex),
        personal_identity_number=row.personal_identity_number,
        dossier_number=row.dossier_number,
        country_of_birth=row.country_of_birth,
        languages=tuple(code for code in row.languages.split(",") if code),
        interpreter_needed=row.interpreter_needed,
        protected_identity=row.protected_identity,
        phone=row.phone,
        email=row.email,
    )
    reception = Reception(
        reception_date=row.reception_date,
        reception_type=ReceptionType(row.reception_type),
        permit_ground=PermitGround(row.permit_ground) if row.permit_ground else None,
        residence_permit_date=row.residence_permit_date,
        establishment_programme_start=row.establishment_programme_start,
    )
    mapping = row.skills_mapping
    return CaseData(
        person=person,
        reception=reception,
        case_number=row.case_number,
        sfi=tuple(
            SfiEnrolment(
                start_date=e.start_date,
                study_path=StudyPath(e.study_path),
                course=SfiCourse(e.course),
                provider=e.provider,
                childcare=e.childcare,
                vocational=e.vocational,
                status=SfiStatus(e.status),
                end_date=e.end_date,
                grade=SfiGrade(e.grade) if e.grade else None,
            )
            for e in row.sfi_enrolments
        ),
        skills_mapping=None
        if mapping is None
        else SkillsMapping(
            completed_date=mapping.completed_date,
            education_level=EducationLevel(mapping.education_level),
            years_of_schooling=mapping.years_of_schooling,
            occupation_ssyk=mapping.occupation_ssyk,
            work_experience_years=mapping.work_experience_years,
            driving_licence=mapping.driving_licence,
            validation_needed=mapping.validation_needed,
            notes=mapping.notes,
        ),
        placements=tuple(
            Placement(
                kind=PlacementKind(p.kind),
                sector=Sector(p.sector),
                start_date=p.start_date,
                employer=p.employer,
                municipal_department=p.municipal_department,
                end_date=p.end_date,
                hours_per_week=p.hours_per_week,
            )
            for p in row.placements
        ),
        housing=tuple(
            Housing(
                kind=HousingKind(h.kind),
                move_in_date=h.move_in_date,
                landlord=h.landlord,
                district=h.district,
                address=h.address,
                move_out_date=h.move_out_date,
            )
            for h in row.housing
        ),
        closure=Closure(row.closure_date, Outcome(row.closure_outcome))
        if row.closure_date is not None and row.closure_outcome is not None
        else None,
        notes=tuple(JournalNote(date=n.note_date, text=n.text, author=n.author) for n in row.notes),
    )


def replace_children(row: CaseRow, data: CaseData) -> None:
    """Makes the case's lists those of `data` (the ORM deletes the rows no longer there)."""
    row.sfi_enrolments = [SfiEnrolmentRow(**enrolment_columns(e)) for e in data.sfi]
    row.placements = [PlacementRow(**placement_columns(p)) for p in data.placements]
    row.housing = [HousingRow(**housing_columns(h)) for h in data.housing]
    row.notes = [JournalNoteRow(**note_columns(n)) for n in data.notes]
    if data.skills_mapping is None:
        row.skills_mapping = None
    elif row.skills_mapping is None:
        row.skills_mapping = SkillsMappingRow(**mapping_columns(data.skills_mapping))
    else:
        for name, value in mapping_columns(data.skills_mapping).items():
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
            highest = self._session.scalar(
                select(func.max(CaseRow.case_number)).where(
                    CaseRow.case_number.like(prefix + "_" * digits)
                )
            )
            tail = highest[len(prefix) :] if highest else ""
            self._last[year] = int(tail) if tail.isdigit() else 0
        self._last[year] += 1
        return f"{prefix}{self._last[year]:0{digits}d}"


def is_provisional(case_number: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-L\d{4}", case_number))


def insert_cases(
    session: Session,
    cases: Sequence[NewCase],
    now: datetime,
    assigned_officer: str | None = None,
) -> list[int]:
    """Inserts the cases with all their lists in a few statements; returns their ids in order.

    Checks nothing: callers validate first. Cases sharing a household key get one new household.
    """
    if not cases:
        return []
    numbers = CaseNumbers(session)
    keys = list(dict.fromkeys(c.household_key for c in cases if c.household_key is not None))
    household_ids = _insert_returning_ids(session, HouseholdRow, [{"created_at": now}] * len(keys))
    households = dict(zip(keys, household_ids, strict=True))
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
    children: dict[type[Any], list[dict[str, Any]]] = {
        SfiEnrolmentRow: [],
        SkillsMappingRow: [],
        PlacementRow: [],
        HousingRow: [],
        JournalNoteRow: [],
    }
    for case_id, new in zip(ids, cases, strict=True):
        data = new.data
        children[SfiEnrolmentRow] += [
            {"case_id": case_id, **enrolment_columns(e)} for e in data.sfi
        ]
        if data.skills_mapping is not None:
            children[SkillsMappingRow].append(
                {"case_id": case_id, **mapping_columns(data.skills_mapping)}
            )
        children[PlacementRow] += [
            {"case_id": case_id, **placement_columns(p)} for p in data.placements
        ]
        children[HousingRow] += [{"case_id": case_id, **housing_columns(h)} for h in data.housing]
        children[JournalNoteRow] += [{"case_id": case_id, **note_columns(n)} for n in data.notes]
    for model, rows in children.items():
        if rows:
            session.execute(insert(model), rows)
    return ids


def _insert_returning_ids(
    session: Session, model: type[Any], rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Inserts the rows and returns their new ids in the same order.

    In chunks: SQLAlchemy matches returned ids to parameters at a cost that grows with the
    square of one call's size (10 000 demo cases: 20 s in one call, 3 s in chunks of 500)."""
    ids: list[int] = []
    for chunk in chunks(rows):
        ids += session.scalars(
            insert(model).returning(model.id, sort_by_parameter_order=True), list(chunk)
        )
    return ids


def note_deletion(session: Session, uid: str, now: datetime) -> None:
    """Where a case is deleted in a laptop's replica, the server deletes it at the next sync."""
    base = session.get(SyncCaseRow, uid)
    if base is not None:
        session.add(SyncDeletionRow(case_uid=uid, server_version=base.server_version,
                                    deleted_at=now))  # fmt: skip
        session.delete(base)
