"""The keys an account is given: a new account's or a reset account's key pair (made by the
administrator, who needs no one else's password), a password change's new key pair, and the
audit log's checkpoint key, which only administrators hold."""

from __future__ import annotations

from dataclasses import replace

from nyanland.domain.roles import Role
from nyanland.services import audit_checkpoints
from nyanland.services.context import ServiceContext
from nyanland.store.account_keys import (
    SessionKeys,
    new_account_secret,
    new_audit_signing_key,
    public_bytes,
)
from nyanland.store.keyring import (
    Entry,
    Keyring,
    keyring_path,
    locked_keyring,
    new_entry,
)


def session_keys(context: ServiceContext) -> SessionKeys | None:
    keys = context.store.account_keys
    return keys if isinstance(keys, SessionKeys) else None


def encrypted(context: ServiceContext) -> bool:
    return context.store.key is not None and context.store.sqlite_path is not None


def keyring_of(context: ServiceContext) -> Keyring:
    path = context.store.sqlite_path
    assert path is not None
    return Keyring.load(keyring_path(path))


def entry_for(
    context: ServiceContext, username: str, password: str, role: Role, officer_key: bytes
) -> Entry:
    """A new key pair for `username`, made by the signed-in administrator: the store key
    sealed to it, the audit verification key the administrator holds wrapped in with it, for
    an administrator the checkpoint key, and `officer_key` (b"": none; officer_key.py decides)
    (Argon2 runs here: call it outside any lock)."""
    keys = session_keys(context)
    assert context.store.key is not None
    verify = keys.secret.audit_verify_key if keys is not None else None
    secret = new_account_secret(verify)
    signing = keys.audit_signing_key if keys is not None and role is Role.ADMIN else None
    return new_entry(
        username, password, secret, context.store.key, signing, None, officer_key or None
    )


def own_new_entry(context: ServiceContext, password: str) -> tuple[Entry, SessionKeys]:
    """A password change: a new key pair too, so the old password's copy of the key file
    unwraps a private key that nothing is sealed to any more."""
    keys = session_keys(context)
    assert keys is not None and context.store.key is not None
    secret = new_account_secret(keys.secret.audit_verify_key)
    signing, officer = keys.audit_signing_key, keys.officer_key
    entry = new_entry(keys.username, password, secret, context.store.key, signing, None, officer)
    return entry, SessionKeys(keys.username, secret, signing, officer)


def after_admin_sign_in(context: ServiceContext, password: str) -> None:
    """An administrator signed in: the checkpoint key is made if the store has none yet (a
    store from before checkpoints; other administrators get it when their password is reset:
    it is never handed out on the strength of the accounts table, which anyone with the
    store's key can edit), and the day's checkpoint made if it is due."""
    if context.actor.role is not Role.ADMIN:
        return
    keys = session_keys(context)
    path = context.store.sqlite_path
    if keys is not None and path is not None and context.store.key is not None:
        with locked_keyring(keyring_path(path)) as keyring:
            if keys.audit_signing_key is None and keys.secret.audit_verify_key is None:
                _make_checkpoint_key(context, keyring, keys, password)
    audit_checkpoints.make_if_due(context)


def _make_checkpoint_key(
    context: ServiceContext, keyring: Keyring, keys: SessionKeys, password: str
) -> SessionKeys:
    signing = new_audit_signing_key()
    secret = replace(keys.secret, audit_verify_key=signing.public_key())
    keyring.audit_verify_key = public_bytes(signing.public_key())
    assert context.store.key is not None
    entry = new_entry(
        keys.username, password, secret, context.store.key, signing, None, keys.officer_key
    )
    keyring.put(keys.username, entry)
    made = SessionKeys(keys.username, secret, signing, keys.officer_key)
    context.store.account_keys = made
    return made
