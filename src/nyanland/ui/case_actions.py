"""What the officer does with the open case: open, new, a family member, save (merging a
colleague's save or asking), close, delete, the register extract. Each write is a CaseOp that
announces what it changed; the list and the to-do list follow by themselves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget

from nyanland.i18n import _
from nyanland.services import case_merge, duplicates
from nyanland.services.cases import CaseService, SaveConflict, Saved
from nyanland.services.context import ServiceContext
from nyanland.services.duplicates import LikelyDuplicate
from nyanland.services.records import CaseRecord
from nyanland.ui.after_closing import AfterClosing
from nyanland.ui.attachments_dialog import AttachmentsDialog
from nyanland.ui.book_meeting import BookMeeting
from nyanland.ui.case_editor import CaseEditor
from nyanland.ui.case_list_pane import CaseListPane
from nyanland.ui.closure_dialog import ClosureDialog
from nyanland.ui.consents_dialog import ConsentsDialog
from nyanland.ui.duplicate_dialog import DuplicateDialog
from nyanland.ui.merge_cases_dialog import MergeCasesDialog
from nyanland.ui.merge_dialog import MergeDialog, field_label
from nyanland.ui.operations import CaseOp, QueryOp, StoreExecutor, case_changed
from nyanland.ui.tasks_panel import TasksPanel
from nyanland.ui.write_letter import WriteLetter

D = TypeVar("D", AttachmentsDialog, ConsentsDialog)  # a dialog of the open case's records


@dataclass(frozen=True)
class _Likely:
    """A new case not saved yet: these cases may be the same person."""

    name: str
    found: list[LikelyDuplicate]


@dataclass(frozen=True)
class Services:
    context: ServiceContext
    cases: CaseService
    # The password signed in with, kept in memory only: a laptop copy syncs with it.
    password: str | None = None


class CaseActions(QObject):
    state_changed = Signal()  # which case is open, or whether it has unsaved changes

    def __init__(
        self,
        window: QMainWindow,
        services: Services,
        executor: StoreExecutor,
        editor: CaseEditor,
        tasks_panel: TasksPanel,
        right: QStackedWidget,
        pane: CaseListPane,
        settings: QSettings,
    ) -> None:
        super().__init__(window)
        self._window, self._services, self._executor = window, services, executor
        self._editor, self._tasks_panel, self._right, self._pane = editor, tasks_panel, right, pane
        self._household_of: int | None = None  # a new case joins this case's household
        self.closure_dialog: ClosureDialog | None = None
        self.merge_dialog: MergeDialog | None = None
        self.duplicate_dialog: DuplicateDialog | None = None
        self.merge_cases_dialog: MergeCasesDialog | None = None
        self.after_closing = AfterClosing(
            window, services.context, editor, self._write, self.may_leave_case, self._show_case
        )
        self.letters = WriteLetter(
            window,
            services.context,
            executor,
            settings,
            editor,
            self.may_leave_case,
            self._show_case,
        )
        self.meetings = BookMeeting(
            window, services.context, executor, editor, self.may_leave_case, self.letters
        )
        pane.case_chosen.connect(self.open_case)
        editor.open_case_requested.connect(self.open_case)
        editor.add_member_requested.connect(self.new_family_member)
        editor.dirty_changed.connect(lambda _dirty: self.state_changed.emit())

    @property
    def editing(self) -> bool:
        return self._right.currentWidget() is self._editor

    def _say(self, text: str, milliseconds: int = 5000) -> None:
        self._window.statusBar().showMessage(text, milliseconds)

    def _write(
        self,
        name: str,
        label: str,
        work: Callable[[], object],
        done: Callable[[object], object],
        case_id: int | None,
    ) -> None:
        """A write to the case, named for the log, with a progress dialog when it is slow."""
        (
            CaseOp(self._executor, work, done, lambda _r: case_changed(case_id))
            .with_progress(self._window, label)
            .named(name)
            .run_in_background()
        )

    # -- which case is open -------------------------------------------------------------------

    def open_case(self, case_id: int) -> None:
        if not self.may_leave_case():
            self._pane.follow(self._editor.record.id if self._editor.record else None)
            return
        cases, edits = self._services.cases, self._editor.edits

        def arrived(record: CaseRecord) -> None:
            if self._editor.edits != edits:  # typed into the open case meanwhile: that wins
                self._pane.follow(self._editor.record.id if self._editor.record else None)
                return
            self._show_case(record)

        (
            QueryOp(self._executor, lambda: cases.get(case_id), arrived)
            .latest("open case")
            .named("open case")
            .run_in_background()
        )

    def _show_case(self, record: CaseRecord) -> None:
        self._editor.load(record)
        self._tasks_panel.show_case(record.id)
        self._right.setCurrentWidget(self._editor)
        self._pane.follow(record.id)
        self.state_changed.emit()

    def new_case(self) -> None:
        if not self.may_leave_case():
            return
        self._household_of = None
        self._open_blank()
        self._editor.tabs.setCurrentIndex(0)
        self._editor.person.input("first_name").setFocus()

    def new_family_member(self) -> None:
        household_of = self._editor.record
        if household_of is None or not self.may_leave_case():
            return
        base = household_of.data
        self._open_blank()
        self._editor.person.load(
            {
                "last_name": base.person.last_name,
                "country_of_birth": base.person.country_of_birth,
                "languages": base.person.languages,
            }
        )
        self._editor.reception.load(asdict(base.reception))
        self._household_of = household_of.id
        self._editor.person.input("first_name").setFocus()

    def _open_blank(self) -> None:
        self._editor.load(None)
        self._tasks_panel.show_case(None)
        self._right.setCurrentWidget(self._editor)
        self._pane.follow(None)
        self.state_changed.emit()

    def synced(self) -> None:
        """A sync brought changes: the open case shows them, unless the officer is editing it
        (checked when the case arrives, so keystrokes typed meanwhile are never replaced)."""
        record = self._editor.record
        if record is None or self._editor.dirty:
            return
        cases, edits = self._services.cases, self._editor.edits

        def arrived(fresh: CaseRecord) -> None:
            current = self._editor.record
            if current is not None and current.id == fresh.id and self._editor.edits == edits:
                self._show_case(fresh)

        def gone(_error: BaseException) -> None:
            if self._editor.record is not None and self._editor.edits == edits:
                self._editor.load(None)
                self.state_changed.emit()

        (
            QueryOp(self._executor, lambda: cases.get(record.id), arrived)
            .failure(gone)
            .named("reload after sync")
            .run_in_background()
        )

    # -- saving -------------------------------------------------------------------------------

    def save(self, despite_duplicates: bool = False) -> bool:
        """Saves the open case; returns False when it breaks a rule (shown at the fields). A
        new case that may be a person registered already is shown with them first."""
        if not self._editor.check():
            self._say(self._editor.problem_summary(), 10000)
            return False
        data, _problems = self._editor.case_data()
        assert data is not None
        record, household_of, cases = self._editor.record, self._household_of, self._services.cases
        context = self._services.context

        def work() -> CaseRecord | Saved | SaveConflict | _Likely:
            if record is None:
                if not despite_duplicates and (
                    found := duplicates.likely_duplicates(context, data)
                ):
                    return _Likely(data.person.full_name, found)
                return cases.create(data, household_of=household_of)
            return cases.save(record, data)

        self._write("save", _("Saving…"), work, self._save_outcome, record.id if record else None)
        return True

    def _save_outcome(self, outcome: object) -> None:
        if isinstance(outcome, _Likely):
            self._ask_about_duplicates(outcome)
        elif isinstance(outcome, SaveConflict):
            self._resolve(outcome)
        elif isinstance(outcome, CaseRecord):
            self._saved(outcome)
        elif isinstance(outcome, Saved):
            self._saved(outcome.record)
            if outcome.merged:
                names = ", ".join(field_label(path) for path in outcome.merged)
                self._say(
                    _(
                        "Saved case {number}, with the changes saved meanwhile by others "
                        "({fields})."
                    ).format(number=outcome.record.case_number, fields=names),
                    10000,
                )

    def _ask_about_duplicates(self, likely: _Likely) -> None:
        dialog = DuplicateDialog(likely.name, likely.found, self._window)

        def open_instead(case_id: int) -> None:
            self._editor.mark_clean()  # the officer chose the case registered already
            self.open_case(case_id)

        dialog.open_requested.connect(open_instead)
        dialog.accepted.connect(lambda: self.save(despite_duplicates=True))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.duplicate_dialog = dialog

    def _resolve(self, conflict: SaveConflict) -> None:
        """Someone saved the same fields meanwhile: the officer chooses; the edit stays open
        and unsaved until then."""
        who = conflict.changed_by or _("someone else")
        dialog = MergeDialog(
            _(
                "{who} saved case {number} after you opened it. Their changes to other fields "
                "are kept. Choose for each field below which value to keep."
            ).format(who=who, number=conflict.current.case_number),
            conflict.merge.conflicts,
            _("Saved by {who}").format(who=who),
            self._window,
        )
        cases = self._services.cases

        def accepted() -> None:
            resolved = conflict.merge.resolve(dialog.choices)
            self._write(
                "save chosen",
                _("Saving…"),
                lambda: cases.save(conflict.current, resolved),
                self._save_outcome,
                conflict.current.id,
            )

        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.merge_dialog = dialog

    def _saved(self, record: object) -> None:
        assert isinstance(record, CaseRecord)
        self._household_of = None
        self._show_case(record)
        self._say(_("Saved case {number}.").format(number=record.case_number))

    def may_leave_case(self) -> bool:
        """Asks what to do with unsaved changes; False keeps the user where they are."""
        if not self._editor.dirty:
            return True
        answer = QMessageBox.question(
            self._window,
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
            self._executor.settle()
            return not self._editor.dirty
        if answer == QMessageBox.StandardButton.Discard:
            self._editor.load(self._editor.record)
            return True
        return False

    # -- closing, deleting, the extract -------------------------------------------------------

    def close_case(self) -> None:
        """Asks for the date and outcome in a dialog, then closes the case."""
        record = self._editor.record
        if record is None or record.data.closure is not None:
            return
        if not self.may_leave_case():
            return
        today = self._services.context.clock.today()
        dialog = ClosureDialog(today, record.data.reception.reception_date, self._window)
        cases = self._services.cases

        def accepted() -> None:
            closure = dialog.closure
            if closure is not None:
                self._write(
                    "close case",
                    _("Closing the case…"),
                    lambda: cases.close(record.id, closure, record.version),
                    self._saved,
                    record.id,
                )

        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.closure_dialog = dialog

    def delete_case(self) -> None:
        """Deletes a case registered in error, after asking (the audit log keeps that it was)."""
        record = self._editor.record
        if record is None:
            return
        answer = QMessageBox.warning(
            self._window,
            _("Delete the case"),
            _(
                "Delete case {number} ({name}) with everything recorded in it? This cannot be "
                "undone. Use it only for a case registered in error; close a case that ended."
            ).format(number=record.case_number, name=record.data.person.full_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def deleted(_none: object) -> None:
            self._editor.load(None)
            self._editor.mark_clean()
            self._tasks_panel.show_case(None)
            self._pane.follow(None)
            self._say(_("Deleted case {number}.").format(number=record.case_number))
            self.state_changed.emit()

        cases = self._services.cases
        delete = lambda: cases.delete(record.id, record.version)  # noqa: E731
        self._write("delete case", _("Deleting…"), delete, deleted, record.id)

    def documents(self) -> None:
        """*Dokument…*: the documents kept on the open case."""
        self.documents_dialog = self._case_dialog(AttachmentsDialog)

    def consents(self) -> None:
        """*Samtycken…*: the consents the open case's person has given."""
        self.consents_dialog = self._case_dialog(ConsentsDialog)

    def _case_dialog(self, kind: type[D]) -> D | None:
        """A dialog of the open case's own records, opened beside the case."""
        record = self._editor.record
        if record is None:
            return None
        person = record.data.person
        title = f"{person.first_name} {person.last_name} ({record.case_number})"
        dialog = kind(self._services.context, self._executor, record.id, title, self._window)
        dialog.open()
        return dialog

    def merge_cases(self) -> None:
        """*Slå ihop ärenden…*: another case of the open case's person joined into it."""
        record = self._editor.record
        if record is None or not self.may_leave_case():
            return
        context = self._services.context
        (
            QueryOp(
                self._executor,
                lambda: duplicates.likely_duplicates(context, record.data, record.id),
                lambda found: self._ask_which_to_merge(record, found),
            )
            .named("likely duplicates")
            .run_in_background()
        )

    def _ask_which_to_merge(self, record: CaseRecord, found: list[LikelyDuplicate]) -> None:
        dialog = MergeCasesDialog(record, found, self._window)
        context, cases = self._services.context, self._services.cases

        def accepted() -> None:
            number = dialog.case_number

            def work() -> CaseRecord:
                other = cases.get(cases.find_by_number(number))
                return case_merge.merge_cases(context, record, other)

            def joined(result: object) -> None:
                assert isinstance(result, CaseRecord)
                self._show_case(result)
                self._say(
                    _("Case {other} joined into case {kept}.").format(
                        other=number, kept=result.case_number
                    ),
                    8000,
                )

            self._write("merge cases", _("Merging the cases…"), work, joined, None)

        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.merge_cases_dialog = dialog
