"""An officer's laptop replica of a team store, and its two-way sync with the server.

The replica is an encrypted SQLite store holding the officer's own caseload (the cases assigned
to them on the server). Cases are matched by their lasting `uid`. For each case the replica keeps
the version it last synced (`sync_cases`: the server's version, its own, and the case as it was),
the common ancestor of the next three-way merge:

- changed here only: pushed; changed on the server only: pulled;
- changed on both sides, different fields: merged, and the merge written to both;
- the same field changed differently on both: a conflict, kept until the officer chooses;
- a case new here is created on the server (which gives it its lasting case number), a case
  deleted here is deleted there unless it was changed there meanwhile (a conflict), a case
  deleted or reassigned on the server leaves the replica unless it has unsynced changes.

Cases go in chunks: a chunk is one server transaction, then one local transaction. A connection
cut between the two leaves the server ahead; the next sync finds the server's version equal to
what it would push and only records it, so nothing is lost or written twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, selectinload

from nyanland.domain.case import CaseData, case_problems
from nyanland.domain.errors import KnownError, NotFound
from nyanland.domain.merge import Merge, Side, merge
from nyanland.domain.roles import Permission, Role
from nyanland.i18n import _
from nyanland.services import audit, signin
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.batches import chunks
from nyanland.services.case_file import case_to_json, parse_case
from nyanland.services.case_rows import (
    SYNC_SERVER_SETTING,
    CaseNumbers,
    case_columns,
    case_data_from_row,
    is_provisional,
    replace_children,
    search_text,
    with_lists,
)
from nyanland.services.cases import changed_values, duplicate_problems
from nyanland.services.context import Clock, ServiceContext
from nyanland.store.engine import DATABASE_ERRORS
from nyanland.store.models import (
    CaseRow,
    HouseholdRow,
    SettingRow,
    SyncCaseRow,
    SyncConflictRow,
    SyncDeletionRow,
)

LAST_SYNC_SETTING = "sync.last"
CHUNK = 100

Payload = dict[str, Any]
_Entry = tuple[AuditAction, int, str, dict[str, tuple[Any, Any]] | None]  # for the server's log


class ConflictKind(StrEnum):
    FIELDS = "fields"  # the same fields changed differently here and on the server
    DELETED_THERE = "deleted_there"  # changed here, deleted on the server
    DELETED_HERE = "deleted_here"  # deleted here, changed on the server
    REFUSED = "refused"  # the server refused the case (e.g. its identity number is taken)


class NotAReplica(KnownError):
    """Sync on a store that is no laptop copy of a server."""


class ServerUnreachable(KnownError):
    """No network, or the connection broke during a sync (what was synced before is kept)."""


_CONNECTION_LOST = (OperationalError, InterfaceError)


def _unreachable() -> ServerUnreachable:
    return ServerUnreachable(
        _("the server cannot be reached: nothing is lost, and what was synced is kept; "
          "sync again when the network is back")
    )  # fmt: skip


def connect(local: ServiceContext, password: str) -> ServiceContext:
    """Signs the replica's officer in to its server (with the password given)."""
    url = server_of(local)
    if url is None:
        raise NotAReplica(_("this store is not a laptop copy of a team store"))
    try:
        return signin.sign_in(url, local.actor.name, password, local.clock).context
    except _CONNECTION_LOST:
        raise _unreachable() from None


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    merged: int = 0
    created_there: int = 0
    deleted_there: int = 0
    removed_here: int = 0
    conflicts: int = 0  # open after this sync
    renumbered: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class SyncStatus:
    server: str | None
    last_sync: datetime | None
    pending: int
    conflicts: int


@dataclass(frozen=True)
class SyncConflict:
    uid: str
    kind: ConflictKind
    case_number: str
    message: str
    merge: Merge[CaseData] | None  # FIELDS: the merge of base, this laptop's case and theirs


# -- the replica's settings and status ------------------------------------------------------------


def server_of(context: ServiceContext) -> str | None:
    with context.store.reading() as session:
        return session.scalar(select(SettingRow.value).where(SettingRow.key == SYNC_SERVER_SETTING))


def make_replica(local: ServiceContext, server_url: str) -> None:
    """Marks a new, empty local store as the replica of `server_url` (no password kept)."""
    with local.store.writing() as session:
        if session.scalar(select(func.count(CaseRow.id))):
            raise NotAReplica(_("a laptop copy must start empty; this store has cases"))
        session.merge(SettingRow(key=SYNC_SERVER_SETTING, value=server_url))
        audit.record(session, local, AuditAction.REPLICA_CREATED, detail=_host(server_url))


