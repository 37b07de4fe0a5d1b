"""The case list's item model: the total from one count, rows fetched a page at a time.

The model never reads the store itself: a page it lacks is asked for through `request_page`
(the list pane runs that on the store's executor) and shown as a placeholder until it comes;
a sort asks for a new first page through `request_sort`. When more cases match than were
counted (`CasePage.more`), the list grows as it is scrolled to its end (Qt's `fetchMore`),
the next page counting on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from nyanland.i18n import _, format_date
from nyanland.services.records import CaseOrder, CasePage, CaseQuery, CaseSummary

ModelIndex = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
PAGE_SIZE = 200


class CaseTableModel(QAbstractTableModel):
    COL_CASE_NUMBER, COL_NAME, COL_IDENTITY, COL_BIRTH_DATE, COL_RECEPTION, COL_STATUS = range(6)
    _ORDER: ClassVar[dict[int, CaseOrder]] = {
        COL_CASE_NUMBER: CaseOrder.CASE_NUMBER,
        COL_NAME: CaseOrder.LAST_NAME,
        COL_BIRTH_DATE: CaseOrder.BIRTH_DATE,
        COL_RECEPTION: CaseOrder.RECEPTION_DATE,
        COL_STATUS: CaseOrder.CLOSURE_DATE,
    }

    def __init__(
        self,
        request_page: Callable[[CaseQuery, int, bool], None],
        request_sort: Callable[[CaseQuery], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._request_page = request_page
        self._request_sort = request_sort
        self._query = CaseQuery(limit=PAGE_SIZE)
        self._total = 0
        self._more = False  # more cases match than _total: the list grows when scrolled
        self._growing = False
        self._pages: dict[int, tuple[CaseSummary, ...]] = {}
        self._asked: set[int] = set()

    # -- what the view asks -------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != DISPLAY:
            return None
        return {
            self.COL_CASE_NUMBER: _("Case"),
            self.COL_NAME: _("Name"),
            self.COL_IDENTITY: _("Identity number"),
            self.COL_BIRTH_DATE: _("Born"),
            self.COL_RECEPTION: _("Received"),
            self.COL_STATUS: _("Status"),
        }.get(section)

    def data(self, index: ModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self.summary(index.row())
        if row is None:  # its page is on the way
            return "…" if role == DISPLAY and index.column() == self.COL_NAME else None
        column = index.column()
        if role == DISPLAY:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_IDENTITY and not row.overdue:
            return row.personal_identity_number or _("Dossier number {number}").format(
                number=row.dossier_number or "–"
            )
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue:
                return QBrush(QColor("#b00020"))
            if row.closure_date is not None:
                return QBrush(QColor("#6b6b6b"))
        if role == Qt.ItemDataRole.ToolTipRole and row.overdue:
            return _("Something on this case is overdue: see the to-do list")
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._growing

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._growing = True
        number = self._total // PAGE_SIZE
        self._asked.add(number)
        self._request_page(
            replace(self._query, offset=number * PAGE_SIZE, limit=PAGE_SIZE), number, True
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        by = self._ORDER.get(column)
        if by is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self._query = replace(self._query, order_by=by, descending=descending, offset=0)
        self._request_sort(self._query)

    # -- what the window does -----------------------------------------------------------------

    @property
    def query(self) -> CaseQuery:
        return self._query

    @property
    def more(self) -> bool:
        """More cases match than the list counts so far."""
        return self._more

    def show(self, first_page: CasePage, query: CaseQuery | None = None) -> None:
        """Shows a fresh result (its first page fetched already, in the background)."""
        self.beginResetModel()
        if query is not None:
            self._query = query
        self._total = first_page.total
        self._more, self._growing = first_page.more, False
        self._pages = {0: first_page.rows}
        self._asked = set()
        self.endResetModel()

    def add_page(self, query: CaseQuery, number: int, page: CasePage) -> None:
        """A page asked for has come; one of an older query (the list changed meanwhile) is
        not wanted."""
        if replace(query, offset=0, limit=PAGE_SIZE) != replace(
            self._query, offset=0, limit=PAGE_SIZE
        ):
            return
        self._asked.discard(number)
        if len(self._pages) > 50:  # keep the memory flat when scrolling a long list
            self._pages = {0: self._pages[0]}
        self._pages[number] = page.rows
        if self._growing and number == self._total // PAGE_SIZE:  # the next part, counted
            self._growing, self._more = False, page.more
            if page.total > self._total:
                self.beginInsertRows(QModelIndex(), self._total, page.total - 1)
                self._total = page.total
                self.endInsertRows()
                return
        first = number * PAGE_SIZE
        last = min(self._total, first + PAGE_SIZE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def summary(self, row: int) -> CaseSummary | None:
        """The row's case, or None while its page is being fetched (asked for here)."""
        if not 0 <= row < self._total:
            return None
        page = row // PAGE_SIZE
        if page not in self._pages:
            if page not in self._asked:
                self._asked.add(page)
                self._request_page(
                    replace(self._query, offset=page * PAGE_SIZE, limit=PAGE_SIZE), page, False
                )
            return None
        rows = self._pages[page]
        offset = row - page * PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def row_of_case(self, case_id: int) -> int | None:
        for page, rows in self._pages.items():
            for offset, summary in enumerate(rows):
                if summary.id == case_id:
                    return page * PAGE_SIZE + offset
        return None

    def _display(self, row: CaseSummary, column: int) -> str | None:
        if column == self.COL_CASE_NUMBER:
            return row.case_number
        if column == self.COL_NAME:
            return f"{row.last_name}, {row.first_name}"
        if column == self.COL_IDENTITY:
            return row.personal_identity_number or _("(none yet)")
        if column == self.COL_BIRTH_DATE:
            return row.birth_date.isoformat()
        if column == self.COL_RECEPTION:
            return row.reception_date.isoformat()
        if column == self.COL_STATUS:
            if row.closure_date is None:
                return row.phase.label
            return _("Closed {date}").format(date=format_date(row.closure_date, "medium"))
        return None
