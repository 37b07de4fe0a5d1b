"""*Ärende → Samtycken…*: which consents the person has given to share the case, since when,
and which are withdrawn (services/consents.py). A consent is recorded with its day; a
withdrawal is recorded from today and cannot be undone (a new consent is recorded instead)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.consents import Consent, ConsentPurpose
from nyanland.domain.errors import FieldError, ValidationFailed
from nyanland.i18n import _, format_date
from nyanland.services import consents
from nyanland.services.consents import RecordedConsent
from nyanland.services.context import ServiceContext
from nyanland.ui.forms import ERROR_STYLE, parse_date
from nyanland.ui.operations import CaseOp, QueryOp, StoreExecutor, case_changed
from nyanland.ui.rows import RowsModel, read_only_table


def _field_label(field: str) -> str:
    return {
        "purpose": _("Purpose"),
        "recipient": _("Recipient"),
        "given_on": _("Given on"),
        "withdrawn_on": _("Withdrawn on"),
    }.get(field, field)


class ConsentsDialog(QDialog):
    def __init__(
        self,
        context: ServiceContext,
        executor: StoreExecutor,
        case_id: int,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consents_dialog")
        self._context, self._executor, self._case_id = context, executor, case_id
        self.setWindowTitle(_("Consents – {case}").format(case=title))
        self.model = RowsModel(
            lambda: [_("Purpose"), _("Recipient"), _("Given on"), _("Withdrawn on"), _("By")],
            lambda r: [
                r.consent.purpose.label,
                r.consent.recipient or "–",
                format_date(r.consent.given_on),
                format_date(r.consent.withdrawn_on) if r.consent.withdrawn_on else "–",
                r.recorded_by,
            ],
            self,
        )
        self.table = read_only_table(self.model, "consents")
        self.table.setAccessibleName(_("Consents given"))
        self.purpose = QComboBox()
        self.purpose.setObjectName("consent_purpose")
        self.purpose.addItem("", None)  # nothing chosen for the officer
        for purpose in ConsentPurpose:
            self.purpose.addItem(purpose.label, purpose.value)
        self.recipient = QLineEdit()
        self.recipient.setObjectName("consent_recipient")
        self.recipient.setPlaceholderText(_("for example: Bostadsbolaget AB"))
        self.given_on = QLineEdit(context.clock.today().isoformat())
        self.given_on.setObjectName("consent_given_on")
        self.record_button = QPushButton(_("Record the consent"))
        self.record_button.setObjectName("consent_record")
        self.record_button.clicked.connect(self.record)
        self.withdraw_button = QPushButton(_("Withdraw…"))
        self.withdraw_button.setObjectName("consent_withdraw")
        self.withdraw_button.clicked.connect(self.withdraw_chosen)
        self.error = QLabel()
        self.error.setObjectName("consents_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Purpose"), self.purpose)
        form.addRow(_("Recipient"), self.recipient)
        form.addRow(_("Given on"), self.given_on)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        buttons.addWidget(self.withdraw_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.resize(640, 420)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.refresh()

    def chosen(self) -> RecordedConsent | None:
        found: RecordedConsent | None = self.model.row_at(self.table.currentIndex())
        return found

    def refresh(self) -> None:
        context, case_id = self._context, self._case_id
        QueryOp(self._executor, lambda: consents.of_case(context, case_id), self._show).failure(
            self._failed
        ).named("consents").run_in_background()

    def _show(self, found: list[RecordedConsent]) -> None:
        self.model.show(found)
        self.table.resizeColumnsToContents()
        self._update()

    def _update(self) -> None:
        chosen = self.chosen()
        self.withdraw_button.setEnabled(chosen is not None and chosen.consent.withdrawn_on is None)

    def record(self) -> None:
        self.error.clear()
        code = self.purpose.currentData()
        if code is None:
            self.error.setText(_("Purpose") + ": " + _("choose what the person lets you share"))
            return
        try:
            given = parse_date(self.given_on.text().strip())
        except ValueError as problem:
            self.error.setText(_("Given on") + f": {problem}")
            return
        consent = Consent(ConsentPurpose(code), given, self.recipient.text())
        context, case_id = self._context, self._case_id

        def recorded(_done: RecordedConsent) -> None:
            self.purpose.setCurrentIndex(0)
            self.recipient.clear()
            self.refresh()

        CaseOp(
            self._executor,
            lambda: consents.record(context, case_id, consent),
            recorded,
            case_changed(case_id),
        ).failure(self._failed).named("consent record").run_in_background()

    def withdraw_chosen(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        today = self._context.clock.today()
        answer = QMessageBox.question(
            self,
            _("Withdraw the consent"),
            _("The person withdraws “{what}” from today, {date}?").format(
                what=chosen.consent.purpose.label, date=format_date(today)
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        context = self._context
        CaseOp(
            self._executor,
            lambda: consents.withdraw(context, chosen.id, today),
            lambda _done: self.refresh(),
            case_changed(self._case_id),
        ).failure(self._failed).named("consent withdraw").run_in_background()

    def _failed(self, error: BaseException) -> None:
        problems = (
            list(error.problems)
            if isinstance(error, ValidationFailed)
            else [error]
            if isinstance(error, FieldError)
            else None
        )
        if problems is None:
            self._executor.report(error)
            return
        self.error.setText("\n".join(f"{_field_label(p.field)}: {p.problem}" for p in problems))
