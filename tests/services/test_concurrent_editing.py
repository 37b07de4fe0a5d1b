"""Two officers on one store (each with a connection of their own): a save over a newer version
is caught, edits of different fields merge, and the same field is the officer's choice."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from nyanland.domain.case import CaseData, JournalNote
from nyanland.domain.errors import StaleVersion
from nyanland.domain.merge import Side
from nyanland.domain.roles import Role
from nyanland.services import accounts, audit
from nyanland.services.cases import CaseService, SaveConflict, Saved
from nyanland.services.context import ServiceContext
from tests.conftest import PASSWORD, TODAY, Team
from tests.factories import case


def phone(data: CaseData, number: str) -> CaseData:
    return replace(data, person=replace(data.person, phone=number))


def second_officer(team: Team) -> ServiceContext:
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, PASSWORD)
    return team.sign_in("bo.officer", PASSWORD)


def test_a_save_over_a_newer_version_is_caught_and_nothing_is_overwritten(team: Team) -> None:
    bo = second_officer(team)
    anna_cases, bo_cases = CaseService(team.officer), CaseService(bo)
    created = anna_cases.create(case())
    anna_opened, bo_opened = anna_cases.get(created.id), bo_cases.get(created.id)

    anna_cases.update(created.id, phone(anna_opened.data, "070-111 22 33"), anna_opened.version)
    with pytest.raises(StaleVersion, match="changed by someone else"):
        bo_cases.update(created.id, phone(bo_opened.data, "070-999 88 77"), bo_opened.version)
    assert bo_cases.get(created.id).data.person.phone == "070-111 22 33"

    outcome = bo_cases.save(bo_opened, phone(bo_opened.data, "070-999 88 77"))
    assert isinstance(outcome, SaveConflict)
    assert outcome.changed_by == "anna.officer"
    assert [(c.path, c.mine, c.theirs) for c in outcome.merge.conflicts] == [
        ("person.phone", "070-999 88 77", "070-111 22 33")
    ]
    assert anna_cases.get(created.id).data.person.phone == "070-111 22 33"  # nothing saved yet

    chosen = outcome.merge.resolve({"person.phone": Side.MINE})
    saved = bo_cases.update(created.id, chosen, outcome.current.version)
    assert saved.data.person.phone == "070-999 88 77"
    changes = [
        e.changes for e in audit.events(team.admin) if e.action == "case_changed" and e.changes
    ]
    assert {"person.phone": (None, "070-111 22 33")} in changes
    assert {"person.phone": ("070-111 22 33", "070-999 88 77")} in changes
    bo.store.dispose()


def test_edits_of_different_fields_merge_and_both_arrive(team: Team) -> None:
    bo = second_officer(team)
    anna_cases, bo_cases = CaseService(team.officer), CaseService(bo)
    created = anna_cases.create(case())
    anna_opened, bo_opened = anna_cases.get(created.id), bo_cases.get(created.id)

    anna_cases.save(anna_opened, phone(anna_opened.data, "070-111 22 33"))
    note = JournalNote(TODAY, "Called about the internship", "bo.officer")
    mine = replace(
        bo_opened.data,
        notes=(note,),
        person=replace(bo_opened.data.person, email="amina@example.se"),
    )
    outcome = bo_cases.save(bo_opened, mine)

    assert isinstance(outcome, Saved)
    assert outcome.merged == ("person.phone",)
    final = anna_cases.get(created.id)
    assert final.data.person.phone == "070-111 22 33"
    assert final.data.person.email == "amina@example.se"
    (kept,) = final.data.notes  # saved: with its identity and time, by bo
    assert replace(kept, uid=None, written_at=None) == replace(note, author="bo.officer")
    assert kept.uid is not None and kept.written_at is not None
    assert final.version == created.version + 2
    bo.store.dispose()


def test_two_saves_at_the_same_moment_one_wins_and_the_other_is_told(team: Team) -> None:
    """Both read version 1 and write at once; the database, not the timing, decides."""
    bo = second_officer(team)
    created = CaseService(team.officer).create(case())
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(who: ServiceContext, number: str) -> None:
        service = CaseService(who)
        opened = service.get(created.id)
        start.wait()
        try:
            service.update(created.id, phone(opened.data, number), opened.version)
            outcomes[who.actor.name] = "saved"
        except StaleVersion:
            outcomes[who.actor.name] = "stale"

    threads = [
        threading.Thread(target=save, args=(team.officer, "070-111 22 33")),
        threading.Thread(target=save, args=(bo, "070-999 88 77")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["saved", "stale"]
    final = CaseService(team.officer).get(created.id)
    assert final.version == created.version + 1
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    assert (
        final.data.person.phone
        == {"anna.officer": "070-111 22 33", "bo.officer": "070-999 88 77"}[winner]
    )
    bo.store.dispose()
