"""Consents to share the case: recorded with their day, refused by field when they cannot
be, withdrawn for good, listed in the register extract, carried by a laptop's sync, hidden
with the case (both engines)."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from nyanland.domain.consents import Consent, ConsentPurpose
from nyanland.domain.errors import NotFound, ValidationFailed
from nyanland.domain.roles import NotPermitted, Role
from nyanland.services import accounts, audit, consents, extract, sync
from nyanland.services.audit import AuditQuery
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock
from nyanland.services.records import CaseQuery
from nyanland.store.engine import sqlite_url
from tests.conftest import OFFICER_PASSWORD, PASSWORD, TODAY, Team, make_team
from tests.factories import case


def test_a_consent_is_recorded_withdrawn_and_listed_in_the_extract(team: Team) -> None:
    made = CaseService(team.officer).create(case())
    given = consents.record(
        team.officer, made.id, Consent(ConsentPurpose.EMPLOYMENT_SERVICE, date(2026, 3, 2))
    )
    landlord = consents.record(
        team.officer,
        made.id,
        Consent(ConsentPurpose.LANDLORD, date(2026, 4, 1), recipient="  Bostadsbolaget AB "),
    )
    assert landlord.consent.recipient == "Bostadsbolaget AB"
    assert given.consent.standing(TODAY)
    withdrawn = consents.withdraw(team.officer, given.id, TODAY)
    assert withdrawn.consent.withdrawn_on == TODAY and withdrawn.withdrawn_by == "anna.officer"
    assert not withdrawn.consent.standing(TODAY)
    with pytest.raises(NotFound):
        consents.withdraw(team.officer, given.id, TODAY)  # withdrawn stays withdrawn
    listed = consents.of_case(team.officer, made.id)
    assert [c.id for c in listed] == [landlord.id, given.id]  # the standing one first
    text = " ".join(
        page.extract_text()
        for page in PdfReader(BytesIO(extract.register_extract(team.officer, made.id))).pages
    )
    flat = " ".join(text.split())
    assert "Samtycken" in flat
    assert "Dela med en hyresvärd (Bostadsbolaget AB) givet 1 april 2026" in flat, flat[-600:]
    assert "återkallat 22 november 2026" in flat
    actions = [e.action for e in audit.events(team.admin, AuditQuery())]
    assert actions.count("consent_recorded") == 2 and actions.count("consent_withdrawn") == 1


def test_a_consent_that_cannot_be_is_refused_by_field(team: Team) -> None:
    made = CaseService(team.officer).create(case())
    with pytest.raises(ValidationFailed) as future:
        consents.record(
            team.officer, made.id, Consent(ConsentPurpose.SFI_SCHOOL, TODAY + timedelta(days=1))
        )
    assert [p.field for p in future.value.problems] == ["given_on"]
    with pytest.raises(ValidationFailed) as nobody:
        consents.record(team.officer, made.id, Consent(ConsentPurpose.OTHER, TODAY, "  "))
    assert [p.field for p in nobody.value.problems] == ["recipient"]
    kept = consents.record(team.officer, made.id, Consent(ConsentPurpose.SFI_SCHOOL, TODAY))
    with pytest.raises(ValidationFailed) as early:
        consents.withdraw(team.officer, kept.id, TODAY - timedelta(days=3))
    assert [p.field for p in early.value.problems] == ["withdrawn_on"]
    assert consents.of_case(team.officer, made.id)[0].consent.withdrawn_on is None
    with pytest.raises(NotPermitted):
        consents.of_case(team.sfi, made.id)


def test_a_protected_persons_consents_are_their_officers_alone(team: Team) -> None:
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, PASSWORD)
    bo = team.sign_in("bo.officer", PASSWORD)
    hidden = CaseService(team.officer).create(case(person={"protected_identity": True}))
    kept = consents.record(team.officer, hidden.id, Consent(ConsentPurpose.LANDLORD, TODAY))
    with pytest.raises(NotFound):
        consents.of_case(bo, hidden.id)
    with pytest.raises(NotFound):
        consents.withdraw(bo, kept.id, TODAY)
    bo.store.dispose()


def test_consents_and_their_withdrawal_travel_with_a_laptops_sync(
    postgres_url: str, tmp_path: Path, clock: Clock
) -> None:
    server = make_team(postgres_url, clock)
    on_server = CaseService(server.officer).create(case())
    local, remote, _first = sync.create_replica(
        server.url, sqlite_url(tmp_path / "laptop.sqlite3"), "anna.officer", OFFICER_PASSWORD, clock
    )
    remote.store.dispose()
    here_case = CaseService(local).search(CaseQuery()).rows[0].id
    offline = consents.record(local, here_case, Consent(ConsentPurpose.SFI_SCHOOL, TODAY))
    assert sync.status(local).pending == 1
    remote = server.sign_in("anna.officer", OFFICER_PASSWORD)
    assert sync.synchronise(local, remote).consents == 1
    assert sync.status(local).pending == 0
    there = {c.uid: c for c in consents.of_case(server.officer, on_server.id)}
    assert set(there) == {offline.uid}
    consents.withdraw(server.officer, there[offline.uid].id, TODAY)
    assert sync.synchronise(local, remote).consents == 1
    assert consents.of_case(local, here_case)[0].consent.withdrawn_on == TODAY
    assert sync.synchronise(local, remote).consents == 0
    remote.store.dispose()
    local.store.dispose()
    server.close()
