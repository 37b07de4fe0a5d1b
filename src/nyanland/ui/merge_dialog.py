"""The officer's choice, field by field, when the same fields of a case were changed elsewhere:
after a save over a newer version, and for a conflict found by a sync."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.codes import Code
from nyanland.domain.merge import Conflict, Side
from nyanland.i18n import _, format_date
from nyanland.reports import case_labels

_SECTIONS: Mapping[str, Mapping[str, case_labels.Label]] = {
    "person": case_labels.PERSON,
    "reception": case_labels.RECEPTION,
    "skills_mapping": case_labels.SKILLS_MAPPING,
    "closure": case_labels.CLOSURE,
}
_WHOLE: Mapping[str, case_labels.Label] = {
    "case_number": lambda: _("Case number"),
    "sfi": lambda: _("SFI"),
    "skills_mapping": lambda: _("Skills mapping"),
    "placements": lambda: _("Placements"),
    "housing": lambda: _("Housing"),
    "closure": lambda: _("Closure"),
    "notes": lambda: _("Journal"),
}


def field_label(path: str) -> str:
    """`person.phone` → "Telephone"; a whole part or list by its tab's name."""
    head, _dot, rest = path.partition(".")
    if rest and head in _SECTIONS and rest in _SECTIONS[head]:
        return _SECTIONS[head][rest]()
    if path in _WHOLE:
        return _WHOLE[path]()
    return path


def describe(value: Any) -> str:
    """A stored value as the officer reads it."""
    if value is None or value == ():
        return _("(empty)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Code):
        return value.label
    if isinstance(value, date):
        return format_date(value, "short")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        if all(isinstance(v, str) for v in value):
            return ", ".join(value)
        return "\n".join(describe(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        parts = [getattr(value, f.name) for f in fields(value)]
        return " · ".join(describe(p) for p in parts if p not in (None, (), False, ""))
    return str(value)


class MergeDialog(QDialog):
    """One row per conflicting field: its value as the officer left it and as it is now saved
    elsewhere; nothing is saved until every row has a choice."""

    def __init__(
        self,
        intro: str,
        conflicts: tuple[Conflict, ...],
        theirs_title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Choose which changes to keep"))
        self._conflicts = conflicts
        self._groups: dict[str, QButtonGroup] = {}
        text = QLabel(intro)
        text.setWordWrap(True)

        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        for column, title in enumerate((_("Field"), _("Your change"), theirs_title)):
            heading = QLabel(f"<b>{title}</b>")
            grid.addWidget(heading, 0, column)
        for row, conflict in enumerate(conflicts, start=1):
            grid.addWidget(QLabel(field_label(conflict.path)), row, 0)
            group = QButtonGroup(self)
            for column, side, value in (
                (1, Side.MINE, conflict.mine),
                (2, Side.THEIRS, conflict.theirs),
            ):
                button = QRadioButton(describe(value))
                side_title = _("Your change") if side is Side.MINE else theirs_title
                button.setAccessibleName(f"{field_label(conflict.path)}: {side_title}")
                button.setProperty("side", side.value)
                group.addButton(button)
                grid.addWidget(button, row, column)
            group.buttonToggled.connect(self._update_buttons)
            self._groups[conflict.path] = group
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(conflicts) + 1, 1)  # the rows stay together at the top
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        self.all_mine = QPushButton(_("Keep all mine"))
        self.all_theirs = QPushButton(_("Keep all theirs"))
        self.buttons.addButton(self.all_mine, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.all_theirs, QDialogButtonBox.ButtonRole.ActionRole)
        self.all_mine.clicked.connect(lambda: self.choose_all(Side.MINE))
        self.all_theirs.clicked.connect(lambda: self.choose_all(Side.THEIRS))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 320)
        self._update_buttons()

    def choose(self, path: str, side: Side) -> None:
        for button in self._groups[path].buttons():
            if button.property("side") == side.value:
                button.setChecked(True)

    def choose_all(self, side: Side) -> None:
        for path in self._groups:
            self.choose(path, side)

    @property
    def choices(self) -> dict[str, Side]:
        chosen: dict[str, Side] = {}
        for path, group in self._groups.items():
            button = group.checkedButton()
            if button is not None:
                chosen[path] = Side(button.property("side"))
        return chosen

    def _update_buttons(self) -> None:
        ready = len(self.choices) == len(self._conflicts)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ready)
