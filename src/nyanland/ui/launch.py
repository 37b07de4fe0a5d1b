"""Starting the desktop app: the Qt application, the first start, the store and the window.

The sign-in dialog needs Qt and little else, so it shows first; the rest of the app (the
database layer, the services, the window) loads on a thread while the dialog waits for the
password, and signing in waits for that only if the password came sooner."""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, Qt, QTimer, QTranslator
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from nyanland import __version__, i18n
from nyanland.diagnostics import write_crash_report
from nyanland.domain.errors import KnownError
from nyanland.i18n import _
from nyanland.services.store_setup import StoreAddress
from nyanland.ui.about import app_icon
from nyanland.ui.operations import wait_off_thread
from nyanland.ui.sign_in import (
    ChangePasswordDialog,
    FirstStartDialog,
    SignInDialog,
    field_message,
    password_changer,
)

if TYPE_CHECKING:
    from nyanland.services.context import Clock, ServiceContext
    from nyanland.services.signin import SignedIn
    from nyanland.ui.main_window import MainWindow

# What the window needs, in the order it needs it: loaded while the sign-in dialog is shown
# (the database layer comes with the first).
WARM = ("nyanland.services.signin", "nyanland.services.cases", "nyanland.ui.main_window")
WARM_AFTER_MS = 150


def warm_up() -> threading.Thread:
    """Loads the rest of the app on a thread (importing is safe there: no widget is made)."""

    def load() -> None:
        for name in WARM:
            importlib.import_module(name)

    thread = threading.Thread(target=load, name="nyanland warm-up", daemon=True)
    thread.start()
    return thread


def show_bug(error: BaseException, parent: QWidget | None = None) -> None:
    """A bug: a report without personal data is saved, and the user is told where."""
    report = write_crash_report(error)
    QMessageBox.critical(
        parent,
        _("nyanland"),
        _(
            "Something went wrong inside nyanland. Your saved work is safe.\n"
            "A report without personal data was written to:\n{file}"
        ).format(file=report or "-"),
    )


