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
from nyanland.reports import case_labels as labels
from nyanland.ui.forms import Field, Kind

PERSON = (
    Field("first_name", labels.PERSON["first_name"], required=True),
    Field("last_name", labels.PERSON["last_name"], required=True),
    Field("personal_identity_number", labels.PERSON["personal_identity_number"]),
    Field("dossier_number", labels.PERSON["dossier_number"]),
    Field("birth_date", labels.PERSON["birth_date"], Kind.DATE, required=True),
    Field("sex", labels.PERSON["sex"], Kind.CODE, Sex, required=True),
    Field("country_of_birth", labels.PERSON["country_of_birth"], hint=lambda: _("e.g. SY")),
    Field("languages", labels.PERSON["languages"], Kind.CODES, hint=lambda: _("e.g. ar, ku")),
    Field("interpreter_needed", labels.PERSON["interpreter_needed"], Kind.FLAG),
    Field("protected_identity", labels.PERSON["protected_identity"], Kind.FLAG),
    Field("phone", labels.PERSON["phone"]),
    Field("email", labels.PERSON["email"]),
)

RECEPTION = (
    Field("reception_date", labels.RECEPTION["reception_date"], Kind.DATE, required=True),
    Field(
        "reception_type",
        labels.RECEPTION["reception_type"],
        Kind.CODE,
        ReceptionType,
        required=True,
    ),
    Field("permit_ground", labels.RECEPTION["permit_ground"], Kind.CODE, PermitGround),
    Field("residence_permit_date", labels.RECEPTION["residence_permit_date"], Kind.DATE),
    Field(
        "establishment_programme_start",
        labels.RECEPTION["establishment_programme_start"],
        Kind.DATE,
    ),
)

SKILLS_MAPPING = (
    Field("completed_date", labels.SKILLS_MAPPING["completed_date"], Kind.DATE),
    Field(
        "education_level",
        labels.SKILLS_MAPPING["education_level"],
        Kind.CODE,
        EducationLevel,
        required=True,
    ),
    Field("years_of_schooling", labels.SKILLS_MAPPING["years_of_schooling"], Kind.WHOLE),
    Field("occupation_ssyk", labels.SKILLS_MAPPING["occupation_ssyk"]),
    Field("work_experience_years", labels.SKILLS_MAPPING["work_experience_years"], Kind.WHOLE),
    Field("driving_licence", labels.SKILLS_MAPPING["driving_licence"], Kind.FLAG),
    Field("validation_needed", labels.SKILLS_MAPPING["validation_needed"], Kind.FLAG),
    Field("notes", labels.SKILLS_MAPPING["notes"], Kind.MULTILINE),
)

SFI_ENROLMENT = (
    Field("start_date", labels.SFI_ENROLMENT["start_date"], Kind.DATE, required=True),
    Field("study_path", labels.SFI_ENROLMENT["study_path"], Kind.CODE, StudyPath, required=True),
    Field("course", labels.SFI_ENROLMENT["course"], Kind.CODE, SfiCourse, required=True),
    Field("provider", labels.SFI_ENROLMENT["provider"]),
    Field("childcare", labels.SFI_ENROLMENT["childcare"], Kind.FLAG),
    Field("vocational", labels.SFI_ENROLMENT["vocational"], Kind.FLAG),
    Field("status", labels.SFI_ENROLMENT["status"], Kind.CODE, SfiStatus, required=True),
    Field("end_date", labels.SFI_ENROLMENT["end_date"], Kind.DATE),
    Field("grade", labels.SFI_ENROLMENT["grade"], Kind.CODE, SfiGrade),
)

PLACEMENT = (
    Field("kind", labels.PLACEMENT["kind"], Kind.CODE, PlacementKind, required=True),
    Field("sector", labels.PLACEMENT["sector"], Kind.CODE, Sector, required=True),
    Field("employer", labels.PLACEMENT["employer"]),
    Field("municipal_department", labels.PLACEMENT["municipal_department"]),
    Field("start_date", labels.PLACEMENT["start_date"], Kind.DATE, required=True),
    Field("end_date", labels.PLACEMENT["end_date"], Kind.DATE),
    Field("hours_per_week", labels.PLACEMENT["hours_per_week"], Kind.NUMBER),
)

HOUSING = (
    Field("kind", labels.HOUSING["kind"], Kind.CODE, HousingKind, required=True),
    Field("move_in_date", labels.HOUSING["move_in_date"], Kind.DATE, required=True),
    Field("move_out_date", labels.HOUSING["move_out_date"], Kind.DATE),
    Field("district", labels.HOUSING["district"]),
    Field("address", labels.HOUSING["address"]),
    Field("landlord", labels.HOUSING["landlord"]),
)

JOURNAL_NOTE = (
    Field("date", labels.JOURNAL_NOTE["date"], Kind.DATE, required=True),
    Field("author", labels.JOURNAL_NOTE["author"]),
    Field("text", labels.JOURNAL_NOTE["text"], Kind.MULTILINE, required=True),
)

CLOSURE = (
    Field("date", labels.CLOSURE["date"], Kind.DATE, required=True),
    Field("outcome", labels.CLOSURE["outcome"], Kind.CODE, Outcome, required=True),
)
