"""The audit log: who did what to which case, each entry chained to the last by a hash.

An entry's `detail` names fields, counts and codes, never a person's data. A change's old and
new values are kept beside it in `changes`, sealed into the chain by their digest only: the
retention of a case erases its values, and the chain still verifies.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy import text as sql_text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from nyanland.domain.errors import KnownError
from nyanland.domain.identity import InvalidIdentityNumber, parse_identity_number
from nyanland.domain.roles import Permission
from nyanland.i18n import _
from nyanland.reports.files import spreadsheet_safe, write_bytes_atomically
from nyanland.services.batches import chunks
from nyanland.services.context import ServiceContext
from nyanland.store.models import AuditEventRow, CaseRow
from nyanland.store.sealed_columns import TEXT_PREFIX

GENESIS_HASH = "0" * 64
MAX_EVENTS = 5000


class AuditAction(StrEnum):
    CASE_CREATED = "case_created"
    CASE_VIEWED = "case_viewed"
    CASE_CHANGED = "case_changed"
    CASE_CLOSED = "case_closed"
    CASE_PRINTED = "case_printed"
    CASES_IMPORTED = "cases_imported"
    SFI_IMPORTED = "sfi_imported"
    CASES_EXPORTED = "cases_exported"
    CASES_DELETED = "cases_deleted"
    DEMO_DATA_ADDED = "demo_data_added"
    STORE_CREATED = "store_created"
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_DISABLED = "account_disabled"
    ACCOUNT_ENABLED = "account_enabled"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    ROLE_CHANGED = "role_changed"
    ACCOUNT_UNLOCKED = "account_unlocked"
    CASELOAD_HANDED_OVER = "caseload_handed_over"
    SIGNED_IN = "signed_in"
    SIGN_IN_FAILED = "sign_in_failed"
    UNLOCKED = "unlocked"
    REFUSED = "refused"
    BACKUP_TAKEN = "backup_taken"
    STORE_RESTORED = "store_restored"
    AUDIT_EXPORTED = "audit_exported"
    STATISTICS_EXPORTED = "statistics_exported"
    CASE_DELETED = "case_deleted"
    CASES_MERGED = "cases_merged"
    CASE_REOPENED = "case_reopened"
    LIST_CHANGED = "list_changed"
    REMINDER_MARKED = "reminder_marked"
    LETTER_WRITTEN = "letter_written"
    LETTER_WORDING_CHANGED = "letter_wording_changed"
    MEETING_BOOKED = "meeting_booked"
    MEETING_CANCELLED = "meeting_cancelled"
    ATTACHMENT_ADDED = "attachment_added"
    ATTACHMENT_OPENED = "attachment_opened"
    ATTACHMENT_REMOVED = "attachment_removed"
    CONSENT_RECORDED = "consent_recorded"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    RETENTION_EXEMPTED = "retention_exempted"
    RETENTION_EXEMPTION_LIFTED = "retention_exemption_lifted"
    LAPTOP_LOG_ANCHORED = "laptop_log_anchored"
    LAPTOP_LOG_BROKEN = "laptop_log_broken"
    SYNCED = "synced"
    REPLICA_CREATED = "replica_created"
    KEY_ROTATED = "key_rotated"
    OFFICER_KEY_MADE = "officer_key_made"
    # Written by a team server itself (store/server_security.py), for every change to a
    # case's tables, whoever made it and however: "table operation columns".
    ROW_CHANGED = "row_changed"


@dataclass(frozen=True)
class AuditEvent:
    id: int
    occurred_at: datetime
    actor: str
    action: str
    case_id: int | None
    case_number: str | None
    detail: str
    changes: Mapping[str, tuple[Any, Any]] | None


@dataclass(frozen=True)
class AuditQuery:
    """Filters of the administrator's view; a person is a case number or identity number."""

    user: str = ""
    person: str = ""
    since: date | None = None
    until: date | None = None
    limit: int = MAX_EVENTS


