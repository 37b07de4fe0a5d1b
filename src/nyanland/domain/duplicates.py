"""Likely duplicates: two cases that may be one person registered twice.

A pair is likely one person when
- the birth dates are the same, or differ by one slip of the pen (one digit written wrong, two
  neighbouring digits swapped, or day and month swapped), and
- the names agree across transliterations: for first and last name (or the two swapped), one
  pair has the same *consonant skeleton* ("Mohammed", "Muhammad" and "Mohamad" are all m-h-m-d)
  and the other is close by Jaro-Winkler similarity (RapidFuzz) or has the same skeleton too,
- and nothing recorded rules it out: two different identity numbers, two different known
  sexes or countries of birth.

The skeleton is a normalisation, not a distance (the distance is RapidFuzz's): it folds the
spelling differences that transliteration from Arabic, Dari, Tigrinya or Somali into the Latin
alphabet produces (vowels, doubled letters, kh/ch/q/c, w/v, y/j, a final h, the article al-).
Requiring one skeleton to agree keeps two different people who share one common name and
a nearby birth date apart, and lets a whole store be checked by looking up the skeletons.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TypeVar

from rapidfuzz.distance import JaroWinkler

from nyanland.domain.codes import Sex

T = TypeVar("T")

SAME_DATE_THRESHOLD = 0.86  # the other name's similarity, birth dates equal
SLIP_THRESHOLD = 0.92  # the other name's similarity, birth dates one slip apart
EARLIEST_YEAR = 1880
EXACT = 0.97  # a score this high: the names alike in every letter or skeleton

_ARTICLES = {"al", "el", "ul"}
_DIGRAPHS = (
    ("sch", "s"),
    ("sh", "s"),
    ("ch", "s"),
    ("kh", "k"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("w", "v"),
    ("x", "ks"),
)
_VOWELS = re.compile(r"[aeiouyj]+")
_DOUBLED = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class Someone:
    """What the check compares of a case."""

    first_name: str
    last_name: str
    birth_date: date
    sex: Sex = Sex.UNKNOWN
    personal_identity_number: str | None = None
    country_of_birth: str | None = None


@dataclass(frozen=True)
class Likeness:
    score: float  # 0..1, higher is more alike
    same_birth_date: bool


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Lower case Latin letters only, without accents or the Arabic article."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c if "a" <= c <= "z" else " " for c in decomposed if not _combining(c))
    words = [word for word in letters.split() if word not in _ARTICLES]
    return "".join(words)


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The name's consonants in order, vowels kept only as a mark at either end."""
    text = fold(name)
    if not text:
        return ""
    for written, said in _DIGRAPHS:
        text = text.replace(written, said)
    if len(text) > 2 and text.endswith("h"):
        text = text[:-1]  # Fatimah, Fatima
    text = _DOUBLED.sub(r"\1", text)
    starts, ends = bool(_VOWELS.match(text)), bool(_VOWELS.search(text[-1]))
    core = _VOWELS.sub("", text)
    return ("V" if starts else "") + core + ("V" if ends and len(text) > 1 else "")


def keys(person: Someone) -> set[str]:
    """The skeletons a likely duplicate shares at least one of."""
    return {key for key in (skeleton(person.first_name), skeleton(person.last_name)) if key}


@lru_cache(maxsize=65536)
def date_slips(born: date) -> frozenset[date]:
    """The birth date and every valid date one slip of the pen away from it."""
    written = born.strftime("%Y%m%d")
    variants = {written}
    for place in range(8):
        for digit in "0123456789":
            variants.add(written[:place] + digit + written[place + 1 :])
    for place in range(7):
        variants.add(written[:place] + written[place + 1] + written[place] + written[place + 2 :])
    variants.add(written[:4] + written[6:8] + written[4:6])  # day and month swapped
    dates = set()
    for text in variants:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
        if year < EARLIEST_YEAR or not 1 <= month <= 12 or not 1 <= day <= 31:
            continue  # no date (most slips are not): found without raising
        try:
            dates.add(date(year, month, day))
        except ValueError:  # the 30th of February
            continue
    return frozenset(dates)


def likeness(a: Someone, b: Someone) -> Likeness | None:
    """How alike two people are, or None when they are not likely one person."""
    if (
        a.personal_identity_number
        and b.personal_identity_number
        and a.personal_identity_number != b.personal_identity_number
    ):
        return None
    if Sex.UNKNOWN not in (a.sex, b.sex) and a.sex != b.sex:
        return None
    if a.country_of_birth and b.country_of_birth and a.country_of_birth != b.country_of_birth:
        return None
    same_date = a.birth_date == b.birth_date
    if not same_date and b.birth_date not in date_slips(a.birth_date):
        return None
    threshold = SAME_DATE_THRESHOLD if same_date else SLIP_THRESHOLD
    best: float | None = None
    for first, last in ((b.first_name, b.last_name), (b.last_name, b.first_name)):
        pair = (_name_likeness(a.first_name, first), _name_likeness(a.last_name, last))
        if max(pair)[1] and min(pair)[0] >= threshold:
            score = (pair[0][0] + pair[1][0]) / 2
            best = score if best is None else max(best, score)
    if best is None:
        return None
    return Likeness(round(best if same_date else best - 0.05, 3), same_date)


def likeliest(found: list[tuple[Likeness, T]]) -> list[tuple[Likeness, T]]:
    """The candidates worth showing, likeliest first: when one has the same birth date and the
    same names, the ones a slip of the pen away are left out (they are then more likely other
    people of one common name than the person again)."""
    found = sorted(found, key=lambda pair: -pair[0].score)
    if found and found[0][0].same_birth_date and found[0][0].score >= EXACT:
        return [pair for pair in found if pair[0].same_birth_date]
    return found


def _name_likeness(one: str, other: str) -> tuple[float, bool]:
    """The similarity of two names, and whether their skeletons are the same."""
    folded_one, folded_other = fold(one), fold(other)
    similarity = JaroWinkler.normalized_similarity(folded_one, folded_other)
    same_skeleton = bool(folded_one) and skeleton(one) == skeleton(other)
    return (max(similarity, 0.95) if same_skeleton else similarity), same_skeleton


def _combining(character: str) -> bool:
    return unicodedata.combining(character) != 0
