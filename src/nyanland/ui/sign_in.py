"""Signing in: the dialog at start, the first start's administrator, a new password, and the
lock screen that covers the window after idle time without losing what is on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.errors import FieldError, KnownError
from nyanland.domain.roles import MIN_PASSWORD_LENGTH
from nyanland.i18n import _
from nyanland.ui.buttons import ERROR_STYLE, ok_cancel
from nyanland.ui.operations import wait_off_thread

if TYPE_CHECKING:  # the services load while the dialog is shown (ui/launch.py)
    from nyanland.services.context import ServiceContext

DEMO_CASES = 300
DEFAULT_IDLE_MINUTES = 10
SLOW_SIGN_IN_MS = 3000  # then the dialog says why it may take long


def field_message(problem: Exception) -> str:
    """A service's refusal as the dialog shows it: the field by its label, then the problem."""
    if isinstance(problem, FieldError):
        labels = {
            "username": _("User name"),
            "password": _("Password"),
            "old_password": _("Current password"),
            "new_password": _("New password"),
        }
        return f"{labels.get(problem.field, problem.field)}: {problem.problem}"
    return str(problem)


def password_changer(context: ServiceContext) -> Callable[[str, str], str]:
    """What ChangePasswordDialog calls: the signed-in user's change, its refusal as text."""

    def change(old: str, new: str) -> str:
        try:  # Argon2 twice: on a thread of its own, the dialog keeps painting
            from nyanland.services import accounts

            wait_off_thread(lambda: accounts.change_password(context, old, new))
        except KnownError as problem:
            return field_message(problem)
        return ""

    return change


