"""The labels of a case's fields, by part, as the sections declare them: the window's forms,
the merge dialog and the register extract call a field the same everywhere."""

from __future__ import annotations

from collections.abc import Callable

from nyanland.domain import sections

Label = Callable[[], str]

PERSON = sections.PERSON.labels()
RECEPTION = sections.RECEPTION.labels()
SKILLS_MAPPING = sections.SKILLS_MAPPING.labels()
SFI_ENROLMENT = sections.SFI_ENROLMENT.labels()
PLACEMENT = sections.PLACEMENT.labels()
HOUSING = sections.HOUSING.labels()
JOURNAL_NOTE = sections.JOURNAL_NOTE.labels()
CLOSURE = sections.CLOSURE.labels()