def status(local: ServiceContext) -> SyncStatus:
    """What the window shows: the server, the last sync, changes waiting, open conflicts."""
    with local.store.reading() as session:
        settings = dict(
            session.execute(
                select(SettingRow.key, SettingRow.value).where(
                    SettingRow.key.in_([SYNC_SERVER_SETTING, LAST_SYNC_SETTING])
                )
            ).all()
        )
        changed = (
            session.scalar(
                select(func.count(CaseRow.id))
                .outerjoin(SyncCaseRow, SyncCaseRow.case_uid == CaseRow.uid)
                .where(
                    (SyncCaseRow.case_uid.is_(None))
                    | (SyncCaseRow.local_version != CaseRow.version)
                )
            )
            or 0
        )
        deleted = session.scalar(select(func.count()).select_from(SyncDeletionRow)) or 0
        conflicts = session.scalar(select(func.count()).select_from(SyncConflictRow)) or 0
    last = settings.get(LAST_SYNC_SETTING)
    return SyncStatus(
        settings.get(SYNC_SERVER_SETTING),
        datetime.fromisoformat(last) if last else None,
        changed + deleted,
        conflicts,
    )


# -- the sync ----------------------------------------------------------------------------------


def sync_with_server(local: ServiceContext, password: str) -> SyncReport:
    """Signs in to the replica's server as its officer, syncs, and closes the connection."""
    server = connect(local, password)
    try:
        return synchronise(local, server)
    finally:
        server.store.dispose()


def synchronise(
    local: ServiceContext,
    server: ServiceContext,
    after_chunk: Callable[[int, int], None] | None = None,
    chunk_size: int = CHUNK,
) -> SyncReport:
    """Brings the replica and the server's caseload of the officer together (see the module).
    `after_chunk(done, total)` is called after each chunk, for progress."""
    try:
        return _synchronise(local, server, after_chunk, chunk_size)
    except _CONNECTION_LOST as error:
        if isinstance(error.orig, DATABASE_ERRORS):
            raise  # the laptop's own store, not the network
        raise _unreachable() from None


def _synchronise(
    local: ServiceContext,
    server: ServiceContext,
    after_chunk: Callable[[int, int], None] | None,
    chunk_size: int,
) -> SyncReport:
    require(local, Permission.CASES)
    require(server, Permission.CASES)
    if server_of(local) is None:
        raise NotAReplica(_("this store is not a laptop copy of a team store"))
    me = server.actor.name
    with server.store.reading() as session:
        remote: dict[str, int] = dict(
            session.execute(
                select(CaseRow.uid, CaseRow.version).where(CaseRow.assigned_officer == me)
            ).all()
        )
    with local.store.reading() as session:
        here: dict[str, int] = dict(session.execute(select(CaseRow.uid, CaseRow.version)).all())
        bases = {
            uid: (server_version, local_version)
            for uid, server_version, local_version in session.execute(
                select(SyncCaseRow.case_uid, SyncCaseRow.server_version, SyncCaseRow.local_version)
            ).all()
        }
        deletions = dict(
            session.execute(select(SyncDeletionRow.case_uid, SyncDeletionRow.server_version)).all()
        )
        waiting = set(
            session.scalars(
                select(SyncConflictRow.case_uid).where(
                    SyncConflictRow.kind != ConflictKind.REFUSED.value
                )
            )
        )

    def changed_here(uid: str) -> bool:
        return uid in here and (uid not in bases or here[uid] != bases[uid][1])

    def changed_there(uid: str) -> bool:
        return uid in remote and (uid not in bases or remote[uid] != bases[uid][0])

    work = sorted(
        uid
        for uid in {*here, *remote, *bases, *deletions}
        if uid not in waiting
        and (
            changed_here(uid)
            or changed_there(uid)
            or uid in deletions
            or (uid in bases and uid not in remote)
        )
    )
    report = SyncReport()
    for done, chunk in enumerate(chunks(work, chunk_size), start=1):
        _sync_chunk(local, server, list(chunk), report)
        if after_chunk is not None:
            after_chunk(min(done * chunk_size, len(work)), len(work))
    with local.store.writing() as session:
        session.merge(SettingRow(key=LAST_SYNC_SETTING, value=local.clock.now().isoformat()))
        report.conflicts = session.scalar(select(func.count()).select_from(SyncConflictRow)) or 0
        audit.record(session, local, AuditAction.SYNCED, detail=_summary(report))
    return report


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


