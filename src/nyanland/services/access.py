"""The permission check every service call begins with: a refusal is written to the audit log
(in a transaction of its own, as nothing else happens) and raised with the role it needs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select, text

from nyanland.domain.roles import NotPermitted, Permission, Role
from nyanland.domain.timeline import DEFAULT_RULES, add_months
from nyanland.services import audit
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.store.models import CaseRow


def require(context: ServiceContext, permission: Permission, case_id: int | None = None) -> None:
    if context.actor.may(permission):
        return
    with context.store.writing() as session:
        audit.record(session, context, AuditAction.REFUSED, case_id, permission.value)
    raise NotPermitted(permission)


def require_any(context: ServiceContext, *permissions: Permission) -> None:
    """At least one of `permissions`; a refusal names the first one's roles."""
    if not any(context.actor.may(p) for p in permissions):
        require(context, permissions[0])


def visible_cases(context: ServiceContext) -> ColumnElement[bool]:
    """Cases the actor may see: a person with protected identity (skyddad identitet) is seen by
    the assigned officer only."""
    mine = CaseRow.assigned_officer == context.actor.name
    return or_(CaseRow.protected_identity.is_(False), mine)


def hidden_cases(context: ServiceContext, *columns: Any) -> Select[Any]:
    """The cases `visible_cases` leaves out (`columns` of them), read from the partial index
    of the protected cases (migrations 0016 and 0025): those few, never a scan."""
    return select(*columns).where(
        text("cases.protected_identity"),
        or_(
            CaseRow.assigned_officer.is_(None),
            CaseRow.assigned_officer != context.actor.name,
        ),
    )


def sfi_visible(context: ServiceContext) -> ColumnElement[bool]:
    """The people an account may find for SFI: SFI staff see no one under the SFI age (a
    child's name is none of their business), as a team server's row security has it."""
    visible = visible_cases(context)
    if context.actor.role is not Role.SFI:
        return visible
    oldest_birth = add_months(context.clock.today(), -12 * DEFAULT_RULES.sfi_min_age)
    return and_(visible, CaseRow.birth_date <= oldest_birth)
