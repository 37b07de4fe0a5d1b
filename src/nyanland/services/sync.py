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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError

from nyanland.domain.case import CaseData
from nyanland.domain.errors import KnownError, NotFound
from nyanland.domain.merge import Merge, Side
from nyanland.domain.roles import Permission, Role
from nyanland.i18n import _
from nyanland.services import audit, laptop_log, signin
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.batches import chunks
from nyanland.services.case_file import case_to_json
from nyanland.services.case_rows import (
    SYNC_SERVER_SETTING,
    delete_case_row,
)
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.sync_chunk import sync_chunk
from nyanland.services.sync_extras import (
    CONSENTS,
    DOCUMENTS,
    MEETINGS,
    record_synced,
    sync_kind,
    waiting,
)
from nyanland.services.sync_payload import ConflictKind as ConflictKind
from nyanland.services.sync_payload import SyncReport as SyncReport
from nyanland.services.sync_payload import (
    case_merge,
    payload,
    row_options,
    write_case,
)
from nyanland.store.engine import DATABASE_ERRORS, ServerLost
from nyanland.store.models import (
    CaseRow,
    SettingRow,
    SyncCaseRow,
    SyncConflictRow,
    SyncDeletionRow,
)

LAST_SYNC_SETTING = "sync.last"
CHUNK = 100


class NotAReplica(KnownError):
    """Sync on a store that is no laptop copy of a server."""


class ServerUnreachable(KnownError):
    """No network, or the connection broke during a sync (what was synced before is kept)."""


_CONNECTION_LOST = (OperationalError, InterfaceError)


def _unreachable() -> ServerUnreachable:
    return ServerUnreachable(
        _(
            "the server cannot be reached: nothing is lost, and what was synced is kept; "
            "sync again when the network is back"
        )
    )


def connect(local: ServiceContext, password: str) -> ServiceContext:
    """Signs the replica's officer in to its server (with the password given)."""
    url = server_of(local)
    if url is None:
        raise NotAReplica(_("this store is not a laptop copy of a team store"))
    try:
        return signin.sign_in(url, local.actor.name, password, local.clock).context
    except (*_CONNECTION_LOST, ServerLost):
        raise _unreachable() from None


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
    require(local, Permission.CASES)  # a role without cases is refused before it sees a count
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
                    | (SyncCaseRow.local_version != CaseRow.version),
                    CaseRow.uid.not_in(select(SyncConflictRow.case_uid)),
                )
            )
            or 0
        )
        # A case in conflict waits for the officer's choice, not for the next sync.
        deleted = (
            session.scalar(
                select(func.count())
                .select_from(SyncDeletionRow)
                .where(SyncDeletionRow.case_uid.not_in(select(SyncConflictRow.case_uid)))
            )
            or 0
        )
        conflicts = session.scalar(select(func.count()).select_from(SyncConflictRow)) or 0
        documents = waiting(session)  # documents and consents not yet as the server has them
    last = settings.get(LAST_SYNC_SETTING)
    return SyncStatus(
        settings.get(SYNC_SERVER_SETTING),
        datetime.fromisoformat(last) if last else None,
        changed + deleted + documents,
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
    except ServerLost:
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
        sync_chunk(local, server, list(chunk), report)
        if after_chunk is not None:
            after_chunk(min(done * chunk_size, len(work)), len(work))
    # Their cases are on both sides now.
    report.documents = sync_kind(local, server, DOCUMENTS)
    report.consents = sync_kind(local, server, CONSENTS)
    report.meetings = sync_kind(local, server, MEETINGS)
    record_synced(local)
    report.log_broken = laptop_log.check_and_anchor(local, server)
    with local.store.writing() as session:
        session.merge(SettingRow(key=LAST_SYNC_SETTING, value=local.clock.now().isoformat()))
        report.conflicts = session.scalar(select(func.count()).select_from(SyncConflictRow)) or 0
        audit.record(session, local, AuditAction.SYNCED, detail=_summary(report))
    return report


def conflicts(local: ServiceContext) -> list[SyncConflict]:
    """The open conflicts, each with what the officer chooses between."""
    require(local, Permission.CASES)
    found: list[SyncConflict] = []
    with local.store.reading() as session:
        for row in session.scalars(select(SyncConflictRow).order_by(SyncConflictRow.case_number)):
            merged: Merge[CaseData] | None = None
            if row.kind == ConflictKind.FIELDS.value and row.base and row.theirs:
                here = session.scalar(
                    select(CaseRow).where(CaseRow.uid == row.case_uid).options(*row_options())
                )
                ours = payload(here) if here is not None else json.loads(row.mine or "null")
                merged = case_merge(json.loads(row.base), ours, json.loads(row.theirs))
            found.append(
                SyncConflict(
                    row.case_uid, ConflictKind(row.kind), row.case_number, row.message, merged
                )
            )
    return found


def resolve(
    local: ServiceContext,
    uid: str,
    choices: dict[str, Side] | None = None,
    side: Side | None = None,
) -> None:
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
        row = session.scalar(select(CaseRow).where(CaseRow.uid == uid).options(*row_options()))
        if kind is ConflictKind.FIELDS:
            assert found.base is not None and found.theirs is not None and choices is not None
            theirs = json.loads(found.theirs)
            ours = payload(row) if row is not None else json.loads(found.mine or "null")
            data = case_merge(json.loads(found.base), ours, theirs).resolve(choices)
            resolved = {**theirs, "case": case_to_json(data, theirs["case"]["case_number"], None)}
            # The resolution is a change made over the server's version: the next sync pushes it.
            before = row.version if row is not None else 0
            row = write_case(session, row, uid, resolved, now)
            session.merge(
                SyncCaseRow(
                    case_uid=uid,
                    server_version=found.theirs_version or 0,
                    local_version=before,
                    base=found.theirs,
                )
            )
        elif kind is ConflictKind.DELETED_THERE:
            session.execute(delete(SyncCaseRow).where(SyncCaseRow.case_uid == uid))
            if side is Side.THEIRS and row is not None:
                # else: pushed as a new case (restored) at the next sync
                delete_case_row(session, row)
        elif kind is ConflictKind.DELETED_HERE:
            if side is Side.MINE:
                session.merge(
                    SyncDeletionRow(
                        case_uid=uid, server_version=found.theirs_version, deleted_at=now
                    )
                )
            else:
                session.execute(delete(SyncCaseRow).where(SyncCaseRow.case_uid == uid))
        session.delete(found)


def _summary(report: SyncReport) -> str:
    return (
        f"pushed={report.pushed} pulled={report.pulled} merged={report.merged} "
        f"created={report.created_there} deleted={report.deleted_there} "
        f"removed={report.removed_here} conflicts={report.conflicts} "
        f"documents={report.documents} consents={report.consents} meetings={report.meetings}"
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
            raise NotAReplica(
                _("a laptop copy holds an officer's caseload; {name} is no officer").format(
                    name=username
                )
            )
        local = signin.create_store(local_url, username, password, clock, Role.OFFICER)
    except BaseException:
        server.store.dispose()
        raise
    make_replica(local, server_url)
    return local, server, synchronise(local, server)
