"""*Slå ihop ärenden*: two cases of one person become one and nothing of either is lost."""

from __future__ import annotations

from datetime import date

import pytest

from nyanland.domain.case import Housing, JournalNote, Placement, SfiEnrolment
from nyanland.domain.codes import (
    HousingKind,
    PlacementKind,
    Sector,
    Sex,
    SfiCourse,
    StudyPath,
)
from nyanland.domain.errors import NotFound, StaleVersion
from nyanland.services import audit, case_merge, tasks
from nyanland.services.cases import CaseService
from tests.conftest import Team
from tests.factories import case


def test_a_merge_keeps_every_part_and_the_log_says_so(team: Team) -> None:
    cases = CaseService(team.officer)
    kept = cases.create(
        case(
            person={
                "first_name": "Rania",
                "last_name": "Halabi",
                "birth_date": date(1972, 12, 7),
                "personal_identity_number": None,
                "phone": "070-111 22 33",
                "languages": ("ar",),
            },
            sfi=(SfiEnrolment(date(2026, 4, 1), StudyPath("2"), SfiCourse.B),),
            notes=(JournalNote(date(2026, 3, 3), "Första mötet."),),
        )
    )
    other = cases.create(
        case(
            person={
                "first_name": "Rania",
                "last_name": "Halaby",
                "birth_date": date(1972, 12, 7),
                "sex": Sex.UNKNOWN,
                "personal_identity_number": "197212079805",
                "dossier_number": "99887766",
                "phone": "073-999 88 77",
                "languages": ("ar", "ku"),
                "email": "rania@example.org",
            },
            sfi=(SfiEnrolment(date(2026, 4, 1), StudyPath("2"), SfiCourse.B),),  # the same
            placements=(
                Placement(
                    PlacementKind.INTERNSHIP,
                    Sector.MUNICIPAL,
                    date(2026, 6, 1),
                    employer="Bibliotek",
                ),
            ),
            housing=(Housing(HousingKind.TEMPORARY, date(2026, 3, 2)),),
            notes=(JournalNote(date(2026, 3, 10), "Ringt om bostad."),),
        )
    )
    tasks.add_task(team.officer, other.id, "Boka tolk", date(2026, 12, 1))

    joined = case_merge.merge_cases(team.officer, kept, other)

    person = joined.data.person
    assert (person.last_name, person.phone) == ("Halabi", "070-111 22 33")  # the kept's values
    # What the kept case lacked it takes; the lists hold both, a shared entry once.
    assert person.personal_identity_number == "197212079805"
    assert (person.dossier_number, person.email) == ("12345678", "rania@example.org")
    assert person.languages == ("ar", "ku")
    assert len(joined.data.sfi) == 1 and len(joined.data.placements) == 1
    assert len(joined.data.housing) == 1
    texts = [note.text for note in joined.data.notes]
    assert texts[:2] == ["Första mötet.", "Ringt om bostad."]
    # What differed is written in the journal, so nothing of the other case is lost.
    (said,) = [t for t in texts if "joined into this case" in t]
    assert other.case_number in said
    assert "Last name: Halaby" in said and "Telephone: 073-999 88 77" in said
    assert "Dossier number (Migrationsverket): 99887766" in said
    assert [t.title for t in tasks.tasks_of(team.officer, kept.id)] == ["Boka tolk"]
    with pytest.raises(NotFound):
        cases.get(other.id)
    # The log names both numbers, on both cases.
    merged = [e for e in audit.events(team.admin) if e.action == "cases_merged"]
    assert {e.case_id for e in merged} == {kept.id, other.id}
    assert all(f"{other.case_number} joined into {kept.case_number}" in e.detail for e in merged)


def test_a_merge_of_a_case_changed_meanwhile_changes_nothing(team: Team) -> None:
    cases = CaseService(team.officer)
    kept = cases.create(case(person={"personal_identity_number": None}))
    other = cases.create(case(person={"first_name": "Amina", "personal_identity_number": None}))
    cases.update(other.id, other.data, other.version)  # saved by someone since it was shown
    with pytest.raises(StaleVersion):
        case_merge.merge_cases(team.officer, kept, other)
    assert cases.count() == 2
    assert cases.get(kept.id).data == kept.data