def _sync_chunk(
    local: ServiceContext, server: ServiceContext, uids: list[str], report: SyncReport
) -> None:
    now = local.clock.now()
    with local.store.reading() as session:
        mine = {row.uid: row for row in _rows(session, uids)}
        mine_payloads = {uid: payload(row) for uid, row in mine.items()}
        mine_versions = {uid: row.version for uid, row in mine.items()}
        bases = {row.case_uid: row for row in session.scalars(
            select(SyncCaseRow).where(SyncCaseRow.case_uid.in_(uids)))}  # fmt: skip
        tombs = {row.case_uid: row for row in session.scalars(
            select(SyncDeletionRow).where(SyncDeletionRow.case_uid.in_(uids)))}  # fmt: skip
    steps: list[_Step] = []
    log: list[_Entry] = []
    with server.store.writing() as session:
        theirs = {row.uid: row for row in _rows(session, uids, lock=True)}
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
        for action in (AuditAction.CASE_CREATED, AuditAction.CASE_CHANGED,
                       AuditAction.CASE_DELETED):  # fmt: skip
            entries = [(case_id, detail, changes) for kind, case_id, detail, changes in log
                       if kind is action]  # fmt: skip
            if entries:  # chained in one pass per chunk
                audit.record_many(session, server, action, entries)
    with local.store.writing() as session:
        rows_here = {row.uid: row for row in _rows(session, uids)}
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
    log: list[_Entry],
) -> None:
    if row is None:
        if base is not None:  # deleted on the server (or retention) since the last sync
            if changed_here:
                step.conflict = _conflict(step.uid, ConflictKind.DELETED_THERE, ours, base, ours,
                                          None, None)  # fmt: skip
            else:
                step.remove_here = True
                step.forget = True
                report.removed_here += 1
            return
        # New here: created on the server, which gives its lasting case number.
        data = _data(ours)
        given = number = data.case_number or ""
        if is_provisional(number) or _number_taken(session, number):
            number = numbers.next(data.reception.reception_date)
            data = replace(data, case_number=number)
        problems = case_problems(data, server.clock.today()) + duplicate_problems(
            session, data, None
        )
        if problems:
            step.conflict = _refused(step.uid, ours, problems)
            return
        created = _write(session, None, step.uid, with_number(ours, number), server.clock.now())
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
    merged = _merge_payloads(base, ours, current)
    if merged is None:
        step.conflict = _conflict(step.uid, ConflictKind.FIELDS, ours, base, ours, current,
                                  row.version)  # fmt: skip
        return
    if merged == current:  # the same case, officer and household
        step.to_local = current  # the server has it already (e.g. a sync cut after its commit)
        step.server_version = row.version
        report.pulled += 1
        return
    data = _data(merged)
    problems = case_problems(data, server.clock.today()) + duplicate_problems(session, data, row.id)
    if problems:
        step.conflict = _refused(step.uid, ours, problems)
        return
    before = case_data_from_row(row)
    _write(session, row, step.uid, merged, server.clock.now())
    log.append((AuditAction.CASE_CHANGED, row.id, _("synchronised"),
                changed_values(before, _data(merged))))  # fmt: skip
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
    log: list[_Entry],
) -> None:
    if row is None:
        step.forget = True
        return
    if row.version != tomb.server_version:
        current = payload(row)
        step.conflict = _conflict(step.uid, ConflictKind.DELETED_HERE, current, None, None,
                                  current, row.version)  # fmt: skip
        return
    log.append((AuditAction.CASE_DELETED, row.id, row.case_number, None))
    session.delete(row)
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
            session.delete(row)
        session.execute(delete(SyncCaseRow).where(SyncCaseRow.case_uid == uid))
        return
    if step.forget:
        session.execute(delete(SyncCaseRow).where(SyncCaseRow.case_uid == uid))
        return
    if step.to_local is None or step.server_version is None:
        return
    if row is None or payload(row) != step.to_local:
        row = _write(session, row, uid, step.to_local, now)
    session.merge(
        SyncCaseRow(
            case_uid=uid,
            server_version=step.server_version,
            local_version=row.version,
            base=json.dumps(step.to_local, ensure_ascii=False, sort_keys=True),
        )
    )


