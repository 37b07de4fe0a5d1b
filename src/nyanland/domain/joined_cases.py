"""Two cases of one person made one (*Slå ihop ärenden*): nothing of either is lost.

The kept case's values stay; a field it lacks takes the other case's value; every list (SFI
courses, placements, housing, journal) holds the entries of both; and whatever of the other
case differs from what is kept is written, field by field, in a journal entry that says the
cases were joined. The other case is then removed (services/case_merge.py)."""

from __future__ import annotations

import uuid
from dataclasses import fields, replace
from datetime import date, datetime
from typing import Any

from nyanland.domain import journal
from nyanland.domain.case import CaseData, JournalNote
from nyanland.domain.codes import Code, NoteKind, Sex
from nyanland.domain.sections import PERSON, RECEPTION
from nyanland.i18n import _


def join(
    kept: CaseData,
    other: CaseData,
    other_number: str,
    author: str,
    now: datetime,
) -> CaseData:
    """`kept` with everything of `other` (see the module's text)."""
    person, person_differs = _filled(kept.person, other.person, PERSON.labels())
    person = replace(
        person,
        languages=tuple(dict.fromkeys(kept.person.languages + other.person.languages)),
        interpreter_needed=kept.person.interpreter_needed or other.person.interpreter_needed,
        # One of them protected: the person is (the stricter rule wins).
        protected_identity=kept.person.protected_identity or other.person.protected_identity,
    )
    reception, reception_differs = _filled(kept.reception, other.reception, RECEPTION.labels())
    differs = person_differs + reception_differs
    if other.skills_mapping is not None and kept.skills_mapping not in (None, other.skills_mapping):
        differs.append(_("the skills mapping (kept the one of this case)"))
    if other.closure is not None and kept.closure != other.closure:
        differs.append(
            _("closed on {date} with the outcome {outcome}").format(
                date=other.closure.date.isoformat(), outcome=other.closure.outcome.label
            )
        )
    text = _("Case {number} joined into this case: the same person.").format(number=other_number)
    if differs:
        text += " " + _("Recorded there otherwise: {values}.").format(values="; ".join(differs))
    note = journal.stamp(JournalNote(now.date(), text, kind=NoteKind.DECISION), author, now)
    return replace(
        kept,
        person=person,
        reception=reception,
        sfi=_together(kept.sfi, other.sfi),
        skills_mapping=kept.skills_mapping or other.skills_mapping,
        placements=_together(kept.placements, other.placements),
        housing=_together(kept.housing, other.housing),
        closure=kept.closure,
        notes=tuple(sorted((*kept.notes, *_moved(other.notes), note), key=journal.order)),
    )


def _filled(kept: Any, other: Any, labels: dict[str, Any]) -> tuple[Any, list[str]]:
    """`kept` with its empty fields taken from `other`, and what of `other` differs."""
    taken: dict[str, Any] = {}
    differs: list[str] = []
    for field in fields(kept):
        mine, theirs = getattr(kept, field.name), getattr(other, field.name)
        if field.name in ("languages", "interpreter_needed", "protected_identity"):
            continue
        if _empty(theirs) or mine == theirs:
            continue
        if _empty(mine):
            taken[field.name] = theirs
        else:
            differs.append(f"{labels[field.name]()}: {_shown(theirs)}")
    return replace(kept, **taken), differs


def _empty(value: object) -> bool:
    return value is None or value == "" or value == () or value is Sex.UNKNOWN


def _shown(value: object) -> str:
    if isinstance(value, Code):
        return value.label
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _together(kept: tuple[Any, ...], other: tuple[Any, ...]) -> tuple[Any, ...]:
    """Both lists; an entry the kept case has already is there once."""
    return kept + tuple(item for item in other if item not in kept)


def _moved(notes: tuple[JournalNote, ...]) -> tuple[JournalNote, ...]:
    """The other case's journal as written (author, time, kind, text), each entry with an
    identity of its own in the kept case, corrections still naming what they correct."""
    renamed = {note.uid: str(uuid.uuid4()) for note in notes if note.uid is not None}
    return tuple(
        replace(
            note,
            uid=renamed.get(note.uid) if note.uid else None,
            corrects=renamed.get(note.corrects) if note.corrects else None,
        )
        for note in notes
    )
