"""A laptop copy's audit log, anchored on the team server at every sync.

The officer of a laptop copy holds its store's key, so with a tool beside the app the officer
could rewrite the laptop's log and seal the chain again. The laptop has no checkpoint key (only
administrators do), so the server keeps the anchor instead. At the end of each sync, the
laptop's newest entry (its number and seal) is written into the server's own audit log. That
log is chained by the server, serialised, and no role may change it (migration 0009).

At the next sync the laptop's log is checked against the anchor the server kept: the chain
must hold from the first entry, and the entry at the anchor must still carry the anchored
seal. A log changed, shortened or re-sealed anywhere up to the anchor is found there. The
finding goes into the server's log, where the administrator reads it, and the sync reports it
to the officer.

What it cannot prove: entries written after the last sync (until the next one anchors them),
and a laptop that never syncs again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from nyanland.i18n import _
from nyanland.services import audit
from nyanland.services.audit import GENESIS_HASH, AuditAction, seal_holds
from nyanland.services.context import ServiceContext
from nyanland.store.models import AuditEventRow

IDENTITY_LENGTH = 16  # of the laptop log's first seal: which laptop an anchor is for


@dataclass(frozen=True)
class Head:
    identity: str  # the first entry's seal, shortened: the laptop copy's own
    last_id: int
    last_seal: str

    def detail(self) -> str:
        return f"{self.identity} {self.last_id} {self.last_seal}"


def head(local: ServiceContext) -> Head | None:
    with local.store.reading() as session:
        first = session.scalar(select(AuditEventRow.entry_hash).order_by(AuditEventRow.id).limit(1))
        last = session.execute(
            select(AuditEventRow.id, AuditEventRow.entry_hash)
            .order_by(AuditEventRow.id.desc())
            .limit(1)
        ).first()
    if first is None or last is None:
        return None
    return Head(first[:IDENTITY_LENGTH], last[0], last[1])


def check_and_anchor(local: ServiceContext, server: ServiceContext) -> str | None:
    """Checks the laptop's log against the server's last anchor of it, then anchors its
    newest entry there. Returns what was found wrong (None: the log holds)."""
    now = head(local)
    if now is None:
        return None
    anchored = _last_anchor(server, now.identity)
    found = _problem(local, anchored)
    with server.store.writing() as session:
        if found is not None:  # the server's log says it in words any administrator reads
            detail = f"{now.identity} {found[0]}"
            audit.record(session, server, AuditAction.LAPTOP_LOG_BROKEN, detail=detail)
        audit.record(session, server, AuditAction.LAPTOP_LOG_ANCHORED, detail=now.detail())
    return found[1] if found is not None else None


def _last_anchor(server: ServiceContext, identity: str) -> tuple[int, str] | None:
    with server.store.reading() as session:
        detail = session.scalar(
            select(AuditEventRow.detail)
            .where(
                AuditEventRow.action == AuditAction.LAPTOP_LOG_ANCHORED.value,
                AuditEventRow.detail.startswith(identity + " "),
            )
            .order_by(AuditEventRow.id.desc())
            .limit(1)
        )
    if detail is None:
        return None
    _identity, number, seal = detail.split(" ")
    return int(number), seal


def _problem(local: ServiceContext, anchored: tuple[int, str] | None) -> tuple[str, str] | None:
    """The laptop log's chain from its first entry, and the anchored entry's seal: what was
    found (for the server's log, in fixed words) and the officer's message."""
    previous, broken = GENESIS_HASH, 0
    with local.store.reading() as session:
        rows = session.execute(select(AuditEventRow).order_by(AuditEventRow.id)).scalars()
        for row in rows.yield_per(2000):
            if row.previous_hash != previous or not seal_holds(row):
                broken += 1
            previous = row.entry_hash
        if anchored is None:
            at = None
        else:
            at = session.scalar(
                select(AuditEventRow.entry_hash).where(AuditEventRow.id == anchored[0])
            )
        entries = session.scalar(select(func.count(AuditEventRow.id))) or 0
    if broken:
        said = _("the laptop's audit log has {n} broken seals").format(n=broken)
        return f"broken seals: {broken}", said
    if anchored is not None and at != anchored[1]:
        said = _(
            "the laptop's audit log does not hold the entry {number} the server anchored at the "
            "last sync: changed, removed or re-sealed since ({entries} entries now)"
        ).format(number=anchored[0], entries=entries)
        return f"anchor {anchored[0]} not held ({entries} entries)", said
    return None
