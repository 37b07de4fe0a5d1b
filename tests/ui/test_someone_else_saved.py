"""The officer saves a case that a colleague saved meanwhile: different fields merge quietly,
the same field is the officer's choice in a dialog, and nothing is saved until then."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from nyanland.domain.roles import Actor, Role
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.ui.main_window import MainWindow
from nyanland.ui.merge_dialog import MergeDialog
from tests.factories import case
from tests.ui.test_officers_day import type_into


def colleague_saves(window: MainWindow, **person: object) -> None:
    context = window.services.context
    colleague = ServiceContext(context.store, Actor("bo.officer", Role.OFFICER), context.clock)
    service = CaseService(colleague)
    current = service.get(window.editor.record.id)  # type: ignore[union-attr]
    changed = replace(current.data, person=replace(current.data.person, **person))
    service.update(current.id, changed, current.version)


def open_new_case(qtbot: QtBot, window: MainWindow) -> int:
    created = CaseService(window.services.context).create(case())
    window.open_case(created.id)
    qtbot.waitUntil(lambda: window.editor.record is not None)
    return created.id


def test_a_colleagues_change_to_another_field_is_kept(qtbot: QtBot, window: MainWindow) -> None:
    case_id = open_new_case(qtbot, window)
    colleague_saves(window, email="amina@example.se")
    type_into(qtbot, window.editor.person, "phone", "070-123 45 67")
    window.save()
    qtbot.waitUntil(lambda: not window.editor.dirty)
    saved = CaseService(window.services.context).get(case_id).data.person
    assert (saved.phone, saved.email) == ("070-123 45 67", "amina@example.se")
    assert "E-mail" in window.statusBar().currentMessage()
    assert window.editor.person.input("email").text() == "amina@example.se"  # type: ignore[attr-defined]


def test_the_same_field_changed_by_a_colleague_is_the_officers_choice(
    qtbot: QtBot, window: MainWindow
) -> None:
    case_id = open_new_case(qtbot, window)
    colleague_saves(window, phone="070-999 88 77", email="amina@example.se")
    type_into(qtbot, window.editor.person, "phone", "070-123 45 67")
    window.save()
    qtbot.waitUntil(lambda: window.cases.merge_dialog is not None)
    dialog = window.cases.merge_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert isinstance(dialog, MergeDialog)
    texts = [b.text() for group in dialog._groups.values() for b in group.buttons()]
    assert texts == ["070-123 45 67", "070-999 88 77"]
    save_button = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save_button.isEnabled()  # no choice made yet: nothing saved
    assert CaseService(window.services.context).get(case_id).data.person.phone == "070-999 88 77"
    assert window.editor.dirty

    dialog.all_mine.click()
    save_button.click()
    qtbot.waitUntil(lambda: not window.editor.dirty)
    saved = CaseService(window.services.context).get(case_id).data.person
    assert (saved.phone, saved.email) == ("070-123 45 67", "amina@example.se")
