"""A case on a time axis from reception to the end of establishment: the milestones against
their deadlines (late in red), placements and housing as bars, and today."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from nyanland.domain.case import CaseData
from nyanland.domain.codes import HousingKind
from nyanland.domain.milestones import Milestone, State
from nyanland.domain.timeline import add_months
from nyanland.i18n import _, format_date

ACCENT = QColor("#1f4e79")
LATE = QColor("#b00020")
DONE = QColor("#2e7d32")
TEMPORARY = QColor("#c98a00")
MUTED = QColor("#8a8a8a")
COLOURS = {State.DONE: DONE, State.DONE_LATE: TEMPORARY, State.DUE: ACCENT, State.LATE: LATE}


class TimelineView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._data: CaseData | None = None
        self._milestones: list[Milestone] = []
        self._today = date.today()

    def sizeHint(self) -> QSize:
        return QSize(600, self.fontMetrics().height() * 9)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.fontMetrics().height() * 9)

    def show_case(self, data: CaseData | None, milestones: list[Milestone], today: date) -> None:
        self._data, self._milestones, self._today = data, milestones, today
        states = {
            State.DONE: _("done"),
            State.DONE_LATE: _("done late"),
            State.DUE: _("due"),
            State.LATE: _("late"),
        }
        summary = "; ".join(
            f"{_(m.name)}: {format_date(m.due)} ({states[m.state]})" for m in milestones
        )
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        data = self._data
        if data is None or not self._milestones:
            return
        start = data.reception.reception_date
        end = max(
            [m.due for m in self._milestones]
            + [m.done for m in self._milestones if m.done]
            + [self._today]
        ) + timedelta(days=20)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = self.fontMetrics().height()
        left, right = 8.0, self.width() - 8.0
        axis_y = line * 4.2

        def x(day: date) -> float:
            span = max((end - start).days, 1)
            return left + (right - left) * min(max((day - start).days, 0), span) / span

        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        painter.setFont(small)
        # The axis with a tick every third month.
        painter.setPen(QPen(MUTED, 1))
        painter.drawLine(QPointF(left, axis_y), QPointF(right, axis_y))
        tick = date(start.year, start.month, 1)
        while tick <= end:
            if tick >= start:
                painter.drawLine(QPointF(x(tick), axis_y - 3), QPointF(x(tick), axis_y + 3))
                label = format_date(tick, "MMM yy")
                if x(tick) + 2 + painter.fontMetrics().horizontalAdvance(label) <= self.width():
                    painter.drawText(QPointF(x(tick) + 2, axis_y + line), label)  # or none
            tick = add_months(tick, 3)
        # Placements and housing as bars under the axis, each lane named at its right end.
        temporary = (HousingKind.TEMPORARY, HousingKind.EVACUATION)
        lanes = (
            (_("Placements"), [(p.start_date, p.end_date, ACCENT) for p in data.placements]),
            (
                _("Housing"),
                [
                    (h.move_in_date, h.move_out_date, TEMPORARY if h.kind in temporary else MUTED)
                    for h in data.housing
                ],
            ),
        )
        for row, (label, bars) in enumerate(lanes):
            top = axis_y + line * (2.4 + row * 1.9)
            painter.setPen(QPen(MUTED))
            painter.drawText(QPointF(left, top - 3), label)
            for begin, finish, colour in bars:
                width = max(x(finish or end) - x(begin), 3.0)
                painter.fillRect(QRectF(x(begin), top, width, line * 0.7), QBrush(colour))
        # Today: the line first, so no label is crossed by it; its label at the top, kept
        # inside the widget.
        metrics = painter.fontMetrics()
        painter.setPen(QPen(LATE, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x(self._today), line * 0.2), QPointF(x(self._today), axis_y + 4))
        today = _("today")
        width = metrics.horizontalAdvance(today)
        today_x = x(self._today) + 3
        if today_x + width > right:
            today_x = x(self._today) - 3 - width
        painter.drawText(QPointF(today_x, line * 0.9), today)
        # Milestones as diamonds above the axis: hollow when due, filled when done; each name
        # in the first of two rows where it overlaps no other name, on the window's colour.
        taken: list[list[tuple[float, float]]] = [[], []]
        background = self.palette().window()
        for milestone in sorted(self._milestones, key=lambda m: m.done or m.due):
            colour = COLOURS[milestone.state]
            centre = QPointF(x(milestone.done or milestone.due), axis_y - line * 0.6)
            size = line * 0.4
            diamond = QPolygonF(
                [
                    centre + QPointF(0, -size),
                    centre + QPointF(size, 0),
                    centre + QPointF(0, size),
                    centre + QPointF(-size, 0),
                ]
            )
            painter.setPen(QPen(colour, 2))
            done = milestone.done is not None
            painter.setBrush(QBrush(colour) if done else Qt.BrushStyle.NoBrush)
            painter.drawPolygon(diamond)
            text = _(milestone.name)
            width = metrics.horizontalAdvance(text)
            text_x = min(max(centre.x() - width / 2, left), right - width)
            span = (text_x - 4, text_x + width + 4)
            row = next(
                (
                    r
                    for r, spans in enumerate(taken)
                    if all(span[0] > b or span[1] < a for a, b in spans)
                ),
                min(range(len(taken)), key=lambda r: len(taken[r])),
            )
            taken[row].append(span)
            baseline = axis_y - line * (1.3 + 1.0 * row)
            box = QRectF(text_x - 1, baseline - metrics.ascent(), width + 2, metrics.height())
            painter.fillRect(box, background)
            painter.setPen(QPen(colour))
            painter.drawText(QPointF(text_x, baseline), text)
        painter.end()
