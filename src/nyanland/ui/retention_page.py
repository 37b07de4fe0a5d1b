"""Retention (gallring) for the administrator: the closed cases due, how long they are kept,
and their deletion for good."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nyanland.i18n import _, format_date, ngettext
from nyanland.services import retention, retention_exemptions
from nyanland.services.context import ServiceContext
from nyanland.services.retention import DueCase
from nyanland.services.retention_exemptions import Exemption
from nyanland.ui.operations import RunWithProgress
from nyanland.ui.retention_exemptions import ExemptionsPanel
from nyanland.ui.rows import RowsModel, read_only_table


class RetentionPage(QWidget):
    def __init__(self, context: ServiceContext, run: RunWithProgress) -> None:
        super().__init__()
        self._context = context
        self._run = run
        self.model = RowsModel(
            lambda: [_("Case"), _("Reception date"), _("Closing date")],
            lambda c: [
                c.case_number,
                format_date(c.reception_date, "medium"),
                format_date(c.closure_date, "medium"),
            ],
            self,
        )
        self.table = read_only_table(self.model, "retention")
        self.exemptions = ExemptionsPanel(context, run, self._chosen_number, lambda: self.refresh())
        self.years = QSpinBox()
        self.years.setObjectName("retention_years")
        self.years.setRange(retention.MIN_YEARS, 100)
        self.save_button = QPushButton()
        self.save_button.setObjectName("retention_save")
        self.save_button.clicked.connect(self.save_years)
        self.years_label = QLabel()
        self.years_label.setBuddy(self.years)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("retention_delete")
        self.delete_button.clicked.connect(self.delete_due)
        row = QHBoxLayout()
        row.addWidget(self.years_label)
        row.addWidget(self.years)
        row.addWidget(self.save_button)
        row.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addLayout(bottom)
        layout.addWidget(self.exemptions)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.years_label.setText(_("Keep closed cases for (years)"))
        self.years.setAccessibleName(_("Keep closed cases for (years)"))
        self.save_button.setText(_("Save"))
        self.delete_button.setText(_("Delete the cases due…"))
        self.table.setAccessibleName(_("Cases due for deletion"))
        self.model.retranslate()
        self.exemptions.retranslate_ui()
        self._summarise()

    def refresh(self) -> None:
        context = self._context

        def read() -> tuple[int, list[DueCase], list[Exemption]]:
            return (
                retention.retention_years(context),
                retention.due(context),
                retention_exemptions.exemptions(context),
            )

        self._run(_("Finding the cases due…"), read, self._show)

    def _show(self, found: tuple[int, list[DueCase], list[Exemption]]) -> None:
        years, due, kept = found
        self.years.setValue(years)
        self.model.show(due)
        self.table.resizeColumnsToContents()
        self.exemptions.show_exemptions(kept)
        self._summarise()

    def _chosen_number(self) -> str:
        chosen: DueCase | None = self.model.row_at(self.table.currentIndex())
        return chosen.case_number if chosen is not None else ""

    def _summarise(self) -> None:
        n = self.model.rowCount()
        self.summary.setText(
            ngettext(
                "{n} closed case is due for deletion. Its share of past statistics is kept "
                "as counts; nothing else of it remains.",
                "{n} closed cases are due for deletion. Their share of past statistics is "
                "kept as counts; nothing else of them remains.",
                n,
            ).format(n=n)
        )
        self.delete_button.setEnabled(n > 0)

    def save_years(self) -> None:
        years = self.years.value()
        self._run(
            _("Saving…"),
            lambda: retention.set_retention_years(self._context, years),
            lambda _r: self.refresh(),
        )

    def delete_due(self) -> None:
        ids = [case.id for case in self.model.rows]
        answer = QMessageBox.warning(
            self,
            _("Delete for good"),
            ngettext(
                "Delete {n} closed case for good? This cannot be undone.",
                "Delete {n} closed cases for good? This cannot be undone.",
                len(ids),
            ).format(n=len(ids)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(
            _("Deleting…"),
            lambda: retention.delete_due(self._context, ids),
            lambda _n: self.refresh(),
        )