@dataclass(frozen=True)
class Verification:
    entries: int
    broken: tuple[int, ...]  # ids of the entries whose seal does not hold
    checkpoints: Any = None  # audit_checkpoints.CheckpointReport: what the signatures prove

    @property
    def intact(self) -> bool:
        return not self.broken and not (self.checkpoints and self.checkpoints.tampered)


def entry_hash(
    previous_hash: str,
    occurred_at: datetime,
    actor: str,
    action: str,
    case_id: int | None,
    detail: str,
    changes_digest: str | None = None,
) -> str:
    """The hash that seals an entry together with every entry before it."""
    fields: list[Any] = [previous_hash, occurred_at.isoformat(), actor, action, case_id, detail]
    if changes_digest is not None:
        fields.append(changes_digest)
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(
    session: Session,
    context: ServiceContext,
    action: AuditAction,
    case_id: int | None = None,
    detail: str = "",
    changes: Mapping[str, tuple[Any, Any]] | None = None,
) -> None:
    """Appends an entry within the caller's transaction, so it is kept exactly when the work is."""
    record_many(session, context, action, [(case_id, detail, changes)])


def record_many(
    session: Session,
    context: ServiceContext,
    action: AuditAction,
    entries: Sequence[tuple[int | None, str, Mapping[str, tuple[Any, Any]] | None]],
) -> None:
    """Entries of one action (an imported list's cases), chained in one pass: the last seal is
    read once, however many entries follow it."""
    if context.store.is_sqlite:
        previous = session.scalar(
            select(AuditEventRow.entry_hash).order_by(AuditEventRow.id.desc()).limit(1)
        )
        previous_hash = previous or GENESIS_HASH
    else:
        # A server seals each entry itself, under its own lock (migration 0009): what is
        # sent here is replaced, so no client can fork the chain or needs to read it.
        previous_hash = GENESIS_HASH
    occurred_at = context.clock.now()
    actor = context.actor.name
    rows = []
    for case_id, detail, changes in entries:
        changes_text = (
            json.dumps(
                {k: [_plain(v) for v in pair] for k, pair in changes.items()},
                ensure_ascii=False,
                sort_keys=True,
            )
            if changes
            else None
        )
        digest = _digest(changes_text) if changes_text is not None else None
        sealed = entry_hash(
            previous_hash, occurred_at, actor, action.value, case_id, detail, digest
        )
        rows.append(
            AuditEventRow(
                occurred_at=occurred_at,
                actor=actor,
                action=action.value,
                case_id=case_id,
                detail=detail,
                changes=changes_text,
                changes_digest=digest,
                previous_hash=previous_hash,
                entry_hash=sealed,
            )
        )
        previous_hash = sealed
    session.add_all(rows)
    session.flush()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def erase_changes(session: Session, case_ids: list[int]) -> None:
    """Retention: forgets the old and new values of deleted cases; their digests stay sealed.
    On a server with its own rules no account may change the log: its function does this."""
    if session.info.get("server_rules"):
        for chunk in chunks(case_ids):
            session.execute(sql_text("SELECT nyanland_erase_changes(:ids)"), {"ids": chunk})
        return
    for chunk in chunks(case_ids):
        session.query(AuditEventRow).where(
            AuditEventRow.case_id.in_(chunk), AuditEventRow.changes.is_not(None)
        ).update({AuditEventRow.changes: None}, synchronize_session=False)


def events(context: ServiceContext, query: AuditQuery | None = None) -> list[AuditEvent]:
    """The log, oldest first, filtered as the administrator asks."""
    from nyanland.services.access import require

    require(context, Permission.ADMINISTER)
    query = query or AuditQuery()
    with context.store.reading() as session:
        conditions = _conditions(session, query, context.clock.today())
        statement = (
            select(AuditEventRow, CaseRow.case_number)
            .outerjoin(CaseRow, CaseRow.id == AuditEventRow.case_id)
            .where(*conditions)
            .order_by(AuditEventRow.id.desc())
            .limit(max(1, min(query.limit, MAX_EVENTS)))
        )
        found = [
            AuditEvent(
                r.id,
                r.occurred_at,
                r.actor,
                r.action,
                r.case_id,
                number,
                r.detail,
                _values(r.changes),
            )
            for r, number in session.execute(statement)
        ]
        return list(reversed(found))


