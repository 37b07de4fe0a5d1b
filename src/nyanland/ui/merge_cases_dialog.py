"""*Slå ihop ärenden…*: which case of the same person to join into the open one (the likely
duplicates offered first; any case number may be typed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nyanland.i18n import _, format_date
from nyanland.services.duplicates import LikelyDuplicate
from nyanland.services.records import CaseRecord


class MergeCasesDialog(QDialog):
    def __init__(self, kept: CaseRecord, found: list[LikelyDuplicate], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Merge cases"))
        text = QLabel(
            _(
                "Join another case of {name} into this case ({number}). Everything in it comes "
                "along: courses, placements, housing, tasks and the journal; what it records "
                "otherwise (another phone number, another spelling) is written in the journal. "
                "The other case is then removed. This cannot be undone."
            ).format(name=kept.data.person.full_name, number=kept.case_number)
        )
        text.setWordWrap(True)
        self.likely = QListWidget()
        for likely in found:
            item = QListWidgetItem(
                f"{likely.case_number}  {likely.full_name}  {format_date(likely.birth_date)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, likely.case_number)
            self.likely.addItem(item)
        self.likely.currentItemChanged.connect(self._chosen)
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("for example {number}").format(number="2026-00012"))
        self.number.textChanged.connect(self._typed)
        form = QFormLayout()
        form.addRow(_("Case to join into this one"), self.number)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Merge"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        if found:
            layout.addWidget(QLabel(_("Likely the same person:")))
            layout.addWidget(self.likely)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._kept_number = kept.case_number
        if found:
            self.likely.setCurrentRow(0)
        self._typed(self.number.text())
        self.resize(540, 360 if found else 220)

    @property
    def case_number(self) -> str:
        return self.number.text().strip()

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.number.setText(str(item.data(Qt.ItemDataRole.UserRole)))

    def _typed(self, text: str) -> None:
        number = text.strip()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(number) and number != self._kept_number
        )
