"""No coded field that feeds a statistic has a value before the officer sets it: every form of
the window is walked as a new case, a new record and a closure start."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from nyanland.ui.closure_dialog import ClosureDialog
from nyanland.ui.forms import Form
from nyanland.ui.main_window import MainWindow
from nyanland.ui.sfi_dialogs import StartDialog


def _chosen(form: Form) -> dict[str, object]:
    """Each coded field's value as the form starts (None: nothing chosen)."""
    return {
        combo.objectName(): combo.currentData()
        for combo in form.findChildren(QComboBox)
        if combo.objectName()
    }


def test_every_form_starts_with_no_code_chosen(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.editor
    starts = {}
    for name, form in (
        ("person", editor.person),
        ("reception", editor.reception),
        ("skills_mapping", editor.mapping),
    ):
        starts[name] = _chosen(form)
    for name, lister in (
        ("sfi", editor.sfi),
        ("placements", editor.placements),
        ("housing", editor.housing),
    ):
        dialog = lister.add()
        starts[name] = _chosen(dialog.form)
        dialog.reject()
    closing = ClosureDialog(date(2026, 11, 22), date(2026, 3, 2))
    starts["closure"] = _chosen(closing.form)
    sfi_start = StartDialog(date(2026, 11, 22))
    starts["sfi_start"] = _chosen(sfi_start.form)
    for name in ("sex", "reception_type", "education_level", "outcome", "study_path", "course"):
        assert any(name in fields for fields in starts.values()), name  # the walk reached it
    chosen = {f"{form}.{field}": v for form, f in starts.items() for field, v in f.items() if v}
    assert chosen == {}


def test_a_closure_without_a_chosen_outcome_is_not_saved(qtbot: QtBot) -> None:
    dialog = ClosureDialog(date(2026, 11, 22), date(2026, 3, 2))
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.closure is None
    error = dialog.form.findChild(QComboBox, "outcome")
    assert error is not None and error.property("invalid")


def test_a_mapping_filled_in_without_an_education_level_names_the_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    from tests.ui.test_officers_day import register_amina, type_into

    register_amina(qtbot, window)
    type_into(qtbot, window.editor.mapping, "years_of_schooling", "9")
    assert not window.save()
    assert "education_level" in " ".join(
        label.objectName() for label in window.editor.mapping.findChildren(QComboBox)
    )
    combo = window.editor.mapping.findChild(QComboBox, "education_level")
    assert combo is not None and combo.property("invalid")
