"""*Administration → Säkerhetskopior*: the store's automatic backups, one taken now, and a
restore. A store is restored when nobody has it open, so the window signs out first; the
restore is then made (services/backup.py: the store as it was is put aside, not lost) and the
sign-in asks again. The backup's own administrator password is asked for: a backup holds
the accounts and keys of its day."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.i18n import _, format_number
from nyanland.services import backup
from nyanland.services.backup import BackupFile
from nyanland.services.context import ServiceContext
from nyanland.ui.file_dialogs import open_file_name
from nyanland.ui.forms import ERROR_STYLE, ok_cancel
from nyanland.ui.operations import RunWithProgress
from nyanland.ui.rows import RowsModel, read_only_table, when_text

RequestRestore = Callable[[Path, str], None]


class RestoreDialog(QDialog):
    def __init__(self, source: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.setWindowTitle(_("Restore a backup"))
        text = QLabel(
            _(
                "The store is replaced by {file}. The store as it is now is put aside beside "
                "it, not deleted. The window signs out first (nobody may have the store open); "
                "then everyone signs in to the restored store, with the passwords of the "
                "backup's day."
            ).format(file=source.name)
        )
        text.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("restore_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow(_("Your password in the backup"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, _("Sign out and restore")))
        self.setMinimumWidth(460)

    def accept(self) -> None:
        if not self.password.text():
            self.error.setText(_("Your password in the backup") + ": " + _("is required"))
            return
        super().accept()


class BackupsPage(QWidget):
    def __init__(
        self, context: ServiceContext, run: RunWithProgress, request_restore: RequestRestore
    ) -> None:
        super().__init__()
        self._context, self._run, self._request_restore = context, run, request_restore
        self.model = RowsModel(
            lambda: [_("Backup"), _("Taken"), _("Size")],
            lambda b: [
                b.path.name,
                when_text(b.taken_at),
                _("{n} MB").format(n=format_number(round(b.size / 1_000_000, 1))),
            ],
            self,
        )
        self.table = read_only_table(self.model, "backups")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.take_button = QPushButton()
        self.take_button.setObjectName("backup_now")
        self.take_button.clicked.connect(self.take)
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("backup_restore")
        self.restore_button.clicked.connect(lambda: self.restore())
        self.restore_file_button = QPushButton()
        self.restore_file_button.setObjectName("backup_restore_file")
        self.restore_file_button.clicked.connect(self.restore_file)
        local = context.store.sqlite_path is not None
        for button in (self.take_button, self.restore_file_button):
            button.setEnabled(local)
        row = QHBoxLayout()
        for button in (self.take_button, self.restore_button, self.restore_file_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.table)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.dialog: RestoreDialog | None = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        if self._context.store.sqlite_path is None:
            self.intro.setText(
                _("A team server's database is backed up by the server's own tools (pg_dump).")
            )
        else:
            self.intro.setText(
                _(
                    "The store backs itself up once a day and when the window closes, "
                    "encrypted, beside the store (the newest are kept). File → Take a "
                    "backup… writes one where you choose."
                )
            )
        self.take_button.setText(_("Take a backup now"))
        self.restore_button.setText(_("Restore…"))
        self.restore_file_button.setText(_("Restore from a file…"))
        self.table.setAccessibleName(_("Backups"))
        self.model.retranslate()
        self._update()

    def refresh(self) -> None:
        self._run(_("Listing the backups…"), lambda: backup.backups(self._context), self._show)

    def _show(self, found: list[BackupFile]) -> None:
        self.model.show(found)
        self.table.resizeColumnsToContents()
        if found:
            self.table.selectRow(0)
        self._update()

    def _update(self) -> None:
        self.restore_button.setEnabled(self.model.row_at(self.table.currentIndex()) is not None)

    def take(self) -> None:
        self._run(
            _("Taking a backup…"),
            lambda: backup.automatic_backup(self._context),
            lambda _path: self.refresh(),
        )

    def restore(self, source: Path | None = None) -> None:
        chosen: BackupFile | None = self.model.row_at(self.table.currentIndex())
        source = source or (chosen.path if chosen is not None else None)
        if source is None:
            return
        dialog = RestoreDialog(source, self)
        dialog.accepted.connect(lambda: self._request_restore(source, dialog.password.text()))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.dialog = dialog

    def restore_file(self) -> None:
        path = open_file_name(self, _("Restore a backup"), _("nyanland backup (*.nyanland)"))
        if path is not None:
            self.restore(path)
