"""The administrator's day with accounts and caseloads: a departing officer's cases handed to
colleagues in one step, a role changed, a locked account unlocked (both engines; the
server's own rules where they decide)."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.engine import make_url

from nyanland.domain.case import Closure
from nyanland.domain.codes import Outcome
from nyanland.domain.errors import FieldError
from nyanland.domain.roles import NotPermitted, Role
from nyanland.services import account_admin, accounts, audit, caseloads, signin
from nyanland.services.audit import AuditQuery
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.store.keyring import Keyring, keyring_path
from tests.conftest import OFFICER_PASSWORD, PASSWORD, TODAY, Team, make_team
from tests.factories import case


def _seen(context: ServiceContext) -> set[int]:
    return {row.id for row in CaseService(context).search(CaseQuery()).rows}


def _colleagues(team: Team) -> tuple[ServiceContext, ServiceContext]:
    for name in ("bo.officer", "cia.officer"):
        accounts.add_account(team.admin, name, Role.OFFICER, PASSWORD)
    return team.sign_in("bo.officer", PASSWORD), team.sign_in("cia.officer", PASSWORD)


def _anna_cases(team: Team) -> dict[str, int]:
    """Seven of anna's cases: a household of three, a protected person, two others, one closed."""
    service = CaseService(team.officer)
    made: dict[str, int] = {}
    first = service.create(case(person={"personal_identity_number": None, "first_name": "Hus"}))
    made["household"] = first.id
    for number in range(2):
        service.create(
            case(person={"personal_identity_number": None, "first_name": f"Hus{number}"}),
            household_of=first.id,
        )
    made["protected"] = service.create(
        case(person={"personal_identity_number": None, "protected_identity": True})
    ).id
    for name in ("Ett", "Två"):
        made[name] = service.create(
            case(person={"personal_identity_number": None, "first_name": name})
        ).id
    made["closed"] = service.create(
        case(person={"personal_identity_number": None, "first_name": "Stängd"})
    ).id
    record = service.get(made["closed"])
    service.close(made["closed"], Closure(TODAY, Outcome.WORK), record.version)
    return made


def test_a_departing_officers_open_cases_go_to_colleagues_evenly_households_together(
    team: Team,
) -> None:
    bo, cia = _colleagues(team)
    made = _anna_cases(team)
    loads = {load.officer: load for load in caseloads.caseloads(team.admin)}
    assert (loads["anna.officer"].open, loads["anna.officer"].closed) == (6, 1)
    assert loads["bo.officer"].open == 0 and loads["bo.officer"].active

    result = caseloads.hand_over(team.admin, "anna.officer", ["bo.officer", "cia.officer"])
    assert result.total == 6 and sorted(result.moved.values()) == [3, 3]
    by_officer = {
        load.officer: (load.open, load.closed) for load in caseloads.caseloads(team.admin)
    }
    assert by_officer["anna.officer"] == (0, 1)  # the closed case was not asked for
    assert by_officer["bo.officer"][0] + by_officer["cia.officer"][0] == 6
    # The household went to one colleague, who sees the protected person only if given it.
    for colleague in (bo, cia):
        found = _seen(colleague)
        members = {made["household"], made["household"] + 1, made["household"] + 2}
        assert members <= found or not members & found
    taker = bo if made["protected"] in _seen(bo) else cia
    assert CaseService(taker).get(made["protected"]).data.person.protected_identity
    # Logged: one entry per case, and the sum of it.
    log = audit.events(team.admin, AuditQuery())
    summary = [e for e in log if e.action == "caseload_handed_over"]
    assert len(summary) == 1 and summary[0].detail.startswith("anna.officer → ")
    moved = [e for e in log if e.action == "case_changed" and e.detail == "assigned_officer"]
    assert len({e.case_id for e in moved if e.actor == "siv.admin"}) == 6
    # The closed one too, when asked.
    again = caseloads.hand_over(team.admin, "anna.officer", ["cia.officer"], include_closed=True)
    assert again.moved == {"cia.officer": 1}
    bo.store.dispose()
    cia.store.dispose()


def test_a_hand_over_is_refused_by_field_and_changes_nothing(team: Team) -> None:
    bo, cia = _colleagues(team)
    _anna_cases(team)
    before = caseloads.caseloads(team.admin)
    with pytest.raises(FieldError, match="at least one colleague") as empty:
        caseloads.hand_over(team.admin, "anna.officer", [])
    assert empty.value.field == "takers"
    with pytest.raises(FieldError, match="own cases"):
        caseloads.hand_over(team.admin, "anna.officer", ["anna.officer"])
    with pytest.raises(FieldError, match="not an active officer"):
        caseloads.hand_over(team.admin, "anna.officer", ["bo.officer", "sam.sfi"])
    accounts.set_disabled(team.admin, "cia.officer", True)
    with pytest.raises(FieldError, match="not an active officer"):
        caseloads.hand_over(team.admin, "anna.officer", ["cia.officer"])
    with pytest.raises(FieldError, match="holds no open case"):
        caseloads.hand_over(team.admin, "bo.officer", ["anna.officer"])
    after = caseloads.caseloads(team.admin)
    assert [(c.officer, c.open, c.closed) for c in after] == [
        (c.officer, c.open, c.closed) for c in before
    ]
    with pytest.raises(NotPermitted):
        caseloads.hand_over(team.officer, "anna.officer", ["bo.officer"])
    bo.store.dispose()
    cia.store.dispose()