# -- conflicts ---------------------------------------------------------------------------------


def conflicts(local: ServiceContext) -> list[SyncConflict]:
    """The open conflicts, each with what the officer chooses between."""
    require(local, Permission.CASES)
    found: list[SyncConflict] = []
    with local.store.reading() as session:
        for row in session.scalars(select(SyncConflictRow).order_by(SyncConflictRow.case_number)):
            merged: Merge[CaseData] | None = None
            if row.kind == ConflictKind.FIELDS.value and row.base and row.theirs:
                here = session.scalar(
                    select(CaseRow).where(CaseRow.uid == row.case_uid).options(*_options())
                )
                ours = payload(here) if here is not None else json.loads(row.mine or "null")
                merged = _case_merge(json.loads(row.base), ours, json.loads(row.theirs))
            found.append(SyncConflict(row.case_uid, ConflictKind(row.kind), row.case_number,
                                      row.message, merged))  # fmt: skip
    return found


def resolve(
    local: ServiceContext, uid: str, choices: dict[str, Side] | None = None,
    side: Side | None = None,
) -> None:  # fmt: skip
    """Settles a conflict here; the next sync carries the outcome to the server. FIELDS takes
    `choices` (field by field); the deletion conflicts take one `side` (MINE: my deletion or
    my changes win; THEIRS: the server's)."""
    require(local, Permission.CASES)
    now = local.clock.now()
    with local.store.writing() as session:
        found = session.get(SyncConflictRow, uid)
        if found is None:
            raise NotFound(_("the conflict was settled already"))
        kind = ConflictKind(found.kind)
        row = session.scalar(select(CaseRow).where(CaseRow.uid == uid).options(*_options()))
        if kind is ConflictKind.FIELDS:
            assert found.base is not None and found.theirs is not None and choices is not None
            theirs = json.loads(found.theirs)
            ours = payload(row) if row is not None else json.loads(found.mine or "null")
            data = _case_merge(json.loads(found.base), ours, theirs).resolve(choices)
            resolved = {**theirs, "case": case_to_json(data, theirs["case"]["case_number"], None)}
            # The resolution is a change made over the server's version: the next sync pushes it.
            before = row.version if row is not None else 0
            row = _write(session, row, uid, resolved, now)
            session.merge(SyncCaseRow(case_uid=uid, server_version=found.theirs_version or 0,
                                      local_version=before,
                                      base=found.theirs))  # fmt: skip
        elif kind is ConflictKind.DELETED_THERE:
            session.execute(delete(SyncCaseRow).where(SyncCaseRow.case_uid == uid))
            if side is Side.THEIRS and row is not None:
                session.delete(row)  # else: pushed as a new case (restored) at the next sync
        elif kind is ConflictKind.DELETED_HERE:
            if side is Side.MINE:
                session.merge(SyncDeletionRow(case_uid=uid, server_version=found.theirs_version,
                                              deleted_at=now))  # fmt: skip
            else:
                session.execute(delete(SyncCaseRow).where(SyncCaseRow.case_uid == uid))
        session.delete(found)


# -- the case as it travels -----------------------------------------------------------------------


def payload(row: CaseRow) -> Payload:
    """A case as it travels and as its base is kept: the case file's form of INTERCHANGE.md,
    its officer and its household."""
    return {
        "case": case_to_json(case_data_from_row(row), row.case_number, None),
        "officer": row.assigned_officer,
        "household": row.household.uid if row.household is not None else None,
    }


def with_number(travelling: Payload, number: str) -> Payload:
    return {**travelling, "case": {**travelling["case"], "case_number": number}}


def _data(travelling: Payload) -> CaseData:
    # Parsing only: identity numbers travel with all 12 digits, so no century is guessed from
    # a date; the rules are checked against the server's clock where a case is written there.
    return parse_case(json.dumps(travelling["case"]), date.max).data


def _case_merge(base: Payload, ours: Payload, theirs: Payload) -> Merge[CaseData]:
    """The merge of the case data; the server's case number wins (it gives the lasting ones)."""
    number = theirs["case"]["case_number"]
    return merge(_data(with_number(base, number)), _data(with_number(ours, number)),
                 _data(theirs))  # fmt: skip


def _merge_payloads(base: Payload, ours: Payload, theirs: Payload) -> Payload | None:
    merged = _case_merge(base, ours, theirs)
    if not merged.clean:
        return None
    scalars = {}
    for key in ("officer", "household"):
        scalars[key] = ours.get(key) if theirs.get(key) == base.get(key) else theirs.get(key)
    data = merged.merged
    return {"case": case_to_json(data, data.case_number or "", None), **scalars}


