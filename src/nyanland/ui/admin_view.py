"""The administrator's workspace: accounts, the audit log, retention (gallring) and the lists
the forms offer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.roles import MIN_PASSWORD_LENGTH, Role
from nyanland.i18n import _
from nyanland.services import account_admin, accounts, key_rotation
from nyanland.services.accounts import Account, password_problems, username_problems
from nyanland.services.context import ServiceContext
from nyanland.ui.audit_page import AuditPage
from nyanland.ui.backups_page import BackupsPage, RequestRestore
from nyanland.ui.caseloads_page import CaseloadsPage
from nyanland.ui.forms import ERROR_STYLE, ok_cancel
from nyanland.ui.letters_page import LettersPage
from nyanland.ui.lists_page import ListsPage
from nyanland.ui.operations import RunWithProgress
from nyanland.ui.retention_page import RetentionPage
from nyanland.ui.rows import RowsModel, read_only_table, when_text

# What a rotation rewrites per second on the 2-core machine (docs/benchmarks.md): the estimate
# the confirmation shows.
REKEY_MB_PER_S = 50.0


class AccountDialog(QDialog):
    """A new account (name, role, temporary password) or a new temporary password."""

    def __init__(self, username: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._new = username is None
        self.setWindowTitle(
            _("Add an account") if self._new else _("New password for {name}").format(name=username)
        )
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
        note = QLabel(
            _(
                "Tell the person this password in a safe way; they choose their own at "
                "their first sign-in."
            )
        )
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


class RoleDialog(QDialog):
    """Another role for an account: what it may do from its next sign-in."""

    def __init__(self, username: str, role: Role, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Role of {name}").format(name=username))
        self.role = QComboBox()
        self.role.setObjectName("account_new_role")
        self.role.setAccessibleName(_("Role"))
        for each in Role:
            self.role.addItem(each.label, each.value)
        self.role.setCurrentIndex(self.role.findData(role.value))
        note = QLabel(
            _(
                "An officer's cases are handed over first (Caseloads). The new role holds "
                "from the next sign-in; on a team server at once (an open window signs in "
                "again)."
            )
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Role"), self.role)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(ok_cancel(self))
        self.setMinimumWidth(420)

    def chosen(self) -> Role:
        return Role(self.role.currentData())


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
        self.role_button = QPushButton()
        self.role_button.setObjectName("change_role")
        self.role_button.clicked.connect(self.change_role)
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlock_account")
        self.unlock_button.clicked.connect(self.unlock)
        self.rotate_button = QPushButton()
        self.rotate_button.setObjectName("rotate_key")
        self.rotate_button.clicked.connect(self.rotate_key)
        self.rotate_button.setVisible(context.store.key is not None)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.disable_button,
            self.reset_button,
            self.role_button,
            self.unlock_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.rotate_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.dialog: QDialog | None = None
        self.retranslate_ui()

    def _cells(self, account: Account) -> list[str]:
        now = self._context.clock.now()
        status = _("disabled") if account.disabled else _("active")
        if account.locked_until and account.locked_until > now:
            status = _("locked until {time}").format(time=account.locked_until.strftime("%H:%M"))
        elif account.must_change_password and not account.disabled:
            status = _("must choose a password")
        last = when_text(account.last_sign_in_at) or _("never")
        return [account.username, account.role.label, status, last]

    def retranslate_ui(self) -> None:
        self.intro.setText(
            _(
                "Each person who works in nyanland has an account of their own. A disabled "
                "account can no longer open the store."
            )
        )
        self.add_button.setText(_("Add an account…"))
        self.reset_button.setText(_("New password…"))
        self.role_button.setText(_("Change role…"))
        self.unlock_button.setText(_("Unlock"))
        self.rotate_button.setText(_("Change the store's key…"))
        self.table.setAccessibleName(_("Accounts"))
        self.model.retranslate()
        self._update()

    def refresh(self) -> None:
        self._run(
            _("Reading the accounts…"), lambda: accounts.list_accounts(self._context), self._show
        )

    def _show(self, found: list[Account]) -> None:
        self.model.show(found)
        self.table.resizeColumnsToContents()
        self._update()

    def selected(self) -> Account | None:
        chosen: Account | None = self.model.row_at(self.table.currentIndex())
        return chosen

    def _update(self) -> None:
        account = self.selected()
        self.disable_button.setText(
            _("Enable") if account is not None and account.disabled else _("Disable")
        )
        mine = account is not None and account.username == self._context.actor.name
        self.disable_button.setEnabled(account is not None and not mine)
        self.reset_button.setEnabled(account is not None and not mine)
        self.role_button.setEnabled(account is not None and not mine)
        now = self._context.clock.now()
        self.unlock_button.setEnabled(
            account is not None and account.locked_until is not None and account.locked_until > now
        )

    def change_role(self) -> None:
        account = self.selected()
        if account is None:
            return
        dialog = RoleDialog(account.username, account.role, self)

        def accepted() -> None:
            role = dialog.chosen()
            self._run(
                _("Changing the role…"),
                lambda: account_admin.change_role(self._context, account.username, role),
                lambda _changed: self.refresh(),
            )

        self._open(dialog, accepted)

    def unlock(self) -> None:
        account = self.selected()
        if account is None:
            return
        self._run(
            _("Unlocking the account…"),
            lambda: account_admin.unlock_account(self._context, account.username),
            lambda _none: self.refresh(),
        )

    def add_account(self) -> None:
        dialog = AccountDialog(parent=self)

        def accepted() -> None:
            name, role = dialog.name.text().strip(), Role(dialog.role.currentData())
            password = dialog.password.text()
            self._run(
                _("Adding the account…"),
                lambda: accounts.add_account(self._context, name, role, password),
                lambda _r: self.refresh(),
            )

        self._open(dialog, accepted)

    def reset_password(self) -> None:
        account = self.selected()
        if account is None:
            return
        dialog = AccountDialog(account.username, self)

        def accepted() -> None:
            password = dialog.password.text()
            self._run(
                _("Setting the password…"),
                lambda: accounts.reset_password(self._context, account.username, password),
                self._rotated,
            )

        self._open(dialog, accepted)

    def _open(self, dialog: QDialog, accepted: Callable[[], None]) -> None:
        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.dialog = dialog

    def toggle_disabled(self) -> None:
        account = self.selected()
        if account is None:
            return
        disable = not account.disabled
        self._run(
            _("Changing the account…"),
            lambda: accounts.set_disabled(self._context, account.username, disable),
            self._rotated,
        )

    def rotate_key(self) -> None:
        """*Byt krypteringsnyckel*: asked once, with what it costs, then done in the background."""
        path = self._context.store.sqlite_path
        size_mb = path.stat().st_size / 1_000_000 if path is not None and path.exists() else 0
        answer = QMessageBox.question(
            self,
            _("Change the store's key"),
            _(
                "The whole store ({size:.0f} MB) is encrypted again with a new key, sealed to "
                "every account: nobody needs a new password, and a key file copied before "
                "opens nothing written after. It takes about {seconds:.0f} s, and no other "
                "nyanland may have the store open meanwhile."
            ).format(size=size_mb, seconds=max(1.0, size_mb / REKEY_MB_PER_S)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(
            _("Changing the store's key…"),
            lambda: key_rotation.rotate(self._context),
            self._rotated,
        )

    def _rotated(self, rotation: key_rotation.Rotation | None) -> None:
        """Says what became of the store's key after a disabling, a reset or a rotation."""
        self.refresh()
        if rotation is None or not (rotation.accounts or not rotation.done):
            return
        box = QMessageBox(self)
        box.setObjectName("rotation_result")
        box.setWindowTitle(_("The store's key"))
        box.setText(rotation.message())
        box.setIcon(QMessageBox.Icon.Information if rotation.done else QMessageBox.Icon.Warning)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.rotation_box = box


