"""Reading a PDF back as a reader, a screen reader and an archive would: the words in logical
order, the structure tree with its languages, the metadata and the embedded fonts."""

from __future__ import annotations

import re
import unicodedata
from io import BytesIO
from typing import Any

import pikepdf
from pypdf import PdfReader

_WORD = re.compile(r"\w+")
_PUNCTUATION = re.compile(r"[^\w\s\u200c\u200d\u064b-\u065f\u0670]+")


def extracted_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def _script(char: str) -> str:
    if char.isdigit():
        return "digit"
    name = unicodedata.name(char, "")
    for script in ("ARABIC", "ETHIOPIC", "CYRILLIC", "LATIN"):
        if name.startswith(script):
            return script
    return "other"


def words(text: str) -> list[tuple[str, str]]:
    """(script, word) in the order written; marks dropped, presentation forms unfolded, and
    a word split where its script changes (an extractor may glue two runs together)."""
    folded = unicodedata.normalize("NFKC", text)
    # Marks, and the (non-)joiners Persian writes inside words, are dropped as extractors do.
    folded = "".join(c for c in folded if unicodedata.category(c) not in ("Mn", "Cf"))
    found: list[tuple[str, str]] = []
    for word in _WORD.findall(folded):
        start = 0
        for index in range(1, len(word) + 1):
            if index == len(word) or _script(word[index]) != _script(word[start]):
                found.append((_script(word[start]), word[start:index]))
                start = index
    return found


def runs(text: str) -> list[list[str]]:
    """The text's runs of words of one script between two marks of punctuation, each in the
    order it is read (an extractor may put a right-to-left line's phrases in drawn order)."""
    grouped: list[list[str]] = []
    for phrase in _PUNCTUATION.split(text):
        last = None
        for script, word in words(phrase):
            if script != last:
                grouped.append([])
                last = script
            grouped[-1].append(word)
    return grouped


def in_logical_order(expected: str, extracted: str) -> list[str]:
    """The runs of `expected` (by line, table cell and script) whose letters do not come back
    in reading order from `extracted` (empty: all do). Letters, not spaces, are compared: an
    extractor may glue two table cells or drop the space at a change of direction."""
    have = "".join(word for _, word in words(extracted))
    return [
        " ".join(run)
        for line in expected.splitlines()
        for cell in line.split(": ")
        for run in runs(cell)
        if "".join(run) not in have
    ]


def structure(pdf: bytes) -> dict[str, Any]:
    """What the archive and a screen reader are given: the tags used, the languages marked on
    structure elements, the catalogue's /Lang and /MarkInfo, the XMP's PDF/A claim and title,
    and the fonts that are not embedded."""
    with pikepdf.open(BytesIO(pdf)) as document:
        root = document.Root
        tags: set[str] = set()
        languages: set[str] = set()
        alternatives: list[str] = []

        def walk(element: Any) -> None:
            if isinstance(element, pikepdf.Dictionary) and "/S" in element:
                tags.add(str(element.S))
                if "/Lang" in element:
                    languages.add(str(element.Lang))
                if "/Alt" in element:
                    alternatives.append(str(element.Alt))
            kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
            if isinstance(kids, pikepdf.Array):
                for kid in kids:
                    walk(kid)
            elif isinstance(kids, pikepdf.Dictionary):
                walk(kids)

        walk(root.StructTreeRoot)
        unembedded = []
        for page in document.pages:
            for _name, font in page.Resources.get("/Font", {}).items():
                for descendant in font.get("/DescendantFonts", [font]):
                    descriptor = descendant.get("/FontDescriptor", {})
                    if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                        unembedded.append(str(descendant.get("/BaseFont")))
        meta = document.open_metadata()
        return {
            "tags": tags,
            "languages": languages,
            "lang": str(root.get("/Lang", "")),
            "marked": bool(root.MarkInfo.get("/Marked", False)),
            "display_title": bool(root.ViewerPreferences.get("/DisplayDocTitle", False)),
            "pdfa": (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")),
            "title": meta.get("dc:title"),
            "unembedded": unembedded,
            "alternatives": alternatives,
        }
