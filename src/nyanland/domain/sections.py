"""Each part of a case described once: its fields in the order the officer fills them in, with
their kind of value, code list, label, hint, whether required, and the value a case file may
leave out. The case file's reader and writer, the row mapping and the forms are driven from
these; a new field is one line here, one in its dataclass, the model and a migration."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import Enum
from typing import Any

from nyanland.domain.case import (
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
from nyanland.i18n import _

Text = Callable[[], str]  # called when shown, so a language switch re-labels


class ValueKind(Enum):
    TEXT = "text"
    MULTILINE = "multiline"
    DATE = "date"
    CODE = "code"
    FLAG = "flag"
    WHOLE = "whole"
    NUMBER = "number"
    CODES = "codes"  # a list of short codes ("ar, ku" on screen)
    DIGITS = "digits"  # text of digits only (a dossier number)
    IDENTITY = "identity"  # a personnummer or samordningsnummer, any written form
    MOMENT = "moment"  # a date and time (kept by the store, never typed)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: Text
    kind: ValueKind = ValueKind.TEXT
    code_list: type[Code] | None = None
    required: bool = False
    default: Any = None  # what a case file that leaves the field out means
    hint: Text | None = None  # shown in the empty field, never in a document
    column: str | None = None  # its column, when not called as the field is
    file_as_number: bool = False  # a code the case file writes as a number (study path 1, 2, 3)
    # Not in the case file of INTERCHANGE.md (nyanland.case/1 has no such key), only in what
    # travels between a laptop copy and its server; not typed in a form.
    in_file: bool = True
    in_form: bool = True
    # On screen chosen by name: "country", "languages", or from a list the administrator
    # keeps: "district", "sfi_provider", "employer".
    picker: str | None = None

    @property
    def always_set(self) -> bool:
        """Required, or with a default: a form offers no empty choice for it."""
        return self.required or self.default is not None

    @property
    def column_name(self) -> str:
        return self.column or self.name


@dataclass(frozen=True)
class Section:
    key: str  # its key in a case (and in the case file)
    record: type[Any]  # the domain dataclass it fills
    fields: tuple[FieldSpec, ...]
    file_order: tuple[str, ...] | None = None  # the case file's key order, when it differs
    _orders: dict[bool, tuple[FieldSpec, ...]] = dataclass_field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False
    )

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    def in_file_order(self, internal: bool = False) -> tuple[FieldSpec, ...]:
        """The fields a case file holds, in its order (`internal`: and those only a sync
        carries, after them). Worked out once: it is asked for each section of each line."""
        known = self._orders.get(internal)
        if known is not None:
            return known
        fields = self.fields
        if self.file_order is not None:
            listed = [self.field(name) for name in self.file_order]
            fields = (*listed, *(f for f in self.fields if f.name not in self.file_order))
        self._orders[internal] = tuple(f for f in fields if f.in_file or internal)
        return self._orders[internal]

    def labels(self) -> dict[str, Text]:
        return {f.name: f.label for f in self.fields}


K = ValueKind

PERSON = Section(
    "person",
    Person,
    (
        FieldSpec("first_name", lambda: _("First name"), required=True),
        FieldSpec("last_name", lambda: _("Last name"), required=True),
        FieldSpec("personal_identity_number", lambda: _("Identity number"), K.IDENTITY),
        FieldSpec("dossier_number", lambda: _("Dossier number (Migrationsverket)"), K.DIGITS),
        FieldSpec("birth_date", lambda: _("Date of birth"), K.DATE, required=True),
        FieldSpec("sex", lambda: _("Sex"), K.CODE, Sex, required=True),
        FieldSpec(
            "country_of_birth",
            lambda: _("Country of birth"),
            hint=lambda: _("e.g. SY"),
            picker="country",
        ),
        FieldSpec(
            "languages",
            lambda: _("Languages"),
            K.CODES,
            hint=lambda: _("e.g. ar, ku"),
            picker="languages",
        ),
        FieldSpec("interpreter_needed", lambda: _("Needs an interpreter"), K.FLAG),
        FieldSpec("protected_identity", lambda: _("Protected identity"), K.FLAG),
        FieldSpec("phone", lambda: _("Telephone")),
        FieldSpec("email", lambda: _("E-mail")),
    ),
    file_order=(
        "personal_identity_number",
        "dossier_number",
        "first_name",
        "last_name",
        "birth_date",
        "sex",
        "country_of_birth",
        "languages",
        "interpreter_needed",
        "protected_identity",
        "phone",
        "email",
    ),
)

RECEPTION = Section(
    "reception",
    Reception,
    (
        FieldSpec("reception_date", lambda: _("Reception date"), K.DATE, required=True),
        FieldSpec(
            "reception_type", lambda: _("Reception type"), K.CODE, ReceptionType, required=True
        ),
        FieldSpec("permit_ground", lambda: _("Permit ground"), K.CODE, PermitGround),
        FieldSpec("residence_permit_date", lambda: _("Residence permit date"), K.DATE),
        FieldSpec(
            "establishment_programme_start", lambda: _("Establishment programme start"), K.DATE
        ),
    ),
)

SFI_ENROLMENT = Section(
    "sfi",
    SfiEnrolment,
    (
        FieldSpec("start_date", lambda: _("Start date"), K.DATE, required=True),
        FieldSpec(
            "study_path",
            lambda: _("Study path"),
            K.CODE,
            StudyPath,
            required=True,
            file_as_number=True,
        ),
        FieldSpec("course", lambda: _("Course"), K.CODE, SfiCourse, required=True),
        FieldSpec("provider", lambda: _("Provider"), picker="sfi_provider"),
        FieldSpec("childcare", lambda: _("With childcare"), K.FLAG),
        FieldSpec("vocational", lambda: _("Vocational SFI"), K.FLAG),
        FieldSpec("status", lambda: _("Status"), K.CODE, SfiStatus, default=SfiStatus.ONGOING),
        FieldSpec("end_date", lambda: _("End date"), K.DATE),
        FieldSpec("grade", lambda: _("Grade"), K.CODE, SfiGrade),
    ),
)

SKILLS_MAPPING = Section(
    "skills_mapping",
    SkillsMapping,
    (
        FieldSpec("completed_date", lambda: _("Mapping completed"), K.DATE),
        FieldSpec(
            "education_level",
            lambda: _("Education level"),
            K.CODE,
            EducationLevel,
            default=EducationLevel.UNKNOWN,
        ),
        FieldSpec("years_of_schooling", lambda: _("Years of schooling"), K.WHOLE),
        FieldSpec("occupation_ssyk", lambda: _("Occupation (SSYK code)")),
        FieldSpec("work_experience_years", lambda: _("Years of work experience"), K.WHOLE),
        FieldSpec("driving_licence", lambda: _("Has a driving licence"), K.FLAG),
        FieldSpec("validation_needed", lambda: _("Needs validation of skills"), K.FLAG),
        FieldSpec("notes", lambda: _("Notes"), K.MULTILINE),
    ),
)

PLACEMENT = Section(
    "placements",
    Placement,
    (
        FieldSpec("kind", lambda: _("Kind"), K.CODE, PlacementKind, required=True),
        FieldSpec("sector", lambda: _("Sector"), K.CODE, Sector, required=True),
        FieldSpec("employer", lambda: _("Employer"), picker="employer"),
        FieldSpec("municipal_department", lambda: _("Municipal department")),
        FieldSpec("start_date", lambda: _("Start date"), K.DATE, required=True),
        FieldSpec("end_date", lambda: _("End date"), K.DATE),
        FieldSpec("hours_per_week", lambda: _("Hours per week"), K.NUMBER),
    ),
)

HOUSING = Section(
    "housing",
    Housing,
    (
        FieldSpec("kind", lambda: _("Kind of housing"), K.CODE, HousingKind, required=True),
        FieldSpec("move_in_date", lambda: _("Move-in date"), K.DATE, required=True),
        FieldSpec("move_out_date", lambda: _("Move-out date"), K.DATE),
        FieldSpec("district", lambda: _("District"), picker="district"),
        FieldSpec("address", lambda: _("Address")),
        FieldSpec("landlord", lambda: _("Landlord")),
    ),
    file_order=("kind", "landlord", "district", "address", "move_in_date", "move_out_date"),
)

CLOSURE = Section(
    "closure",
    Closure,
    (
        FieldSpec("date", lambda: _("Closing date"), K.DATE, required=True, column="closure_date"),
        FieldSpec(
            "outcome",
            lambda: _("Outcome"),
            K.CODE,
            Outcome,
            required=True,
            column="closure_outcome",
        ),
        # Recorded later, at the follow-up; not in nyanland.case/1 (a sync carries it).
        FieldSpec("follow_up_date", lambda: _("Follow-up date"), K.DATE, in_file=False),
        FieldSpec(
            "follow_up_status",
            lambda: _("Occupation at the follow-up"),
            K.CODE,
            Outcome,
            in_file=False,
        ),
    ),
)

JOURNAL_NOTE = Section(
    "notes",
    JournalNote,
    (
        FieldSpec("date", lambda: _("Date"), K.DATE, required=True, column="note_date"),
        FieldSpec("kind", lambda: _("Kind"), K.CODE, NoteKind, required=True, in_file=False),
        FieldSpec("text", lambda: _("Note"), K.MULTILINE, required=True),
        # Who and when: the signed-in account and the clock, never typed (domain/journal.py).
        FieldSpec("author", lambda: _("Written by"), in_form=False),
        FieldSpec("written_at", lambda: _("Saved"), K.MOMENT, in_file=False, in_form=False),
        FieldSpec("uid", lambda: _("Entry"), in_file=False, in_form=False),
        FieldSpec(
            "corrects",
            lambda: _("Corrects"),
            in_file=False,
            in_form=False,
            column="corrects_uid",
        ),
    ),
    file_order=("date", "author", "text"),
)

# The parts a case has once, and those it has a list of, in the order of the case file.
ONCE = (PERSON, RECEPTION, SKILLS_MAPPING, CLOSURE)
LISTS = (SFI_ENROLMENT, PLACEMENT, HOUSING, JOURNAL_NOTE)
