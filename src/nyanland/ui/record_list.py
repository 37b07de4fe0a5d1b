"""Editing a list of a case's records (SFI enrolments, placements, housing, notes): a table,
and a dialog whose every field is checked by the same rules as the import."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.codes import Code
from nyanland.i18n import _
from nyanland.ui.forms import Field, Form, ok_cancel

R = TypeVar("R")
ModelIndex = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
# Checks a candidate record at a place in the list; returns problems by field name.
Validator = Callable[[Any, int], dict[str, str]]


def show_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Code):
        return value.label
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value).replace("\n", " ")


class RecordListModel(QAbstractTableModel, Generic[R]):
    """The records of one list, the columns chosen from their fields."""

    def __init__(self, columns: Sequence[Field], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._records: list[R] = []
        # Columns not shown in the list (a protected person's address); the dialog shows them.
        self.masked: frozenset[str] = frozenset()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == DISPLAY and 0 <= section < len(self._columns):
            return self._columns[section].label()
        return None

    def data(self, index: ModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        record = self._records[index.row()]
        name = self._columns[index.column()].name
        value = getattr(record, name)
        if name in self.masked and value:
            return _("(protected identity)")
        return show_value(value)

    def set_records(self, records: Sequence[R]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> tuple[R, ...]:
        return tuple(self._records)

    def retranslate_ui(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._records:
            last = self.index(len(self._records) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)


class RecordDialog(QDialog):
    """Adds or edits one record; OK only keeps a record that breaks no rule."""

    def __init__(
        self,
        title: str,
        record_type: type[Any],
        fields: Sequence[Field],
        validate: Callable[[Any], dict[str, str]],
        record: Any | None,
        defaults: dict[str, Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._type = record_type
        self._validate = validate
        self.form = Form(fields, self)
        if record is not None:
            self.form.load({f.name: getattr(record, f.name) for f in fields})
        else:
            self.form.load(defaults)
        buttons = ok_cancel(self)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.result_record: Any | None = None
        self.form.edited.connect(self._check)

    def _candidate(self) -> tuple[Any | None, dict[str, str]]:
        values, problems = self.form.values()
        if problems:
            return None, problems
        try:
            record = self._type(**values)
        except (TypeError, ValueError) as error:  # a required value is still missing
            return None, {"": str(error)}
        return record, self._validate(record)

    def _check(self) -> None:
        _record, problems = self._candidate()
        self.form.show_problems(problems)

    def accept(self) -> None:
        record, problems = self._candidate()
        self.form.show_problems(problems)
        if record is None or problems:
            return
        self.result_record = record
        super().accept()


class ListEditor(QWidget, Generic[R]):
    """A table of records with Add, Edit and Remove; `changed` says the list was edited."""

    changed = Signal()

    def __init__(
        self,
        record_type: type[R],
        fields: Sequence[Field],
        columns: Sequence[str],
        noun: Callable[[], str],
        validate: Validator,
        defaults: Callable[[], dict[str, Any]] = dict,
        newest_first: bool = False,
        parent: QWidget | None = None,
        prepare: Callable[[Form], None] | None = None,
        model_type: type[RecordListModel[Any]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._prepare = prepare  # wires a record's form together (courses follow the path)
        self._type = record_type
        self._fields = tuple(fields)
        self._noun = noun
        self._validate = validate
        self._defaults = defaults
        self._newest_first = newest_first
        by_name = {f.name: f for f in fields}
        self.model: RecordListModel[R] = (model_type or RecordListModel)(
            [by_name[c] for c in columns], self
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_button = QPushButton()
        self.edit_button = QPushButton()
        self.remove_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.retranslate_ui()
        self._update_buttons()

    def retranslate_ui(self) -> None:
        self.add_button.setText(_("Add…"))
        self.edit_button.setText(_("Edit…"))
        self.remove_button.setText(_("Remove"))
        self.table.setAccessibleName(self._noun())
        self.model.retranslate_ui()

    def set_records(self, records: Sequence[R]) -> None:
        self.model.set_records(self._ordered(records))
        self.table.resizeRowsToContents()
        self._update_buttons()

    def records(self) -> tuple[R, ...]:
        records = self.model.records()
        return tuple(reversed(records)) if self._newest_first else records

    def _ordered(self, records: Sequence[R]) -> list[R]:
        return list(reversed(records)) if self._newest_first else list(records)

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _update_buttons(self) -> None:
        chosen = self._selected_row() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _store_index(self, row: int) -> int:
        """Where a table row sits in the case's own list (the table may show it reversed)."""
        count = self.model.rowCount()
        return count - 1 - row if self._newest_first else row

    def open_dialog(self, row: int | None) -> RecordDialog:
        record = None if row is None else self.model.records()[row]
        place = len(self.model.records()) if row is None else self._store_index(row)
        title = (_("New: {what}") if row is None else _("Edit: {what}")).format(what=self._noun())
        dialog = RecordDialog(
            title,
            self._type,
            self._fields,
            lambda candidate: self._validate(candidate, place),
            record,
            self._defaults(),
            self,
        )
        if self._prepare is not None:
            self._prepare(dialog.form)
        return dialog

    def add(self) -> RecordDialog:
        """Opens the dialog for a new record (window-modal); OK appends it to the list."""
        dialog = self.open_dialog(None)

        def accepted() -> None:
            if dialog.result_record is not None:
                self.set_records([*self.records(), dialog.result_record])
                self.changed.emit()

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def edit_selected(self) -> RecordDialog | None:
        row = self._selected_row()
        if row is None:
            return None
        dialog = self.open_dialog(row)
        place = self._store_index(row)

        def accepted() -> None:
            if dialog.result_record is not None:
                records = list(self.records())
                records[place] = dialog.result_record
                self.set_records(records)
                self.changed.emit()

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def remove_selected(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        records = list(self.records())
        del records[self._store_index(row)]
        self.set_records(records)
        self.changed.emit()
