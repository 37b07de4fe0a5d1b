"""The labels of a case's fields, by part: shared by the window's forms and the register
extract, so a field is called the same everywhere."""

from __future__ import annotations

from collections.abc import Callable

from nyanland.i18n import _

Label = Callable[[], str]

PERSON: dict[str, Label] = {
    "first_name": lambda: _("First name"),
    "last_name": lambda: _("Last name"),
    "personal_identity_number": lambda: _("Identity number"),
    "dossier_number": lambda: _("Dossier number (Migrationsverket)"),
    "birth_date": lambda: _("Date of birth"),
    "sex": lambda: _("Sex"),
    "country_of_birth": lambda: _("Country of birth"),
    "languages": lambda: _("Languages"),
    "interpreter_needed": lambda: _("Needs an interpreter"),
    "protected_identity": lambda: _("Protected identity"),
    "phone": lambda: _("Telephone"),
    "email": lambda: _("E-mail"),
}

RECEPTION: dict[str, Label] = {
    "reception_date": lambda: _("Reception date"),
    "reception_type": lambda: _("Reception type"),
    "permit_ground": lambda: _("Permit ground"),
    "residence_permit_date": lambda: _("Residence permit date"),
    "establishment_programme_start": lambda: _("Establishment programme start"),
}

SKILLS_MAPPING: dict[str, Label] = {
    "completed_date": lambda: _("Mapping completed"),
    "education_level": lambda: _("Education level"),
    "years_of_schooling": lambda: _("Years of schooling"),
    "occupation_ssyk": lambda: _("Occupation (SSYK code)"),
    "work_experience_years": lambda: _("Years of work experience"),
    "driving_licence": lambda: _("Has a driving licence"),
    "validation_needed": lambda: _("Needs validation of skills"),
    "notes": lambda: _("Notes"),
}

SFI_ENROLMENT: dict[str, Label] = {
    "start_date": lambda: _("Start date"),
    "study_path": lambda: _("Study path"),
    "course": lambda: _("Course"),
    "provider": lambda: _("Provider"),
    "childcare": lambda: _("With childcare"),
    "vocational": lambda: _("Vocational SFI"),
    "status": lambda: _("Status"),
    "end_date": lambda: _("End date"),
    "grade": lambda: _("Grade"),
}

PLACEMENT: dict[str, Label] = {
    "kind": lambda: _("Kind"),
    "sector": lambda: _("Sector"),
    "employer": lambda: _("Employer"),
    "municipal_department": lambda: _("Municipal department"),
    "start_date": lambda: _("Start date"),
    "end_date": lambda: _("End date"),
    "hours_per_week": lambda: _("Hours per week"),
}

HOUSING: dict[str, Label] = {
    "kind": lambda: _("Kind of housing"),
    "move_in_date": lambda: _("Move-in date"),
    "move_out_date": lambda: _("Move-out date"),
    "district": lambda: _("District"),
    "address": lambda: _("Address"),
    "landlord": lambda: _("Landlord"),
}

JOURNAL_NOTE: dict[str, Label] = {
    "date": lambda: _("Date"),
    "author": lambda: _("Written by"),
    "text": lambda: _("Note"),
}

CLOSURE: dict[str, Label] = {
    "date": lambda: _("Closing date"),
    "outcome": lambda: _("Outcome"),
}
