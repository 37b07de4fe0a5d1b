"""What the officer does with a closed case: record its follow-up, or reopen it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow

from nyanland.i18n import _
from nyanland.services import case_life
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseRecord
from nyanland.ui.case_editor import CaseEditor
from nyanland.ui.closure_dialog import FollowUpDialog, ReopenDialog

Write = Callable[[str, str, Callable[[], object], Callable[[object], object], int | None], None]


class AfterClosing(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: ServiceContext,
        editor: CaseEditor,
        write: Write,
        may_leave_case: Callable[[], bool],
        show: Callable[[CaseRecord], None],
    ) -> None:
        super().__init__(window)
        self._window, self._context, self._editor = window, context, editor
        self._write, self._may_leave_case, self._show = write, may_leave_case, show
        self.follow_up_dialog: FollowUpDialog | None = None
        self.reopen_dialog: ReopenDialog | None = None

    def _closed_case(self) -> CaseRecord | None:
        record = self._editor.record
        if record is None or record.data.closure is None or not self._may_leave_case():
            return None
        return record

    def _shown(self, message: str) -> Callable[[object], None]:
        def shown(record: object) -> None:
            assert isinstance(record, CaseRecord)
            self._show(record)
            self._window.statusBar().showMessage(message.format(number=record.case_number), 8000)

        return shown

    def follow_up(self) -> None:
        record = self._closed_case()
        if record is None or record.data.closure is None:
            return
        context = self._context
        dialog = FollowUpDialog(context.clock.today(), record.data.closure.date, self._window)

        def accepted() -> None:
            assert dialog.follow_up is not None
            on, status = dialog.follow_up
            self._write(
                "follow-up",
                _("Saving…"),
                lambda: case_life.record_follow_up(context, record.id, on, status, record.version),
                self._shown(_("Follow-up of case {number} recorded.")),
                record.id,
            )

        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.follow_up_dialog = dialog

    def reopen(self) -> None:
        record = self._closed_case()
        if record is None:
            return
        context = self._context
        dialog = ReopenDialog(self._window)

        def accepted() -> None:
            reason = dialog.reason.toPlainText()
            self._write(
                "reopen case",
                _("Reopening the case…"),
                lambda: case_life.reopen(context, record.id, reason, record.version),
                self._shown(_("Case {number} is open again.")),
                record.id,
            )

        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.reopen_dialog = dialog
