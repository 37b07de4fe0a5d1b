"""The journal as a record that stands up (the case-record rules for municipal documentation):
an entry's author and time are the signed-in account and the clock, a saved entry is never
changed or removed, and a correction is a new entry that names the one it corrects. Both stay,
and both are shown."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from nyanland.domain.case import JournalNote
from nyanland.domain.errors import FieldError
from nyanland.i18n import _


def settle(
    before: tuple[JournalNote, ...],
    after: tuple[JournalNote, ...],
    author: str | None,
    now: datetime,
) -> tuple[JournalNote, ...]:
    """The journal to save: every saved entry of `before` kept exactly, each new entry of
    `after` (one without an uid) stamped with its author and time; FieldError if a saved
    entry was changed or left out, or a correction names no entry of the case. `author`
    None keeps what a new entry says (a case file's author, an import's)."""
    saved = {note.uid: note for note in before if note.uid is not None}
    kept: set[str] = set()
    settled: list[JournalNote] = []
    for index, note in enumerate(after):
        if note.uid is None:
            note = stamp(note, author, now)
        elif note.uid in saved:
            if note != saved[note.uid]:
                raise FieldError(
                    f"notes[{index}]",
                    _("a saved journal entry cannot be changed: write a correction of it"),
                )
            kept.add(note.uid)
        settled.append(note)
    if kept != set(saved):
        raise FieldError(
            "notes", _("a saved journal entry cannot be removed: write a correction of it")
        )
    known = {note.uid for note in settled}
    for index, note in enumerate(settled):
        if note.corrects is not None and note.corrects not in known:
            raise FieldError(f"notes[{index}]", _("corrects an entry this case does not have"))
    return tuple(sorted(settled, key=order))


def stamp(note: JournalNote, author: str | None, now: datetime) -> JournalNote:
    """A new entry as it is saved: its own identity, the time, and who wrote it."""
    return replace(
        note,
        uid=str(uuid.uuid4()),
        written_at=now,
        author=author if author is not None else note.author,
    )


def order(note: JournalNote) -> tuple[object, ...]:
    """By the date it is about, then as written (entries of before the journal kept times
    first, in the order they had)."""
    return (note.date, note.written_at is not None, note.written_at or datetime.min)


def correction(of: JournalNote, written: JournalNote) -> JournalNote:
    """A new entry, as written in the correction dialog, that corrects `of`."""
    return replace(written, uid=None, written_at=None, author=None, corrects=of.uid)


def corrected(notes: tuple[JournalNote, ...]) -> dict[str, JournalNote]:
    """Each corrected entry's uid, with the entry that corrects it (the latest)."""
    found: dict[str, JournalNote] = {}
    for note in notes:
        if note.corrects is not None:
            found[note.corrects] = note
    return found
