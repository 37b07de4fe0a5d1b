"""Three-way merge of a case: nothing changed on one side is lost, nothing differing is decided."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from nyanland.domain.case import CaseData, JournalNote, SkillsMapping
from nyanland.domain.codes import EducationLevel
from nyanland.domain.merge import Side, merge
from tests.factories import case

BASE = case(notes=(JournalNote(date(2026, 3, 2), "Received"),))


def with_person(data: CaseData, **changes: object) -> CaseData:
    return replace(data, person=replace(data.person, **changes))


def test_different_fields_changed_on_each_side_both_arrive() -> None:
    mine = with_person(BASE, phone="070-111 22 33")
    theirs = with_person(BASE, email="amina@example.se")
    result = merge(BASE, mine, theirs)
    assert result.clean
    assert result.merged.person.phone == "070-111 22 33"
    assert result.merged.person.email == "amina@example.se"


def test_the_same_field_changed_differently_is_a_conflict_for_the_officer() -> None:
    mine = with_person(BASE, phone="070-111 22 33", email="a@example.se")
    theirs = with_person(BASE, phone="070-999 88 77")
    result = merge(BASE, mine, theirs)
    assert [(c.path, c.base, c.mine, c.theirs) for c in result.conflicts] == [
        ("person.phone", None, "070-111 22 33", "070-999 88 77")
    ]
    assert result.merged.person.email == "a@example.se"
    assert result.resolve({"person.phone": Side.MINE}).person.phone == "070-111 22 33"
    kept = result.resolve({"person.phone": Side.THEIRS})
    assert kept.person.phone == "070-999 88 77"
    assert kept.person.email == "a@example.se"


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    both = with_person(BASE, phone="070-111 22 33")
    assert merge(BASE, both, both).clean


def test_journal_notes_written_on_both_sides_are_all_kept() -> None:
    mine = replace(BASE, notes=(*BASE.notes, JournalNote(date(2026, 4, 1), "Met at SFI")))
    theirs = replace(BASE, notes=(*BASE.notes, JournalNote(date(2026, 4, 2), "Phoned")))
    result = merge(BASE, mine, theirs)
    assert result.clean
    assert {n.text for n in result.merged.notes} == {"Received", "Met at SFI", "Phoned"}


def test_an_entry_removed_on_one_side_goes_while_the_other_side_adds() -> None:
    mine = replace(BASE, notes=())
    theirs = replace(BASE, notes=(*BASE.notes, JournalNote(date(2026, 4, 2), "Phoned")))
    result = merge(BASE, mine, theirs)
    assert result.clean
    assert [n.text for n in result.merged.notes] == ["Phoned"]


def test_one_entry_edited_differently_on_both_sides_is_a_conflict_of_the_list() -> None:
    mine = replace(BASE, notes=(JournalNote(date(2026, 3, 2), "Received at the station"),))
    theirs = replace(BASE, notes=(JournalNote(date(2026, 3, 2), "Received by Anna"),))
    result = merge(BASE, mine, theirs)
    assert [c.path for c in result.conflicts] == ["notes"]
    assert result.resolve({"notes": Side.MINE}).notes == mine.notes


def test_a_part_added_on_both_sides_differently_is_one_conflict() -> None:
    mine = replace(BASE, skills_mapping=SkillsMapping(EducationLevel.UPPER_SECONDARY))
    theirs = replace(BASE, skills_mapping=SkillsMapping(EducationLevel.POST_SECONDARY_SHORT))
    assert [c.path for c in merge(BASE, mine, theirs).conflicts] == ["skills_mapping"]


phones = st.sampled_from([None, "070-111 22 33", "070-999 88 77"])
emails = st.sampled_from([None, "a@example.se", "b@example.se"])


@given(phones, phones, phones, emails, emails, emails)
def test_a_value_changed_on_one_side_only_is_never_lost(
    p0: str | None,
    p1: str | None,
    p2: str | None,
    e0: str | None,
    e1: str | None,
    e2: str | None,
) -> None:
    base = with_person(BASE, phone=p0, email=e0)
    mine = with_person(BASE, phone=p1, email=e1)
    theirs = with_person(BASE, phone=p2, email=e2)
    result = merge(base, mine, theirs)
    for field, old, a, b in (("phone", p0, p1, p2), ("email", e0, e1, e2)):
        conflicted = any(c.path == f"person.{field}" for c in result.conflicts)
        value = getattr(result.merged.person, field)
        assert conflicted == (a != old and b != old and a != b)
        if not conflicted:
            assert value == (a if a != old else b)
        for side in Side:
            chosen = result.resolve({c.path: side for c in result.conflicts})
            assert getattr(chosen.person, field) in {a, b}


def test_a_note_equal_to_one_already_there_is_a_note_of_its_own() -> None:
    """ "ringt, inget svar" twice in a day is two calls: the second is not merged away."""
    call = JournalNote(date(2026, 3, 3), "ringt, inget svar")
    base = replace(BASE, notes=(*BASE.notes, call))
    mine = replace(base, notes=(*base.notes, call))
    theirs = with_person(base, phone="070-111 22 33")
    result = merge(base, mine, theirs)
    assert result.clean
    assert result.merged.notes == (*BASE.notes, call, call)
    assert result.merged.person.phone == "070-111 22 33"
    # and one of two equal notes removed on one side is one removed, not both
    removed = replace(mine, notes=(*BASE.notes, call))
    assert merge(mine, removed, with_person(mine, phone="1")).merged.notes == removed.notes
