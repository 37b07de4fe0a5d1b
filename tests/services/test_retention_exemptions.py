"""A case kept from retention with a reason: neither listed nor deleted until it is let go,
both steps logged (both engines)."""

from __future__ import annotations

from datetime import date

import pytest

from nyanland.domain.case import Closure
from nyanland.domain.codes import Outcome
from nyanland.domain.errors import FieldError
from nyanland.domain.roles import NotPermitted
from nyanland.services import audit, retention, retention_exemptions
from nyanland.services.cases import CaseService
from tests.conftest import Team
from tests.factories import case


def test_a_case_kept_from_retention_is_neither_listed_nor_deleted_until_let_go(
    team: Team,
) -> None:
    service = CaseService(team.officer)
    record = service.create(case(reception={"reception_date": date(2018, 1, 10)}))
    service.close(record.id, Closure(date(2019, 6, 1), Outcome.WORK), record.version)
    assert [d.id for d in retention.due(team.admin)] == [record.id]
    kept = retention_exemptions.exempt(
        team.admin, f" {record.case_number} ", "  The decision is   appealed "
    )
    assert kept.reason == "The decision is appealed"
    assert retention.due(team.admin) == []
    with pytest.raises(retention.RetentionRefused):
        retention.delete_due(team.admin, [record.id])
    assert service.count() == 1
    for number, reason, field in (
        (record.case_number, "again", "case_number"),
        ("2019-99999", "no such case", "case_number"),
        (record.case_number, "   ", "reason"),
    ):
        with pytest.raises(FieldError) as refused:
            retention_exemptions.exempt(team.admin, number, reason)
        assert refused.value.field == field
    with pytest.raises(NotPermitted):
        retention_exemptions.exempt(team.officer, record.case_number, "mine")
    assert [e.case_number for e in retention_exemptions.exemptions(team.admin)] == [
        record.case_number
    ]
    retention_exemptions.lift(team.admin, record.id)
    assert [d.id for d in retention.due(team.admin)] == [record.id]
    assert retention.delete_due(team.admin, [record.id]) == 1
    said = [
        (e.action, e.detail)
        for e in audit.events(team.admin)
        if e.action.startswith("retention_exempt")
    ]
    assert said == [
        ("retention_exempted", "The decision is appealed"),
        ("retention_exemption_lifted", ""),
    ]
