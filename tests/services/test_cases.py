"""The case service: one transaction per call, plain data out, the import's rules on every save."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from nyanland.domain.case import Closure, SfiEnrolment
from nyanland.domain.codes import Outcome, SfiCourse, StudyPath
from nyanland.domain.errors import NotFound, StaleVersion, ValidationFailed
from nyanland.domain.roles import Role
from nyanland.services import accounts, audit
from nyanland.services.case_rows import NewCase, insert_cases
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseOrder, CaseQuery, CaseStatus
from tests.conftest import PASSWORD, Team
from tests.factories import case


@pytest.fixture
def cases(context: ServiceContext) -> CaseService:
    return CaseService(context)


def test_a_created_case_reads_back_as_it_was_given(cases: CaseService) -> None:
    data = case(sfi=(SfiEnrolment(date(2026, 3, 20), StudyPath.PATH_2, SfiCourse.B),))
    record = cases.create(data)
    assert record.case_number == "2026-00001"
    assert record.version == 1
    assert cases.get(record.id).data == replace(data, case_number="2026-00001")


def test_case_numbers_count_up_within_the_reception_year(cases: CaseService) -> None:
    first = cases.create(case(person={"personal_identity_number": None}))
    second = cases.create(case(person={"personal_identity_number": None}))
    other_year = cases.create(
        case(
            person={"personal_identity_number": None},
            reception={"reception_date": date(2025, 12, 1)},
        )
    )
    assert [first.case_number, second.case_number, other_year.case_number] == [
        "2026-00001",
        "2026-00002",
        "2025-00001",
    ]


def test_numbers_count_on_past_99999_cases_in_a_year(
    cases: CaseService, context: ServiceContext
) -> None:
    """ "2026-100000" sorts before "2026-99999": the next number is still the highest + 1 (a
    store of a million cases failed its next registration)."""
    given = [
        NewCase(replace(case(person={"personal_identity_number": None}), case_number=number))
        for number in ("2026-99999", "2026-100000", "2026-100001", "2025-99998")
    ]
    with context.store.writing() as session:
        insert_cases(session, given, context.clock.now())
    record = cases.create(case(person={"personal_identity_number": None}))
    assert record.case_number == "2026-100002"
    earlier = case(
        person={"personal_identity_number": None},
        reception={"reception_date": date(2025, 3, 1)},
    )
    assert cases.create(earlier).case_number == "2025-99999"


def test_an_identity_number_belongs_to_one_case_only(cases: CaseService) -> None:
    first = cases.create(case())
    with pytest.raises(ValidationFailed) as refused:
        cases.create(case())
    assert refused.value.problems[0].field == "person.personal_identity_number"
    assert first.case_number in refused.value.problems[0].problem
    assert cases.count() == 1


def test_an_invalid_case_is_refused_and_nothing_is_stored(cases: CaseService) -> None:
    with pytest.raises(ValidationFailed) as refused:
        cases.create(case(person={"first_name": " "}))
    assert [p.field for p in refused.value.problems] == ["person.first_name"]
    assert cases.count() == 0


def test_saving_over_a_newer_version_is_refused(cases: CaseService) -> None:
    record = cases.create(case())
    cases.update(
        record.id,
        replace(record.data, person=replace(record.data.person, phone="070-123 45 67")),
        1,
    )
    with pytest.raises(StaleVersion):
        cases.update(record.id, replace(record.data, notes=()), 1)
    assert cases.get(record.id).data.person.phone == "070-123 45 67"


def test_an_update_replaces_the_lists_and_bumps_the_version(cases: CaseService) -> None:
    record = cases.create(
        case(sfi=(SfiEnrolment(date(2026, 3, 20), StudyPath.PATH_2, SfiCourse.B),))
    )
    changed = replace(
        record.data, sfi=(SfiEnrolment(date(2026, 4, 1), StudyPath.PATH_3, SfiCourse.C),)
    )
    updated = cases.update(record.id, changed, record.version)
    assert updated.version == 2
    assert updated.data.sfi == changed.sfi


def test_closing_records_the_outcome_and_the_audit_log_holds_the_old_and_new_values(
    cases: CaseService, admin_context: ServiceContext
) -> None:
    record = cases.create(case())
    cases.update(
        record.id,
        replace(record.data, person=replace(record.data.person, phone="070-123 45 67")),
        record.version,
    )
    closed = cases.close(record.id, Closure(date(2026, 10, 1), Outcome.WORK), 2)
    assert closed.data.closure == Closure(date(2026, 10, 1), Outcome.WORK)
    entries = [
        (e.actor, e.action, e.detail, e.changes)
        for e in audit.events(admin_context, audit.AuditQuery(person=record.case_number))
    ]
    assert entries == [
        ("officer.test", "case_created", "", None),
        ("officer.test", "case_changed", "person.phone", {"person.phone": (None, "070-123 45 67")}),
        ("officer.test", "case_closed", "work", None),
    ]


def test_a_closure_before_reception_is_refused(cases: CaseService) -> None:
    record = cases.create(case())
    with pytest.raises(ValidationFailed, match=r"closure\.date"):
        cases.close(record.id, Closure(date(2020, 1, 1), Outcome.WORK), record.version)


def test_household_members_are_linked_both_ways(cases: CaseService) -> None:
    parent = cases.create(case())
    child = cases.create(
        case(
            person={
                "first_name": "Nour",
                "personal_identity_number": None,
                "birth_date": date(2018, 5, 1),
            }
        ),
        household_of=parent.id,
    )
    assert [m.full_name for m in child.household_members] == ["Amina Haddad"]
    assert [m.full_name for m in cases.get(parent.id).household_members] == ["Nour Haddad"]


def test_search_finds_by_name_identity_number_dossier_and_case_number(cases: CaseService) -> None:
    amina = cases.create(case())
    cases.create(
        case(
            person={
                "first_name": "Yonas",
                "last_name": "Tekle",
                "personal_identity_number": None,
                "dossier_number": "99887766",
            }
        )
    )
    for words in (
        "amina",
        "HADDAD",
        "8112189876",
        "811218-9876",
        "12345678",
        amina.case_number,
        "ami had",
    ):
        page = cases.search(CaseQuery(text=words))
        assert [row.id for row in page.rows] == [amina.id], words
    assert cases.search(CaseQuery(text="amina tekle")).total == 0
    assert cases.search(CaseQuery(text="%")).total == 0  # LIKE wildcards are literal


def test_search_pages_filters_and_sorts(cases: CaseService) -> None:
    for index in range(5):
        record = cases.create(
            case(
                person={"personal_identity_number": None, "last_name": f"Name{index}"},
                reception={"reception_date": date(2026, 1, 10 + index)},
            )
        )
        if index % 2 == 0:
            cases.close(record.id, Closure(date(2026, 6, 1), Outcome.STUDIES), record.version)
    page = cases.search(
        CaseQuery(order_by=CaseOrder.LAST_NAME, descending=False, offset=1, limit=2)
    )
    assert page.total == 5
    assert [r.last_name for r in page.rows] == ["Name1", "Name2"]
    assert cases.search(CaseQuery(status=CaseStatus.OPEN)).total == 2
    assert cases.search(CaseQuery(status=CaseStatus.CLOSED)).total == 3


def test_notes_of_one_day_come_back_in_the_order_they_were_written(
    cases: CaseService, context: ServiceContext
) -> None:
    """By date, then by when they were written (their number), on every engine: a server
    that keeps its rows in another order (here: the later note stored first) shows the same
    as a laptop."""
    from nyanland.store.models import JournalNoteRow

    made = cases.create(case())
    day = date(2026, 3, 4)
    with context.store.writing() as session:
        for number, text in ((1002, "second"), (1001, "first")):
            session.add(JournalNoteRow(id=number, case_id=made.id, note_date=day, text=text))
            session.flush()
    assert [n.text for n in cases.get(made.id).data.notes if n.date == day] == [
        "first",
        "second",
    ]


def test_a_protected_case_given_to_a_colleague_leaves_the_givers_sight(team: Team) -> None:
    """On a file as on a server: the hand-over is saved, and the giver gets the case back as
    it saw it last, with its new officer (it can no longer read it)."""
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, PASSWORD)
    mine = CaseService(team.officer)
    protected = mine.create(case(person={"protected_identity": True}))
    given = mine.assign(protected.id, "bo.officer", protected.version)
    assert given.assigned_officer == "bo.officer" and given.version == protected.version + 1
    with pytest.raises(NotFound):
        mine.get(protected.id)
    bo = team.sign_in("bo.officer", PASSWORD)
    try:
        assert CaseService(bo).get(protected.id).assigned_officer == "bo.officer"
    finally:
        bo.store.dispose()
