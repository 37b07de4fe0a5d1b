"""Several cases at once, as chosen in the case list: given to a colleague, closed, printed
as a list (both engines; all or nothing)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from nyanland.domain.case import Closure
from nyanland.domain.codes import Outcome
from nyanland.domain.errors import FieldError, KnownError, NotFound
from nyanland.domain.roles import NotPermitted, Role
from nyanland.services import accounts, audit, bulk_cases
from nyanland.services.audit import AuditQuery
from nyanland.services.cases import CaseService
from nyanland.services.records import CaseQuery
from tests.conftest import PASSWORD, TODAY, Team
from tests.factories import case


def _three(team: Team) -> list[int]:
    service = CaseService(team.officer)
    names = ("Amina", "Bilal", "Skyddad")
    made = [
        service.create(
            case(
                person={
                    "personal_identity_number": None,
                    "first_name": name,
                    "protected_identity": name == "Skyddad",
                }
            )
        )
        for name in names
    ]
    return [record.id for record in made]


def test_chosen_cases_go_to_a_colleague_in_one_step_each_logged(team: Team) -> None:
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, PASSWORD)
    bo = team.sign_in("bo.officer", PASSWORD)
    ids = _three(team)
    done = bulk_cases.assign_cases(team.officer, ids, "bo.officer")
    assert (done.changed, done.unchanged) == (3, 0)
    assert {row.id for row in CaseService(bo).search(CaseQuery(officer="bo.officer")).rows} == set(
        ids
    )
    # The protected person's case left anna's sight; the others she still sees.
    assert {row.id for row in CaseService(team.officer).search(CaseQuery()).rows} == set(ids[:2])
    again = bulk_cases.assign_cases(bo, ids, "bo.officer")
    assert (again.changed, again.unchanged) == (0, 3)
    logged = [
        e.case_id
        for e in audit.events(team.admin, AuditQuery())
        if e.action == "case_changed" and e.detail == "assigned_officer"
    ]
    assert sorted(logged) == sorted(ids)
    with pytest.raises(FieldError, match="not an officer's account") as refused:
        bulk_cases.assign_cases(bo, ids, "sam.sfi")
    assert refused.value.field == "assigned_officer"
    bo.store.dispose()


def test_chosen_cases_are_closed_together_or_not_at_all(team: Team) -> None:
    service = CaseService(team.officer)
    ids = _three(team)[:2]
    late = service.create(
        case(
            person={"personal_identity_number": None, "first_name": "Sen"},
            reception={"reception_date": TODAY},
        )
    )
    closure = Closure(TODAY - timedelta(days=1), Outcome.WORK)
    with pytest.raises(FieldError, match=f"{late.case_number}: the case closes before reception"):
        bulk_cases.close_cases(team.officer, [*ids, late.id], closure)
    assert all(service.get(case_id).data.closure is None for case_id in ids)
    done = bulk_cases.close_cases(team.officer, ids, closure)
    assert (done.changed, done.unchanged) == (2, 0)
    assert {service.get(case_id).data.closure for case_id in ids} == {closure}
    assert bulk_cases.close_cases(team.officer, ids, closure).unchanged == 2
    closed = [e for e in audit.events(team.admin, AuditQuery()) if e.action == "case_closed"]
    assert sorted(e.case_id for e in closed) == sorted(ids)


def test_chosen_cases_are_printed_as_a_list_and_each_print_is_logged(
    team: Team, tmp_path: Path
) -> None:
    ids = _three(team)
    written = bulk_cases.print_list(team.officer, ids, tmp_path / "lista.pdf")
    assert written == 3
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "lista.pdf").pages)
    for name in ("Amina Haddad", "Bilal Haddad", "Skyddad Haddad", "anna.officer"):
        assert name in text
    printed = [e for e in audit.events(team.admin, AuditQuery()) if e.action == "case_printed"]
    assert sorted(e.case_id for e in printed) == sorted(ids)


def test_a_choice_the_actor_may_not_work_on_changes_nothing(team: Team, tmp_path: Path) -> None:
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, PASSWORD)
    bo = team.sign_in("bo.officer", PASSWORD)
    ids = _three(team)
    with pytest.raises(NotFound, match="1 of the chosen cases"):
        bulk_cases.assign_cases(bo, ids, "bo.officer")  # the protected one is not his to see
    assert {row.id for row in CaseService(bo).search(CaseQuery(officer="bo.officer")).rows} == set()
    with pytest.raises(NotPermitted):
        bulk_cases.close_cases(team.sfi, ids[:1], Closure(date(2026, 5, 1), Outcome.WORK))
    with pytest.raises(FieldError, match="choose one or more cases"):
        bulk_cases.print_list(team.officer, [], tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    before = len(audit.events(team.admin, AuditQuery()))
    with pytest.raises(KnownError, match="cannot write"):
        bulk_cases.print_list(team.officer, ids[:1], tmp_path / "no such folder" / "x.pdf")
    assert len(audit.events(team.admin, AuditQuery())) == before  # nothing printed, nothing logged
    bo.store.dispose()
