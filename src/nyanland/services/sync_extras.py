"""What travels with a laptop copy's sync beside the cases: the documents, consents and
meetings of the officer's cases. Each is known by its uid, never changes once written, and
ends once (a document removed, a consent withdrawn, a meeting cancelled), its row kept with
who ended it and when. So there is nothing to merge: after the cases, each side gets the rows
it lacks, and an end on either side holds on both. What the server has, as it is here, is
recorded, so the sync status counts what is still waiting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, delete, func, or_, select
from sqlalchemy.orm import Session, make_transient, undefer

from nyanland.services import audit
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.store.models import (
    AttachmentRow,
    CaseRow,
    ConsentRow,
    MeetingRow,
    SyncCaseRow,
    SyncRecordRow,
)


@dataclass(frozen=True)
class Kind:
    table: Any  # the ORM class: uid, case_id
    ended: tuple[str, str]  # the columns an end sets: when, who
    cleared: tuple[str, ...]  # what an end takes away (a document's content)
    added: AuditAction
    ending: AuditAction

    def end_column(self) -> Any:
        return getattr(self.table, self.ended[0])


DOCUMENTS = Kind(
    AttachmentRow,
    ("removed_at", "removed_by"),
    ("content",),
    AuditAction.ATTACHMENT_ADDED,
    AuditAction.ATTACHMENT_REMOVED,
)
CONSENTS = Kind(
    ConsentRow,
    ("withdrawn_on", "withdrawn_by"),
    (),
    AuditAction.CONSENT_RECORDED,
    AuditAction.CONSENT_WITHDRAWN,
)
MEETINGS = Kind(
    MeetingRow,
    ("cancelled_at", "cancelled_by"),
    (),
    AuditAction.MEETING_BOOKED,
    AuditAction.MEETING_CANCELLED,
)
KINDS = (DOCUMENTS, CONSENTS, MEETINGS)


def sync_kind(local: ServiceContext, server: ServiceContext, kind: Kind) -> int:
    """How many rows of `kind` were copied or ended, either way."""
    mine = [CaseRow.assigned_officer == server.actor.name]
    here, there = _kept(local, kind, []), _kept(server, kind, mine)
    cases_here, cases_there = _case_ids(local, []), _case_ids(server, mine)
    changed = _copy(local, server, kind, [u for u in here if u not in there], here, cases_there)
    changed += _copy(server, local, kind, [u for u in there if u not in here], there, cases_here)
    for uid in here.keys() & there.keys():
        if here[uid][1] and not there[uid][1]:
            changed += _end(local, server, kind, uid)
        elif there[uid][1] and not here[uid][1]:
            changed += _end(server, local, kind, uid)
    return changed


def _kept(
    context: ServiceContext, kind: Kind, scope: list[ColumnElement[bool]]
) -> dict[str, tuple[str, bool]]:
    """uid → (its case's uid, ended)."""
    table = kind.table
    with context.store.reading() as session:
        rows = session.execute(
            select(table.uid, CaseRow.uid, kind.end_column().is_not(None))
            .join(CaseRow, CaseRow.id == table.case_id)
            .where(*scope)
        )
        return {uid: (case_uid, bool(ended)) for uid, case_uid, ended in rows}


def _case_ids(context: ServiceContext, scope: list[ColumnElement[bool]]) -> dict[str, int]:
    with context.store.reading() as session:
        return dict(session.execute(select(CaseRow.uid, CaseRow.id).where(*scope)).all())


def _copy(
    source: ServiceContext,
    target: ServiceContext,
    kind: Kind,
    uids: list[str],
    kept: dict[str, tuple[str, bool]],
    target_cases: dict[str, int],
) -> int:
    """The rows `uids` from `source` to the same cases in `target`, one at a time (a document
    holds up to 10 MB), ended ones as ended."""
    copied = 0
    for uid in uids:
        case_id = target_cases.get(kept[uid][0])
        if case_id is None:
            continue  # the case is not on the other side (another officer's, or deleted)
        query = select(kind.table).where(kind.table.uid == uid)
        for name in kind.cleared:
            query = query.options(undefer(getattr(kind.table, name)))
        with source.store.reading() as session:
            row = session.scalar(query)
            if row is None:
                continue
            session.expunge(row)
        make_transient(row)
        row.id, row.case_id = None, case_id
        with target.store.writing() as session:
            session.add(row)
            session.flush()
            if getattr(row, kind.ended[0]) is None:
                audit.record(session, target, kind.added, case_id, "sync")
        copied += 1
    return copied


def _end(source: ServiceContext, target: ServiceContext, kind: Kind, uid: str) -> int:
    when, who = kind.ended
    with source.store.reading() as session:
        ended = session.execute(
            select(getattr(kind.table, when), getattr(kind.table, who)).where(kind.table.uid == uid)
        ).one()
    with target.store.writing() as session:
        row = session.scalar(select(kind.table).where(kind.table.uid == uid))
        if row is None or getattr(row, when) is not None:
            return 0
        setattr(row, when, ended[0])
        setattr(row, who, ended[1])
        for name in kind.cleared:
            setattr(row, name, None)
        audit.record(session, target, kind.ending, row.case_id, "sync")
    return 1


def _state(kind: Kind) -> ColumnElement[str]:
    return case((kind.end_column().is_(None), "open"), else_="ended")


def record_synced(local: ServiceContext) -> None:
    """After a sync: the rows of the cases the server has, as they are here."""
    on_server = CaseRow.uid.in_(select(SyncCaseRow.case_uid))
    with local.store.writing() as session:
        session.execute(delete(SyncRecordRow))
        for kind in KINDS:
            rows = session.execute(
                select(kind.table.uid, _state(kind))
                .join(CaseRow, CaseRow.id == kind.table.case_id)
                .where(on_server)
            ).all()
            session.add_all(SyncRecordRow(uid=uid, state=state) for uid, state in rows)


def waiting(session: Session) -> int:
    """Rows added or ended here since the last sync."""
    count = 0
    for kind in KINDS:
        count += (
            session.scalar(
                select(func.count(kind.table.uid))
                .outerjoin(SyncRecordRow, SyncRecordRow.uid == kind.table.uid)
                .where(or_(SyncRecordRow.uid.is_(None), SyncRecordRow.state != _state(kind)))
            )
            or 0
        )
    return count
