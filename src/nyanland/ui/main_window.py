"""The main window, put together: the case list pane beside the open case, the to-do list, SFI,
statistics and administration tabs as the role allows, the menus, the session and the status
bar. The work itself is in the controllers (case_actions, file_actions, session); every store
call runs on the store's executor, never on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from nyanland import i18n
from nyanland.domain.errors import KnownError, ValidationFailed
from nyanland.domain.roles import Permission
from nyanland.i18n import _
from nyanland.services import kept_lists, reminders, sync
from nyanland.services import tasks as case_tasks
from nyanland.ui.admin_view import AdminView
from nyanland.ui.bulk_actions import BulkActions
from nyanland.ui.calendar_view import CalendarView
from nyanland.ui.case_actions import CaseActions, Services
from nyanland.ui.case_editor import CaseEditor
from nyanland.ui.case_list_pane import CaseListPane, ListFilter
from nyanland.ui.file_actions import FileActions
from nyanland.ui.kept_names import OFFERED
from nyanland.ui.lazy_page import LazyPage
from nyanland.ui.menus import Menus
from nyanland.ui.operations import CaseOp, Change, Changes, QueryOp, StoreExecutor, case_changed
from nyanland.ui.reminders_view import RemindersView
from nyanland.ui.session import Session
from nyanland.ui.sfi_view import SfiWorkspace
from nyanland.ui.sync_view import SyncPanel
from nyanland.ui.tasks_panel import TasksPanel
from nyanland.ui.todo_actions import TodoActions
from nyanland.ui.window_layout import restore_layout, save_layout

if TYPE_CHECKING:
    from nyanland.ui.overview_view import OverviewView
    from nyanland.ui.statistics_view import StatisticsView

T = TypeVar("T")
__all__ = ["MainWindow", "Services"]


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        settings: QSettings,
        report_bug: Callable[[BaseException], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.settings, self._report_bug = services, settings, report_bug
        context, actor = services.context, services.context.actor
        self._today = context.clock.today
        self.executor = StoreExecutor(self._failed, self)
        self.can_cases = actor.may(Permission.CASES)
        self.can_statistics = actor.may(Permission.STATISTICS)
        self.can_administer = actor.may(Permission.ADMINISTER)
        self.can_sfi = actor.may(Permission.RECORD_SFI)
        self.sync_panel: SyncPanel | None = None
        self.pending_restore: tuple[Path, str] | None = None  # made once the window is closed
        if self.can_cases and services.password is not None and sync.server_of(context):
            self.sync_panel = SyncPanel(
                self, context, services.password, settings, self.synced, report_bug, self.executor
            )

        self.pane = CaseListPane(
            services.cases if self.can_cases else None, actor.name, self.executor, self
        )
        self.search, self.table, self.model = self.pane.search, self.pane.table, self.pane.model
        self.status_filter, self.overdue_filter = self.pane.status_filter, self.pane.overdue_filter
        self.count_label = self.pane.count_label
        self.tasks_panel = TasksPanel(
            self._today,
            lambda case_id: case_tasks.tasks_of(context, case_id),
            lambda case_id, title, due: case_tasks.add_task(context, case_id, title, due),
            lambda task_id, done: case_tasks.complete_task(context, task_id, done),
            self._failed,
            self.executor,
        )
        self.editor = CaseEditor(self._today, self.tasks_panel)
        self.editor.setObjectName("case_editor")
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.editor)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.pane)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.cases = CaseActions(
            self,
            services,
            self.executor,
            self.editor,
            self.tasks_panel,
            self.right,
            self.pane,
            settings,
        )
        self.files = FileActions(self, context, self.executor, settings)
        self.bulk = BulkActions(
            self, context, self.executor, self.pane, self.cases.may_leave_case, self.cases.synced
        )
        self.pane.add_below(self.bulk.bar)
        self.statistics_page: LazyPage[StatisticsView] = LazyPage(
            "nyanland.ui.statistics_view", "StatisticsView", context, self._today,
            self.run_with_progress, self._failed, self.executor,
        )  # fmt: skip
        self.overview_page: LazyPage[OverviewView] = LazyPage(
            "nyanland.ui.overview_view", "OverviewView", context, self.executor, self._list_behind
        )
        self.reminders = RemindersView(self._today, self._open_from_reminder)
        self.todo = TodoActions(self, context, self.executor, self.reminders)
        self.calendar = CalendarView(context, self.executor, self._open_from_reminder)
        self.pages = QTabWidget()
        if self.can_cases:
            self.pages.addTab(self.splitter, "")
            self.pages.addTab(self.reminders, "")
            self.pages.addTab(self.calendar, "")
        if self.can_cases or self.can_statistics:
            self.pages.addTab(self.overview_page, "")
        self.sfi: SfiWorkspace | None = None
        if self.can_sfi:
            self.sfi = SfiWorkspace(
                context, self._today, self.run_with_progress, self._failed, self.executor
            )
            self.pages.addTab(self.sfi, "")
            if not self.can_cases:
                self.pages.setCurrentWidget(self.sfi)
        if self.can_statistics:
            self.pages.addTab(self.statistics_page, "")
        self.admin: AdminView | None = None
        if self.can_administer:
            self.admin = AdminView(context, self.run_with_progress, self._restore_after_sign_out)
            self.pages.addTab(self.admin, "")
            self.pages.setCurrentWidget(self.admin)
        self.pages.currentChanged.connect(self._page_changed)
        self.central = QStackedWidget()
        self.setCentralWidget(self.central)
        self.session = Session(
            self, context, self.executor, settings, self.central, self.pages, self._covered
        )
        self.lock_screen, self.idle = self.session.lock_screen, self.session.idle
        may = {
            "cases": self.can_cases,
            "administer": self.can_administer,
            "statistics": self.can_statistics,
            "sfi": self.can_sfi,
        }
        sync_actions = []
        if self.sync_panel is not None:
            sync_actions = [self.sync_panel.sync_action, self.sync_panel.conflicts_action]
        self.menus = Menus(
            self, self, (self.cases, self.files, self.session), may.__getitem__, sync_actions
        )
        for name in (
            "file_menu",
            "case_menu",
            "new_action",
            "save_action",
            "find_action",
            "close_case_action",
            "import_action",
            "export_action",
            "backup_action",
            "about_action",
            "swedish_action",
            "english_action",
        ):
            setattr(self, name, getattr(self.menus, name))
        self.menus.case_menu.addSeparator()
        self.menus.case_menu.addActions(
            [self.bulk.assign_action, self.bulk.close_action, self.bulk.print_action]
        )
        self.store_label, self.user_label = QLabel(), QLabel()

        self.editor.dirty_changed.connect(self.setWindowModified)
        self.cases.state_changed.connect(self._update_actions)
        self.tasks_panel.changed.connect(
            lambda: self.executor.announce(case_changed(self.tasks_panel.case_id))
        )
        self.pane.query_changed.connect(lambda: self.refresh_reminders())
        self.executor.changed.connect(self._changed)
        self.setTabOrder(self.pane.table, self.editor)
        i18n.add_language_listener(self._language_changed)
        self.retranslate_ui()
        restore_layout(self, self.splitter, self.pane, settings)
        self._update_actions()
        if self.sync_panel is not None:
            self.statusBar().addPermanentWidget(self.sync_panel.button)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.store_label)
        self.pane.refresh()
        self.refresh_reminders()
        self.pane.load_officers()
        self._load_kept_names()
        self.session.start()
        if self.admin is not None:
            self.admin.start()
        elif not self.can_cases and self.sfi is not None:
            self._page_changed(self.pages.currentIndex())
        elif not self.can_cases and self.can_statistics:
            self.show_statistics()
            self._page_changed(self.pages.currentIndex())

    # -- what the menus and other views ask for -----------------------------------------------

    # The user's actions most often reached from outside (tests, the sign-in loop).
    def new_case(self) -> None:
        self.cases.new_case()

    def open_case(self, case_id: int) -> None:
        self.cases.open_case(case_id)

    def save(self) -> bool:
        return self.cases.save()

    @property
    def locked(self) -> bool:
        return self.session.locked

    @property
    def signed_out(self) -> bool:
        return self.session.signed_out

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_cases(self) -> None:
        self.pages.setCurrentWidget(self.splitter)

    def show_reminders(self) -> None:
        self.pages.setCurrentWidget(self.reminders)

    def show_calendar(self) -> None:
        if self.can_cases:
            self.pages.setCurrentWidget(self.calendar)

    def show_statistics(self) -> None:
        self.pages.setCurrentWidget(self.statistics_page)

    def show_sfi(self) -> None:
        if self.sfi is not None:
            self.pages.setCurrentWidget(self.sfi)

    def run_with_progress(
        self, label: str, work: Callable[[], T], on_success: Callable[[T], object]
    ) -> None:
        """For the views of the other tabs (SFI, statistics, administration): their work, with a
        progress dialog when it is slow. It may have written to cases (an SFI start), so the
        list and the to-do list are told; after a read they only look again, at no risk."""
        CaseOp(self.executor, work, on_success, case_changed()).with_progress(self, label).named(
            label
        ).run_in_background()

    @property
    def statistics(self) -> StatisticsView:
        return self.statistics_page.view

    @property
    def overview(self) -> OverviewView:
        return self.overview_page.view

    def show_overview(self) -> None:
        self.pages.setCurrentWidget(self.overview_page)

    def _restore_after_sign_out(self, source: Path, password: str) -> None:
        """A restore needs the store to itself: the window signs out, then it is made."""
        self.pending_restore = (source, password)
        self.session.sign_out()
        if not self.signed_out:  # unsaved work kept the window open
            self.pending_restore = None

    def _list_behind(self, behind: ListFilter) -> None:
        """A number of the overview opens the case list behind it."""
        self.show_cases()
        self.pane.show_only(behind)

    def _load_kept_names(self) -> None:
        """The names the forms offer (ui/kept_names.py), fetched off the GUI thread."""
        OFFERED.set({})  # not the previous window's
        if not (self.can_cases or self.sfi is not None or self.admin is not None):
            return
        context = self.services.context
        QueryOp(self.executor, lambda: kept_lists.offered(context), OFFERED.set).named(
            "kept names"
        ).run_in_background()

    # -- what follows a change ----------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        if Change.REMINDERS in changes:
            self.refresh_reminders(changes.case_id)

    def refresh_reminders(self, case_id: int | None = None) -> None:
        """Recounts the to-do list in the background, the newest count winning; after one
        case changed, only its items are fetched and merged in (a count reads every case)."""
        if not self.can_cases:
            return
        context, only_mine = self.services.context, self.pane.only_mine

        def work() -> list[Any]:
            return reminders.reminders(context, only_mine=only_mine, case_id=case_id)

        if case_id is None:
            op = QueryOp(self.executor, work, self._show_reminders).latest("reminders")
        else:
            op = QueryOp(self.executor, work, partial(self._show_case_reminders, case_id))
        op.named("reminders").run_in_background()

    def _show_case_reminders(self, case_id: int, found: list[Any]) -> None:
        self.reminders.show_case_reminders(case_id, found)
        self._title_reminders_tab()

    def _show_reminders(self, found: list[Any]) -> None:
        self.reminders.show_reminders(found)
        self._title_reminders_tab()

    def synced(self) -> None:
        """A sync brought changes from the server: every view shows them."""
        self.executor.announce(case_changed())
        self.cases.synced()

    def _open_from_reminder(self, case_id: int) -> None:
        self.show_cases()
        self.cases.open_case(case_id)

    def _page_changed(self, index: int) -> None:
        if self.sfi is not None and self.pages.widget(index) is self.sfi:
            self.sfi.refresh_waiting()  # others may have received people meanwhile
        if self.pages.widget(index) is self.calendar:
            self.calendar.refresh()
        if self.pages.widget(index) is self.statistics_page and self.statistics.figures is None:
            self.statistics.refresh()
        if self.pages.widget(index) is self.overview_page:
            self.overview.refresh()  # counted again at each look: cases change all day

    def _update_actions(self) -> None:
        record = self.editor.record
        self.menus.enable_case_actions(
            record is not None,
            self.cases.editing and self.can_cases,
            self.editor.dirty,
            record is not None and record.data.closure is not None,
        )

    def _covered(self, locked: bool) -> None:
        self.menuBar().setEnabled(not locked)
        self.menus.toolbar.setEnabled(not locked)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationFailed):
            self.editor.show_problems(list(error.problems))
            self.statusBar().showMessage(self.editor.problem_summary(), 10000)
        elif isinstance(error, KnownError):
            QMessageBox.warning(self, _("nyanland"), str(error))
        else:
            self._report_bug(error)

    # -- language -----------------------------------------------------------------------------

    def _language_changed(self, language: str) -> None:
        self.settings.setValue("language", language)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("nyanland – establishment cases") + "[*]")
        self.menus.retranslate_ui()
        if self.sync_panel is not None:
            self.sync_panel.retranslate_ui()
        self.pane.retranslate_ui()
        self.bulk.retranslate_ui()
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
            self._title_tab(self.admin, _("Administration"))
        self.editor.retranslate_ui()
        self.tasks_panel.retranslate_ui()
        for page in (self.statistics_page, self.overview_page):
            if page.built is not None:
                page.built.retranslate_ui()
        self._title_tab(self.splitter, _("Cases"))
        self._title_tab(self.statistics_page, _("Statistics"))
        self._title_tab(self.overview_page, _("Overview"))
        self.reminders.retranslate_ui()
        self._title_reminders_tab()
        self.calendar.retranslate_ui()
        self._title_tab(self.calendar, _("Calendar"))
        if self.sfi is not None:
            self.sfi.retranslate_ui()
            self._title_tab(self.sfi, _("SFI"))

    def _title_reminders_tab(self) -> None:
        count = self.reminders.model.rowCount()
        self._title_tab(self.reminders, _("To do") + (f" ({count})" if count else ""))

    def _title_tab(self, page: QWidget, title: str) -> None:
        index = self.pages.indexOf(page)
        if index >= 0:
            self.pages.setTabText(index, title)

    # -- the window ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session.locked or not self.cases.may_leave_case():
            event.ignore()
            return
        save_layout(self, self.splitter, self.pane, self.settings)
        if self.sync_panel is not None:
            self.sync_panel.stop()
        self.executor.settle()
        self.session.close()
        i18n.remove_language_listener(self._language_changed)
        event.accept()
