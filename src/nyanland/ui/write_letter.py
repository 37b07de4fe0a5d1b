"""*Ärende → Skriv brev…* and *Registerutdrag…*: the letter dialog's work. The preview is laid
out on the store's executor (only the newest asked for is drawn); saving writes the letter
into the case (journal, audit, the letter kept) and then the file, and the case on screen
follows by the announcement. The officer's signature and phone are remembered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMainWindow

from nyanland.domain.errors import KnownError
from nyanland.domain.letters import LetterKind, Meeting, languages_for
from nyanland.i18n import _
from nyanland.reports.files import write_bytes_atomically
from nyanland.services import letters
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseRecord
from nyanland.ui.case_editor import CaseEditor
from nyanland.ui.file_dialogs import save_file_name
from nyanland.ui.letter_dialog import LetterDialog, LetterRequest, page_images
from nyanland.ui.operations import CaseOp, QueryOp, StoreExecutor, case_changed

SIGNED_BY, PHONE = "letters/signed_by", "letters/phone"


class WriteLetter(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: ServiceContext,
        executor: StoreExecutor,
        settings: QSettings,
        editor: CaseEditor,
        may_leave_case: Callable[[], bool],
        show: Callable[[CaseRecord], None],
    ) -> None:
        super().__init__(window)
        self._window, self._context, self._executor = window, context, executor
        self._settings, self._editor = settings, editor
        self._may_leave_case, self._show = may_leave_case, show
        self.dialog: LetterDialog | None = None

    def open(self, kind: LetterKind = LetterKind.WELCOME, meeting: Meeting | None = None) -> None:
        """The dialog on `kind`; a booked meeting fills the invitation's fields."""
        record = self._editor.record
        if record is None or not self._may_leave_case():
            return
        codes = [lang.code for lang in languages_for(record.data.person.languages)]
        signer = letters.Signer(
            str(self._settings.value(SIGNED_BY, "") or self._context.actor.name),
            str(self._settings.value(PHONE, "") or ""),
        )
        dialog = LetterDialog(codes, kind, signer, self._context.clock.today(), self._window)
        if meeting is not None:
            dialog.fill_meeting(meeting)
        dialog.preview_wanted.connect(lambda request: self._preview(record, request))
        dialog.save_wanted.connect(lambda request: self._save(record, request))
        dialog.sent_wanted.connect(lambda letter_id: self._show_sent(record, letter_id))
        dialog.sent_save_wanted.connect(lambda letter_id: self._save_sent(record, letter_id))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.dialog = dialog
        self._preview(record, dialog.request())
        self._list_sent(record)

    def _failed(self, dialog: LetterDialog) -> Callable[[BaseException], None]:
        def failed(error: BaseException) -> None:
            if isinstance(error, KnownError):
                dialog.show_problem(str(error))
            else:
                self._executor.report(error)

        return failed

    def _preview(self, record: CaseRecord, request: LetterRequest) -> None:
        dialog, context = self.dialog, self._context
        if dialog is None:
            return

        def work() -> tuple[list[QImage], tuple[str, ...]]:
            written = letters.preview(
                context,
                record,
                request.kind,
                request.language,
                request.signer,
                request.meeting,
            )
            return page_images(written.pdf), written.drafts

        (
            QueryOp(self._executor, work, lambda shown: dialog.show_pages(*shown))
            .failure(self._failed(dialog))
            .latest("letter preview")
            .named("letter preview")
            .run_in_background()
        )

    def _list_sent(self, record: CaseRecord) -> None:
        dialog, context = self.dialog, self._context
        if dialog is not None:
            QueryOp(
                self._executor, lambda: letters.sent(context, record.id), dialog.show_sent
            ).failure(self._failed(dialog)).named("sent letters").run_in_background()

    def _save(self, record: CaseRecord, request: LetterRequest) -> None:
        dialog, context = self.dialog, self._context
        if dialog is None:
            return
        number = record.case_number.replace("/", "-")
        suggested = f"{request.kind.value}-{request.language}-{number}.pdf"
        path = save_file_name(dialog, request.kind.label, suggested, _("PDF files (*.pdf)"))
        if path is None:
            return
        self._settings.setValue(SIGNED_BY, request.signer.name)
        self._settings.setValue(PHONE, request.signer.phone)

        def work() -> tuple[Path, CaseRecord]:
            written = letters.write(
                context,
                record.id,
                request.kind,
                request.language,
                request.signer,
                request.meeting,
                record.version,
            )
            write_bytes_atomically(path, written.pdf)
            return path, written.record

        def done(result: tuple[Path, CaseRecord]) -> None:
            written_to, changed = result
            dialog.accept()
            self._show(changed)
            self._window.statusBar().showMessage(
                _("{kind} written to {file} and recorded in the journal.").format(
                    kind=request.kind.label, file=written_to
                ),
                8000,
            )

        (
            CaseOp(self._executor, work, done, lambda _r: case_changed(record.id))
            .failure(self._failed(dialog))
            .with_progress(dialog, _("Writing the letter…"))
            .named("write letter")
            .run_in_background()
        )

    def _show_sent(self, record: CaseRecord, letter_id: int) -> None:
        dialog, context = self.dialog, self._context
        if dialog is None:
            return
        (
            QueryOp(
                self._executor,
                lambda: page_images(letters.sent_pdf(context, record.id, letter_id)),
                dialog.show_pages,
            )
            .failure(self._failed(dialog))
            .latest("letter preview")
            .named("sent letter")
            .run_in_background()
        )

    def _save_sent(self, record: CaseRecord, letter_id: int) -> None:
        dialog, context = self.dialog, self._context
        if dialog is None:
            return
        suggested = f"letter-{record.case_number.replace('/', '-')}-{letter_id}.pdf"
        path = save_file_name(dialog, _("Save again as PDF"), suggested, _("PDF files (*.pdf)"))
        if path is None:
            return

        def work() -> Path:
            write_bytes_atomically(path, letters.sent_pdf(context, record.id, letter_id))
            return path

        QueryOp(
            self._executor,
            work,
            lambda written: self._window.statusBar().showMessage(
                _("The letter was written again to {file}.").format(file=written), 8000
            ),
        ).failure(self._failed(dialog)).named("sent letter again").run_in_background()
