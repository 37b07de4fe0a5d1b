"""A case's values as plain data, and the rules every case must keep, wherever it comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from babel import Locale

from nyanland.domain.codes import (
    COURSES_ON_PATH,
    EducationLevel,
    HousingKind,
    NoteKind,
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
from nyanland.domain.errors import FieldError
from nyanland.domain.identity import IdentityNumber, InvalidIdentityNumber, parse_identity_number
from nyanland.domain.timeline import DEFAULT_RULES, age_on
from nyanland.i18n import _


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    birth_date: date
    sex: Sex
    personal_identity_number: str | None = None  # canonical 12 digits
    dossier_number: str | None = None  # Migrationsverket's, digits
    country_of_birth: str | None = None  # ISO 3166-1 alpha-2
    languages: tuple[str, ...] = ()  # ISO 639-1
    interpreter_needed: bool = False
    protected_identity: bool = False
    phone: str | None = None
    email: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Reception:
    reception_date: date
    reception_type: ReceptionType
    permit_ground: PermitGround | None = None
    residence_permit_date: date | None = None
    establishment_programme_start: date | None = None


@dataclass(frozen=True)
class SfiEnrolment:
    start_date: date
    study_path: StudyPath
    course: SfiCourse
    provider: str | None = None
    childcare: bool = False
    vocational: bool = False
    status: SfiStatus = SfiStatus.ONGOING
    end_date: date | None = None
    grade: SfiGrade | None = None


@dataclass(frozen=True)
class SkillsMapping:
    completed_date: date | None = None
    education_level: EducationLevel = EducationLevel.UNKNOWN
    years_of_schooling: int | None = None
    occupation_ssyk: str | None = None
    work_experience_years: int | None = None
    driving_licence: bool = False
    validation_needed: bool = False
    notes: str | None = None


@dataclass(frozen=True)
class Placement:
    kind: PlacementKind
    sector: Sector
    start_date: date
    employer: str | None = None
    municipal_department: str | None = None
    end_date: date | None = None
    hours_per_week: float | None = None


@dataclass(frozen=True)
class Housing:
    kind: HousingKind
    move_in_date: date
    landlord: str | None = None
    district: str | None = None
    address: str | None = None
    move_out_date: date | None = None


Day = date  # for a class whose field is called "date"


@dataclass(frozen=True)
class Closure:
    date: date
    outcome: Outcome
    # The follow-up DOMAIN.md asks for 90 days after the end: when, and what the person did.
    follow_up_date: Day | None = None
    follow_up_status: Outcome | None = None


@dataclass(frozen=True)
class JournalNote:
    """A journal entry. Once saved it is never changed: a correction is a new entry that
    names the one it corrects (`corrects`), and both stay (domain/journal.py)."""

    date: date
    text: str
    author: str | None = None  # the account that wrote it (a case file's: as the file says)
    kind: NoteKind = NoteKind.OTHER
    written_at: datetime | None = None  # when it was saved; None until then
    uid: str | None = None  # its identity across stores; None until saved
    corrects: str | None = None  # the uid of the entry it corrects


@dataclass(frozen=True)
class CaseData:
    """Everything recorded about one person's establishment, as the officer edits it."""

    person: Person
    reception: Reception
    case_number: str | None = None
    sfi: tuple[SfiEnrolment, ...] = ()
    skills_mapping: SkillsMapping | None = None
    placements: tuple[Placement, ...] = ()
    housing: tuple[Housing, ...] = ()
    closure: Closure | None = None
    notes: tuple[JournalNote, ...] = field(default=())


