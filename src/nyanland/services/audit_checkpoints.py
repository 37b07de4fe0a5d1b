"""Signed checkpoints of the audit log: what `audit verify` can prove to someone who holds the
store's key and rewrote the log.

The hash chain alone shows a changed entry only to a reader who did not re-seal the chain
after it: anyone who can open the store can. A checkpoint lists the seal of every entry since
the one before, chained to that one, and is signed (Ed25519) with a key sealed to the
administrators only. `audit verify` checks each checkpoint against the verification key that
the verifying administrator's own password unwraps (an edit of the key file cannot swap it),
and then each entry a checkpoint covers: changed, removed or added. What comes after the last
checkpoint it can verify, it cannot prove, and says so.

A checkpoint is made when an administrator signs out, before every backup, and at an
administrator's first sign-in of a day (services/signin.py, services/backup.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select

from nyanland.i18n import _, ngettext
from nyanland.services import audit
from nyanland.services.context import ServiceContext
from nyanland.store.account_keys import SessionKeys
from nyanland.store.models import AuditCheckpointRow, AuditEventRow

FORMAT = "nyanland.audit-checkpoint/1"
DAILY = timedelta(days=1)
GENESIS = "0" * 64


@dataclass(frozen=True)
class CheckpointReport:
    """What the checkpoints prove about the log."""

    key_known: bool  # False: this account holds no verification key (nothing can be proven)
    checkpoints: int  # checkpoints whose signature holds
    forged: tuple[int, ...] = ()  # checkpoints whose signature or chain does not hold
    changed: tuple[int, ...] = ()  # entries a checkpoint covers, not as it signed them
    removed: tuple[int, ...] = ()
    added: tuple[int, ...] = ()  # entries among the covered ones that it did not sign
    unproven: int = 0  # entries after the last checkpoint that holds
    last_made_at: datetime | None = None
    last_made_by: str = ""
    last_event_id: int = 0
    last_signature: str = field(default="")

    @property
    def tampered(self) -> bool:
        return bool(self.forged or self.changed or self.removed or self.added)


def _keys(context: ServiceContext) -> SessionKeys | None:
    keys = context.store.account_keys
    return keys if isinstance(keys, SessionKeys) else None


def _payload(row: AuditCheckpointRow) -> bytes:
    fields = [
        FORMAT,
        row.made_at.isoformat(),
        row.made_by,
        row.first_event_id,
        row.last_event_id,
        row.entries,
        row.previous,
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _digest(signature: str) -> str:
    return hashlib.sha256(signature.encode("ascii")).hexdigest()


def can_sign(context: ServiceContext) -> bool:
    keys = _keys(context)
    return keys is not None and keys.audit_signing_key is not None


def make(context: ServiceContext) -> bool:
    """Signs the entries since the last checkpoint (none new: nothing is made). Only an
    account holding the checkpoint key (an administrator) can; for others it does nothing."""
    keys = _keys(context)
    if keys is None or keys.audit_signing_key is None:
        return False
    with context.store.writing() as session:
        last = session.scalar(
            select(AuditCheckpointRow).order_by(AuditCheckpointRow.id.desc()).limit(1)
        )
        after = last.last_event_id if last is not None else 0
        seals = list(
            session.execute(
                select(AuditEventRow.id, AuditEventRow.entry_hash)
                .where(AuditEventRow.id > after)
                .order_by(AuditEventRow.id)
            )
        )
        if not seals:
            return False
        row = AuditCheckpointRow(
            made_at=context.clock.now(),
            made_by=context.actor.name,
            first_event_id=seals[0][0],
            last_event_id=seals[-1][0],
            entries=json.dumps([[i, h] for i, h in seals], separators=(",", ":")),
            previous=_digest(last.signature) if last is not None else GENESIS,
            signature="",
        )
        row.signature = keys.audit_signing_key.sign(_payload(row)).hex()
        session.add(row)
    return True


def make_if_due(context: ServiceContext) -> bool:
    """At an administrator's sign-in: a checkpoint if the last one is a day old (or none)."""
    if not can_sign(context):
        return False
    with context.store.reading() as session:
        last = session.scalar(
            select(AuditCheckpointRow.made_at).order_by(AuditCheckpointRow.id.desc()).limit(1)
        )
    if last is not None and context.clock.now() - last < DAILY:
        return False
    return make(context)


