"""Fields whose names the administrator keeps (services/kept_lists.py): a district or an SFI
provider is chosen from its list (typed freely only while the list is empty); an employer is
picked from the known ones or typed when new. The names are fetched off the GUI thread when
the window opens and after the administrator changes a list."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from nyanland.services.kept_lists import KeptList


class KeptNames(QObject):
    """The names the forms offer, as the signed-in window last fetched them."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[KeptList, tuple[str, ...]] = {kind: () for kind in KeptList}

    def set(self, names: dict[KeptList, tuple[str, ...]]) -> None:
        self.names = {kind: names.get(kind, ()) for kind in KeptList}
        self.changed.emit()


OFFERED = KeptNames()


class KeptNameBox(QComboBox):
    edited = Signal()

    def __init__(self, kind: KeptList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._value: str | None = None
        self._fill()
        OFFERED.changed.connect(self._fill)
        self.currentIndexChanged.connect(lambda _i: self._chosen())
        self.editTextChanged.connect(lambda _t: self._chosen())

    @property
    def free(self) -> bool:
        """Typed freely: an employer, or a closed list that holds no name yet."""
        return not self.kind.closed or not OFFERED.names[self.kind]

    def _fill(self) -> None:
        value = self._value
        self.blockSignals(True)
        try:
            self.clear()
            self.setEditable(self.free)
            self.addItem("", None)
            names = OFFERED.names[self.kind]
            for name in names:
                self.addItem(name, name)
            if value and value not in names:
                self.addItem(value, value)  # what the case has, though no longer offered
            if self.isEditable():
                completer = QCompleter(list(names), self)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                self.setCompleter(completer)
        finally:
            self.blockSignals(False)
        self.set_name(value)

    def set_name(self, value: str | None) -> None:
        self._value = value or None
        self.blockSignals(True)
        try:
            if value and self.findData(value) < 0 and not self.isEditable():
                self.addItem(value, value)
            index = self.findData(value) if value else 0
            self.setCurrentIndex(max(index, 0))
            if self.isEditable():
                self.setEditText(value or "")
        finally:
            self.blockSignals(False)

    def name(self) -> str | None:
        if self.isEditable():
            return " ".join(self.currentText().split()) or None
        data = self.currentData()
        return str(data) if data else None

    def _chosen(self) -> None:
        self._value = self.name()
        self.edited.emit()
