"""The lists the administrator keeps: a district or SFI provider comes from its list (one
spelling, so the statistics and the school's lists do not split), an employer may be new,
and a retired name stays valid where it was used."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nyanland.domain.case import Housing, Placement, SfiEnrolment
from nyanland.domain.codes import HousingKind, PlacementKind, Sector, SfiCourse, StudyPath
from nyanland.domain.errors import FieldError, ValidationFailed
from nyanland.domain.roles import NotPermitted
from nyanland.services import kept_lists, sfi, sfi_import
from nyanland.services.cases import CaseService
from nyanland.services.kept_lists import KeptList
from nyanland.services.sfi_import import RowStatus, SfiListRejected
from tests.conftest import Team
from tests.factories import case

HOME = Housing(HousingKind.TEMPORARY, date(2026, 3, 2), district="Centrum")


def test_a_district_comes_from_its_list_once_the_list_has_names(team: Team) -> None:
    cases = CaseService(team.officer)
    free = cases.create(case(housing=(HOME,)))  # no list yet: typed freely
    kept_lists.add(team.admin, KeptList.DISTRICT, "Norr")
    kept_lists.add(team.admin, KeptList.DISTRICT, "  Södra   Ängby ")
    assert kept_lists.offered(team.officer)[KeptList.DISTRICT] == ("Norr", "Södra Ängby")
    with pytest.raises(FieldError, match="is in the list already"):
        kept_lists.add(team.admin, KeptList.DISTRICT, "norr")
    with pytest.raises(ValidationFailed) as refused:
        cases.create(
            case(
                person={"personal_identity_number": None},
                housing=(HOME,),
            )
        )
    (problem,) = refused.value.problems
    assert problem.field == "housing[0].district"
    assert "Centrum is not in the list of districts" in problem.problem
    # The case that had it before the list keeps it through later saves.
    again = cases.get(free.id)
    cases.update(free.id, again.data, again.version)
    # Retired: not offered, still valid where it was used, refused for a new case.
    kept_lists.retire(team.admin, KeptList.DISTRICT, "Norr")
    assert kept_lists.offered(team.sfi)[KeptList.DISTRICT] == ("Södra Ängby",)
    assert [(e.name, e.retired) for e in kept_lists.entries(team.admin, KeptList.DISTRICT)] == [
        ("Norr", True),
        ("Södra Ängby", False),
    ]
    with pytest.raises(NotPermitted):
        kept_lists.add(team.officer, KeptList.DISTRICT, "Väster")


def test_an_employer_may_be_new_and_an_sfi_provider_may_not(team: Team, tmp_path: Path) -> None:
    kept_lists.add(team.admin, KeptList.EMPLOYER, "Biblioteket")
    kept_lists.add(team.admin, KeptList.SFI_PROVIDER, "Hermods")
    cases = CaseService(team.officer)
    made = cases.create(
        case(
            placements=(
                Placement(
                    PlacementKind.INTERNSHIP,
                    Sector.PRIVATE,
                    date(2026, 5, 1),
                    employer="Café Solros",
                ),
            )
        )
    )
    start = SfiEnrolment(date(2026, 4, 1), StudyPath.PATH_2, SfiCourse.B, provider="Vux Syd")
    with pytest.raises(ValidationFailed, match=r"sfi\[0\]\.provider: Vux Syd is not in the list"):
        sfi.record_start(team.sfi, made.id, start, made.version)
    # The school's list: a provider written another way is the list's; an unknown one is not.
    path = tmp_path / "list.csv"
    path.write_text(
        "personal_identity_number;start_date;study_path;course;provider\n"
        "19811218-9876;2026-04-01;2;B;HERMODS\n",
        encoding="utf-8",
    )
    sfi_import.import_sfi(team.sfi, path)
    assert [c.provider for c in sfi.sfi_record(team.sfi, made.id).enrolments] == ["Hermods"]
    path.write_text(
        "personal_identity_number;start_date;study_path;course;provider\n"
        "19811218-9876;2026-06-01;2;C;Okänd skola\n",
        encoding="utf-8",
    )
    with pytest.raises(SfiListRejected) as rejected:
        sfi_import.import_sfi(team.sfi, path)
    (row,) = rejected.value.rows
    assert row.status is RowStatus.INVALID
    assert row.what.startswith("provider: Okänd skola is not in the list of sfi providers")