def install_crash_handler(parent: Callable[[], QWidget | None]) -> None:
    def handle(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if isinstance(error, KeyboardInterrupt):
            QApplication.quit()
            return
        error.__traceback__ = tb
        show_bug(error, parent())

    sys.excepthook = handle


class QtCatalogue:
    """Qt's own texts (Cancel, Yes, No in standard dialogs) in the chosen language."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._translator = QTranslator(app)
        i18n.add_language_listener(self.load)
        self.load(i18n.current_language())

    def load(self, language: str) -> None:
        self._app.removeTranslator(self._translator)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if self._translator.load(QLocale(language), "qtbase", "_", folder):
            self._app.installTranslator(self._translator)
        self._app.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft
            if QLocale(language).textDirection() == Qt.LayoutDirection.RightToLeft
            else Qt.LayoutDirection.LeftToRight
        )


def make_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setOrganizationName("nyanland")
    app.setApplicationName("nyanland")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("nyanland")  # the .deb's desktop entry: the right icon in the dock
    # Room above capitals: tabs otherwise clip the dots of Å, Ä and Ö ("Ärenden").
    app.setStyleSheet("QTabBar::tab { padding: 5px 9px; }")
    QtCatalogue(app)
    return app


def language_setting(settings: QSettings) -> str:
    saved = settings.value("language")
    return saved if saved in i18n.SUPPORTED_LANGUAGES else i18n.language_from_environment()


def start(where: str | StoreAddress, settings: QSettings) -> MainWindow | None:
    """Creates the store on the first start, or signs in to it, then shows the window; None if
    the user chose not to go on."""
    i18n.set_language(language_setting(settings))
    from nyanland.services.context import Clock

    clock = Clock()
    address = StoreAddress.of(where)
    first = not address.exists
    passwords: list[str] = []
    if first:
        context = _first_start(address, clock)
    else:
        context = _sign_in(address, settings, clock, passwords)
    if context is None:
        return None
    password = passwords[-1] if passwords else None
    from nyanland.services.cases import CaseService
    from nyanland.ui.main_window import MainWindow, Services

    window = MainWindow(Services(context, CaseService(context), password), settings, show_bug)
    window.show()
    return window


def _first_start(address: StoreAddress, clock: Clock) -> ServiceContext | None:
    from nyanland.services import signin

    dialog = FirstStartDialog(address.shown())
    while dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            admin, password = dialog.admin.text().strip(), dialog.password.text()
            context = wait_off_thread(partial(signin.create_store, address, admin, password, clock))
        except KnownError as problem:
            dialog.error.setText(field_message(problem))
            dialog.error.show()
            continue
        if dialog.demo.isChecked():
            _fill_with_demo_cases(context, dialog.demo_count.value())
        return context
    return None


def _sign_in(
    address: StoreAddress, settings: QSettings, clock: Clock, passwords: list[str]
) -> ServiceContext | None:
    """Signs in; `passwords` gets the password that worked (a laptop copy syncs with it)."""
    signed: list[SignedIn] = []

    def attempt(user: str, password: str) -> str:
        from nyanland.services import signin

        try:
            # Argon2 and the store's schema check take a moment: the dialog keeps painting.
            signed.append(wait_off_thread(lambda: signin.sign_in(address, user, password, clock)))
        except KnownError as problem:
            return str(problem)
        settings.setValue("sign_in/user", user)
        passwords.append(password)
        return ""

    where = address.shown()
    dialog = SignInDialog(where, attempt, str(settings.value("sign_in/user", "")))
    QTimer.singleShot(WARM_AFTER_MS, warm_up)  # once the dialog is on the screen
    if dialog.exec() != QDialog.DialogCode.Accepted or not signed:
        return None
    context = signed[0].context
    if signed[0].must_change_password:
        changing = ChangePasswordDialog(password_changer(context), signed_in_with=passwords[-1])
        if changing.exec() != QDialog.DialogCode.Accepted:
            context.store.dispose()
            return None
    return context


def _fill_with_demo_cases(context: ServiceContext, count: int) -> None:
    """Invents the cases in the background while a progress dialog shows that work goes on."""
    progress = QProgressDialog(_("Inventing {n} cases…").format(n=count), "", 0, 0)
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    progress.show()
    from nyanland.services.demo import add_demo_cases

    try:
        wait_off_thread(lambda: add_demo_cases(context, count, seed=1, as_of=context.clock.today()))
    finally:
        progress.close()
        progress.deleteLater()


def run_desktop(url: str) -> int:
    address = StoreAddress.of(url)  # read once, for the whole of the sign-in
    app = make_application(sys.argv)
    settings = QSettings()
    holder: list[MainWindow | None] = [None]
    install_crash_handler(lambda: holder[0])
    while True:
        try:
            holder[0] = start(address, settings)
        except KnownError as error:
            QMessageBox.critical(None, _("nyanland"), str(error))
            return 1
        window = holder[0]
        if window is None:
            return 0
        code = app.exec()
        from nyanland.services import signin

        signin.sign_out(window.services.context)  # an administrator signs a checkpoint
        if window.pending_restore is not None:  # Administration → Säkerhetskopior
            _restore(url, window.services.context.actor.name, *window.pending_restore)
            continue
        if not window.signed_out:
            return code


def _restore(url: str, user: str, source: Path, password: str) -> None:
    """The store restored from `source` now that nobody has it open (the window signed out);
    the sign-in then asks again. A refusal (a wrong password, a damaged file) leaves the
    store as it was."""
    from nyanland.services import backup
    from nyanland.services.context import Clock

    try:
        done = wait_off_thread(lambda: backup.restore(url, source, user, password, Clock()))
    except KnownError as problem:
        QMessageBox.warning(None, _("nyanland"), str(problem))
        return
    done.context.store.dispose()
    QMessageBox.information(
        None,
        _("nyanland"),
        _("The store is restored from {file}. The store as it was is kept as {saved}.").format(
            file=source.name, saved=done.saved.name
        ),
    )
