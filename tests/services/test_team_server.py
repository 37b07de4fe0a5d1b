"""A team server decides who reads what itself: each account connects with its own login and
password, straight to PostgreSQL with psycopg or psql as an attacker would, and meets the same
rules as through the app (store/server_security.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from nyanland.domain.errors import FieldError
from nyanland.domain.letters import LetterKind
from nyanland.domain.roles import Actor, Role
from nyanland.services import accounts, audit, letter_sender, letters, meetings, signin
from nyanland.services.case_rows import NewCase, insert_cases
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.letter_sender import WORDING_KEY
from nyanland.services.meetings import MeetingPlan
from nyanland.store.engine import ServerLost, Store, StoreUnavailable
from tests.conftest import OFFICER_PASSWORD, PASSWORD, TODAY, Team, make_team
from tests.factories import case
from tests.postgres import PostgresServer
from tests.proxy import CuttableLink

REFUSED = psycopg.errors.InsufficientPrivilege


@pytest.fixture
def server(postgres_url: str, clock: Clock) -> Iterator[Team]:
    made = make_team(postgres_url, clock)
    yield made
    made.close()


def login(team: Team, name: str, password: str = OFFICER_PASSWORD) -> psycopg.Connection:
    """A connection of the account's own, as psql would open it (no app in between)."""
    url = make_url(team.url)
    return psycopg.connect(
        host=url.host,
        port=url.port,
        dbname=url.database,
        user=name,
        password=password,
        autocommit=True,
    )


def refused(connection: psycopg.Connection, statement: str) -> bool:
    try:
        connection.execute(statement).fetchall() if "SELECT" in statement[:7] else (
            connection.execute(statement)
        )
    except REFUSED:
        return True
    return False


def _cases(team: Team) -> tuple[int, int, int]:
    """A case of anna's, a protected identity assigned to a colleague, and a child of 12."""
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, PASSWORD)
    service = CaseService(team.officer)
    mine = service.create(case())
    made = service.create(
        case(
            person={
                "first_name": "Skyddad",
                "protected_identity": True,
                "phone": "070-1",
                "personal_identity_number": None,
            }
        )
    )
    service.assign(made.id, "bo.officer", made.version)
    hidden = made.id
    child = service.create(
        case(person={"personal_identity_number": "201304051236", "birth_date": date(2013, 4, 5)})
    )
    return mine.id, hidden, child.id


def test_an_officer_with_psql_reads_no_protected_case_of_a_colleague_and_no_password(
    server: Team,
) -> None:
    mine, hidden, _child = _cases(server)
    with login(server, "anna.officer") as anna:
        ids = {row[0] for row in anna.execute("SELECT id FROM cases")}
        assert mine in ids and hidden not in ids
        for table in ("journal_notes", "housing", "sfi_enrolments"):
            assert anna.execute(
                f"SELECT count(*) FROM {table} WHERE case_id = %s", (hidden,)
            ).fetchone() == (0,)
        # No hash to take away and try: the server keeps the SCRAM verifiers, unreadable.
        assert {row[0] for row in anna.execute("SELECT password_hash FROM accounts")} == {"!server"}
        assert refused(anna, "SELECT rolpassword FROM pg_authid")
        # Making herself administrator, or anyone else's role: refused.
        assert refused(anna, "UPDATE accounts SET role = 'admin' WHERE username = 'anna.officer'")
        assert refused(anna, 'GRANT nyanland_admin TO "anna.officer"')
        assert refused(anna, "SELECT nyanland_add_login('eve', 'nyanland_admin', 'x')")
        assert refused(anna, "SELECT nyanland_set_password('bo.officer', 'x')")
        # The protected case is not there to change or take back.
        for change in ("protected_identity = false", "phone = '1'", "assigned_officer = NULL"):
            updated = anna.execute(f"UPDATE cases SET {change} WHERE id = %s", (hidden,))
            assert updated.rowcount == 0
        assert anna.execute("DELETE FROM cases WHERE id = %s", (hidden,)).rowcount == 0
    with login(server, "bo.officer", PASSWORD) as bo:
        assert bo.execute("SELECT phone FROM cases WHERE id = %s", (hidden,)).fetchone() == (
            "070-1",
        )


