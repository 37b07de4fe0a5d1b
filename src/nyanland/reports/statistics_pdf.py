"""The quarterly statistics report as a PDF a municipality can publish: a title page, one
section per indicator with its table and an eight-quarter chart, the legend and the method.

Tagged PDF/A-2a, like the letters (reports/pdf_document.py): headings, tables with their
header cells, and each chart a figure whose alternative text says every bar's value, so a
screen reader reads what the eye sees."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from nyanland import __version__, i18n
from nyanland.domain.disclosure import Published
from nyanland.domain.indicators import BY_ID, CATALOGUE, TOTAL, Indicator, Target
from nyanland.i18n import _, format_date
from nyanland.reports import pdf_document
from nyanland.reports.labels import breakdown_label, category_label, unit_label
from nyanland.reports.statistics_xlsx import SUPPRESSED_MARK, legend_lines, mark, method_lines
from nyanland.reports.trend import TrendPoint

ACCENT, TARGET_RED = "#1f4e79", "#c0504d"


def statistics_pdf(
    rows: Sequence[Published],
    period: str,
    threshold: int,
    trends: dict[str, list[TrendPoint]],
    municipality: str,
    made_on: date,
    targets: Mapping[str, Target] | None = None,
) -> bytes:
    title = _("Integration statistics {period}").format(period=period)
    sections = []
    for indicator in CATALOGUE:
        mine = [r for r in rows if r.indicator == indicator.id]
        target = (targets or {}).get(indicator.id)
        title_of = _(indicator.title)
        said = ""
        if target is not None:
            total = next(r.value for r in mine if r.breakdown == TOTAL)
            said = f"<p>{escape(target_sentence(target, total))}</p>"
        legend = "".join(
            f'<p class="small">{escape(line)}</p>' for line in legend_lines(threshold, mine)
        )
        sections.append(
            f'<section class="indicator"><h2>{escape(title_of)}</h2>'
            f"{_table(indicator, mine)}{said}"
            f"{_chart(indicator, trends.get(indicator.id, []), target)}{legend}</section>"
        )
    method = "".join(f"<p>{escape(line)}</p>" for line in method_lines(threshold))
    made = _(
        "Made on {date} from the cases of the establishment phase. All figures are "
        "anonymised: see the legend and the method at the end."
    ).format(date=format_date(made_on))
    who = municipality or _("The municipality's integration follow-up")
    heading, said_period = _("Integration statistics"), _("Period: {period}").format(period=period)
    method_heading = _("Method")
    html = (
        f'<!DOCTYPE html><html lang="{i18n.current_language()}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<meta name="author" content="{escape(municipality or "nyanland")}">'
        f'<meta name="generator" content="nyanland {__version__}"></head><body>'
        f'<section class="cover"><h1>{escape(heading)}</h1>'
        f'<p class="subtitle">{escape(who)}</p>'
        f'<p class="subtitle">{escape(said_period)}</p>'
        f'<p class="made">{escape(made)}</p></section>'
        f"{''.join(sections)}"
        f'<section class="method"><h2>{escape(method_heading)}</h2>{method}</section>'
        "</body></html>"
    )
    return pdf_document.write_pdf(html, _css())


def _table(indicator: Indicator, rows: Sequence[Published]) -> str:
    unit = unit_label(indicator.unit.value)
    breakdown, category, value_heading = _("Breakdown"), _("Category"), _("Value")
    head = (
        f'<thead><tr><th scope="col">{escape(breakdown)}</th>'
        f'<th scope="col">{escape(category)}</th>'
        f'<th scope="col" class="n">{escape(value_heading)} ({escape(unit)})</th></tr></thead>'
    )
    body, previous = [], None
    for row in rows:
        name = breakdown_label(row.breakdown) if row.breakdown != previous else ""
        previous = row.breakdown
        value = mark(row) if row.value is None else f"{row.value}"
        total = ' class="total"' if row.breakdown == TOTAL else ""
        body.append(
            f"<tr{total}><td>{escape(name)}</td>"
            f'<th scope="row">{escape(category_label(row.breakdown, row.category))}</th>'
            f'<td class="n">{escape(value)}</td></tr>'
        )
    return f"<table>{head}<tbody>{''.join(body)}</tbody></table>"


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


# The chart's drawing, in its own units (1 unit = 0.25 mm on the page).
_W, _H, _LEFT, _BOTTOM, _TOP = 640, 150, 40, 22, 14


def _chart(indicator: Indicator, points: Sequence[TrendPoint], target: Target | None) -> str:
    caption = _("Total, the last eight quarters ({unit})").format(
        unit=unit_label(indicator.unit.value)
    )
    if not points:
        return f'<p class="small">{escape(caption)}: –</p>'
    described = ", ".join(
        f"{p.period} {SUPPRESSED_MARK if p.value is None else p.value}" for p in points
    )
    alt = f"{caption}: {described}"
    highest = max((p.value for p in points if p.value is not None), default=0)
    top = max(highest * 1.15, 5.0)
    shows_target = target is not None and all(target.applies_to(p.period) for p in points[-1:])
    if shows_target and target is not None:
        top = max(top, target.value * 1.15)
    plot_h = _H - _BOTTOM - _TOP
    step = (_W - _LEFT) / len(points)
    parts = [
        f'<line x1="{_LEFT}" y1="{_H - _BOTTOM}" x2="{_W}" y2="{_H - _BOTTOM}" stroke="#888"/>',
        f'<text x="{_LEFT - 4}" y="{_H - _BOTTOM}" text-anchor="end" class="t">0</text>',
        f'<text x="{_LEFT - 4}" y="{_TOP + 4}" text-anchor="end" class="t">{top:.0f}</text>',
    ]
    for index, point in enumerate(points):
        middle = _LEFT + step * (index + 0.5)
        parts.append(
            f'<text x="{middle:.1f}" y="{_H - 6}" text-anchor="middle" class="t">'
            f"{escape(point.period)}</text>"
        )
        if point.value is None:  # a suppressed quarter: marked, never drawn as a value
            parts.append(
                f'<text x="{middle:.1f}" y="{_H - _BOTTOM - 4}" text-anchor="middle" '
                f'class="b">{SUPPRESSED_MARK}</text>'
            )
            continue
        height = plot_h * point.value / top
        y = _H - _BOTTOM - height
        parts.append(
            f'<rect x="{middle - step * 0.22:.1f}" y="{y:.1f}" width="{step * 0.44:.1f}" '
            f'height="{height:.1f}" fill="{ACCENT}"/>'
            f'<text x="{middle:.1f}" y="{y - 3:.1f}" text-anchor="middle" class="t">'
            f"{point.value}</text>"
        )
    if shows_target and target is not None:
        y = _H - _BOTTOM - plot_h * target.value / top
        label = _("target {period}").format(period=target.period)
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_W}" y2="{y:.1f}" stroke="{TARGET_RED}" '
            f'stroke-width="1.5" stroke-dasharray="6 3"/>'
            f'<text x="{_LEFT + 2}" y="{y - 3:.1f}" class="t" fill="{TARGET_RED}">'
            f"{escape(label)}</text>"
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" width="160mm" '
        f'height="{_H / 4:.0f}mm" role="img"><title>{escape(alt)}</title>'
        f"<style>.t {{ font: 11px Letter; fill: #333; }} .b {{ font: bold 13px Letter; }}"
        f"</style>{''.join(parts)}</svg>"
    )
    return f'<figure>{svg}<figcaption class="small">{escape(caption)}</figcaption></figure>'


def _css() -> str:
    before, _n, after = _("Page {n}").partition("{n}")
    footer = _("Anonymised statistics – nyanland")
    return f"""
