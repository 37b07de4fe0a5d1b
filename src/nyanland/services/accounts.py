"""Accounts: the administrator's work (adding, disabling, resetting) and each user's own
password, with Argon2id hashes and, on an encrypted store, the account's wrapped store key."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from nyanland.domain.errors import FieldError, KnownError, NotFound
from nyanland.domain.roles import MIN_PASSWORD_LENGTH, Permission, Role
from nyanland.i18n import _
from nyanland.services import audit, officer_key, server_logins
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.batches import chunks
from nyanland.services.context import ServiceContext
from nyanland.services.key_grants import encrypted, entry_for, keyring_of, own_new_entry
from nyanland.services.key_rotation import Reason, Rotation, rotate_store_key
from nyanland.store.keyring import Keyring, keyring_path, locked_keyring, open_entry
from nyanland.store.models import AccountRow, CaseRow

SERVER_CHECKS = "!server"
_USERNAME = re.compile(r"^[A-Za-z0-9._-]{2,100}$")
# argon2-cffi's defaults are Argon2id (RFC 9106's low-memory profile).
_HASHER = PasswordHasher()


class StoreNotEmpty(KnownError):
    """`init` was asked for a store that already holds accounts or cases."""


@dataclass(frozen=True)
class Account:
    username: str
    role: Role
    disabled: bool
    created_at: datetime
    last_sign_in_at: datetime | None
    locked_until: datetime | None
    must_change_password: bool


# Letters and digits that cannot be mistaken for one another when read out or handwritten.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def suggest_temporary_password() -> str:
    """A random password for an administrator to hand on, `k7qm-x2rt-9hwe-4bnc` (79 bits)."""
    groups = (
        "".join(secrets.choice(_TEMPORARY_ALPHABET) for _char in range(4)) for _group in range(4)
    )
    return "-".join(groups)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    """Whether `password` is the one `stored_hash` was made from (Argon2id)."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problems(password: str, field: str = "password") -> list[FieldError]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return [
            FieldError(
                field, _("must be at least {n} characters long").format(n=MIN_PASSWORD_LENGTH)
            )
        ]
    return []


def username_problems(username: str) -> list[FieldError]:
    if not _USERNAME.match(username):
        return [
            FieldError("username", _("use 2 to 100 letters, digits, dots, dashes or underscores"))
        ]
    return []


def check_new_account(username: str, password: str) -> None:
    _raise_first(username_problems(username) + password_problems(password))


def initialise(context: ServiceContext, admin: str, password: str, role: Role = Role.ADMIN) -> None:
    """Makes a freshly migrated, empty store ready: its first account, the administrator (or,
    in a laptop's copy of a team store, the officer whose copy it is)."""
    check_new_account(admin, password)
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
        _add_row(session, context, admin, role, password)
        # Whoever creates the store is signed in to it from that moment.
        account_row(session, admin).last_sign_in_at = context.clock.now()


def add_account(context: ServiceContext, username: str, role: Role, password: str) -> None:
    """A new account; it must choose its own password at its first sign-in."""
    require(context, Permission.ADMINISTER)
    check_new_account(username, password)
    with context.store.writing() as session:
        first_officer = role is Role.OFFICER and not session.scalar(
            select(func.count()).select_from(AccountRow).where(AccountRow.role == Role.OFFICER)
        )
        _add_row(session, context, username, role, password, must_change=True)
        # (On a server with its own rules an administrator sees no case: nothing to give.)
        if first_officer and not context.store.server_logins:
            _give_unassigned_cases(session, context, username)
        _put_key(context, username, password, role)  # last: the account row commits right after


