"""Accounts: creating a store's administrator and users, with Argon2id password hashes."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nyanland.domain.errors import FieldError, KnownError
from nyanland.domain.roles import MIN_PASSWORD_LENGTH, Role
from nyanland.i18n import _
from nyanland.services import audit
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.store.models import AccountRow, CaseRow

_USERNAME = re.compile(r"^[A-Za-z0-9._-]{2,100}$")
# argon2-cffi's defaults are Argon2id (RFC 9106's low-memory profile).
_HASHER = PasswordHasher()


class StoreNotEmpty(KnownError):
    """`init` was asked for a store that already holds accounts or cases."""


def password_problems(password: str) -> list[FieldError]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return [
            FieldError(
                "password",
                _("must be at least {n} characters long").format(n=MIN_PASSWORD_LENGTH),
            )
        ]
    return []


def username_problems(username: str) -> list[FieldError]:
    if not _USERNAME.match(username):
        return [
            FieldError("username", _("use 2 to 100 letters, digits, dots, dashes or underscores"))
        ]
    return []


def create_account(context: ServiceContext, username: str, role: Role, password: str) -> None:
    _raise_first(username_problems(username) + password_problems(password))
    with context.store.writing() as session:
        _add_account(session, context, username, role, password)


def initialise(context: ServiceContext, admin: str, password: str) -> None:
    """Makes a freshly migrated, empty store ready: its first account, the administrator."""
    _raise_first(username_problems(admin) + password_problems(password))
    with context.store.writing() as session:
        accounts = session.scalar(select(func.count(AccountRow.id))) or 0
        cases = session.scalar(select(func.count(CaseRow.id))) or 0
        if accounts or cases:
            raise StoreNotEmpty(
                _("{store} is not a new store: it already has accounts or cases").format(
                    store=context.store.describe()
                )
            )
        audit.record(session, context, AuditAction.STORE_CREATED)
        _add_account(session, context, admin, Role.ADMIN, password)


def _raise_first(problems: list[FieldError]) -> None:
    if problems:
        raise problems[0]


def _add_account(
    session: Session, context: ServiceContext, username: str, role: Role, password: str
) -> None:
    if session.scalar(select(AccountRow.id).where(AccountRow.username == username)):
        raise FieldError(
            "username", _("an account named {name} already exists").format(name=username)
        )
    session.add(
        AccountRow(
            username=username,
            role=role.value,
            password_hash=_HASHER.hash(password),
            disabled=False,
            failed_sign_ins=0,
            created_at=context.clock.now(),
        )
    )
    session.flush()
    audit.record(session, context, AuditAction.ACCOUNT_CREATED, detail=f"{username} ({role.value})")


def account_count(context: ServiceContext) -> int:
    with context.store.reading() as session:
        return session.scalar(select(func.count(AccountRow.id))) or 0
