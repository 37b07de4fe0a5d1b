"""The audit log as the administrator reads it: labels, code names and short entries, not
dotted paths and JSON."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nyanland import i18n
from nyanland.ui.audit_text import describe_changes, describe_detail


@pytest.fixture(autouse=True)
def swedish() -> Iterator[None]:
    i18n.set_language("sv")
    yield
    i18n.set_language("en")


def test_fields_codes_and_list_entries_are_shown_by_their_names() -> None:
    text = describe_changes(
        {
            "person.phone": (None, "070-111 22 33"),
            "sfi[1].grade": ("C", "D"),
            "reception.reception_type": ("assigned", "self_settled"),
            "housing": (
                [],
                [{"kind": "temporary", "move_in_date": "2026-08-03", "district": "Centrum"}],
            ),
            "closure": (None, {"date": "2026-11-20", "outcome": "work"}),
        }
    )
    assert text == (
        "Person: Telefon: – → 070-111 22 33; "
        "SFI 2: Betyg: C → D; "
        "Mottagande: Mottagandeform: Anvisad → Egenbosatt (EBO); "
        "Bostad: – → Tidsbegränsat kontrakt, 2026-08-03, Centrum; "
        "Avslut: – → 2026-11-20, Arbete"
    )
    assert "{" not in text and "[" not in text


def test_the_detail_of_a_change_names_the_fields() -> None:
    assert describe_detail("case_changed", "notes, person.phone") == ("Journal, Person: Telefon")
    assert describe_detail("sfi_imported", "12") == "12"
