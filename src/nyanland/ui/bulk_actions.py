"""Several cases chosen in the list (Ctrl- or Shift-click, Ctrl+A): give them to an officer,
close them, or print a list of them, from the bar below the list or its context menu. Each is
one write on the store's executor (services/bulk_cases.py); the views follow by the
announcement, and the open case is shown again as it now is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.i18n import _, ngettext
from nyanland.services import bulk_cases
from nyanland.services.bulk_cases import Done
from nyanland.services.context import ServiceContext
from nyanland.ui.case_list_pane import CaseListPane
from nyanland.ui.closure_dialog import ClosureDialog
from nyanland.ui.file_dialogs import save_file_name
from nyanland.ui.forms import ok_cancel
from nyanland.ui.operations import CaseOp, StoreExecutor, case_changed

T = TypeVar("T")


class AssignDialog(QDialog):
    """To which officer the chosen cases go."""

    def __init__(self, count: int, officers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Give the cases to an officer"))
        self.officer = QComboBox()
        self.officer.setObjectName("bulk_officer")
        self.officer.setAccessibleName(_("Officer"))
        for name in officers:
            self.officer.addItem(name, name)
        text = QLabel(
            ngettext(
                "The chosen case goes to the officer you choose. A protected person's case "
                "you give away is out of your sight at once.",
                "The {n} chosen cases go to the officer you choose. A protected person's "
                "case you give away is out of your sight at once.",
                count,
            ).format(n=count)
        )
        text.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Officer"), self.officer)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self))
        self.setMinimumWidth(380)


class BulkActions(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: ServiceContext,
        executor: StoreExecutor,
        pane: CaseListPane,
        may_leave_case: Callable[[], bool],
        reload_open_case: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window, self._context, self._executor, self._pane = window, context, executor, pane
        self._may_leave_case, self._reload = may_leave_case, reload_open_case
        self.bar = QWidget()
        self.bar.setObjectName("bulk_bar")
        self.chosen_label = QLabel()
        self.assign_button = QPushButton()
        self.assign_button.setObjectName("bulk_assign")
        self.close_button = QPushButton()
        self.close_button.setObjectName("bulk_close")
        self.print_button = QPushButton()
        self.print_button.setObjectName("bulk_print")
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chosen_label, 1)
        for button in (self.assign_button, self.close_button, self.print_button):
            row.addWidget(button)
        self.assign_action, self.close_action, self.print_action = QAction(), QAction(), QAction()
        for action, button, slot in (
            (self.assign_action, self.assign_button, self.assign),
            (self.close_action, self.close_button, self.close_cases),
            (self.print_action, self.print_button, self.print_list),
        ):
            action.triggered.connect(slot)
            button.clicked.connect(slot)
        self.bar.hide()
        table = pane.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._menu)
        table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.dialog: QDialog | None = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.assign_button.setText(_("Give to…"))
        self.close_button.setText(_("Close…"))
        self.print_button.setText(_("Print list…"))
        self.assign_action.setText(_("Give the chosen cases to…"))
        self.close_action.setText(_("Close the chosen cases…"))
        self.print_action.setText(_("Print a list of the chosen cases…"))
        self._update()

    def chosen(self) -> list[int]:
        """The ids of the chosen rows, top to bottom."""
        rows = sorted(index.row() for index in self._pane.table.selectionModel().selectedRows())
        summaries = (self._pane.model.summary(row) for row in rows)
        return [summary.id for summary in summaries if summary is not None]

    def _update(self) -> None:
        count = len(self._pane.table.selectionModel().selectedRows())
        self.chosen_label.setText(
            ngettext("{n} case chosen:", "{n} cases chosen:", count).format(n=count)
        )
        self.bar.setVisible(count > 1)
        for action in (self.assign_action, self.close_action, self.print_action):
            action.setEnabled(count > 0)

    def _menu(self, position: QPoint) -> None:
        if not self.chosen():
            return
        menu = QMenu(self._pane.table)
        menu.addActions([self.assign_action, self.close_action, self.print_action])
        menu.popup(self._pane.table.viewport().mapToGlobal(position))
        self.menu = menu

    def assign(self) -> None:
        ids = self.chosen()
        if not ids or not self._may_leave_case():
            return
        filter_ = self._pane.officer_filter
        officers = [str(filter_.itemData(i)) for i in range(1, filter_.count())]
        dialog = AssignDialog(len(ids), officers, self._window)

        def accepted() -> None:
            officer = str(dialog.officer.currentData())
            self._run(
                lambda: bulk_cases.assign_cases(self._context, ids, officer),
                _("Giving the cases to {name}…").format(name=officer),
                lambda done: ngettext(
                    "{n} case given to {name}", "{n} cases given to {name}", done.changed
                ).format(n=done.changed, name=officer),
            )

        self._open(dialog, accepted)

    def close_cases(self) -> None:
        ids = self.chosen()
        if not ids or not self._may_leave_case():
            return
        # Each case's own reception date is checked by the service (a refusal names it).
        dialog = ClosureDialog(self._context.clock.today(), date.min, self._window)
        dialog.setWindowTitle(
            ngettext("Close the chosen case", "Close the {n} chosen cases", len(ids)).format(
                n=len(ids)
            )
        )

        def accepted() -> None:
            closure = dialog.closure
            assert closure is not None
            self._run(
                lambda: bulk_cases.close_cases(self._context, ids, closure),
                _("Closing the cases…"),
                lambda done: (
                    ngettext("{n} case closed", "{n} cases closed", done.changed).format(
                        n=done.changed
                    )
                    + (
                        " "
                        + ngettext(
                            "({n} was closed already)", "({n} were closed already)", done.unchanged
                        ).format(n=done.unchanged)
                        if done.unchanged
                        else ""
                    )
                ),
            )

        self._open(dialog, accepted)

    def print_list(self) -> None:
        ids = self.chosen()
        if not ids:
            return
        path = save_file_name(
            self._window, _("Print a list of the cases"), _("cases.pdf"), _("PDF (*.pdf)")
        )
        if path is None:
            return
        status = self._window.statusBar()
        CaseOp(
            self._executor,
            lambda: bulk_cases.print_list(self._context, ids, path),
            lambda count: status.showMessage(
                ngettext(
                    "Wrote a list of {n} case to {file}",
                    "Wrote a list of {n} cases to {file}",
                    count,
                ).format(n=count, file=path.name),
                10000,
            ),
            case_changed(),  # the prints are in the log, which an extract lists
        ).with_progress(self._window, _("Writing the list…")).named(
            "print list"
        ).run_in_background()

    def _run(self, work: Callable[[], Done], label: str, said: Callable[[Done], str]) -> None:
        def succeeded(done: Done) -> None:
            self._window.statusBar().showMessage(said(done), 10000)
            self._reload()

        CaseOp(self._executor, work, succeeded, case_changed()).with_progress(
            self._window, label
        ).named(label).run_in_background()

    def _open(self, dialog: QDialog, accepted: Callable[[], None]) -> None:
        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.dialog = dialog
