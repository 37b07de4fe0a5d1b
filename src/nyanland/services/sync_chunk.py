"""One chunk of a sync: up to a hundred cases compared with the server's, each pushed,
pulled, merged or kept as a conflict, in one server transaction and then one here."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from nyanland.domain.case import case_problems
from nyanland.domain.changes import changed_values
from nyanland.i18n import _
from nyanland.services import audit
from nyanland.services.audit import AuditAction
from nyanland.services.case_rows import (
    CaseNumbers,
    case_data_from_row,
    delete_case_row,
    is_provisional,
)
from nyanland.services.cases import duplicate_problems
from nyanland.services.context import ServiceContext
from nyanland.services.sync_payload import (
    ConflictKind,
    Entry,
    Payload,
    SyncReport,
    conflict_row,
    data_of,
    merge_payloads,
    number_taken,
    payload,
    refused_row,
    rows_of,
    with_number,
    write_case,
)
from nyanland.store.models import (
    CaseRow,
    SyncCaseRow,
    SyncConflictRow,
    SyncDeletionRow,
)


@dataclass
class _Step:
    """What one case's sync does on each side, decided in the server transaction."""

    uid: str
    to_local: Payload | None = None  # write this here
    server_version: int | None = None  # the server's version after this sync
    remove_here: bool = False
    forget: bool = False  # drop the base (the case is gone on both sides)
    conflict: SyncConflictRow | None = None
    clear_conflict: bool = False
    read_version: int | None = None  # the replica's version when this sync read it
    had_tomb: bool = False


def sync_chunk(
    local: ServiceContext, server: ServiceContext, uids: list[str], report: SyncReport
) -> None:
    now = local.clock.now()
    with local.store.reading() as session:
        mine = {row.uid: row for row in rows_of(session, uids)}
        mine_payloads = {uid: payload(row) for uid, row in mine.items()}
        mine_versions = {uid: row.version for uid, row in mine.items()}
        bases = {
            row.case_uid: row
            for row in session.scalars(select(SyncCaseRow).where(SyncCaseRow.case_uid.in_(uids)))
        }
        tombs = {
            row.case_uid: row
            for row in session.scalars(
                select(SyncDeletionRow).where(SyncDeletionRow.case_uid.in_(uids))
            )
        }
    steps: list[_Step] = []
    log: list[Entry] = []
    with server.store.writing() as session:
        theirs = {row.uid: row for row in rows_of(session, uids, lock=True)}
        numbers = CaseNumbers(session)
        for uid in uids:
            step = _Step(uid, read_version=mine_versions.get(uid), had_tomb=uid in tombs)
            steps.append(step)
            base_row = bases.get(uid)
            base = json.loads(base_row.base) if base_row else None
            row = theirs.get(uid)
            if uid in tombs:
                _push_deletion(session, step, row, tombs[uid], report, log)
            elif uid in mine_payloads:
                ours = mine_payloads[uid]
                changed = base_row is None or mine_versions[uid] != base_row.local_version
                _push(server, session, numbers, step, row, base, ours, changed, report, log)
            elif row is not None:  # new on the server, or newly assigned to the officer
                step.to_local = payload(row)
                step.server_version = row.version
                report.pulled += 1
            else:
                step.forget = True
        for step in steps:
            row = theirs.get(step.uid)
            if (
                row is not None
                and step.server_version is not None
                and row.assigned_officer != (server.actor.name)
            ):
                step.remove_here = True  # reassigned to a colleague: pushed, and leaves here
                report.removed_here += 1
        session.flush()
        for action in (
            AuditAction.CASE_CREATED,
            AuditAction.CASE_CHANGED,
            AuditAction.CASE_DELETED,
        ):
            entries = [
                (case_id, detail, changes)
                for kind, case_id, detail, changes in log
                if kind is action
            ]
            if entries:  # chained in one pass per chunk
                audit.record_many(session, server, action, entries)
    with local.store.writing() as session:
        rows_here = {row.uid: row for row in rows_of(session, uids)}
        for step in steps:
            _apply_here(session, step, rows_here.get(step.uid), now)


