"""A case's tasks: add one with a due date, tick it off; saved at once, apart from the form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nyanland.i18n import _, format_date
from nyanland.services.tasks import Task
from nyanland.ui.forms import ERROR_STYLE, parse_date
from nyanland.ui.operations import Runner, StoreExecutor

DEFAULT_DUE_DAYS = 7


class TasksPanel(QWidget):
    """`changed` is emitted after a task was added or ticked (the reminders recount)."""

    changed = Signal()

    def __init__(
        self,
        today: Callable[[], date],
        load: Callable[[int], list[Task]],
        add: Callable[[int, str, date], Task],
        complete: Callable[[int, bool], Task],
        on_failure: Callable[[BaseException], None],
        executor: StoreExecutor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today, self._load, self._add, self._complete = today, load, add, complete
        self._on_failure = on_failure
        self._runner = Runner(executor)
        self._case_id: int | None = None
        self.tasks: list[Task] = []
        self.title = QLineEdit()
        self.title.setObjectName("task_title")
        self.due = QLineEdit()
        self.due.setObjectName("task_due")
        self.due.setMaximumWidth(130)
        self.add_button = QPushButton()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.table = QTableWidget(0, 3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        row = QHBoxLayout()
        row.addWidget(self.title, 1)
        row.addWidget(self.due)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.table)
        self.add_button.clicked.connect(self.add_task)
        self.title.returnPressed.connect(self.add_task)
        self.table.itemChanged.connect(self._ticked)
        self.retranslate_ui()
        self.show_case(None)

    def retranslate_ui(self) -> None:
        self.title.setPlaceholderText(_("New task, e.g. Book an interpreter for the follow-up"))
        self.title.setAccessibleName(_("New task"))
        self.due.setPlaceholderText(_("YYYY-MM-DD"))
        self.due.setAccessibleName(_("Due date"))
        self.add_button.setText(_("Add task"))
        self.table.setHorizontalHeaderLabels([_("Done"), _("Task"), _("Due date")])
        self.table.setAccessibleName(_("Tasks"))

    @property
    def case_id(self) -> int | None:
        """The case whose tasks are shown."""
        return self._case_id

    def show_case(self, case_id: int | None) -> None:
        self._case_id = case_id
        self.setEnabled(case_id is not None)
        self.due.setText((self._today() + timedelta(days=DEFAULT_DUE_DAYS)).isoformat())
        self.error.setText("")
        if case_id is None:
            self._fill([])
        else:
            self._background(lambda: self._load(case_id), self._fill)

    def add_task(self) -> None:
        case_id = self._case_id
        if case_id is None:
            return
        try:
            due = parse_date(self.due.text())
        except ValueError as error:
            self.error.setText(_("Due date: {problem}").format(problem=error))
            return
        title = self.title.text()
        if not title.strip():
            self.error.setText(_("Write what is to be done."))
            return
        self.error.setText("")
        self._background(lambda: self._add(case_id, title, due), lambda _task: self._done())
        self.title.clear()

    def _ticked(self, item: QTableWidgetItem) -> None:
        if item.column() != 0 or not 0 <= item.row() < len(self.tasks):
            return
        task = self.tasks[item.row()]
        done = item.checkState() == Qt.CheckState.Checked
        if done != (task.done_date is not None):
            self._background(lambda: self._complete(task.id, done), lambda _task: self._done())

    def _done(self) -> None:
        self.changed.emit()
        if self._case_id is not None:
            self.show_case(self._case_id)

    def _background(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        self._runner.run(work, then, self._on_failure)

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def _fill(self, tasks: list[Task]) -> None:
        self.tasks = list(tasks)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.tasks))
        today = self._today()
        for row, task in enumerate(self.tasks):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Checked if task.done_date else Qt.CheckState.Unchecked)
            title = QTableWidgetItem(task.title)
            due = QTableWidgetItem(format_date(task.due_date, "medium"))
            if task.done_date is None and task.due_date < today:
                for item in (title, due):
                    item.setForeground(QBrush(QColor("#b00020")))
            for column, item in enumerate((tick, title, due)):
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
