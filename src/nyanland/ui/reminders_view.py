"""What needs action across the officer's cases, most urgent first; each row opens its case."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.reminders import Reminder
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

    def overdue_count(self) -> int:
        today = self._today()
        return sum(1 for r in self._reminders if r.overdue(today))


class RemindersView(QWidget):
    def __init__(
        self,
        today: Callable[[], date],
        open_case: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_case = open_case
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
        header.setStretchLastSection(True)
        self.table.activated.connect(self._activated)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.table.setAccessibleName(_("Reminders"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        self._summarise()

    def show_reminders(self, reminders: Sequence[Reminder]) -> None:
        self.model.set_reminders(reminders)
        self._summarise()

    def _summarise(self) -> None:
        total, late = self.model.rowCount(), self.model.overdue_count()
        if total == 0:
            self.summary.setText(_("Nothing needs action right now."))
        else:
            self.summary.setText(
                _(
                    "{total} to do, {late} of them overdue (in red). Enter or double-click opens "
                    "the case."
                ).format(total=total, late=late)
            )

    def _activated(self, index: QModelIndex) -> None:
        case_id = self.model.data(index, Qt.ItemDataRole.UserRole)
        if case_id is not None:
            self._open_case(int(case_id))
