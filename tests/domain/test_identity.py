"""Identity numbers are accepted and refused exactly as the official rules say."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from personnummer import personnummer

from nyanland.domain.codes import Sex
from nyanland.domain.identity import InvalidIdentityNumber, parse_identity_number
from tests.conftest import DATA

VECTORS = DATA / "personnummer"
# The vectors' `+` forms mark people aged 100 or more when the file was made (November 2023).
VECTORS_MADE = date(2023, 11, 15)
FORMS = ("long_format", "short_format", "separated_format", "separated_long")


def _vectors(name: str) -> list[dict[str, Any]]:
    return list(json.loads((VECTORS / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize("vector", _vectors("list.json"), ids=lambda v: v["long_format"])
def test_published_vectors_are_accepted_or_refused_as_published(vector: dict[str, Any]) -> None:
    for form in FORMS:
        written = vector[form]
        if vector["valid"]:
            number = parse_identity_number(written, VECTORS_MADE)
            if form != "short_format":  # 10 digits with no separator cannot say 100+
                assert number.digits == vector["long_format"], form
            assert number.is_coordination_number == (vector["type"] == "con")
            assert number.registered_sex is (Sex.MALE if vector["isMale"] else Sex.FEMALE)
        else:
            with pytest.raises(InvalidIdentityNumber):
                parse_identity_number(written, VECTORS_MADE)


@pytest.mark.parametrize("vector", _vectors("interim.json"), ids=lambda v: v["long_format"])
def test_interim_numbers_are_refused_with_their_own_reason(vector: dict[str, Any]) -> None:
    with pytest.raises(InvalidIdentityNumber, match="interim"):
        parse_identity_number(vector["separated_long"], VECTORS_MADE)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("19811218-9877", "check digit is wrong (19811218-9877)"),
        ("19811332-9876", "the date in the number is impossible"),
        ("19810229-9876", "the date in the number is impossible"),  # 1981 is no leap year
        ("20150916-0006", "serial number 000 is never issued"),
        ("19811218-98", "not an identity number"),
        ("abc", "not an identity number"),
    ],
)
def test_a_refusal_says_which_rule_failed(written: str, reason: str) -> None:
    with pytest.raises(InvalidIdentityNumber) as refused:
        parse_identity_number(written, date(2026, 1, 1))
    assert reason in refused.value.message


def test_the_common_written_forms_give_one_canonical_number() -> None:
    today = date(2026, 11, 22)
    forms = ["19811218-9876", "198112189876", "811218-9876", "8112189876", " 811218-9876 "]
    assert {parse_identity_number(f, today).digits for f in forms} == {"198112189876"}
    assert parse_identity_number("8112189876", today).formatted() == "19811218-9876"


def test_a_samordningsnummer_gives_its_birth_date_day_minus_60() -> None:
    number = parse_identity_number("701063-2391", date(2026, 1, 1))
    assert number.is_coordination_number
    assert number.birth_date == date(1970, 10, 3)


def test_the_century_of_a_short_number_follows_the_day_it_is_read() -> None:
    # Born 2020-01-01: a child when read in 2026; with + a person born 1920.
    child = "200101-2380"
    assert parse_identity_number(child, date(2026, 1, 1)).birth_date.year == 2020
    assert parse_identity_number(child.replace("-", "+"), date(2026, 1, 1)).birth_date.year == 1920
    # A date later this year than today is last century's.
    assert parse_identity_number("261231-2385", date(2026, 6, 1)).birth_date.year == 1926


twelve_digit_numbers = st.builds(
    lambda year, month, day, serial, check: f"{year:04d}{month:02d}{day:02d}{serial:03d}{check}",
    st.integers(1900, 2025),
    st.integers(1, 12),
    st.integers(1, 91),
    st.integers(0, 999),
    st.integers(0, 9),
)


@given(twelve_digit_numbers)
def test_agrees_with_the_personnummer_project_on_any_twelve_digit_number(digits: str) -> None:
    """The personnummer project's own library is an independent reading of the same rules."""
    try:
        ours = parse_identity_number(digits, date(2026, 11, 22)).digits
    except InvalidIdentityNumber:
        ours = None
    theirs = personnummer.valid(digits)
    assert (ours is not None) == theirs