def test_the_letters_and_meetings_of_a_protected_case_are_its_officers_alone(
    server: Team,
) -> None:
    """What is written to a protected person, and when and where they are met, is as hidden
    as the case: with psql, a colleague finds none of it, SFI staff and coordinators nothing."""
    _mine, hidden, _child = _cases(server)
    letter_sender.save_details(server.admin, letter_sender.SenderDetails("Sala kommun"))
    bo = server.sign_in("bo.officer", PASSWORD)
    try:
        letters.write(bo, hidden, LetterKind.WELCOME, "sv", letters.Signer("Bo Ek"))
        start = datetime.combine(TODAY + timedelta(days=3), datetime.min.time())
        meetings.book(bo, hidden, MeetingPlan(start.replace(hour=10), "Skyddad adress"))
    finally:
        bo.store.dispose()
    with login(server, "bo.officer", PASSWORD) as own:
        for table in ("letters", "meetings"):
            found = own.execute(f"SELECT count(*) FROM {table} WHERE case_id = %s", (hidden,))
            assert found.fetchone() == (1,), table
    with login(server, "anna.officer") as anna:
        for table in ("letters", "meetings"):
            assert anna.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
            changed = anna.execute(f"DELETE FROM {table} WHERE case_id = %s", (hidden,))
            assert changed.rowcount == 0
        assert refused(anna, f"INSERT INTO settings VALUES ('{WORDING_KEY}ar', 'x')")
    for who in ("sam.sfi", "kim.coordinator"):
        with login(server, who) as other:
            for statement in ("SELECT text FROM letters", "SELECT place FROM meetings"):
                assert refused(other, statement), (who, statement)


def test_sfi_staff_read_only_the_sfi_part_of_people_of_sfi_age(server: Team) -> None:
    mine, hidden, child = _cases(server)
    with login(server, "sam.sfi") as sam:
        ids = {row[0] for row in sam.execute("SELECT id FROM cases")}
        assert mine in ids and hidden not in ids and child not in ids
        assert sam.execute("SELECT first_name, birth_date FROM cases WHERE id = %s", (mine,))
        for statement in (
            "SELECT phone FROM cases",
            "SELECT * FROM cases",
            "SELECT text FROM journal_notes",
            "SELECT address FROM housing",
            "SELECT * FROM skills_mappings",
            "SELECT * FROM placements",
            "SELECT actor FROM audit_events",
            f"UPDATE cases SET first_name = 'x' WHERE id = {mine}",
            f"DELETE FROM cases WHERE id = {mine}",
        ):
            assert refused(sam, statement), statement


def test_the_administrator_manages_accounts_and_reads_the_log_but_no_case(server: Team) -> None:
    mine, _hidden, _child = _cases(server)
    with login(server, "siv.admin", PASSWORD) as siv:
        assert refused(siv, "SELECT first_name FROM cases")
        assert refused(siv, "SELECT text FROM journal_notes")
        assert siv.execute("SELECT count(*) FROM audit_events").fetchone()[0] > 0
        assert refused(siv, "CREATE ROLE eve LOGIN SUPERUSER")
        assert refused(siv, 'ALTER ROLE "anna.officer" SUPERUSER')
        with pytest.raises(psycopg.errors.RaiseException, match="not a nyanland account"):
            siv.execute("SELECT nyanland_set_login('postgres', false)")
    # Disabling an account ends its open connection and its logins.
    with login(server, "anna.officer") as anna:
        accounts.set_disabled(server.admin, "anna.officer", True)
        with pytest.raises(psycopg.OperationalError):
            anna.execute("SELECT 1")
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        login(server, "anna.officer")
    with pytest.raises(signin.SignInFailed):
        signin.sign_in(server.url, "anna.officer", OFFICER_PASSWORD, server.admin.clock)
    assert mine


