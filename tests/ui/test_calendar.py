"""The officer books a meeting from the case, finds it in *Kalender* on its day, writes the
invitation with the meeting's fields already filled, exports her meetings as .ics, and cancels
the meeting."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from nyanland.domain.letters import LetterKind
from nyanland.services import letter_sender, meetings
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.ui import calendar_view
from nyanland.ui.main_window import MainWindow
from tests.conftest import TODAY
from tests.factories import case
from tests.ui.test_after_closing import open_in


def test_a_meeting_is_booked_found_in_the_calendar_invited_to_and_exported(
    qtbot: QtBot,
    window: MainWindow,
    context: ServiceContext,
    admin_context: ServiceContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    letter_sender.save_details(admin_context, letter_sender.SenderDetails("Sala kommun"))
    case_id = CaseService(context).create(case(person={"languages": ("ar",)})).id
    open_in(qtbot, window, case_id)
    window.menus.meeting_action.trigger()
    dialog = window.cases.meetings.dialog
    assert dialog is not None
    dialog.accept()  # no place yet: refused, the dialog stays
    qtbot.waitUntil(lambda: dialog.problem.isVisibleTo(dialog))
    assert "say where the meeting is" in dialog.problem.text()
    dialog.place.setText("Stadshuset, rum 12")
    dialog.interpreter.setCurrentIndex(dialog.interpreter.findData("ar"))
    dialog.booked_box.setChecked(True)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.cases.letters.dialog is not None and not window.executor.busy)
    letter = window.cases.letters.dialog
    assert letter is not None
    assert LetterKind(letter.kind.currentData()) is LetterKind.MEETING
    assert letter.place.text() == "Stadshuset, rum 12" and letter.interpreter.isChecked()
    day = TODAY + timedelta(days=7)
    assert letter.day.date() == QDate(day.year, day.month, day.day)
    letter.reject()

    window.menus.calendar_action.trigger()
    calendar = window.calendar
    assert window.pages.currentWidget() is calendar
    calendar.month.setSelectedDate(QDate(day.year, day.month, day.day))
    qtbot.waitUntil(lambda: calendar.week.count() >= 2 and not window.executor.busy)
    texts = [calendar.week.item(i).text() for i in range(calendar.week.count())]
    assert any("10:00–11:00" in t and "Amina Haddad" in t and "Stadshuset" in t for t in texts)

    target = tmp_path / "moten.ics"
    monkeypatch.setattr(calendar_view, "save_file_name", lambda *_a: target)
    calendar.export_button.click()
    qtbot.waitUntil(lambda: target.exists() and not window.executor.busy)
    (event,) = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Meeting (nyanland)"  # no name unless ticked
    assert "Amina" not in target.read_text(encoding="utf-8")

    meeting_rows = [
        i
        for i in range(calendar.week.count())
        if calendar.week.item(i).data(calendar_view.MEETING_ROLE) is not None
    ]
    calendar.week.setCurrentRow(meeting_rows[0])
    assert calendar.cancel_button.isEnabled()
    calendar.cancel_button.click()
    qtbot.waitUntil(lambda: not meetings.of_case(context, case_id) and not window.executor.busy)
    qtbot.waitUntil(
        lambda: all(
            calendar.week.item(i).data(calendar_view.MEETING_ROLE) is None
            for i in range(calendar.week.count())
        )
    )
