"""The rules a case must keep name the field and the problem."""

from __future__ import annotations

from datetime import date

from nyanland.domain.case import (
    Closure,
    Housing,
    JournalNote,
    Placement,
    SfiEnrolment,
    SkillsMapping,
    case_problems,
)
from nyanland.domain.codes import (
    HousingKind,
    Outcome,
    PlacementKind,
    Sector,
    SfiCourse,
    StudyPath,
)
from tests.factories import case

TODAY = date(2026, 11, 22)


def fields(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [p.field for p in problems]


def test_a_complete_valid_case_has_no_problems() -> None:
    assert case_problems(case(), TODAY) == []


def test_a_case_without_identity_number_is_valid_with_dossier_number_and_birth_date() -> None:
    assert case_problems(case(person={"personal_identity_number": None}), TODAY) == []


def test_birth_date_must_agree_with_the_identity_number() -> None:
    problems = case_problems(case(person={"birth_date": date(1981, 12, 19)}), TODAY)
    assert fields(problems) == ["person.birth_date"]
    assert "1981-12-18" in problems[0].problem


def test_a_samordningsnummer_agrees_with_the_day_minus_60() -> None:
    good = case(
        person={"personal_identity_number": "197010632391", "birth_date": date(1970, 10, 3)}
    )
    assert case_problems(good, TODAY) == []


def test_birth_in_the_future_and_reception_before_birth_are_refused() -> None:
    unborn = case(
        person={"personal_identity_number": None, "birth_date": date(2027, 1, 1)},
        reception={"reception_date": date(2026, 12, 1)},
    )
    assert fields(case_problems(unborn, TODAY)) == ["person.birth_date", "reception.reception_date"]


def test_an_sfi_course_must_be_given_on_its_study_path() -> None:
    data = case(sfi=(SfiEnrolment(date(2026, 4, 1), StudyPath.PATH_3, SfiCourse.A),))
    problems = case_problems(data, TODAY)
    assert fields(problems) == ["sfi[0].course"]
    assert "course A is not given on study path 3 (only C, D)" in problems[0].problem


def test_end_dates_may_not_precede_start_dates() -> None:
    data = case(
        sfi=(
            SfiEnrolment(
                date(2026, 4, 1), StudyPath.PATH_2, SfiCourse.B, end_date=date(2026, 3, 1)
            ),
        ),
        placements=(
            Placement(
                PlacementKind.INTERNSHIP,
                Sector.PRIVATE,
                date(2026, 5, 1),
                end_date=date(2026, 4, 30),
            ),
        ),
        housing=(Housing(HousingKind.TEMPORARY, date(2026, 3, 2), move_out_date=date(2026, 3, 1)),),
    )
    assert fields(case_problems(data, TODAY)) == [
        "sfi[0].end_date",
        "placements[0].end_date",
        "housing[0].move_out_date",
    ]


def test_closure_may_not_precede_reception() -> None:
    data = case(closure=Closure(date(2026, 3, 1), Outcome.WORK))
    assert fields(case_problems(data, TODAY)) == ["closure.date"]


def test_codes_and_contact_details_are_checked() -> None:
    data = case(
        person={
            "country_of_birth": "XX",
            "languages": ("ar", "zz"),
            "email": "not-an-address",
            "dossier_number": "12-34",
        },
        skills_mapping=SkillsMapping(occupation_ssyk="12345", years_of_schooling=-1),
        notes=(JournalNote(date(2026, 3, 2), "  "),),
    )
    assert fields(case_problems(data, TODAY)) == [
        "person.dossier_number",
        "person.country_of_birth",
        "person.languages[1]",
        "person.email",
        "skills_mapping.years_of_schooling",
        "skills_mapping.occupation_ssyk",
        "notes[0].text",
    ]


def test_a_municipal_department_belongs_to_municipal_placements_only() -> None:
    data = case(
        placements=(
            Placement(
                PlacementKind.INTERNSHIP,
                Sector.PRIVATE,
                date(2026, 5, 1),
                municipal_department="Vård- och omsorgsförvaltningen",
            ),
        ),
    )
    assert fields(case_problems(data, TODAY)) == ["placements[0].municipal_department"]