def _password_field(accessible_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    return field


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _show(label: QLabel, text: str) -> None:
    """The message under the fields; the dialog grows to hold it (a dialog of fixed size
    squeezed its fields to a few pixels to make room)."""
    label.setText(text)
    label.setVisible(bool(text))
    window = label.window()
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(window.width())
    else:
        needed = layout.totalSizeHint().height()
    if window.height() < needed:
        window.resize(window.width(), needed)


class SignInDialog(QDialog):
    """User name and password; `attempt` is called with them and returns an error text, or ""
    when the sign-in worked (the dialog then closes)."""

    def __init__(
        self,
        where: str,
        attempt: Callable[[str, str], str],
        user: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Sign in to nyanland"))
        self._attempt = attempt
        intro = QLabel(_("Store: {where}").format(where=where))
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.user = QLineEdit(user)
        self.user.setObjectName("user")
        self.user.setAccessibleName(_("User name"))
        self.password = _password_field(_("Password"))
        self.password.setObjectName("password")
        self.error = _error_label()
        self.error.setObjectName("sign_in_error")
        form = QFormLayout()
        form.addRow(_("User name"), self.user)
        form.addRow(_("Password"), self.password)
        buttons = ok_cancel(self, _("Sign in"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setObjectName("sign_in_status")
        self.status.setWordWrap(True)
        self.status.hide()
        # A sign-in that takes long is preparing a store of an earlier version (once).
        self._slow = QTimer(self, singleShot=True, interval=SLOW_SIGN_IN_MS)
        self._slow.timeout.connect(self._say_slow)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        (self.password if user else self.user).setFocus()

    def _say_slow(self) -> None:
        self.status.setText(
            _(
                "Still signing in. At the first sign-in after an update nyanland prepares the "
                "store once (its deadlines, its sealed fields): for a large store this takes a "
                "minute or two."
            )
        )
        self.status.show()
        self.adjustSize()  # the dialog grows to the message's lines

    def accept(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self._slow.start()
        try:
            problem = self._attempt(self.user.text().strip(), self.password.text())
        finally:
            self._slow.stop()
            self.status.hide()
            QApplication.restoreOverrideCursor()
        if problem:
            _show(self.error, problem)
            self.password.clear()
            self.password.setFocus()
            return
        super().accept()


class FirstStartDialog(QDialog):
    """No store yet: says where it will be made, asks for its administrator, and offers
    invented cases to try the program with."""

    def __init__(self, where: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Welcome to nyanland"))
        text = QLabel(
            _(
                "There is no case store on this computer yet. nyanland will create one here:\n"
                "{where}\n\nThe store is encrypted. Its first account is the administrator, who "
                "adds an account for each officer, SFI staff member and coordinator. Keep the "
                "administrator's password safe: without any account's password nobody can open "
                "the store."
            ).format(where=where)
        )
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.admin = QLineEdit()
        self.admin.setObjectName("admin")
        self.admin.setAccessibleName(_("Administrator's user name"))
        self.password = _password_field(_("Password"))
        self.password.setObjectName("password")
        self.again = _password_field(_("The same password again"))
        self.again.setObjectName("again")
        self.password.setPlaceholderText(_("at least {n} characters").format(n=MIN_PASSWORD_LENGTH))
        self.error = _error_label()
        self.demo = QCheckBox(_("Fill it with invented cases, to try the program"))
        self.demo.setObjectName("demo")
        self.demo_count = QSpinBox()
        self.demo_count.setRange(10, 100_000)
        self.demo_count.setValue(DEMO_CASES)
        self.demo_count.setAccessibleName(_("Number of invented cases"))
        self.demo_count.setEnabled(False)
        self.demo.toggled.connect(self.demo_count.setEnabled)
        buttons = ok_cancel(self, _("Create the store"))
        form = QFormLayout()
        form.addRow(_("Administrator's user name"), self.admin)
        form.addRow(_("Password"), self.password)
        form.addRow(_("The same password again"), self.again)
        count = QFormLayout()
        count.addRow(_("Number of invented cases"), self.demo_count)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.demo)
        layout.addLayout(count)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def accept(self) -> None:
        from nyanland.services.accounts import password_problems, username_problems

        problems: list[FieldError] = username_problems(self.admin.text().strip())
        problems += password_problems(self.password.text())
        labels = {"username": _("User name"), "password": _("Password")}
        text = "\n".join(f"{labels[p.field]}: {p.problem}" for p in problems)
        if not text and self.password.text() != self.again.text():
            text = _("The two passwords differ.")
        _show(self.error, text)
        if not text:
            super().accept()


class ChangePasswordDialog(QDialog):
    """The user's own new password; `change(old, new)` returns an error text or "".

    `signed_in_with` is the administrator's temporary password the user has just typed to sign
    in (the forced change at a first sign-in): it is not asked for a second time."""

    def __init__(
        self,
        change: Callable[[str, str], str],
        signed_in_with: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Change your password"))
        self._change = change
        forced = signed_in_with is not None
        self.old = _password_field(_("Current password"))
        if signed_in_with is not None:
            self.old.setText(signed_in_with)
            self.old.setParent(self)
            self.old.hide()
        self.old.setObjectName("old_password")
        self.new = _password_field(_("New password"))
        self.new.setObjectName("new_password")
        self.new.setPlaceholderText(_("at least {n} characters").format(n=MIN_PASSWORD_LENGTH))
        self.again = _password_field(_("The same password again"))
        self.again.setObjectName("again")
        self.error = _error_label()
        layout = QVBoxLayout(self)
        if forced:
            note = QLabel(
                _("The administrator gave you this password. Choose your own before you go on.")
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        if not forced:
            form.addRow(_("Current password"), self.old)
        form.addRow(_("New password"), self.new)
        form.addRow(_("The same password again"), self.again)
        buttons = ok_cancel(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def accept(self) -> None:
        if self.new.text() != self.again.text():
            _show(self.error, _("The two new passwords differ."))
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            problem = self._change(self.old.text(), self.new.text())
        finally:
            QApplication.restoreOverrideCursor()
        _show(self.error, problem)
        if not problem:
            super().accept()


class LockScreen(QWidget):
    """What covers the window while it is locked: who is signed in, and the password field."""

    unlock_requested = Signal(str)

    def __init__(self, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.title.setFont(font)
        self.explanation = QLabel()
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explanation.setWordWrap(True)
        self._user = user
        self.password = _password_field(_("Password"))
        self.password.setObjectName("unlock_password")
        self.password.setFixedWidth(self.fontMetrics().horizontalAdvance("M" * 18))
        self.password.returnPressed.connect(self._unlock)
        self.button = QPushButton()
        self.button.setObjectName("unlock")
        self.button.clicked.connect(self._unlock)
        self.error = _error_label()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # One centred column of a readable width; its labels wrap inside it.
        column = QWidget()
        column.setFixedWidth(self.fontMetrics().horizontalAdvance("M" * 34))
        inner = QVBoxLayout(column)
        inner.addWidget(self.title)
        inner.addWidget(self.explanation)
        inner.addWidget(self.password, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addLayout(row)
        layout.addStretch(3)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(_("nyanland is locked"))
        self.explanation.setText(
            _(
                "Signed in as {user}. Your unsaved work is kept: enter your password to go on."
            ).format(user=self._user)
        )
        self.password.setAccessibleName(_("Password"))
        self.password.setPlaceholderText(_("Password"))
        self.button.setText(_("Unlock"))

    def _unlock(self) -> None:
        self.unlock_requested.emit(self.password.text())

    def refused(self, text: str) -> None:
        _show(self.error, text)
        self.password.clear()
        self.password.setFocus()

    def reset(self) -> None:
        _show(self.error, "")
        self.password.clear()
        self.password.setFocus()


class IdleWatch(QObject):
    """Fires `idle` after `minutes` with no key press or mouse use anywhere in the app."""

    idle = Signal()
    _ACTIVITY = (
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    )

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