NAME_MAX = 100
TEXT_MAX = 200
NOTE_MAX = 20_000
_DIGITS = re.compile(r"^\d+$")
_CASE_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{5,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SSYK = re.compile(r"^\d{1,4}$")


def _known_countries() -> frozenset[str]:
    codes: list[str] = [str(code) for code in Locale("en").territories]
    return frozenset(code for code in codes if re.fullmatch(r"[A-Z]{2}", code))


def _known_languages() -> frozenset[str]:
    codes: list[str] = [str(code) for code in Locale("en").languages]
    return frozenset(code for code in codes if re.fullmatch(r"[a-z]{2}", code))


COUNTRY_CODES = _known_countries()
LANGUAGE_CODES = _known_languages()


def check_identity_number(text: str, today: date) -> IdentityNumber:
    """The identity number, or a FieldError on `person.personal_identity_number`."""
    try:
        return parse_identity_number(text, today)
    except InvalidIdentityNumber as error:
        raise FieldError("person.personal_identity_number", error.message) from None


def case_problems(case: CaseData, today: date) -> list[FieldError]:
    """Every rule the case breaks, each naming its field; empty when the case may be stored."""
    problems: list[FieldError] = []
    problems += _person_problems(case.person, today)
    reception = case.reception
    if reception.reception_date < case.person.birth_date:
        problems.append(
            FieldError("reception.reception_date", _("reception is before the birth date"))
        )
    for name in ("residence_permit_date", "establishment_programme_start"):
        value = getattr(reception, name)
        if value is not None and value < case.person.birth_date:
            problems.append(FieldError(f"reception.{name}", _("is before the birth date")))
    if case.case_number is not None and not _CASE_NUMBER.match(case.case_number):
        problems.append(
            FieldError(
                "case_number",
                _("use 1 to 40 letters, digits and - / _ . (no spaces)"),
            )
        )
    problems += sfi_problems(case.person.birth_date, case.sfi)
    if case.skills_mapping is not None:
        problems += [p.within("skills_mapping") for p in _mapping_problems(case.skills_mapping)]
    for index, placement in enumerate(case.placements):
        problems += [p.within(f"placements[{index}]") for p in _placement_problems(placement)]
    for index, housing in enumerate(case.housing):
        problems += [p.within(f"housing[{index}]") for p in _housing_problems(housing)]
    if case.closure is not None:
        problems += _closure_problems(case.closure, reception.reception_date, today)
    for index, note in enumerate(case.notes):
        problems += [p.within(f"notes[{index}]") for p in _note_problems(note)]
    return problems


def _closure_problems(closure: Closure, received: date, today: date) -> list[FieldError]:
    problems = []
    if closure.date < received:
        problems.append(FieldError("closure.date", _("the case closes before reception")))
    followed = closure.follow_up_date
    if (followed is None) != (closure.follow_up_status is None):
        field = "follow_up_status" if closure.follow_up_status is None else "follow_up_date"
        problems.append(
            FieldError(f"closure.{field}", _("the follow-up needs its date and status"))
        )
    if followed is not None and followed < closure.date:
        problems.append(
            FieldError("closure.follow_up_date", _("the follow-up is before the case closed"))
        )
    if followed is not None and followed > today:
        problems.append(FieldError("closure.follow_up_date", _("is in the future")))
    return problems


def sfi_problems(birth_date: date, courses: tuple[SfiEnrolment, ...]) -> list[FieldError]:
    """The SFI part's own rules: each course's, and the age at its start."""
    problems: list[FieldError] = []
    for index, enrolment in enumerate(courses):
        problems += [p.within(f"sfi[{index}]") for p in _enrolment_problems(enrolment)]
        age = age_on(birth_date, enrolment.start_date)
        if age < DEFAULT_RULES.sfi_min_age:
            too_young = _(
                "the person is {age} on this date; SFI is for people aged {min} or more "
                "(younger newcomers go to school)"
            )
            problems.append(
                FieldError(
                    f"sfi[{index}].start_date",
                    too_young.format(age=age, min=DEFAULT_RULES.sfi_min_age),
                )
            )
    return problems


def _person_problems(person: Person, today: date) -> list[FieldError]:
    problems: list[FieldError] = []
    for name in ("first_name", "last_name"):
        if not getattr(person, name).strip():
            problems.append(FieldError(name, _("is required")))
    problems += _length_problems(person, ("first_name", "last_name"), NAME_MAX)
    if person.birth_date > today:
        problems.append(FieldError("birth_date", _("is in the future")))
    if person.personal_identity_number is not None:
        try:
            number = parse_identity_number(person.personal_identity_number, today)
        except InvalidIdentityNumber as error:
            problems.append(FieldError("personal_identity_number", error.message))
        else:
            if number.birth_date != person.birth_date:
                problems.append(
                    FieldError(
                        "birth_date",
                        _("does not agree with the identity number ({date})").format(
                            date=number.birth_date.isoformat()
                        ),
                    )
                )
    if person.dossier_number is not None and not _DIGITS.match(person.dossier_number):
        problems.append(FieldError("dossier_number", _("must be digits only")))
    if person.country_of_birth is not None and person.country_of_birth not in COUNTRY_CODES:
        problems.append(
            FieldError("country_of_birth", _("is not an ISO 3166 country code such as SY"))
        )
    for index, language in enumerate(person.languages):
        if language not in LANGUAGE_CODES:
            problems.append(
                FieldError(f"languages[{index}]", _("is not an ISO 639-1 language code such as ar"))
            )
    if person.phone is not None and not _PHONE.match(person.phone):
        problems.append(FieldError("phone", _("is not a telephone number")))
    if person.email is not None and not _EMAIL.match(person.email):
        problems.append(FieldError("email", _("is not an e-mail address")))
    return [p.within("person") for p in problems]


def _length_problems(value_of: object, names: tuple[str, ...], limit: int) -> list[FieldError]:
    problems = []
    for name in names:
        value = getattr(value_of, name)
        if value is not None and len(value) > limit:
            problems.append(FieldError(name, _("is longer than {n} characters").format(n=limit)))
    return problems


def _enrolment_problems(enrolment: SfiEnrolment) -> list[FieldError]:
    problems: list[FieldError] = []
    allowed = COURSES_ON_PATH[enrolment.study_path]
    if enrolment.course not in allowed:
        problems.append(
            FieldError(
                "course",
                _("course {course} is not given on study path {path} (only {allowed})").format(
                    course=enrolment.course.value,
                    path=enrolment.study_path.value,
                    allowed=", ".join(c.value for c in allowed),
                ),
            )
        )
    if enrolment.end_date is not None and enrolment.end_date < enrolment.start_date:
        problems.append(FieldError("end_date", _("is before the start date")))
    return problems + _length_problems(enrolment, ("provider",), TEXT_MAX)


def _mapping_problems(mapping: SkillsMapping) -> list[FieldError]:
    problems: list[FieldError] = []
    if mapping.years_of_schooling is not None and not 0 <= mapping.years_of_schooling <= 30:
        problems.append(FieldError("years_of_schooling", _("must be between 0 and 30")))
    if mapping.work_experience_years is not None and not 0 <= mapping.work_experience_years <= 60:
        problems.append(FieldError("work_experience_years", _("must be between 0 and 60")))
    if mapping.occupation_ssyk is not None and not _SSYK.match(mapping.occupation_ssyk):
        problems.append(FieldError("occupation_ssyk", _("must be an SSYK code of 1 to 4 digits")))
    return problems + _length_problems(mapping, ("notes",), NOTE_MAX)


def _placement_problems(placement: Placement) -> list[FieldError]:
    problems: list[FieldError] = []
    if placement.end_date is not None and placement.end_date < placement.start_date:
        problems.append(FieldError("end_date", _("is before the start date")))
    if placement.hours_per_week is not None and not 0 <= placement.hours_per_week <= 80:
        problems.append(FieldError("hours_per_week", _("must be between 0 and 80")))
    if placement.municipal_department is not None and placement.sector is not Sector.MUNICIPAL:
        problems.append(
            FieldError("municipal_department", _("is only for placements in the municipal sector"))
        )
    return problems + _length_problems(placement, ("employer", "municipal_department"), TEXT_MAX)


def _housing_problems(housing: Housing) -> list[FieldError]:
    problems: list[FieldError] = []
    if housing.move_out_date is not None and housing.move_out_date < housing.move_in_date:
        problems.append(FieldError("move_out_date", _("is before the move-in date")))
    return problems + _length_problems(housing, ("landlord", "district", "address"), TEXT_MAX)


def _note_problems(note: JournalNote) -> list[FieldError]:
    if not note.text.strip():
        return [FieldError("text", _("is required"))]
    return _length_problems(note, ("text", "author"), NOTE_MAX)
