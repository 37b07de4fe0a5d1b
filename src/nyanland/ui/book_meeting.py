"""*Ärende → Boka möte…*: a meeting with the person (date, time, length, place, the
interpreter's language among theirs and whether one is booked, the reminder); then, if the
officer wants, the invitation in the person's language, its fields filled from the meeting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QObject, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.errors import KnownError
from nyanland.domain.letters import LetterKind
from nyanland.i18n import N_, _
from nyanland.services import meetings
from nyanland.services.context import ServiceContext
from nyanland.services.meetings import BookedMeeting, MeetingPlan
from nyanland.ui.case_editor import CaseEditor
from nyanland.ui.code_pickers import language_name
from nyanland.ui.forms import ERROR_STYLE, ok_cancel
from nyanland.ui.operations import CaseOp, Change, Changes, StoreExecutor
from nyanland.ui.write_letter import WriteLetter

REMINDERS = (
    (0, N_("no reminder")),
    (60, N_("1 hour before")),
    (24 * 60, N_("1 day before")),
    (2 * 24 * 60, N_("2 days before")),
)


class MeetingDialog(QDialog):
    """OK asks for the booking (`booking`); the dialog closes when it is made (`booked`) and
    stays, saying why, when it is refused."""

    booking = Signal(object)  # MeetingPlan

    def __init__(self, languages: tuple[str, ...], today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Book a meeting"))
        start = QDate(today.year, today.month, today.day).addDays(7)
        self.day = QDateEdit(start)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.at = QTimeEdit(QTime(10, 0))
        self.at.setDisplayFormat("HH:mm")
        self.minutes = QSpinBox()
        self.minutes.setRange(*meetings.MINUTES)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(60)
        self.minutes.setSuffix(" " + _("min"))
        self.place = QLineEdit()
        self.place.setPlaceholderText(_("for example: Stadshuset, room 12"))
        self.interpreter = QComboBox()
        self.interpreter.addItem(_("– no interpreter –"), "")
        for code in languages:
            self.interpreter.addItem(language_name(code), code)
        self.booked_box = QCheckBox(_("The interpreter is booked"))
        self.remind = QComboBox()
        for minutes, text in REMINDERS:
            self.remind.addItem(_(text), minutes)
        self.remind.setCurrentIndex(2)
        self.invitation = QCheckBox(_("Then write the invitation"))
        self.invitation.setChecked(True)
        self.problem = QLabel()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout()
        form.addRow(_("Date"), self.day)
        form.addRow(_("Time"), self.at)
        form.addRow(_("Length"), self.minutes)
        form.addRow(_("Place"), self.place)
        form.addRow(_("Interpreter"), self.interpreter)
        form.addRow("", self.booked_box)
        form.addRow(_("Reminder"), self.remind)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.invitation)
        layout.addWidget(ok_cancel(self, _("Book")))

    def plan(self) -> MeetingPlan:
        day, at = self.day.date(), self.at.time()
        return MeetingPlan(
            datetime.combine(
                date(day.year(), day.month(), day.day()), time(at.hour(), at.minute())
            ),
            self.place.text(),
            self.minutes.value(),
            str(self.interpreter.currentData()) or None,
            self.booked_box.isChecked(),
            int(self.remind.currentData()),
        )

    def accept(self) -> None:
        self.problem.hide()
        self.booking.emit(self.plan())

    def booked(self) -> None:
        super().accept()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()


class BookMeeting(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: ServiceContext,
        executor: StoreExecutor,
        editor: CaseEditor,
        may_leave_case: Callable[[], bool],
        letters: WriteLetter,
    ) -> None:
        super().__init__(window)
        self._window, self._context, self._executor = window, context, executor
        self._editor, self._may_leave_case, self._letters = editor, may_leave_case, letters
        self.dialog: MeetingDialog | None = None

    def open(self) -> None:
        record = self._editor.record
        if record is None or not self._may_leave_case():
            return
        dialog = MeetingDialog(
            record.data.person.languages, self._context.clock.today(), self._window
        )
        context = self._context

        def booked(meeting: BookedMeeting) -> None:
            dialog.booked()
            self._window.statusBar().showMessage(
                _("Meeting booked for {when}.").format(
                    when=f"{meeting.plan.starts_at:%Y-%m-%d %H:%M}"
                ),
                8000,
            )
            if dialog.invitation.isChecked():
                self._letters.open(LetterKind.MEETING, meeting.for_letter())

        def failed(error: BaseException) -> None:
            if isinstance(error, KnownError):
                dialog.show_problem(str(error))
            else:
                self._executor.report(error)

        def book(plan: MeetingPlan) -> None:
            CaseOp(
                self._executor,
                lambda: meetings.book(context, record.id, plan),
                booked,
                Changes(frozenset({Change.MEETINGS}), record.id),
            ).failure(failed).named("book meeting").run_in_background()

        dialog.booking.connect(book)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.dialog = dialog
