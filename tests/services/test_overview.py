"""The caseload overview: every number equals the case list behind it, the officer's own or
everyone's; the coordinator's is anonymised (both engines, a server's rules included)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from nyanland.domain.case import Closure, Placement, SfiEnrolment
from nyanland.domain.codes import Outcome, PlacementKind, Sector, SfiCourse, StudyPath
from nyanland.domain.reminders import CasePhase
from nyanland.domain.roles import Role
from nyanland.services import accounts, overview
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseEvent, CaseQuery, CaseStatus, EventFilter
from tests.conftest import PASSWORD, TODAY, Team
from tests.factories import case

THIS_QUARTER = date(2026, 10, 5)  # TODAY is 2026-11-22: Q4
LAST_QUARTER = date(2026, 8, 3)


def _person(name: str, received: date, **changes: object) -> object:
    return case(
        person={"personal_identity_number": None, "first_name": name},
        reception={"reception_date": received},
        **changes,
    )


def _cases(team: Team) -> None:
    service = CaseService(team.officer)
    for number in range(3):
        service.create(_person(f"Ny{number}", THIS_QUARTER))  # type: ignore[arg-type]
    service.create(
        _person(  # type: ignore[arg-type]
            "Sfi",
            LAST_QUARTER,
            sfi=(SfiEnrolment(THIS_QUARTER, StudyPath.PATH_2, SfiCourse.B),),
        )
    )
    service.create(
        _person(  # type: ignore[arg-type]
            "Praktik",
            LAST_QUARTER,
            sfi=(SfiEnrolment(LAST_QUARTER, StudyPath.PATH_2, SfiCourse.B),),
            placements=(Placement(PlacementKind.INTERNSHIP, Sector.MUNICIPAL, LAST_QUARTER),),
        )
    )
    # Received in spring, given to a colleague.
    late = service.create(_person("Sen", date(2026, 3, 2)))  # type: ignore[arg-type]
    closed = service.create(_person("Klar", LAST_QUARTER))  # type: ignore[arg-type]
    service.close(closed.id, Closure(THIS_QUARTER, Outcome.WORK), closed.version)
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, PASSWORD)
    service.assign(late.id, "bo.officer", late.version)


def _listed(context: ServiceContext, query: CaseQuery) -> int:
    return CaseService(context).search(replace(query, limit=1000)).total


def test_each_number_of_the_overview_is_the_list_behind_it(team: Team) -> None:
    _cases(team)
    seen = overview.overview(team.officer)
    assert not seen.anonymised and seen.open == 6
    assert seen.phases == {
        CasePhase.NEW: 4,
        CasePhase.SFI: 1,
        CasePhase.PLACEMENT: 1,
        CasePhase.ENDING: 0,
    }
    assert seen.overdue == 6  # none has had the skills mapping due a month after reception
    assert seen.events[CaseEvent.RECEIVED] == (3, 3)
    assert seen.events[CaseEvent.SFI_START] == (1, 1)
    assert seen.events[CaseEvent.PLACEMENT_START] == (0, 1)
    assert seen.events[CaseEvent.CLOSED] == (1, 0)
    assert dict(seen.per_officer) == {"anna.officer": 5, "bo.officer": 1}
    officer = team.officer
    for phase, count in seen.phases.items():
        assert _listed(officer, CaseQuery(status=CaseStatus.OPEN, phase=phase)) == count
    assert _listed(officer, CaseQuery(status=CaseStatus.OPEN, only_overdue=True)) == 6
    for event, (this, last) in seen.events.items():
        assert _listed(officer, CaseQuery(event=EventFilter(event, seen.this_quarter))) == this
        assert _listed(officer, CaseQuery(event=EventFilter(event, seen.last_quarter))) == last
    for name, count in seen.per_officer:
        assert _listed(officer, CaseQuery(status=CaseStatus.OPEN, officer=name)) == count
    mine = overview.overview(team.officer, only_mine=True)
    assert mine.open == 5 and dict(mine.per_officer) == {"anna.officer": 5}
    assert mine.overdue == 5


def test_a_colleagues_protected_case_is_in_no_number_of_the_officers(team: Team) -> None:
    _cases(team)
    before = overview.overview(team.officer)
    service = CaseService(team.officer)
    hidden = service.create(
        case(
            person={"personal_identity_number": None, "protected_identity": True},
            reception={"reception_date": THIS_QUARTER},
            sfi=(SfiEnrolment(THIS_QUARTER, StudyPath.PATH_2, SfiCourse.B),),
            placements=(Placement(PlacementKind.INTERNSHIP, Sector.MUNICIPAL, THIS_QUARTER),),
        )
    )
    service.assign(hidden.id, "bo.officer", hidden.version)
    assert overview.overview(team.officer) == before  # as if it were not there
    bo = team.sign_in("bo.officer", PASSWORD)
    try:
        theirs = overview.overview(bo)
        for event in (CaseEvent.SFI_START, CaseEvent.PLACEMENT_START, CaseEvent.RECEIVED):
            assert theirs.events[event][0] == (before.events[event][0] or 0) + 1, event
            assert (
                _listed(bo, CaseQuery(event=EventFilter(event, theirs.this_quarter)))
                == (theirs.events[event][0])
            )
        assert theirs.phases[CasePhase.PLACEMENT] == before.phases[CasePhase.PLACEMENT] + 1
    finally:
        bo.store.dispose()


def test_the_coordinators_overview_is_anonymised(team: Team) -> None:
    _cases(team)
    assert TODAY.month == 11
    seen = overview.overview(team.coordinator, threshold=3)
    assert seen.anonymised
    assert seen.phases == {} and seen.per_officer == () and seen.overdue is None
    assert seen.open == 6
    assert seen.events[CaseEvent.RECEIVED] == (3, 3)
    assert seen.events[CaseEvent.SFI_START] == (None, None)  # 1 and 1: hidden
    assert seen.events[CaseEvent.PLACEMENT_START] == (0, None)  # none is no one
    assert overview.overview(team.admin, threshold=5).events[CaseEvent.RECEIVED] == (None, None)
