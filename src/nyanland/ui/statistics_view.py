"""The coordinator's view: a period's anonymised indicators as the files will show them, the
trend of the last eight quarters against the strategy's target, and the exports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.disclosure import DEFAULT_THRESHOLD, MIN_THRESHOLD, Published
from nyanland.domain.indicators import CATALOGUE, TOTAL, Target
from nyanland.domain.timeline import Period
from nyanland.i18n import _, format_date
from nyanland.reports.labels import breakdown_label, category_label, unit_label
from nyanland.reports.statistics_pdf import target_sentence
from nyanland.reports.statistics_xlsx import (
    SUPPRESSED_MARK,
    legend,
    legend_lines,
    linked_legend,
    mark,
)
from nyanland.reports.trend import TrendPoint
from nyanland.services import publication, statistics_export, targets
from nyanland.services.context import ServiceContext
from nyanland.services.published_rows import NotPublished
from nyanland.services.statistics_export import StatisticsFormat
from nyanland.ui.file_dialogs import save_file_name
from nyanland.ui.operations import Runner, RunWithProgress, StoreExecutor
from nyanland.ui.targets_dialog import TargetsDialog

ModelIndex = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole


@dataclass(frozen=True)
class Figures:
    """Everything the view shows for one period and threshold."""

    period: Period
    threshold: int
    rows: tuple[Published, ...]
    trends: dict[str, list[TrendPoint]]
    targets: dict[str, Target]
    recorded_on: date | None  # when the figures shown were recorded by a first file
    ended: bool  # whether the period is over (only then can it be written to a file)


def load_figures(context: ServiceContext, period: Period, threshold: int) -> Figures:
    shown = publication.shown(context, period, threshold)
    return Figures(
        period,
        threshold,
        tuple(shown.rows),
        publication.trends(context, period, threshold),
        targets.targets_for(context, period),
        shown.recorded_on,
        period.end < context.clock.today(),
    )


def figures_note(figures: Figures) -> str:
    """What the coordinator should know of the figures' standing, under the legend."""
    if not figures.ended:
        return _(
            "The period runs until {end}: the figures change as cases are registered, and can "
            "be written to a file from the day after."
        ).format(end=format_date(figures.period.end))
    if figures.recorded_on is None:
        return _(
            "Not published yet: the first file records these figures, and every later file "
            "of the period shows the same."
        )
    return _(
        "Recorded on {day}, when first published: later changes to the cases are not in these "
        "figures, so that every file of the period shows the same."
    ).format(day=format_date(figures.recorded_on))


