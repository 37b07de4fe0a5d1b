"""The quarterly statistics report as a PDF a municipality can publish: a title page, one
section per indicator with its table and an eight-quarter chart, the legend and the method."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from nyanland import __version__
from nyanland.domain.disclosure import Published
from nyanland.domain.indicators import BY_ID, CATALOGUE, TOTAL, Indicator, Target
from nyanland.i18n import _, format_date
from nyanland.reports.labels import breakdown_label, category_label, unit_label
from nyanland.reports.statistics_xlsx import SUPPRESSED_MARK, legend_lines, mark, method_lines
from nyanland.reports.trend import TrendPoint

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
ACCENT = colors.HexColor("#1f4e79")
LIGHT = colors.HexColor("#dde5ee")


def _register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
        # Charts start in the graphics renderer's default font (Helvetica, not embedded);
        # every drawing in nyanland uses ours, so the default becomes ours too.
        STATE_DEFAULTS["fontName"] = REGULAR


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#555555")
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=BOLD,
            fontSize=24,
            leading=30,
            textColor=ACCENT,
            spaceAfter=8 * mm,
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=14, leading=18),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=BOLD,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceBefore=4 * mm,
            spaceAfter=2 * mm,
        ),
    }


def statistics_pdf(
    rows: Sequence[Published],
    period: str,
    threshold: int,
    trends: dict[str, list[TrendPoint]],
    municipality: str,
    made_on: date,
    targets: Mapping[str, Target] | None = None,
) -> bytes:
    _register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        initialFontName=REGULAR,
        title=_("Integration statistics {period}").format(period=period),
        author=municipality or "nyanland",
        creator=f"nyanland {__version__}",
    )
    story: list[Flowable] = [
        Spacer(1, 50 * mm),
        Paragraph(_("Integration statistics"), styles["title"]),
        Paragraph(
            municipality or _("The municipality's integration follow-up"), styles["subtitle"]
        ),
        Spacer(1, 4 * mm),
        Paragraph(_("Period: {period}").format(period=period), styles["subtitle"]),
        Spacer(1, 30 * mm),
        Paragraph(
            _(
                "Made on {date} from the cases of the establishment phase. All figures are "
                "anonymised: see the legend and the method at the end."
            ).format(date=format_date(made_on)),
            styles["body"],
        ),
        PageBreak(),
    ]
    for indicator in CATALOGUE:
        mine = [r for r in rows if r.indicator == indicator.id]
        target = (targets or {}).get(indicator.id)
        section: list[Flowable] = [
            Paragraph(_(indicator.title), styles["heading"]),
            _table(indicator, mine),
        ]
        if target is not None:
            total = next(r.value for r in mine if r.breakdown == TOTAL)
            section.append(Spacer(1, 2 * mm))
            section.append(Paragraph(target_sentence(target, total), styles["body"]))
        section += [
            Spacer(1, 3 * mm),
            _chart(indicator, trends.get(indicator.id, []), target),
            *(Paragraph(line, styles["small"]) for line in legend_lines(threshold, mine)),
        ]
        story.append(KeepTogether(section))
        story.append(Spacer(1, 4 * mm))
    story.append(PageBreak())
    story.append(Paragraph(_("Method"), styles["heading"]))
    for line in method_lines(threshold):
        story.append(Paragraph(line, styles["body"]))
        story.append(Spacer(1, 2 * mm))
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def _table(indicator: Indicator, rows: Sequence[Published]) -> Table:
    data: list[list[str]] = [[_("Breakdown"), _("Category"), _("Value")]]
    unit = unit_label(indicator.unit.value)
    previous = None
    for row in rows:
        name = breakdown_label(row.breakdown) if row.breakdown != previous else ""
        previous = row.breakdown
        value = mark(row) if row.value is None else f"{row.value}"
        data.append([name, category_label(row.breakdown, row.category), value])
    data[0][2] = f"{_('Value')} ({unit})"
    table = Table(data, colWidths=(45 * mm, 85 * mm, 35 * mm), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
                ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
                ("FONT", (0, 1), (-1, 1), BOLD, 8.5),  # the total
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
                ("LINEBELOW", (0, -1), (-1, -1), 0.4, colors.grey),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def target_sentence(target: Target, total: int | None) -> str:
    """`Target 2026: at least 50 percent – met.`"""
    unit = unit_label(BY_ID[target.indicator].unit.value)
    met = target.met_by(total)
    verdict = {True: _("met"), False: _("not met"), None: _("cannot be judged (not shown)")}
    return _("Target {period}: {comparison} {value} {unit} – {verdict}.").format(
        period=target.period,
        comparison=target.comparison.label,
        value=target.value,
        unit=unit,
        verdict=verdict[met],
    )


def _chart(indicator: Indicator, points: Sequence[TrendPoint], target: Target | None) -> Drawing:
    drawing = Drawing(165 * mm, 45 * mm)
    drawing.add(
        String(
            0,
            41 * mm,
            _("Total, the last eight quarters ({unit})").format(
                unit=unit_label(indicator.unit.value)
            ),
            fontName=REGULAR,
            fontSize=8,
        )
    )
    if not points:
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y = int(12 * mm), int(8 * mm)
    chart.width, chart.height = int(150 * mm), int(30 * mm)
    chart.data = [[p.value for p in points]]
    chart.bars[0].fillColor = ACCENT
    chart.barWidth = 6
    chart.categoryAxis.categoryNames = [p.period for p in points]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    highest = max((p.value for p in points if p.value is not None), default=0)
    chart.valueAxis.valueMax = max(highest * 1.15, 5)
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 5
    drawing.add(chart)
    if target is not None and all(target.applies_to(p.period) for p in points[-1:]):
        chart.valueAxis.valueMax = max(chart.valueAxis.valueMax, target.value * 1.15)
        height = chart.y + chart.height * target.value / chart.valueAxis.valueMax
        drawing.add(
            Line(
                chart.x,
                height,
                chart.x + chart.width,
                height,
                strokeColor=colors.HexColor("#c0504d"),
                strokeWidth=1,
                strokeDashArray=[4, 2],
            )
        )
        drawing.add(
            String(
                chart.x - 2,
                height + 2,
                _("target {period}").format(period=target.period),
                fontName=REGULAR,
                fontSize=6.5,
                textAnchor="end",
                fillColor=colors.HexColor("#c0504d"),
            )
        )
    step = chart.width / max(len(points), 1)
    for index, point in enumerate(points):
        if point.value is None:  # a suppressed quarter: marked, never drawn as a value
            drawing.add(
                String(
                    chart.x + step * (index + 0.5),
                    chart.y + 2,
                    SUPPRESSED_MARK,
                    fontName=BOLD,
                    fontSize=8,
                    textAnchor="middle",
                )
            )
    return drawing


def _footer(canvas: Canvas, _document: object) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColor(colors.grey)
    page = canvas.getPageNumber()
    canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, _("Page {n}").format(n=page))
    canvas.drawString(20 * mm, 10 * mm, _("Anonymised statistics – nyanland"))
    canvas.restoreState()
