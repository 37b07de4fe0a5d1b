"""Every letter in every language, read back: the words in logical order (Arabic, Dari and
Sorani right to left, Tigrinya in Ge'ez), tagged with a language per part, PDF/A-2a metadata,
every font embedded. The page images of docs/screenshots/ show what the text cannot."""

from __future__ import annotations

import re
from datetime import date, time
from io import StringIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from nyanland.domain.codes import HousingKind
from nyanland.domain.letters import LANGUAGES, LetterKind, Meeting
from nyanland.reports import letter_catalogues
from nyanland.reports.letter_html import LetterFacts, Sender
from nyanland.reports.letter_pdf import write_letter
from tests.reports.pdf_checks import extracted_text, in_logical_order, structure

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations" / "letters"
FACTS = LetterFacts(
    name="Amal Haddad",
    case_number="2026-0042",
    written_on=date(2026, 11, 22),
    address="Storgatan 12 B, Sala",
    sfi_start=date(2027, 1, 12),
    sfi_provider="Sala Lärcenter",
    sfi_course="B",
    housing_kind=HousingKind.SECOND_HAND,
    housing_address="Storgatan 12 B",
    housing_district="Centrum",
    housing_landlord="Salabostäder AB",
    move_in=date(2026, 12, 1),
    meeting=Meeting(date(2026, 12, 8), time(13, 30), "Stadshuset, rum 12", True),
    extract_rows=(
        ("Person", (("Förnamn", "Amal"), ("Personnummer", "19811218-9876"))),
        ("Journal", ()),
    ),
)
SENDER = Sender(
    "Sala kommun",
    "Integrationsenheten",
    "Drottninggatan 4, Sala",
    "0224-74 70 00",
    "integration@sala.se",
    hours="08–16",
    officer="Anna Berg",
    officer_phone="0224-74 71 23",
)


@pytest.mark.parametrize("kind", list(LetterKind), ids=str)
@pytest.mark.parametrize("code", list(LANGUAGES), ids=str)
def test_every_letter_comes_back_in_reading_order_tagged_and_archivable(
    kind: LetterKind, code: str
) -> None:
    written = write_letter(kind, LANGUAGES[code], FACTS, SENDER, {})
    back = extracted_text(written.pdf)
    assert in_logical_order(written.text, back) == []
    assert ".." not in written.text  # a date ending in a stop ("2026 р.") ends no sentence twice
    assert "Amal Haddad" in back or kind is LetterKind.EXTRACT
    found = structure(written.pdf)
    assert {"/H1", "/P", "/Table", "/TR", "/TH", "/TD"} <= found["tags"]
    assert found["lang"] == code
    assert {code, "sv"} <= found["languages"]  # each part says which language it is in
    assert found["marked"] and found["display_title"]
    assert found["pdfa"] == ("2", "A")
    assert found["title"]
    assert found["unembedded"] == []
    assert written.drafts == (() if code in ("sv", "en") else (code,))


def test_the_order_check_fails_on_text_in_visual_order() -> None:
    """Text written out as it is drawn (right to left reversed), which is what a PDF without
    proper Unicode mapping gives back, is caught."""
    arabic = "أهلاً وسهلاً بك في Sala kommun"
    assert in_logical_order(arabic, arabic) == []
    assert in_logical_order(arabic, arabic[::-1]) != []
    tigrinya = "ሰላም Amal Haddad፣ ናይ ርክብ ሰብኹም"
    assert in_logical_order(tigrinya, " ".join(reversed(tigrinya.split()))) != []


def test_a_draft_says_so_and_the_swedish_part_does_not() -> None:
    written = write_letter(LetterKind.WELCOME, LANGUAGES["ar"], FACTS, SENDER, {})
    arabic_part, swedish_part = written.text.split("Välkommen till Sala kommun", 1)
    assert "هذه الترجمة مسودة" in arabic_part
    assert "utkast" not in swedish_part


@pytest.mark.parametrize("code", list(LANGUAGES), ids=str)
def test_every_catalogue_translates_every_text_and_keeps_its_fields(code: str) -> None:
    template = read_po(StringIO((TRANSLATIONS / "letters.pot").read_text(encoding="utf-8")))
    text = (TRANSLATIONS / f"{code}.po").read_text(encoding="utf-8")
    catalogue = read_po(StringIO(text))
    for message in template:
        if not message.id:
            continue
        translated = catalogue.get(message.id)
        assert translated is not None and translated.string, (code, message.id)
        fields = set(re.findall(r"\{\w+\}", str(message.id)))
        assert set(re.findall(r"\{\w+\}", str(translated.string))) == fields, message.id
    assert letter_catalogues.status_of(text) in ("reviewed", "draft")
    assert letter_catalogues.shipped(code).status == letter_catalogues.status_of(text)
