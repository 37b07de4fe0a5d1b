"""The administrator's changes to an account beyond adding, disabling and resetting it: its
role, and its lock after too many wrong passwords.

Where the change is decided: on an encrypted file the key file holds the lockout counters and
an administrator's sealed checkpoint key, so both are changed there (under its lock) as well as
in the accounts table; on a team server the login's group is the role, changed by the server's
own function (store/server_security.py), and the lockout is PostgreSQL's, not nyanland's.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from nyanland.domain.errors import FieldError, KnownError
from nyanland.domain.roles import Permission, Role
from nyanland.i18n import _, ngettext
from nyanland.services import accounts, audit, officer_key, server_logins
from nyanland.services.access import require
from nyanland.services.accounts import account_row, other_active_admins
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.services.key_grants import encrypted, session_keys
from nyanland.store.keyring import granted, keyring_path, locked_keyring
from nyanland.store.models import AccountRow, CaseRow
from nyanland.store.server_security import GROUPS


class ServerRulesOutdated(KnownError):
    """The team server's functions are older than this program's."""


def change_role(context: ServiceContext, username: str, role: Role) -> bool:
    """Gives the account another role; False when it had that role already. An officer still
    holding cases hands them over first (else a protected person's case would be seen by
    nobody); the last administrator keeps the role; nobody changes their own."""
    require(context, Permission.ADMINISTER)
    if username == context.actor.name:
        raise FieldError("role", _("you cannot change your own role"))
    with context.store.writing() as session:
        row = account_row(session, username)
        before = Role(row.role)
        if before is role:
            return False
        if before is Role.ADMIN and other_active_admins(session, username) == 0:
            raise FieldError("role", _("the last administrator keeps the role"))
        if before is Role.OFFICER:
            held = session.scalar(
                select(func.count(CaseRow.id)).where(CaseRow.assigned_officer == username)
            )
            if held:
                raise FieldError(
                    "role",
                    ngettext(
                        "{name} still holds {n} case: hand it over first",
                        "{name} still holds {n} cases: hand them over first",
                        held,
                    ).format(name=username, n=held),
                )
        row.role = role.value
        if context.store.server_logins:
            _set_server_role(session, username, role)
        audit.record(
            session,
            context,
            AuditAction.ROLE_CHANGED,
            detail=f"{username} ({before.value} → {role.value})",
        )
        if encrypted(context):
            _regrant(context, username, role)  # last: the row commits right after
    return True


def give_login(context: ServiceContext, username: str, password: str) -> None:
    """`init --admin NAME` on a store already in use, run by IT with a superuser's address
    (an upgrade of a store from before the server's own rules): NAME, an active
    administrator of the store, gets its login with `password`, to be changed at its first
    sign-in. The other accounts get theirs when it resets their passwords."""
    accounts.check_new_account(username, password)
    with context.store.writing() as session:
        row = session.scalar(select(AccountRow).where(AccountRow.username == username))
        if row is None or row.role != Role.ADMIN.value or row.disabled:
            raise FieldError(
                "admin",
                _("{name} is not an active administrator of this store").format(name=username),
            )
        if server_logins.role_of(session, username) is None:
            server_logins.add_login(session, username, Role.ADMIN, password)
        else:
            server_logins.set_password(session, username, password)
        row.must_change_password = True
        audit.record(session, context, AuditAction.PASSWORD_RESET, detail=username)


def unlock_account(context: ServiceContext, username: str) -> None:
    """Lets a locked account try its password again at once (the counter starts over)."""
    require(context, Permission.ADMINISTER)
    with context.store.writing() as session:
        row = account_row(session, username)
        row.failed_sign_ins = 0
        row.locked_until = None
        audit.record(session, context, AuditAction.ACCOUNT_UNLOCKED, detail=username)
        path = context.store.sqlite_path
        if encrypted(context) and path is not None:
            with locked_keyring(keyring_path(path)) as keyring:
                keyring.failed(username, 0, None)


def _regrant(context: ServiceContext, username: str, role: Role) -> None:
    """The checkpoint key goes with the administrator's role, the officer key with an
    officer's or administrator's: sealed to the account's public key (no password needed),
    taken from the entry of one who holds the role no longer."""
    path = context.store.sqlite_path
    assert path is not None and context.store.key is not None
    keys = session_keys(context)
    with locked_keyring(keyring_path(path)) as keyring:
        entry = keyring.get(username)
        if entry is None or entry.legacy:
            return  # no key pair yet: it gets its keys at its next reset or sign-in
        if role is Role.ADMIN:
            signing = keys.audit_signing_key if keys is not None else None
            if signing is not None:
                entry = granted(username, entry, context.store.key, signing)
        else:
            entry = replace(entry, audit_signing_key=None)
        keyring.put(username, officer_key.regranted(context, username, entry, role))


_SET_ROLE = text("SELECT nyanland_set_role(:name, :group)")


def _set_server_role(session: Session, username: str, role: Role) -> None:
    """The login moves to the new role's group, and its open connections are ended (a
    window signed in with the old role signs in again)."""
    try:
        with session.begin_nested():
            session.execute(_SET_ROLE, {"name": username, "group": GROUPS[role.value]})
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == "42883":  # no such function
            raise ServerRulesOutdated(
                _(
                    "the server's rules are older than this program: your IT department runs "
                    "nyanland init --admin again with a superuser's address"
                )
            ) from None
        raise
