"""The strategy's targets, edited by the coordinator: set one, see them all, remove one."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.errors import KnownError
from nyanland.domain.indicators import BY_ID, CATALOGUE, Comparison, Target
from nyanland.domain.timeline import Period
from nyanland.i18n import _
from nyanland.reports.labels import unit_label
from nyanland.ui.forms import ERROR_STYLE


class TargetsDialog(QDialog):
    def __init__(
        self,
        load: Callable[[], Sequence[Target]],
        save: Callable[[Target], object],
        remove: Callable[[str, str], object],
        default_period: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("The strategy's targets"))
        self.setMinimumWidth(640)
        self._load, self._save, self._remove = load, save, remove
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Indicator"), _("Period"), _("Target")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_("Targets"))
        self.indicator = QComboBox()
        for indicator in CATALOGUE:
            self.indicator.addItem(_(indicator.title), indicator.id)
        self.period = QLineEdit(default_period)
        self.period.setPlaceholderText(_("a year (2026) or a quarter (2026-Q1)"))
        self.comparison = QComboBox()
        for comparison in Comparison:
            self.comparison.addItem(comparison.label, comparison.value)
        self.value = QSpinBox()
        self.value.setRange(0, 1_000_000)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.set_button = QPushButton(_("Set the target"))
        self.remove_button = QPushButton(_("Remove the chosen target"))
        form = QFormLayout()
        form.addRow(_("Indicator"), self.indicator)
        form.addRow(_("Period"), self.period)
        form.addRow(_("Comparison"), self.comparison)
        form.addRow(_("Value"), self.value)
        for widget, name in (
            (self.indicator, _("Indicator")),
            (self.period, _("Period")),
            (self.comparison, _("Comparison")),
            (self.value, _("Value")),
        ):
            widget.setAccessibleName(name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.remove_button)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.set_button)
        layout.addWidget(buttons)
        self.set_button.clicked.connect(self.set_target)
        self.remove_button.clicked.connect(self.remove_chosen)
        self.targets: list[Target] = []
        self.reload()

    def reload(self) -> None:
        self.targets = list(self._load())
        self.table.setRowCount(len(self.targets))
        for row, target in enumerate(self.targets):
            unit = unit_label(BY_ID[target.indicator].unit.value)
            for column, text in enumerate(
                (
                    _(BY_ID[target.indicator].title),
                    target.period,
                    f"{target.comparison.label} {target.value} {unit}",
                )
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def set_target(self) -> None:
        try:
            target = Target(
                str(self.indicator.currentData()),
                Period.parse(self.period.text()).code,
                Comparison(self.comparison.currentData()),
                self.value.value(),
            )
            self._save(target)
        except KnownError as error:
            self.error.setText(str(error))
            return
        self.error.setText("")
        self.reload()

    def remove_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        target = self.targets[rows[0].row()]
        self._remove(target.indicator, target.period)
        self.reload()
