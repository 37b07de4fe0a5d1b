"""Working through *Att göra*: snooze an item to a date with a reason, or mark it done. Each is
a write on the store's executor; the list follows by the announcement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.reminders import Reminder
from nyanland.i18n import _, format_date
from nyanland.services import reminder_marks
from nyanland.services.context import ServiceContext
from nyanland.ui.forms import ERROR_STYLE, ok_cancel, parse_date
from nyanland.ui.operations import CaseOp, StoreExecutor, case_changed
from nyanland.ui.reminders_view import RemindersView

SNOOZE_DAYS = 7


class SnoozeDialog(QDialog):
    def __init__(self, reminder: Reminder, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Snooze"))
        self._today = today
        text = QLabel(
            _("{what} for {name} ({number}), due {date}: until when does it wait, and why?").format(
                what=reminder.kind.label,
                name=reminder.full_name,
                number=reminder.case_number,
                date=format_date(reminder.due),
            )
        )
        text.setWordWrap(True)
        self.until = QLineEdit((today + timedelta(days=SNOOZE_DAYS)).isoformat())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("for example: waiting for the school's answer"))
        self.problem = QLabel()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        form = QFormLayout()
        form.addRow(_("Until"), self.until)
        form.addRow(_("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(ok_cancel(self, _("Snooze")))
        self.chosen: tuple[date, str] | None = None

    def accept(self) -> None:
        try:
            until = parse_date(self.until.text().strip())
        except ValueError as error:
            return self._refuse(_("Until: {problem}").format(problem=error))
        if until <= self._today:
            return self._refuse(_("Until: must be a day after today"))
        if not self.reason.text().strip():
            return self._refuse(_("Reason: say why it waits"))
        self.chosen = (until, self.reason.text().strip())
        super().accept()

    def _refuse(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()


class TodoActions(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: ServiceContext,
        executor: StoreExecutor,
        view: RemindersView,
    ) -> None:
        super().__init__(window)
        self._window, self._context, self._executor = window, context, executor
        self.dialog: SnoozeDialog | None = None
        view.snooze_requested.connect(self.snooze)
        view.done_requested.connect(self.done)

    def snooze(self, reminder: Reminder) -> None:
        context = self._context
        dialog = SnoozeDialog(reminder, context.clock.today(), self._window)

        def accepted() -> None:
            assert dialog.chosen is not None
            until, reason = dialog.chosen
            self._write(
                lambda: reminder_marks.snooze(context, reminder, until, reason),
                reminder,
                _("Snoozed until {date}.").format(date=format_date(until)),
            )

        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.dialog = dialog

    def done(self, reminder: Reminder) -> None:
        context = self._context
        self._write(
            lambda: reminder_marks.done(context, reminder),
            reminder,
            _("Done: {what} for {name}.").format(what=reminder.kind.label, name=reminder.full_name),
        )

    def _write(self, work: Callable[[], None], reminder: Reminder, said: str) -> None:
        (
            CaseOp(
                self._executor,
                work,
                lambda _none: self._window.statusBar().showMessage(said, 6000),
                lambda _none: case_changed(reminder.case_id),
            )
            .named("to-do item")
            .run_in_background()
        )
