"""A laptop's replica of the team store on a real PostgreSQL server: offline work syncs both ways
with nothing lost, the same field changed on both sides waits for the officer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from nyanland.domain.case import CaseData, JournalNote
from nyanland.domain.merge import Side
from nyanland.domain.roles import Role
from nyanland.services import accounts, audit, sync
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.store.engine import sqlite_url
from nyanland.store.models import AuditEventRow
from tests.conftest import OFFICER_PASSWORD, PASSWORD, TODAY, Team, make_team
from tests.factories import case


@pytest.fixture
def server(postgres_url: str, clock: Clock) -> Iterator[Team]:
    made = make_team(postgres_url, clock)
    yield made
    made.close()


@pytest.fixture
def laptop(server: Team, tmp_path: Path, clock: Clock) -> Iterator[ServiceContext]:
    """Anna's laptop copy, made after the server has three of her cases."""
    service = CaseService(server.officer)
    for first, number in (("Amina", "198112189876"), ("Omar", "197506151005"),
                          ("Sara", "200101011005")):  # fmt: skip
        service.create(case(person=person(first, number)))
    local, remote, first_sync = sync.create_replica(
        server.url, sqlite_url(tmp_path / "laptop.sqlite3"), "anna.officer", OFFICER_PASSWORD,
        clock,
    )  # fmt: skip
    remote.store.dispose()
    assert first_sync.pulled == 3
    yield local
    local.store.dispose()


def person(first_name: str, number: str) -> dict[str, object]:
    born = date(int(number[:4]), int(number[4:6]), int(number[6:8]))
    return {"first_name": first_name, "personal_identity_number": number, "birth_date": born}


def by_name(context: ServiceContext, first_name: str) -> tuple[int, CaseData, int]:
    service = CaseService(context)
    found = service.search(CaseQuery(text=first_name)).rows
    assert len(found) == 1, first_name
    record = service.get(found[0].id)
    return record.id, record.data, record.version


def edit_person(context: ServiceContext, first_name: str, **changes: object) -> None:
    case_id, data, version = by_name(context, first_name)
    changed = replace(data, person=replace(data.person, **changes))
    CaseService(context).update(case_id, changed, version)


def sync_now(laptop: ServiceContext, server: Team) -> sync.SyncReport:
    remote = server.sign_in("anna.officer")
    try:
        return sync.synchronise(laptop, remote)
    finally:
        remote.store.dispose()


def actions(context: ServiceContext) -> list[str]:
    """The laptop's own audit log (its one account is an officer's, who may not browse it)."""
    with context.store.reading() as session:
        return list(session.scalars(select(AuditEventRow.action).order_by(AuditEventRow.id)))


def test_offline_work_and_the_servers_changes_meet_with_nothing_lost(
    server: Team, laptop: ServiceContext
) -> None:
    # Offline: a changed phone, a journal note and a new person on the laptop ...
    edit_person(laptop, "Amina", phone="070-111 22 33")
    case_id, data, version = by_name(laptop, "Omar")
    note = JournalNote(TODAY, "Home visit", "anna.officer")
    CaseService(laptop).update(case_id, replace(data, notes=(note,)), version)
    new = CaseService(laptop).create(case(person=person("Yusuf", "199002021005")))
    assert new.case_number.startswith("2026-L")  # provisional until the server gives one
    # ... while the office changes other fields of the same cases.
    edit_person(server.officer, "Amina", email="amina@example.se")
    edit_person(server.officer, "Sara", phone="070-555 44 33")
    assert sync.status(laptop).pending == 3

    report = sync_now(laptop, server)

    assert (report.pushed, report.merged, report.created_there, report.pulled) == (1, 1, 1, 1)
    assert report.conflicts == 0
    for side in (laptop, server.officer):
        _id, amina, _v = by_name(side, "Amina")
        assert (amina.person.phone, amina.person.email) == ("070-111 22 33", "amina@example.se")
        assert by_name(side, "Omar")[1].notes == (note,)
        assert by_name(side, "Sara")[1].person.phone == "070-555 44 33"
    lasting = by_name(server.officer, "Yusuf")[1].case_number
    assert lasting is not None and not lasting.startswith("2026-L")
    assert by_name(laptop, "Yusuf")[1].case_number == lasting
    assert report.renumbered == [(new.case_number, lasting)]
    assert CaseService(server.officer).count() == 4
    status = sync.status(laptop)
    assert (status.pending, status.conflicts) == (0, 0)
    assert status.last_sync is not None

    again = sync_now(laptop, server)
    assert (again.pushed, again.pulled, again.merged, again.created_there) == (0, 0, 0, 0)
    details = [e.detail for e in audit.events(server.admin) if e.action == "case_created"]
    assert details.count("synchronised") == 1
    assert actions(laptop).count("synced") == 3


