"""Country of birth and languages are chosen by their names in the window's language (Babel's
locale data), found by part of a name; what is stored is the ISO code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from nyanland import i18n
from nyanland.ui.code_pickers import CountryBox, LanguagePicker
from nyanland.ui.main_window import MainWindow
from tests.ui.test_officers_day import pick_languages


@pytest.fixture
def swedish() -> Iterator[None]:
    i18n.set_language("sv")
    yield
    i18n.set_language("en")


def test_the_country_is_found_by_part_of_its_name_in_swedish_and_stored_as_its_code(
    qtbot: QtBot, window: MainWindow, swedish: None
) -> None:
    window.new_case()
    person = window.editor.person
    box = person.input("country_of_birth")
    assert isinstance(box, CountryBox)
    completer = box.completer()
    assert completer is not None
    completer.setCompletionPrefix("yri")  # part of "Syrien", anywhere in the name
    found = [completer.completionModel().index(r, 0).data() for r in range(3)]
    assert "Syrien (SY)" in found
    box.setEditText("Syrien (SY)")
    values, problems = person.values()
    assert values["country_of_birth"] == "SY" and "country_of_birth" not in problems
    box.setEditText("Atlantis")
    _values, problems = person.values()
    assert problems["country_of_birth"] == "välj ett land i listan"
    box.setEditText("af")  # a code is taken too
    assert person.values()[0]["country_of_birth"] == "AF"


def test_languages_are_ticked_in_a_searchable_list_and_shown_by_name(
    qtbot: QtBot, window: MainWindow, swedish: None
) -> None:
    window.new_case()
    person = window.editor.person
    pick_languages(person, "ar", "ti")
    picker = person.input("languages")
    assert isinstance(picker, LanguagePicker)
    assert picker.shown.text() == "arabiska, tigrinja"
    assert person.values()[0]["languages"] == ("ar", "ti")
    dialog = picker.choose()
    dialog.search.setText("kurd")
    shown = {dialog.filtered.index(r, 0).data() for r in range(dialog.filtered.rowCount())}
    assert "kurdiska (ku)" in shown and "arabiska (ar)" not in shown
    dialog.reject()
    i18n.set_language("en")
    assert picker.shown.text() == "Arabic, Tigrinya"  # the window's language follows
    assert isinstance(person.input("sex"), QComboBox)
