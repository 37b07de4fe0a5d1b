"""Accounts, roles, encryption at rest, the sealed audit log, protected identity, retention
and the register extract, on a real encrypted store made as a user makes one."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from nyanland.domain.case import Closure, Housing, JournalNote
from nyanland.domain.codes import HousingKind, Outcome
from nyanland.domain.errors import FieldError, NotFound
from nyanland.domain.roles import Actor, NotPermitted, Role
from nyanland.domain.timeline import Period
from nyanland.services import (
    accounts,
    attachments,
    audit,
    backup,
    demo,
    extract,
    publication,
    reminders,
    retention,
    sfi,
    sfi_import,
    signin,
    statistics,
    targets,
    tasks,
    transfer,
)
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.store import migrate
from nyanland.store.engine import Store, connect_sqlite, sqlite_url
from nyanland.store.keyring import Keyring, KeyringDamaged, keyring_path
from tests.conftest import NOW, OFFICER_PASSWORD, PASSWORD, TODAY, Team
from tests.factories import case
from tests.services.test_attachments import pdf as scanned_pdf

Q1 = Period.parse("2026-Q1")


def _key(team: Team) -> bytes:
    key = team.admin.store.key
    assert key is not None
    return key


# -- the permissions table ---------------------------------------------------------------------

Call = Callable[[ServiceContext, Path], Any]
CALLS: dict[str, tuple[str, Call]] = {
    # name: (the capability's column in DOMAIN.md's table, the call)
    "create a case": ("cases", lambda c, _p: CaseService(c).create(case())),
    "view a case": ("cases", lambda c, _p: CaseService(c).get(1)),
    "search cases": ("cases", lambda c, _p: CaseService(c).search(CaseQuery())),
    "reminders": ("cases", lambda c, _p: reminders.reminders(c)),
    "tasks": ("cases", lambda c, _p: tasks.tasks_of(c, 1)),
    "export cases": ("cases", lambda c, p: transfer.export_cases(c, p / "x.jsonl")),
    "import cases": ("cases", lambda c, p: transfer.import_cases(c, p / "none.jsonl")),
    "register extract": ("cases", lambda c, _p: extract.register_extract(c, 1)),
    "find a person": ("sfi", lambda c, _p: sfi.find_people(c, "haddad")),
    "waiting for SFI": ("sfi", lambda c, _p: sfi.waiting_for_sfi(c)),
    "a person's SFI": ("sfi", lambda c, _p: sfi.sfi_record(c, 1)),
    "import an SFI list": ("sfi", lambda c, p: sfi_import.import_sfi(c, p / "none.csv")),
    "statistics": ("statistics", lambda c, _p: publication.published(c, Q1, 5)),
    "targets": ("statistics", lambda c, _p: targets.all_targets(c)),
    "accounts": ("admin", lambda c, _p: accounts.list_accounts(c)),
    "add an account": ("admin", lambda c, _p: accounts.add_account(c, "x.y", Role.SFI, PASSWORD)),
    "audit log": ("admin", lambda c, _p: audit.events(c)),
    "verify the audit log": ("admin", lambda c, _p: audit.verify(c)),
    "retention": ("admin", lambda c, _p: retention.due(c)),
    "backup": ("admin", lambda c, p: backup.backup(c, p / "b.nyanland")),
}
COLUMNS = {
    "anna.officer": {"cases", "statistics", "sfi"},
    "sam.sfi": {"sfi"},
    "kim.coordinator": {"statistics"},
    "siv.admin": {"statistics", "admin"},
}


@pytest.mark.parametrize("user", sorted(COLUMNS))
def test_each_role_is_refused_everything_outside_its_column_and_the_refusal_is_logged(
    team: Team, tmp_path: Path, user: str
) -> None:
    CaseService(team.officer).create(case())
    context = {
        "anna.officer": team.officer,
        "sam.sfi": team.sfi,
        "kim.coordinator": team.coordinator,
        "siv.admin": team.admin,
    }[user]
    refused = []
    for name, (column, call) in CALLS.items():
        if column in COLUMNS[user]:
            continue
        with pytest.raises(NotPermitted, match="your role may not do this; it needs"):
            call(context, tmp_path)
        refused.append(name)
    assert refused or user == "anna.officer"
    logged = [e for e in audit.events(team.admin) if e.action == "refused" and e.actor == user]
    assert len(logged) == len(refused)
    assert CaseService(team.officer).count() == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "team") == []


def test_the_refusal_names_the_roles_that_may(team: Team) -> None:
    with pytest.raises(NotPermitted) as refusal:
        CaseService(team.coordinator).search(CaseQuery())
    assert str(refusal.value) == "your role may not do this; it needs the role Integration officer"
    with pytest.raises(NotPermitted) as refusal:
        publication.published(team.sfi, Q1, 5)
    assert str(refusal.value) == (
        "your role may not do this; it needs one of the roles Integration officer, Coordinator, "
        "Administrator"
    )


# -- signing in --------------------------------------------------------------------------------


def test_repeated_wrong_passwords_lock_the_account_for_a_while(file_team: Team) -> None:
    """A file's lockout (the key file's count). On a team server PostgreSQL checks the
    password and nyanland counts nothing there: README, "Team mode", says what IT sets."""
    team = file_team
    now = [NOW]
    clock = Clock(today=lambda: TODAY, now=lambda: now[0])
    for attempt in range(1, 5):
        with pytest.raises(signin.SignInFailed, match=f"{5 - attempt} attempts? left"):
            signin.sign_in(team.url, "anna.officer", "not the password", clock)
    with pytest.raises(signin.SignInFailed, match=r"locked .* after 09:45"):
        signin.sign_in(team.url, "anna.officer", "not the password", clock)
    with pytest.raises(signin.SignInFailed, match="locked"):  # even the right password
        signin.sign_in(team.url, "anna.officer", OFFICER_PASSWORD, clock)
    now[0] = NOW + timedelta(minutes=16)
    context = signin.sign_in(team.url, "anna.officer", OFFICER_PASSWORD, clock).context
    context.store.dispose()
    failed = [e.detail for e in audit.events(team.admin) if e.action == "sign_in_failed"]
    assert failed == ["5"]


def test_an_unknown_name_and_a_wrong_password_get_the_same_answer(team: Team) -> None:
    answers = set()
    for name in ("nobody", "siv.admin"):
        with pytest.raises(signin.SignInFailed) as failure:
            signin.sign_in(team.url, name, "wrong password!", team.admin.clock)
        answers.add(str(failure.value).split(" (")[0])
    assert answers == {"wrong user name or password"}


def test_a_disabled_account_loses_its_key_and_the_last_administrator_stays(file_team: Team) -> None:
    accounts.set_disabled(file_team.admin, "anna.officer", True)
    assert Keyring.load(keyring_path(file_team.path)).get("anna.officer") is None
    with pytest.raises(signin.SignInFailed):
        signin.sign_in(file_team.url, "anna.officer", OFFICER_PASSWORD, file_team.admin.clock)
    with pytest.raises(FieldError, match="your own account"):
        accounts.set_disabled(file_team.admin, "siv.admin", True)
    accounts.set_disabled(file_team.admin, "anna.officer", False)
    accounts.reset_password(file_team.admin, "anna.officer", "a temporary one")
    again = signin.sign_in(file_team.url, "anna.officer", "a temporary one", file_team.admin.clock)
    assert again.must_change_password
    again.context.store.dispose()


def test_a_password_change_rewraps_only_that_accounts_key(file_team: Team) -> None:
    before = Keyring.load(keyring_path(file_team.path))
    with pytest.raises(FieldError, match="old_password: is not your current password"):
        accounts.change_password(file_team.officer, "guess guess guess", "a brand new secret")
    with pytest.raises(FieldError, match="new_password: must be at least 12"):
        accounts.change_password(file_team.officer, OFFICER_PASSWORD, "short")
    accounts.change_password(file_team.officer, OFFICER_PASSWORD, "a brand new secret")
    after = Keyring.load(keyring_path(file_team.path))
    assert after.entries["anna.officer"] != before.entries["anna.officer"]
    assert {k: v for k, v in after.entries.items() if k != "anna.officer"} == {
        k: v for k, v in before.entries.items() if k != "anna.officer"
    }
    for name, password in (
        ("anna.officer", "a brand new secret"),
        ("sam.sfi", OFFICER_PASSWORD),
        ("siv.admin", PASSWORD),
    ):
        signin.sign_in(file_team.url, name, password, file_team.admin.clock).context.store.dispose()
    assert accounts.verify_password(file_team.officer, "a brand new secret")
    assert not accounts.verify_password(file_team.officer, OFFICER_PASSWORD)


def test_a_store_from_before_encryption_is_encrypted_at_its_first_sign_in(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "old.sqlite3"
    plain = Store(sqlite_url(path))
    migrate.upgrade(plain)
    context = ServiceContext(plain, Actor("siv.admin", None), clock)
    accounts.initialise(context, "siv.admin", PASSWORD)
    admin = replace(context, actor=Actor("siv.admin", Role.ADMIN))
    demo.add_demo_cases(admin, 20, seed=1, as_of=TODAY)
    plain.dispose()
    assert b"SQLite format 3" in path.read_bytes()[:16]

    signed = signin.sign_in(sqlite_url(path), "siv.admin", PASSWORD, clock).context
    assert signed.store.key is not None
    assert audit.verify(signed).intact
    assert len([e for e in audit.events(signed) if e.action == "demo_data_added"]) == 1
    signed.store.dispose()
    assert b"SQLite format 3" not in path.read_bytes()[:16]


# -- encryption at rest ------------------------------------------------------------------------


def test_no_name_identity_number_or_note_is_in_any_file_the_store_writes(
    file_team: Team, tmp_path: Path
) -> None:
    service = CaseService(file_team.officer)
    secret_note = "Samtal om traumabehandling hos vårdcentralen"
    record = service.create(
        case(
            person={"first_name": "Zarifa", "last_name": "Qasemi", "phone": "070-555 12 34"},
            notes=(JournalNote(date(2026, 3, 3), secret_note),),
            housing=(Housing(HousingKind.TEMPORARY, date(2026, 3, 2), address="Storgatan 17"),),
        )
    )
    service.update(
        record.id,
        replace(record.data, person=replace(record.data.person, last_name="Qasemi-Rahimi")),
        record.version,
    )
    demo.add_demo_cases(file_team.officer, 300, seed=5, as_of=TODAY)
    names = [s.full_name for s in service.search(CaseQuery(limit=300)).rows]
    backup.backup(file_team.admin, file_team.path.parent / "backup.nyanland")
    transfer.export_cases(file_team.officer, tmp_path / "export.jsonl")  # the user's own file
    needles = {
        "Zarifa",
        "Qasemi",
        "Rahimi",
        "198112189876",
        "19811218-9876",
        "811218-9876",
        "Storgatan",
        "traumabehandling",
        "070-555",
        *names[:50],
    }
    files = [p for p in file_team.path.parent.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {"store.sqlite3", "store.sqlite3.keys", "backup.nyanland"}
    for file in files:
        content = file.read_bytes()
        for needle in needles:
            for encoding in ("utf-8", "utf-16-le"):
                assert needle.encode(encoding) not in content, (file.name, needle)


# -- the audit log -----------------------------------------------------------------------------


def test_a_changed_byte_in_the_audit_log_is_reported_by_verify(file_team: Team) -> None:
    service = CaseService(file_team.officer)
    record = service.create(case())
    service.update(
        record.id,
        replace(record.data, person=replace(record.data.person, phone="070-123 45 67")),
        record.version,
    )
    assert audit.verify(file_team.admin).intact
    changed = next(e for e in audit.events(file_team.admin) if e.action == "case_changed")
    connection = connect_sqlite(file_team.path, _key(file_team))
    try:
        with pytest.raises(Exception, match="append-only"):
            connection.execute("DELETE FROM audit_events WHERE id = 1")
        # The values are sealed with the officer key: the store key shows no phone number.
        (stored,) = connection.execute(
            "SELECT changes FROM audit_events WHERE id = ?", (changed.id,)
        ).fetchone()
        assert "070" not in stored
        # Someone with the store key edits a value, then (dropping the guard) an entry's detail.
        connection.execute(
            "UPDATE audit_events SET changes = substr(changes, 1, 20) || CASE substr(changes, "
            "21, 1) WHEN 'A' THEN 'B' ELSE 'A' END || substr(changes, 22) WHERE id = ?",
            (changed.id,),
        )
        connection.execute("DROP TRIGGER audit_events_sealed")
        connection.execute("UPDATE audit_events SET actor = 'someone' WHERE id = 2")
        connection.commit()
    finally:
        connection.close()
    result = audit.verify(file_team.admin)
    assert not result.intact
    assert set(result.broken) == {2, changed.id}


def test_the_administrator_filters_the_log_by_person_user_and_period(
    team: Team, tmp_path: Path
) -> None:
    service = CaseService(team.officer)
    first = service.create(case())
    service.create(
        case(person={"personal_identity_number": "199001012385", "birth_date": date(1990, 1, 1)})
    )
    service.get(first.id)
    by_person = audit.events(team.admin, audit.AuditQuery(person="19811218-9876"))
    # (A server also writes its own entry of each row it changed: "row_changed".)
    assert [e.action for e in by_person if e.action != "row_changed"] == [
        "case_created",
        "case_viewed",
    ]
    assert {e.case_number for e in by_person} == {first.case_number}
    by_user = audit.events(team.admin, audit.AuditQuery(user="sam.sfi"))
    rotated = ["key_rotated"] if team.path is not None else []  # a file's key changes
    assert [e.action for e in by_user] == ["signed_in", "password_changed", *rotated, "signed_in"]
    # A server writes its own clock's time (the tests' clock is a file's only).
    today = TODAY if team.path is not None else datetime.now(UTC).date()
    assert audit.events(team.admin, audit.AuditQuery(since=today + timedelta(days=1))) == []
    assert audit.events(team.admin, audit.AuditQuery(since=today, until=today))
    count = audit.export_csv(
        team.admin, audit.AuditQuery(person=first.case_number), tmp_path / "audit.csv"
    )
    lines = (tmp_path / "audit.csv").read_text(encoding="utf-8").splitlines()
    app_entries = [line for line in lines if ",row_changed," not in line]
    assert (
        len(app_entries) == 3
        and count == len(lines) - 1
        and lines[0].startswith("id,occurred_at,user")
    )


# -- protected identity ------------------------------------------------------------------------


def test_a_protected_person_is_seen_by_the_assigned_officer_only(
    team: Team, tmp_path: Path
) -> None:
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, PASSWORD)
    bo = team.sign_in("bo.officer", PASSWORD)
    protected = CaseService(team.officer).create(case(person={"protected_identity": True}))
    assert protected.assigned_officer == "anna.officer"
    assert CaseService(bo).search(CaseQuery()).total == 0
    assert CaseService(bo).search(CaseQuery(text="Haddad")).rows == ()
    with pytest.raises(NotFound):
        CaseService(bo).get(protected.id)
    with pytest.raises(NotFound):
        tasks.tasks_of(bo, protected.id)
    transfer.export_cases(bo, tmp_path / "bo.jsonl")
    assert (tmp_path / "bo.jsonl").read_text(encoding="utf-8") == ""
    assert reminders.reminders(bo) == []
    assert CaseService(team.officer).get(protected.id).data.person.protected_identity
    # Statistics still count the person.
    assert statistics.raw_figures(team.admin, Q1).counts["received"][("total", "")] == 1
    bo.store.dispose()


# -- retention ---------------------------------------------------------------------------------


def test_retention_deletes_old_closed_cases_and_past_statistics_stay_the_same(
    team: Team,
) -> None:
    demo.add_demo_cases(team.officer, 400, seed=7, as_of=date(2020, 12, 31))
    service = CaseService(team.officer)
    periods = [Period.parse(p) for p in ("2019", "2019-Q3", "2020-Q2", "2020")]
    before = {p.code: publication.published(team.admin, p, 3) for p in periods}
    closed = service.search(CaseQuery(status=retention_status(), limit=1000)).rows
    assert closed
    record = service.get(closed[0].id)
    service.update(
        record.id,
        replace(record.data, person=replace(record.data.person, phone="070-999 88 77")),
        record.version,
    )

    due = retention.due(team.admin)
    assert {d.id for d in due} == {c.id for c in closed if c.closure_date < date(2021, 11, 22)}
    deleted = retention.delete_due(team.admin, [d.id for d in due])
    assert deleted == len(due)
    assert service.search(CaseQuery(status=retention_status())).total == len(closed) - deleted
    for period in periods:
        assert publication.published(team.admin, period, 3) == before[period.code]
    entries = audit.events(team.admin, audit.AuditQuery(person=str(record.id)))
    assert [e.changes for e in entries if e.action == "case_changed"] == [None]
    assert [e.detail for e in audit.events(team.admin) if e.action == "cases_deleted"] == [
        str(deleted)
    ]
    assert audit.verify(team.admin).intact


def retention_status() -> Any:
    from nyanland.services.records import CaseStatus

    return CaseStatus.CLOSED


def test_retention_refuses_a_case_that_is_not_due(team: Team) -> None:
    service = CaseService(team.officer)
    record = service.create(case())
    service.close(record.id, Closure(date(2026, 10, 1), Outcome.WORK), record.version)
    with pytest.raises(retention.RetentionRefused):
        retention.delete_due(team.admin, [record.id])
    assert service.count() == 1
    with pytest.raises(FieldError, match="years: must be at least 1"):
        retention.set_retention_years(team.admin, 0)


# -- the register extract ----------------------------------------------------------------------


def test_the_register_extract_holds_everything_about_the_person_and_who_handled_it(
    team: Team, tmp_path: Path
) -> None:
    service = CaseService(team.officer)
    record = service.create(
        case(
            notes=(JournalNote(date(2026, 3, 3), "Första samtalet, med tolk."),),
            housing=(Housing(HousingKind.TEMPORARY, date(2026, 3, 2), address="Storgatan 1"),),
        )
    )
    tasks.add_task(team.officer, record.id, "Boka kartläggning", date(2026, 12, 1))
    attachments.add(team.officer, record.id, scanned_pdf(tmp_path, "intyg.pdf"))
    pdf = extract.register_extract(team.officer, record.id)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    for expected in (  # in Swedish, whatever the window speaks (here English)
        "Registerutdrag",
        "Amina Haddad",
        "19811218-9876",
        "Storgatan 1",
        "Första samtalet, med tolk.",
        "Boka kartläggning",
        "Dokument intyg.pdf",
        "anna.officer: ärende skapat",
        "Vilka som har hanterat ditt ärende",
        record.case_number,
    ):
        assert expected in flat, expected
    assert "e.g." not in flat and "t.ex." not in flat  # the form's hints are the officer's
    printed = [e for e in audit.events(team.admin) if e.action == "case_printed"]
    assert [e.case_id for e in printed] == [record.id]


def test_the_keyring_holds_no_case_data_and_only_wrapped_keys(file_team: Team) -> None:
    document = json.loads(keyring_path(file_team.path).read_text(encoding="utf-8"))
    assert sorted(document["accounts"]) == [
        "anna.officer",
        "kim.coordinator",
        "sam.sfi",
        "siv.admin",
    ]
    assert _key(file_team).hex() not in keyring_path(file_team.path).read_text(encoding="utf-8")
    assert oct(keyring_path(file_team.path).stat().st_mode)[-3:] == "600"


def test_a_changed_byte_in_the_encrypted_file_is_reported_not_read(file_team: Team) -> None:
    CaseService(file_team.officer).create(case())
    connection = connect_sqlite(file_team.path, _key(file_team))
    try:
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'audit_events'"
        ).fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    file_team.close()
    content = bytearray(file_team.path.read_bytes())
    content[(int(root) - 1) * int(page_size) + 100] ^= 0x01  # a bit of the audit log's page
    file_team.path.write_bytes(bytes(content))
    # Signing in appends to the audit log, so the changed page is found at once.
    with pytest.raises(signin.SignInFailed, match="changed outside nyanland"):
        file_team.sign_in("siv.admin", PASSWORD)


def test_an_encrypted_store_without_its_key_file_says_so(file_team: Team) -> None:
    file_team.close()
    keyring_path(file_team.path).rename(file_team.path.with_name("elsewhere.keys"))
    with pytest.raises(KeyringDamaged, match=r"key file .* is missing"):
        signin.sign_in(file_team.url, "siv.admin", PASSWORD, file_team.admin.clock)


@pytest.mark.usefixtures("production_kdf")
def test_a_real_store_wraps_its_keys_at_rfc_9106_cost(tmp_path: Path, clock: Clock) -> None:
    """The suite's fixtures use a cheap Argon2id; a store made outside them does not."""
    path = tmp_path / "real.sqlite3"
    context = signin.create_store(sqlite_url(path), "siv.admin", PASSWORD, clock)
    context.store.dispose()
    kdf = json.loads(keyring_path(path).read_text(encoding="utf-8"))["accounts"]["siv.admin"]
    assert (kdf["kdf"]["time_cost"], kdf["kdf"]["memory_kib"]) == (3, 65_536)


