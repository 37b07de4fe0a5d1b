"""The case's journal as a record that stands up: entries are added, never changed. A saved
entry is corrected by a new one that names it (both stay, the corrected one struck through);
each shows who wrote it and when (the account and the clock, domain/journal.py); the journal
is searched by its text, kind and author."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QLineEdit

from nyanland.domain import journal
from nyanland.domain.case import JournalNote
from nyanland.i18n import _
from nyanland.ui.forms import Field
from nyanland.ui.record_list import (
    DISPLAY,
    ListEditor,
    ModelIndex,
    RecordDialog,
    RecordListModel,
    Validator,
    show_value,
)

# The table's columns: the typed ones (fields of the form), the text with how the entry
# stands above it (a correction, or corrected), and who saved it when (never typed).
_COLUMNS = ("date", "kind", "text", "written")
_TYPED = ("date", "kind", "text")
_EXTRA: dict[str, Callable[[], str]] = {"written": lambda: _("Written by")}


class JournalModel(RecordListModel[JournalNote]):
    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_COLUMNS):
            return super().headerData(section, orientation, role)
        name = _COLUMNS[section]
        if name in _EXTRA:
            return _EXTRA[name]() if role == DISPLAY else None
        return super().headerData(_TYPED.index(name), orientation, role)

    def data(self, index: ModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        note = self.records()[index.row()]
        if role == Qt.ItemDataRole.FontRole and note.uid in journal.corrected(self.records()):
            font = QFont()
            font.setStrikeOut(True)
            return font
        name = _COLUMNS[index.column()]
        shown = role in (DISPLAY, Qt.ItemDataRole.ToolTipRole)
        if name == "text" and shown:
            standing = self._standing(note)
            return f"{standing}\n{note.text}" if standing else note.text
        if name in _TYPED:
            return super().data(self.index(index.row(), _TYPED.index(name)), role)
        if not shown:
            return None
        if note.uid is None:
            return _("not saved yet")
        when = show_value(note.written_at) if note.written_at is not None else ""
        return "\n".join(part for part in (note.author or "", when) if part)

    def retranslate_ui(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_COLUMNS) - 1)
        if self.records():
            last = self.index(len(self.records()) - 1, len(_COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _standing(self, note: JournalNote) -> str:
        by_uid = {n.uid: n for n in self.records() if n.uid is not None}
        later = journal.corrected(self.records()).get(note.uid or "")
        if later is not None:
            return _("[Corrected: see the entry of {date}]").format(date=later.date.isoformat())
        if note.corrects is not None and note.corrects in by_uid:
            return _("[Correction of the entry of {date}]").format(
                date=by_uid[note.corrects].date.isoformat()
            )
        return ""


class JournalEditor(ListEditor[JournalNote]):
    """Add, and correct: Edit and Remove reach only entries not saved yet."""

    def __init__(
        self,
        fields: Sequence[Field],
        validate: Validator,
        defaults: Callable[[], dict[str, Any]],
    ) -> None:
        super().__init__(
            JournalNote,
            fields,
            _TYPED,
            lambda: _("Journal note"),
            validate,
            defaults,
            newest_first=True,
            model_type=JournalModel,
        )
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._filter())
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(_COLUMNS.index("text"), QHeaderView.ResizeMode.Stretch)
        layout = self.layout()
        assert layout is not None
        layout.insertWidget(0, self.search)  # type: ignore[attr-defined]
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        if hasattr(self, "search"):
            self.search.setPlaceholderText(_("Search the journal"))
            self.search.setAccessibleName(_("Search the journal"))
        self._update_buttons()

    def set_records(self, records: Sequence[JournalNote]) -> None:
        super().set_records(records)
        if hasattr(self, "search"):
            self._filter()

    def _selected(self) -> JournalNote | None:
        row = self._selected_row()
        return None if row is None else self.model.records()[row]

    def _update_buttons(self) -> None:
        super()._update_buttons()
        note = self._selected()
        saved = note is not None and note.uid is not None
        self.edit_button.setText(_("Correct…") if saved else _("Edit…"))
        self.remove_button.setEnabled(note is not None and not saved)

    def edit_selected(self) -> RecordDialog | None:
        note = self._selected()
        if note is None or note.uid is None:
            return super().edit_selected()
        dialog = RecordDialog(
            _("Correct: {what}").format(what=_("Journal note")),
            JournalNote,
            self._fields,
            lambda candidate: self._validate(candidate, len(self.records())),
            note,
            {},
            self,
        )

        def accepted() -> None:
            if dialog.result_record is not None:
                written = journal.correction(note, dialog.result_record)
                self.set_records([*self.records(), written])
                self.changed.emit()

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def _filter(self) -> None:
        words = self.search.text().lower().split()
        for row, note in enumerate(self.model.records()):
            seen = f"{note.text} {note.kind.label} {note.author or ''}".lower()
            self.table.setRowHidden(row, not all(word in seen for word in words))
