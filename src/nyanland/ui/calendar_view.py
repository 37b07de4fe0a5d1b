"""*Kalender* (Ctrl+5): the month, its days marked where a deadline falls or a meeting is
booked, and the chosen day's week listed: meetings (time, person, place, interpreter) and the
deadlines of the days shown, however far ahead (SFI due, mapping, temporary housing ending,
establishment ending, tasks). Enter or a double click opens the case; *Avboka* cancels a
meeting; the officer's own meetings are exported as an .ics file, with names only when
ticked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.reminders import Reminder
from nyanland.i18n import _, current_language, format_date
from nyanland.reports.files import write_bytes_atomically
from nyanland.services import meetings, reminders
from nyanland.services.context import ServiceContext
from nyanland.services.meetings import BookedMeeting
from nyanland.ui.code_pickers import language_name
from nyanland.ui.file_dialogs import save_file_name
from nyanland.ui.operations import CaseOp, Change, Changes, QueryOp, StoreExecutor

CASE_ROLE = Qt.ItemDataRole.UserRole
MEETING_ROLE = Qt.ItemDataRole.UserRole + 1
Found = tuple[list[BookedMeeting], list[Reminder]]


class CalendarView(QWidget):
    def __init__(
        self,
        context: ServiceContext,
        executor: StoreExecutor,
        open_case: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("calendar")
        self._context, self._executor, self._open_case = context, executor, open_case
        self.month = QCalendarWidget()
        self.month.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.month.setGridVisible(True)
        self.month.selectionChanged.connect(self._show_week)
        self.month.currentPageChanged.connect(lambda *_a: self._refresh_if_shown())
        self.week_title = QLabel()
        self.week = QListWidget()
        self.week.setObjectName("week")
        self.week.itemActivated.connect(self._activated)
        self.week.currentItemChanged.connect(lambda *_a: self._update())
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_meeting)
        self.with_details = QCheckBox()
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_ics)
        self.all_officers = QCheckBox()
        self.all_officers.toggled.connect(lambda _on: self._refresh_if_shown())
        buttons = QHBoxLayout()
        for widget in (self.cancel_button, self.all_officers):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.with_details)
        buttons.addWidget(self.export_button)
        right = QVBoxLayout()
        right.addWidget(self.week_title)
        right.addWidget(self.week, 1)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.month, 1)
        top.addLayout(right, 2)
        layout.addLayout(top, 1)
        layout.addLayout(buttons)
        self._found: Found = ([], [])
        executor.changed.connect(self._changed)
        self.retranslate_ui()

    # -- reading ----------------------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        if Change.MEETINGS in changes or Change.REMINDERS in changes:
            self._refresh_if_shown()

    def _refresh_if_shown(self) -> None:
        """Only while it is on screen: the window refreshes it when its tab is chosen."""
        if self.isVisible():
            self.refresh()

    def _shown_days(self) -> tuple[date, date]:
        first = date(self.month.yearShown(), self.month.monthShown(), 1)
        return first - timedelta(days=7), first + timedelta(days=45)

    def refresh(self) -> None:
        context, (first, last) = self._context, self._shown_days()
        only_mine = not self.all_officers.isChecked()

        def work() -> Found:
            booked = meetings.between(context, first, last, only_mine=only_mine)
            # Every deadline of the days shown, however far ahead (not only the to-do list's).
            due = [r for r in reminders.reminders(context, until=last) if first <= r.due <= last]
            return booked, due

        QueryOp(self._executor, work, self._show).latest("calendar").named(
            "calendar"
        ).run_in_background()

    def _show(self, found: Found) -> None:
        self._found = found
        self.month.setDateTextFormat(QDate(), QTextCharFormat())  # clears every mark
        booked, due = found
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setBackground(QBrush(QColor("#dde5ee")))
        late = QTextCharFormat(marked)
        late.setForeground(QBrush(QColor("#b00020")))
        today = self._context.clock.today()
        for reminder in due:
            day = reminder.due
            self.month.setDateTextFormat(
                QDate(day.year, day.month, day.day), late if day < today else marked
            )
        for meeting in booked:
            day = meeting.plan.starts_at.date()
            self.month.setDateTextFormat(QDate(day.year, day.month, day.day), marked)
        self._show_week()

    def _chosen_day(self) -> date:
        chosen = self.month.selectedDate()
        return date(chosen.year(), chosen.month(), chosen.day())

    def _show_week(self) -> None:
        chosen = self._chosen_day()
        monday = chosen - timedelta(days=chosen.weekday())
        sunday = monday + timedelta(days=6)
        self.week_title.setText(
            _("Week {week}: {first} – {last}").format(
                week=monday.isocalendar().week, first=format_date(monday), last=format_date(sunday)
            )
        )
        self.week.clear()
        booked, due = self._found
        for offset in range(7):
            day = monday + timedelta(days=offset)
            todays_meetings = [m for m in booked if m.plan.starts_at.date() == day]
            todays_due = [r for r in due if r.due == day]
            if not todays_meetings and not todays_due:
                continue
            heading = QListWidgetItem(format_date(day, "full"))
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a day's heading: not chosen
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.week.addItem(heading)
            for meeting in todays_meetings:
                self.week.addItem(self._meeting_item(meeting))
            for reminder in todays_due:
                item = QListWidgetItem(
                    "    "
                    + _("Deadline: {what} – {name} ({number})").format(
                        what=reminder.kind.label,
                        name=reminder.full_name,
                        number=reminder.case_number,
                    )
                )
                item.setData(CASE_ROLE, reminder.case_id)
                self.week.addItem(item)
        self._update()

    def _meeting_item(self, meeting: BookedMeeting) -> QListWidgetItem:
        plan = meeting.plan
        end = plan.starts_at + timedelta(minutes=plan.minutes)
        interpreter = ""
        if plan.interpreter_language:
            interpreter = " · " + (
                _("interpreter {language} booked")
                if plan.interpreter_booked
                else _("interpreter {language} not booked yet")
            ).format(language=language_name(plan.interpreter_language))
        item = QListWidgetItem(
            f"    {plan.starts_at:%H:%M}–{end:%H:%M}  "
            + _("Meeting: {name} ({number})").format(
                name=meeting.full_name, number=meeting.case_number
            )
            + f" · {plan.place}{interpreter}"
        )
        item.setData(CASE_ROLE, meeting.case_id)
        item.setData(MEETING_ROLE, meeting.id)
        return item

    # -- what the officer does ----------------------------------------------------------------

    def _activated(self, item: QListWidgetItem) -> None:
        case_id = item.data(CASE_ROLE)
        if case_id is not None:
            self._open_case(int(case_id))

    def _chosen_meeting(self) -> int | None:
        item = self.week.currentItem()
        value = item.data(MEETING_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def _update(self) -> None:
        self.cancel_button.setEnabled(self._chosen_meeting() is not None)

    def cancel_meeting(self) -> None:
        chosen, context = self._chosen_meeting(), self._context
        if chosen is None:
            return
        CaseOp(
            self._executor,
            lambda: meetings.cancel(context, chosen),
            lambda _r: None,
            Changes(frozenset({Change.MEETINGS})),
        ).named("cancel meeting").run_in_background()

    def export_ics(self) -> None:
        path = save_file_name(
            self, _("Export meetings"), "nyanland-moten.ics", _("Calendar files (*.ics)")
        )
        if path is None:
            return
        context, details = self._context, self.with_details.isChecked()
        today = context.clock.today()

        def work() -> int:
            mine = meetings.between(context, today, today + timedelta(days=365), only_mine=True)
            write_bytes_atomically(path, meetings.ics(mine, details, context.clock.now()))
            return len(mine)

        def done(count: int) -> None:
            window = self.window()
            status = getattr(window, "statusBar", None)
            if callable(status):
                status().showMessage(
                    _("{n} meetings written to {file}.").format(n=count, file=path), 8000
                )

        QueryOp(self._executor, work, done).named("export meetings").run_in_background()

    def retranslate_ui(self) -> None:
        swedish = current_language() == "sv"
        self.month.setLocale(
            QLocale(QLocale.Language.Swedish if swedish else QLocale.Language.English)
        )
        self.cancel_button.setText(_("Cancel the meeting"))
        self.all_officers.setText(_("Everyone's meetings"))
        self.with_details.setText(_("With names and case numbers"))
        self.with_details.setToolTip(
            _(
                "Without: the file says only “Meeting (nyanland)”, the time, the place and the "
                "reminder. With: also the person's name, the case number and the interpreter's "
                "language. A calendar outside nyanland is outside its protection."
            )
        )
        self.export_button.setText(_("Export my meetings (.ics)…"))
        self._show_week()