class IndicatorTableModel(QAbstractTableModel):
    """One indicator's published rows: breakdown, category, value (`..` when suppressed)."""

    COL_BREAKDOWN, COL_CATEGORY, COL_VALUE = range(3)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Published] = []
        self._bases: dict[tuple[str, str], Published] = {}  # a share's base, by cell
        self._threshold = DEFAULT_THRESHOLD
        self._bold = QFont()
        self._bold.setBold(True)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != DISPLAY:
            return None
        return {0: _("Breakdown"), 1: _("Category"), 2: _("Value")}.get(section)

    def data(self, index: ModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == DISPLAY:
            if column == self.COL_BREAKDOWN:
                return breakdown_label(row.breakdown)
            if column == self.COL_CATEGORY:
                return category_label(row.breakdown, row.category)
            return mark(row) if row.value is None else self._value_text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and row.value is None:
            return linked_legend() if row.linked else legend(self._threshold)
        if role == Qt.ItemDataRole.BackgroundRole and row.value is None:
            return QBrush(QColor("#eeeeee"))
        if role == Qt.ItemDataRole.FontRole and row.breakdown == TOTAL:
            return self._bold
        return None

    def _value_text(self, row: Published) -> str:
        """A share as "42 % of 57", its base beside it (`..` where the base is hidden)."""
        if row.unit != "percent":
            return str(row.value)
        base = self._bases.get((row.breakdown, row.category))
        if base is None:
            return f"{row.value} %"
        of = mark(base) if base.value is None else str(base.value)
        return _("{share} of {base}").format(share=f"{row.value} %", base=of)

    def set_rows(
        self,
        rows: Sequence[Published],
        threshold: int,
        bases: Sequence[Published] = (),
    ) -> None:
        self.beginResetModel()
        self._bases = {(b.breakdown, b.category): b for b in bases}
        self._rows = list(rows)
        self._threshold = threshold
        self.endResetModel()


class StatisticsView(QWidget):
    def __init__(
        self,
        context: ServiceContext,
        today: Callable[[], date],
        run_with_progress: RunWithProgress,
        on_failure: Callable[[BaseException], None],
        executor: StoreExecutor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statistics")
        self._context = context
        self._run_with_progress = run_with_progress
        self._on_failure = on_failure
        self._tasks = Runner(executor, latest="statistics")
        self.figures: Figures | None = None

        self.period = QComboBox()
        self.period.setObjectName("period")
        current = Period.quarter_of(today())
        for quarter in current.trailing(12)[::-1]:
            self.period.addItem(quarter.code, quarter.code)
        for year in range(today().year, today().year - 4, -1):
            self.period.addItem(str(year), str(year))
        self.period.setCurrentIndex(1)  # the last whole quarter
        self.threshold = QSpinBox()
        self.threshold.setRange(MIN_THRESHOLD, 50)
        self.threshold.setValue(DEFAULT_THRESHOLD)
        self.period_label = QLabel()
        self.threshold_label = QLabel()
        self.period_label.setBuddy(self.period)
        self.threshold_label.setBuddy(self.threshold)
        self.csv_button = QPushButton()
        self.xlsx_button = QPushButton()
        self.pdf_button = QPushButton()
        self.targets_button = QPushButton()
        self.indicators = QListWidget()
        self.indicators.setObjectName("indicators")
        self.indicators.setSpacing(3)
        for indicator in CATALOGUE:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, indicator.id)
            self.indicators.addItem(item)
        self.model = IndicatorTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.target = QLabel()
        self.target.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.chart = QChart()
        self.chart.legend().hide()
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)

        controls = QHBoxLayout()
        for widget in (self.period_label, self.period, self.threshold_label, self.threshold):
            controls.addWidget(widget)
        controls.addWidget(self.targets_button)
        controls.addStretch()
        for button in (self.csv_button, self.xlsx_button, self.pdf_button):
            controls.addWidget(button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.table, 3)
        right_layout.addWidget(self.target)
        right_layout.addWidget(self.chart_view, 2)
        splitter = QSplitter()
        splitter.addWidget(self.indicators)
        splitter.addWidget(right)
        splitter.setSizes([300, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.threshold.valueChanged.connect(lambda _v: self.refresh())
        self.indicators.currentRowChanged.connect(lambda _r: self._show_indicator())
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.targets_button.clicked.connect(self.edit_targets)
        self.indicators.setCurrentRow(0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.period_label.setText(_("&Period"))
        self.threshold_label.setText(_("&Threshold"))
        self.period.setAccessibleName(_("Period"))
        self.threshold.setAccessibleName(_("Threshold"))
        self.threshold.setToolTip(_("Counts from 1 to one less than this are not shown"))
        self.csv_button.setText(_("Export CSV…"))
        self.xlsx_button.setText(_("Export Excel…"))
        self.pdf_button.setText(_("Export PDF report…"))
        self.targets_button.setText(_("Targets…"))
        self.indicators.setAccessibleName(_("Indicators"))
        self.table.setAccessibleName(_("Figures of the indicator"))
        for index, indicator in enumerate(CATALOGUE):
            item = self.indicators.item(index)
            if item is not None:
                item.setText(_(indicator.title))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        self._show_indicator()

    # -- figures ------------------------------------------------------------------------------

    def selected_period(self) -> Period:
        return Period.parse(str(self.period.currentData()))

    def refresh(self) -> None:
        period, threshold = self.selected_period(), self.threshold.value()
        self.status.setText(_("Counting…"))
        self._tasks.run(
            lambda: load_figures(self._context, period, threshold), self._show, self._failed
        )

    def _show(self, figures: Figures) -> None:
        if (figures.period, figures.threshold) != (self.selected_period(), self.threshold.value()):
            return  # a newer choice is being counted
        self.figures = figures
        for button in (self.csv_button, self.xlsx_button, self.pdf_button):
            button.setEnabled(figures.ended)
            button.setToolTip("" if figures.ended else figures_note(figures))
        self._show_indicator()

    def _failed(self, error: BaseException) -> None:
        self.status.setText("")
        if not isinstance(error, NotPublished):
            self._on_failure(error)
            return
        # On a team server only what an administrator published can be shown: the view says
        # so where the figures would be, and nothing can be written.
        self.figures = None
        self.model.set_rows([], self.threshold.value(), [])
        self.target.setText("")
        self.chart.removeAllSeries()
        for button in (self.csv_button, self.xlsx_button, self.pdf_button):
            button.setEnabled(False)
            button.setToolTip(str(error))
        said = str(error)
        self.status.setText(said[:1].upper() + said[1:] + ".")

    def _show_indicator(self) -> None:
        item = self.indicators.currentItem()
        if self.figures is None or item is None:
            return
        indicator_id = item.data(Qt.ItemDataRole.UserRole)
        rows = [r for r in self.figures.rows if r.indicator == indicator_id]
        base_of = next((i.base for i in CATALOGUE if i.id == indicator_id), None)
        bases = [r for r in self.figures.rows if base_of and r.indicator == base_of]
        self.model.set_rows(rows, self.figures.threshold, bases)
        lines = legend_lines(self.figures.threshold, rows)
        self.status.setText("\n".join([*lines, figures_note(self.figures)]))
        target = self.figures.targets.get(indicator_id)
        total = next((r.value for r in rows if r.breakdown == TOTAL), None)
        self.target.setText(target_sentence(target, total) if target else "")
        self._draw(indicator_id, self.figures.trends.get(indicator_id, []), target)

    def _draw(self, indicator_id: str, points: list[TrendPoint], target: Target | None) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        indicator = next(i for i in CATALOGUE if i.id == indicator_id)
        self.chart.setTitle(
            _("Total, the last eight quarters ({unit})").format(
                unit=unit_label(indicator.unit.value)
            )
        )
        bars = QBarSet(_(indicator.title))
        bars.setColor(QColor("#1f4e79"))
        names = []
        for point in points:
            bars.append(point.value or 0)
            hidden = point.value is None
            names.append(f"{point.period} ({SUPPRESSED_MARK})" if hidden else point.period)
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        self.chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append(names)
        y_axis = QValueAxis()
        highest = max([p.value or 0 for p in points] + [target.value if target else 0, 5])
        y_axis.setRange(0, highest * 1.15)
        y_axis.setLabelFormat("%d")
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        if target is not None and points and target.applies_to(points[-1].period):
            line = QLineSeries()
            line.setName(_("target {period}").format(period=target.period))
            line.append(-0.5, target.value)
            line.append(len(points) - 0.5, target.value)
            pen = QPen(QColor("#c0504d"))
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setWidth(2)
            line.setPen(pen)
            self.chart.addSeries(line)
            line_axis = QValueAxis()
            line_axis.setRange(-0.5, len(points) - 0.5)
            line_axis.setVisible(False)
            self.chart.addAxis(line_axis, Qt.AlignmentFlag.AlignTop)
            line.attachAxis(line_axis)
            line.attachAxis(y_axis)

    def edit_targets(self) -> TargetsDialog:
        """The targets are a few rows: read and written directly, then the view recounts."""
        context = self._context
        dialog = TargetsDialog(
            lambda: targets.all_targets(context),
            lambda target: targets.set_target(context, target),
            lambda indicator, period: targets.remove_target(context, indicator, period),
            str(self.selected_period().start.year),
            self,
        )
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    # -- exports ------------------------------------------------------------------------------

    def export(self, kind: str) -> Path | None:
        figures = self.figures
        if figures is None:
            return None
        suggested = f"nyanland-statistik-{figures.period.code}.{kind}"
        filters = {
            "csv": _("CSV files (*.csv)"),
            "xlsx": _("Excel files (*.xlsx)"),
            "pdf": _("PDF files (*.pdf)"),
        }
        path = save_file_name(self, _("Export statistics"), suggested, filters[kind])
        if path is None:
            return None
        context = self._context

        def work() -> Path:
            statistics_export.export_statistics(
                context, figures.period, figures.threshold, StatisticsFormat(kind), path
            )
            return path

        self._run_with_progress(
            _("Writing the statistics…"),
            work,
            lambda written: self.status.setText(
                _("Statistics written to {file}.").format(file=written)
            ),
        )
        return path