@page {{ size: A4; margin: 18mm 20mm 18mm 20mm;
  @bottom-left {{ content: "{_css_text(footer)}";
    font: 7.5pt Letter; color: #777; }}
  @bottom-right {{ content: "{_css_text(before)}" counter(page) "{_css_text(after)}";
    font: 7.5pt Letter; color: #777; }} }}
body {{ font-family: {pdf_document.FONT_STACK}; font-size: 9.5pt; line-height: 1.35; }}
.cover {{ break-after: page; padding-top: 50mm; }}
.cover h1 {{ font-size: 24pt; color: {ACCENT}; margin-bottom: 8mm; }}
.subtitle {{ font-size: 14pt; margin: 0 0 3mm 0; }}
.made {{ margin-top: 30mm; }}
.indicator {{ break-inside: avoid; margin-bottom: 5mm; }}
h2 {{ font-size: 13pt; color: {ACCENT}; margin: 4mm 0 2mm 0; }}
table {{ border-collapse: collapse; width: 165mm; font-size: 8.5pt; }}
thead th {{ background: #dde5ee; border-bottom: 0.6pt solid {ACCENT}; text-align: left; }}
th, td {{ padding: 0.5mm 1.5mm; text-align: left; font-weight: normal; }}
thead th, tr.total th, tr.total td {{ font-weight: bold; }}
tbody tr:last-child th, tbody tr:last-child td {{ border-bottom: 0.4pt solid #888; }}
.n {{ text-align: right; width: 35mm; }}
figure {{ margin: 3mm 0 1mm 0; }}
.small {{ font-size: 8pt; color: #555; margin: 0.5mm 0; }}
.method {{ break-before: page; }}
"""


def _css_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