def test_the_same_field_changed_on_both_sides_waits_for_the_officers_choice(
    server: Team, laptop: ServiceContext
) -> None:
    edit_person(laptop, "Amina", phone="070-111 22 33", email="mine@example.se")
    edit_person(server.officer, "Amina", phone="070-999 88 77")

    report = sync_now(laptop, server)
    assert report.conflicts == 1
    assert by_name(server.officer, "Amina")[1].person.phone == "070-999 88 77"  # not overwritten
    assert by_name(server.officer, "Amina")[1].person.email is None  # nor half-pushed
    (conflict,) = sync.conflicts(laptop)
    assert conflict.kind is sync.ConflictKind.FIELDS
    assert conflict.merge is not None
    assert [(c.path, c.mine, c.theirs) for c in conflict.merge.conflicts] == [
        ("person.phone", "070-111 22 33", "070-999 88 77")
    ]
    assert sync_now(laptop, server).conflicts == 1  # a sync does not decide it

    sync.resolve(laptop, conflict.uid, {"person.phone": Side.MINE})
    assert sync.status(laptop).conflicts == 0
    report = sync_now(laptop, server)
    assert report.pushed == 1 and report.conflicts == 0
    amina = by_name(server.officer, "Amina")[1].person
    assert (amina.phone, amina.email) == ("070-111 22 33", "mine@example.se")


def test_deletions_and_reassignments_travel(server: Team, laptop: ServiceContext) -> None:
    accounts.add_account(server.admin, "bo.officer", Role.OFFICER, PASSWORD)
    case_id, _data, version = by_name(laptop, "Omar")
    CaseService(laptop).delete(case_id, version)
    office = CaseService(server.officer)
    sara_id, _data, sara_version = by_name(server.officer, "Sara")
    office.assign(sara_id, "bo.officer", sara_version)

    report = sync_now(laptop, server)

    assert (report.deleted_there, report.removed_here) == (1, 1)
    assert office.search(CaseQuery(text="Omar")).total == 0
    assert CaseService(laptop).search(CaseQuery(text="Sara")).total == 0  # now Bo's
    assert office.search(CaseQuery(text="Sara")).total == 1  # still on the server
    assert sync.status(laptop).pending == 0


def test_a_deletion_here_of_a_case_changed_there_is_not_silent(
    server: Team, laptop: ServiceContext
) -> None:
    case_id, _data, version = by_name(laptop, "Omar")
    CaseService(laptop).delete(case_id, version)
    edit_person(server.officer, "Omar", phone="070-555 44 33")

    assert sync_now(laptop, server).conflicts == 1
    (conflict,) = sync.conflicts(laptop)
    assert conflict.kind is sync.ConflictKind.DELETED_HERE
    assert CaseService(server.officer).search(CaseQuery(text="Omar")).total == 1

    sync.resolve(laptop, conflict.uid, side=Side.THEIRS)  # keep the server's case after all
    sync_now(laptop, server)
    assert by_name(laptop, "Omar")[1].person.phone == "070-555 44 33"
