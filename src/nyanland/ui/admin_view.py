"""The administrator's workspace: accounts, the audit log and retention (gallring)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.roles import MIN_PASSWORD_LENGTH, Role
from nyanland.i18n import _, format_date, ngettext
from nyanland.services import accounts, audit, retention
from nyanland.services.accounts import Account, password_problems, username_problems
from nyanland.services.audit import AuditEvent, AuditQuery, action_label
from nyanland.services.context import ServiceContext
from nyanland.services.retention import DueCase
from nyanland.ui.forms import ERROR_STYLE, ok_cancel, parse_date
from nyanland.ui.operations import RunWithProgress
from nyanland.ui.rows import RowsModel, read_only_table


def _when(moment: Any) -> str:
    return f"{format_date(moment.date(), 'medium')} {moment:%H:%M}" if moment else ""


class AccountDialog(QDialog):
    """A new account (name, role, temporary password) or a new temporary password."""

    def __init__(self, username: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._new = username is None
        self.setWindowTitle(
            _("Add an account") if self._new else _("New password for {name}").format(
                name=username)
        )  # fmt: skip
        self.name = QLineEdit()
        self.name.setObjectName("account_name")
        self.name.setAccessibleName(_("User name"))
        self.role = QComboBox()
        self.role.setObjectName("account_role")
        self.role.setAccessibleName(_("Role"))
        for role in Role:
            self.role.addItem(role.label, role.value)
        # Shown, not masked: the administrator reads it out or writes it down for the person,
        # and a typo nobody can see would lock them out. A random one is suggested.
        self.password = QLineEdit(accounts.suggest_temporary_password())
        self.password.setObjectName("account_password")
        self.password.setAccessibleName(_("Temporary password"))
        self.password.setPlaceholderText(_("at least {n} characters").format(n=MIN_PASSWORD_LENGTH))
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        if self._new:
            form.addRow(_("User name"), self.name)
            form.addRow(_("Role"), self.role)
        form.addRow(_("Temporary password"), self.password)
        note = QLabel(_("Tell the person this password in a safe way; they choose their own at "
                        "their first sign-in."))  # fmt: skip
        note.setWordWrap(True)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        problems = password_problems(self.password.text())
        if self._new:
            problems = username_problems(self.name.text().strip()) + problems
        labels = {"username": _("User name"), "password": _("Temporary password")}
        self.error.setText("\n".join(f"{labels[p.field]}: {p.problem}" for p in problems))
        if not problems:
            super().accept()


class AccountsPage(QWidget):
    def __init__(self, context: ServiceContext, run: RunWithProgress) -> None:
        super().__init__()
        self._context = context
        self._run = run
        self.model = RowsModel(
            lambda: [_("User name"), _("Role"), _("Status"), _("Last sign-in")],
            self._cells,
            self,
        )
        self.table = read_only_table(self.model, "accounts")
        self.add_button = QPushButton()
        self.add_button.setObjectName("add_account")
        self.add_button.clicked.connect(self.add_account)
        self.disable_button = QPushButton()
        self.disable_button.setObjectName("disable_account")
        self.disable_button.clicked.connect(self.toggle_disabled)
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("reset_password")
        self.reset_button.clicked.connect(self.reset_password)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.disable_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.dialog: AccountDialog | None = None
        self.retranslate_ui()

    def _cells(self, account: Account) -> list[str]:
        now = self._context.clock.now()
        status = _("disabled") if account.disabled else _("active")
        if account.locked_until and account.locked_until > now:
            status = _("locked until {time}").format(time=account.locked_until.strftime("%H:%M"))
        elif account.must_change_password and not account.disabled:
            status = _("must choose a password")
        last = _when(account.last_sign_in_at) or _("never")
        return [account.username, account.role.label, status, last]

    def retranslate_ui(self) -> None:
        self.intro.setText(
            _("Each person who works in nyanland has an account of their own. A disabled "
              "account can no longer open the store.")
        )  # fmt: skip
        self.add_button.setText(_("Add an account…"))
        self.reset_button.setText(_("New password…"))
        self.table.setAccessibleName(_("Accounts"))
        self.model.retranslate()
        self._update()

    def refresh(self) -> None:
        self._run(_("Reading the accounts…"), lambda: accounts.list_accounts(self._context),
                  self._show)  # fmt: skip

    def _show(self, found: list[Account]) -> None:
        self.model.show(found)
        self.table.resizeColumnsToContents()
        self._update()

    def selected(self) -> Account | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _update(self) -> None:
        account = self.selected()
        self.disable_button.setText(
            _("Enable") if account is not None and account.disabled else _("Disable")
        )
        mine = account is not None and account.username == self._context.actor.name
        self.disable_button.setEnabled(account is not None and not mine)
        self.reset_button.setEnabled(account is not None and not mine)

    def add_account(self) -> None:
        dialog = AccountDialog(parent=self)

        def accepted() -> None:
            name, role = dialog.name.text().strip(), Role(dialog.role.currentData())
            password = dialog.password.text()
            self._run(_("Adding the account…"),
                      lambda: accounts.add_account(self._context, name, role, password),
                      lambda _r: self.refresh())  # fmt: skip

        self._open(dialog, accepted)

    def reset_password(self) -> None:
        account = self.selected()
        if account is None:
            return
        dialog = AccountDialog(account.username, self)

        def accepted() -> None:
            password = dialog.password.text()
            self._run(_("Setting the password…"),
                      lambda: accounts.reset_password(self._context, account.username, password),
                      lambda _r: self.refresh())  # fmt: skip

        self._open(dialog, accepted)

    def _open(self, dialog: AccountDialog, accepted: Callable[[], None]) -> None:
        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.dialog = dialog

    def toggle_disabled(self) -> None:
        account = self.selected()
        if account is None:
            return
        disable = not account.disabled
        self._run(_("Changing the account…"),
                  lambda: accounts.set_disabled(self._context, account.username, disable),
                  lambda _r: self.refresh())  # fmt: skip


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
        for label, field in zip(self.labels, (self.user, self.person, self.since, self.until),
                                strict=True):  # fmt: skip
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
        changes = ""
        if event.changes:
            changes = "; ".join(
                f"{name}: {json.dumps(old, ensure_ascii=False)} → "
                f"{json.dumps(new, ensure_ascii=False)}"
                for name, (old, new) in event.changes.items()
            )
        detail = ", ".join(part for part in (event.detail, changes) if part)
        case = event.case_number or (str(event.case_id) if event.case_id is not None else "")
        return [_when(event.occurred_at), event.actor, action_label(event.action), case, detail]

    def retranslate_ui(self) -> None:
        for label, text in zip(self.labels, (_("&User"), _("&Person"), _("&From"), _("&To")),
                               strict=True):  # fmt: skip
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
        self._run(_("Reading the audit log…"), lambda: audit.events(self._context, query),
                  self._show)  # fmt: skip

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
            if result.intact:
                QMessageBox.information(self, _("Audit log"), ngettext(
                    "The audit log is intact: its {n} entry matches its seal.",
                    "The audit log is intact: all {n} entries match their seals.",
                    result.entries).format(n=result.entries))  # fmt: skip
            else:
                ids = ", ".join(str(i) for i in result.broken[:20])
                QMessageBox.critical(self, _("Audit log"), _(
                    "The audit log has been tampered with: entries {ids} do not match their "
                    "seals.").format(ids=ids))  # fmt: skip

        self._run(_("Verifying the audit log…"), lambda: audit.verify(self._context), verified)

    def export(self) -> None:
        query = self.query()
        if query is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export the audit log"), "nyanland-audit.csv", _("CSV files (*.csv)")
        )
        if name:
            self._run(_("Exporting the audit log…"),
                      lambda: audit.export_csv(self._context, query, Path(name)),
                      lambda _n: self.refresh())  # fmt: skip


class RetentionPage(QWidget):
    def __init__(self, context: ServiceContext, run: RunWithProgress) -> None:
        super().__init__()
        self._context = context
        self._run = run
        self.model = RowsModel(
            lambda: [_("Case"), _("Reception date"), _("Closing date")],
            lambda c: [c.case_number, format_date(c.reception_date, "medium"),
                       format_date(c.closure_date, "medium")],
            self,
        )  # fmt: skip
        self.table = read_only_table(self.model, "retention")
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
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.years_label.setText(_("Keep closed cases for (years)"))
        self.years.setAccessibleName(_("Keep closed cases for (years)"))
        self.save_button.setText(_("Save"))
        self.delete_button.setText(_("Delete the cases due…"))
        self.table.setAccessibleName(_("Cases due for deletion"))
        self.model.retranslate()
        self._summarise()

    def refresh(self) -> None:
        context = self._context

        def read() -> tuple[int, list[DueCase]]:
            return retention.retention_years(context), retention.due(context)

        self._run(_("Finding the cases due…"), read, self._show)

    def _show(self, found: tuple[int, list[DueCase]]) -> None:
        years, due = found
        self.years.setValue(years)
        self.model.show(due)
        self._summarise()

    def _summarise(self) -> None:
        n = self.model.rowCount()
        self.summary.setText(
            ngettext("{n} closed case is due for deletion. Its share of past statistics is kept "
                     "as counts; nothing else of it remains.",
                     "{n} closed cases are due for deletion. Their share of past statistics is "
                     "kept as counts; nothing else of them remains.", n).format(n=n)
        )  # fmt: skip
        self.delete_button.setEnabled(n > 0)

    def save_years(self) -> None:
        years = self.years.value()
        self._run(_("Saving…"), lambda: retention.set_retention_years(self._context, years),
                  lambda _r: self.refresh())  # fmt: skip

    def delete_due(self) -> None:
        ids = [case.id for case in self.model.rows]
        answer = QMessageBox.warning(
            self, _("Delete for good"),
            ngettext("Delete {n} closed case for good? This cannot be undone.",
                     "Delete {n} closed cases for good? This cannot be undone.",
                     len(ids)).format(n=len(ids)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(_("Deleting…"), lambda: retention.delete_due(self._context, ids),
                  lambda _n: self.refresh())  # fmt: skip


class AdminView(QTabWidget):
    """Accounts, audit log and retention, each refreshed when first shown."""

    def __init__(self, context: ServiceContext, run: RunWithProgress) -> None:
        super().__init__()
        self.setObjectName("administration")
        self.accounts = AccountsPage(context, run)
        self.audit = AuditPage(context, run)
        self.retention = RetentionPage(context, run)
        for page in (self.accounts, self.audit, self.retention):
            self.addTab(page, "")
        self._shown: set[int] = set()
        self.currentChanged.connect(self._first_show)
        self.retranslate_ui()

    def _first_show(self, index: int) -> None:
        if index not in self._shown:
            self._shown.add(index)
            page = self.widget(index)
            if isinstance(page, (AccountsPage, AuditPage, RetentionPage)):
                page.refresh()

    def start(self) -> None:
        self._first_show(self.currentIndex())

    def retranslate_ui(self) -> None:
        self.setTabText(0, _("Accounts"))
        self.setTabText(1, _("Audit log"))
        self.setTabText(2, _("Retention"))
        for page in (self.accounts, self.audit, self.retention):
            page.retranslate_ui()
