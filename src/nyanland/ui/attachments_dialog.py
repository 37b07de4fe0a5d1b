"""*Ärende → Dokument…*: the documents kept on the open case (services/attachments.py). Add a
scanned PDF or picture, open one in the computer's viewer (a copy in a folder only this user
reads, removed at sign-out and when the program ends), or remove one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from nyanland.i18n import _, format_number, pgettext
from nyanland.services import attachments
from nyanland.services.attachments import Attachment
from nyanland.services.context import ServiceContext
from nyanland.ui.case_records_dialog import CaseRecordsDialog
from nyanland.ui.file_dialogs import open_file_name
from nyanland.ui.operations import QueryOp, StoreExecutor
from nyanland.ui.rows import when_text

KIND_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def _size(size: int) -> str:
    if size < 1_000_000:
        return _("{n} kB").format(n=format_number(max(1, size // 1000)))
    return _("{n} MB").format(n=f"{size / 1_000_000:.1f}")


class AttachmentsDialog(CaseRecordsDialog[Attachment]):
    def __init__(
        self,
        context: ServiceContext,
        executor: StoreExecutor,
        case_id: int,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            context,
            executor,
            case_id,
            "attachments",
            lambda: [_("Document"), _("Kind"), _("Size"), _("Kept"), _("By")],
            lambda a: [
                a.name,
                KIND_NAMES.get(a.media_type, "TIFF"),
                _size(a.size),
                when_text(a.added_at),
                a.added_by,
            ],
            parent,
        )
        self.setWindowTitle(_("Documents – {case}").format(case=title))
        self.table.setAccessibleName(_("Documents kept on the case"))
        self.table.doubleClicked.connect(lambda _index: self.open_chosen())
        note = QLabel(
            _(
                "PDF, JPEG, PNG or TIFF, at most {limit} MB each, kept encrypted in the store "
                "with the case (and in its backups; removed with it at retention)."
            ).format(limit=attachments.MAX_BYTES // (1024 * 1024))
        )
        note.setWordWrap(True)
        self.add_button = QPushButton(_("Add…"))
        self.add_button.setObjectName("attachment_add")
        self.add_button.clicked.connect(self.add)
        self.open_button = QPushButton(pgettext("a document", "Open"))
        self.open_button.setObjectName("attachment_open")
        self.open_button.clicked.connect(self.open_chosen)
        self.remove_button = QPushButton(_("Remove…"))
        self.remove_button.setObjectName("attachment_remove")
        self.remove_button.clicked.connect(self.remove_chosen)
        row = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        self.lay_out(note, row, self.table)
        self.resize(640, 360)
        self.opened: list[Path] = []  # what the viewer was given (tests read it)
        self.refresh()

    def _read(self) -> list[Attachment]:
        return attachments.of_case(self._context, self._case_id)

    def _show(self, found: list[Attachment]) -> None:
        super()._show(found)
        if found:
            self.table.selectRow(0)

    def _update(self) -> None:
        chosen = self.chosen() is not None
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def add(self, path: Path | None = None) -> None:
        path = path or open_file_name(
            self, _("Add a document"), _("Documents (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)")
        )
        if path is None:
            return
        context, case_id = self._context, self._case_id
        self.error.clear()
        self._write(
            lambda: attachments.add(context, case_id, path),
            lambda _added: self.refresh(),
            "attachment add",
        )

    def open_chosen(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        context = self._context

        def written(path: Path) -> None:
            self.opened.append(path)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        QueryOp(self._executor, lambda: attachments.open_copy(context, chosen.id), written).failure(
            self._failed
        ).named("attachment open").run_in_background()

    def remove_chosen(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        answer = QMessageBox.question(
            self,
            _("Remove the document"),
            _("Remove {name} from the case? The log keeps that it was kept and removed.").format(
                name=chosen.name
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        context = self._context
        self._write(
            lambda: attachments.remove(context, chosen.id),
            lambda _none: self.refresh(),
            "attachment remove",
        )

    def _field_label(self, field: str) -> str:
        return _("File") if field == "file" else field
