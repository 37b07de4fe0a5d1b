"""What counts as a likely duplicate: one person written twice, across transliterations and
slips of the pen, but not two people who share a common name."""

from __future__ import annotations

from datetime import date

import pytest

from nyanland.domain.codes import Sex
from nyanland.domain.duplicates import Someone, date_slips, likeness, skeleton

RANIA = Someone("Rania", "Halabi", date(1972, 12, 7), Sex.FEMALE)


def alike(one: Someone, other: Someone) -> bool:
    return likeness(one, other) is not None and likeness(other, one) is not None


@pytest.mark.parametrize(
    "other",
    [
        Someone("Rania", "Halaby", date(1972, 12, 7), Sex.FEMALE),
        Someone("Rania", "Halaby", date(1972, 12, 7)),  # the sex not recorded
        Someone("Rania", "Halabi", date(1927, 12, 7), Sex.FEMALE),  # two digits swapped
        Someone("Rania", "Halabi", date(1972, 12, 17), Sex.FEMALE),  # one digit wrong
        Someone("Rania", "Halabi", date(1972, 7, 12), Sex.FEMALE),  # day and month swapped
        Someone("Halabi", "Rania", date(1972, 12, 7), Sex.FEMALE),  # the names swapped
        Someone("Raniya", "Al-Halabi", date(1972, 12, 7), Sex.FEMALE),
    ],
)
def test_one_person_written_twice_is_found(other: Someone) -> None:
    assert alike(RANIA, other)


@pytest.mark.parametrize("spelling", ["Mohammed", "Muhammad", "Mohamad", "Mohamed"])
def test_transliterations_of_one_name_are_alike(spelling: str) -> None:
    assert alike(
        Someone("Mohammad", "Yusuf", date(1990, 3, 4), Sex.MALE),
        Someone(spelling, "Youssef", date(1990, 3, 4), Sex.MALE),
    )
    assert skeleton(spelling) == skeleton("Mohammad")


@pytest.mark.parametrize(
    "other",
    [
        # The same common name, born on another day.
        Someone("Mohammad", "Ahmadi", date(1984, 11, 21), Sex.MALE),
        # The same common first name and birth date, another family.
        Someone("Mohammad", "Karimi", date(1990, 3, 4), Sex.MALE),
        # Everything alike but two different identity numbers.
        Someone("Mohammad", "Ahmadi", date(1990, 3, 4), Sex.MALE, "199003049815"),
        # A sister: the same family name and birth date, another person.
        Someone("Maryam", "Ahmadi", date(1990, 3, 4), Sex.FEMALE),
    ],
)
def test_two_people_with_one_common_name_are_not(other: Someone) -> None:
    one = Someone("Mohammad", "Ahmadi", date(1990, 3, 4), Sex.MALE, "199003049823")
    assert not alike(one, other)


def test_the_slips_of_a_date_are_valid_dates_and_go_both_ways() -> None:
    slips = date_slips(date(1972, 12, 7))
    assert {date(1927, 12, 7), date(1972, 12, 17), date(1972, 7, 12), date(1972, 2, 7)} <= slips
    assert date(1972, 12, 8) in slips and date(1973, 12, 7) in slips
    assert date(1972, 12, 9) in slips and date(1972, 12, 18) not in slips
    for other in slips:  # the check looks the store up from either side
        assert date(1972, 12, 7) in date_slips(other)
