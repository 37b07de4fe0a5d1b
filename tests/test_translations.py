"""Every user-visible string is translated in every language, with the same placeholders."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from nyanland import i18n
from nyanland.domain.codes import ALL_CODE_LISTS, Outcome, ReceptionType
from nyanland.domain.roles import Role

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2),
}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def source_messages() -> set[tuple[str | None, str]]:
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        ROOT / "src" / "nyanland",
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
    ):
        singular = message[0] if isinstance(message, tuple) else message
        found.add((context, singular))
    return found


@pytest.mark.parametrize("language", i18n.SUPPORTED_LANGUAGES)
def test_the_catalogue_translates_every_message_of_the_source(language: str) -> None:
    with (ROOT / "translations" / f"{language}.po").open("rb") as handle:
        catalogue = read_po(handle)
    translated = {}
    for message in catalogue:
        if not message.id:
            continue
        singular = message.id[0] if isinstance(message.id, tuple) else message.id
        assert "fuzzy" not in message.flags, f"fuzzy: {singular}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {singular}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = {frozenset(PLACEHOLDER.findall(i)) for i in ids}
        for string in strings:
            assert frozenset(PLACEHOLDER.findall(string)) in expected, f"placeholders: {singular}"
        translated[(message.context, singular)] = strings
    missing = source_messages() - translated.keys()
    assert not missing, f"not in {language}.po (run make extract-messages): {sorted(missing)}"


def test_swedish_is_the_default_and_code_labels_are_swedish() -> None:
    assert i18n.DEFAULT_LANGUAGE == "sv"
    i18n.set_language("sv")
    assert ReceptionType.SELF_SETTLED.label == "Egenbosatt (EBO)"
    assert Outcome.OTHER.label == "Övrigt"
    assert Role.OFFICER.label == "Integrationshandläggare"
    i18n.set_language("en")
    assert ReceptionType.SELF_SETTLED.label == "Self-settled"


def test_every_code_of_every_list_has_a_label_in_both_languages() -> None:
    for language in i18n.SUPPORTED_LANGUAGES:
        i18n.set_language(language)
        for code_list in (*ALL_CODE_LISTS, Role):
            labels = [code.label for code in code_list]
            assert all(labels) and len(set(labels)) == len(labels), (language, code_list)


def test_dates_numbers_and_percentages_are_written_the_swedish_way() -> None:
    i18n.set_language("sv")
    assert i18n.format_date(date(2026, 3, 5)) == "5 mars 2026"
    assert i18n.format_number(1234.5) == "1\xa0234,5"
    assert i18n.format_percent(45) == "45\xa0%"
    i18n.set_language("en")
    assert i18n.format_date(date(2026, 3, 5)) == "5 March 2026"
    assert i18n.format_percent(45) == "45%"


def test_plural_forms_follow_the_count() -> None:
    i18n.set_language("sv")
    assert i18n.ngettext("imported {n} case", "imported {n} cases", 1) == "importerade {n} ärende"
    assert i18n.ngettext("imported {n} case", "imported {n} cases", 2) == "importerade {n} ärenden"


def test_codes_that_are_equal_strings_in_different_lists_keep_their_own_labels() -> None:
    from nyanland.domain.codes import PermitGround, SfiCourse, SfiGrade

    assert (SfiCourse.A.label, SfiGrade.A.label) == ("Course A", "A")
    i18n.set_language("sv")
    assert (ReceptionType.OTHER.label, PermitGround.OTHER.label) == ("Övrigt", "Annat")


def test_no_message_is_marked_inside_an_f_string() -> None:
    """pybabel (on Python 3.11) does not read inside f-strings: a _() there never reaches the
    catalogue, and the window or a report shows it in English whatever the language."""
    import ast

    hidden = []
    for path in sorted((Path(i18n.__file__).parent).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in {"_", "ngettext", "pgettext", "L_"}
                    and inner.args
                    and isinstance(inner.args[0], ast.Constant)
                ):
                    hidden.append(f"{path.name}:{inner.lineno}")
    assert hidden == []