GUESSER = """
import sys, time
from nyanland.domain.errors import KnownError
from nyanland.services.context import Clock
from nyanland.services.signin import sign_in
start = float(sys.argv[2])
while time.time() < start:  # all twenty guess at the same moment
    time.sleep(0.001)
try:
    sign_in(sys.argv[1], "anna.officer", "not her password", Clock())
except KnownError as refused:
    print(refused)
"""


def test_twenty_processes_guessing_at_once_get_five_tries_in_before_the_lock(
    file_team: Team,
) -> None:
    """The failure count is read, checked and written under a lock held across all three:
    the key file's lock (a team server's logins are PostgreSQL's to guard)."""
    team = file_team
    import subprocess
    import sys
    import time

    start = time.time() + 3  # time for every process to start and import first
    guessers = [
        subprocess.Popen(
            [sys.executable, "-c", GUESSER, team.url, str(start)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "NYANLAND_LANG": "en"},
        )
        for _ in range(20)
    ]
    answers = [guesser.communicate(timeout=120)[0].strip() for guesser in guessers]
    tried = [a for a in answers if a.startswith("wrong user name or password")]
    locked = [a for a in answers if "locked" in a and not a.startswith("wrong")]
    assert len(tried) == 4 and len(locked) == 16, answers  # the fifth try locks the account
    assert sorted(tried) == sorted(
        f"wrong user name or password ({n} attempt{'s' if n > 1 else ''} left before the "
        "account is locked)"
        for n in (4, 3, 2, 1)
    )
