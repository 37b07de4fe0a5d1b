"""Which fields each part of a case has on screen, in the order an officer fills them in."""

from __future__ import annotations

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
from nyanland.i18n import _
from nyanland.ui.forms import Field, Kind

PERSON = (
    Field("first_name", lambda: _("First name"), required=True),
    Field("last_name", lambda: _("Last name"), required=True),
    Field("personal_identity_number", lambda: _("Identity number")),
    Field("dossier_number", lambda: _("Dossier number (Migrationsverket)")),
    Field("birth_date", lambda: _("Date of birth"), Kind.DATE, required=True),
    Field("sex", lambda: _("Sex"), Kind.CODE, Sex, required=True),
    Field("country_of_birth", lambda: _("Country of birth (e.g. SY)")),
    Field("languages", lambda: _("Languages (e.g. ar, ku)"), Kind.CODES),
    Field("interpreter_needed", lambda: _("Needs an interpreter"), Kind.FLAG),
    Field("protected_identity", lambda: _("Protected identity"), Kind.FLAG),
    Field("phone", lambda: _("Telephone")),
    Field("email", lambda: _("E-mail")),
)

RECEPTION = (
    Field("reception_date", lambda: _("Reception date"), Kind.DATE, required=True),
    Field("reception_type", lambda: _("Reception type"), Kind.CODE, ReceptionType, required=True),
    Field("permit_ground", lambda: _("Permit ground"), Kind.CODE, PermitGround),
    Field("residence_permit_date", lambda: _("Residence permit date"), Kind.DATE),
    Field("establishment_programme_start", lambda: _("Establishment programme start"), Kind.DATE),
)

SKILLS_MAPPING = (
    Field("completed_date", lambda: _("Mapping completed"), Kind.DATE),
    Field(
        "education_level",
        lambda: _("Education level"),
        Kind.CODE,
        EducationLevel,
        required=True,
    ),
    Field("years_of_schooling", lambda: _("Years of schooling"), Kind.WHOLE),
    Field("occupation_ssyk", lambda: _("Occupation (SSYK code)")),
    Field("work_experience_years", lambda: _("Years of work experience"), Kind.WHOLE),
    Field("driving_licence", lambda: _("Has a driving licence"), Kind.FLAG),
    Field("validation_needed", lambda: _("Needs validation of skills"), Kind.FLAG),
    Field("notes", lambda: _("Notes"), Kind.MULTILINE),
)

SFI_ENROLMENT = (
    Field("start_date", lambda: _("Start date"), Kind.DATE, required=True),
    Field("study_path", lambda: _("Study path"), Kind.CODE, StudyPath, required=True),
    Field("course", lambda: _("Course"), Kind.CODE, SfiCourse, required=True),
    Field("provider", lambda: _("Provider")),
    Field("childcare", lambda: _("With childcare"), Kind.FLAG),
    Field("vocational", lambda: _("Vocational SFI"), Kind.FLAG),
    Field("status", lambda: _("Status"), Kind.CODE, SfiStatus, required=True),
    Field("end_date", lambda: _("End date"), Kind.DATE),
    Field("grade", lambda: _("Grade"), Kind.CODE, SfiGrade),
)

PLACEMENT = (
    Field("kind", lambda: _("Kind"), Kind.CODE, PlacementKind, required=True),
    Field("sector", lambda: _("Sector"), Kind.CODE, Sector, required=True),
    Field("employer", lambda: _("Employer")),
    Field("municipal_department", lambda: _("Municipal department")),
    Field("start_date", lambda: _("Start date"), Kind.DATE, required=True),
    Field("end_date", lambda: _("End date"), Kind.DATE),
    Field("hours_per_week", lambda: _("Hours per week"), Kind.NUMBER),
)

HOUSING = (
    Field("kind", lambda: _("Kind of housing"), Kind.CODE, HousingKind, required=True),
    Field("move_in_date", lambda: _("Move-in date"), Kind.DATE, required=True),
    Field("move_out_date", lambda: _("Move-out date"), Kind.DATE),
    Field("district", lambda: _("District")),
    Field("address", lambda: _("Address")),
    Field("landlord", lambda: _("Landlord")),
)

JOURNAL_NOTE = (
    Field("date", lambda: _("Date"), Kind.DATE, required=True),
    Field("author", lambda: _("Written by")),
    Field("text", lambda: _("Note"), Kind.MULTILINE, required=True),
)

CLOSURE = (
    Field("date", lambda: _("Closing date"), Kind.DATE, required=True),
    Field("outcome", lambda: _("Outcome"), Kind.CODE, Outcome, required=True),
)
