"""*Ärende → Samtycken…*: which consents the person has given to share the case, since when,
and which are withdrawn (services/consents.py). A consent is recorded with its day; a
withdrawal is recorded from today and cannot be undone (a new consent is recorded instead)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from nyanland.domain.consents import Consent, ConsentPurpose
from nyanland.i18n import _, format_date
from nyanland.services import consents
from nyanland.services.consents import RecordedConsent
from nyanland.services.context import ServiceContext
from nyanland.ui.case_records_dialog import CaseRecordsDialog
from nyanland.ui.forms import parse_date
from nyanland.ui.operations import StoreExecutor


def _field_label(field: str) -> str:
    return {
        "purpose": _("Purpose"),
        "recipient": _("Recipient"),
        "given_on": _("Given on"),
        "withdrawn_on": _("Withdrawn on"),
    }.get(field, field)


class ConsentsDialog(CaseRecordsDialog[RecordedConsent]):
    def __init__(
        self,
        context: ServiceContext,
        executor: StoreExecutor,
        case_id: int,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            context,
            executor,
            case_id,
            "consents",
            lambda: [_("Purpose"), _("Recipient"), _("Given on"), _("Withdrawn on"), _("By")],
            lambda r: [
                r.consent.purpose.label,
                r.consent.recipient or "–",
                format_date(r.consent.given_on),
                format_date(r.consent.withdrawn_on) if r.consent.withdrawn_on else "–",
                r.recorded_by,
            ],
            parent,
        )
        self.setWindowTitle(_("Consents – {case}").format(case=title))
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
        form = QFormLayout()
        form.addRow(_("Purpose"), self.purpose)
        form.addRow(_("Recipient"), self.recipient)
        form.addRow(_("Given on"), self.given_on)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        buttons.addWidget(self.withdraw_button)
        self.lay_out(self.table, form, buttons)
        self.resize(640, 420)
        self.refresh()

    def _read(self) -> list[RecordedConsent]:
        return consents.of_case(self._context, self._case_id)

    def _update(self) -> None:
        chosen = self.chosen()
        self.withdraw_button.setEnabled(chosen is not None and chosen.consent.withdrawn_on is None)

    def _field_label(self, field: str) -> str:
        return _field_label(field)

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

        self._write(lambda: consents.record(context, case_id, consent), recorded, "consent record")

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
        self._write(
            lambda: consents.withdraw(context, chosen.id, today),
            lambda _done: self.refresh(),
            "consent withdraw",
        )
