"""A team server's accounts as database logins of their own (store/server_security.py).

Signing in is connecting: PostgreSQL checks the password (SCRAM-SHA-256), the login's group
role is the account's role, and the server's rules decide what it reads. Passwords are sent
to the server only as SCRAM verifiers, made here by libpq (`PQencryptPasswordConn`), so no
password reaches a server log; the administrator's functions make and change the logins.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from nyanland.domain.errors import FieldError, KnownError
from nyanland.domain.roles import Role
from nyanland.i18n import _
from nyanland.services import audit, deadlines
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.store import migrate
from nyanland.store.engine import Store, StoreUnavailable, server_lost
from nyanland.store.models import CaseRow
from nyanland.store.server_security import GROUPS, OWNER, secure

log = logging.getLogger(__name__)
ROLE_OF_GROUP = {group: Role(role) for role, group in GROUPS.items()}
# libpq's words when the server answered but did not let the name and password in.
_REFUSED_LOGIN = (
    "password authentication failed",
    "not permitted to log in",
    "no password supplied",
    'role "',
)


class LoginRefused(KnownError):
    """The server did not take the name and password (or the login is disabled)."""


def connect(url: str, username: str, password: str) -> Store:
    """The server's store, connected as `username`; LoginRefused or StoreUnavailable (the
    server does not answer) else. A database of an older version is IT's to upgrade."""
    store = Store(url, login=(username, password))
    try:
        with store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        store.dispose()
        reason = str(error.orig).lower()
        if any(word in reason for word in _REFUSED_LOGIN):
            raise LoginRefused(_("wrong user name or password")) from None
        raise server_lost(store.describe()) from None
    try:
        if not migrate.at_head(store):
            raise StoreUnavailable(
                _(
                    "the server's database is of an older version of nyanland: your IT "
                    "department upgrades it (nyanland init --admin, with a superuser's address)"
                )
            )
    except BaseException:
        store.dispose()
        raise
    return store


def role_of(session: Session, username: str) -> Role | None:
    group = session.scalar(text("SELECT nyanland_role_of(:name)"), {"name": username})
    return ROLE_OF_GROUP.get(group) if group else None


def _verifier(session: Session, username: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of `password`, made by libpq on this computer."""
    driver: Any = session.connection().connection.driver_connection
    made: bytes = driver.pgconn.encrypt_password(
        password.encode("utf-8"), username.encode("utf-8"), b"scram-sha-256"
    )
    return made.decode("ascii")


def add_login(session: Session, username: str, role: Role, password: str) -> None:
    try:
        with session.begin_nested():
            session.execute(
                text("SELECT nyanland_add_login(:name, :group, :verifier)"),
                {
                    "name": username,
                    "group": GROUPS[role.value],
                    "verifier": _verifier(session, username, password),
                },
            )
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == "42710":
            raise FieldError(
                "username",
                _("the server has a database login named {name} already").format(name=username),
            ) from None
        raise


def set_password(session: Session, username: str, password: str) -> None:
    if role_of(session, username) is None:
        raise FieldError("username", _("{name} has no login on the server").format(name=username))
    session.execute(
        text("SELECT nyanland_set_password(:name, :verifier)"),
        {"name": username, "verifier": _verifier(session, username, password)},
    )


def set_login(session: Session, username: str, enabled: bool) -> None:
    if role_of(session, username) is None:
        return  # an account of the store's earlier days, without a login: nothing to do
    session.execute(
        text("SELECT nyanland_set_login(:name, :enabled)"), {"name": username, "enabled": enabled}
    )


def password_opens(store: Store, username: str, password: str) -> bool:
    """Whether the server takes `password` for `username` (a connection of its own)."""
    try:
        other = connect(store.url.render_as_string(hide_password=False), username, password)
    except LoginRefused:
        return False
    other.dispose()
    return True


def set_up(store: Store, database: str) -> None:
    """`init --admin` with a superuser's connection: migrations, then the server's rules."""
    migrate.upgrade(store)
    with store.engine.begin() as connection:
        secure(connection, database)
        cursor = connection.connection.cursor()  # the driver's: the SQL is written out whole
        try:
            for statement in deadlines.server_function(OWNER):
                cursor.execute(statement)
        finally:
            cursor.close()
        # Accounts of a store from before: their passwords are Argon2 hashes no server can
        # check; each gets a login when the administrator resets its password.
        connection.execute(
            text(
                "UPDATE accounts SET password_hash = '!server', must_change_password = true "
                "WHERE password_hash <> '!server'"
            )
        )
    deadlines.fill_if_due(store, as_owner=True)
    log.info("server rules set up (owner %s)", OWNER)


def hand_over_row(
    session: Session, context: ServiceContext, row: CaseRow, officer: str | None
) -> None:
    """The server's function hands the case on, and the row leaves the session (the giver
    may no longer see it)."""
    session.execute(
        text("SELECT nyanland_hand_over(:id, :officer, :version)"),
        {"id": row.id, "officer": officer, "version": row.version},
    )
    audit.record(
        session,
        context,
        AuditAction.CASE_CHANGED,
        row.id,
        "assigned_officer",
        {"assigned_officer": (row.assigned_officer, officer)},
    )
    session.expunge(row)
