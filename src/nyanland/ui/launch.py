"""Starting the desktop app: the Qt application, the first start, the store and the window."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QEventLoop, QLibraryInfo, QLocale, QSettings, Qt, QTranslator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nyanland import i18n
from nyanland.diagnostics import write_crash_report
from nyanland.domain.errors import KnownError
from nyanland.i18n import _
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.demo import add_demo_cases
from nyanland.services.store_setup import open_store, store_exists
from nyanland.ui.main_window import MainWindow, Services
from nyanland.ui.tasks import TaskRunner

DEMO_CASES = 300


def desktop_actor() -> str:
    try:
        return f"desktop:{getpass.getuser()}"
    except (KeyError, OSError):
        return "desktop"


class FirstStartDialog(QDialog):
    """No store yet: says where it will be made, and offers invented cases to try with."""

    def __init__(self, where: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Welcome to nyanland"))
        text = QLabel(
            _("There is no case store on this computer yet. nyanland will create one here:\n"
              "{where}\n\nThe store holds personal data: keep the computer locked when you "
              "leave it.").format(where=where)
        )  # fmt: skip
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo = QCheckBox(_("Fill it with invented cases, to try the program"))
        self.demo.setObjectName("demo")
        self.demo_count = QSpinBox()
        self.demo_count.setRange(10, 100_000)
        self.demo_count.setValue(DEMO_CASES)
        self.demo_count.setAccessibleName(_("Number of invented cases"))
        self.demo_count.setEnabled(False)
        self.demo.toggled.connect(self.demo_count.setEnabled)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create the store"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        count_row = QFormLayout()
        count_row.addRow(_("Number of invented cases"), self.demo_count)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.demo)
        layout.addLayout(count_row)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)


def show_bug(error: BaseException, parent: QWidget | None = None) -> None:
    """A bug: a report without personal data is saved, and the user is told where."""
    report = write_crash_report(error)
    QMessageBox.critical(
        parent,
        _("nyanland"),
        _("Something went wrong inside nyanland. Your saved work is safe.\n"
          "A report without personal data was written to:\n{file}").format(file=report or "-"),
    )  # fmt: skip


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
    # Room above capitals: tabs otherwise clip the dots of Å, Ä and Ö ("Ärenden").
    app.setStyleSheet("QTabBar::tab { padding: 5px 9px; }")
    QtCatalogue(app)
    return app


def language_setting(settings: QSettings) -> str:
    saved = settings.value("language")
    return saved if saved in i18n.SUPPORTED_LANGUAGES else i18n.language_from_environment()


def start(url: str, settings: QSettings) -> MainWindow | None:
    """Opens the store (creating it on the first start) and shows the window; None if the
    user chose not to create a store."""
    i18n.set_language(language_setting(settings))
    demo_count = 0
    if not store_exists(url):
        dialog = FirstStartDialog(url.removeprefix("sqlite:///"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        demo_count = dialog.demo_count.value() if dialog.demo.isChecked() else 0
    store = open_store(url)
    context = ServiceContext(store=store, actor=desktop_actor())
    if demo_count:
        _fill_with_demo_cases(context, demo_count)
    window = MainWindow(Services(context, CaseService(context)), settings, show_bug)
    window.show()
    return window


def _fill_with_demo_cases(context: ServiceContext, count: int) -> None:
    """Invents the cases in the background while a progress dialog shows that work goes on."""
    progress = QProgressDialog(_("Inventing {n} cases…").format(n=count), "", 0, 0)
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    progress.show()
    runner = TaskRunner(progress)  # lives exactly as long as the dialog
    loop = QEventLoop()
    failure: list[BaseException] = []
    runner.finished.connect(loop.quit)
    runner.run(
        lambda: add_demo_cases(context, count, seed=1, as_of=context.clock.today()),
        lambda _count: None,
        failure.append,
    )
    if runner.busy:
        loop.exec()
    progress.close()
    progress.deleteLater()
    if failure:
        raise failure[0]


def run_desktop(url: str) -> int:
    app = make_application(sys.argv)
    settings = QSettings()
    holder: list[MainWindow | None] = [None]
    install_crash_handler(lambda: holder[0])
    try:
        holder[0] = start(url, settings)
    except KnownError as error:
        QMessageBox.critical(None, _("nyanland"), str(error))
        return 1
    if holder[0] is None:
        return 0
    return app.exec()
