"""Changing the store's key (*Byt krypteringsnyckel*): a new SQLCipher key, sealed to every
remaining account's public key, so no password is needed and a key file copied before opens
nothing written after.

One rotation, under the key file's lock from the first step to the last:
1. the new key is sealed to each account beside the current one (`pending_store_key`), and
   the key file says a rotation is under way (written atomically);
2. the store is rekeyed (SQLCipher, one transaction);
3. each account's pending key becomes its store key, and the key file says it is done.
A kill between 1 and 3 leaves a key file that holds both keys and a store under one of them:
the next sign-in finds which (`settle`) and finishes, or goes back, and then rotates again,
so the account disabled before it does not keep a key that still opens the store.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path

from nyanland.domain.roles import Actor, Permission
from nyanland.i18n import _
from nyanland.services import audit
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.context import Clock, ServiceContext
from nyanland.store.account_keys import new_store_key, seal
from nyanland.store.engine import Store, StoreBusy, opens_with
from nyanland.store.keyring import STORE_KEY, Keyring, keyring_path, locked_keyring

log = logging.getLogger(__name__)


class Reason:
    """Why the key changed, as the audit log's detail says it."""

    ASKED = "asked"
    ACCOUNT_DISABLED = "account_disabled"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    DUE = "due"  # one that had to wait: done at the next sign-in


@dataclass(frozen=True)
class Rotation:
    done: bool  # False: the store was open elsewhere; the next sign-in changes the key
    accounts: tuple[str, ...]  # the accounts the new key is sealed to
    dropped: tuple[str, ...]  # accounts of an old key file with no key pair: reset them
    seconds: float

    def message(self) -> str:
        if not self.done:
            return _(
                "the store is open in another program: its key will be changed at the next sign-in"
            )
        text = _("the store's key was changed ({seconds:.1f} s)").format(seconds=self.seconds)
        if self.dropped:
            text += " " + _(
                "reset the passwords of {names}: their accounts had no key pair yet"
            ).format(names=", ".join(self.dropped))
        return text


def rotate(context: ServiceContext) -> Rotation:
    """*Byt krypteringsnyckel*, asked for by an administrator."""
    require(context, Permission.ADMINISTER)
    return rotate_store_key(context, Reason.ASKED)


def rotate_store_key(context: ServiceContext, reason: str) -> Rotation:
    """Changes the key of an encrypted store (nothing to do on a server or a plain file)."""
    path = context.store.sqlite_path
    if path is None or context.store.key is None:
        return Rotation(True, (), (), 0.0)
    with locked_keyring(keyring_path(path)) as keyring:
        return rotate_locked(context.store, keyring, context.actor, context.clock, reason)


def rotate_locked(
    store: Store, keyring: Keyring, actor: Actor, clock: Clock, reason: str
) -> Rotation:
    """The rotation, with the key file's lock already held by the caller."""
    started = time.perf_counter()
    new_key = new_store_key()
    dropped = tuple(sorted(name for name, entry in keyring.entries.items() if entry.legacy))
    for name in dropped:
        del keyring.entries[name]
    for name, entry in keyring.entries.items():
        assert entry.public_key is not None
        keyring.entries[name] = replace(
            entry, pending_store_key=seal(entry.public_key, new_key, STORE_KEY, name)
        )
    keyring.rotation_due = True
    keyring.save()
    try:
        store.rekey(new_key)
    except StoreBusy:
        _forget_pending(keyring)  # the store keeps its key; rotation_due stays set
        log.info("key rotation (%s) waits: the store is open elsewhere", reason)
        return Rotation(False, (), dropped, time.perf_counter() - started)
    except BaseException:
        _forget_pending(keyring)
        raise
    _promote(keyring)
    seconds = time.perf_counter() - started
    with store.writing() as session:
        audit.record(session, _context(store, actor, clock), AuditAction.KEY_ROTATED, detail=reason)
    log.info("store key rotated (%s) in %.0f ms", reason, seconds * 1000)
    return Rotation(True, tuple(sorted(keyring.entries)), dropped, seconds)


def settle(path: Path, keyring: Keyring, key: bytes, pending: bytes | None) -> bytes:
    """After a rotation that was interrupted: the key the store opens with now, the key file
    put right for it (the pending keys promoted, or forgotten). `keyring` is locked."""
    if pending is None:
        return key
    if opens_with(path, pending):
        _promote(keyring)  # the rekey had committed: the rotation is done
        return pending
    _forget_pending(keyring)
    return key


def _promote(keyring: Keyring) -> None:
    for name, entry in keyring.entries.items():
        if entry.pending_store_key is not None:
            keyring.entries[name] = replace(
                entry, store_key=entry.pending_store_key, pending_store_key=None
            )
    keyring.rotation_due = False
    keyring.save()


def _forget_pending(keyring: Keyring) -> None:
    for name, entry in keyring.entries.items():
        keyring.entries[name] = replace(entry, pending_store_key=None)
    keyring.save()


def _context(store: Store, actor: Actor, clock: Clock) -> ServiceContext:
    return ServiceContext(store, actor, clock)
