"""*Administration → Ärendefördelning*: how many cases each officer holds, and the hand-over of
a departing officer's cases to colleagues in one step (services/caseloads.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.i18n import _, ngettext
from nyanland.services import caseloads
from nyanland.services.caseloads import Caseload, HandOver
from nyanland.services.context import ServiceContext
from nyanland.ui.forms import ERROR_STYLE, ok_cancel
from nyanland.ui.operations import RunWithProgress
from nyanland.ui.rows import RowsModel, read_only_table


class HandOverDialog(QDialog):
    """Whose cases go to whom: the colleagues ticked, and whether closed cases go too."""

    def __init__(self, giver: Caseload, colleagues: list[Caseload], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("hand_over_dialog")
        self._giver = giver
        assert giver.officer is not None
        self.setWindowTitle(_("Hand over {name}'s cases").format(name=giver.officer))
        self.takers = QListWidget()
        self.takers.setObjectName("hand_over_takers")
        self.takers.setAccessibleName(_("Colleagues who take the cases"))
        for load in colleagues:
            item = QListWidgetItem(
                _("{name} (has {n} open)").format(name=load.officer, n=load.open)
            )
            item.setData(Qt.ItemDataRole.UserRole, load.officer)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.takers.addItem(item)
        self.include_closed = QCheckBox(_("The closed cases go too"))
        self.include_closed.setObjectName("hand_over_closed")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.takers.itemChanged.connect(lambda _item: self._update())
        self.include_closed.toggled.connect(lambda _on: self._update())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Give the cases to:")))
        layout.addWidget(self.takers)
        layout.addWidget(self.include_closed)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self))
        self.setMinimumWidth(460)
        self._update()

    def chosen(self) -> list[str]:
        items = (self.takers.item(row) for row in range(self.takers.count()))
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _update(self) -> None:
        count = self._giver.open + (self._giver.closed if self.include_closed.isChecked() else 0)
        takers = len(self.chosen())
        cases = ngettext("{n} case", "{n} cases", count).format(n=count)
        if takers:
            self.summary.setText(
                ngettext(
                    "{cases} go to {n} colleague. Households stay together; every case is logged.",
                    "{cases} are shared evenly among {n} colleagues. Households stay "
                    "together; every case is logged.",
                    takers,
                ).format(cases=cases, n=takers)
            )
        else:
            self.summary.setText(_("{cases} to hand over.").format(cases=cases))
        self.error.clear()

    def accept(self) -> None:
        if not self.chosen():
            self.error.setText(_("Choose at least one colleague to give the cases to."))
            return
        super().accept()


class CaseloadsPage(QWidget):
    def __init__(self, context: ServiceContext, run: RunWithProgress) -> None:
        super().__init__()
        self._context = context
        self._run = run
        self.model = RowsModel(
            lambda: [_("Officer"), _("Open cases"), _("Closed cases"), _("Account")],
            self._cells,
            self,
        )
        self.table = read_only_table(self.model, "caseloads")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.hand_over_button = QPushButton()
        self.hand_over_button.setObjectName("hand_over")
        self.hand_over_button.clicked.connect(self.hand_over)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hand_over_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.table.doubleClicked.connect(lambda _index: self.hand_over())
        self.dialog: HandOverDialog | None = None
        self.retranslate_ui()

    def _cells(self, load: Caseload) -> list[str]:
        if load.officer is None:
            name, state = _("(nobody)"), ""
        else:
            name = load.officer
            state = _("active") if load.active else _("disabled or not an officer")
        return [name, str(load.open), str(load.closed), state]

    def retranslate_ui(self) -> None:
        self.intro.setText(
            _(
                "The cases each officer holds. When someone leaves or changes work, hand "
                "their cases to colleagues in one step: shared evenly, a household kept "
                "with one officer, each case logged."
            )
        )
        self.hand_over_button.setText(_("Hand over cases…"))
        self.table.setAccessibleName(_("Caseloads"))
        self.model.retranslate()
        self._update()

    def refresh(self) -> None:
        self._run(
            _("Counting the caseloads…"), lambda: caseloads.caseloads(self._context), self._show
        )

    def _show(self, found: list[Caseload]) -> None:
        chosen = self.selected()
        self.model.show(found)
        self.table.resizeColumnsToContents()
        for row, load in enumerate(found):
            if chosen is not None and load.officer == chosen.officer:
                self.table.selectRow(row)
        self._update()

    def selected(self) -> Caseload | None:
        chosen: Caseload | None = self.model.row_at(self.table.currentIndex())
        return chosen

    def _update(self) -> None:
        load = self.selected()
        self.hand_over_button.setEnabled(
            load is not None and load.officer is not None and load.open + load.closed > 0
        )

    def hand_over(self) -> None:
        giver = self.selected()
        if giver is None or giver.officer is None or not self.hand_over_button.isEnabled():
            return
        colleagues = [
            load
            for load in self.model.rows
            if load.active and load.officer not in (None, giver.officer)
        ]
        if not colleagues:
            QMessageBox.information(
                self,
                _("Hand over cases"),
                _("There is no other active officer to give the cases to: add an account first."),
            )
            return
        dialog = HandOverDialog(giver, colleagues, self)
        name = giver.officer

        def accepted() -> None:
            takers, closed = dialog.chosen(), dialog.include_closed.isChecked()
            self._run(
                _("Handing the cases over…"),
                lambda: caseloads.hand_over(self._context, name, takers, closed),
                self._handed_over,
            )

        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.dialog = dialog

    def _handed_over(self, done: HandOver) -> None:
        self.refresh()
        box = QMessageBox(self)
        box.setObjectName("hand_over_result")
        box.setWindowTitle(_("Hand over cases"))
        box.setText(
            ngettext(
                "{n} case of {giver} handed over: {shares}.",
                "{n} cases of {giver} handed over: {shares}.",
                done.total,
            ).format(
                n=done.total,
                giver=done.giver,
                shares=done.shares(),
            )
        )
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.result_box = box