def _options() -> tuple[Any, ...]:
    return (*with_lists(), selectinload(CaseRow.household))


def _rows(session: Session, uids: Sequence[str], lock: bool = False) -> Iterable[CaseRow]:
    statement = select(CaseRow).where(CaseRow.uid.in_(uids)).options(*_options())
    if lock:
        statement = statement.with_for_update(of=CaseRow)
    return session.scalars(statement).all()


def _number_taken(session: Session, number: str) -> bool:
    return session.scalar(select(CaseRow.id).where(CaseRow.case_number == number)) is not None


def _write(
    session: Session, row: CaseRow | None, uid: str, travelling: Payload, now: datetime
) -> CaseRow:
    """Makes (or creates) the case `uid` exactly the travelling case; raises its version."""
    data = _data(travelling)
    number = data.case_number or ""
    household = _household(session, travelling.get("household"), now)
    if row is None:
        row = CaseRow(uid=uid, version=0, created_at=now)
        session.add(row)
    for name, value in case_columns(data).items():
        setattr(row, name, value)
    row.case_number = number
    row.search_text = search_text(data, number)
    row.assigned_officer = travelling.get("officer")
    row.household = household
    row.updated_at = now
    row.version += 1
    replace_children(row, data)
    session.flush()
    return row


def _household(session: Session, uid: str | None, now: datetime) -> HouseholdRow | None:
    if uid is None:
        return None
    found = session.scalar(select(HouseholdRow).where(HouseholdRow.uid == uid))
    if found is None:
        found = HouseholdRow(uid=uid, created_at=now)
        session.add(found)
        session.flush()
    return found


def _conflict(
    uid: str, kind: ConflictKind, shown: Payload, base: Payload | None, mine: Payload | None,
    theirs: Payload | None, theirs_version: int | None,
) -> SyncConflictRow:  # fmt: skip
    messages = {
        ConflictKind.FIELDS: _("changed here and on the server: choose field by field"),
        ConflictKind.DELETED_THERE: _("changed here, but deleted on the server"),
        ConflictKind.DELETED_HERE: _("deleted here, but changed on the server since"),
    }
    return SyncConflictRow(
        case_uid=uid, kind=kind.value, case_number=shown["case"]["case_number"],
        base=_json(base), mine=_json(mine), theirs=_json(theirs), theirs_version=theirs_version,
        message=messages[kind], found_at=datetime.min,
    )  # fmt: skip


def _refused(uid: str, ours: Payload, problems: list[Any]) -> SyncConflictRow:
    text = "; ".join(str(problem) for problem in problems)
    return SyncConflictRow(
        case_uid=uid, kind=ConflictKind.REFUSED.value, case_number=ours["case"]["case_number"],
        base=None, mine=_json(ours), theirs=None, theirs_version=None,
        message=_("the server refused it: {problems}; correct the case here").format(
            problems=text
        ),
        found_at=datetime.min,
    )  # fmt: skip


def _json(value: Payload | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _summary(report: SyncReport) -> str:
    return (
        f"pushed={report.pushed} pulled={report.pulled} merged={report.merged} "
        f"created={report.created_there} deleted={report.deleted_there} "
        f"removed={report.removed_here} conflicts={report.conflicts}"
    )


def _host(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


# -- making a laptop copy ---------------------------------------------------------------------


def create_replica(
    server_url: str, local_url: str, username: str, password: str, clock: Clock
) -> tuple[ServiceContext, ServiceContext, SyncReport]:
    """A new encrypted store on this computer holding the officer's caseload from the server,
    signed in with the same name and password; returns (local, server, the first sync)."""
    signed = signin.sign_in(server_url, username, password, clock)
    server = signed.context
    try:
        if signed.must_change_password:
            raise NotAReplica(_("choose your own password on the server first (nyanland passwd)"))
        if server.actor.role is not Role.OFFICER:
            raise NotAReplica(_("a laptop copy holds an officer's caseload; {name} is no officer")
                              .format(name=username))  # fmt: skip
        local = signin.create_store(local_url, username, password, clock, Role.OFFICER)
    except BaseException:
        server.store.dispose()
        raise
    make_replica(local, server_url)
    return local, server, synchronise(local, server)
