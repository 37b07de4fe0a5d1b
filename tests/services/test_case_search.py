"""The case list's search counts without reading the whole table: exactly from the indexes
where it can, else up to a cap and then 'more than', and either way the same cases as a
plain count over every row the actor may see."""

from __future__ import annotations

from datetime import date

import pytest

from nyanland.domain.roles import Actor, Role
from nyanland.services import case_search, demo
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseOrder, CaseQuery, CaseStatus
from tests.factories import case

WORDS = ("", "a", "ha", "ali", "amina", "moha", "19", "2026-0", "ali ha", "khalil sam", "zzq")


def every_row(cases: CaseService, query: CaseQuery) -> list[int]:
    """The matching cases, page by page to the end (the truth the counts must agree with)."""
    found: list[int] = []
    while True:
        page = cases.search(CaseQuery(**{**query.__dict__, "offset": len(found), "limit": 1000}))
        found += [row.id for row in page.rows]
        if len(page.rows) < 1000:
            return found


@pytest.fixture
def officer(context: ServiceContext) -> ServiceContext:
    demo.add_demo_cases(context, 600, seed=3, as_of=date(2026, 11, 1))
    bo = ServiceContext(context.store, Actor("bo.officer", Role.OFFICER), context.clock)
    # Protected people: two of a colleague's, one of this officer's.
    for who, name in ((bo, "Alia"), (bo, "Alina"), (context, "Aliya")):
        person = {"protected_identity": True, "first_name": name, "personal_identity_number": None}
        CaseService(who).create(case(person=person))
    return context


@pytest.mark.parametrize("words", WORDS)
def test_a_count_from_the_indexes_is_the_number_of_cases_listed(
    officer: ServiceContext, words: str
) -> None:
    cases = CaseService(officer)
    query = CaseQuery(text=words, limit=5)
    page = cases.search(query)
    listed = every_row(cases, query)
    assert not page.more
    assert page.total == len(listed)
    assert [row.id for row in page.rows] == listed[:5]


def test_a_colleague_s_protected_people_are_neither_listed_nor_counted(
    officer: ServiceContext,
) -> None:
    bo = ServiceContext(officer.store, Actor("bo.officer", Role.OFFICER), officer.clock)
    for words in ("", "ali"):
        seen = {}
        for who in (officer, bo):
            cases = CaseService(who)
            page = cases.search(CaseQuery(text=words, limit=1))
            listed = every_row(cases, CaseQuery(text=words))
            assert page.total == len(listed) and not page.more
            seen[who.actor.name] = {cases.get(i).data.person.first_name for i in listed}
        assert {"Alia", "Alina"} <= seen["bo.officer"] - seen["officer.test"]
        assert "Aliya" in seen["officer.test"] - seen["bo.officer"]


def test_beyond_the_cap_the_count_says_more_and_the_next_page_counts_on(
    officer: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(case_search, "COUNT_CAP", 100)
    cases = CaseService(officer)
    query = CaseQuery(status=CaseStatus.OPEN, order_by=CaseOrder.LAST_NAME, limit=50)
    listed = every_row(cases, query)
    assert len(listed) > 300
    first = cases.search(query)
    assert (first.total, first.more) == (100, True)
    later = cases.search(CaseQuery(**{**query.__dict__, "offset": 100}))
    assert (later.total, later.more) == (200, True)
    last = cases.search(CaseQuery(**{**query.__dict__, "offset": len(listed) - 30}))
    assert (last.total, last.more) == (len(listed), False)
    assert [row.id for row in last.rows] == listed[-30:]
    unsorted = cases.search(CaseQuery(**{**query.__dict__, "offset": 50}), count=False)
    assert [row.id for row in unsorted.rows] == listed[50:100] and unsorted.more
