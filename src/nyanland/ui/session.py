"""The signed-in session of a window: the lock after idle minutes (and Ctrl+L), unlocking with
the password, changing it, signing out, and the automatic backups (daily and at closing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QWidget

from nyanland.domain.errors import KnownError
from nyanland.i18n import _
from nyanland.services import accounts, attachments, backup
from nyanland.services.context import ServiceContext
from nyanland.ui.operations import QueryOp, StoreExecutor
from nyanland.ui.sign_in import (
    DEFAULT_IDLE_MINUTES,
    ChangePasswordDialog,
    IdleWatch,
    LockScreen,
    password_changer,
)


def backup_keep(settings: QSettings) -> int:
    """How many automatic backups are kept (the setting `backup/keep`)."""
    try:
        return max(1, int(str(settings.value("backup/keep", backup.DEFAULT_KEEP))))
    except ValueError:
        return backup.DEFAULT_KEEP


def idle_minutes(settings: QSettings) -> int:
    """Minutes of no use before the window locks (the setting `security/idle_minutes`)."""
    try:
        return max(1, int(str(settings.value("security/idle_minutes", DEFAULT_IDLE_MINUTES))))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


class Session(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: ServiceContext,
        executor: StoreExecutor,
        settings: QSettings,
        central: QStackedWidget,
        pages: QWidget,
        covered: Callable[[bool], None],
    ) -> None:
        super().__init__(window)
        self._window, self._context, self._executor, self._settings = (
            window,
            context,
            executor,
            settings,
        )
        self._central, self._pages, self._covered = central, pages, covered
        self.lock_screen = LockScreen(context.actor.name)
        self.lock_screen.unlock_requested.connect(self.unlock)
        central.addWidget(pages)
        central.addWidget(self.lock_screen)
        self.idle = IdleWatch(idle_minutes(settings), self)
        self.idle.idle.connect(self.lock)
        self.password_dialog: ChangePasswordDialog | None = None
        self.signed_out = False
        self._backup_timer = QTimer(self)  # dies with the window
        self._backup_timer.setSingleShot(True)
        self._backup_timer.timeout.connect(self._daily_backup)

    def start(self) -> None:
        self._backup_timer.start(2000)  # after the first rows are on screen

    @property
    def locked(self) -> bool:
        return self._central.currentWidget() is self.lock_screen

    def lock(self) -> None:
        """Covers the window until the password is given again; nothing on it is lost."""
        if self.locked:
            return
        self._central.setCurrentWidget(self.lock_screen)
        self._covered(True)
        self.idle.timer.stop()
        self.lock_screen.reset()

    def unlock(self, password: str) -> None:
        context = self._context

        def checked(ok: bool) -> None:
            if not ok:
                self.lock_screen.refused(_("That is not your password."))
                return
            self._central.setCurrentWidget(self._pages)
            self._covered(False)
            self.idle.timer.start()

        QueryOp(self._executor, lambda: accounts.unlock(context, password), checked).named(
            "unlock"
        ).run_in_background()

    def change_password(self) -> None:
        dialog = ChangePasswordDialog(password_changer(self._context), parent=self._window)
        dialog.accepted.connect(
            lambda: self._window.statusBar().showMessage(_("Your password is changed."), 8000)
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.password_dialog = dialog

    def sign_out(self) -> None:
        """Closes the window (asking about unsaved changes) and asks who signs in next."""
        self.signed_out = True
        if not self._window.close():
            self.signed_out = False

    def _daily_backup(self) -> None:
        context, keep = self._context, backup_keep(self._settings)

        def take() -> Path | None:
            if backup.automatic_backup_due(context) and backup.changed_since_automatic_backup(
                context
            ):
                return backup.automatic_backup(context, keep)
            return None

        QueryOp(self._executor, take, lambda _path: None).named("daily backup").run_in_background()

    def close(self) -> None:
        """The window closes: the backup of the day's work, on the executor (whose other work
        is done by then), and waited for."""
        self._backup_timer.stop()
        self.idle.stop()
        attachments.clean_up()  # the documents written out for a viewer
        if self._context.store.sqlite_path is None:
            return  # a server store has the server's own backups
        if str(self._settings.value("backup/on_exit", "true")).lower() == "false":
            return
        context, keep = self._context, backup_keep(self._settings)

        def failed(error: BaseException) -> None:
            if isinstance(error, KnownError):
                QMessageBox.warning(self._window, _("nyanland"), str(error))

        def take() -> Path | None:
            if backup.changed_since_automatic_backup(context):  # work not backed up yet
                return backup.automatic_backup(context, keep)
            return None

        (
            QueryOp(self._executor, take, lambda _path: None)
            .failure(failed)
            .named("backup at closing")
            .run_in_background()
        )
        self._executor.settle()
