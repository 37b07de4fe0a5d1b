"""*Översikt*: the caseload at a glance (services/overview.py), drawn with QtCharts. For an
officer every number and every bar opens the case list behind it; for a coordinator the
overview is anonymised (the quarters' totals, small counts hidden) and opens nothing.

Built when the tab is first shown (QtCharts takes a third of a second to load), and counted
again whenever it is shown or, while shown, when cases changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.i18n import _, format_number
from nyanland.reports.statistics_xlsx import SUPPRESSED_MARK
from nyanland.services import overview
from nyanland.services.context import ServiceContext
from nyanland.services.overview import Overview
from nyanland.services.records import CaseEvent, CaseStatus, EventFilter
from nyanland.ui.case_list_pane import ListFilter
from nyanland.ui.operations import Change, Changes, QueryOp, StoreExecutor

ACCENT, PALE = QColor("#1f4e79"), QColor("#9dc3e6")
TOP_OFFICERS = 12


OpenList = Callable[[ListFilter], None]


def event_label(event: CaseEvent) -> str:
    return {
        CaseEvent.RECEIVED: _("Received"),
        CaseEvent.SFI_START: _("SFI starts"),
        CaseEvent.PLACEMENT_START: _("Placements started"),
        CaseEvent.CLOSED: _("Closed"),
    }[event]


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(200)
    return chart, view


def _shown(value: int | None) -> str:
    return SUPPRESSED_MARK if value is None else format_number(value)


class OverviewView(QWidget):
    def __init__(
        self, context: ServiceContext, executor: StoreExecutor, open_list: OpenList
    ) -> None:
        super().__init__()
        self.setObjectName("overview")
        self._context, self._executor, self._open_list = context, executor, open_list
        # Its counts read every open case (seconds at a million): beside the window's work,
        # so a search or a save never waits for them.
        self._reader = executor.beside()
        self.figures: Overview | None = None
        self.scope = QComboBox()
        self.scope.setObjectName("overview_scope")
        self.scope.addItem("", False)
        self.scope.addItem("", True)
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel()
        self.summary.setObjectName("overview_summary")
        self.summary.setWordWrap(True)
        self.numbers = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}  # the numbers that open a list
        self.cells: dict[str, QLabel | QPushButton] = {}  # every number shown
        self.phase_chart, phase_view = _chart("")
        self.quarter_chart, quarter_view = _chart("")
        self.officer_chart, officer_view = _chart("")
        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(self.summary, 1)
        charts = QGridLayout()
        charts.addWidget(phase_view, 0, 0)
        charts.addWidget(quarter_view, 0, 1)
        charts.addWidget(officer_view, 1, 0, 1, 2)
        self._officer_view, self._phase_view = officer_view, phase_view
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.numbers)
        layout.addLayout(charts, 1)
        executor.changed.connect(self._changed)
        self.retranslate_ui()

    @property
    def anonymised(self) -> bool:
        return self.figures is not None and self.figures.anonymised

    def retranslate_ui(self) -> None:
        self.scope.setItemText(0, _("All the cases I see"))
        self.scope.setItemText(1, _("My cases"))
        self.scope.setAccessibleName(_("Whose cases"))
        if self.figures is not None:
            self._show(self.figures)

    def refresh(self) -> None:
        context, mine = self._context, bool(self.scope.currentData())
        QueryOp(
            self._reader, lambda: overview.overview(context, only_mine=mine), self._show
        ).latest("overview").named("overview").run_in_background()

    def _changed(self, changes: Changes) -> None:
        if Change.CASES in changes and self.isVisible():
            self.refresh()

    # -- drawing ------------------------------------------------------------------------------

    def _show(self, figures: Overview) -> None:
        self.figures = figures
        self.scope.setVisible(not figures.anonymised)
        self._phase_view.setVisible(not figures.anonymised)
        self._officer_view.setVisible(not figures.anonymised)
        if figures.anonymised:
            self.summary.setText(
                _(
                    "Open cases: {open}. Anonymised: a count of 1 to {k} is shown as “{mark}”."
                ).format(open=_shown(figures.open), k=figures.threshold - 1, mark=SUPPRESSED_MARK)
            )
        else:
            self.summary.setText(
                _("Open cases: {open}, of which {late} with something overdue.").format(
                    open=_shown(figures.open), late=_shown(figures.overdue)
                )
            )
        self._numbers(figures)
        self._draw_quarters(figures)
        if not figures.anonymised:
            self._draw_phases(figures)
            self._draw_officers(figures)

    def _numbers(self, figures: Overview) -> None:
        while self.numbers.count():
            item = self.numbers.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons, self.cells = {}, {}
        for column in range(6):
            self.numbers.setColumnStretch(column, 0)
        this, last = figures.this_quarter, figures.last_quarter
        # The last quarter first, as the chart draws it.
        for column, heading in enumerate(("", last.code, this.code), start=0):
            self.numbers.addWidget(QLabel(f"<b>{heading}</b>"), 0, column)
        for row, (event, (now, before)) in enumerate(figures.events.items(), start=1):
            self.numbers.addWidget(QLabel(event_label(event)), row, 0)
            for column, (value, period) in enumerate(((before, last), (now, this)), start=1):
                behind = ListFilter(CaseStatus.ALL, event=EventFilter(event, period))
                self._number(f"{event.value}:{period.code}", value, row, column, behind)
        if figures.anonymised:
            self.numbers.setColumnStretch(3, 1)
            return
        offset = 3
        self.numbers.addWidget(QLabel("<b>" + _("Open cases") + "</b>"), 0, offset)
        for row, (phase, count) in enumerate(figures.phases.items(), start=1):
            self.numbers.addWidget(QLabel(phase.label), row, offset)
            self._number(f"phase:{phase.value}", count, row, offset + 1, ListFilter(phase=phase))
        late_row = len(figures.phases) + 1
        self.numbers.addWidget(QLabel(_("Something overdue")), late_row, offset)
        self._number("overdue", figures.overdue, late_row, offset + 1, ListFilter(overdue=True))
        self.numbers.setColumnStretch(offset + 2, 1)

    def _number(
        self,
        key: str,
        value: int | None,
        row: int,
        column: int,
        behind: ListFilter,
    ) -> None:
        """A number: a button that opens the list behind it, or (anonymised, hidden) text."""
        if self.anonymised or value is None:
            text = QLabel(_shown(value))
            text.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell: QLabel | QPushButton = text
        else:
            cell = button = QPushButton(_shown(value))
            button.setFlat(True)
            button.setToolTip(_("Show these cases in the list"))
            button.clicked.connect(lambda: self.open_behind(behind))
            self.buttons[key] = button
        cell.setObjectName(f"overview_{key}")
        self.numbers.addWidget(cell, row, column)
        self.cells[key] = cell

    def open_behind(self, behind: ListFilter | None) -> None:
        """The case list behind a number or a bar (an officer's overview only); with "my
        cases" chosen, of the officer's own."""
        if self.anonymised or behind is None:
            return
        if behind.officer is None and self.scope.currentData():
            behind = replace(behind, officer=self._context.actor.name)
        self._open_list(behind)

    def _reset(self, chart: QChart) -> None:
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)

    def _bars(
        self,
        chart: QChart,
        series: QBarSeries | QHorizontalBarSeries,
        categories: list[str],
        highest: int,
    ) -> None:
        series.setLabelsVisible(True)
        chart.addSeries(series)
        names, values = QBarCategoryAxis(), QValueAxis()
        names.append(categories)
        values.setRange(0, max(highest, 1) * 1.15)
        values.applyNiceNumbers()
        values.setLabelFormat("%d")
        horizontal = isinstance(series, QHorizontalBarSeries)
        chart.addAxis(
            names, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
        )
        chart.addAxis(
            values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
        )
        series.attachAxis(names)
        series.attachAxis(values)

    def _draw_phases(self, figures: Overview) -> None:
        chart = self.phase_chart
        self._reset(chart)
        chart.setTitle(_("Open cases by phase"))
        chart.legend().hide()
        phases = list(figures.phases)
        bars = QBarSet(_("Open cases"))
        bars.setColor(ACCENT)
        for phase in phases:
            bars.append(figures.phases[phase])
        series = QHorizontalBarSeries()
        series.append(bars)
        series.clicked.connect(
            lambda index, _set: self.open_behind(ListFilter(phase=phases[index]))
        )
        self._bars(
            chart, series, [p.label for p in phases], max(figures.phases.values(), default=0)
        )

    def _draw_quarters(self, figures: Overview) -> None:
        chart = self.quarter_chart
        self._reset(chart)
        chart.setTitle(_("This quarter against the last"))
        chart.legend().show()
        events = list(figures.events)
        series = QBarSeries()
        periods = (figures.last_quarter, figures.this_quarter)
        for position, (period, color) in enumerate(zip(periods, (PALE, ACCENT), strict=True)):
            bars = QBarSet(period.code)
            bars.setColor(color)
            for event in events:
                value = figures.events[event][1 - position]
                bars.append(value or 0)
            series.append(bars)

        def clicked(index: int, chosen: QBarSet) -> None:
            period = periods[0] if chosen.label() == periods[0].code else periods[1]
            self.open_behind(ListFilter(CaseStatus.ALL, event=EventFilter(events[index], period)))

        series.clicked.connect(clicked)
        highest = max((v or 0 for pair in figures.events.values() for v in pair), default=0)
        self._bars(chart, series, [event_label(e) for e in events], highest)

    def _draw_officers(self, figures: Overview) -> None:
        chart = self.officer_chart
        self._reset(chart)
        chart.setTitle(_("Open cases per officer"))
        chart.legend().hide()
        shown = list(reversed(figures.per_officer[:TOP_OFFICERS]))  # the largest at the top
        bars = QBarSet(_("Open cases"))
        bars.setColor(ACCENT)
        for _officer, count in shown:
            bars.append(count)
        series = QHorizontalBarSeries()
        series.append(bars)

        def clicked(index: int, _set: QBarSet) -> None:
            officer = shown[index][0]
            self.open_behind(ListFilter(officer=officer) if officer is not None else None)

        series.clicked.connect(clicked)
        names = [officer or _("(nobody)") for officer, _count in shown]
        self._bars(chart, series, names, max((c for _o, c in shown), default=0))
