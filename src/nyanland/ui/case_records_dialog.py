"""The shape both dialogs of a case's own records share (documents, consents): their table, read
on the store's executor and again after each change, a line saying what was refused and why,
and Close. A dialog names what it reads, its headings and cells, and its own parts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLayout, QVBoxLayout, QWidget

from nyanland.domain.errors import FieldError, ValidationFailed
from nyanland.services.context import ServiceContext
from nyanland.ui.forms import ERROR_STYLE
from nyanland.ui.operations import CaseOp, QueryOp, StoreExecutor, case_changed
from nyanland.ui.rows import RowsModel, read_only_table

R = TypeVar("R")


class CaseRecordsDialog(QDialog, Generic[R]):
    def __init__(
        self,
        context: ServiceContext,
        executor: StoreExecutor,
        case_id: int,
        name: str,
        headers: Callable[[], Sequence[str]],
        cells: Callable[[R], Sequence[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_dialog")
        self._context, self._executor, self._case_id, self._name = context, executor, case_id, name
        self.model = RowsModel(headers, cells, self)
        self.table = read_only_table(self.model, name)
        self.error = QLabel()
        self.error.setObjectName(f"{name}_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_buttons.rejected.connect(self.reject)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())

    def lay_out(self, *parts: QWidget | QLayout) -> None:
        """The dialog's own parts from the top, then the refusal line and Close."""
        layout = QVBoxLayout(self)
        for part in parts:
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addWidget(self.error)
        layout.addWidget(self.close_buttons)

    def chosen(self) -> R | None:
        found: R | None = self.model.row_at(self.table.currentIndex())
        return found

    def refresh(self) -> None:
        QueryOp(self._executor, self._read, self._show).failure(self._failed).named(
            self._name
        ).run_in_background()

    def _read(self) -> list[R]:
        raise NotImplementedError

    def _show(self, found: list[R]) -> None:
        self.model.show(found)
        self.table.resizeColumnsToContents()
        self._update()

    def _update(self) -> None:
        """The buttons that need a chosen row (the dialog's own)."""

    def _write(self, work: Callable[[], Any], then: Callable[[Any], object], name: str) -> None:
        """A change to the case's records; the list, the window and the log follow."""
        CaseOp(self._executor, work, then, case_changed(self._case_id)).failure(self._failed).named(
            name
        ).run_in_background()

    def _field_label(self, field: str) -> str:
        return field

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationFailed):
            problems: list[FieldError] = list(error.problems)
        elif isinstance(error, FieldError):
            problems = [error]
        else:
            self._executor.report(error)
            return
        self.error.setText(
            "\n".join(f"{self._field_label(p.field)}: {p.problem}" for p in problems)
        )
