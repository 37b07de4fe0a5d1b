"""*Översikt* as its users meet it: an officer clicks a number and gets the list behind it; a
coordinator sees the quarters anonymised, and nothing opens a list."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from nyanland.domain.case import SfiEnrolment
from nyanland.domain.codes import SfiCourse, StudyPath
from nyanland.domain.reminders import CasePhase
from nyanland.services import overview
from nyanland.services.cases import CaseService
from nyanland.ui.main_window import MainWindow
from tests.conftest import Team
from tests.factories import case


def _made(team: Team) -> None:
    service = CaseService(team.officer)
    for number in range(4):
        service.create(
            case(
                person={"personal_identity_number": None, "first_name": f"Ny{number}"},
                reception={"reception_date": date(2026, 10, 5)},
            )
        )
    service.create(
        case(
            person={"personal_identity_number": None, "first_name": "Sfi"},
            reception={"reception_date": date(2026, 8, 3)},
            sfi=(SfiEnrolment(date(2026, 10, 12), StudyPath.PATH_2, SfiCourse.B),),
        )
    )


def test_an_officer_opens_the_list_behind_a_number_of_the_overview(
    qtbot: QtBot, team: Team, role_window: Callable[[str], MainWindow]
) -> None:
    _made(team)
    window = role_window("anna.officer")
    window.show_overview()
    view = window.overview
    qtbot.waitUntil(lambda: view.figures is not None and not window.executor.busy)
    assert view.buttons["phase:new"].text() == "4"
    assert view.buttons["phase:sfi"].text() == "1"
    assert view.buttons["received:2026-Q4"].text() == "4"
    assert view.buttons["sfi_start:2026-Q4"].text() == "1"
    assert len(view.phase_chart.series()) == 1 and len(view.quarter_chart.series()) == 1

    view.buttons["phase:sfi"].click()
    assert window.pages.currentWidget() is window.splitter
    qtbot.waitUntil(lambda: window.model.rowCount() == 1 and not window.executor.busy)
    assert window.pane.status_filter.currentData() == CasePhase.SFI.value
    assert window.model.summary(0).first_name == "Sfi"

    window.show_overview()
    qtbot.waitUntil(lambda: not window.executor.busy)
    view.buttons["received:2026-Q4"].click()
    qtbot.waitUntil(lambda: window.model.rowCount() == 4 and not window.executor.busy)
    assert window.pane.event_chip.isVisibleTo(window)
    assert "2026-Q4" in window.pane.event_label.text()
    window.pane.event_clear.click()
    qtbot.waitUntil(lambda: window.model.rowCount() == 5 and not window.executor.busy)
    assert not window.pane.event_chip.isVisibleTo(window)


def test_a_coordinators_overview_is_anonymised_and_opens_nothing(
    qtbot: QtBot, team: Team, role_window: Callable[[str], MainWindow]
) -> None:
    _made(team)
    window = role_window("kim.coordinator")
    window.show_overview()
    view = window.overview
    qtbot.waitUntil(lambda: view.figures is not None and not window.executor.busy)
    assert view.anonymised
    assert view.cells["received:2026-Q4"].text() == ".."  # 4 is fewer than 5
    assert view.buttons == {}  # no number opens a list
    assert "phase:new" not in view.cells
    assert not view.phase_chart.series() and not view.officer_chart.series()


def test_a_search_does_not_wait_for_the_overviews_count(
    qtbot: QtBot,
    team: Team,
    role_window: Callable[[str], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At a million cases the overview counts for seconds: the list answers meanwhile."""
    _made(team)
    window = role_window("anna.officer")
    qtbot.waitUntil(lambda: window.model.rowCount() == 5 and not window.executor.busy)
    counting, release = threading.Event(), threading.Event()
    counted = overview.overview

    def slow(*args: object, **kwargs: object) -> object:
        counting.set()
        release.wait(30)
        return counted(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(overview, "overview", slow)
    window.show_overview()
    qtbot.waitUntil(counting.is_set)
    window.show_cases()
    qtbot.keyClicks(window.search, "Sfi")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1 and window.model.query.text == "Sfi")
    assert window.overview.figures is None and window.executor.busy  # still counting
    release.set()
    qtbot.waitUntil(lambda: window.overview.figures is not None and not window.executor.busy)
