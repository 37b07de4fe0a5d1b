"""Cases kept from retention: the administrator names a case by its number and says why (an
appeal under way, a court's request); retention lists and deletes none of them until the
exemption is lifted. Both steps are in the audit log, with the reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, select

from nyanland.domain.errors import FieldError, NotFound
from nyanland.domain.roles import Permission
from nyanland.i18n import _
from nyanland.services import audit
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.store.models import CaseRow, RetentionExemptionRow

REASON_MAX = 500


@dataclass(frozen=True)
class Exemption:
    case_id: int
    case_number: str
    reason: str
    exempted_by: str
    exempted_at: datetime


def exempt(context: ServiceContext, case_number: str, reason: str) -> Exemption:
    require(context, Permission.ADMINISTER)
    reason = " ".join(reason.split())
    if not reason:
        raise FieldError("reason", _("say why the case is kept from retention"))
    if len(reason) > REASON_MAX:
        raise FieldError("reason", _("is longer than {n} characters").format(n=REASON_MAX))
    with context.store.writing() as session:
        case_id = session.scalar(
            select(CaseRow.id).where(CaseRow.case_number == case_number.strip())
        )
        if case_id is None:
            raise FieldError(
                "case_number", _("there is no case {number}").format(number=case_number.strip())
            )
        if session.get(RetentionExemptionRow, case_id) is not None:
            raise FieldError("case_number", _("the case is kept from retention already"))
        row = RetentionExemptionRow(
            case_id=case_id,
            reason=reason,
            exempted_by=context.actor.name,
            exempted_at=context.clock.now(),
        )
        session.add(row)
        session.flush()
        audit.record(session, context, AuditAction.RETENTION_EXEMPTED, case_id, reason)
        return Exemption(case_id, case_number.strip(), reason, row.exempted_by, row.exempted_at)


def lift(context: ServiceContext, case_id: int) -> None:
    require(context, Permission.ADMINISTER)
    with context.store.writing() as session:
        row = session.get(RetentionExemptionRow, case_id)
        if row is None:
            raise NotFound(_("the case is no longer kept from retention"))
        session.delete(row)
        audit.record(session, context, AuditAction.RETENTION_EXEMPTION_LIFTED, case_id)


def exemptions(context: ServiceContext) -> list[Exemption]:
    require(context, Permission.ADMINISTER)
    with context.store.reading() as session:
        rows = session.execute(
            select(RetentionExemptionRow, CaseRow.case_number)
            .join(CaseRow, CaseRow.id == RetentionExemptionRow.case_id)
            .order_by(RetentionExemptionRow.exempted_at, CaseRow.case_number)
        )
        return [
            Exemption(r.case_id, number, r.reason, r.exempted_by, r.exempted_at)
            for r, number in rows
        ]


def not_exempted() -> ColumnElement[bool]:
    """A condition on a case: retention may take it."""
    return CaseRow.id.not_in(select(RetentionExemptionRow.case_id))
