"""A printed list of the cases chosen in the case list (for a meeting, a hand-over on paper):
number, name, birth date, reception, officer and status, as a tagged PDF/A like every other
document nyanland writes. It holds names: the footer says it is not for anyone else."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from nyanland import __version__, i18n
from nyanland.i18n import _, format_date, ngettext
from nyanland.reports import pdf_document

ACCENT = "#1f4e79"


@dataclass(frozen=True)
class ListedCase:
    case_number: str
    name: str
    birth_date: date
    reception_date: date
    officer: str | None
    closure_date: date | None


def case_list_pdf(cases: Sequence[ListedCase], made_by: str, made_on: date) -> bytes:
    title = _("Case list")
    headers = [
        _("Case number"),
        _("Name"),
        _("Date of birth"),
        _("Reception date"),
        _("Officer"),
        _("Status"),
    ]
    rows = []
    for case in cases:
        status = (
            _("closed {date}").format(date=format_date(case.closure_date))
            if case.closure_date is not None
            else _("open")
        )
        cells = [
            case.case_number,
            case.name,
            format_date(case.birth_date),
            format_date(case.reception_date),
            case.officer or "–",
            status,
        ]
        rows.append(
            f'<tr><th scope="row">{escape(cells[0])}</th>'
            + "".join(f"<td>{escape(cell)}</td>" for cell in cells[1:])
            + "</tr>"
        )
    head = "".join(f'<th scope="col">{escape(header)}</th>' for header in headers)
    said = ngettext(
        "{n} case, printed by {user} on {date}.",
        "{n} cases, printed by {user} on {date}.",
        len(cases),
    ).format(n=len(cases), user=made_by, date=format_date(made_on))
    html = (
        f'<!DOCTYPE html><html lang="{i18n.current_language()}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<meta name="generator" content="nyanland {__version__}"></head><body>'
        f"<h1>{escape(title)}</h1><p>{escape(said)}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</body></html>"
    )
    return pdf_document.write_pdf(html, _css())


def _css() -> str:
    before, _n, after = _("Page {n}").partition("{n}")
    footer = _("Personal data – for the case's officers only (nyanland)")
    return f"""
@page {{ size: A4 landscape; margin: 15mm 15mm 15mm 15mm;
  @bottom-left {{ content: "{_text(footer)}"; font: 7.5pt Letter; color: #777; }}
  @bottom-right {{ content: "{_text(before)}" counter(page) "{_text(after)}";
    font: 7.5pt Letter; color: #777; }} }}
body {{ font-family: {pdf_document.FONT_STACK}; font-size: 9.5pt; line-height: 1.35; }}
h1 {{ font-size: 16pt; color: {ACCENT}; margin: 0 0 2mm 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9pt; }}
thead th {{ background: #dde5ee; border-bottom: 0.6pt solid {ACCENT}; text-align: left; }}
thead {{ display: table-header-group; }}
th, td {{ padding: 0.8mm 1.5mm; text-align: left; font-weight: normal; }}
thead th {{ font-weight: bold; }}
tbody tr {{ border-bottom: 0.3pt solid #bbb; break-inside: avoid; }}
"""


def _text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
