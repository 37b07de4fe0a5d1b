"""Pickers for the codes typed by hand before: a country (ISO 3166-1 alpha-2) and languages
(ISO 639-1), by their names in the window's language from Babel's locale data (CLDR), found
by typing part of a name or the code. What is stored stays the code."""

from __future__ import annotations

from collections.abc import Sequence

from babel import Locale, UnknownLocaleError
from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.case import COUNTRY_CODES, LANGUAGE_CODES
from nyanland.i18n import _, current_language


def _names() -> Locale:
    """The window's language as CLDR knows it (a pseudo-locale, en_XA, by its language)."""
    language = current_language()
    for candidate in (language, language.split("_")[0]):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def country_names() -> list[tuple[str, str]]:
    """(code, name) of every country, sorted by name in the window's language."""
    names = _names().territories
    return _sorted({code: str(names.get(code, code)) for code in COUNTRY_CODES})


def language_name(code: str) -> str:
    """A language's name (ISO 639-1) in the window's language."""
    return str(_names().languages.get(code, code))


def language_names() -> list[tuple[str, str]]:
    names = _names().languages
    return _sorted({code: str(names.get(code, code)) for code in LANGUAGE_CODES})


def _sorted(names: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(names.items(), key=lambda item: (item[1].casefold(), item[0]))


class CountryBox(QComboBox):
    """One country, or none: typing filters the list by any part of a name or the code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.completer()
        assert completer is not None
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        code = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem("", None)
        for each, name in country_names():
            self.addItem(f"{name} ({each})", each)
        self.set_code(code)  # the same country, renamed: no edit of the case
        self.blockSignals(False)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("type part of the name, e.g. Syr"))

    def set_code(self, code: str | None) -> None:
        self.setCurrentIndex(max(self.findData(code), 0) if code else 0)

    def code(self) -> str | None:
        """The chosen country; ValueError when the text typed names none."""
        text = self.currentText().strip()
        if not text:
            return None
        found = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if found < 0:
            upper = text.upper()
            found = self.findData(upper) if upper in COUNTRY_CODES else -1
        if found < 0:
            raise ValueError(_("choose a country from the list"))
        return str(self.itemData(found)) if self.itemData(found) else None


class LanguagePicker(QWidget):
    """Languages in the order chosen, shown by name; *Välj…* opens a searchable list."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._codes: tuple[str, ...] = ()
        self.shown = QLabel()
        self.shown.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(self.choose)
        self.dialog: LanguageDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.shown, 1)
        layout.addWidget(self.button)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.button.setText(_("Choose…"))
        self.button.setAccessibleName(_("Choose languages"))
        names = dict(language_names())
        self.shown.setText(", ".join(names.get(c, c) for c in self._codes) or "–")

    def codes(self) -> tuple[str, ...]:
        return self._codes

    def set_codes(self, codes: Sequence[str]) -> None:
        self._codes = tuple(codes)
        self.retranslate_ui()

    def choose(self) -> LanguageDialog:
        dialog = LanguageDialog(self._codes, self)

        def accepted() -> None:
            if dialog.chosen() != self._codes:
                self.set_codes(dialog.chosen())
                self.changed.emit()

        dialog.accepted.connect(accepted)
        # Back to the case when the list closes (as a window manager does; offscreen too).
        dialog.finished.connect(lambda _result: self.window().activateWindow())
        self.dialog = dialog
        dialog.open()
        return dialog


class LanguageDialog(QDialog):
    def __init__(self, chosen: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Languages"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._order = list(chosen)
        self.items = QStandardItemModel(self)
        for code, name in language_names():
            item = QStandardItem(f"{name} ({code})")
            item.setData(code, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            self.items.appendRow(item)
        self.items.itemChanged.connect(self._toggled)
        self.filtered = QSortFilterProxyModel(self)
        self.filtered.setSourceModel(self.items)
        self.filtered.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name or code"))
        self.search.setAccessibleName(_("Search by name or code"))
        self.search.textChanged.connect(self.filtered.setFilterFixedString)
        self.list = QListView()
        self.list.setModel(self.filtered)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        from nyanland.ui.forms import ok_cancel  # (forms builds these pickers)

        layout.addWidget(ok_cancel(self))
        self.resize(360, 420)

    def _toggled(self, item: QStandardItem) -> None:
        code = str(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked and code not in self._order:
            self._order.append(code)
        elif item.checkState() != Qt.CheckState.Checked and code in self._order:
            self._order.remove(code)

    def check(self, code: str, on: bool = True) -> None:
        for row in range(self.items.rowCount()):
            item = self.items.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> tuple[str, ...]:
        return tuple(self._order)
