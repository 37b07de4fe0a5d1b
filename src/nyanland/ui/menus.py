"""The window's actions, menus and toolbar, each shown only to a role that may use it, and their
texts in the current language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from nyanland import i18n
from nyanland.domain.letters import LetterKind
from nyanland.i18n import _
from nyanland.ui.case_actions import CaseActions
from nyanland.ui.file_actions import FileActions
from nyanland.ui.session import Session

Shortcut = QKeySequence | QKeySequence.StandardKey | None


class Views(Protocol):
    """What the View menu and Find do: the window's."""

    def focus_search(self) -> None: ...
    def show_cases(self) -> None: ...
    def show_reminders(self) -> None: ...
    def show_statistics(self) -> None: ...
    def show_sfi(self) -> None: ...
    def show_calendar(self) -> None: ...
    def show_overview(self) -> None: ...


class Menus(QObject):
    def __init__(
        self,
        window: QMainWindow,
        views: Views,
        work: tuple[CaseActions, FileActions, Session],
        can: Callable[[str], bool],
        sync_actions: list[QAction],
    ) -> None:
        super().__init__(window)

        def action(shortcut: Shortcut, slot: Callable[[], object]) -> QAction:
            made = QAction(window)
            if shortcut is not None:
                made.setShortcut(shortcut)
            made.triggered.connect(slot)
            return made

        cases_work, files, session = work
        keys = QKeySequence.StandardKey
        self.new_action = action(keys.New, cases_work.new_case)
        self.save_action = action(keys.Save, cases_work.save)
        self.close_case_action = action(QKeySequence("Ctrl+Shift+E"), cases_work.close_case)
        self.delete_action = action(None, cases_work.delete_case)
        self.find_action = action(keys.Find, views.focus_search)
        self.import_action = action(None, files.import_cases)
        self.export_action = action(None, files.export_cases)
        self.backup_action = action(None, files.take_backup)
        self.letter_action = action(QKeySequence("Ctrl+Shift+L"), lambda: cases_work.letters.open())
        self.extract_action = action(None, lambda: cases_work.letters.open(LetterKind.EXTRACT))
        self.meeting_action = action(QKeySequence("Ctrl+Shift+M"), cases_work.meetings.open)
        self.calendar_action = action(QKeySequence("Ctrl+5"), views.show_calendar)
        self.merge_action = action(None, cases_work.merge_cases)
        self.documents_action = action(QKeySequence("Ctrl+Shift+D"), cases_work.documents)
        self.consents_action = action(None, cases_work.consents)
        self.follow_up_action = action(None, cases_work.after_closing.follow_up)
        self.reopen_action = action(None, cases_work.after_closing.reopen)
        self.password_action = action(None, session.change_password)
        self.lock_action = action(QKeySequence("Ctrl+L"), session.lock)
        self.sign_out_action = action(None, session.sign_out)
        self.quit_action = action(keys.Quit, window.close)
        self.swedish_action = action(None, lambda: i18n.set_language("sv"))
        self.english_action = action(None, lambda: i18n.set_language("en"))
        self.about_action = action(None, files.about)
        self.cases_action = action(QKeySequence("Ctrl+1"), views.show_cases)
        self.reminders_action = action(QKeySequence("Ctrl+2"), views.show_reminders)
        self.statistics_action = action(QKeySequence("Ctrl+3"), views.show_statistics)
        self.sfi_action = action(QKeySequence("Ctrl+4"), views.show_sfi)
        self.overview_action = action(QKeySequence("Ctrl+6"), views.show_overview)
        for choice in (self.swedish_action, self.english_action):
            choice.setCheckable(True)

        cases, administer = can("cases"), can("administer")
        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        if sync_actions:
            self.file_menu.addActions(sync_actions)
            self.file_menu.addSeparator()
        if cases:
            self.file_menu.addActions([self.import_action, self.export_action])
        if administer:
            self.file_menu.addAction(self.backup_action)
        if cases or administer:
            self.file_menu.addSeparator()
        self.file_menu.addActions([self.password_action, self.lock_action, self.sign_out_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.case_menu = bar.addMenu("")
        self.case_menu.addActions(
            [
                self.new_action,
                self.save_action,
                self.close_case_action,
                self.follow_up_action,
                self.reopen_action,
                self.find_action,
            ]
        )
        self.case_menu.addSeparator()
        self.case_menu.addActions(
            [
                self.meeting_action,
                self.letter_action,
                self.extract_action,
                self.documents_action,
                self.consents_action,
                self.merge_action,
                self.delete_action,
            ]
        )
        self.case_menu.menuAction().setVisible(cases)
        for gated in (
            self.new_action,
            self.save_action,
            self.close_case_action,
            self.delete_action,
            self.find_action,
            self.meeting_action,
            self.calendar_action,
            self.letter_action,
            self.extract_action,
            self.merge_action,
            self.documents_action,
            self.consents_action,
            self.follow_up_action,
            self.reopen_action,
            self.cases_action,
            self.reminders_action,
        ):
            gated.setEnabled(cases)
        self.statistics_action.setEnabled(can("statistics"))
        self.overview_action.setEnabled(cases or can("statistics"))
        self.sfi_action.setEnabled(can("sfi"))
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions(
            [
                self.cases_action,
                self.reminders_action,
                self.calendar_action,
                self.overview_action,
                self.statistics_action,
                self.sfi_action,
            ]
        )
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.addActions([self.swedish_action, self.english_action])
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([self.new_action, self.save_action, self.close_case_action])
        window.addToolBar(self.toolbar)
        self.toolbar.setVisible(cases)

    def enable_case_actions(
        self, open_case: bool, editing: bool, dirty: bool, closed: bool
    ) -> None:
        """What may be done with the case on screen (none while no case is shown)."""
        self.save_action.setEnabled(editing and (dirty or not open_case))
        self.close_case_action.setEnabled(open_case and not closed and editing)
        self.letter_action.setEnabled(open_case and editing)
        self.meeting_action.setEnabled(open_case and editing)
        self.extract_action.setEnabled(open_case and editing)
        self.delete_action.setEnabled(open_case and editing)
        self.merge_action.setEnabled(open_case and editing)
        self.documents_action.setEnabled(open_case and editing)
        self.consents_action.setEnabled(open_case and editing)
        self.follow_up_action.setEnabled(open_case and closed and editing)
        self.reopen_action.setEnabled(open_case and closed and editing)

    def retranslate_ui(self) -> None:
        self.file_menu.setTitle(_("&File"))
        self.case_menu.setTitle(_("&Case"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        for action, text in (
            (self.new_action, _("&New case")),
            (self.save_action, _("&Save")),
            (self.close_case_action, _("Close &case…")),
            (self.find_action, _("&Find person")),
            (self.import_action, _("&Import cases…")),
            (self.export_action, _("&Export cases…")),
            (self.backup_action, _("Take a &backup…")),
            (self.letter_action, _("&Write a letter…")),
            (self.meeting_action, _("Book a &meeting…")),
            (self.calendar_action, _("Ca&lendar")),
            (self.extract_action, _("&Register extract (PDF)…")),
            (self.delete_action, _("&Delete the case…")),
            (self.merge_action, _("&Merge cases…")),
            (self.documents_action, _("D&ocuments…")),
            (self.consents_action, _("Co&nsents…")),
            (self.follow_up_action, _("Record the &follow-up…")),
            (self.reopen_action, _("Re&open the case…")),
            (self.password_action, _("Change &password…")),
            (self.lock_action, _("&Lock the window")),
            (self.sign_out_action, _("Sign &out")),
            (self.quit_action, _("&Quit")),
            (self.about_action, _("&About nyanland")),
            (self.statistics_action, _("S&tatistics")),
            (self.reminders_action, _("&To do")),
            (self.cases_action, _("C&ases")),
            (self.sfi_action, _("S&FI")),
            (self.overview_action, _("&Overview")),
        ):
            action.setText(text)
        self.swedish_action.setText("Svenska")
        self.english_action.setText("English")
        self.swedish_action.setChecked(i18n.current_language() == "sv")
        self.english_action.setChecked(i18n.current_language() == "en")
