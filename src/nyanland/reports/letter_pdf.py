"""A letter to a newcomer as a tagged PDF/A-2a, and the text it says (kept in the case)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import unescape

from nyanland.domain.letters import SWEDISH, LetterKind, LetterLanguage
from nyanland.reports import letter_catalogues, pdf_document
from nyanland.reports.letter_html import LETTER_CSS, LetterFacts, Part, Sender, letter_html


@dataclass(frozen=True)
class WrittenLetter:
    pdf: bytes
    html: str  # what was sent, as it was laid out: writes the same PDF again
    text: str  # the same as plain text, for the record and for search
    drafts: tuple[str, ...]  # the languages whose wording is a draft


def letter_parts(language: LetterLanguage, local_wording: Mapping[str, str]) -> list[Part]:
    """The person's language, then Swedish (a letter in Swedish has one part)."""
    chosen = [language] if language is SWEDISH else [language, SWEDISH]
    return [
        Part(lang, letter_catalogues.catalogue(lang.code, local_wording.get(lang.code)))
        for lang in chosen
    ]


def write_letter(
    kind: LetterKind,
    language: LetterLanguage,
    facts: LetterFacts,
    sender: Sender,
    local_wording: Mapping[str, str],
) -> WrittenLetter:
    parts = letter_parts(language, local_wording)
    html = letter_html(kind, parts, facts, sender)
    drafts = tuple(part.language.code for part in parts if part.texts.draft)
    return WrittenLetter(pdf_from_html(html), html, plain_text(html), drafts)


def pdf_from_html(html: str) -> bytes:
    return pdf_document.write_pdf(html, LETTER_CSS)


_BREAKS = re.compile(r"</(p|h1|h2|li|tr|header|article)>|<br>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_ISOLATES = re.compile("[\u2066-\u2069]")


def plain_text(html: str) -> str:
    """The letter's words, one line per paragraph, heading or table row, no markup."""
    body = html.split("<body>", 1)[-1]
    body = re.sub(r"</t[hd]><t[hd][^>]*>", ": ", body)
    text = unescape(_TAGS.sub("", _BREAKS.sub("\n", body)))
    lines = (" ".join(_ISOLATES.sub("", line).split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
