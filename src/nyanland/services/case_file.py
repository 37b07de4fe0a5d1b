"""The case file of INTERCHANGE.md (`nyanland.case/1`, JSON Lines), read strictly and written."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

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
    Code,
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
from nyanland.domain.errors import FieldError
from nyanland.domain.identity import (
    InvalidIdentityNumber,
    format_identity_number,
    parse_identity_number,
)
from nyanland.i18n import _

FORMAT = "nyanland.case/1"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
C = TypeVar("C", bound=Code)


@dataclass(frozen=True)
class CaseLine:
    """One case read from a line of the file."""

    data: CaseData
    household_key: str | None


class _Object:
    """One JSON object of the file, read field by field; every problem names its dotted path."""

    def __init__(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise FieldError(path or "(line)", _("must be a JSON object"))
        self._value: dict[str, Any] = value
        self._path = path

    def _field(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def only(self, *allowed: str) -> None:
        for key in self._value:
            if key not in allowed:
                raise FieldError(self._field(key), _("unknown key (check the spelling)"))

    def _get(self, key: str, required: bool) -> Any:
        value = self._value.get(key)
        if value is None and required:
            raise FieldError(self._field(key), _("is required"))
        return value

    def raw(self, key: str) -> Any:
        return self._value.get(key)

    def text(self, key: str, required: bool = False) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise FieldError(self._field(key), _("must be text"))
        if required and not value.strip():
            raise FieldError(self._field(key), _("is required"))
        return value

    def required_text(self, key: str) -> str:
        value = self.text(key, required=True)
        assert value is not None
        return value

    def digits(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not value.isdigit():
            raise FieldError(self._field(key), _("must be digits only"))
        return value

    def date(self, key: str, required: bool = False) -> dt.date | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not _DATE.match(value):
            raise FieldError(self._field(key), _("must be a date written YYYY-MM-DD"))
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise FieldError(
                self._field(key), _("{value} is not a real date").format(value=value)
            ) from None

    def required_date(self, key: str) -> dt.date:
        value = self.date(key, required=True)
        assert value is not None
        return value

    def flag(self, key: str) -> bool:
        value = self._get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise FieldError(self._field(key), _("must be true or false"))
        return value

    def whole(self, key: str) -> int | None:
        value = self._get(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(self._field(key), _("must be a whole number"))
        return value

    def number(self, key: str) -> float | None:
        value = self._get(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FieldError(self._field(key), _("must be a number"))
        return float(value)

    def code(self, key: str, vocabulary: type[C], required: bool = False) -> C | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or value not in vocabulary.codes():
            raise FieldError(
                self._field(key),
                _("{value} is not one of: {codes}").format(
                    value=json.dumps(value, ensure_ascii=False), codes=", ".join(vocabulary.codes())
                ),
            )
        return vocabulary(value)

    def required_code(self, key: str, vocabulary: type[C]) -> C:
        value = self.code(key, vocabulary, required=True)
        assert value is not None
        return value

    def child(self, key: str, required: bool = False) -> _Object | None:
        value = self._get(key, required)
        return None if value is None else _Object(value, self._field(key))

    def children(self, key: str) -> Iterator[_Object]:
        value = self._get(key, False)
        if value is None:
            return
        if not isinstance(value, list):
            raise FieldError(self._field(key), _("must be a list"))
        for index, item in enumerate(value):
            yield _Object(item, f"{self._field(key)}[{index}]")

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise FieldError(self._field(key), _("must be a list of text"))
        return tuple(value)

    def household(self, key: str) -> str | None:
        value = self._get(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise FieldError(self._field(key), _("must be text or a whole number"))
        return str(value)


def parse_case(line: str, today: date) -> CaseLine:
    """Reads one line of a case file; raises FieldError at the first problem of its shape."""
    try:
        value = json.loads(line, object_pairs_hook=_no_repeated_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise FieldError(
            "(line)",
            _("not valid JSON: {reason} (column {column})").format(
                reason=error.msg, column=error.colno
            ),
        ) from None
    root = _Object(value, "")
    root.only(
        "format", "case_number", "person", "household", "reception", "sfi", "skills_mapping",
        "placements", "housing", "closure", "notes",
    )  # fmt: skip
    if root.text("format", required=True) != FORMAT:
        raise FieldError("format", _("must be {format}").format(format=FORMAT))
    person = root.child("person", required=True)
    reception = root.child("reception", required=True)
    assert person is not None and reception is not None
    mapping = root.child("skills_mapping")
    closure = root.child("closure")
    data = CaseData(
        person=_person(person, today),
        reception=_reception(reception),
        case_number=root.text("case_number"),
        sfi=tuple(_enrolment(o) for o in root.children("sfi")),
        skills_mapping=None if mapping is None else _mapping(mapping),
        placements=tuple(_placement(o) for o in root.children("placements")),
        housing=tuple(_housing(o) for o in root.children("housing")),
        closure=None if closure is None else _closure(closure),
        notes=tuple(_note(o) for o in root.children("notes")),
    )
    return CaseLine(data, root.household("household"))


def _person(o: _Object, today: date) -> Person:
    o.only(
        "personal_identity_number", "dossier_number", "first_name", "last_name", "birth_date",
        "sex", "country_of_birth", "languages", "interpreter_needed", "protected_identity",
        "phone", "email",
    )  # fmt: skip
    written = o.text("personal_identity_number")
    number = None
    if written is not None and written.strip():
        try:
            number = parse_identity_number(written, today).digits
        except InvalidIdentityNumber as error:
            raise FieldError("person.personal_identity_number", error.message) from None
    return Person(
        first_name=o.required_text("first_name"),
        last_name=o.required_text("last_name"),
        birth_date=o.required_date("birth_date"),
        sex=o.required_code("sex", Sex),
        personal_identity_number=number,
        dossier_number=o.digits("dossier_number"),
        country_of_birth=o.text("country_of_birth"),
        languages=o.strings("languages"),
        interpreter_needed=o.flag("interpreter_needed"),
        protected_identity=o.flag("protected_identity"),
        phone=o.text("phone"),
        email=o.text("email"),
    )


def _reception(o: _Object) -> Reception:
    o.only(
        "reception_date", "reception_type", "permit_ground", "residence_permit_date",
        "establishment_programme_start",
    )  # fmt: skip
    return Reception(
        reception_date=o.required_date("reception_date"),
        reception_type=o.required_code("reception_type", ReceptionType),
        permit_ground=o.code("permit_ground", PermitGround),
        residence_permit_date=o.date("residence_permit_date"),
        establishment_programme_start=o.date("establishment_programme_start"),
    )


def _enrolment(o: _Object) -> SfiEnrolment:
    o.only(
        "start_date", "study_path", "course", "provider", "childcare", "vocational", "status",
        "end_date", "grade",
    )  # fmt: skip
    path = o.raw("study_path")
    if isinstance(path, bool) or not isinstance(path, int) or str(path) not in StudyPath.codes():
        raise FieldError(o._field("study_path"), _("must be 1, 2 or 3"))
    return SfiEnrolment(
        start_date=o.required_date("start_date"),
        study_path=StudyPath(str(path)),
        course=o.required_code("course", SfiCourse),
        provider=o.text("provider"),
        childcare=o.flag("childcare"),
        vocational=o.flag("vocational"),
        status=o.code("status", SfiStatus) or SfiStatus.ONGOING,
        end_date=o.date("end_date"),
        grade=o.code("grade", SfiGrade),
    )


def _mapping(o: _Object) -> SkillsMapping:
    o.only(
        "completed_date", "education_level", "years_of_schooling", "occupation_ssyk",
        "work_experience_years", "driving_licence", "validation_needed", "notes",
    )  # fmt: skip
    return SkillsMapping(
        completed_date=o.date("completed_date"),
        education_level=o.code("education_level", EducationLevel) or EducationLevel.UNKNOWN,
        years_of_schooling=o.whole("years_of_schooling"),
        occupation_ssyk=o.text("occupation_ssyk"),
        work_experience_years=o.whole("work_experience_years"),
        driving_licence=o.flag("driving_licence"),
        validation_needed=o.flag("validation_needed"),
        notes=o.text("notes"),
    )


def _placement(o: _Object) -> Placement:
    o.only(
        "kind", "sector", "employer", "municipal_department", "start_date", "end_date",
        "hours_per_week",
    )  # fmt: skip
    return Placement(
        kind=o.required_code("kind", PlacementKind),
        sector=o.required_code("sector", Sector),
        start_date=o.required_date("start_date"),
        employer=o.text("employer"),
        municipal_department=o.text("municipal_department"),
        end_date=o.date("end_date"),
        hours_per_week=o.number("hours_per_week"),
    )


def _housing(o: _Object) -> Housing:
    o.only("kind", "landlord", "district", "address", "move_in_date", "move_out_date")
    return Housing(
        kind=o.required_code("kind", HousingKind),
        move_in_date=o.required_date("move_in_date"),
        landlord=o.text("landlord"),
        district=o.text("district"),
        address=o.text("address"),
        move_out_date=o.date("move_out_date"),
    )


def _closure(o: _Object) -> Closure:
    o.only("date", "outcome")
    return Closure(date=o.required_date("date"), outcome=o.required_code("outcome", Outcome))


def _note(o: _Object) -> JournalNote:
    o.only("date", "author", "text")
    return JournalNote(
        date=o.required_date("date"), text=o.required_text("text"), author=o.text("author")
    )


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise FieldError(key, _("appears twice in one object"))
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise FieldError("(line)", _("{name} is not allowed in a case file").format(name=name))


def case_to_json(data: CaseData, case_number: str, household_key: str | None) -> dict[str, Any]:
    """A case as one object of the file, keys in the order INTERCHANGE.md lists them."""
    p, r, m = data.person, data.reception, data.skills_mapping
    return {
        "format": FORMAT,
        "case_number": case_number,
        "person": {
            "personal_identity_number": format_identity_number(p.personal_identity_number)
            if p.personal_identity_number
            else None,
            "dossier_number": p.dossier_number,
            "first_name": p.first_name,
            "last_name": p.last_name,
            "birth_date": p.birth_date.isoformat(),
            "sex": p.sex.value,
            "country_of_birth": p.country_of_birth,
            "languages": list(p.languages),
            "interpreter_needed": p.interpreter_needed,
            "protected_identity": p.protected_identity,
            "phone": p.phone,
            "email": p.email,
        },
        "household": household_key,
        "reception": {
            "reception_date": r.reception_date.isoformat(),
            "reception_type": r.reception_type.value,
            "permit_ground": _code(r.permit_ground),
            "residence_permit_date": _iso(r.residence_permit_date),
            "establishment_programme_start": _iso(r.establishment_programme_start),
        },
        "sfi": [
            {
                "start_date": e.start_date.isoformat(),
                "study_path": int(e.study_path.value),
                "course": e.course.value,
                "provider": e.provider,
                "childcare": e.childcare,
                "vocational": e.vocational,
                "status": e.status.value,
                "end_date": _iso(e.end_date),
                "grade": _code(e.grade),
            }
            for e in data.sfi
        ],
        "skills_mapping": None
        if m is None
        else {
            "completed_date": _iso(m.completed_date),
            "education_level": m.education_level.value,
            "years_of_schooling": m.years_of_schooling,
            "occupation_ssyk": m.occupation_ssyk,
            "work_experience_years": m.work_experience_years,
            "driving_licence": m.driving_licence,
            "validation_needed": m.validation_needed,
            "notes": m.notes,
        },
        "placements": [
            {
                "kind": pl.kind.value,
                "sector": pl.sector.value,
                "employer": pl.employer,
                "municipal_department": pl.municipal_department,
                "start_date": pl.start_date.isoformat(),
                "end_date": _iso(pl.end_date),
                "hours_per_week": _plain_number(pl.hours_per_week),
            }
            for pl in data.placements
        ],
        "housing": [
            {
                "kind": h.kind.value,
                "landlord": h.landlord,
                "district": h.district,
                "address": h.address,
                "move_in_date": h.move_in_date.isoformat(),
                "move_out_date": _iso(h.move_out_date),
            }
            for h in data.housing
        ],
        "closure": None
        if data.closure is None
        else {"date": data.closure.date.isoformat(), "outcome": data.closure.outcome.value},
        "notes": [
            {"date": n.date.isoformat(), "author": n.author, "text": n.text} for n in data.notes
        ],
    }


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _code(value: Code | None) -> str | None:
    return None if value is None else value.value


def _plain_number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.is_integer() else value