def _push(
    server: ServiceContext,
    session: Session,
    numbers: CaseNumbers,
    step: _Step,
    row: CaseRow | None,
    base: Payload | None,
    ours: Payload,
    changed_here: bool,
    report: SyncReport,
    log: list[Entry],
) -> None:
    if row is None:
        if base is not None:  # deleted on the server (or retention) since the last sync
            if changed_here:
                step.conflict = conflict_row(
                    step.uid, ConflictKind.DELETED_THERE, ours, base, ours, None, None
                )
            else:
                step.remove_here = True
                step.forget = True
                report.removed_here += 1
            return
        # New here: created on the server, which gives its lasting case number.
        data = data_of(ours)
        given = number = data.case_number or ""
        if is_provisional(number) or number_taken(session, number):
            number = numbers.next(data.reception.reception_date)
            data = replace(data, case_number=number)
        problems = case_problems(data, server.clock.today()) + duplicate_problems(
            session, data, None
        )
        if problems:
            step.conflict = refused_row(step.uid, ours, problems)
            return
        created = write_case(session, None, step.uid, with_number(ours, number), server.clock.now())
        log.append((AuditAction.CASE_CREATED, created.id, _("synchronised"), None))
        step.to_local = payload(created)
        step.server_version = created.version
        step.clear_conflict = True
        report.created_there += 1
        if number != given:
            report.renumbered.append((given, number))
        return
    current = payload(row)
    if base is None:
        # Created here and pushed by a sync that was cut before it recorded so here: the
        # server's copy is what was pushed.
        base = current
    if not changed_here:
        step.to_local = current
        step.server_version = row.version
        report.pulled += 1
        return
    merged = merge_payloads(base, ours, current)
    if merged is None:
        step.conflict = conflict_row(
            step.uid, ConflictKind.FIELDS, ours, base, ours, current, row.version
        )
        return
    if merged == current:  # the same case, officer and household
        step.to_local = current  # the server has it already (e.g. a sync cut after its commit)
        step.server_version = row.version
        report.pulled += 1
        return
    data = data_of(merged)
    problems = case_problems(data, server.clock.today()) + duplicate_problems(session, data, row.id)
    if problems:
        step.conflict = refused_row(step.uid, ours, problems)
        return
    before = case_data_from_row(row)
    write_case(session, row, step.uid, merged, server.clock.now())
    log.append(
        (
            AuditAction.CASE_CHANGED,
            row.id,
            _("synchronised"),
            changed_values(before, data_of(merged)),
        )
    )
    step.to_local = payload(row)
    step.server_version = row.version
    step.clear_conflict = True
    if current == base:
        report.pushed += 1
    else:
        report.merged += 1


def _push_deletion(
    session: Session,
    step: _Step,
    row: CaseRow | None,
    tomb: SyncDeletionRow,
    report: SyncReport,
    log: list[Entry],
) -> None:
    if row is None:
        step.forget = True
        return
    if row.version != tomb.server_version:
        current = payload(row)
        step.conflict = conflict_row(
            step.uid, ConflictKind.DELETED_HERE, current, None, None, current, row.version
        )
        return
    log.append((AuditAction.CASE_DELETED, row.id, row.case_number, None))
    delete_case_row(session, row)
    step.forget = True
    report.deleted_there += 1


def _apply_here(session: Session, step: _Step, row: CaseRow | None, now: datetime) -> None:
    uid = step.uid
    if (row.version if row is not None else None) != step.read_version and not step.had_tomb:
        # Changed (or deleted) here while this sync ran: left as it is, with its old base, so
        # the next sync merges it with what the server has now.
        return
    if step.had_tomb:
        session.execute(delete(SyncDeletionRow).where(SyncDeletionRow.case_uid == uid))
    if step.conflict is not None:
        step.conflict.found_at = now
        session.merge(step.conflict)
        return
    if step.clear_conflict or step.to_local is not None or step.forget:
        session.execute(delete(SyncConflictRow).where(SyncConflictRow.case_uid == uid))
    if step.remove_here:
        if row is not None:
            delete_case_row(session, row)
        session.execute(delete(SyncCaseRow).where(SyncCaseRow.case_uid == uid))
        return
    if step.forget:
        session.execute(delete(SyncCaseRow).where(SyncCaseRow.case_uid == uid))
        return
    if step.to_local is None or step.server_version is None:
        return
    if row is None or payload(row) != step.to_local:
        row = write_case(session, row, uid, step.to_local, now)
    session.merge(
        SyncCaseRow(
            case_uid=uid,
            server_version=step.server_version,
            local_version=row.version,
            base=json.dumps(step.to_local, ensure_ascii=False, sort_keys=True),
        )
    )


# -- conflicts ---------------------------------------------------------------------------------
