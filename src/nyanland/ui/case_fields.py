"""Which fields each part of a case has on screen: the sections' own declarations, in the order
an officer fills them in, made into form fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit

from nyanland.domain import sections
from nyanland.domain.identity import InvalidIdentityNumber, parse_identity_number
from nyanland.domain.sections import FieldSpec, Section
from nyanland.ui.forms import Field, Form


def form_field(spec: FieldSpec) -> Field:
    """Identity and dossier numbers are typed as text; the rules check them as a file's are.
    A coded field that is required or has a default (what a case file that leaves it out
    means) starts on "– choose –" on screen: the officer chooses it."""
    return Field(
        spec.name, spec.label, spec.kind, spec.code_list, spec.always_set, spec.hint, spec.picker
    )


def form_fields(section: Section, names: tuple[str, ...] | None = None) -> tuple[Field, ...]:
    return tuple(
        form_field(spec)
        for spec in section.fields
        if spec.in_form and (names is None or spec.name in names)
    )


PERSON = form_fields(sections.PERSON)
RECEPTION = form_fields(sections.RECEPTION)
SKILLS_MAPPING = form_fields(sections.SKILLS_MAPPING)
SFI_ENROLMENT = form_fields(sections.SFI_ENROLMENT)
PLACEMENT = form_fields(sections.PLACEMENT)
HOUSING = form_fields(sections.HOUSING)
JOURNAL_NOTE = form_fields(sections.JOURNAL_NOTE)
CLOSURE = form_fields(sections.CLOSURE, ("date", "outcome"))
FOLLOW_UP = form_fields(sections.CLOSURE, ("follow_up_date", "follow_up_status"))


def given_by_number(person: Form, text: str, today: date) -> dict[str, Any]:
    """What a valid personnummer gives that the person's form still lacks: the birth date,
    and the sex the number registers (what the officer has set stays; a mismatch is then
    shown at the field by the rules)."""
    try:
        number = parse_identity_number(text, today)
    except InvalidIdentityNumber:
        return {}
    filled: dict[str, Any] = {}
    birth = person.input("birth_date")
    if isinstance(birth, QLineEdit) and not birth.text().strip():
        filled["birth_date"] = number.birth_date
    sex = person.input("sex")
    if isinstance(sex, QComboBox) and sex.currentData() is None:
        filled["sex"] = number.registered_sex
    return filled
