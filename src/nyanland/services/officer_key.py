"""Who holds the officer key, and the store sealed with it (store/sealed_columns.py).

The officer key seals the officer-only class of an encrypted SQLite store. It is sealed to the
public key of each officer and administrator in the key file (administrators keep it so that
they can give it to a new officer and reach the data when the app cannot run; they do not see
cases in the app). SFI staff and coordinators are never given it.

Only a holder can give it: an administrator creating an officer or administrator, or making
one of another account. Each grant carries the key's MAC of the account's name and public key,
which nobody without the key can make or move. A password reset gives the key again only to an
account with a valid mark. So an SFI staff member who writes "officer" into the accounts table
(anyone with the store key can) gets nothing, nor one who puts their own public key into an
officer's entry of the key file.

The first holder to sign in to a store without the class makes the key and seals every value
of the class that is still in the clear, in one transaction (a one-time cost after the update:
docs/benchmarks-officer-class.md)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import (
    LargeBinary,
    String,
    Table,
    bindparam,
    func,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.engine import Connection

from nyanland.domain.roles import Role
from nyanland.services import audit
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.services.key_grants import session_keys
from nyanland.store.account_keys import SessionKeys, new_store_key, unseal
from nyanland.store.base import Base
from nyanland.store.engine import Store
from nyanland.store.keyring import (
    OFFICER_KEY,
    Entry,
    Keyring,
    keyring_path,
    locked_keyring,
    was_granted,
    with_officer_key,
)
from nyanland.store.models import AccountRow, SettingRow
from nyanland.store.sealed_columns import (
    BYTES_PREFIX,
    TEXT_PREFIX,
    SealedBytes,
    SealedColumn,
    Sealing,
)

HOLDERS = frozenset({Role.OFFICER, Role.ADMIN})
SETTING = "officer_class"  # in settings once the store's class is sealed
_ROWS = 2_000  # values sealed per statement
_DOCUMENTS = 20  # documents (whole files) per statement
_TRIGGERS = text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t")


def after_sign_in(context: ServiceContext) -> None:
    """The signed-in account meets the class: a holder with its key, the others without; the
    first holder of a store without the class makes it."""
    store, keys = context.store, session_keys(context)
    path = store.sqlite_path
    if keys is None or path is None or store.key is None:
        return  # a team server (its own rules decide) or a store that is not encrypted
    made = class_made(store)
    key = keys.officer_key
    if key is None and context.actor.role in HOLDERS:
        key = _make_or_take(context, keys, made)
    if key is None:
        store.use_sealing(Sealing(None) if made else None)
        return
    store.use_sealing(Sealing(key))
    if not made:
        seal_store(context)


def class_made(store: Store) -> bool:
    with store.reading() as session:
        return session.get(SettingRow, SETTING) is not None


def officer_key_for(context: ServiceContext, username: str, role: Role, reset: bool) -> bytes:
    """The officer key to seal into `username`'s new entry (b"": none). A new account gets
    it by the role its administrator chose; a reset one only if it was given it before."""
    keys = session_keys(context)
    key = keys.officer_key if keys is not None else None
    if key is None or role not in HOLDERS:
        return b""
    if reset and not was_granted(_keyring(context).get(username), key, username):
        return b""
    return key


def regranted(context: ServiceContext, username: str, entry: Entry, role: Role) -> Entry:
    """`entry` after its account's role changed: given the officer key, or without it."""
    keys = session_keys(context)
    key = keys.officer_key if keys is not None else None
    if role not in HOLDERS:
        return with_officer_key(username, entry, None)
    if key is None or entry.officer_key is not None:
        return entry
    return with_officer_key(username, entry, key)


def _keyring(context: ServiceContext) -> Keyring:
    path = context.store.sqlite_path
    assert path is not None
    return Keyring.load(keyring_path(path))


def _make_or_take(context: ServiceContext, keys: SessionKeys, made: bool) -> bytes | None:
    """The key made now, sealed to every holder (a store without the class: the roles in its
    accounts table are those it had before, when every account could read everything), or
    the one another process made meanwhile; None when the class exists without this account."""
    path = context.store.sqlite_path
    assert path is not None
    with locked_keyring(keyring_path(path)) as keyring:
        mine = keyring.get(keys.username)
        if mine is not None and mine.officer_key is not None:
            key = unseal(keys.secret, mine.officer_key, OFFICER_KEY, keys.username)
        elif made or any(e.officer_key for e in keyring.entries.values()):
            return None
        else:
            key = new_store_key()
            for name in _holders(context):
                entry = keyring.get(name)
                if entry is not None and not entry.legacy:
                    keyring.entries[name] = with_officer_key(name, entry, key)
            keyring.save()
    if key is not None:
        context.store.account_keys = replace(keys, officer_key=key)
    return key


def _holders(context: ServiceContext) -> list[str]:
    roles = [role.value for role in HOLDERS]
    with context.store.reading() as session:
        return list(
            session.scalars(
                select(AccountRow.username).where(
                    AccountRow.role.in_(roles), AccountRow.disabled.is_(False)
                )
            )
        )


def sealed_tables() -> list[tuple[Table, list[Any]]]:
    """Every table with columns of the class, and those columns."""
    found = []
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, SealedColumn)]
        if columns:
            found.append((table, columns))
    return found


def seal_store(context: ServiceContext) -> int:
    """Seals every value of the class still in the clear, in one transaction (the tables'
    triggers, which would refuse a journal note's change or rebuild the search index, are
    set aside meanwhile and put back as they were); the number of values sealed."""
    sealed = 0
    with context.store.writing() as session:
        connection = session.connection()
        for table, columns in sealed_tables():
            triggers = connection.execute(_TRIGGERS, {"t": table.name}).all()
            for name, _sql in triggers:
                connection.execute(text(f'DROP TRIGGER "{name}"'))
            for column in columns:
                sealed += _seal_column(connection, table, column)
            for _name, sql in triggers:
                connection.execute(text(sql))
        session.add(SettingRow(key=SETTING, value="1"))
        audit.record(session, context, AuditAction.OFFICER_KEY_MADE, detail=str(sealed))
    return sealed


def _seal_column(connection: Connection, table: Table, column: Any) -> int:
    (key,) = table.primary_key.columns
    documents = isinstance(column.type, SealedBytes)
    raw = type_coerce(column, LargeBinary() if documents else String())
    clear = (
        func.substr(raw, 1, len(BYTES_PREFIX)) != BYTES_PREFIX
        if documents
        else ~raw.startswith(TEXT_PREFIX, autoescape=True)
    )
    write = (
        update(table)
        .where(key == bindparam("_key"))
        .values({column.name: bindparam("_value", type_=column.type)})
    )
    count, last = 0, None
    while True:
        query = select(key, raw).where(raw.is_not(None), clear).order_by(key)
        if last is not None:
            query = query.where(key > last)
        rows = connection.execute(query.limit(_DOCUMENTS if documents else _ROWS)).all()
        if not rows:
            return count
        connection.execute(write, [{"_key": k, "_value": v} for k, v in rows])
        count += len(rows)
        last = rows[-1][0]
