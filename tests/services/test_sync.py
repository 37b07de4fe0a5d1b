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
from nyanland.services import accounts, audit, demo, sync
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.services.signin import sign_in
from nyanland.store.engine import sqlite_url
from nyanland.store.models import AuditEventRow
from tests.conftest import OFFICER_PASSWORD, PASSWORD, TODAY, Team, make_team
from tests.factories import case
from tests.postgres import PostgresServer
from tests.proxy import CuttableLink
from tests.services.test_audit_checkpoints import _tamper


@pytest.fixture
def server(postgres_url: str, clock: Clock) -> Iterator[Team]:
    made = make_team(postgres_url, clock)
    yield made
    made.close()


@pytest.fixture
def laptop(server: Team, tmp_path: Path, clock: Clock) -> Iterator[ServiceContext]:
    """Anna's laptop copy, made after the server has three of her cases."""
    service = CaseService(server.officer)
    for first, number in (
        ("Amina", "198112189876"),
        ("Omar", "197506151005"),
        ("Sara", "200101011005"),
    ):
        service.create(case(person=person(first, number)))
    local, remote, first_sync = sync.create_replica(
        server.url,
        sqlite_url(tmp_path / "laptop.sqlite3"),
        "anna.officer",
        OFFICER_PASSWORD,
        clock,
    )
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
    journals = []
    for side in (laptop, server.officer):
        _id, amina, _v = by_name(side, "Amina")
        assert (amina.person.phone, amina.person.email) == ("070-111 22 33", "amina@example.se")
        journals.append(by_name(side, "Omar")[1].notes)
        assert by_name(side, "Sara")[1].person.phone == "070-555 44 33"
    # The entry written on the laptop, as it was saved there (its identity, time, author).
    assert journals[0] == journals[1]
    (written,) = journals[0]
    assert (written.date, written.text, written.author) == (note.date, note.text, "anna.officer")
    assert written.uid is not None and written.written_at is not None
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
    # Waiting for the officer's choice, not for the next sync: not counted as a change.
    status = sync.status(laptop)
    assert (status.pending, status.conflicts) == (0, 1)

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


@pytest.mark.slow
def test_a_connection_cut_in_the_middle_of_syncs_loses_and_duplicates_nothing(
    server: Team, laptop: ServiceContext, postgres: PostgresServer, clock: Clock
) -> None:
    """Syncs cut at many points (between chunks, inside a transaction, between a COMMIT and
    its answer) and then one that completes: every change on either side arrives, once."""
    office = server.officer
    demo.add_demo_cases(office, 150, seed=5, as_of=date(2026, 11, 1))  # Anna's, on the server
    first = sync_now(laptop, server)
    assert first.pulled == 150
    here = CaseService(laptop)
    laptop_rows = here.search(CaseQuery(limit=1000)).rows
    office_rows = CaseService(office).search(CaseQuery(limit=1000)).rows
    for summary in laptop_rows[:60]:  # offline: 60 changed here ...
        record = here.get(summary.id)
        note = JournalNote(TODAY, f"Offline note {summary.case_number}", "anna.officer")
        here.update(
            record.id, replace(record.data, notes=(*record.data.notes, note)), record.version
        )
    created = [
        here.create(case(person=person(f"New{i}", number)))
        for i, number in enumerate(("199002021005", "198112181006"))
    ]
    for summary in office_rows[-40:]:  # ... and 40 others in the office
        record = CaseService(office).get(summary.id)
        email = f"{summary.case_number}@example.se"
        changed = replace(record.data, person=replace(record.data.person, email=email))
        CaseService(office).update(record.id, changed, record.version)
    database = server.url.rsplit("/", 1)[1]
    link = CuttableLink(postgres.port)
    try:
        interrupted = 0
        pending = [sync.status(laptop).pending]
        for budget in (2_000, 9_000, 20_000, 35_000, 60_000, 90_000, 130_000, 180_000):
            link.restore()
            link.cut_after(budget)
            try:
                remote = sign_in(
                    link.url(database), "anna.officer", OFFICER_PASSWORD, clock
                ).context
            except Exception:
                interrupted += 1
                continue
            try:
                sync.synchronise(laptop, remote, chunk_size=15)
            except sync.ServerUnreachable:
                pending.append(sync.status(laptop).pending)
                interrupted += 1
            finally:
                remote.store.dispose()
        assert interrupted >= 4
        # Each cut sync kept what it had synced: the changes waiting only went down.
        assert pending == sorted(pending, reverse=True) and pending[0] > pending[-1] > 0
        link.restore()
        remote = sign_in(link.url(database), "anna.officer", OFFICER_PASSWORD, clock).context
        final = sync.synchronise(laptop, remote, chunk_size=15)
        remote.store.dispose()
    finally:
        link.close()

    assert final.conflicts == 0
    assert sync.status(laptop).pending == 0
    office_cases = CaseService(office).search(CaseQuery(limit=1000))
    assert office_cases.total == 3 + 150 + 2  # the two new cases once each
    numbers = [row.case_number for row in office_cases.rows]
    assert len(set(numbers)) == len(numbers)
    assert not [n for n in numbers if "-L" in n]
    assert {row.case_number for row in here.search(CaseQuery(limit=1000)).rows} == set(numbers)
    for summary in laptop_rows[:60]:
        notes = (
            CaseService(office)
            .get(CaseService(office).find_by_number(by_uid_number(laptop, summary.id)))
            .data.notes
        )
        assert [n.text for n in notes].count(f"Offline note {summary.case_number}") == 1
    for summary in office_rows[-40:]:
        email = f"{summary.case_number}@example.se"
        assert here.search(CaseQuery(text=summary.case_number)).total == 1
        local_id = here.find_by_number(summary.case_number)
        assert here.get(local_id).data.person.email == email
    assert all(c.case_number.startswith("2026-L") for c in created)
    again = sync_now(laptop, server)
    assert (again.pushed, again.pulled, again.merged, again.created_there) == (0, 0, 0, 0)


