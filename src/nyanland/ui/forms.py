"""Forms built from field lists: one widget kind per value kind, parsing as the user types,
and each rule's message shown under its field."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.codes import Code
from nyanland.domain.sections import ValueKind as Kind
from nyanland.i18n import _
from nyanland.services.kept_lists import KeptList
from nyanland.ui.buttons import ERROR_STYLE as ERROR_STYLE
from nyanland.ui.buttons import ok_cancel as ok_cancel
from nyanland.ui.code_pickers import CountryBox, LanguagePicker
from nyanland.ui.kept_names import KeptNameBox


def choose_one() -> str:
    return _("choose one (or «unknown» where the list has it)")


def _empty_code(field: Field) -> str:
    return _("– choose –") if field.required else "–"


@dataclass(frozen=True)
class Field:
    name: str
    label: Callable[[], str]  # called at display time, so a language switch re-labels
    kind: Kind = Kind.TEXT
    code_list: type[Code] | None = None
    required: bool = False
    hint: Callable[[], str] | None = None  # shown in the empty field, never in a document
    # "country" or "languages": chosen by name (ui/code_pickers.py); a KeptList code: from
    # the administrator's list (ui/kept_names.py)
    picker: str | None = None


_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")


def parse_date(text: str) -> date:
    match = _DATE.match(text.strip())
    if match is None:
        raise ValueError(_("write the date as YYYY-MM-DD"))
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(_("{value} is not a real date").format(value=text.strip())) from None


class Form(QWidget):
    """A column of labelled fields; `values()` gives what they hold, or each field's problem."""

    edited = Signal()

    def __init__(self, fields: Sequence[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fields = {f.name: f for f in fields}
        self._inputs: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._errors: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for field in fields:
            widget = self._make_input(field)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            label = QLabel()
            label.setBuddy(widget)
            layout.addRow(label, cell)
            self._inputs[field.name] = widget
            self._labels[field.name] = label
            self._errors[field.name] = error
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        for name, field in self._fields.items():
            text = field.label() + (" *" if field.required else "")
            self._labels[name].setText(text)
            self._inputs[name].setAccessibleName(field.label())
            widget = self._inputs[name]
            if isinstance(widget, CountryBox | LanguagePicker):
                widget.retranslate_ui()
            elif isinstance(widget, QLineEdit) and field.kind is Kind.DATE:
                widget.setPlaceholderText(_("YYYY-MM-DD"))
            elif isinstance(widget, QLineEdit) and field.hint is not None:
                widget.setPlaceholderText(field.hint())
            if (
                isinstance(widget, QComboBox)
                and not isinstance(widget, CountryBox)
                and field.code_list is not None
            ):
                for index in range(widget.count()):
                    code = widget.itemData(index)
                    label = field.code_list(code).label if code else _empty_code(field)
                    widget.setItemText(index, label)

    def _make_input(self, field: Field) -> QWidget:
        widget: QWidget
        if field.picker == "country":
            country = CountryBox()
            country.currentIndexChanged.connect(self.edited)
            country.editTextChanged.connect(self.edited)
            widget = country
        elif field.picker == "languages":
            languages = LanguagePicker()
            languages.changed.connect(self.edited)
            widget = languages
        elif field.picker in KeptList.codes():
            kept = KeptNameBox(KeptList(field.picker))
            kept.edited.connect(self.edited)
            widget = kept
        elif field.kind is Kind.FLAG:
            box = QCheckBox()
            box.toggled.connect(self.edited)
            widget = box
        elif field.kind is Kind.CODE:
            assert field.code_list is not None
            combo = QComboBox()
            # No coded value is chosen for the officer: the list starts empty ("– choose –"
            # where a value is required, which does not save; "uppgift saknas" is in the list
            # where the code has it), so a careless Enter cannot raise a statistic.
            combo.addItem(_empty_code(field), None)
            for code in field.code_list:
                combo.addItem(code.label, code.value)
            combo.currentIndexChanged.connect(self.edited)
            widget = combo
        elif field.kind is Kind.MULTILINE:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.textChanged.connect(self.edited)
            widget = text
        else:
            line = QLineEdit()
            line.textEdited.connect(self.edited)
            widget = line
        widget.setObjectName(field.name)
        return widget

    def input(self, name: str) -> QWidget:
        return self._inputs[name]

    def load(self, values: dict[str, Any]) -> None:
        """Fills the fields without reporting an edit."""
        self.blockSignals(True)
        try:
            for name, field in self._fields.items():
                self._set(self._inputs[name], field, values.get(name))
        finally:
            self.blockSignals(False)
        self.show_problems({})

    def set_values(self, values: dict[str, Any]) -> None:
        """Sets some of the fields (the others stay as they are), without reporting an edit."""
        self.blockSignals(True)
        try:
            for name, value in values.items():
                self._set(self._inputs[name], self._fields[name], value)
        finally:
            self.blockSignals(False)

    def _set(self, widget: QWidget, field: Field, value: Any) -> None:
        if isinstance(widget, KeptNameBox):
            widget.set_name(value)
        elif isinstance(widget, CountryBox):
            widget.set_code(value)
        elif isinstance(widget, LanguagePicker):
            widget.set_codes(value or ())
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            code = value.value if isinstance(value, Code) else value
            widget.setCurrentIndex(max(widget.findData(code), 0))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QLineEdit):
            if value is None:
                widget.setText("")
            elif field.kind is Kind.DATE:
                widget.setText(value.isoformat())
            elif field.kind is Kind.CODES:
                widget.setText(", ".join(value))
            elif field.kind is Kind.NUMBER and float(value).is_integer():
                widget.setText(str(int(value)))
            else:
                widget.setText(str(value))

    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The values the fields hold, and for each field that cannot be read, why not."""
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for name, field in self._fields.items():
            try:
                values[name] = self._read(self._inputs[name], field)
            except ValueError as error:
                problems[name] = str(error)
                values[name] = None
        return values, problems

    def _read(self, widget: QWidget, field: Field) -> Any:
        if isinstance(widget, KeptNameBox):
            return widget.name()
        if isinstance(widget, CountryBox):
            return widget.code()
        if isinstance(widget, LanguagePicker):
            return widget.codes()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            code = widget.currentData()
            assert field.code_list is not None
            if code is None and field.required:
                raise ValueError(choose_one())
            return None if code is None else field.code_list(code)
        text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()  # type: ignore[attr-defined]
        stripped = text.strip()
        if not stripped:
            if field.required and field.kind is not Kind.TEXT:
                raise ValueError(_("is required"))
            return () if field.kind is Kind.CODES else ("" if field.required else None)
        if field.kind is Kind.DATE:
            return parse_date(stripped)
        if field.kind is Kind.WHOLE:
            if not stripped.isdigit():
                raise ValueError(_("must be a whole number"))
            return int(stripped)
        if field.kind is Kind.NUMBER:
            try:
                return float(stripped.replace(",", "."))
            except ValueError:
                raise ValueError(_("must be a number")) from None
        if field.kind is Kind.CODES:
            return tuple(part.strip() for part in stripped.split(",") if part.strip())
        return text if field.kind is Kind.MULTILINE else stripped

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self._errors.items():
            message = problems.get(name)
            label.setText(message or "")
            label.setVisible(bool(message))
            self._inputs[name].setProperty("invalid", bool(message))
