"""The administrator's view of the audit log: filtered by user, person and period, exported,
and its chain verified."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.i18n import _, ngettext
from nyanland.services import audit, audit_checkpoints
from nyanland.services.audit import AuditEvent, AuditQuery, action_label
from nyanland.services.context import ServiceContext
from nyanland.ui.audit_text import describe_changes, describe_detail
from nyanland.ui.forms import ERROR_STYLE, parse_date
from nyanland.ui.operations import RunWithProgress
from nyanland.ui.rows import RowsModel, read_only_table, when_text


class AuditPage(QWidget):
    def __init__(self, context: ServiceContext, run: RunWithProgress) -> None:
        super().__init__()
        self._context = context
        self._run = run
        self.model = RowsModel(
            lambda: [_("When"), _("User"), _("What"), _("Case"), _("Details")], self._cells, self
        )
        self.table = read_only_table(self.model, "audit_log")
        self.user = QLineEdit()
        self.user.setObjectName("audit_user")
        self.person = QLineEdit()
        self.person.setObjectName("audit_person")
        self.since = QLineEdit()
        self.since.setObjectName("audit_since")
        self.until = QLineEdit()
        self.until.setObjectName("audit_until")
        for field in (self.since, self.until):
            field.setPlaceholderText("YYYY-MM-DD")
            field.setMaximumWidth(130)
        for field in (self.user, self.person, self.since, self.until):
            field.returnPressed.connect(self.refresh)
        self.show_button = QPushButton()
        self.show_button.setObjectName("audit_show")
        self.show_button.clicked.connect(self.refresh)
        self.verify_button = QPushButton()
        self.verify_button.setObjectName("audit_verify")
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton()
        self.export_button.setObjectName("audit_export")
        self.export_button.clicked.connect(self.export)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.count = QLabel()
        self.labels = [QLabel() for _i in range(4)]
        filters = QHBoxLayout()
        for label, field in zip(
            self.labels, (self.user, self.person, self.since, self.until), strict=True
        ):
            label.setBuddy(field)
            filters.addWidget(label)
            filters.addWidget(field, 1 if field in (self.user, self.person) else 0)
        filters.addWidget(self.show_button)
        actions = QHBoxLayout()
        actions.addWidget(self.count, 1)
        actions.addWidget(self.verify_button)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        self.last_verification: audit.Verification | None = None
        self.retranslate_ui()

    @staticmethod
    def _cells(event: AuditEvent) -> list[str]:
        changes = describe_changes(event.changes) if event.changes else ""
        described = describe_detail(event.action, event.detail)
        detail = ", ".join(part for part in (described, changes) if part)
        case = event.case_number or (
            _("deleted case ({id})").format(id=event.case_id) if event.case_id is not None else ""
        )
        return [when_text(event.occurred_at), event.actor, action_label(event.action), case, detail]

    def retranslate_ui(self) -> None:
        for label, text in zip(
            self.labels, (_("&User"), _("&Person"), _("&From"), _("&To")), strict=True
        ):
            label.setText(text)
        self.user.setAccessibleName(_("User"))
        self.person.setAccessibleName(_("Person"))
        self.person.setPlaceholderText(_("case or identity number"))
        self.since.setAccessibleName(_("From date"))
        self.until.setAccessibleName(_("To date"))
        self.show_button.setText(_("Show"))
        self.verify_button.setText(_("Verify the log…"))
        self.export_button.setText(_("Export…"))
        self.table.setAccessibleName(_("Audit log"))
        self.model.retranslate()
        self._show_count()

    def query(self) -> AuditQuery | None:
        dates: list[date | None] = []
        for field, name in ((self.since, _("From")), (self.until, _("To"))):
            text = field.text().strip()
            try:
                dates.append(parse_date(text) if text else None)
            except ValueError as problem:
                self.error.setText(f"{name}: {problem}")
                self.error.show()
                return None
        self.error.hide()
        return AuditQuery(
            self.user.text().strip(), self.person.text().strip(), since=dates[0], until=dates[1]
        )

    def refresh(self) -> None:
        query = self.query()
        if query is None:
            return
        self._run(
            _("Reading the audit log…"), lambda: audit.events(self._context, query), self._show
        )

    def _show(self, events: list[AuditEvent]) -> None:
        self.model.show(list(reversed(events)))  # newest first on screen
        self.table.resizeColumnsToContents()
        self._show_count()

    def _show_count(self) -> None:
        n = self.model.rowCount()
        self.count.setText(ngettext("{n} entry", "{n} entries", n).format(n=n))

    def verify(self) -> None:
        def verified(result: audit.Verification) -> None:
            self.last_verification = result
            found = audit_checkpoints.findings(result.broken, result.checkpoints)
            known = "\n".join(audit_checkpoints.limits(result.checkpoints))
            if not found:
                QMessageBox.information(
                    self,
                    _("Audit log"),
                    ngettext(
                        "The audit log is intact: its {n} entry matches its seal.",
                        "The audit log is intact: all {n} entries match their seals.",
                        result.entries,
                    ).format(n=result.entries)
                    + "\n\n"
                    + known,
                )
            else:
                QMessageBox.critical(
                    self,
                    _("Audit log"),
                    _("The audit log has been tampered with:")
                    + "\n"
                    + "\n".join(found)
                    + "\n\n"
                    + known,
                )

        self._run(_("Verifying the audit log…"), lambda: audit.verify(self._context), verified)

    def export(self) -> None:
        query = self.query()
        if query is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export the audit log"), "nyanland-audit.csv", _("CSV files (*.csv)")
        )
        if name:
            self._run(
                _("Exporting the audit log…"),
                lambda: audit.export_csv(self._context, query, Path(name)),
                lambda _n: self.refresh(),
            )
