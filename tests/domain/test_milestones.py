"""Milestones are done, due or late exactly on their dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from nyanland.domain.case import Closure, SfiEnrolment, SkillsMapping
from nyanland.domain.codes import Outcome, SfiCourse, StudyPath
from nyanland.domain.milestones import State, milestones
from tests.factories import case

RECEIVED = date(2026, 1, 10)  # SFI by 10 April, mapping by 9 February, end 10 January 2028


def states(data: object, today: date) -> list[tuple[str, date, State]]:
    return [(m.name, m.due, m.state) for m in milestones(data, today)]  # type: ignore[arg-type]


def test_due_until_the_deadline_and_late_the_day_after() -> None:
    data = case(reception={"reception_date": RECEIVED})
    assert states(data, date(2026, 4, 10))[0] == ("SFI start", date(2026, 4, 10), State.DUE)
    assert states(data, date(2026, 4, 11))[0] == ("SFI start", date(2026, 4, 10), State.LATE)
    assert states(data, date(2026, 2, 10))[1] == ("Skills mapping", date(2026, 2, 9), State.LATE)


def test_done_in_time_or_late_and_the_closure_ends_the_establishment() -> None:
    data = replace(
        case(reception={"reception_date": RECEIVED}),
        sfi=(
            SfiEnrolment(date(2026, 5, 1), StudyPath.PATH_2, SfiCourse.B),
            SfiEnrolment(date(2026, 3, 1), StudyPath.PATH_2, SfiCourse.B),
        ),
        skills_mapping=SkillsMapping(completed_date=date(2026, 2, 1)),
        closure=Closure(date(2027, 6, 1), Outcome.WORK),
    )
    assert [s for _n, _d, s in states(data, date(2027, 6, 2))] == [
        State.DONE,  # the first start (1 March) counts
        State.DONE,
        State.DONE,
    ]
    late = replace(data, skills_mapping=SkillsMapping(completed_date=date(2026, 3, 1)))
    assert states(late, date(2027, 6, 2))[1][2] is State.DONE_LATE


def test_a_child_at_reception_has_no_milestones() -> None:
    child = case(
        person={"personal_identity_number": None, "birth_date": date(2012, 5, 5)},
        reception={"reception_date": RECEIVED},
    )
    assert milestones(child, date(2026, 11, 22)) == []
