"""The cases kept from retention, on *Administration → Gallring*: each with its reason; a
case is kept by its number (the one chosen in the list of cases due, or typed), and let go
again when the reason has passed (services/retention_exemptions.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.errors import FieldError
from nyanland.i18n import _
from nyanland.services import retention_exemptions
from nyanland.services.context import ServiceContext
from nyanland.services.retention_exemptions import Exemption
from nyanland.ui.forms import ERROR_STYLE, ok_cancel
from nyanland.ui.operations import RunWithProgress
from nyanland.ui.rows import RowsModel, read_only_table, when_text


class ExemptDialog(QDialog):
    def __init__(self, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keep a case from retention"))
        self.case_number = QLineEdit(case_number)
        self.case_number.setObjectName("exempt_case_number")
        self.reason = QLineEdit()
        self.reason.setObjectName("exempt_reason")
        self.reason.setPlaceholderText(_("for example: the decision is appealed"))
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Case number"), self.case_number)
        form.addRow(_("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self))
        self.setMinimumWidth(420)

    def accept(self) -> None:
        if not self.case_number.text().strip():
            self.error.setText(_("Case number") + ": " + _("is required"))
        elif not self.reason.text().strip():
            self.error.setText(_("Reason") + ": " + _("say why the case is kept from retention"))
        else:
            super().accept()


class ExemptionsPanel(QWidget):
    def __init__(
        self,
        context: ServiceContext,
        run: RunWithProgress,
        chosen_due: Callable[[], str],
        refresh: Callable[[], None],
    ) -> None:
        """`refresh` reads the page's lists again (a case kept leaves the list of those due)."""
        super().__init__()
        self._context, self._run, self._chosen_due = context, run, chosen_due
        self._refresh = refresh
        self.model = RowsModel(
            lambda: [_("Case"), _("Reason"), _("By"), _("Since")],
            lambda e: [e.case_number, e.reason, e.exempted_by, when_text(e.exempted_at)],
            self,
        )
        self.table = read_only_table(self.model, "retention_exemptions")
        self.heading = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.exempt_button = QPushButton()
        self.exempt_button.setObjectName("retention_exempt")
        self.exempt_button.clicked.connect(self.exempt)
        self.lift_button = QPushButton()
        self.lift_button.setObjectName("retention_lift")
        self.lift_button.clicked.connect(self.lift)
        row = QHBoxLayout()
        row.addWidget(self.heading, 1)
        row.addWidget(self.exempt_button)
        row.addWidget(self.lift_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.dialog: ExemptDialog | None = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Kept from retention"))
        self.exempt_button.setText(_("Keep a case…"))
        self.lift_button.setText(_("Let it go"))
        self.table.setAccessibleName(_("Cases kept from retention"))
        self.model.retranslate()
        self._update()

    def show_exemptions(self, found: list[Exemption]) -> None:
        self.model.show(found)
        self.table.resizeColumnsToContents()
        self._update()

    def _update(self) -> None:
        self.lift_button.setEnabled(self.model.row_at(self.table.currentIndex()) is not None)

    def exempt(self) -> None:
        dialog = ExemptDialog(self._chosen_due(), self)

        def accepted() -> None:
            number, reason = dialog.case_number.text(), dialog.reason.text()
            self.error.clear()
            self._run(
                _("Keeping the case from retention…"),
                lambda: self._kept(number, reason),
                self._done,
            )

        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.dialog = dialog

    def _kept(self, number: str, reason: str) -> str | None:
        """A refusal (no such case) is said under the list, not as an error box."""
        try:
            retention_exemptions.exempt(self._context, number, reason)
        except FieldError as error:
            label = _("Case number") if error.field == "case_number" else _("Reason")
            return f"{label}: {error.problem}"
        return None

    def _done(self, refused: str | None) -> None:
        self.error.setText(refused or "")
        self._refresh()

    def lift(self) -> None:
        chosen: Exemption | None = self.model.row_at(self.table.currentIndex())
        if chosen is None:
            return
        self._run(
            _("Letting the case go…"),
            lambda: retention_exemptions.lift(self._context, chosen.case_id),
            lambda _none: self._refresh(),
        )
