"""The register extract (registerutdrag) of GDPR article 15: everything nyanland stores about
one person, with who has looked at or changed the case, as a PDF to hand to them."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from enum import Enum
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from nyanland import __version__
from nyanland.domain.case import CaseData, JournalNote
from nyanland.domain.codes import Code
from nyanland.domain.identity import format_identity_number
from nyanland.i18n import _, format_date
from nyanland.reports import case_labels
from nyanland.reports.case_labels import Label
from nyanland.reports.statistics_pdf import LIGHT, REGULAR, _register_fonts, _styles


@dataclass(frozen=True)
class AccessEntry:
    """One line of the case's audit log as the person reads it."""

    occurred_at: datetime
    user: str
    what: str


@dataclass(frozen=True)
class TaskEntry:
    title: str
    due: date
    done: date | None


def register_extract_pdf(
    data: CaseData,
    case_number: str,
    assigned_officer: str | None,
    tasks: Sequence[TaskEntry],
    access: Sequence[AccessEntry],
    municipality: str,
    today: date,
) -> bytes:
    _register_fonts()
    styles = _styles()
    story: list[Flowable] = [
        Paragraph(escape(_("Register extract")), styles["title"]),
        Paragraph(escape(data.person.full_name), styles["subtitle"]),
        Spacer(1, 3 * mm),
        Paragraph(
            escape(
                _(
                    "Everything the integration unit{of} stores about you in nyanland, case "
                    "{number}, on {date}. You may ask for anything wrong to be corrected."
                ).format(
                    of=f" ({municipality})" if municipality else "",
                    number=case_number,
                    date=format_date(today),
                )
            ),
            styles["body"],
        ),
    ]

    def section(title: str, rows: list[tuple[str, str]]) -> None:
        story.append(Paragraph(escape(title), styles["heading"]))
        if not rows:
            story.append(Paragraph(escape(_("Nothing recorded.")), styles["body"]))
            return
        story.append(_table(rows, styles))

    section(_("Person"), _rows(data.person, case_labels.PERSON))
    officer = (_("Assigned officer"), assigned_officer or "–")
    section(_("Reception"), [*_rows(data.reception, case_labels.RECEPTION), officer])
    for title, items, labels in (
        (_("SFI"), data.sfi, case_labels.SFI_ENROLMENT),
        (
            _("Skills mapping"),
            (data.skills_mapping,) if data.skills_mapping else (),
            case_labels.SKILLS_MAPPING,
        ),
        (_("Placements"), data.placements, case_labels.PLACEMENT),
        (_("Housing"), data.housing, case_labels.HOUSING),
        (_("Closure"), (data.closure,) if data.closure else (), case_labels.CLOSURE),
        (_("Journal"), _as_kept(data.notes), _JOURNAL_LABELS),
    ):
        rows: list[tuple[str, str]] = []
        for index, item in enumerate(items):
            if index:
                rows.append(("", ""))
            rows += _rows(item, labels)
        section(title, rows)
    section(
        _("Tasks"),
        [
            (
                t.title,
                _("due {due}").format(due=format_date(t.due))
                + (", " + _("done {done}").format(done=format_date(t.done)) if t.done else ""),
            )
            for t in tasks
        ],
    )
    section(
        _("Who has handled your case"),
        [
            (f"{format_date(e.occurred_at.date())} {e.occurred_at:%H:%M}", f"{e.user}: {e.what}")
            for e in access
        ],
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Register extract"),
        author="nyanland " + __version__,
    )
    document.build(story)
    return buffer.getvalue()


# A journal entry as the extract shows it: no internal identity; a correction names the date
# of the entry it corrects.
_JOURNAL_LABELS = {k: v for k, v in case_labels.JOURNAL_NOTE.items() if k != "uid"}


def _as_kept(notes: tuple[JournalNote, ...]) -> tuple[JournalNote, ...]:
    dates = {note.uid: format_date(note.date) for note in notes}
    return tuple(
        replace(note, corrects=_("the entry of {date}").format(date=dates[note.corrects]))
        if note.corrects in dates
        else note
        for note in notes
    )


def _rows(item: Any, labels: dict[str, Label]) -> list[tuple[str, str]]:
    shown = {f.name for f in fields(item)}
    number = getattr(item, "personal_identity_number", None)
    if number:
        item = replace(item, personal_identity_number=format_identity_number(number))
    return [
        (label(), _text(getattr(item, name))) for name, label in labels.items() if name in shown
    ]


def _text(value: Any) -> str:
    if value is None or value == ():
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Code):
        return value.label
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return f"{format_date(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, tuple):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _table(rows: list[tuple[str, str]], styles: dict[str, Any]) -> Table:
    cells = [
        [Paragraph(escape(label), styles["small"]), Paragraph(escape(value), styles["body"])]
        for label, value in rows
    ]
    table = Table(cells, colWidths=[55 * mm, 115 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, LIGHT),
                ("TEXTCOLOR", (0, 0), (0, -1), colors.HexColor("#555555")),
            ]
        )
    )
    return table
