"""Input made to break things gets a clear message, and output a spreadsheet could run is not
written: OWASP's CSV injection, a case file nested thousands deep, a role asking for counts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nyanland.domain.errors import FieldError
from nyanland.domain.roles import NotPermitted, Role
from nyanland.services import accounts, audit, sync
from nyanland.services.case_file import parse_case
from tests.conftest import PASSWORD, TODAY, Team


def test_a_cell_that_starts_like_a_formula_is_exported_as_text(
    file_team: Team, tmp_path: Path
) -> None:
    """An account's name, as an administrator typed it, lands in the audit log's CSV: a
    spreadsheet must show it, never run it."""
    accounts.add_account(file_team.admin, "-2-1", Role.OFFICER, PASSWORD)
    audit.export_csv(file_team.admin, audit.AuditQuery(), tmp_path / "log.csv")
    with (tmp_path / "log.csv").open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "'-2-1 (officer)" in cells


def test_a_case_file_nested_thousands_deep_is_refused_by_line() -> None:
    deep = '{"format": "nyanland.case/1", "person": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(FieldError, match="nested too deeply"):
        parse_case(deep, TODAY)


def test_the_sync_status_is_refused_to_a_role_without_cases(file_team: Team) -> None:
    for context in (file_team.sfi, file_team.coordinator, file_team.admin):
        with pytest.raises(NotPermitted):
            sync.status(context)
