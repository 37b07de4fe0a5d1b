"""An integration officer's day, driven through the real window with keyboard and mouse."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from nyanland import i18n
from nyanland.domain.codes import Outcome, Sex
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.ui.code_pickers import LanguagePicker
from nyanland.ui.forms import Form
from nyanland.ui.kept_names import KeptNameBox
from nyanland.ui.main_window import MainWindow, Services
from nyanland.ui.record_list import RecordDialog
from tests.ui.conftest import fail_on_bug


def type_into(qtbot: QtBot, form: Form, name: str, text: str) -> None:
    widget = form.input(name)
    if isinstance(widget, KeptNameBox):  # a list's field, typed freely while it is empty
        assert widget.isEditable()
        widget = widget.lineEdit()
    assert isinstance(widget, QLineEdit | QPlainTextEdit)
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.selectAll()
    qtbot.keyClicks(widget, text)


def pick_languages(form: Form, *codes: str) -> None:
    """As an officer does: *Välj…*, tick each language in the list, OK."""
    picker = form.input("languages")
    assert isinstance(picker, LanguagePicker)
    dialog = picker.choose()
    for code in codes:
        dialog.search.setText(code)
        dialog.check(code)
    dialog.accept()


def choose(form: Form, name: str, code: str) -> None:
    combo = form.input(name)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(code))


def error_under(form: Form, name: str) -> str:
    return form._errors[name].text() if form._errors[name].isVisible() else ""


def fill_dialog(
    qtbot: QtBot, dialog: RecordDialog, texts: dict[str, str], codes: dict[str, str]
) -> None:
    for name, text in texts.items():
        type_into(qtbot, dialog.form, name, text)
    for name, code in codes.items():
        choose(dialog.form, name, code)
    dialog.accept()


def save_and_wait(qtbot: QtBot, window: MainWindow) -> None:
    assert window.save()
    qtbot.waitUntil(lambda: not window.executor.busy and not window.editor.dirty, timeout=10_000)


def register_amina(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    person = window.editor.person
    type_into(qtbot, person, "first_name", "Amina")
    type_into(qtbot, person, "last_name", "Haddad")
    type_into(qtbot, person, "personal_identity_number", "811218-9876")
    type_into(qtbot, person, "birth_date", "1981-12-18")
    choose(person, "sex", "female")
    pick_languages(person, "ar", "ku")
    type_into(qtbot, window.editor.reception, "reception_date", "2026-08-03")
    choose(window.editor.reception, "reception_type", "assigned")
    save_and_wait(qtbot, window)


# What the officer reads on the way, in each language (the catalogue's own words).
SEEN = {
    "en": {
        "waiting": ["Skills mapping missing", "SFI not started in time"],
        "to_do": "To do",
        "closed": "Closed",
    },
    "sv": {
        "waiting": ["Kartläggning saknas", "SFI ej påbörjad i tid"],
        "to_do": "Att göra",
        "closed": "Avslutat",
    },
}


@pytest.mark.parametrize("language", ["en", "sv"])
def test_an_officers_day(
    qtbot: QtBot, window: MainWindow, context: ServiceContext, language: str
) -> None:
    i18n.set_language(language)
    seen = SEEN[language]
    cases = CaseService(context)
    # Register a newcomer.
    register_amina(qtbot, window)
    amina = window.editor.record
    assert amina is not None and amina.case_number == "2026-00001"
    assert amina.data.person.languages == ("ar", "ku")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)

    # Her son, in the same household.
    window.cases.new_family_member()
    assert window.editor.person.values()[0]["last_name"] == "Haddad"
    type_into(qtbot, window.editor.person, "first_name", "Nour")
    type_into(qtbot, window.editor.person, "birth_date", "2015-06-01")
    choose(window.editor.person, "sex", "male")
    save_and_wait(qtbot, window)
    nour = window.editor.record
    assert nour is not None
    assert [m.full_name for m in nour.household_members] == ["Amina Haddad"]
    assert nour.data.reception.reception_date == date(2026, 8, 3)

    # Back to Amina by the household list, one click away.
    item = window.editor.household.item(0)
    window.editor.household.itemActivated.emit(item)
    qtbot.waitUntil(
        lambda: window.editor.record is not None and window.editor.record.id == amina.id
    )

    # Received 111 days ago with no SFI and no mapping: both wait on the to-do list, late.
    qtbot.waitUntil(lambda: window.reminders.model.rowCount() == 2, timeout=5_000)
    waiting = [window.reminders.model.index(r, 1).data() for r in range(2)]
    assert waiting == seen["waiting"]
    assert window.pages.tabText(1) == f"{seen['to_do']} (2)"

    # SFI start, skills mapping, an internship, housing and a note.
    fill_dialog(
        qtbot,
        window.editor.sfi.add(),
        {"start_date": "2026-09-01", "provider": "Vuxenutbildningen"},
        {"study_path": "2", "course": "B", "status": "ongoing"},
    )
    type_into(qtbot, window.editor.mapping, "completed_date", "2026-08-20")
    choose(window.editor.mapping, "education_level", "upper_secondary")
    fill_dialog(
        qtbot,
        window.editor.placements.add(),
        {"start_date": "2026-10-05", "employer": "Solgårdens boende"},
        {"kind": "internship", "sector": "municipal"},
    )
    fill_dialog(
        qtbot,
        window.editor.housing.add(),
        {"move_in_date": "2026-08-03", "district": "Centrum"},
        {"kind": "temporary"},
    )
    fill_dialog(
        qtbot,
        window.editor.journal.add(),
        {"text": "Mottagningssamtal med tolk."},
        {"kind": "meeting"},
    )
    assert window.editor.dirty
    save_and_wait(qtbot, window)
    stored = cases.get(amina.id).data
    assert [(e.study_path.value, e.course.value) for e in stored.sfi] == [("2", "B")]
    assert stored.skills_mapping is not None
    assert stored.skills_mapping.completed_date == date(2026, 8, 20)
    assert stored.placements[0].employer == "Solgårdens boende"
    assert stored.housing[0].district == "Centrum"
    assert stored.notes[0].text == "Mottagningssamtal med tolk."
    assert stored.notes[0].date == date(2026, 11, 22)  # today, by default
    qtbot.waitUntil(lambda: window.reminders.model.rowCount() == 0, timeout=5_000)
    assert window.pages.tabText(1) == seen["to_do"]

    # Close the case with an outcome.
    window.cases.close_case()
    dialog = window.cases.closure_dialog
    assert dialog is not None
    choose(dialog.form, "outcome", "work")
    dialog.accept()
    qtbot.waitUntil(lambda: not window.executor.busy)
    closed = cases.get(amina.id).data.closure
    assert closed is not None and closed.outcome is Outcome.WORK
    assert seen["closed"] in window.editor.subtitle.text()
    assert not window.close_case_action.isEnabled()
    i18n.set_language("en")


def test_a_wrong_identity_number_is_marked_at_the_field_as_it_is_typed(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.new_case()
    type_into(qtbot, window.editor.person, "personal_identity_number", "811218-9877")
    assert error_under(window.editor.person, "personal_identity_number") == (
        "check digit is wrong (19811218-9877)"
    )
    type_into(qtbot, window.editor.person, "personal_identity_number", "811218-9876")
    assert error_under(window.editor.person, "personal_identity_number") == ""
    type_into(qtbot, window.editor.person, "birth_date", "1981-12-19")
    choose(window.editor.person, "sex", "female")
    type_into(qtbot, window.editor.reception, "reception_date", "2026-08-03")
    choose(window.editor.reception, "reception_type", "assigned")
    assert "does not agree with the identity number" in error_under(
        window.editor.person, "birth_date"
    )
    assert not window.save()
    assert window.editor.record is None


def test_the_case_editor_offers_only_the_courses_of_the_study_path_chosen(
    qtbot: QtBot, window: MainWindow
) -> None:
    register_amina(qtbot, window)
    dialog = window.editor.sfi.add()
    course = dialog.form.input("course")
    assert isinstance(course, QComboBox)
    assert [course.itemData(i) for i in range(course.count())] == [None]  # no path yet
    type_into(qtbot, dialog.form, "start_date", "2026-09-01")
    choose(dialog.form, "study_path", "3")
    assert [course.itemData(i) for i in range(course.count())] == [None, "C", "D"]
    choose(dialog.form, "status", "ongoing")
    dialog.accept()
    assert dialog.isVisible()  # no course chosen yet
    assert "choose one" in error_under(dialog.form, "course")
    choose(dialog.form, "study_path", "1")
    choose(dialog.form, "course", "A")
    choose(dialog.form, "study_path", "3")  # a course the new path has not is let go
    assert course.currentData() is None
    choose(dialog.form, "course", "D")
    dialog.accept()
    qtbot.waitUntil(lambda: len(window.editor.sfi.records()) == 1)
    assert window.editor.sfi.records()[0].course.value == "D"


def test_search_as_you_type_finds_by_name_and_number(
    qtbot: QtBot, window: MainWindow, context: ServiceContext
) -> None:
    register_amina(qtbot, window)
    window.new_case()
    type_into(qtbot, window.editor.person, "first_name", "Yonas")
    type_into(qtbot, window.editor.person, "last_name", "Tekle")
    type_into(qtbot, window.editor.person, "birth_date", "1990-01-01")
    choose(window.editor.person, "sex", "male")
    type_into(qtbot, window.editor.reception, "reception_date", "2026-09-03")
    choose(window.editor.reception, "reception_type", "self_settled")
    save_and_wait(qtbot, window)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "8112")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5_000)
    assert window.model.summary(0) is not None
    assert window.model.summary(0).first_name == "Amina"  # type: ignore[union-attr]
    assert window.count_label.text() == "1 case"


def test_unsaved_changes_are_not_lost_silently(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_amina(qtbot, window)
    type_into(qtbot, window.editor.person, "phone", "070-123 45 67")
    assert window.editor.dirty and window.isWindowModified()
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Cancel)
    window.new_case()
    assert window.editor.record is not None  # the officer stayed on the changed case
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Save)
    window.new_case()
    assert window.editor.record is None
    found = CaseService(window.services.context).search(CaseQuery(text="amina")).rows[0]
    assert CaseService(window.services.context).get(found.id).data.person.phone == "070-123 45 67"


def test_every_control_of_the_case_editor_has_an_accessible_name(window: MainWindow) -> None:
    window.new_case()
    unnamed = [
        w.objectName()
        for form in (window.editor.person, window.editor.reception, window.editor.mapping)
        for w in form.findChildren(QWidget)
        if w in form._inputs.values() and not w.accessibleName()
    ]
    assert unnamed == []
    assert window.search.accessibleName() and window.table.accessibleName()


def test_the_window_remembers_its_size_and_splitter(
    qtbot: QtBot, window: MainWindow, context: ServiceContext, settings: QSettings
) -> None:
    window.resize(790, 540)  # the offscreen screen is 800 x 600
    window.splitter.setSizes([250, 480])
    remembered = window.splitter.sizes()
    window.close()
    again = MainWindow(Services(context, CaseService(context)), settings, fail_on_bug)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (790, 540)
    assert again.splitter.sizes() == remembered


def test_the_sex_codes_in_the_form_are_the_domain_code_list(window: MainWindow) -> None:
    combo = window.editor.person.input("sex")
    assert isinstance(combo, QComboBox)
    assert [combo.itemData(i) for i in range(combo.count())] == [None, *(s.value for s in Sex)]


def test_a_reminder_opens_its_case(qtbot: QtBot, window: MainWindow) -> None:
    register_amina(qtbot, window)
    window.new_case()
    qtbot.waitUntil(lambda: window.reminders.model.rowCount() == 2, timeout=5_000)
    window.pages.setCurrentWidget(window.reminders)
    window.reminders.table.setFocus()
    window.reminders.table.setCurrentIndex(window.reminders.model.index(0, 0))
    qtbot.keyClick(window.reminders.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.editor.record is not None, timeout=5_000)
    assert window.pages.currentWidget() is window.splitter
    assert window.editor.record.data.person.first_name == "Amina"  # type: ignore[union-attr]


def test_a_task_is_added_ticked_off_and_leaves_the_to_do_list(
    qtbot: QtBot, window: MainWindow, context: ServiceContext
) -> None:
    register_amina(qtbot, window)
    record = window.editor.record
    assert record is not None
    panel = window.tasks_panel
    qtbot.waitUntil(lambda: not panel.busy)
    assert window.editor.tabs.tabText(window.editor.tabs.indexOf(panel)) == "Tasks"
    qtbot.keyClicks(panel.title, "Boka tolk")  # QTest types ASCII only
    panel.title.setText(panel.title.text() + " till mötet")
    panel.due.setText("2026-11-25")
    qtbot.keyClick(panel.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1 and not panel.busy, timeout=5_000)
    qtbot.waitUntil(
        lambda: any(
            window.reminders.model.index(r, 4).data() == "Boka tolk till mötet"
            for r in range(window.reminders.model.rowCount())
        ),
        timeout=5_000,
    )
    tick = panel.table.item(0, 0)
    assert tick is not None
    tick.setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(
        lambda: not panel.busy and panel.tasks and panel.tasks[0].done_date is not None,
        timeout=5_000,
    )
    qtbot.waitUntil(
        lambda: all(
            window.reminders.model.index(r, 4).data() != "Boka tolk till mötet"
            for r in range(window.reminders.model.rowCount())
        ),
        timeout=5_000,
    )
    panel.due.setText("2026-13-01")
    panel.title.setText("Ring")
    panel.add_task()
    assert panel.error.text() == "Due date: 2026-13-01 is not a real date"


def test_the_list_filters_by_phase_and_by_overdue(qtbot: QtBot, window: MainWindow) -> None:
    register_amina(qtbot, window)  # received 111 days ago, nothing recorded: new and overdue
    window.new_case()
    type_into(qtbot, window.editor.person, "first_name", "Yonas")
    type_into(qtbot, window.editor.person, "last_name", "Tekle")
    type_into(qtbot, window.editor.person, "birth_date", "1990-01-01")
    choose(window.editor.person, "sex", "male")
    type_into(qtbot, window.editor.reception, "reception_date", "2026-11-10")
    choose(window.editor.reception, "reception_type", "self_settled")
    fill_dialog(
        qtbot,
        window.editor.sfi.add(),
        {"start_date": "2026-11-20"},
        {"study_path": "1", "course": "A", "status": "ongoing"},
    )
    save_and_wait(qtbot, window)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    statuses = {
        window.model.summary(r).first_name: window.model.index(r, 5).data()  # type: ignore[union-attr]
        for r in range(2)
    }
    assert statuses == {"Amina": "Newly received", "Yonas": "In SFI"}
    choose_list = window.status_filter
    choose_list.setCurrentIndex(choose_list.findData("sfi"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5_000)
    assert window.model.summary(0).first_name == "Yonas"  # type: ignore[union-attr]
    choose_list.setCurrentIndex(choose_list.findData("all"))
    window.overdue_filter.setChecked(True)
    qtbot.waitUntil(
        lambda: window.model.rowCount() == 1 and window.model.summary(0).first_name == "Amina",  # type: ignore[union-attr]
        timeout=5_000,
    )


def test_the_timeline_shows_the_milestones_and_what_is_late(
    qtbot: QtBot, window: MainWindow
) -> None:
    register_amina(qtbot, window)  # received 3 August: SFI due 1 November, now late
    window.editor.tabs.setCurrentIndex(1)
    timeline = window.editor.timeline
    description = timeline.accessibleDescription()
    assert "SFI start: 1 November 2026 (late)" in description
    assert "End of establishment: 3 August 2028 (due)" in description
    assert not timeline.grab().isNull()  # it paints
    fill_dialog(
        qtbot,
        window.editor.sfi.add(),
        {"start_date": "2026-10-20"},
        {"study_path": "2", "course": "B", "status": "ongoing"},
    )
    assert "SFI start: 1 November 2026 (done)" in timeline.accessibleDescription()


def test_a_personnummer_typed_fills_the_birth_date_and_sex_it_gives(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.new_case()
    person = window.editor.person
    type_into(qtbot, person, "personal_identity_number", "811218-9876")
    birth = person.input("birth_date")
    sex = person.input("sex")
    assert isinstance(birth, QLineEdit) and isinstance(sex, QComboBox)
    assert birth.text() == "1981-12-18" and sex.currentData() == "male"  # 7: odd
    assert window.editor.dirty
    # What the officer has set stays; a number that disagrees is marked at the field.
    type_into(qtbot, person, "birth_date", "1981-12-19")
    choose(person, "sex", "female")
    type_into(qtbot, person, "personal_identity_number", "811218-9876")
    assert birth.text() == "1981-12-19" and sex.currentData() == "female"
    type_into(qtbot, window.editor.reception, "reception_date", "2026-08-03")
    choose(window.editor.reception, "reception_type", "assigned")
    assert "does not agree with the identity number" in error_under(person, "birth_date")
