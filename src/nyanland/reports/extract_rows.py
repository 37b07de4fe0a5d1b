"""What the register extract (registerutdrag, GDPR article 15) lists of one person: every
section of the case, its tasks and who has handled it, as labelled rows. The labels are the
form's (in the language spoken while this runs: services/letters.py has it speak Swedish);
the section headings are the letters catalogue's, so each part of the extract has its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from enum import Enum
from typing import Any

from nyanland.domain.case import CaseData, JournalNote
from nyanland.domain.codes import Code
from nyanland.domain.consents import Consent
from nyanland.domain.identity import format_identity_number
from nyanland.i18n import _, format_date
from nyanland.reports import case_labels
from nyanland.reports.case_labels import Label
from nyanland.reports.letter_catalogues import L_

Rows = tuple[tuple[str, str], ...]


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


@dataclass(frozen=True)
class DocumentEntry:
    """A document kept on the case (services/attachments.py)."""

    name: str
    media_type: str
    added: date
    added_by: str


def extract_rows(
    data: CaseData,
    assigned_officer: str | None,
    tasks: Sequence[TaskEntry],
    access: Sequence[AccessEntry],
    documents: Sequence[DocumentEntry] = (),
    consents: Sequence[Consent] = (),
) -> tuple[tuple[str, Rows], ...]:
    """(heading msgid, rows) for each section; a section with nothing has no rows."""
    officer = (_("Assigned officer"), assigned_officer or "–")
    sections: list[tuple[str, Rows]] = [
        (L_("Person"), _rows(data.person, case_labels.PERSON)),
        (L_("Reception"), (*_rows(data.reception, case_labels.RECEPTION), officer)),
    ]
    for title, items, labels in (
        (L_("SFI"), data.sfi, case_labels.SFI_ENROLMENT),
        (
            L_("Skills mapping"),
            (data.skills_mapping,) if data.skills_mapping else (),
            case_labels.SKILLS_MAPPING,
        ),
        (L_("Placements"), data.placements, case_labels.PLACEMENT),
        (L_("Housing"), data.housing, case_labels.HOUSING),
        (L_("Closure"), (data.closure,) if data.closure else (), case_labels.CLOSURE),
        (L_("Journal"), _as_kept(data.notes), _JOURNAL_LABELS),
    ):
        rows: list[tuple[str, str]] = []
        for index, item in enumerate(items):
            if index:
                rows.append(("", ""))
            rows += _rows(item, labels)
        sections.append((title, tuple(rows)))
    task_rows = tuple(
        (
            t.title,
            _("due {due}").format(due=format_date(t.due))
            + (", " + _("done {done}").format(done=format_date(t.done)) if t.done else ""),
        )
        for t in tasks
    )
    access_rows = tuple(
        (f"{format_date(e.occurred_at.date())} {e.occurred_at:%H:%M}", f"{e.user}: {e.what}")
        for e in access
    )
    document_rows = tuple(
        (d.name, _("kept {date} by {user}").format(date=format_date(d.added), user=d.added_by))
        for d in documents
    )
    consent_rows = tuple(
        (
            c.purpose.label + (f" ({c.recipient})" if c.recipient else ""),
            _("given {date}").format(date=format_date(c.given_on))
            + (
                ", " + _("withdrawn {date}").format(date=format_date(c.withdrawn_on))
                if c.withdrawn_on
                else ""
            ),
        )
        for c in consents
    )
    return (
        *sections,
        (L_("Tasks"), task_rows),
        (L_("Consents"), consent_rows),
        (L_("Documents"), document_rows),
        (L_("Who has handled your case"), access_rows),
    )


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


def _rows(item: Any, labels: dict[str, Label]) -> Rows:
    shown = {f.name for f in fields(item)}
    number = getattr(item, "personal_identity_number", None)
    if number:
        item = replace(item, personal_identity_number=format_identity_number(number))
    return tuple(
        (label(), _text(getattr(item, name))) for name, label in labels.items() if name in shown
    )


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
