"""Which fields each part of a case has on screen: the sections' own declarations, in the order
an officer fills them in, made into form fields."""

from __future__ import annotations

from nyanland.domain import sections
from nyanland.domain.sections import FieldSpec, Section
from nyanland.ui.forms import Field


def form_field(spec: FieldSpec) -> Field:
    """Identity and dossier numbers are typed as text; the rules check them as a file's are.
    A coded field that is required or has a default (what a case file that leaves it out
    means) starts on "– choose –" on screen: the officer chooses it."""
    return Field(spec.name, spec.label, spec.kind, spec.code_list, spec.always_set, spec.hint)


def form_fields(section: Section) -> tuple[Field, ...]:
    return tuple(form_field(spec) for spec in section.fields if spec.in_form)


PERSON = form_fields(sections.PERSON)
RECEPTION = form_fields(sections.RECEPTION)
SKILLS_MAPPING = form_fields(sections.SKILLS_MAPPING)
SFI_ENROLMENT = form_fields(sections.SFI_ENROLMENT)
PLACEMENT = form_fields(sections.PLACEMENT)
HOUSING = form_fields(sections.HOUSING)
JOURNAL_NOTE = form_fields(sections.JOURNAL_NOTE)
CLOSURE = form_fields(sections.CLOSURE)
