"""The laptop copy's sync in the window: the status in the status bar (last sync, changes
waiting, conflicts), *Synchronise now* (F5), a sync every few minutes while the window is open,
and the officer's choice for each conflict."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.errors import KnownError
from nyanland.domain.merge import Side
from nyanland.i18n import _, format_datetime, ngettext
from nyanland.services import sync
from nyanland.services.context import ServiceContext
from nyanland.ui.merge_dialog import MergeDialog
from nyanland.ui.operations import (
    CaseOp,
    Change,
    Changes,
    QueryOp,
    Runner,
    StoreExecutor,
    case_changed,
)

DEFAULT_MINUTES = 10


def sync_minutes(settings: QSettings) -> int:
    try:
        return max(1, int(str(settings.value("sync/minutes", DEFAULT_MINUTES))))
    except ValueError:
        return DEFAULT_MINUTES


class SyncPanel(QObject):
    """Owns the sync's actions, its status button and its timer; `changed` is called after a
    sync that brought changes, so the window can show them."""

    def __init__(
        self,
        window: QWidget,
        context: ServiceContext,
        password: str,
        settings: QSettings,
        changed: Callable[[], None],
        report_error: Callable[[BaseException], None],
        executor: StoreExecutor,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._context = context
        self._password = password
        self._changed = changed
        self._report_error = report_error
        self._executor = executor
        self._runner = Runner(executor)
        self.offline = False
        self.last_message = ""
        self.status = sync.SyncStatus(None, None, 0, 0)  # until the first count comes
        executor.changed.connect(self._store_changed)
        self.button = QPushButton()
        self.button.setFlat(True)
        self.button.clicked.connect(self._button_clicked)
        self.sync_action = QAction(self)
        self.sync_action.setShortcut(QKeySequence("F5"))
        self.sync_action.triggered.connect(lambda: self.sync_now())
        self.conflicts_action = QAction(self)
        self.conflicts_action.triggered.connect(self.show_conflicts)
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: self.sync_now(quiet=True))
        self._timer.start(sync_minutes(settings) * 60_000)
        # The first sync soon after start; a timer of the panel's own, so that it dies with the
        # window instead of firing into a closed one.
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.timeout.connect(lambda: self.sync_now(quiet=True))
        self._first.start(3000)
        self.conflicts_dialog: ConflictsDialog | None = None
        self.retranslate_ui()
        self.refresh()

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def retranslate_ui(self) -> None:
        self.sync_action.setText(_("S&ynchronise with the server"))
        self.conflicts_action.setText(_("Sync &conflicts…"))
        self._show_status()

    def stop(self) -> None:
        """The window closes: no more syncs from it (a sync under way finishes)."""
        self._timer.stop()
        self._first.stop()

    # -- syncing ------------------------------------------------------------------------------

    def sync_now(self, quiet: bool = False) -> None:
        if self._runner.busy:
            return
        context, password = self._context, self._password
        self.button.setText(_("Synchronising…"))

        def work() -> tuple[sync.SyncReport, sync.SyncStatus]:
            return sync.sync_with_server(context, password), sync.status(context)

        def failed(error: BaseException) -> None:
            self.refresh()
            if isinstance(error, sync.ServerUnreachable):
                self.offline = True
                self.last_message = str(error)
            elif isinstance(error, KnownError):
                self.last_message = str(error)
            else:
                self._report_error(error)
            self._show_status()
            if not quiet and isinstance(error, KnownError):
                QMessageBox.information(self._window, _("Synchronise"), str(error))

        self._runner.run(work, self._done, failed)

    def _done(self, result: tuple[sync.SyncReport, sync.SyncStatus]) -> None:
        report, self.status = result
        self.offline = False
        self.last_message = _summary(report)
        self._show_status()
        if report.log_broken is not None:
            QMessageBox.warning(
                self._window,
                _("nyanland"),
                _("{problem}. The server's audit log says so.").format(problem=report.log_broken),
            )
        if report.pulled or report.merged or report.created_there or report.removed_here:
            self._changed()

    def refresh(self) -> None:
        """The count of changes waiting and of conflicts, read in the background."""
        context = self._context

        def counted(status: sync.SyncStatus) -> None:
            self.status = status
            self._show_status()

        (
            QueryOp(self._executor, lambda: sync.status(context), counted)
            .latest("sync status")
            .named("sync status")
            .run_in_background()
        )

    def _store_changed(self, changes: Changes) -> None:
        if Change.SYNC in changes:
            self.refresh()

    def _show_status(self) -> None:
        status = self.status
        when = format_datetime(status.last_sync) if status.last_sync else _("never")
        parts = [
            (_("Offline; last sync {when}") if self.offline else _("Synchronised {when}")).format(
                when=when
            ),
            ngettext("{n} change waiting", "{n} changes waiting", status.pending).format(
                n=status.pending
            ),
        ]
        if status.conflicts:
            parts.append(
                ngettext("{n} conflict", "{n} conflicts", status.conflicts).format(
                    n=status.conflicts
                )
            )
        self.button.setText(" · ".join(parts))
        self.button.setToolTip(self.last_message)
        self.button.setAccessibleName(_("Sync status"))
        self.conflicts_action.setEnabled(status.conflicts > 0)

    def _button_clicked(self) -> None:
        if self.status.conflicts:
            self.show_conflicts()
        else:
            self.sync_now()

    # -- conflicts ----------------------------------------------------------------------------

    def show_conflicts(self) -> None:
        context = self._context

        def show(found: list[sync.SyncConflict]) -> None:
            dialog = ConflictsDialog(found, self._window)
            dialog.resolve_requested.connect(self._resolve)
            self.conflicts_dialog = dialog
            dialog.open()

        (
            QueryOp(self._executor, lambda: sync.conflicts(context), show)
            .named("sync conflicts")
            .run_in_background()
        )

    def _resolve(self, conflict: sync.SyncConflict) -> None:
        if conflict.kind is sync.ConflictKind.FIELDS and conflict.merge is not None:
            dialog = MergeDialog(
                _(
                    "Case {number} was changed both on this computer and on the server. Changes "
                    "to different fields are kept. Choose for each field below which value to "
                    "keep; the next sync sends your choice."
                ).format(number=conflict.case_number),
                conflict.merge.conflicts,
                _("On the server"),
                self._window,
            )
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            self._settle(conflict, choices=dialog.choices)
        elif conflict.kind is sync.ConflictKind.REFUSED:
            QMessageBox.information(self._window, _("Sync conflict"), conflict.message)
            return
        else:
            keep_mine, keep_theirs = _deletion_choices(conflict.kind)
            box = QMessageBox(
                QMessageBox.Icon.Question,
                _("Sync conflict"),
                f"{conflict.case_number}: {conflict.message}",
                QMessageBox.StandardButton.Cancel,
                self._window,
            )
            mine = box.addButton(keep_mine, QMessageBox.ButtonRole.AcceptRole)
            theirs = box.addButton(keep_theirs, QMessageBox.ButtonRole.AcceptRole)
            box.exec()
            if box.clickedButton() not in (mine, theirs):
                return
            self._settle(conflict, side=Side.MINE if box.clickedButton() is mine else Side.THEIRS)

    def _settle(
        self, conflict: sync.SyncConflict, choices: Any = None, side: Side | None = None
    ) -> None:
        context = self._context

        def settled(_none: object) -> None:
            if self.conflicts_dialog is not None:
                self.conflicts_dialog.close()
            self._changed()
            self.sync_now(quiet=True)

        def refused(error: BaseException) -> None:
            if isinstance(error, KnownError):
                QMessageBox.warning(self._window, _("Sync conflict"), str(error))
                settled(None)
            else:
                self._report_error(error)

        (
            CaseOp(
                self._executor,
                lambda: sync.resolve(context, conflict.uid, choices, side),
                settled,
                case_changed(),
            )
            .failure(refused)
            .named("resolve sync conflict")
            .run_in_background()
        )


def _deletion_choices(kind: sync.ConflictKind) -> tuple[str, str]:
    if kind is sync.ConflictKind.DELETED_THERE:
        return _("Keep the case (restore it on the server)"), _("Accept the deletion")
    return _("Delete it on the server too"), _("Keep the server's case")


def _summary(report: sync.SyncReport) -> str:
    return _("Sent {sent}, received {received}, created on the server {created}.").format(
        sent=report.pushed + report.merged, received=report.pulled, created=report.created_there
    )


class ConflictsDialog(QDialog):
    """The cases a sync could not settle alone, each with what happened; *Resolve…* opens the
    choice for the selected one."""

    resolve_requested = Signal(object)

    def __init__(self, found: list[sync.SyncConflict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Sync conflicts"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._found = found
        intro = QLabel(
            _(
                "These cases were changed both here and on the server in ways that cannot be "
                "joined without you. Nothing is lost until you choose."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Sync conflicts"))
        for conflict in found:
            item = QListWidgetItem(f"{conflict.case_number}: {conflict.message}")
            self.list.addItem(item)
        if found:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self._resolve())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.resolve_button = QPushButton(_("Resolve…"))
        self.resolve_button.setEnabled(bool(found))
        buttons.addButton(self.resolve_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.resolve_button.clicked.connect(self._resolve)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def _resolve(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._found):
            self.resolve_requested.emit(self._found[row])
