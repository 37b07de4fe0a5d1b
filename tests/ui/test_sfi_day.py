"""SFI staff's day in the real window, signed in as `sfi`: find a person, record a start, move
on to the next course, complete it, import the school's list; nothing else of a case shows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from nyanland.domain.codes import Sex, SfiCourse, SfiGrade, SfiStatus
from nyanland.services import audit
from nyanland.services.cases import CaseService
from nyanland.ui.main_window import MainWindow, Services
from nyanland.ui.sfi_dialogs import EndDialog, PreviewDialog, StartDialog
from tests.conftest import Team
from tests.factories import case
from tests.ui.conftest import fail_on_bug


@pytest.fixture
def open_sfi_window(qtbot: QtBot, team: Team, tmp_path: Path) -> Iterator[Callable[[], MainWindow]]:
    made: list[MainWindow] = []

    def open_window() -> MainWindow:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Services(team.sfi, CaseService(team.sfi)), settings, fail_on_bug)
        window.show()
        made.append(window)
        return window

    yield open_window
    for window in made:
        window.executor.settle()
        window.close()


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.executor.busy and window.sfi is not None)


def test_sfi_staff_record_a_persons_courses_and_see_nothing_else(
    qtbot: QtBot, team: Team, open_sfi_window: Callable[[], MainWindow]
) -> None:
    service = CaseService(team.officer)
    amina = service.create(case(reception={"reception_date": date(2026, 8, 3)}))
    service.create(
        case(
            person={
                "first_name": "Omar",
                "personal_identity_number": "199001012385",
                "birth_date": date(1990, 1, 1),
                "sex": Sex.MALE,
                "dossier_number": "87654321",
            },
            reception={"reception_date": date(2026, 5, 4)},
        )
    )
    window = open_sfi_window()
    workspace = window.sfi
    assert workspace is not None
    # Only the SFI workspace: no case list, reminders, statistics or administration.
    assert [window.pages.tabText(i) for i in range(window.pages.count())] == ["SFI"]
    assert not window.case_menu.menuAction().isVisible()
    assert window.import_action not in window.file_menu.actions()
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: workspace.waiting.rowCount() == 2)
    assert [w.full_name for w in workspace.waiting.rows] == ["Omar Haddad", "Amina Haddad"]

    qtbot.keyClicks(workspace.search, "amina")
    qtbot.waitUntil(lambda: workspace.matches.rowCount() == 1, timeout=3000)
    assert [workspace.matches.index(0, c).data() for c in range(3)] == [
        "Amina Haddad",
        "1981-12-18",
        "19811218-9876",
    ]
    workspace.match_table.selectRow(0)
    qtbot.waitUntil(lambda: workspace.record is not None)
    assert "due by 1 November 2026" in workspace.deadline.text()

    workspace.record_start()
    dialog = workspace.dialog
    assert isinstance(dialog, StartDialog)
    path, course = dialog.form.input("study_path"), dialog.form.input("course")
    path.setCurrentIndex(path.findData("3"))  # type: ignore[attr-defined]
    assert [course.itemData(i) for i in range(course.count())] == [None, "C", "D"]  # type: ignore[attr-defined]
    course.setCurrentIndex(course.findData("C"))  # type: ignore[attr-defined]
    dialog.form.input("start_date").setText("2026-09-01")  # type: ignore[attr-defined]
    dialog.form.input("provider").setEditText("Hermods")  # type: ignore[attr-defined]
    dialog.accept()
    qtbot.waitUntil(lambda: workspace.courses.rowCount() == 1)
    assert "SFI started 1 September 2026" in workspace.deadline.text()

    workspace.next_button.click()
    dialog = workspace.dialog
    assert isinstance(dialog, EndDialog)
    dialog.form.input("end_date").setText("2026-11-01")  # type: ignore[attr-defined]
    grade = dialog.form.input("grade")
    grade.setCurrentIndex(grade.findData("B"))  # type: ignore[attr-defined]
    dialog.accept()
    qtbot.waitUntil(lambda: workspace.courses.rowCount() == 2)

    workspace.complete_button.click()
    dialog = workspace.dialog
    assert isinstance(dialog, EndDialog)
    grade = dialog.form.input("grade")
    grade.setCurrentIndex(grade.findData("A"))  # type: ignore[attr-defined]
    dialog.accept()
    qtbot.waitUntil(lambda: workspace.courses.index(1, 3).data() == "Completed")
    stored = service.get(amina.id).data.sfi
    assert [(c.course, c.status, c.grade) for c in stored] == [
        (SfiCourse.C, SfiStatus.COMPLETED, SfiGrade.B),
        (SfiCourse.D, SfiStatus.COMPLETED, SfiGrade.A),
    ]
    qtbot.waitUntil(lambda: workspace.waiting.rowCount() == 1)
    assert [e for e in audit.events(team.admin) if e.action == "refused"] == []


def test_the_schools_list_is_previewed_and_recorded_from_the_window(
    qtbot: QtBot, team: Team, open_sfi_window: Callable[[], MainWindow], tmp_path: Path
) -> None:
    service = CaseService(team.officer)
    amina = service.create(case(reception={"reception_date": date(2026, 8, 3)}))
    window = open_sfi_window()
    workspace = window.sfi
    assert workspace is not None
    _idle(qtbot, window)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        "personal_identity_number;start_date;study_path;course\n"
        "19811218-9876;2026-09-01;2;B\n19900101-2393;2026-09-01;1;A\n".encode("cp1252")
    )
    workspace.preview_list(bad)
    qtbot.waitUntil(lambda: isinstance(workspace.dialog, PreviewDialog))
    preview = workspace.dialog
    assert isinstance(preview, PreviewDialog)
    assert not preview.import_button.isEnabled() and preview.advice.isVisible()
    assert [preview.model.index(r, 1).data() for r in range(2)] == ["to record", "no such person"]
    preview.reject()

    good = tmp_path / "good.csv"
    good.write_text(
        "course,start_date,personal_identity_number,study_path\nB,2026-09-01,19811218-9876,2\n",
        encoding="utf-8",
    )
    workspace.preview_list(good)
    qtbot.waitUntil(
        lambda: isinstance(workspace.dialog, PreviewDialog) and workspace.dialog is not preview
    )
    dialog = workspace.dialog
    assert isinstance(dialog, PreviewDialog)
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Record 1 start"
    dialog.accept()
    qtbot.waitUntil(lambda: len(service.get(amina.id).data.sfi) == 1)
    qtbot.waitUntil(lambda: workspace.waiting.rowCount() == 0)
