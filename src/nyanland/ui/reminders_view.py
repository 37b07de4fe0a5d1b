"""What needs action across the officer's cases, most urgent first, filtered and worked
through; each row opens its case."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.reminders import Reminder, ReminderKind, urgency
from nyanland.i18n import _, format_date

ModelIndex = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
OVERDUE = QColor("#b00020")


class ReminderModel(QAbstractTableModel):
    COL_DUE, COL_KIND, COL_NAME, COL_CASE, COL_DETAIL = range(5)

    def __init__(self, today: Callable[[], date], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._reminders: list[Reminder] = []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._reminders)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != DISPLAY:
            return None
        return {0: _("Date"), 1: _("What"), 2: _("Name"), 3: _("Case"), 4: _("Note")}.get(section)

    def data(self, index: ModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        reminder = self._reminders[index.row()]
        column = index.column()
        if role == DISPLAY:
            return {
                self.COL_DUE: format_date(reminder.due, "medium"),
                self.COL_KIND: reminder.kind.label,
                self.COL_NAME: reminder.full_name,
                self.COL_CASE: reminder.case_number,
                self.COL_DETAIL: reminder.detail,
            }[column]
        if role == Qt.ItemDataRole.ForegroundRole and reminder.overdue(self._today()):
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.ToolTipRole and reminder.overdue(self._today()):
            return _("Overdue")
        if role == Qt.ItemDataRole.UserRole:
            return reminder.case_id
        return None

    def set_reminders(self, reminders: Sequence[Reminder]) -> None:
        self.beginResetModel()
        self._reminders = list(reminders)
        self.endResetModel()

    def reminder(self, row: int) -> Reminder:
        return self._reminders[row]

    def overdue_count(self) -> int:
        """The items before today: the list is kept in order of urgency, soonest first."""
        return bisect.bisect_left(self._reminders, self._today(), key=lambda r: r.due)


class RemindersView(QWidget):
    """The to-do list, filtered by kind, officer and how soon; each item can be snoozed to a
    date with a reason, or marked done (ui/todo_actions.py does the work)."""

    snooze_requested = Signal(object)  # a Reminder
    done_requested = Signal(object)

    def __init__(
        self,
        today: Callable[[], date],
        open_case: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_case, self._today = open_case, today
        self._all: list[Reminder] = []
        self._per_kind: Counter[ReminderKind] = Counter()
        self._officers: list[str] = []
        self.model = ReminderModel(today, self)
        self.table = QTableView()
        self.table.setObjectName("reminders")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(100)  # fitted to the first rows, not 1000 of 150,000
        header.setStretchLastSection(True)
        self.table.activated.connect(self._activated)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("", None)
        for kind in ReminderKind:
            self.kind_filter.addItem("", kind.value)
        self.officer_filter = QComboBox()
        self.officer_filter.addItem("", None)
        self.due_filter = QComboBox()
        for days in (None, 0, 7, 30):
            self.due_filter.addItem("", days)
        for combo in (self.kind_filter, self.officer_filter, self.due_filter):
            combo.currentIndexChanged.connect(lambda _i: self._show())
        self.snooze_button = QPushButton()
        self.snooze_button.clicked.connect(lambda: self._ask(self.snooze_requested))
        self.done_button = QPushButton()
        self.done_button.clicked.connect(lambda: self._ask(self.done_requested))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        filters = QHBoxLayout()
        for combo in (self.kind_filter, self.officer_filter, self.due_filter):
            filters.addWidget(combo)
        filters.addStretch(1)
        filters.addWidget(self.snooze_button)
        filters.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.counts)
        layout.addWidget(self.table)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.table.setAccessibleName(_("Reminders"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        self.kind_filter.setItemText(0, _("All kinds"))
        for index in range(1, self.kind_filter.count()):
            self.kind_filter.setItemText(
                index, ReminderKind(self.kind_filter.itemData(index)).label
            )
        self.officer_filter.setItemText(0, _("All officers"))
        self.due_filter.setItemText(0, _("Any date"))
        self.due_filter.setItemText(1, _("Overdue"))
        self.due_filter.setItemText(2, _("Within 7 days"))
        self.due_filter.setItemText(3, _("Within 30 days"))
        self.snooze_button.setText(_("Snooze…"))
        self.done_button.setText(_("Done"))
        self._summarise()

    def show_reminders(self, reminders: Sequence[Reminder]) -> None:
        self._all = list(reminders)
        self._per_kind = Counter(r.kind for r in self._all)
        self._show_officers({r.officer for r in self._all if r.officer})
        self._show()

    def show_case_reminders(self, case_id: int, reminders: Sequence[Reminder]) -> None:
        """One case's items afresh (after it was saved); the other cases' stay as they are.
        Nothing here goes over every item more than twice (150,000 at a million cases)."""
        kept = [r for r in self._all if r.case_id != case_id]
        gone = [r for r in self._all if r.case_id == case_id]
        for reminder in reminders:  # the list is in order already: each goes to its place
            bisect.insort(kept, reminder, key=urgency)
        self._all = kept
        self._per_kind.subtract(r.kind for r in gone)
        self._per_kind.update(r.kind for r in reminders)
        new = {r.officer for r in reminders if r.officer} - set(self._officers)
        if new:
            self._show_officers({*self._officers, *new})
        self._show()

    def _show_officers(self, officers: set[str]) -> None:
        self._officers = sorted(officers)
        chosen = self.officer_filter.currentData()
        self.officer_filter.blockSignals(True)
        while self.officer_filter.count() > 1:
            self.officer_filter.removeItem(1)
        for officer in self._officers:
            self.officer_filter.addItem(officer, officer)
        self.officer_filter.setCurrentIndex(max(self.officer_filter.findData(chosen), 0))
        self.officer_filter.blockSignals(False)

    def _shown(self) -> list[Reminder]:
        kind, officer = self.kind_filter.currentData(), self.officer_filter.currentData()
        days, today = self.due_filter.currentData(), self._today()
        if kind is None and officer is None and days is None:
            return self._all
        return [
            r
            for r in self._all
            if (kind is None or r.kind.value == kind)
            and (officer is None or r.officer == officer)
            and (days is None or (r.due < today if days == 0 else r.due <= today + timedelta(days)))
        ]

    def _show(self) -> None:
        self.model.set_reminders(self._shown())
        self._summarise()
        self._update()

    def selected(self) -> Reminder | None:
        index = self.table.currentIndex()
        return self.model.reminder(index.row()) if index.isValid() else None

    def _ask(self, signal: SignalInstance) -> None:
        chosen = self.selected()
        if chosen is not None:
            signal.emit(chosen)

    def _update(self) -> None:
        for button in (self.snooze_button, self.done_button):
            button.setEnabled(self.selected() is not None)

    def _summarise(self) -> None:
        total, late = self.model.rowCount(), self.model.overdue_count()
        if not self._all:
            self.summary.setText(_("Nothing needs action right now."))
        else:
            self.summary.setText(
                _(
                    "{total} to do, {late} of them overdue (in red). Enter or double-click opens "
                    "the case; Snooze puts an item aside until a date, Done takes it off the list."
                ).format(total=total, late=late)
            )
        per_kind = self._per_kind
        self.counts.setText(
            " · ".join(f"{kind.label}: {per_kind[kind]}" for kind in ReminderKind if per_kind[kind])
        )

    def _activated(self, index: QModelIndex) -> None:
        case_id = self.model.data(index, Qt.ItemDataRole.UserRole)
        if case_id is not None:
            self._open_case(int(case_id))
