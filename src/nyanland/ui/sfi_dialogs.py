"""The SFI workspace's dialogs: a course started, a course ended (completed or interrupted),
and the preview of a school's list before anything is recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.case import SfiEnrolment
from nyanland.domain.codes import COURSES_ON_PATH, SfiGrade, StudyPath
from nyanland.domain.sections import ValueKind as Kind
from nyanland.i18n import _, ngettext
from nyanland.services.sfi_import import RowStatus, SfiImportPreview
from nyanland.ui import case_fields
from nyanland.ui.forms import ERROR_STYLE, Field, Form, ok_cancel
from nyanland.ui.rows import RowsModel, read_only_table

SEARCH_DELAY_MS = 150
START_FIELDS = ("start_date", "study_path", "course", "provider", "childcare", "vocational")
STATUS_LABELS: dict[RowStatus, Callable[[], str]] = {
    RowStatus.NEW: lambda: _("to record"),
    RowStatus.ALREADY_RECORDED: lambda: _("recorded already"),
    RowStatus.UNMATCHED: lambda: _("no such person"),
    RowStatus.INVALID: lambda: _("wrong"),
}


def number_shown(value: str | None) -> str:
    return value or _("(no number yet)")


def follow_study_path(form: Form) -> None:
    """The courses a form offers follow the study path chosen in it (none before one is): the
    SFI workspace's start and the case editor's SFI course alike."""
    path, course = form.input("study_path"), form.input("course")
    assert isinstance(path, QComboBox) and isinstance(course, QComboBox)

    def offer() -> None:
        chosen = course.currentData()
        placeholder = course.itemText(0) if course.count() else "–"
        course.blockSignals(True)
        course.clear()
        course.addItem(placeholder, None)
        code = path.currentData()
        for offered in COURSES_ON_PATH[StudyPath(code)] if code is not None else ():
            course.addItem(offered.label, offered.value)
        course.setCurrentIndex(max(course.findData(chosen), 0))
        course.blockSignals(False)

    path.currentIndexChanged.connect(lambda _index: offer())
    offer()


class StartDialog(QDialog):
    """A course start: the courses offered follow the study path chosen."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Record an SFI start"))
        by_name = {f.name: f for f in case_fields.SFI_ENROLMENT}
        self.form = Form([by_name[name] for name in START_FIELDS], self)
        self.form.load({"start_date": today})  # path and course: chosen, never assumed
        follow_study_path(self.form)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.enrolment: SfiEnrolment | None = None

    def accept(self) -> None:
        values, problems = self.form.values()
        self.form.show_problems(problems)
        if problems:
            return
        self.enrolment = SfiEnrolment(**values)
        super().accept()


class EndDialog(QDialog):
    """The day a course ended, and its grade when it was completed."""

    def __init__(
        self,
        title: str,
        today: date,
        with_grade: bool,
        grade_required: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fields = [Field("end_date", lambda: _("Date"), Kind.DATE, required=True)]
        if with_grade:
            fields.append(
                Field("grade", lambda: _("Grade"), Kind.CODE, SfiGrade, required=grade_required)
            )
        self.form = Form(fields, self)
        self.form.load({"end_date": today})
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.values: dict[str, Any] = {}

    def accept(self) -> None:
        values, problems = self.form.values()
        self.form.show_problems(problems)
        if not problems:
            self.values = values
            super().accept()


class PreviewDialog(QDialog):
    """What importing the list would do, line by line, before anything is written."""

    def __init__(self, file: str, preview: SfiImportPreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Import an SFI list"))
        self.model = RowsModel(
            lambda: [
                _("Line"),
                _("Result"),
                _("Identity number"),
                _("Name"),
                _("Course or problem"),
            ],
            lambda r: [
                str(r.line),
                STATUS_LABELS[r.status](),
                r.identity_number or "",
                r.full_name or "",
                r.what,
            ],
            self,
        )
        self.model.show(preview.rows)
        self.table = read_only_table(self.model, "sfi_preview")
        self.table.resizeColumnsToContents()
        counts = {status: preview.count(status) for status in RowStatus}
        summary = QLabel(
            _(
                "{file}: {new} to record, {already} recorded already, {unmatched} with no such "
                "person, {invalid} wrong."
            ).format(
                file=Path(file).name,
                new=counts[RowStatus.NEW],
                already=counts[RowStatus.ALREADY_RECORDED],
                unmatched=counts[RowStatus.UNMATCHED],
                invalid=counts[RowStatus.INVALID],
            )
        )
        summary.setWordWrap(True)
        self.advice = QLabel(
            _(
                "Nothing can be imported while a line has no such person or is wrong: correct the "
                "list (or the person's identity number) and import it again."
            )
        )
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet(ERROR_STYLE)
        self.advice.setVisible(not preview.importable)
        buttons = ok_cancel(self)
        self.import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(
            ngettext("Record {n} start", "Record {n} starts", counts[RowStatus.NEW]).format(
                n=counts[RowStatus.NEW]
            )
        )
        self.import_button.setEnabled(preview.importable and counts[RowStatus.NEW] > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table)
        layout.addWidget(self.advice)
        layout.addWidget(buttons)
        self.resize(900, 520)
