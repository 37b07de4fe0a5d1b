"""Likely duplicates where the officer meets them: before saving a new case, in a case file's
import (a warning per line, the cases still imported) and in an SFI list's unmatched rows."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from nyanland.domain.codes import Sex
from nyanland.domain.roles import Role
from nyanland.services import accounts, duplicates, sfi_import
from nyanland.services.cases import CaseService
from nyanland.services.sfi_import import RowStatus, SfiListRejected
from nyanland.services.transfer import import_cases
from tests.conftest import OFFICER_PASSWORD, Team
from tests.factories import case

RANIA = {
    "first_name": "Rania",
    "last_name": "Halabi",
    "birth_date": date(1972, 12, 7),
    "sex": Sex.FEMALE,
    "personal_identity_number": None,
    "dossier_number": None,
}


def rania(**changes: object) -> dict[str, object]:
    return {**RANIA, **changes}


def test_a_new_case_is_shown_the_cases_it_may_be(team: Team) -> None:
    cases = CaseService(team.officer)
    halabi = cases.create(case(person=rania()))
    cases.create(case(person=rania(first_name="Maryam", birth_date=date(1975, 2, 1))))
    cases.create(case(person=rania(first_name="Yusuf", sex=Sex.MALE)))  # a brother? not her

    found = duplicates.likely_duplicates(team.officer, case(person=rania(last_name="Halaby")))
    assert [(f.case_number, f.full_name, f.same_birth_date) for f in found] == [
        (halabi.case_number, "Rania Halabi", True)
    ]
    slipped = case(person=rania(birth_date=date(1927, 12, 7)))
    assert [f.case_id for f in duplicates.likely_duplicates(team.officer, slipped)] == [halabi.id]
    # A case is not its own duplicate (saving it again asks nothing).
    assert duplicates.likely_duplicates(team.officer, halabi.data, halabi.id) == []
    # Someone else with a common name.
    other = case(person=rania(first_name="Amina", birth_date=date(1972, 12, 7)))
    assert duplicates.likely_duplicates(team.officer, other) == []


def test_a_protected_identity_is_not_given_away_as_a_likely_duplicate(team: Team) -> None:
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, OFFICER_PASSWORD)
    bo = team.sign_in("bo.officer")
    hidden = CaseService(team.officer).create(case(person=rania(protected_identity=True)))
    again = case(person=rania(last_name="Halaby"))
    assert [f.case_id for f in duplicates.likely_duplicates(team.officer, again)] == [hidden.id]
    # Her colleague may not know she is registered at all: not even as a likely duplicate.
    assert duplicates.likely_duplicates(bo, again) == []
    bo.store.dispose()


def _line(**person: object) -> str:
    line = {
        "format": "nyanland.case/1",
        "person": {
            "first_name": "Rania",
            "last_name": "Halaby",
            "birth_date": "1972-12-07",
            "sex": "female",
            **person,
        },
        "reception": {"reception_date": "2026-03-02", "reception_type": "assigned"},
    }
    return json.dumps(line)


def test_an_import_warns_per_line_and_imports_all_the_same(team: Team, tmp_path: Path) -> None:
    cases = CaseService(team.officer)
    halabi = cases.create(case(person=rania()))
    path = tmp_path / "cases.jsonl"
    path.write_text(
        "\n".join(
            [
                _line(first_name="Amina", birth_date="1980-01-01"),  # someone new
                _line(),  # Rania again, spelled Halaby
                _line(first_name="Omar", last_name="Darwish", sex="male"),
                _line(first_name="Omer", last_name="Darwisch", sex="male"),  # line 3 again
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    checked = import_cases(team.officer, path, dry_run=True)
    assert checked.warnings("cases.jsonl") == [
        f"cases.jsonl:2: may be the same person as case {halabi.case_number}",
        "cases.jsonl:4: may be the same person as line 3",
    ]
    assert cases.count() == 1  # the dry run imported nothing
    report = import_cases(team.officer, path)
    assert (report.count, len(report.duplicates)) == (4, 2)
    assert cases.count() == 5  # a warning, not a rule: every line imported


def test_an_unmatched_sfi_row_names_a_case_without_a_number_born_that_day(
    team: Team, tmp_path: Path
) -> None:
    cases = CaseService(team.officer)
    without = cases.create(case(person=rania(birth_date=date(1990, 1, 1))))
    path = tmp_path / "list.csv"
    path.write_text(
        "personal_identity_number;start_date;study_path;course\n199001012385;2026-04-01;2;B\n",
        encoding="utf-8",
    )
    with pytest.raises(SfiListRejected) as rejected:
        sfi_import.import_sfi(team.sfi, path)
    (row,) = rejected.value.rows
    assert row.status is RowStatus.UNMATCHED
    assert f"case {without.case_number} has the same birth date and no identity number" in row.what
