"""Every item model keeps Qt's model contract (pytest-qt's qtmodeltester)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from nyanland.domain.case import SfiEnrolment
from nyanland.domain.codes import SfiCourse, StudyPath
from nyanland.services import case_search, demo
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseQuery, CaseStatus
from nyanland.ui import case_fields
from nyanland.ui.case_table import PAGE_SIZE, CaseTableModel
from nyanland.ui.record_list import RecordListModel
from tests.conftest import Team


def test_the_case_list_model(qtmodeltester: ModelTester, context: ServiceContext) -> None:
    """The model never reads the store: it asks for what it lacks and shows placeholders."""
    demo.add_demo_cases(context, 450, seed=2, as_of=date(2026, 11, 1))
    cases = CaseService(context)
    pages: list[tuple[CaseQuery, int, bool]] = []
    sorts: list[CaseQuery] = []
    model = CaseTableModel(lambda *asked: pages.append(asked), sorts.append)

    def answer() -> None:  # what the list pane does on the executor
        while pages:
            query, number, count = pages.pop(0)
            model.add_page(query, number, cases.search(query, count))

    model.show(cases.search(CaseQuery(limit=PAGE_SIZE)))
    qtmodeltester.check(model)
    assert model.rowCount() == 450
    assert model.summary(449) is None and model.data(model.index(449, 1)) == "…"
    assert [number for _query, number, _count in pages] == [
        2
    ]  # asked once, however often it is drawn
    model.summary(449)
    assert len(pages) == 1
    answer()
    assert model.summary(449) is not None
    model.sort(CaseTableModel.COL_NAME)
    assert sorts and model.rowCount() == 450  # the old rows stay until the new ones come
    model.show(cases.search(sorts[-1]), sorts[-1])
    for row in range(450):
        model.summary(row)
    answer()
    names = [model.summary(i).last_name for i in range(450)]  # type: ignore[union-attr]
    assert names == sorted(names)
    qtmodeltester.check(model)


def test_the_case_list_grows_as_it_is_scrolled_past_what_was_counted(
    qtmodeltester: ModelTester, context: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a million cases a filtered list is counted a part at a time: the list says "more
    than", and the next part is counted when the view reaches the end (Qt's fetchMore)."""
    monkeypatch.setattr(case_search, "COUNT_CAP", PAGE_SIZE)
    demo.add_demo_cases(context, 700, seed=2, as_of=date(2026, 11, 1))
    cases = CaseService(context)
    pages: list[tuple[CaseQuery, int, bool]] = []
    model = CaseTableModel(lambda *asked: pages.append(asked), lambda _query: None)
    query = CaseQuery(status=CaseStatus.OPEN, limit=PAGE_SIZE)
    open_cases = cases.search(replace(query, limit=1000)).total
    assert open_cases > 2 * PAGE_SIZE
    model.show(cases.search(query), query)
    assert (model.rowCount(), model.more, model.canFetchMore()) == (PAGE_SIZE, True, True)
    while model.canFetchMore():
        model.fetchMore()
        assert not model.canFetchMore()  # one part at a time
        asked, number, count = pages.pop()
        assert count and number == model.rowCount() // PAGE_SIZE
        model.add_page(asked, number, cases.search(asked, count))
    assert model.rowCount() == open_cases and not model.more
    assert model.summary(open_cases - 1) is not None and not pages
    qtmodeltester.check(model)


def test_the_record_list_model(qtmodeltester: ModelTester) -> None:
    model: RecordListModel[SfiEnrolment] = RecordListModel(case_fields.SFI_ENROLMENT[:3])
    model.set_records([SfiEnrolment(date(2026, 1, 1), StudyPath.PATH_1, SfiCourse.A)])
    qtmodeltester.check(model)
    assert model.data(model.index(0, 2)) == "Course A"


def test_the_reminder_model(qtmodeltester: ModelTester) -> None:
    from nyanland.domain.reminders import Reminder, ReminderKind
    from nyanland.ui.reminders_view import ReminderModel

    model = ReminderModel(lambda: date(2026, 11, 22))
    model.set_reminders(
        [
            Reminder(
                1, "2026-00001", "Amina Haddad", ReminderKind.SFI_NOT_STARTED, date(2026, 11, 1)
            ),
            Reminder(
                2,
                "2026-00002",
                "Yonas Tekle",
                ReminderKind.TASK_DUE,
                date(2026, 11, 25),
                "Boka tolk",
            ),
        ]
    )
    qtmodeltester.check(model)
    assert model.overdue_count() == 1


def test_the_administrators_table_models(
    qtbot: QtBot, qtmodeltester: ModelTester, team: Team
) -> None:
    from nyanland.services import accounts, audit
    from nyanland.ui.admin_view import AccountsPage
    from nyanland.ui.audit_page import AuditPage

    pages = (
        AccountsPage(team.admin, lambda _l, w, done: done(w())),
        AuditPage(team.admin, lambda _l, w, done: done(w())),
    )
    pages[0].refresh()
    pages[1].refresh()
    for page in pages:
        qtmodeltester.check(page.model)
    assert pages[0].model.rowCount() == len(accounts.list_accounts(team.admin))
    assert pages[1].model.rowCount() == len(audit.events(team.admin))
    for page in pages:
        qtbot.addWidget(page)