def _give_unassigned_cases(session: Session, context: ServiceContext, officer: str) -> None:
    """Cases made before the store had any officer (the invented cases of a first start, or an
    administrator's import) belong to nobody: the first officer takes them, so none of them
    says "no officer" and each has someone who sees it if the person has protected identity."""
    unassigned = list(session.scalars(select(CaseRow.id).where(CaseRow.assigned_officer.is_(None))))
    if not unassigned:
        return
    for ids in chunks(unassigned):
        session.execute(
            update(CaseRow)
            .where(CaseRow.id.in_(ids))
            .values(assigned_officer=officer, version=CaseRow.version + 1)
        )
    audit.record_many(
        session,
        context,
        AuditAction.CASE_CHANGED,
        [
            (case_id, "assigned_officer", {"assigned_officer": (None, officer)})
            for case_id in unassigned
        ],
    )


def list_accounts(context: ServiceContext) -> list[Account]:
    require(context, Permission.ADMINISTER)
    with context.store.reading() as session:
        found = [_account(row) for row in session.scalars(select(AccountRow).order_by("username"))]
    if not encrypted(context):
        return found
    # On an encrypted file the lockout is counted in the key file (under its lock).
    keyring = keyring_of(context)
    return [
        replace(account, locked_until=entry.locked_until)
        if (entry := keyring.get(account.username)) is not None
        else account
        for account in found
    ]


def set_disabled(context: ServiceContext, username: str, disabled: bool) -> Rotation | None:
    """A disabled account cannot sign in; its keys are removed from the key file and the
    store's key is changed, so a copy of the key file it kept opens nothing from now on."""
    require(context, Permission.ADMINISTER)
    if disabled and username == context.actor.name:
        raise FieldError("username", _("you cannot disable your own account"))
    with context.store.writing() as session:
        row = account_row(session, username)
        if disabled and row.role == Role.ADMIN and other_active_admins(session, username) == 0:
            raise FieldError("username", _("the last administrator cannot be disabled"))
        row.disabled = disabled
        if context.store.server_logins:
            # NOLOGIN, and its open connections ended: the server lets it in no more.
            server_logins.set_login(session, username, not disabled)
        action = AuditAction.ACCOUNT_DISABLED if disabled else AuditAction.ACCOUNT_ENABLED
        audit.record(session, context, action, detail=username)
        if disabled:
            _keyring_of(context, lambda keyring: keyring.remove(username))
        elif encrypted(context) and keyring_of(context).get(username) is None:
            # Its keys were destroyed: only a new password (a reset) brings them back.
            row.must_change_password = True
    return rotate_store_key(context, Reason.ACCOUNT_DISABLED) if disabled else None


def reset_password(context: ServiceContext, username: str, new_password: str) -> Rotation | None:
    """The administrator sets a temporary password, to be changed at the next sign-in: a new
    key pair for the account, and a new store key (the old password opens nothing new)."""
    require(context, Permission.ADMINISTER)
    _raise_first(password_problems(new_password))
    with context.store.writing() as session:
        row = account_row(session, username)
        if context.store.server_logins:
            if server_logins.role_of(session, username) is None:
                server_logins.add_login(session, username, Role(row.role), new_password)
                server_logins.set_login(session, username, not row.disabled)
            else:
                server_logins.set_password(session, username, new_password)
        else:
            row.password_hash = hash_password(new_password)
        row.must_change_password = True
        row.failed_sign_ins = 0
        row.locked_until = None
        audit.record(session, context, AuditAction.PASSWORD_RESET, detail=username)
        if not row.disabled:
            _put_key(context, username, new_password, Role(row.role), reset=True)
    if row.disabled:
        return None
    return rotate_store_key(context, Reason.PASSWORD_RESET)


def change_password(
    context: ServiceContext, old_password: str, new_password: str
) -> Rotation | None:
    """The signed-in user's own password; on an encrypted store the account gets a new key
    pair and the store a new key, so a key file copied with the old password opens nothing
    written from now on (the other accounts sign in as before)."""
    username = context.actor.name
    _raise_first(password_problems(new_password, "new_password"))
    if new_password == old_password:
        raise FieldError("new_password", _("must differ from the current password"))
    if not verify_password(context, old_password):
        raise FieldError("old_password", _("is not your current password"))
    with context.store.writing() as session:
        row = account_row(session, username)
        if context.store.server_logins:
            server_logins.set_password(session, username, new_password)
        else:
            row.password_hash = hash_password(new_password)
        row.must_change_password = False
        audit.record(session, context, AuditAction.PASSWORD_CHANGED, detail=username)
        if encrypted(context):
            entry, keys = own_new_entry(context, new_password)
            _keyring_of(context, lambda keyring: keyring.put(username, entry))
            context.store.account_keys = keys
    if not encrypted(context):
        return None
    return rotate_store_key(context, Reason.PASSWORD_CHANGED)