def test_a_change_made_with_psql_is_in_the_audit_log_and_no_one_alters_the_log(
    server: Team,
) -> None:
    mine, _hidden, _child = _cases(server)
    url = make_url(server.url)
    psql = subprocess.run(
        [
            "psql",
            "-h",
            str(url.host),
            "-p",
            str(url.port),
            "-U",
            "anna.officer",
            "-d",
            str(url.database),
            "-c",
            f"UPDATE cases SET phone = '0701234567' WHERE id = {mine}",
        ],
        env={**os.environ, "PGPASSWORD": OFFICER_PASSWORD},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "UPDATE 1" in psql.stdout
    logged = [
        e for e in audit.events(server.admin) if e.action == "row_changed" and e.case_id == mine
    ]
    assert logged[-1].actor == "anna.officer" and logged[-1].detail == "cases update phone"
    assert "0701234567" not in str(logged)  # the names of the columns, never their values
    for name, password in (
        ("anna.officer", OFFICER_PASSWORD),
        ("sam.sfi", OFFICER_PASSWORD),
        ("kim.coordinator", OFFICER_PASSWORD),
        ("siv.admin", PASSWORD),
    ):
        with login(server, name, password) as connection:
            for statement in (
                "UPDATE audit_events SET detail = 'x'",
                "DELETE FROM audit_events",
                "TRUNCATE audit_events",
                "DROP TRIGGER audit_events_kept ON audit_events",
                "ALTER TABLE audit_events DISABLE TRIGGER ALL",
                "UPDATE audit_checkpoints SET signature = ''",
            ):
                assert refused(connection, statement), (name, statement)
            # An entry written by hand gets the server's clock, the login's name, the seal.
            connection.execute(
                "INSERT INTO audit_events (occurred_at, actor, action, detail, previous_hash, "
                "entry_hash) VALUES ('2001-01-01', 'someone.else', 'case_viewed', '', 'x', %s)",
                (f"forged-{name}",),
            )
    entries = audit.events(server.admin)
    hand_made = [e for e in entries if e.occurred_at.year == 2001 or e.actor == "someone.else"]
    assert hand_made == []
    assert audit.verify(server.admin).intact


SAVER = """
import sys, time
from nyanland.services import signin
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock
from tests.factories import case
url, name, password, start = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
context = signin.sign_in(url, name, password, Clock()).context
time.sleep(max(0.0, start - time.time()))
service = CaseService(context)
for _ in range(5):
    made = service.create(case(person={"personal_identity_number": None}))
    service.get(made.id)
context.store.dispose()
print("saved")
"""


def test_twenty_processes_saving_at_once_leave_one_unbroken_chain(
    server: Team, postgres: PostgresServer
) -> None:
    names = [f"officer.{n}" for n in range(20)]
    for name in names:
        accounts.add_account(server.admin, name, Role.OFFICER, PASSWORD)
    start = time.time() + 4
    savers = [
        subprocess.Popen(
            [sys.executable, "-c", SAVER, server.url, name, PASSWORD, str(start)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        for name in names
    ]
    assert [s.communicate(timeout=180)[0].strip() for s in savers] == ["saved"] * 20
    verified = audit.verify(server.admin)
    assert verified.intact and verified.entries > 20 * 10
    # A fork made by hand (the superuser, triggers off) is found.
    database = make_url(server.url).database
    with psycopg.connect(
        host="127.0.0.1", port=postgres.port, user="postgres", dbname=database, autocommit=True
    ) as owner:
        owner.execute("ALTER TABLE audit_events DISABLE TRIGGER USER")
        middle = owner.execute(
            "SELECT previous_hash FROM audit_events ORDER BY id LIMIT 1 OFFSET 100"
        ).fetchone()[0]
        last = owner.execute("SELECT max(id) FROM audit_events").fetchone()[0]
        owner.execute("UPDATE audit_events SET previous_hash = %s WHERE id = %s", (middle, last))
    assert last in audit.verify(server.admin).broken


def test_no_password_in_the_process_list_a_settings_file_or_a_log(
    server: Team, caplog: pytest.LogCaptureFixture
) -> None:
    secret_url = server.url.replace("postgres@", "postgres:s3cret@")
    with pytest.raises(StoreUnavailable, match="remove the password from the server's address"):
        signin.sign_in(secret_url, "anna.officer", OFFICER_PASSWORD, server.admin.clock)
    signed = signin.sign_in(server.url, "anna.officer", OFFICER_PASSWORD, server.admin.clock)
    try:
        assert OFFICER_PASSWORD not in signed.context.store.describe()
        assert OFFICER_PASSWORD not in repr(signed.context.store.engine.url)
        with signed.context.store.reading() as session:
            application = (
                session.connection()
                .exec_driver_sql("SELECT string_agg(query, ' ') FROM pg_stat_activity")
                .scalar()
            )
        assert OFFICER_PASSWORD not in (application or "")
    finally:
        signed.context.store.dispose()
    assert OFFICER_PASSWORD not in caplog.text and PASSWORD not in caplog.text


def test_a_lost_server_is_a_message_that_names_no_sql(
    postgres: PostgresServer, postgres_url: str, clock: Clock
) -> None:
    link = CuttableLink(postgres.port)
    database = str(make_url(postgres_url).database)
    team = make_team(postgres_url, clock)
    try:
        through = link.url(database)
        context = signin.sign_in(through, "anna.officer", OFFICER_PASSWORD, clock).context
        service = CaseService(context)
        made = service.create(case())
        link.cut()
        with pytest.raises(ServerLost) as lost:
            service.get(made.id)
        assert "SELECT" not in str(lost.value) and "does not answer" in str(lost.value)
        with pytest.raises(StoreUnavailable) as refused_at_start:
            signin.sign_in(through, "anna.officer", OFFICER_PASSWORD, clock)
        assert "SELECT" not in str(refused_at_start.value)
        link.restore()
        assert service.get(made.id).id == made.id  # the next call reconnects
        context.store.dispose()
    finally:
        team.close()
        link.close()


def test_the_clock_and_name_of_the_log_are_the_servers(server: Team) -> None:
    """The app's clock is the tests' fixed one (TODAY); the log's is the server's."""
    CaseService(server.officer).create(case())
    mine = [e for e in audit.events(server.admin) if e.action == "case_created"][-1]
    assert mine.actor == "anna.officer"
    assert abs(mine.occurred_at - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=5)
    assert mine.occurred_at.date() != TODAY


def test_the_server_numbers_past_99999_cases_in_a_year(server: Team) -> None:
    """The server hands out the numbers (over cases the officer cannot see too): the next one
    is the highest + 1 also where "2026-100000" sorts before "2026-99999"."""
    given = [
        NewCase(replace(case(person={"personal_identity_number": None}), case_number=number))
        for number in ("2026-99999", "2026-100000")
    ]
    with server.officer.store.writing() as session:
        insert_cases(session, given, server.officer.clock.now(), "anna.officer")
    created = CaseService(server.officer).create(case(person={"personal_identity_number": None}))
    assert created.case_number == "2026-100001"


def test_a_store_of_before_the_servers_rules_is_secured_by_running_init_again(
    postgres_url: str, clock: Clock
) -> None:
    """The upgrade IT runs (docs/team-server.md): a store kept with one shared role and Argon2
    hashes is secured by `init --admin` again; its administrator gets a login at once, the
    others when it resets their passwords, and every case is still there."""
    store = Store(postgres_url)  # the old way: the tables, no rules, the address's role
    assert not store.server_logins
    admin = ServiceContext(store, Actor("siv.admin", Role.ADMIN), clock)
    accounts.initialise(
        ServiceContext(store, Actor("siv.admin", None), clock), "siv.admin", PASSWORD
    )
    accounts.add_account(admin, "anna.officer", Role.OFFICER, PASSWORD)
    made = CaseService(ServiceContext(store, Actor("anna.officer", Role.OFFICER), clock)).create(
        case()
    )
    store.dispose()

    siv = signin.create_store(postgres_url, "siv.admin", "IT's temporary passphrase", clock)
    assert siv.actor.role is Role.ADMIN and siv.store.server_logins
    with pytest.raises(signin.SignInFailed):  # no login yet: its Argon2 hash is gone
        signin.sign_in(postgres_url, "anna.officer", PASSWORD, clock)
    accounts.reset_password(siv, "anna.officer", "anna's temporary passphrase")
    anna = signin.sign_in(postgres_url, "anna.officer", "anna's temporary passphrase", clock)
    assert anna.must_change_password
    assert CaseService(anna.context).get(made.id).case_number == made.case_number
    with pytest.raises(FieldError, match="not an active administrator"):
        signin.create_store(postgres_url, "anna.officer", "not an administrator!", clock)
    anna.context.store.dispose()
    siv.store.dispose()
