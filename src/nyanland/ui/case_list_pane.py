"""The case list pane: the search field, which cases, whose, only overdue, the list and its
count. It asks the store through the executor only, and refreshes itself when a write
announces that cases changed."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QModelIndex, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.reminders import CasePhase
from nyanland.i18n import _, format_number, ngettext
from nyanland.services.cases import CaseService
from nyanland.services.records import CaseEvent, CasePage, CaseQuery, CaseStatus, EventFilter
from nyanland.ui.case_table import PAGE_SIZE, CaseTableModel
from nyanland.ui.operations import Change, Changes, QueryOp, StoreExecutor

# No wait after a key: each key searches at once (in the next turn of the event loop, so keys
# that came together search once), and a search a newer key overtook before it ran is dropped.
SEARCH_DELAY_MS = 0


@dataclass(frozen=True)
class ListFilter:
    """Which cases the list shows, without words to find (the overview's numbers)."""

    status: CaseStatus = CaseStatus.OPEN
    phase: CasePhase | None = None
    overdue: bool = False
    officer: str | None = None
    event: EventFilter | None = None


def list_choice(code: str) -> tuple[CaseStatus, CasePhase | None]:
    """The case list's 'which cases' choice: a status, or a phase of the open cases."""
    if code in CasePhase.codes():
        return CaseStatus.OPEN, CasePhase(code)
    return CaseStatus(code), None


class CaseListPane(QWidget):
    case_chosen = Signal(int)  # the officer picked a case in the list
    query_changed = Signal()  # which cases are listed changed (the to-do list follows "mine")

    def __init__(
        self, cases: CaseService | None, me: str, executor: StoreExecutor, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._cases = cases  # None: the role sees no cases, and the list never asks for any
        self._executor = executor
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        # One choice of which cases: all, open, each phase of the open ones, or closed.
        for choice in [CaseStatus.ALL, CaseStatus.OPEN, *list(CasePhase)[:-1], CaseStatus.CLOSED]:
            self.status_filter.addItem("", choice.value)
        self.overdue_filter = QCheckBox()
        self.overdue_filter.setObjectName("overdue_filter")
        self.officer_filter = QComboBox()
        self.officer_filter.setObjectName("officer_filter")
        self.officer_filter.addItem("", None)  # all officers
        self.officer_filter.addItem("", me)  # my cases
        # Officers' names can be long: the list pane must still fit a small screen.
        self.officer_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.officer_filter.setMinimumContentsLength(12)
        self.count_label = QLabel()
        # A filter the overview opened the list with (what happened in a quarter), shown
        # above the list until the officer clears it.
        self.happened: EventFilter | None = None
        self.event_label = QLabel()
        self.event_label.setObjectName("event_filter")
        self.event_clear = QToolButton()
        self.event_clear.setObjectName("event_filter_clear")
        self.event_clear.clicked.connect(lambda: self.show_only(ListFilter(CaseStatus.ALL)))
        self.event_chip = QWidget()
        chip = QHBoxLayout(self.event_chip)
        chip.setContentsMargins(0, 0, 0, 0)
        chip.addWidget(self.event_label, 1)
        chip.addWidget(self.event_clear)
        self.event_chip.hide()
        self.model = CaseTableModel(self._fetch_page, lambda _query: self.refresh(), self)
        self.table = QTableView()
        self.table.setObjectName("case_list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows may be chosen for work on them all (ui/bulk_actions.py).
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSortIndicator(
            CaseTableModel.COL_RECEPTION, Qt.SortOrder.DescendingOrder
        )
        self.table.setSortingEnabled(True)  # the first search is the window's, not the sort's
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        for combo in (self.status_filter, self.officer_filter):
            combo.currentIndexChanged.connect(lambda _i, c=combo: fit_choice(c))
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.officer_filter, 1)
        filters.addWidget(self.overdue_filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.event_chip)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)
        self.selected_case: int | None = None  # the open case, which the selection follows
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _text: self._timer.start())
        self.status_filter.currentIndexChanged.connect(self._filters_changed)
        self.overdue_filter.toggled.connect(self._filters_changed)
        self.officer_filter.currentIndexChanged.connect(self._filters_changed)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.model.rowsInserted.connect(lambda *_args: self._show_count())
        executor.changed.connect(self._changed)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.officer_filter)
        self.setTabOrder(self.officer_filter, self.overdue_filter)
        self.setTabOrder(self.overdue_filter, self.table)

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Find: name, identity number, dossier or case number"))
        self.search.setAccessibleName(_("Find a person"))
        self.status_filter.setAccessibleName(_("Which cases"))
        labels = {
            CaseStatus.ALL: _("All cases"),
            CaseStatus.OPEN: _("Open cases"),
            CaseStatus.CLOSED: _("Closed cases"),
        }
        for index in range(self.status_filter.count()):
            status, phase = list_choice(self.status_filter.itemData(index))
            self.status_filter.setItemText(index, phase.label if phase else labels[status])
        self.overdue_filter.setText(_("Only overdue"))
        self.overdue_filter.setToolTip(_("Cases with a reminder past its date"))
        self.officer_filter.setAccessibleName(_("Whose cases"))
        self.officer_filter.setItemText(0, _("All officers"))
        self.officer_filter.setItemText(1, _("My cases"))
        self.table.setAccessibleName(_("Cases"))
        self.event_clear.setText(_("Show all"))
        self.event_clear.setToolTip(_("Show every case again"))
        self.event_clear.setAccessibleName(_("Show every case again"))
        self.event_label.setText(describe_event(self.happened) if self.happened else "")
        for combo in (self.status_filter, self.officer_filter):
            fit_choice(combo)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)
        self._show_count()

    @property
    def only_mine(self) -> bool:
        return self.officer_filter.currentIndex() == 1

    def current_query(self) -> CaseQuery:
        status, phase = list_choice(self.status_filter.currentData())
        return replace(
            self.model.query,
            text=self.search.text(),
            status=status,
            phase=phase,
            only_overdue=self.overdue_filter.isChecked(),
            officer=self.officer_filter.currentData(),
            event=self.happened,
            offset=0,
            limit=PAGE_SIZE,
        )

    def show_only(self, chosen: ListFilter) -> None:
        """The list behind one of the overview's numbers (no words to find)."""
        status, phase, overdue = chosen.status, chosen.phase, chosen.overdue
        officer, event = chosen.officer, chosen.event
        widgets = (self.status_filter, self.overdue_filter, self.officer_filter)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        self.status_filter.setCurrentIndex(
            self.status_filter.findData(phase.value if phase else status.value)
        )
        self.overdue_filter.setChecked(overdue)
        if officer is not None and self.officer_filter.findData(officer) < 0:
            self.officer_filter.addItem(officer, officer)
        self.officer_filter.setCurrentIndex(
            self.officer_filter.findData(officer) if officer is not None else 0
        )
        for widget in widgets:
            widget.blockSignals(False)
        self.happened = event
        self.event_label.setText(describe_event(event) if event else "")
        self.event_chip.setVisible(event is not None)
        for combo in (self.status_filter, self.officer_filter):
            fit_choice(combo)
        self._filters_changed()

    def refresh(self) -> None:
        """Searches in the background; the newest search wins, older ones are dropped."""
        cases = self._cases
        if cases is None:
            return
        query = self.current_query()
        (
            QueryOp(
                self._executor, lambda: cases.search(query), lambda page: self._show(query, page)
            )
            .latest("case-list")
            .named("search")
            .run_in_background()
        )

    def load_officers(self) -> None:
        cases = self._cases
        if cases is None:
            return
        mine = self.officer_filter.itemData(1)

        def show(names: list[str]) -> None:
            for name in names:
                if name != mine and self.officer_filter.findData(name) < 0:
                    self.officer_filter.addItem(name, name)

        QueryOp(self._executor, cases.officers, show).named("officers").run_in_background()

    def follow(self, case_id: int | None) -> None:
        """The list's selection follows the open case (cleared when it is not listed)."""
        self.selected_case = case_id
        row = self.model.row_of_case(case_id) if case_id is not None else None
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        if row is None:
            self.table.clearSelection()
            selection.setCurrentIndex(QModelIndex(), selection.SelectionFlag.Clear)
        elif not selection.isRowSelected(row):
            self.table.selectRow(row)
        else:  # chosen already, perhaps among others (ui/bulk_actions.py): the choice stays
            flag = selection.SelectionFlag.NoUpdate
            selection.setCurrentIndex(self.model.index(row, 0), flag)
        selection.blockSignals(False)
        self.table.viewport().update()

    def _fetch_page(self, query: CaseQuery, number: int, count: bool) -> None:
        cases = self._cases
        if cases is None:
            return
        (
            QueryOp(
                self._executor,
                lambda: cases.search(query, count),
                lambda page: self.model.add_page(query, number, page),
            )
            .named("case-list page")
            .run_in_background()
        )

    def _show(self, query: CaseQuery, page: CasePage) -> None:
        self.model.show(page, query)
        self._show_count()
        self.follow(self.selected_case)

    def _show_count(self) -> None:
        total = self.model.rowCount()
        if self.model.more:
            text = ngettext("More than {n} case", "More than {n} cases", total)
        else:
            text = ngettext("{n} case", "{n} cases", total)
        self.count_label.setText(text.format(n=format_number(total)))

    def _filters_changed(self) -> None:
        self.refresh()
        self.query_changed.emit()

    def _changed(self, changes: Changes) -> None:
        if Change.CASES in changes:
            self.refresh()

    def add_below(self, widget: QWidget) -> None:
        """A bar under the list (the chosen cases' actions), above the count."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.count_label), widget)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Ctrl- or Shift-click (or Shift+arrow) adds to the choice: no case is opened for it.
        held = QApplication.keyboardModifiers()
        if held & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
            return
        summary = self.model.summary(current.row()) if current.isValid() else None
        if summary is not None and summary.id != self.selected_case:
            self.case_chosen.emit(summary.id)

    def restore_columns(self, settings: QSettings) -> None:
        header = settings.value("window/case_columns")
        if header is not None and self.table.horizontalHeader().restoreState(header):
            return
        metrics = self.fontMetrics()
        date_width = metrics.horizontalAdvance("2026-11-22") + 16
        widths = {
            CaseTableModel.COL_CASE_NUMBER: metrics.horizontalAdvance("2026-00000") + 16,
            CaseTableModel.COL_NAME: metrics.horizontalAdvance("M" * 12),
            CaseTableModel.COL_IDENTITY: metrics.horizontalAdvance("20000101-0000") + 16,
            CaseTableModel.COL_BIRTH_DATE: date_width,
            CaseTableModel.COL_RECEPTION: date_width,
        }
        header_view = self.table.horizontalHeader()
        for column, width in widths.items():
            # Never narrower than the heading (long languages, larger fonts).
            self.table.setColumnWidth(column, max(width, header_view.sectionSizeHint(column)))

    def save_columns(self, settings: QSettings) -> None:
        settings.setValue("window/case_columns", self.table.horizontalHeader().saveState())


def fit_choice(combo: QComboBox) -> None:
    """The combo box never narrower than its chosen text: a narrow window or pane clips no
    word of it (it showed "Alla ärende")."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    text = QSize(combo.fontMetrics().horizontalAdvance(combo.currentText()), 0)
    size = combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, text, combo)
    combo.setMinimumWidth(size.width())


def describe_event(chosen: EventFilter) -> str:
    """ "Only: SFI start in 2026-Q4", as the chip above the list says it."""
    what = {
        CaseEvent.RECEIVED: _("received"),
        CaseEvent.SFI_START: _("an SFI start"),
        CaseEvent.PLACEMENT_START: _("a placement started"),
        CaseEvent.CLOSED: _("closed"),
    }[chosen.event]
    return _("Only cases with {what} in {period}").format(what=what, period=chosen.period.code)
