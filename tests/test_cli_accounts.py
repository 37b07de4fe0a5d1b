"""`nyanland users …` for the administrator's caseloads and roles, as a script runs it."""

from __future__ import annotations

from nyanland.domain.roles import Role
from nyanland.services import accounts
from nyanland.services.cases import CaseService
from tests.conftest import PASSWORD, Team
from tests.factories import case
from tests.test_cli import OFFICER, nyanland, signed_in


def test_an_administrator_hands_a_caseload_over_and_changes_the_role_from_the_command_line(
    team: Team,
) -> None:
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, PASSWORD)
    CaseService(team.officer).create(case(person={"personal_identity_number": None}))
    admin = signed_in("siv.admin", PASSWORD)
    store = ("--db", str(team.path))
    listed = nyanland(*store, "users", "caseloads", env=admin)
    assert listed.returncode == 0, listed.stderr
    assert "anna.officer\t1\t0" in listed.stdout.splitlines()
    assert "bo.officer\t0\t0" in listed.stdout.splitlines()
    early = nyanland(*store, "users", "role", "anna.officer", "--role", "sfi", env=admin)
    assert (early.returncode, early.stderr.strip()) == (
        1,
        "role: anna.officer still holds 1 case: hand it over first",
    )
    wrong = nyanland(*store, "users", "hand-over", "anna.officer", "--to", "sam.sfi", env=admin)
    assert wrong.returncode == 1 and "sam.sfi is not an active officer" in wrong.stderr
    moved = nyanland(*store, "users", "hand-over", "anna.officer", "--to", "bo.officer", env=admin)
    assert moved.stdout.strip() == "handed 1 case over: anna.officer → bo.officer 1"
    changed = nyanland(*store, "users", "role", "anna.officer", "--role", "sfi", env=admin)
    assert changed.stdout.strip() == "anna.officer is now SFI staff", changed.stderr
    refused = nyanland(*store, "users", "hand-over", "bo.officer", "--to", "x", env=OFFICER)
    assert refused.returncode == 1 and "needs the role Administrator" in refused.stderr