class AdminView(QTabWidget):
    """Accounts, caseloads, the audit log, retention, lists, letters and backups, each read
    when first shown."""

    def __init__(
        self, context: ServiceContext, run: RunWithProgress, request_restore: RequestRestore
    ) -> None:
        super().__init__()
        self.setObjectName("administration")
        self.accounts = AccountsPage(context, run)
        self.caseloads = CaseloadsPage(context, run)
        self.audit = AuditPage(context, run)
        self.retention = RetentionPage(context, run)
        self.lists = ListsPage(context, run)
        self.letters = LettersPage(context, run)
        self.backups = BackupsPage(context, run, request_restore)
        for page in self._pages():
            self.addTab(page, "")
        self._shown: set[int] = set()
        self.currentChanged.connect(self._first_show)
        self.retranslate_ui()

    def _first_show(self, index: int) -> None:
        shown = self.widget(index)
        # The caseloads change with every case saved anywhere: counted again at each look.
        if index not in self._shown or shown is self.caseloads:
            self._shown.add(index)
            for page in self._pages():
                if page is shown:
                    page.refresh()

    def start(self) -> None:
        self._first_show(self.currentIndex())

    def retranslate_ui(self) -> None:
        titles = (
            _("Accounts"),
            _("Caseloads"),
            _("Audit log"),
            _("Retention"),
            _("Lists"),
            _("Letters"),
            _("Backups"),
        )
        for index, title in enumerate(titles):
            self.setTabText(index, title)
        for page in self._pages():
            page.retranslate_ui()

    def _pages(
        self,
    ) -> tuple[
        AccountsPage, CaseloadsPage, AuditPage, RetentionPage, ListsPage, LettersPage, BackupsPage
    ]:
        return (
            self.accounts,
            self.caseloads,
            self.audit,
            self.retention,
            self.lists,
            self.letters,
            self.backups,
        )
