"""Letters to the person, from the case: written in their language and Swedish, and kept.

Writing a letter puts a journal entry in the case (what, to whom, in which languages), an
entry in the audit log, and the letter itself in the case's `letters` (its HTML and text),
so what was sent can be shown, and printed again, later. The PDF is laid out before the
store is touched: a letter that cannot be written leaves the case as it was."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from nyanland.domain import journal
from nyanland.domain.case import JournalNote
from nyanland.domain.consents import Consent, ConsentPurpose
from nyanland.domain.errors import FieldError, NotFound, StaleVersion
from nyanland.domain.letters import (
    LANGUAGES,
    LetterKind,
    Meeting,
    check_language,
    check_meeting,
    check_phone,
    language_in_text,
    languages_for,
)
from nyanland.domain.roles import Permission
from nyanland.i18n import _, speaking
from nyanland.reports.letter_pdf import WrittenLetter
from nyanland.services import audit, letter_sender
from nyanland.services.access import require
from nyanland.services.audit import AuditAction, action_label
from nyanland.services.case_rows import (
    case_data_from_row,
    row_for_update,
    visible_case_row,
    write_case,
)
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseRecord
from nyanland.services.tasks import tasks_of
from nyanland.store.models import AttachmentRow, AuditEventRow, ConsentRow, LetterRow

# What the person is told about in the register extract: who looked at, changed or handed
# out their data.
_TOLD = {
    AuditAction.CASE_CREATED,
    AuditAction.CASE_VIEWED,
    AuditAction.CASE_CHANGED,
    AuditAction.CASE_CLOSED,
    AuditAction.CASE_PRINTED,
    AuditAction.LETTER_WRITTEN,
}
NAME_MAX = 100
WRITE_ATTEMPTS = 3  # laid out again when a colleague saved the case meanwhile


@dataclass(frozen=True)
class Signer:
    """The officer as the letter names them; the phone is the unit's when left empty."""

    name: str
    phone: str = ""


@dataclass(frozen=True)
class Written:
    pdf: bytes
    record: CaseRecord
    letter_id: int
    drafts: tuple[str, ...]


@dataclass(frozen=True)
class SentLetter:
    id: int
    kind: LetterKind
    language: str
    drafts: tuple[str, ...]
    written_by: str
    written_at: datetime
    text: str


def languages(context: ServiceContext, case_id: int) -> list[str]:
    """The codes a letter to this person may be written in, theirs first, Swedish last."""
    require(context, Permission.CASES, case_id)
    data = CaseService(context).get(case_id).data
    return [lang.code for lang in languages_for(data.person.languages)]


def preview(
    context: ServiceContext,
    record: CaseRecord,
    kind: LetterKind,
    language: str,
    signer: Signer,
    meeting: Meeting | None = None,
) -> WrittenLetter:
    """The letter as it would be written from the case the window has open (its opening was
    logged), recorded nowhere: the dialog's preview, redrawn as the officer types."""
    return _compose(context, record, kind, language, signer, meeting)


def _compose(
    context: ServiceContext,
    record: CaseRecord,
    kind: LetterKind,
    language: str,
    signer: Signer,
    meeting: Meeting | None,
) -> WrittenLetter:
    from nyanland.reports.letter_pdf import write_letter

    require(context, Permission.CASES, record.id)
    signer = _checked(signer)
    lang = check_language(language, record.data.person.languages)
    if kind is LetterKind.MEETING:
        meeting = check_meeting(meeting, context.clock.today())
    facts = letter_sender.facts_of(record, meeting, context.clock.today())
    if kind is LetterKind.EXTRACT:
        facts = replace(facts, extract_rows=_extract_rows(context, record))
    sender = replace(
        letter_sender.sender(context, name_required=kind is not LetterKind.EXTRACT),
        officer=signer.name,
        officer_phone=signer.phone,
    )
    return write_letter(kind, lang, facts, sender, letter_sender.local_wording(context))


def write(
    context: ServiceContext,
    case_id: int,
    kind: LetterKind,
    language: str,
    signer: Signer,
    meeting: Meeting | None = None,
    expected_version: int | None = None,
) -> Written:
    """Writes the letter, and records it in the case (journal, audit, letters). With no
    `expected_version` (the command line opened nothing), a case changed by someone else
    while the letter was laid out is read again and the letter laid out anew."""
    require(context, Permission.CASES, case_id)
    for _attempt in range(WRITE_ATTEMPTS - 1):
        try:
            return _write(context, case_id, kind, language, signer, meeting, expected_version)
        except StaleVersion:
            if expected_version is not None:
                raise
    return _write(context, case_id, kind, language, signer, meeting, expected_version)


