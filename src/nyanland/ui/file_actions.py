"""The File menu's work with files: import and export case files, take a backup, and About."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from nyanland.i18n import _, ngettext
from nyanland.services import backup, transfer
from nyanland.services.context import ServiceContext
from nyanland.ui.about import show_about
from nyanland.ui.file_dialogs import open_file_name, save_file_name
from nyanland.ui.operations import CaseOp, QueryOp, StoreExecutor, case_changed


class FileActions(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: ServiceContext,
        executor: StoreExecutor,
        settings: QSettings,
    ) -> None:
        super().__init__(window)
        self._window, self._context, self._executor, self._settings = (
            window,
            context,
            executor,
            settings,
        )
        self.about_box: QMessageBox | None = None
        self.duplicates_box: QMessageBox | None = None

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 8000)

    def import_cases(self) -> None:
        path = open_file_name(self._window, _("Import cases"), _("Case files (*.jsonl)"))
        if path is None:
            return
        context = self._context

        def imported(report: transfer.ImportReport) -> None:
            message = ngettext("Imported {n} case.", "Imported {n} cases.", report.count)
            self._say(message.format(n=report.count))
            if report.duplicates:
                self._show_duplicates(report, path.name)

        (
            CaseOp(
                self._executor,
                lambda: transfer.import_cases(context, path),
                imported,
                case_changed(),
            )
            .with_progress(self._window, _("Importing cases…"))
            .named("import cases")
            .run_in_background()
        )

    def _show_duplicates(self, report: transfer.ImportReport, file_name: str) -> None:
        """The imported lines that may be people already registered, for the officer to check
        (each case number can be typed in the search field)."""
        warnings = report.warnings(file_name)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Likely duplicates"),
            ngettext(
                "{n} imported case may be a person registered already. Open the cases named "
                "below and merge them if they are one person (Case → Merge cases…).",
                "{n} imported cases may be people registered already. Open the cases named "
                "below and merge them where they are one person (Case → Merge cases…).",
                len(warnings),
            ).format(n=len(warnings)),
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        box.setDetailedText("\n".join(warnings))
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.duplicates_box = box

    def export_cases(self) -> None:
        path = save_file_name(
            self._window, _("Export cases"), "nyanland-cases.jsonl", _("Case files (*.jsonl)")
        )
        if path is None:
            return
        context = self._context

        def exported(count: int) -> None:
            self._say(ngettext("Exported {n} case.", "Exported {n} cases.", count).format(n=count))

        (
            QueryOp(self._executor, lambda: transfer.export_cases(context, path), exported)
            .with_progress(self._window, _("Exporting cases…"))
            .named("export cases")
            .run_in_background()
        )

    def take_backup(self) -> None:
        suggested = f"nyanland-backup-{date.today().isoformat()}.nyanland"
        path = save_file_name(self._window, _("Take a backup"), suggested)
        if path is None:
            return
        context = self._context
        (
            QueryOp(
                self._executor,
                lambda: backup.backup(context, path),
                lambda written: self._say(_("Backup written to {file}.").format(file=written)),
            )
            .with_progress(self._window, _("Taking a backup…"))
            .named("backup")
            .run_in_background()
        )

    def about(self) -> None:
        self.about_box = show_about(self._window, self._context, self._settings)