def verify_password(context: ServiceContext, password: str) -> bool:
    """Whether `password` is the signed-in user's (unlocking the window asks this)."""
    username = context.actor.name
    if encrypted(context):
        entry = keyring_of(context).get(username)
        opened = open_entry(username, password, entry) if entry is not None else None
        return opened is not None and opened.store_key == context.store.key
    if context.store.server_logins:
        return server_logins.password_opens(context.store, username, password)
    with context.store.reading() as session:
        return password_matches(account_row(session, username).password_hash, password)


def unlock(context: ServiceContext, password: str) -> bool:
    """The locked window asks again for the password; both answers go to the audit log."""
    ok = verify_password(context, password)
    with context.store.writing() as session:
        audit.record(
            session,
            context,
            AuditAction.UNLOCKED if ok else AuditAction.SIGN_IN_FAILED,
            detail="" if ok else "1",
        )
    return ok


def account_count(context: ServiceContext) -> int:
    with context.store.reading() as session:
        return session.scalar(select(func.count(AccountRow.id))) or 0


def _raise_first(problems: list[FieldError]) -> None:
    if problems:
        raise problems[0]


def _add_row(
    session: Session,
    context: ServiceContext,
    username: str,
    role: Role,
    password: str,
    must_change: bool = False,
) -> None:
    if session.scalar(select(AccountRow.id).where(AccountRow.username == username)):
        raise FieldError(
            "username", _("an account named {name} already exists").format(name=username)
        )
    server = context.store.server_logins
    if server:
        server_logins.add_login(session, username, role, password)
    session.add(
        AccountRow(
            username=username,
            role=role.value,
            # On a server with its own rules the password is the login's (SCRAM), not here.
            password_hash=SERVER_CHECKS if server else hash_password(password),
            disabled=False,
            failed_sign_ins=0,
            created_at=context.clock.now(),
            must_change_password=must_change,
        )
    )
    session.flush()
    audit.record(session, context, AuditAction.ACCOUNT_CREATED, detail=f"{username} ({role.value})")


def account_row(session: Session, username: str) -> AccountRow:
    row = session.scalar(select(AccountRow).where(AccountRow.username == username))
    if row is None:
        raise NotFound(_("there is no account named {name}").format(name=username))
    return row


def other_active_admins(session: Session, username: str) -> int:
    return (
        session.scalar(
            select(func.count(AccountRow.id)).where(
                AccountRow.role == Role.ADMIN.value,
                AccountRow.disabled.is_(False),
                AccountRow.username != username,
            )
        )
        or 0
    )


def _account(row: AccountRow) -> Account:
    return Account(
        row.username,
        Role(row.role),
        row.disabled,
        row.created_at,
        row.last_sign_in_at,
        row.locked_until,
        row.must_change_password,
    )


def _keyring_of(context: ServiceContext, change: Callable[[Keyring], None]) -> None:
    """Changes the key file under its lock (a sign-in elsewhere may be counting a failure)."""
    path = context.store.sqlite_path
    if encrypted(context) and path is not None:
        with locked_keyring(keyring_path(path)) as keyring:
            change(keyring)


def _put_key(
    context: ServiceContext, username: str, password: str, role: Role, reset: bool = False
) -> None:
    if encrypted(context):
        officer = officer_key.officer_key_for(context, username, role, reset)
        entry = entry_for(context, username, password, role, officer)  # Argon2 before the lock
        _keyring_of(context, lambda keyring: keyring.put(username, entry))