def _conditions(session: Session, query: AuditQuery, today: date) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.user.strip():
        conditions.append(AuditEventRow.actor == query.user.strip())
    if query.person.strip():
        found = _cases_of_person(session, query, today)
        conditions.append(AuditEventRow.case_id.in_(found))
    if query.since is not None:
        conditions.append(AuditEventRow.occurred_at >= datetime.combine(query.since, time()))
    if query.until is not None:
        end = datetime.combine(query.until + timedelta(days=1), time())
        conditions.append(AuditEventRow.occurred_at < end)
    return conditions


def _cases_of_person(session: Session, query: AuditQuery, today: date) -> list[int]:
    server_rules = bool(session.info.get("server_rules"))  # set by Store.reading/writing
    text = query.person.strip()
    matches: list[ColumnElement[bool]] = [CaseRow.case_number == text]
    number: str | None = None
    with suppress(InvalidIdentityNumber):
        number = parse_identity_number(text, today).digits
    if number is not None and not server_rules:
        matches.append(CaseRow.personal_identity_number == number)
    found = list(session.scalars(select(CaseRow.id).where(or_(*matches))))
    if number is not None and server_rules:
        # An administrator reads no identity number on a server with its own rules: the
        # server answers for the one number asked, and nothing else.
        found += session.scalars(sql_text("SELECT nyanland_case_of(:n)"), {"n": number})
    if text.isdigit():
        found.append(int(text))  # a deleted case is still found by its id
    return found


def _values(changes: str | None) -> dict[str, tuple[Any, Any]] | None:
    """An entry's old and new values; None also for values that do not open (changed with
    tools: `audit verify` reports the entry)."""
    if not changes or changes.startswith(TEXT_PREFIX):
        return None
    return {k: (v[0], v[1]) for k, v in json.loads(changes).items()}


def verify(context: ServiceContext) -> Verification:
    """Recomputes every seal: a changed, removed or inserted entry breaks the chain there."""
    from nyanland.services.access import require

    require(context, Permission.ADMINISTER)
    try:
        return _verify(context)
    except DBAPIError:
        # An encrypted page whose authentication code fails: a byte of the file was changed.
        raise AuditUnreadable(
            _(
                "the audit log cannot be read: the store file has been changed outside nyanland "
                "or is damaged"
            )
        ) from None


class AuditUnreadable(KnownError):
    """The audit log's pages fail SQLCipher's integrity check."""


def seal_holds(row: AuditEventRow) -> bool:
    """Whether the entry is as its seal says (its fields and its old and new values)."""
    expected = entry_hash(
        row.previous_hash,
        row.occurred_at,
        row.actor,
        row.action,
        row.case_id,
        row.detail,
        row.changes_digest,
    )
    values_hold = row.changes is None or _digest(row.changes) == row.changes_digest
    return row.entry_hash == expected and values_hold


def _verify(context: ServiceContext) -> Verification:
    from nyanland.services import audit_checkpoints

    broken: list[int] = []
    count = 0
    previous_hash = GENESIS_HASH
    with context.store.reading() as session:
        rows = session.execute(select(AuditEventRow).order_by(AuditEventRow.id)).scalars()
        for row in rows.yield_per(2000):
            count += 1
            if row.previous_hash != previous_hash or not seal_holds(row):
                broken.append(row.id)
            previous_hash = row.entry_hash
    return Verification(count, tuple(broken), audit_checkpoints.check(context))


def export_csv(context: ServiceContext, query: AuditQuery, destination: Path) -> int:
    """Writes the filtered log as CSV (the administrator's copy); the export is logged too."""
    found = events(context, query)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "occurred_at", "user", "action", "case_number", "detail", "changes"])
    for e in found:
        writer.writerow(
            spreadsheet_safe(cell)
            for cell in [
                e.id,
                e.occurred_at.isoformat(timespec="seconds"),
                e.actor,
                e.action,
                e.case_number or (e.case_id if e.case_id is not None else ""),
                e.detail,
                json.dumps(e.changes, ensure_ascii=False) if e.changes else "",
            ]
        )
    write_bytes_atomically(destination, buffer.getvalue().encode("utf-8"))
    with context.store.writing() as session:
        record(session, context, AuditAction.AUDIT_EXPORTED, detail=str(len(found)))
    return len(found)