def check(context: ServiceContext) -> CheckpointReport:
    """What the checkpoints prove (run inside `audit.verify`, permission checked there)."""
    keys = _keys(context)
    verify_key = keys.secret.audit_verify_key if keys is not None else None
    with context.store.reading() as session:
        events = {
            row.id: row
            for row in session.execute(select(AuditEventRow).order_by(AuditEventRow.id))
            .scalars()
            .yield_per(2000)
        }
        checkpoints = list(session.scalars(select(AuditCheckpointRow).order_by("id")))
    if verify_key is None:
        return CheckpointReport(False, 0, unproven=len(events))
    return _check(verify_key, events, checkpoints)


def _check(
    verify_key: Ed25519PublicKey,
    events: dict[int, AuditEventRow],
    checkpoints: list[AuditCheckpointRow],
) -> CheckpointReport:
    forged: list[int] = []
    changed: list[int] = []
    removed: list[int] = []
    added: list[int] = []
    previous = GENESIS
    valid = 0
    last: AuditCheckpointRow | None = None
    for row in checkpoints:
        try:
            verify_key.verify(bytes.fromhex(row.signature), _payload(row))
            signed = row.previous == previous
        except (InvalidSignature, ValueError):
            signed = False
        if not signed:
            forged.append(row.id)
            continue
        valid += 1
        previous = _digest(row.signature)
        covered = {int(i): h for i, h in json.loads(row.entries)}
        for event_id, seal in covered.items():
            event = events.get(event_id)
            if event is None:
                removed.append(event_id)
            elif event.entry_hash != seal or not audit.seal_holds(event):
                changed.append(event_id)
        low = last.last_event_id if last is not None else 0
        added.extend(i for i in events if low < i <= row.last_event_id and i not in covered)
        last = row
    proven_to = last.last_event_id if last is not None else 0
    return CheckpointReport(
        True,
        valid,
        tuple(forged),
        tuple(sorted(changed)),
        tuple(sorted(removed)),
        tuple(sorted(added)),
        sum(1 for i in events if i > proven_to),
        last.made_at if last is not None else None,
        last.made_by if last is not None else "",
        proven_to,
        last.signature if last is not None else "",
    )


def _ids(ids: tuple[int, ...]) -> str:
    shown = ", ".join(str(i) for i in ids[:20])
    return shown + (" …" if len(ids) > 20 else "")


def findings(broken: tuple[int, ...], report: CheckpointReport | None) -> list[str]:
    """What is wrong with the log, a line each (empty: nothing found)."""
    lines = []
    if broken:
        lines.append(_("entries {ids} do not match their seals").format(ids=_ids(broken)))
    if report is None:
        return lines
    for ids, text in (
        (report.forged, _("checkpoints {ids} are not signed with this store's checkpoint key")),
        (report.changed, _("entries {ids} were changed after a checkpoint signed them")),
        (report.removed, _("entries {ids} were removed after a checkpoint signed them")),
        (report.added, _("entries {ids} were put in among those a checkpoint signed")),
    ):
        if ids:
            lines.append(text.format(ids=_ids(ids)))
    return lines


def limits(report: CheckpointReport | None) -> list[str]:
    """What the check proves, and exactly what it cannot."""
    if report is None or not report.key_known:
        return [
            _(
                "this account holds no checkpoint key, so no signature was checked: only the "
                "chain of seals, which proves nothing against someone who holds the store's key"
            )
        ]
    if report.last_made_at is None:
        return [
            _(
                "no checkpoint holds yet: none of the {n} entries can be proven against someone "
                "who holds the store's key"
            ).format(n=report.unproven)
        ]
    lines = [
        ngettext(
            "{n} checkpoint holds; the last, signed by {name} on {time}, covers the entries up "
            "to {id}",
            "{n} checkpoints hold; the last, signed by {name} on {time}, covers the entries up "
            "to {id}",
            report.checkpoints,
        ).format(
            n=report.checkpoints,
            name=report.last_made_by,
            time=report.last_made_at.strftime("%Y-%m-%d %H:%M"),
            id=report.last_event_id,
        )
    ]
    if report.unproven:
        lines.append(
            ngettext(
                "the {n} entry after it cannot be proven until the next checkpoint (an "
                "administrator signing out, taking a backup or signing in on a new day)",
                "the {n} entries after it cannot be proven until the next checkpoint (an "
                "administrator signing out, taking a backup or signing in on a new day)",
                report.unproven,
            ).format(n=report.unproven)
        )
    lines.append(
        _(
            "nor can it prove that no newer checkpoint was removed: compare the last one's "
            "signature, {signature}…, with the one in your latest backup"
        ).format(signature=report.last_signature[:16])
    )
    return lines
