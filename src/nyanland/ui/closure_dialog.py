"""The dialogs of a case's end: closing it (date and outcome), its follow-up, reopening it."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from nyanland.domain.case import Closure
from nyanland.domain.codes import Outcome
from nyanland.domain.timeline import DEFAULT_RULES
from nyanland.i18n import _, format_date
from nyanland.ui import case_fields
from nyanland.ui.forms import Form, ok_cancel


class ClosureDialog(QDialog):
    """Asks for the closing date and outcome; the rules of a closure are checked before OK."""

    def __init__(self, today: date, reception_date: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Close the case"))
        self._reception_date = reception_date
        self.form = Form(case_fields.CLOSURE, self)
        self.form.load({"date": today})
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("The establishment case ends with an outcome.")))
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.closure: Closure | None = None

    def accept(self) -> None:
        values, problems = self.form.values()
        if not problems and values["date"] < self._reception_date:
            problems["date"] = _("the case closes before reception")
        self.form.show_problems(problems)
        if problems:
            return
        self.closure = Closure(values["date"], values["outcome"])
        super().accept()


class FollowUpDialog(QDialog):
    """The follow-up of a closed case: the day, and what the person does then (the officer
    chooses; nothing is preselected)."""

    def __init__(self, today: date, closed_on: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Follow-up"))
        self._closed_on, self._today = closed_on, today
        self.form = Form(case_fields.FOLLOW_UP, self)
        self.form.load({"follow_up_date": today})
        text = QLabel(
            _("What does the person do {days} days after the case closed ({date})?").format(
                days=DEFAULT_RULES.follow_up_days, date=format_date(closed_on)
            )
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.form)
        layout.addWidget(ok_cancel(self))
        self.follow_up: tuple[date, Outcome] | None = None

    def accept(self) -> None:
        values, problems = self.form.values()
        on, status = values.get("follow_up_date"), values.get("follow_up_status")
        if not problems:
            if on is None:
                problems["follow_up_date"] = _("is required")
            elif on < self._closed_on:
                problems["follow_up_date"] = _("the follow-up is before the case closed")
            elif on > self._today:
                problems["follow_up_date"] = _("is in the future")
            if status is None:
                problems["follow_up_status"] = _("is required")
        self.form.show_problems(problems)
        if problems:
            return
        assert isinstance(status, Outcome) and on is not None
        self.follow_up = (on, status)
        super().accept()


class ReopenDialog(QDialog):
    """Reopening a closed case asks why; the reason goes in the journal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Reopen the case"))
        text = QLabel(
            _(
                "The case becomes open again and its closing date and outcome are removed. "
                "Why is it reopened? The reason, and how it had closed, are written in the "
                "journal."
            )
        )
        text.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(_("for example: the job ended during the trial period"))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        layout.addWidget(ok_cancel(self, _("Reopen")))
        self.resize(460, 260)

    def accept(self) -> None:
        if not self.reason.toPlainText().strip():
            self.problem.setText(_("Write the reason."))
            self.problem.show()
            self.reason.setFocus()
            return
        super().accept()