def action_label(action: str) -> str:
    labels = {
        AuditAction.CASE_CREATED: _("case created"),
        AuditAction.CASE_VIEWED: _("case viewed"),
        AuditAction.CASE_CHANGED: _("case changed"),
        AuditAction.CASE_CLOSED: _("case closed"),
        AuditAction.CASE_PRINTED: _("register extract printed"),
        AuditAction.CASES_IMPORTED: _("cases imported"),
        AuditAction.SFI_IMPORTED: _("SFI list imported"),
        AuditAction.CASES_EXPORTED: _("cases exported"),
        AuditAction.CASES_DELETED: _("cases deleted (retention)"),
        AuditAction.DEMO_DATA_ADDED: _("invented cases added"),
        AuditAction.STORE_CREATED: _("store created"),
        AuditAction.ACCOUNT_CREATED: _("account created"),
        AuditAction.ACCOUNT_DISABLED: _("account disabled"),
        AuditAction.ACCOUNT_ENABLED: _("account enabled"),
        AuditAction.PASSWORD_CHANGED: _("password changed"),
        AuditAction.PASSWORD_RESET: _("password reset"),
        AuditAction.ROLE_CHANGED: _("role changed"),
        AuditAction.ACCOUNT_UNLOCKED: _("account unlocked"),
        AuditAction.CASELOAD_HANDED_OVER: _("caseload handed over"),
        AuditAction.SIGNED_IN: _("signed in"),
        AuditAction.SIGN_IN_FAILED: _("sign-in failed"),
        AuditAction.UNLOCKED: _("window unlocked"),
        AuditAction.REFUSED: _("refused"),
        AuditAction.BACKUP_TAKEN: _("backup taken"),
        AuditAction.STORE_RESTORED: _("store restored"),
        AuditAction.AUDIT_EXPORTED: _("audit log exported"),
        AuditAction.STATISTICS_EXPORTED: _("statistics exported"),
        AuditAction.CASE_DELETED: _("case deleted"),
        AuditAction.CASES_MERGED: _("cases joined (one person)"),
        AuditAction.CASE_REOPENED: _("case reopened"),
        AuditAction.LIST_CHANGED: _("a form's list changed"),
        AuditAction.REMINDER_MARKED: _("to-do item snoozed or done"),
        AuditAction.LETTER_WRITTEN: _("letter written"),
        AuditAction.LETTER_WORDING_CHANGED: _("letters' wording or sender changed"),
        AuditAction.MEETING_BOOKED: _("meeting booked"),
        AuditAction.MEETING_CANCELLED: _("meeting cancelled"),
        AuditAction.ATTACHMENT_ADDED: _("document attached"),
        AuditAction.ATTACHMENT_OPENED: _("document opened"),
        AuditAction.ATTACHMENT_REMOVED: _("document removed"),
        AuditAction.CONSENT_RECORDED: _("consent recorded"),
        AuditAction.CONSENT_WITHDRAWN: _("consent withdrawn"),
        AuditAction.RETENTION_EXEMPTED: _("case kept from retention"),
        AuditAction.RETENTION_EXEMPTION_LIFTED: _("case no longer kept from retention"),
        AuditAction.LAPTOP_LOG_ANCHORED: _("a laptop copy's audit log anchored at a sync"),
        AuditAction.LAPTOP_LOG_BROKEN: _("a laptop copy's audit log was changed"),
        AuditAction.SYNCED: _("synchronised with the server"),
        AuditAction.REPLICA_CREATED: _("laptop copy made"),
        AuditAction.KEY_ROTATED: _("store key changed"),
        AuditAction.OFFICER_KEY_MADE: _("officer-only fields sealed with the officer key"),
        AuditAction.ROW_CHANGED: _("changed in the database (the server's record)"),
    }
    try:
        return labels[AuditAction(action)]
    except ValueError:
        return action
