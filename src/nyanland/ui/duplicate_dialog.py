"""Before a new case is saved: the cases that may be the same person, to open one of them
instead, or to save the new case all the same."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nyanland.i18n import _, format_date
from nyanland.services.duplicates import LikelyDuplicate


class DuplicateDialog(QDialog):
    """Accepted: save the new case. `open_requested(case_id)`: open that case instead."""

    open_requested = Signal(int)

    def __init__(self, name: str, found: list[LikelyDuplicate], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Likely duplicates"))
        self.found = found
        text = QLabel(
            _(
                "{name} may already have a case: the birth date is the same or one slip of the "
                "pen away, and the names are alike across spellings. Open the case if it is the "
                "same person; save a new case only for someone else."
            ).format(name=name)
        )
        text.setWordWrap(True)
        self.table = QTableWidget(len(found), 3)
        self.table.setHorizontalHeaderLabels([_("Case"), _("Name"), _("Birth date")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for place, likely in enumerate(found):
            born = format_date(likely.birth_date)
            if not likely.same_birth_date:
                born = _("{date} (differs)").format(date=born)
            for column, value in enumerate((likely.case_number, likely.full_name, born)):
                self.table.setItem(place, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _index: self._open())
        buttons = QDialogButtonBox()
        self.open_button = QPushButton(_("Open the selected case"))
        self.save_button = QPushButton(_("Save as a new person"))
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 300)

    def _open(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_requested.emit(self.found[rows[0].row()].case_id)
            self.done(QDialog.DialogCode.Rejected)
