"""*Listor*: the names the administrator keeps for the forms (districts, SFI providers,
employers); a name added is offered in every form at once, a retired one no longer is."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.i18n import _
from nyanland.services import kept_lists
from nyanland.services.context import ServiceContext
from nyanland.services.kept_lists import KeptList, KeptName
from nyanland.ui.kept_names import OFFERED
from nyanland.ui.operations import RunWithProgress
from nyanland.ui.rows import RowsModel, read_only_table


class ListsPage(QWidget):
    def __init__(self, context: ServiceContext, run: RunWithProgress) -> None:
        super().__init__()
        self._context, self._run = context, run
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.which = QComboBox()
        for kind in KeptList:
            self.which.addItem("", kind.value)
        self.which.currentIndexChanged.connect(lambda _i: self.refresh())
        self.model = RowsModel(lambda: [_("Name"), _("Status")], self._cells, self)
        self.table = read_only_table(self.model, "kept_names")
        self.name = QLineEdit()
        self.name.setObjectName("new_name")
        self.name.returnPressed.connect(self.add)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.retire_button = QPushButton()
        self.retire_button.clicked.connect(self.retire)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        adding = QHBoxLayout()
        adding.addWidget(self.which)
        adding.addWidget(self.name, 1)
        adding.addWidget(self.add_button)
        adding.addWidget(self.retire_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(adding)
        layout.addWidget(self.table)
        self.retranslate_ui()

    @property
    def kind(self) -> KeptList:
        return KeptList(self.which.currentData())

    def _cells(self, entry: KeptName) -> list[str]:
        return [entry.name, _("retired") if entry.retired else _("offered")]

    def retranslate_ui(self) -> None:
        self.intro.setText(
            _(
                "The names the forms offer. A district or an SFI provider can only be chosen "
                "from its list once the list holds a name (a typed variant would split the "
                "statistics and the school's lists); an employer not in the list may be typed. "
                "A retired name is no longer offered; the cases that have it keep it."
            )
        )
        for index in range(self.which.count()):
            self.which.setItemText(index, KeptList(self.which.itemData(index)).label)
        self.name.setPlaceholderText(_("a new name"))
        self.add_button.setText(_("Add"))
        self.retire_button.setText(_("Retire"))
        self.model.retranslate()
        self._update()

    def refresh(self) -> None:
        context, kind = self._context, self.kind
        self._run(_("Reading the list…"), lambda: kept_lists.entries(context, kind), self._show)

    def _show(self, found: list[KeptName]) -> None:
        self.model.show(found)
        self._update()

    def _selected(self) -> KeptName | None:
        chosen: KeptName | None = self.model.row_at(self.table.currentIndex())
        return chosen

    def _update(self) -> None:
        chosen = self._selected()
        self.retire_button.setEnabled(chosen is not None and not chosen.retired)

    def add(self) -> None:
        context, kind, name = self._context, self.kind, self.name.text()

        def work() -> dict[KeptList, tuple[str, ...]]:
            kept_lists.add(context, kind, name)
            return kept_lists.offered(context)

        self._run(_("Saving…"), work, self._done)

    def retire(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        context, kind = self._context, self.kind

        def work() -> dict[KeptList, tuple[str, ...]]:
            kept_lists.retire(context, kind, chosen.name)
            return kept_lists.offered(context)

        self._run(_("Saving…"), work, self._done)

    def _done(self, offered: dict[KeptList, tuple[str, ...]]) -> None:
        OFFERED.set(offered)  # every form offers the list as it is now
        self.name.clear()
        self.refresh()
