"""The audit log: who did what to which case, each entry chained to the last by a hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from nyanland.services.context import ServiceContext
from nyanland.store.models import AuditEventRow

GENESIS_HASH = "0" * 64


class AuditAction(StrEnum):
    CASE_CREATED = "case_created"
    CASE_VIEWED = "case_viewed"
    CASE_CHANGED = "case_changed"
    CASE_CLOSED = "case_closed"
    CASES_IMPORTED = "cases_imported"
    CASES_EXPORTED = "cases_exported"
    DEMO_DATA_ADDED = "demo_data_added"
    STORE_CREATED = "store_created"
    ACCOUNT_CREATED = "account_created"
    BACKUP_TAKEN = "backup_taken"
    STORE_RESTORED = "store_restored"


@dataclass(frozen=True)
class AuditEvent:
    id: int
    occurred_at: datetime
    actor: str
    action: str
    case_id: int | None
    detail: str


def entry_hash(
    previous_hash: str,
    occurred_at: datetime,
    actor: str,
    action: str,
    case_id: int | None,
    detail: str,
) -> str:
    """The hash that seals an entry together with every entry before it."""
    payload = json.dumps(
        [previous_hash, occurred_at.isoformat(), actor, action, case_id, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(
    session: Session,
    context: ServiceContext,
    action: AuditAction,
    case_id: int | None = None,
    detail: str = "",
) -> None:
    """Appends an entry within the caller's transaction, so it is kept exactly when the work is.

    `detail` names fields and counts, never a person's data.
    """
    previous = session.scalar(
        select(AuditEventRow.entry_hash).order_by(AuditEventRow.id.desc()).limit(1)
    )
    previous_hash = previous or GENESIS_HASH
    occurred_at = context.clock.now()
    session.add(
        AuditEventRow(
            occurred_at=occurred_at,
            actor=context.actor,
            action=action.value,
            case_id=case_id,
            detail=detail,
            previous_hash=previous_hash,
            entry_hash=entry_hash(
                previous_hash, occurred_at, context.actor, action.value, case_id, detail
            ),
        )
    )
    session.flush()


def events(context: ServiceContext, case_id: int | None = None) -> list[AuditEvent]:
    """The log, oldest first (optionally only one case's entries)."""
    with context.store.reading() as session:
        query = select(AuditEventRow).order_by(AuditEventRow.id)
        if case_id is not None:
            query = query.where(AuditEventRow.case_id == case_id)
        return [
            AuditEvent(r.id, r.occurred_at, r.actor, r.action, r.case_id, r.detail)
            for r in session.scalars(query)
        ]
