"""The documents (and consents) of the officer's cases, brought together by a sync after the
cases are: each side gets the documents it lacks, and one removed on either side is removed
on both (its row stays, without content, saying who removed it). A document never changes
once kept, so there is nothing to merge: it is known by its uid. A consent changes once, when
it is withdrawn, and a withdrawal on either side holds on both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, case, delete, func, or_, select
from sqlalchemy.orm import Session, make_transient, undefer

from nyanland.services import audit
from nyanland.services.attachments import described
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.store.models import (
    AttachmentRow,
    CaseRow,
    ConsentRow,
    SyncCaseRow,
    SyncRecordRow,
)


@dataclass(frozen=True)
class _Kept:
    case_uid: str
    removed_at: datetime | None
    removed_by: str | None


def sync_attachments(local: ServiceContext, server: ServiceContext) -> int:
    """How many documents were copied or removed, either way."""
    mine = [CaseRow.assigned_officer == server.actor.name]
    here, there = _kept(local, []), _kept(server, mine)
    cases_here, cases_there = _case_ids(local, []), _case_ids(server, mine)
    changed = _copy(local, server, [u for u in here if u not in there], here, cases_there)
    changed += _copy(server, local, [u for u in there if u not in here], there, cases_here)
    for uid in here.keys() & there.keys():
        if here[uid].removed_at is not None and there[uid].removed_at is None:
            changed += _remove(server, uid, here[uid])
        elif there[uid].removed_at is not None and here[uid].removed_at is None:
            changed += _remove(local, uid, there[uid])
    return changed


def _kept(context: ServiceContext, scope: list[ColumnElement[bool]]) -> dict[str, _Kept]:
    with context.store.reading() as session:
        rows = session.execute(
            select(
                AttachmentRow.uid, CaseRow.uid, AttachmentRow.removed_at, AttachmentRow.removed_by
            )
            .join(CaseRow, CaseRow.id == AttachmentRow.case_id)
            .where(*scope)
        )
        return {uid: _Kept(case_uid, at, by) for uid, case_uid, at, by in rows}


def _case_ids(context: ServiceContext, scope: list[ColumnElement[bool]]) -> dict[str, int]:
    with context.store.reading() as session:
        return dict(session.execute(select(CaseRow.uid, CaseRow.id).where(*scope)).all())


def _copy(
    source: ServiceContext,
    target: ServiceContext,
    uids: list[str],
    kept: dict[str, _Kept],
    target_cases: dict[str, int],
) -> int:
    """The documents `uids` from `source` to the same cases in `target` (one at a time: each
    holds up to 10 MB), removed ones as removed."""
    copied = 0
    for uid in uids:
        case_id = target_cases.get(kept[uid].case_uid)
        if case_id is None:
            continue  # the case is not on the other side (another officer's, or deleted)
        with source.store.reading() as session:
            row = session.scalar(
                select(AttachmentRow)
                .where(AttachmentRow.uid == uid)
                .options(undefer(AttachmentRow.content))
            )
            if row is None:
                continue
            copy = AttachmentRow(
                uid=row.uid,
                case_id=case_id,
                name=row.name,
                media_type=row.media_type,
                size=row.size,
                sha256=row.sha256,
                content=row.content,
                added_at=row.added_at,
                added_by=row.added_by,
                removed_at=row.removed_at,
                removed_by=row.removed_by,
            )
        with target.store.writing() as session:
            session.add(copy)
            session.flush()
            if copy.removed_at is None:
                said = described(copy) + " (sync)"
                audit.record(session, target, AuditAction.ATTACHMENT_ADDED, case_id, said)
        copied += 1
    return copied


def _remove(target: ServiceContext, uid: str, removed: _Kept) -> int:
    with target.store.writing() as session:
        row = session.scalar(select(AttachmentRow).where(AttachmentRow.uid == uid))
        if row is None or row.removed_at is not None:
            return 0
        row.content = None
        row.removed_at, row.removed_by = removed.removed_at, removed.removed_by
        audit.record(session, target, AuditAction.ATTACHMENT_REMOVED, row.case_id, "sync")
    return 1


def sync_consents(local: ServiceContext, server: ServiceContext) -> int:
    """The consents of the officer's cases, brought together like the documents: each side
    gets those it lacks, and a withdrawal on either side holds on both."""
    mine = [CaseRow.assigned_officer == server.actor.name]
    here, there = _consents(local, []), _consents(server, mine)
    cases_here, cases_there = _case_ids(local, []), _case_ids(server, mine)
    changed = 0
    for source, target, theirs, mine_, cases in (
        (local, server, here, there, cases_there),
        (server, local, there, here, cases_here),
    ):
        for uid, (case_uid, _withdrawn) in theirs.items():
            if uid in mine_ or case_uid not in cases:
                continue
            with source.store.reading() as session:
                row = session.scalar(select(ConsentRow).where(ConsentRow.uid == uid))
                assert row is not None
                session.expunge(row)
            make_transient(row)
            row.id, row.case_id = None, cases[case_uid]  # type: ignore[assignment]
            with target.store.writing() as session:
                session.add(row)
                session.flush()
                audit.record(session, target, AuditAction.CONSENT_RECORDED, row.case_id, "sync")
            changed += 1
    for uid in here.keys() & there.keys():
        for source, target, theirs, mine_ in (
            (local, server, here, there),
            (server, local, there, here),
        ):
            if theirs[uid][1] is not None and mine_[uid][1] is None:
                changed += _withdraw(source, target, uid)
    return changed


def _consents(
    context: ServiceContext, scope: list[ColumnElement[bool]]
) -> dict[str, tuple[str, date | None]]:
    with context.store.reading() as session:
        rows = session.execute(
            select(ConsentRow.uid, CaseRow.uid, ConsentRow.withdrawn_on)
            .join(CaseRow, CaseRow.id == ConsentRow.case_id)
            .where(*scope)
        )
        return {uid: (case_uid, withdrawn) for uid, case_uid, withdrawn in rows}


def _withdraw(source: ServiceContext, target: ServiceContext, uid: str) -> int:
    with source.store.reading() as session:
        found = session.execute(
            select(ConsentRow.withdrawn_on, ConsentRow.withdrawn_by).where(ConsentRow.uid == uid)
        ).one()
    with target.store.writing() as session:
        row = session.scalar(select(ConsentRow).where(ConsentRow.uid == uid))
        if row is None or row.withdrawn_on is not None:
            return 0
        row.withdrawn_on, row.withdrawn_by = found
        audit.record(session, target, AuditAction.CONSENT_WITHDRAWN, row.case_id, "sync")
    return 1


def _states() -> tuple[ColumnElement[str], ColumnElement[str]]:
    kept = case((AttachmentRow.removed_at.is_(None), "kept"), else_="removed")
    given = case((ConsentRow.withdrawn_on.is_(None), "given"), else_="withdrawn")
    return kept, given


def record_synced(local: ServiceContext) -> None:
    """After a sync: the documents and consents of the cases the server has, as they are."""
    kept, given = _states()
    on_server = CaseRow.uid.in_(select(SyncCaseRow.case_uid))
    with local.store.writing() as session:
        session.execute(delete(SyncRecordRow))
        for uid_column, state, table in (
            (AttachmentRow.uid, kept, AttachmentRow),
            (ConsentRow.uid, given, ConsentRow),
        ):
            rows = session.execute(
                select(uid_column, state)
                .join(CaseRow, CaseRow.id == table.case_id)
                .where(on_server)
            ).all()
            session.add_all(SyncRecordRow(uid=uid, state=now) for uid, now in rows)


def waiting(session: Session) -> int:
    """Documents and consents added, removed or withdrawn here since the last sync."""
    kept, given = _states()
    count = 0
    for uid_column, state in ((AttachmentRow.uid, kept), (ConsentRow.uid, given)):
        count += (
            session.scalar(
                select(func.count(uid_column))
                .outerjoin(SyncRecordRow, SyncRecordRow.uid == uid_column)
                .where(or_(SyncRecordRow.uid.is_(None), SyncRecordRow.state != state))
            )
            or 0
        )
    return count