def test_a_role_changes_and_the_officer_hands_over_first(team: Team) -> None:
    bo, cia = _colleagues(team)
    CaseService(bo).create(case(person={"personal_identity_number": None}))
    with pytest.raises(FieldError, match="still holds 1 case"):
        account_admin.change_role(team.admin, "bo.officer", Role.SFI)
    caseloads.hand_over(team.admin, "bo.officer", ["cia.officer"])
    bo.store.dispose()
    assert account_admin.change_role(team.admin, "bo.officer", Role.SFI)
    assert not account_admin.change_role(team.admin, "bo.officer", Role.SFI)
    again = team.sign_in("bo.officer", PASSWORD)
    assert again.actor.role is Role.SFI
    with pytest.raises(NotPermitted):
        CaseService(again).search(CaseQuery())
    again.store.dispose()
    with pytest.raises(FieldError, match="your own role"):
        account_admin.change_role(team.admin, "siv.admin", Role.OFFICER)
    log = [e.detail for e in audit.events(team.admin, AuditQuery()) if e.action == "role_changed"]
    assert "bo.officer (officer → sfi)" in log
    cia.store.dispose()


def test_a_new_administrator_is_given_the_checkpoint_key_and_a_former_one_loses_it(
    file_team: Team,
) -> None:
    team = file_team
    assert team.path is not None
    account_admin.change_role(team.admin, "kim.coordinator", Role.ADMIN)
    entry = Keyring.load(keyring_path(team.path)).get("kim.coordinator")
    assert entry is not None and entry.audit_signing_key is not None
    kim = team.sign_in("kim.coordinator", OFFICER_PASSWORD)
    assert kim.actor.role is Role.ADMIN
    # The new administrator's own checkpoint verifies.
    assert audit.verify(kim).intact
    account_admin.change_role(kim, "siv.admin", Role.COORDINATOR)
    entry = Keyring.load(keyring_path(team.path)).get("siv.admin")
    assert entry is not None and entry.audit_signing_key is None
    with pytest.raises(FieldError, match="last administrator"):
        account_admin.change_role(team.admin, "kim.coordinator", Role.OFFICER)
    kim.store.dispose()


def test_a_locked_account_is_shown_locked_and_unlocked_by_the_administrator(team: Team) -> None:
    for _attempt in range(signin.MAX_FAILED_SIGN_INS):
        with pytest.raises(signin.SignInFailed):
            team.sign_in("anna.officer", "not the password at all")
    listed = {a.username: a for a in accounts.list_accounts(team.admin)}
    locked = listed["anna.officer"].locked_until
    if team.path is None:
        # The server's lockout is PostgreSQL's (auth_delay, LDAP): nyanland counts none.
        assert locked is None
    else:
        assert locked is not None and locked > team.admin.clock.now()
        with pytest.raises(signin.SignInFailed, match="locked"):
            team.sign_in("anna.officer", OFFICER_PASSWORD)
    account_admin.unlock_account(team.admin, "anna.officer")
    assert {a.username: a for a in accounts.list_accounts(team.admin)}[
        "anna.officer"
    ].locked_until is None
    team.sign_in("anna.officer", OFFICER_PASSWORD).store.dispose()
    assert any(
        e.action == "account_unlocked" and e.detail == "anna.officer"
        for e in audit.events(team.admin, AuditQuery())
    )


def test_on_the_server_the_role_is_the_logins_group_and_only_an_administrator_moves_it(
    postgres_url: str, clock: Clock
) -> None:
    team = make_team(postgres_url, clock)
    url = make_url(team.url)
    where = {"host": url.host, "port": url.port, "dbname": url.database, "autocommit": True}
    open_before = psycopg.connect(**where, user="kim.coordinator", password=OFFICER_PASSWORD)
    account_admin.change_role(team.admin, "kim.coordinator", Role.OFFICER)
    # A connection opened with the old role is ended: its window signs in again.
    with pytest.raises(psycopg.OperationalError):
        open_before.execute("SELECT 1")
    with psycopg.connect(**where, user="kim.coordinator", password=OFFICER_PASSWORD) as kim:
        group = kim.execute("SELECT nyanland_role_of('kim.coordinator')").fetchone()
        assert group == ("nyanland_officer",)
        assert kim.execute("SELECT count(*) FROM cases").fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            kim.execute("SELECT nyanland_set_role('sam.sfi', 'nyanland_admin')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            kim.execute("SELECT nyanland_hand_over_cases(ARRAY[1], 'x', 'kim.coordinator')")
    again = signin.sign_in(team.url, "kim.coordinator", OFFICER_PASSWORD, clock).context
    assert again.actor.role is Role.OFFICER
    again.store.dispose()
    team.close()