def by_uid_number(context: ServiceContext, case_id: int) -> str:
    """The case's number now (a laptop's case keeps its number; new ones got lasting ones)."""
    return CaseService(context).get(case_id).case_number


def test_a_journal_entry_and_its_correction_travel_whole_and_stay_as_written(
    server: Team, laptop: ServiceContext
) -> None:
    from nyanland.domain import journal
    from nyanland.domain.codes import NoteKind

    case_id, data, version = by_name(laptop, "Omar")
    call = JournalNote(TODAY, "Ringt, inget svar.", kind=NoteKind.PHONE_CALL)
    saved = CaseService(laptop).update(case_id, replace(data, notes=(call,)), version)
    sync_now(laptop, server)
    (written,) = saved.data.notes
    assert by_name(server.officer, "Omar")[1].notes == (written,)  # its uid, time and author
    # Corrected on the server; the laptop gets both, the first as it was.
    server_id, there, there_version = by_name(server.officer, "Omar")
    fix = journal.correction(written, replace(written, text="Ringt, fel nummer."))
    CaseService(server.officer).update(
        server_id, replace(there, notes=(*there.notes, fix)), there_version
    )
    assert sync_now(laptop, server).conflicts == 0
    here = by_name(laptop, "Omar")[1].notes
    assert here[0] == written and here[1].corrects == written.uid
    assert here == by_name(server.officer, "Omar")[1].notes


def test_a_laptops_audit_log_rewritten_with_its_key_is_found_at_the_next_sync(
    server: Team, laptop: ServiceContext, tmp_path: Path
) -> None:
    """The officer holds the laptop's key: with sqlcipher3 she drops the triggers, removes
    entries and re-seals the chain. The server anchored the log at the last sync."""
    edit_person(laptop, "Amina", phone="070-1")
    assert sync_now(laptop, server).log_broken is None  # anchored, holding
    edit_person(laptop, "Omar", phone="070-2")
    path, key = laptop.store.sqlite_path, laptop.store.key
    assert path is not None and key is not None
    laptop.store.dispose()
    _tamper(path, key)
    again = sign_in(sqlite_url(path), "anna.officer", OFFICER_PASSWORD, laptop.clock).context
    report = sync_now(again, server)
    assert report.log_broken is not None and "anchored" in report.log_broken
    found = [
        e.detail
        for e in audit.events(server.admin, audit.AuditQuery())
        if e.action == "laptop_log_broken"
    ]
    assert len(found) == 1 and "not held" in found[0]
    # Anchored anew: the next sync says nothing more, the server's log keeps what was found.
    assert sync_now(again, server).log_broken is None
    again.store.dispose()