def _write(
    context: ServiceContext,
    case_id: int,
    kind: LetterKind,
    language: str,
    signer: Signer,
    meeting: Meeting | None,
    expected_version: int | None,
) -> Written:
    record = CaseService(context).current(case_id)  # the letter's own entry logs the use
    written = _compose(context, record, kind, language, signer, meeting)
    lang = LANGUAGES[language]
    now = context.clock.now()
    with context.store.writing() as session:
        version = record.version if expected_version is None else expected_version
        row = row_for_update(session, context, case_id, version)
        before = case_data_from_row(row)
        names = " + ".join(language_in_text(code) for code in _codes(lang.code))
        said = _("Letter written: {kind} in {languages}, to {name}.").format(
            kind=kind.label, languages=names, name=record.data.person.full_name
        )
        note = journal.stamp(JournalNote(now.date(), said), context.actor.name, now)
        after = replace(before, notes=tuple(sorted((*before.notes, note), key=journal.order)))
        write_case(session, row, after, row.case_number, now)
        letter = LetterRow(
            case_id=case_id,
            kind=kind.value,
            language=lang.code,
            drafts=" ".join(written.drafts),
            written_by=context.actor.name,
            written_at=now,
            html=written.html,
            text=written.text,
        )
        session.add(letter)
        session.flush()
        action = (
            AuditAction.CASE_PRINTED if kind is LetterKind.EXTRACT else (AuditAction.LETTER_WRITTEN)
        )
        audit.record(session, context, action, case_id, f"{kind.value} {lang.code}")
        letter_id = letter.id
    return Written(written.pdf, CaseService(context).current(case_id), letter_id, written.drafts)


def sent(context: ServiceContext, case_id: int) -> list[SentLetter]:
    """The letters written to the person, newest first."""
    require(context, Permission.CASES, case_id)
    with context.store.reading() as session:
        visible_case_row(session, context, case_id)
        rows = session.scalars(
            select(LetterRow).where(LetterRow.case_id == case_id).order_by(LetterRow.id.desc())
        )
        return [
            SentLetter(
                r.id,
                LetterKind(r.kind),
                r.language,
                tuple(r.drafts.split()),
                r.written_by,
                r.written_at,
                r.text,
            )
            for r in rows
        ]


def sent_pdf(context: ServiceContext, case_id: int, letter_id: int) -> bytes:
    """A letter as it was sent, laid out again from what was kept."""
    from nyanland.reports.letter_pdf import pdf_from_html

    require(context, Permission.CASES, case_id)
    with context.store.reading() as session:
        visible_case_row(session, context, case_id)
        row = session.get(LetterRow, letter_id)
        if row is None or row.case_id != case_id:
            raise NotFound(_("the letter no longer exists"))
        html = row.html
    return pdf_from_html(html)


def _codes(code: str) -> tuple[str, ...]:
    return (code,) if code == "sv" else (code, "sv")


def _checked(signer: Signer) -> Signer:
    name = " ".join(signer.name.split())
    if not name:
        raise FieldError("signed_by", _("say whose name the letter is signed with"))
    if len(name) > NAME_MAX:
        raise FieldError("signed_by", _("is longer than {n} characters").format(n=NAME_MAX))
    return Signer(name, check_phone(signer.phone))


def _extract_rows(
    context: ServiceContext, record: CaseRecord
) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The case's values for the extract, labelled in Swedish whatever the window speaks."""
    from nyanland.reports.extract_rows import AccessEntry, DocumentEntry, TaskEntry, extract_rows

    tasks = [TaskEntry(t.title, t.due_date, t.done_date) for t in tasks_of(context, record.id)]
    with context.store.reading() as session:
        rows = list(
            session.scalars(
                select(AuditEventRow)
                .where(AuditEventRow.case_id == record.id, AuditEventRow.action.in_(_TOLD))
                .order_by(AuditEventRow.id)
            )
        )
        documents = [
            DocumentEntry(name, kind, added_at.date(), added_by)
            for name, kind, added_at, added_by in session.execute(
                select(
                    AttachmentRow.name,
                    AttachmentRow.media_type,
                    AttachmentRow.added_at,
                    AttachmentRow.added_by,
                )
                .where(AttachmentRow.case_id == record.id, AttachmentRow.removed_at.is_(None))
                .order_by(AttachmentRow.added_at, AttachmentRow.id)
            )
        ]
        consents = [
            Consent(ConsentPurpose(c.purpose), c.given_on, c.recipient, c.withdrawn_on)
            for c in session.scalars(
                select(ConsentRow)
                .where(ConsentRow.case_id == record.id)
                .order_by(ConsentRow.given_on, ConsentRow.id)
            )
        ]
    with speaking("sv"):
        access = [AccessEntry(r.occurred_at, r.actor, action_label(r.action)) for r in rows]
        return extract_rows(
            record.data, record.assigned_officer, tasks, access, documents, consents
        )
