"""The consents recorded on a case (domain/consents.py): given, withdrawn, listed. Kept in a
table of their own (migration 0020) under the case's rules and row security; each step is
in the audit log; a laptop's sync carries them (services/sync_extras.py); the register
extract lists them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from nyanland.domain.consents import Consent, ConsentPurpose, consent_problems
from nyanland.domain.errors import NotFound, ValidationFailed
from nyanland.domain.roles import Permission
from nyanland.i18n import _
from nyanland.services import audit
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.case_rows import visible_case_row
from nyanland.services.context import ServiceContext
from nyanland.store.models import ConsentRow


@dataclass(frozen=True)
class RecordedConsent:
    id: int
    uid: str
    consent: Consent
    recorded_by: str
    recorded_at: datetime
    withdrawn_by: str | None


def record(context: ServiceContext, case_id: int, consent: Consent) -> RecordedConsent:
    """A consent the person gave (ValidationFailed naming each field when it cannot be)."""
    require(context, Permission.CASES, case_id)
    consent = Consent(
        consent.purpose, consent.given_on, (consent.recipient or "").strip() or None, None
    )
    problems = consent_problems(consent, context.clock.today())
    if problems:
        raise ValidationFailed(problems)
    with context.store.writing() as session:
        visible_case_row(session, context, case_id)
        row = ConsentRow(
            case_id=case_id,
            purpose=consent.purpose.value,
            recipient=consent.recipient,
            given_on=consent.given_on,
            recorded_by=context.actor.name,
            recorded_at=context.clock.now(),
        )
        session.add(row)
        session.flush()
        audit.record(
            session, context, AuditAction.CONSENT_RECORDED, case_id, f"{row.purpose} {row.given_on}"
        )
        return _recorded(row)


def withdraw(context: ServiceContext, consent_id: int, on: date) -> RecordedConsent:
    """The person takes the consent back from `on`; a withdrawn one stays withdrawn."""
    with context.store.writing() as session:
        row = session.get(ConsentRow, consent_id)
        if row is None or row.withdrawn_on is not None:
            raise NotFound(_("the consent is no longer standing"))
        require(context, Permission.CASES, row.case_id)
        visible_case_row(session, context, row.case_id)
        withdrawn = Consent(ConsentPurpose(row.purpose), row.given_on, row.recipient, on)
        problems = consent_problems(withdrawn, context.clock.today())
        if problems:
            raise ValidationFailed(problems)
        row.withdrawn_on, row.withdrawn_by = on, context.actor.name
        audit.record(
            session, context, AuditAction.CONSENT_WITHDRAWN, row.case_id, f"{row.purpose} {on}"
        )
        return _recorded(row)


def of_case(context: ServiceContext, case_id: int) -> list[RecordedConsent]:
    """The case's consents, standing ones first, each by the day it was given."""
    require(context, Permission.CASES, case_id)
    with context.store.reading() as session:
        visible_case_row(session, context, case_id)
        rows = session.scalars(
            select(ConsentRow)
            .where(ConsentRow.case_id == case_id)
            .order_by(ConsentRow.withdrawn_on.is_not(None), ConsentRow.given_on, ConsentRow.id)
        )
        return [_recorded(row) for row in rows]


def _recorded(row: ConsentRow) -> RecordedConsent:
    consent = Consent(ConsentPurpose(row.purpose), row.given_on, row.recipient, row.withdrawn_on)
    return RecordedConsent(
        row.id, row.uid, consent, row.recorded_by, row.recorded_at, row.withdrawn_by
    )
