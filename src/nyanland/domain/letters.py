"""The letters nyanland writes to a newcomer, and the languages it writes them in.

A letter is bilingual: the person's language first, then Swedish (the version that counts).
A case records its languages as ISO 639-1 codes; a letter's language is named as translators
and the catalogues name it (ISO 639-3 where 639-1 has no code: Dari, Kurmanji, Sorani)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from nyanland.domain.errors import FieldError
from nyanland.i18n import _, current_language


class LetterKind(StrEnum):
    WELCOME = "welcome"
    MEETING = "meeting"
    SFI_REFERRAL = "sfi-referral"
    HOUSING = "housing"
    EXTRACT = "extract"

    @property
    def label(self) -> str:
        return {
            LetterKind.WELCOME: _("Welcome letter"),
            LetterKind.MEETING: _("Meeting invitation"),
            LetterKind.SFI_REFERRAL: _("SFI referral"),
            LetterKind.HOUSING: _("Housing letter"),
            LetterKind.EXTRACT: _("Register extract"),
        }[self]


@dataclass(frozen=True)
class LetterLanguage:
    code: str  # as the catalogue and the PDF's /Lang name it
    english_name: str  # for the command line's messages and the catalogue's header
    right_to_left: bool
    script: str  # "latin", "cyrillic", "arabic", "ethiopic": picks the font family
    from_case: tuple[str, ...]  # the case's ISO 639-1 codes that ask for it


LANGUAGES: dict[str, LetterLanguage] = {
    lang.code: lang
    for lang in (
        LetterLanguage("sv", "Swedish", False, "latin", ("sv",)),
        LetterLanguage("ar", "Arabic", True, "arabic", ("ar",)),
        LetterLanguage("prs", "Dari", True, "arabic", ("fa", "ps")),
        LetterLanguage("ti", "Tigrinya", False, "ethiopic", ("ti",)),
        LetterLanguage("so", "Somali", False, "latin", ("so",)),
        LetterLanguage("uk", "Ukrainian", False, "cyrillic", ("uk",)),
        LetterLanguage("kmr", "Kurdish (Kurmanji)", False, "latin", ("ku",)),
        LetterLanguage("ckb", "Kurdish (Sorani)", True, "arabic", ("ku",)),
        LetterLanguage("en", "English", False, "latin", ("en",)),
    )
}
SWEDISH = LANGUAGES["sv"]


def language_name(code: str) -> str:
    """The language's name in the window's language."""
    return {
        "sv": _("Swedish"),
        "ar": _("Arabic"),
        "prs": _("Dari"),
        "ti": _("Tigrinya"),
        "so": _("Somali"),
        "uk": _("Ukrainian"),
        "kmr": _("Kurdish (Kurmanji)"),
        "ckb": _("Kurdish (Sorani)"),
        "en": _("English"),
    }[code]


def language_in_text(code: str) -> str:
    """The language's name inside a sentence: Swedish writes it in lower case (arabiska)."""
    name = language_name(code)
    return name if current_language() == "en" else name.lower()


def languages_for(case_languages: tuple[str, ...]) -> list[LetterLanguage]:
    """The languages a letter to this person may be written in: theirs, in the order the case
    lists them, then English (many read it), and Swedish, alone."""
    chosen: list[LetterLanguage] = []
    for spoken in case_languages:
        for lang in LANGUAGES.values():
            if spoken in lang.from_case and lang not in chosen and lang is not SWEDISH:
                chosen.append(lang)
    if LANGUAGES["en"] not in chosen:
        chosen.append(LANGUAGES["en"])
    return [*chosen, SWEDISH]


def check_language(code: str, case_languages: tuple[str, ...]) -> LetterLanguage:
    offered = languages_for(case_languages)
    for lang in offered:
        if lang.code == code:
            return lang
    raise FieldError(
        "lang",
        _("{code} is not one of this person's letter languages: {offered}").format(
            code=code, offered=", ".join(lang.code for lang in offered)
        ),
    )


PLACE_MAX = 200
_PHONE = re.compile(r"^\+?[0-9 ()-]{5,20}$")


@dataclass(frozen=True)
class Meeting:
    """What a meeting invitation says beyond the case: when, where, with an interpreter or not."""

    day: date
    at: time
    place: str
    interpreter_booked: bool


def check_place(place: str, field: str) -> str:
    """A meeting's place, its spaces tidied; FieldError on `field` when empty or too long."""
    place = " ".join(place.split())
    if not place:
        raise FieldError(field, _("say where the meeting is"))
    if len(place) > PLACE_MAX:
        raise FieldError(field, _("is longer than {n} characters").format(n=PLACE_MAX))
    return place


def check_meeting(meeting: Meeting | None, today: date) -> Meeting:
    if meeting is None:
        raise FieldError("meeting", _("a meeting invitation needs the date, time and place"))
    place = check_place(meeting.place, "meeting.place")
    if meeting.day < today:
        raise FieldError("meeting.day", _("the meeting is in the past"))
    return Meeting(meeting.day, meeting.at, place, meeting.interpreter_booked)


def check_phone(phone: str) -> str:
    phone = phone.strip()
    if phone and not _PHONE.match(phone):
        raise FieldError("phone", _("use digits, spaces, + ( ) and -"))
    return phone
