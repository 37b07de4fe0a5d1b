"""Small valid cases for tests, each overridable field by field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from nyanland.domain.case import CaseData, Person, Reception
from nyanland.domain.codes import ReceptionType, Sex


def person(**changes: Any) -> Person:
    base = Person(
        first_name="Amina",
        last_name="Haddad",
        birth_date=date(1981, 12, 18),
        sex=Sex.FEMALE,
        personal_identity_number="198112189876",
        dossier_number="12345678",
        country_of_birth="SY",
        languages=("ar",),
    )
    return replace(base, **changes)


def case(**changes: Any) -> CaseData:
    person_changes = changes.pop("person", {})
    reception_changes = changes.pop("reception", {})
    base = CaseData(
        person=person(**person_changes),
        reception=replace(
            Reception(reception_date=date(2026, 3, 2), reception_type=ReceptionType.ASSIGNED),
            **reception_changes,
        ),
    )
    return replace(base, **changes)
