"""The officer's main window: the case list beside the open case, with menus, toolbar,
shortcuts and a status bar; every database call runs off the GUI thread."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEventLoop, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nyanland import i18n
from nyanland.domain.case import Closure
from nyanland.domain.errors import KnownError, ValidationFailed
from nyanland.domain.reminders import CasePhase
from nyanland.domain.roles import Permission
from nyanland.i18n import _, ngettext
from nyanland.reports.files import write_bytes_atomically
from nyanland.services import accounts, backup, reminders, sync, transfer
from nyanland.services import tasks as case_tasks
from nyanland.services.cases import CaseService, SaveConflict, Saved
from nyanland.services.context import ServiceContext
from nyanland.services.records import CasePage, CaseQuery, CaseRecord, CaseStatus
from nyanland.ui import case_fields
from nyanland.ui.about import show_about
from nyanland.ui.admin_view import AdminView
from nyanland.ui.case_editor import CaseEditor
from nyanland.ui.case_table import PAGE_SIZE, CaseTableModel
from nyanland.ui.forms import Form, ok_cancel
from nyanland.ui.merge_dialog import MergeDialog, field_label
from nyanland.ui.reminders_view import RemindersView
from nyanland.ui.sfi_view import SfiWorkspace
from nyanland.ui.sign_in import (
    DEFAULT_IDLE_MINUTES,
    ChangePasswordDialog,
    IdleWatch,
    LockScreen,
    password_changer,
)
from nyanland.ui.sync_view import SyncPanel
from nyanland.ui.tasks import TaskRunner
from nyanland.ui.tasks_panel import TasksPanel

if TYPE_CHECKING:
    from nyanland.ui.statistics_view import StatisticsView

SEARCH_DELAY_MS = 150


@dataclass(frozen=True)
class Services:
    context: ServiceContext
    cases: CaseService
    # The password signed in with, kept in memory only: a laptop copy syncs with it.
    password: str | None = None


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        settings: QSettings,
        report_bug: Callable[[BaseException], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self._report_bug = report_bug
        self.tasks = TaskRunner(self)
        self._search_tasks = TaskRunner(self)
        self._pending_search: CaseQuery | None = None
        self._household_of: int | None = None  # a new case joins this case's household
        self.closure_dialog: ClosureDialog | None = None
        self.merge_dialog: MergeDialog | None = None
        self.about_box: QMessageBox | None = None
        self._today = services.context.clock.today
        actor = services.context.actor
        self.can_cases = actor.may(Permission.CASES)
        self.can_statistics = actor.may(Permission.STATISTICS)
        self.can_administer = actor.may(Permission.ADMINISTER)
        self.can_sfi = actor.may(Permission.RECORD_SFI)
        self.signed_out = False
        self.sync_panel: SyncPanel | None = None
        if self.can_cases and services.password is not None and sync.server_of(services.context):
            self.sync_panel = SyncPanel(self, services.context, services.password, settings,
                                        self._synced, report_bug)  # fmt: skip

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        # One choice of which cases: all, open, each phase of the open ones, or closed.
        choices = [CaseStatus.ALL, CaseStatus.OPEN, *list(CasePhase)[:-1], CaseStatus.CLOSED]
        for choice in choices:
            self.status_filter.addItem("", choice.value)
        self.overdue_filter = QCheckBox()
        self.overdue_filter.setObjectName("overdue_filter")
        self.officer_filter = QComboBox()
        self.officer_filter.setObjectName("officer_filter")
        self.officer_filter.addItem("", None)  # all officers
        self.officer_filter.addItem("", actor.name)  # my cases
        # Officers' names can be long: the list pane must still fit a small screen.
        self.officer_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.officer_filter.setMinimumContentsLength(12)
        self.count_label = QLabel()
        # A role without cases never asks for them (the service would refuse, and log it).
        fetch = services.cases.search if self.can_cases else _no_cases
        self.model = CaseTableModel(fetch, self)
        self.table = QTableView()
        self.table.setObjectName("case_list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CaseTableModel.COL_RECEPTION, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        context = services.context
        self.tasks_panel = TasksPanel(
            self._today,
            lambda case_id: case_tasks.tasks_of(context, case_id),
            lambda case_id, title, due: case_tasks.add_task(context, case_id, title, due),
            lambda task_id, done: case_tasks.complete_task(context, task_id, done),
            self._failed,
        )
        self.editor = CaseEditor(self._today, self.tasks_panel)
        self.editor.setObjectName("case_editor")
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.editor)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.officer_filter, 1)
        filters.addWidget(self.overdue_filter)
        left_layout.addWidget(self.search)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.count_label)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        # The statistics tab (and QtCharts, a third of a second to load) is built when first
        # opened: an officer who never looks at it starts the program without it.
        self._statistics: StatisticsView | None = None
        self.statistics_page = QWidget()
        QVBoxLayout(self.statistics_page).setContentsMargins(0, 0, 0, 0)
        self.reminders = RemindersView(self._today, self._open_from_reminder)
        self._reminder_tasks = TaskRunner(self)
        self._reminders_stale = False
        self.admin: AdminView | None = None
        self.pages = QTabWidget()
        if self.can_cases:
            self.pages.addTab(self.splitter, "")
            self.pages.addTab(self.reminders, "")
        self.sfi: SfiWorkspace | None = None
        if self.can_sfi:
            self.sfi = SfiWorkspace(
                services.context, self._today, self._run_with_progress, self._failed
            )
            self.pages.addTab(self.sfi, "")
            if not self.can_cases:
                self.pages.setCurrentWidget(self.sfi)
        if self.can_statistics:
            self.pages.addTab(self.statistics_page, "")
        if self.can_administer:
            self.admin = AdminView(services.context, self._run_with_progress)
            self.pages.addTab(self.admin, "")
            self.pages.setCurrentWidget(self.admin)
        self.pages.currentChanged.connect(self._page_changed)
        self.lock_screen = LockScreen(actor.name)
        self.lock_screen.unlock_requested.connect(self.unlock)
        self.central = QStackedWidget()
        self.central.addWidget(self.pages)
        self.central.addWidget(self.lock_screen)
        self.setCentralWidget(self.central)
        self.idle = IdleWatch(idle_minutes(settings), self)
        self.idle.idle.connect(self.lock)
        self.password_dialog: ChangePasswordDialog | None = None

        self._make_actions()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _text: self._search_timer.start())
        self.status_filter.currentIndexChanged.connect(lambda _index: self.refresh())
        self.overdue_filter.toggled.connect(lambda _on: self.refresh())
        self.officer_filter.currentIndexChanged.connect(lambda _index: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.editor.dirty_changed.connect(self._dirty_changed)
        self.tasks_panel.changed.connect(self.refresh_reminders)
        self.editor.open_case_requested.connect(self.open_case)
        self.editor.add_member_requested.connect(self.new_family_member)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.officer_filter)
        self.setTabOrder(self.officer_filter, self.overdue_filter)
        self.setTabOrder(self.overdue_filter, self.table)
        self.setTabOrder(self.table, self.editor)
        i18n.add_language_listener(self._language_changed)
        self.retranslate_ui()
        self._restore_layout()
        self._update_actions()
        if self.sync_panel is not None:
            self.statusBar().addPermanentWidget(self.sync_panel.button)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.store_label)
        self.refresh()
        self.refresh_reminders()
        if self.can_cases:
            self._load_officers()
        self._backup_timer = QTimer(self)  # dies with the window
        self._backup_timer.setSingleShot(True)
        self._backup_timer.timeout.connect(self._daily_backup)
        self._backup_timer.start(2000)  # after the first rows are on screen
        if self.admin is not None:
            self.admin.start()
        elif not self.can_cases and self.sfi is not None:
            self._page_changed(self.pages.currentIndex())
        elif not self.can_cases and self.can_statistics:
            self.show_statistics()
            self._page_changed(self.pages.currentIndex())

    # -- actions ------------------------------------------------------------------------------

    def _make_actions(self) -> None:
        def action(shortcut: QKeySequence | QKeySequence.StandardKey | None,
                   slot: Callable[[], Any]) -> QAction:  # fmt: skip
            made = QAction(self)
            if shortcut is not None:
                made.setShortcut(shortcut)
            made.triggered.connect(slot)
            return made

        self.new_action = action(QKeySequence.StandardKey.New, self.new_case)
        self.save_action = action(QKeySequence.StandardKey.Save, self.save)
        self.close_case_action = action(QKeySequence("Ctrl+Shift+E"), self.close_case)
        self.delete_action = action(None, self.delete_case)
        self.find_action = action(QKeySequence.StandardKey.Find, self.focus_search)
        self.import_action = action(None, self.import_cases)
        self.export_action = action(None, self.export_cases)
        self.backup_action = action(None, self.take_backup)
        self.extract_action = action(None, self.register_extract)
        self.password_action = action(None, self.change_password)
        self.lock_action = action(QKeySequence("Ctrl+L"), self.lock)
        self.sign_out_action = action(None, self.sign_out)
        self.quit_action = action(QKeySequence.StandardKey.Quit, self.close)
        self.swedish_action = action(None, lambda: self.set_language("sv"))
        self.english_action = action(None, lambda: self.set_language("en"))
        self.about_action = action(None, self.about)
        self.cases_action = action(
            QKeySequence("Ctrl+1"), lambda: self.pages.setCurrentWidget(self.splitter)
        )
        self.reminders_action = action(
            QKeySequence("Ctrl+2"), lambda: self.pages.setCurrentWidget(self.reminders)
        )
        self.statistics_action = action(QKeySequence("Ctrl+3"), self.show_statistics)
        self.sfi_action = action(QKeySequence("Ctrl+4"), self.show_sfi)
        for choice in (self.swedish_action, self.english_action):
            choice.setCheckable(True)

        menu = self.menuBar()
        self.file_menu = menu.addMenu("")
        if self.sync_panel is not None:
            self.file_menu.addActions(
                [self.sync_panel.sync_action, self.sync_panel.conflicts_action]
            )
            self.file_menu.addSeparator()
        if self.can_cases:
            self.file_menu.addActions([self.import_action, self.export_action])
        if self.can_administer:
            self.file_menu.addAction(self.backup_action)
        if self.can_cases or self.can_administer:
            self.file_menu.addSeparator()
        self.file_menu.addActions([self.password_action, self.lock_action, self.sign_out_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.case_menu = menu.addMenu("")
        self.case_menu.addActions(
            [self.new_action, self.save_action, self.close_case_action, self.find_action]
        )
        self.case_menu.addSeparator()
        self.case_menu.addAction(self.extract_action)
        self.case_menu.addAction(self.delete_action)
        self.case_menu.menuAction().setVisible(self.can_cases)
        for gated in (self.new_action, self.save_action, self.close_case_action, self.delete_action,
                      self.find_action, self.extract_action, self.cases_action,
                      self.reminders_action):  # fmt: skip
            gated.setEnabled(self.can_cases)
        self.statistics_action.setEnabled(self.can_statistics)
        self.sfi_action.setEnabled(self.can_sfi)
        self.view_menu = menu.addMenu("")
        self.view_menu.addActions(
            [self.cases_action, self.reminders_action, self.statistics_action, self.sfi_action]
        )
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.addActions([self.swedish_action, self.english_action])
        self.help_menu = menu.addMenu("")
        self.help_menu.addAction(self.about_action)

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([self.new_action, self.save_action, self.close_case_action])
        self.addToolBar(self.toolbar)
        self.toolbar.setVisible(self.can_cases)
        self.store_label = QLabel()
        self.user_label = QLabel()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("nyanland – establishment cases") + "[*]")
        self.file_menu.setTitle(_("&File"))
        self.case_menu.setTitle(_("&Case"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.new_action.setText(_("&New case"))
        self.save_action.setText(_("&Save"))
        self.close_case_action.setText(_("Close &case…"))
        self.find_action.setText(_("&Find person"))
        self.import_action.setText(_("&Import cases…"))
        self.export_action.setText(_("&Export cases…"))
        self.backup_action.setText(_("Take a &backup…"))
        self.extract_action.setText(_("&Register extract (PDF)…"))
        self.delete_action.setText(_("&Delete the case…"))
        if self.sync_panel is not None:
            self.sync_panel.retranslate_ui()
        self.password_action.setText(_("Change &password…"))
        self.lock_action.setText(_("&Lock the window"))
        self.sign_out_action.setText(_("Sign &out"))
        self.quit_action.setText(_("&Quit"))
        self.swedish_action.setText("Svenska")
        self.english_action.setText("English")
        self.about_action.setText(_("&About nyanland"))
        self.swedish_action.setChecked(i18n.current_language() == "sv")
        self.english_action.setChecked(i18n.current_language() == "en")
        self.search.setPlaceholderText(_("Find: name, identity number, dossier or case number"))
        self.search.setAccessibleName(_("Find a person"))
        self.status_filter.setAccessibleName(_("Which cases"))
        labels = {CaseStatus.ALL: _("All cases"), CaseStatus.OPEN: _("Open cases"),
                  CaseStatus.CLOSED: _("Closed cases")}  # fmt: skip
        for index in range(self.status_filter.count()):
            status, phase = _list_choice(self.status_filter.itemData(index))
            self.status_filter.setItemText(index, phase.label if phase else labels[status])
        self.overdue_filter.setText(_("Only overdue"))
        self.officer_filter.setAccessibleName(_("Whose cases"))
        self.officer_filter.setItemText(0, _("All officers"))
        self.officer_filter.setItemText(1, _("My cases"))
        self.overdue_filter.setToolTip(_("Cases with a reminder past its date"))
        self.table.setAccessibleName(_("Cases"))
        self.empty.setText(
            _("Choose a case in the list, or register a newcomer with New case (Ctrl+N).")
        )
        self.store_label.setText(
            _("Store: {store}").format(store=self.services.context.store.describe())
        )
        actor = self.services.context.actor
        self.user_label.setText(
            _("Signed in: {user} ({role})").format(
                user=actor.name, role=actor.role.label if actor.role else "–"
            )
        )
        self.lock_screen.retranslate_ui()
        if self.admin is not None:
            self.admin.retranslate_ui()
            self.pages.setTabText(self.pages.indexOf(self.admin), _("Administration"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)
        self.editor.retranslate_ui()
        self.tasks_panel.retranslate_ui()
        if self._statistics is not None:
            self._statistics.retranslate_ui()
        self._title_tab(self.splitter, _("Cases"))
        self._title_tab(self.statistics_page, _("Statistics"))
        self.reminders.retranslate_ui()
        self._title_reminders_tab()
        self.statistics_action.setText(_("S&tatistics"))
        self.reminders_action.setText(_("&To do"))
        self.cases_action.setText(_("C&ases"))
        self.sfi_action.setText(_("S&FI"))
        if self.sfi is not None:
            self.sfi.retranslate_ui()
            self._title_tab(self.sfi, _("SFI"))
        self._show_count()

    @property
    def statistics(self) -> StatisticsView:
        if self._statistics is None:
            statistics_view = importlib.import_module("nyanland.ui.statistics_view")
            self._statistics = statistics_view.StatisticsView(
                self.services.context, self._today, self._run_with_progress, self._failed
            )
            self._statistics.setObjectName("statistics")
            layout = self.statistics_page.layout()
            assert layout is not None
            layout.addWidget(self._statistics)
        return self._statistics

    def _page_changed(self, index: int) -> None:
        if self.sfi is not None and self.pages.widget(index) is self.sfi:
            self.sfi.refresh_waiting()  # others may have received people meanwhile
        if self.pages.widget(index) is self.statistics_page and self.statistics.figures is None:
            self.statistics.refresh()

    def refresh_reminders(self) -> None:
        """Recounts the reminders in the background (at start and after every change)."""
        if not self.can_cases:
            return
        if self._reminder_tasks.busy:
            self._reminders_stale = True  # counted again as soon as this count is done
            return
        self._reminders_stale = False
        only_mine = self.officer_filter.currentIndex() == 1
        self._reminder_tasks.run(
            lambda: reminders.reminders(self.services.context, only_mine=only_mine),
            self._show_reminders,
            self._failed,
        )

    def _show_reminders(self, found: list[Any]) -> None:
        self.reminders.show_reminders(found)
        self._title_reminders_tab()
        if self._reminders_stale:
            QTimer.singleShot(0, self.refresh_reminders)

    def _title_reminders_tab(self) -> None:
        count = self.reminders.model.rowCount()
        title = _("To do") + (f" ({count})" if count else "")
        self._title_tab(self.reminders, title)

    def _title_tab(self, page: QWidget, title: str) -> None:
        index = self.pages.indexOf(page)
        if index >= 0:
            self.pages.setTabText(index, title)

    def _open_from_reminder(self, case_id: int) -> None:
        self.pages.setCurrentWidget(self.splitter)
        self.open_case(case_id)

    def show_statistics(self) -> None:
        self.pages.setCurrentWidget(self.statistics_page)

    def show_sfi(self) -> None:
        if self.sfi is not None:
            self.pages.setCurrentWidget(self.sfi)

    def _load_officers(self) -> None:
        def show(names: list[str]) -> None:
            mine = self.services.context.actor.name
            for name in names:
                if name != mine and self.officer_filter.findData(name) < 0:
                    self.officer_filter.addItem(name, name)

        self.tasks.run(self.services.cases.officers, show, self._failed)

    # -- automatic backups --------------------------------------------------------------------

    def _daily_backup(self) -> None:
        context = self.services.context
        keep = backup_keep(self.settings)

        def take() -> Path | None:
            if backup.automatic_backup_due(context):
                return backup.automatic_backup(context, keep)
            return None

        self.tasks.run(take, lambda _path: None, self._failed)

    def _backup_on_exit(self) -> None:
        if self.services.context.store.sqlite_path is None:
            return  # a server store has the server's own backups
        if str(self.settings.value("backup/on_exit", "true")).lower() == "false":
            return
        try:
            backup.automatic_backup(self.services.context, backup_keep(self.settings))
        except KnownError as error:
            QMessageBox.warning(self, _("nyanland"), str(error))

    # -- signing in and out -------------------------------------------------------------------

    def lock(self) -> None:
        """Covers the window until the password is given again; nothing on it is lost."""
        if self.central.currentWidget() is self.lock_screen:
            return
        self.central.setCurrentWidget(self.lock_screen)
        self.menuBar().setEnabled(False)
        self.toolbar.setEnabled(False)
        self.idle.timer.stop()
        self.lock_screen.reset()

    @property
    def locked(self) -> bool:
        return self.central.currentWidget() is self.lock_screen

    def unlock(self, password: str) -> None:
        context = self.services.context

        def checked(ok: bool) -> None:
            if not ok:
                self.lock_screen.refused(_("That is not your password."))
                return
            self.central.setCurrentWidget(self.pages)
            self.menuBar().setEnabled(True)
            self.toolbar.setEnabled(True)
            self.idle.timer.start()

        self.tasks.run(lambda: accounts.unlock(context, password), checked, self._failed)

    def change_password(self) -> None:
        dialog = ChangePasswordDialog(password_changer(self.services.context), parent=self)
        dialog.accepted.connect(
            lambda: self.statusBar().showMessage(_("Your password is changed."), 8000)
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.password_dialog = dialog

    def sign_out(self) -> None:
        """Closes the window (asking about unsaved changes) and asks who signs in next."""
        self.signed_out = True
        if not self.close():
            self.signed_out = False

    def register_extract(self) -> None:
        record = self.editor.record
        if record is None:
            return
        suggested = f"registerutdrag-{record.case_number.replace('/', '-')}.pdf"
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Register extract"), suggested, _("PDF files (*.pdf)")
        )
        if not name:
            return
        context = self.services.context
        # ReportLab (a fifth of a second to load) is loaded when the first extract is written.
        extract = importlib.import_module("nyanland.services.extract")

        def write() -> Path:
            path = Path(name)
            write_bytes_atomically(path, extract.register_extract(context, record.id))
            return path

        self._run_with_progress(
            _("Writing the register extract…"), write,
            lambda path: self.statusBar().showMessage(
                _("Register extract written to {file}.").format(file=path), 8000),
        )  # fmt: skip

    def _language_changed(self, language: str) -> None:
        self.settings.setValue("language", language)
        self.retranslate_ui()

    def set_language(self, language: str) -> None:
        i18n.set_language(language)

    # -- the list -----------------------------------------------------------------------------

    def current_query(self) -> CaseQuery:
        status, phase = _list_choice(self.status_filter.currentData())
        return replace(
            self.model.query,
            text=self.search.text(),
            status=status,
            phase=phase,
            only_overdue=self.overdue_filter.isChecked(),
            officer=self.officer_filter.currentData(),
            offset=0,
            limit=PAGE_SIZE,
        )

    def refresh(self) -> None:
        """Runs the search in the background; a newer keystroke supersedes an older one."""
        if not self.can_cases:
            return
        query = self.current_query()
        if self._search_tasks.busy:
            self._pending_search = query
            return
        self._pending_search = None
        self._search_tasks.run(
            lambda: self.services.cases.search(query),
            lambda page: self._show_page(query, page),
            self._failed,
        )

    def _show_page(self, query: CaseQuery, page: CasePage) -> None:
        if self._pending_search is not None:
            QTimer.singleShot(0, self.refresh)
            return
        selected = self.editor.record.id if self.editor.record else None
        self.model.show(page, query)
        self._show_count()
        if selected is not None:
            row = self.model.row_of_case(selected)
            if row is not None:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(False)

    def _show_count(self) -> None:
        total = self.model.rowCount()
        self.count_label.setText(ngettext("{n} case", "{n} cases", total).format(n=total))

    def _row_chosen(self, current: Any, _previous: Any) -> None:
        summary = self.model.summary(current.row()) if current.isValid() else None
        if summary is None or (self.editor.record and self.editor.record.id == summary.id):
            return
        self.open_case(summary.id)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- the open case ------------------------------------------------------------------------

    def open_case(self, case_id: int) -> None:
        if not self.may_leave_case():
            return
        self.tasks.run(lambda: self.services.cases.get(case_id), self._show_case, self._failed)

    def _show_case(self, record: CaseRecord) -> None:
        self.editor.load(record)
        self.tasks_panel.show_case(record.id)
        self.right.setCurrentWidget(self.editor)
        self._update_actions()

    def new_case(self) -> None:
        if not self.may_leave_case():
            return
        self.table.clearSelection()
        self._household_of = None
        self.editor.load(None)
        self.tasks_panel.show_case(None)
        self.right.setCurrentWidget(self.editor)
        self.editor.tabs.setCurrentIndex(0)
        self.editor.person.input("first_name").setFocus()
        self._update_actions()

    def new_family_member(self) -> None:
        household_of = self.editor.record
        if household_of is None or not self.may_leave_case():
            return
        base = household_of.data
        self.editor.load(None)
        self.tasks_panel.show_case(None)
        self.editor.person.load({"last_name": base.person.last_name,
                                 "country_of_birth": base.person.country_of_birth,
                                 "languages": base.person.languages})  # fmt: skip
        self.editor.reception.load(asdict(base.reception))
        self.right.setCurrentWidget(self.editor)
        self._household_of = household_of.id
        self.editor.person.input("first_name").setFocus()
        self._update_actions()

    def save(self) -> bool:
        """Saves the open case; returns False when it breaks a rule (shown at the fields)."""
        if not self.editor.check():
            self.statusBar().showMessage(_("Not saved: correct the fields marked in red."), 8000)
            return False
        data, _problems = self.editor.case_data()
        assert data is not None
        record = self.editor.record
        household_of = self._household_of

        def work() -> CaseRecord | Saved | SaveConflict:
            if record is None:
                return self.services.cases.create(data, household_of=household_of)
            return self.services.cases.save(record, data)

        self._run_with_progress(_("Saving…"), work, self._save_outcome)
        return True

    def _save_outcome(self, outcome: CaseRecord | Saved | SaveConflict) -> None:
        if isinstance(outcome, SaveConflict):
            self._resolve(outcome)
            return
        if isinstance(outcome, CaseRecord):
            self._saved(outcome)
            return
        self._saved(outcome.record)
        if outcome.merged:
            names = ", ".join(field_label(path) for path in outcome.merged)
            self.statusBar().showMessage(
                _("Saved case {number}, with the changes saved meanwhile by others ({fields}).")
                .format(number=outcome.record.case_number, fields=names), 10000
            )  # fmt: skip

    def _resolve(self, conflict: SaveConflict) -> None:
        """Someone saved the same fields meanwhile: the officer chooses; the edit stays open
        and unsaved until then."""
        who = conflict.changed_by or _("someone else")
        dialog = MergeDialog(
            _("{who} saved case {number} after you opened it. Their changes to other fields "
              "are kept. Choose for each field below which value to keep.")
            .format(who=who, number=conflict.current.case_number),
            conflict.merge.conflicts,
            _("Saved by {who}").format(who=who),
            self,
        )  # fmt: skip

        def accepted() -> None:
            resolved = conflict.merge.resolve(dialog.choices)
            self._run_with_progress(
                _("Saving…"),
                lambda: self.services.cases.save(conflict.current, resolved),
                self._save_outcome,
            )

        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.merge_dialog = dialog

    def _saved(self, record: CaseRecord) -> None:
        if self.sync_panel is not None:
            self.sync_panel.refresh()
        self._household_of = None
        self.editor.load(record)
        self.tasks_panel.show_case(record.id)
        self.statusBar().showMessage(
            _("Saved case {number}.").format(number=record.case_number), 5000
        )
        self._update_actions()
        self.refresh()
        self.refresh_reminders()

    def delete_case(self) -> None:
        """Deletes a case registered in error, after asking (the audit log keeps that it was)."""
        record = self.editor.record
        if record is None:
            return
        answer = QMessageBox.warning(
            self,
            _("Delete the case"),
            _("Delete case {number} ({name}) with everything recorded in it? This cannot be "
              "undone. Use it only for a case registered in error; close a case that ended.")
            .format(number=record.case_number, name=record.data.person.full_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return

        def deleted(_none: None) -> None:
            self.editor.load(None)
            self.editor._set_dirty(False)
            self.tasks_panel.show_case(None)
            self.statusBar().showMessage(
                _("Deleted case {number}.").format(number=record.case_number), 5000
            )
            if self.sync_panel is not None:
                self.sync_panel.refresh()
            self._update_actions()
            self.refresh()
            self.refresh_reminders()

        self._run_with_progress(
            _("Deleting…"), lambda: self.services.cases.delete(record.id, record.version), deleted
        )

    def _synced(self) -> None:
        """A sync brought changes: the list, the to-do list and the open case show them."""
        self.refresh()
        self.refresh_reminders()
        record = self.editor.record
        if record is not None and not self.editor.dirty:

            def gone(_error: BaseException) -> None:
                self.editor.load(None)
                self._update_actions()

            self.tasks.run(lambda: self.services.cases.get(record.id), self._show_case, gone)

    def close_case(self) -> None:
        """Asks for the date and outcome in a dialog, then closes the case."""
        record = self.editor.record
        if record is None or record.data.closure is not None:
            return
        if self.editor.dirty and not self._ask_to_save():
            return
        dialog = ClosureDialog(self._today(), record.data.reception.reception_date, self)

        def accepted() -> None:
            closure = dialog.closure
            if closure is None:
                return
            self._run_with_progress(
                _("Closing the case…"),
                lambda: self.services.cases.close(record.id, closure, record.version),
                self._saved,
            )

        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.closure_dialog = dialog

    def may_leave_case(self) -> bool:
        """Asks what to do with unsaved changes; False keeps the user where they are."""
        if not self.editor.dirty:
            return True
        return self._ask_to_save()

    def _ask_to_save(self) -> bool:
        answer = QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("This case has changes that are not saved. Save them now?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            if not self.save():
                return False
            self._finish_tasks()
            return not self.editor.dirty
        if answer == QMessageBox.StandardButton.Discard:
            self.editor.load(self.editor.record)
            return True
        return False

    def _finish_tasks(self) -> None:
        """Waits, handling events, until the background work and its callbacks are done."""
        while self.tasks.busy:
            loop = QEventLoop()
            self.tasks.finished.connect(loop.quit)
            loop.exec()
            self.tasks.finished.disconnect(loop.quit)

    def _dirty_changed(self, dirty: bool) -> None:
        self.setWindowModified(dirty)
        self._update_actions()

    def _update_actions(self) -> None:
        record = self.editor.record
        editing = self.right.currentWidget() is self.editor and self.can_cases
        self.save_action.setEnabled(editing and (self.editor.dirty or record is None))
        self.close_case_action.setEnabled(
            record is not None and record.data.closure is None and editing
        )
        self.extract_action.setEnabled(record is not None and editing)
        self.delete_action.setEnabled(record is not None and editing)

    # -- files --------------------------------------------------------------------------------

    def import_cases(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import cases"), "", _("Case files (*.jsonl)")
        )
        if not name:
            return
        context = self.services.context

        def imported(report: transfer.ImportReport) -> None:
            message = ngettext("Imported {n} case.", "Imported {n} cases.", report.count)
            self.statusBar().showMessage(message.format(n=report.count), 8000)
            self.refresh()
            self.refresh_reminders()

        self._run_with_progress(
            _("Importing cases…"), lambda: transfer.import_cases(context, Path(name)), imported
        )

    def export_cases(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export cases"), "nyanland-cases.jsonl", _("Case files (*.jsonl)")
        )
        if not name:
            return
        context = self.services.context
        self._run_with_progress(
            _("Exporting cases…"),
            lambda: transfer.export_cases(context, Path(name)),
            lambda count: self.statusBar().showMessage(
                ngettext("Exported {n} case.", "Exported {n} cases.", count).format(n=count), 8000
            ),
        )

    def take_backup(self) -> None:
        suggested = f"nyanland-backup-{date.today().isoformat()}.nyanland"
        name, _filter = QFileDialog.getSaveFileName(self, _("Take a backup"), suggested)
        if not name:
            return
        context = self.services.context
        self._run_with_progress(
            _("Taking a backup…"),
            lambda: backup.backup(context, Path(name)),
            lambda path: self.statusBar().showMessage(
                _("Backup written to {file}.").format(file=path), 8000
            ),
        )

    def about(self) -> None:
        self.about_box = show_about(self, self.services.context, self.settings)

    # -- background work ----------------------------------------------------------------------

    def _run_with_progress(
        self, label: str, work: Callable[[], Any], on_success: Callable[[Any], Any]
    ) -> None:
        progress = QProgressDialog(label, "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(700)  # shown only when the work takes a while

        def finish(result: Any) -> None:
            progress.close()
            on_success(result)

        def fail(error: BaseException) -> None:
            progress.close()
            self._failed(error)

        self.tasks.run(work, finish, fail)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationFailed):
            self.editor.show_problems(list(error.problems))
            self.statusBar().showMessage(_("Not saved: correct the fields marked in red."), 8000)
        elif isinstance(error, KnownError):
            QMessageBox.warning(self, _("nyanland"), str(error))
        else:
            self._report_bug(error)

    # -- window -------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:  # first start: a comfortable size, never larger than the screen (200 % scaling)
            screen = self.screen().availableGeometry()
            self.resize(min(1360, int(screen.width() * 0.95)), min(820, int(screen.height() * 0.9)))
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([660, 700])
        header = self.settings.value("window/case_columns")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
        else:
            metrics = self.fontMetrics()
            date_width = metrics.horizontalAdvance("2026-11-22") + 16
            widths = {CaseTableModel.COL_CASE_NUMBER: metrics.horizontalAdvance("2026-00000") + 16,
                      CaseTableModel.COL_NAME: metrics.horizontalAdvance("M" * 12),
                      CaseTableModel.COL_IDENTITY: metrics.horizontalAdvance("20000101-0000") + 16,
                      CaseTableModel.COL_BIRTH_DATE: date_width,
                      CaseTableModel.COL_RECEPTION: date_width}  # fmt: skip
            header_view = self.table.horizontalHeader()
            for column, width in widths.items():
                # Never narrower than the heading (long languages, larger fonts).
                self.table.setColumnWidth(column, max(width, header_view.sectionSizeHint(column)))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked or not self.may_leave_case():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/case_columns", self.table.horizontalHeader().saveState())
        self._backup_timer.stop()
        if self.sync_panel is not None:
            self.sync_panel.stop()
        for runner in (self.tasks, self._search_tasks, self._reminder_tasks):
            runner.wait_for_all()
        self._backup_on_exit()
        if self.sfi is not None:
            self.sfi._search_tasks.wait_for_all()
        self.idle.stop()
        i18n.remove_language_listener(self._language_changed)
        event.accept()


def _no_cases(query: CaseQuery) -> CasePage:
    return CasePage(rows=(), total=0, offset=query.offset)


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


def _list_choice(code: str) -> tuple[CaseStatus, CasePhase | None]:
    """The case list's 'which cases' choice: a status, or a phase of the open cases."""
    if code in CasePhase.codes():
        return CaseStatus.OPEN, CasePhase(code)
    return CaseStatus(code), None


class ClosureDialog(QDialog):
    """Asks for the closing date and outcome; the rules of a closure are checked before OK."""

    def __init__(self, today: date, reception_date: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Close the case"))
        self._reception_date = reception_date
        self.form = Form(case_fields.CLOSURE, self)
        self.form.load({"date": today})
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("The establishment case ends with an outcome.")))
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.closure: Closure | None = None

    def accept(self) -> None:
        values, problems = self.form.values()
        if not problems and values["date"] < self._reception_date:
            problems["date"] = _("the case closes before reception")
        self.form.show_problems(problems)
        if problems:
            return
        self.closure = Closure(values["date"], values["outcome"])
        super().accept()
