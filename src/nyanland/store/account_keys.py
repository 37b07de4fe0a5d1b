"""Each account's keys, and what they unlock: the cryptography of the key file.

An account has an X25519 key pair. Its private key (with the store's audit verification key,
so that this account's own password vouches for it) is wrapped with AES-256-GCM by a key
derived from the account's password with Argon2id. The store's SQLCipher key is sealed to the
account's public key with HPKE (RFC 9180: X25519, HKDF-SHA256, AES-256-GCM, from
`cryptography`), and so is, for an administrator, the Ed25519 key that signs the audit log's
checkpoints. Sealing needs only a public key: an administrator changes the store's key and
seals the new one to every remaining account without knowing their passwords.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

KEY_BYTES = 32
_SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)
_RAW = serialization.Encoding.Raw
_RAW_PUBLIC = serialization.PublicFormat.Raw
_RAW_PRIVATE = serialization.PrivateFormat.Raw
_NO_ENCRYPTION = serialization.NoEncryption()


@dataclass(frozen=True)
class KdfParameters:
    """Argon2id's cost (RFC 9106's second recommended setting, on two lanes for two cores);
    see docs/benchmarks.md for what a sign-in costs on the 2-core machine."""

    time_cost: int = 3
    memory_kib: int = 65_536
    parallelism: int = 2


DEFAULT_KDF = KdfParameters()


@dataclass(frozen=True)
class PasswordWrapped:
    """A secret wrapped by a password: Argon2id's salt and cost, AES-GCM's nonce and output."""

    salt: bytes
    nonce: bytes
    ciphertext: bytes
    kdf: KdfParameters


@dataclass(frozen=True)
class AccountSecret:
    """What an account's password opens: its private key, and the audit log's verification
    key as this account was given it (a key-file edit cannot change it without the password)."""

    private_key: X25519PrivateKey
    audit_verify_key: Ed25519PublicKey | None

    @property
    def public_key(self) -> bytes:
        return public_bytes(self.private_key.public_key())


def new_store_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_audit_signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def new_account_secret(audit_verify_key: Ed25519PublicKey | None) -> AccountSecret:
    return AccountSecret(X25519PrivateKey.generate(), audit_verify_key)


def public_bytes(key: X25519PublicKey | Ed25519PublicKey) -> bytes:
    return key.public_bytes(_RAW, _RAW_PUBLIC)


def verify_key_of(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)


def _kek(password: str, salt: bytes, kdf: KdfParameters) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        kdf.time_cost,
        kdf.memory_kib,
        kdf.parallelism,
        KEY_BYTES,
        Type.ID,
    )


def wrap_with_password(
    data: bytes, password: str, aad: bytes, kdf: KdfParameters | None = None
) -> PasswordWrapped:
    kdf = kdf or DEFAULT_KDF  # read at the call: the test suite's fixtures make it cheap
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    return PasswordWrapped(
        salt, nonce, AESGCM(_kek(password, salt, kdf)).encrypt(nonce, data, aad), kdf
    )


def unwrap_with_password(wrapped: PasswordWrapped, password: str, aad: bytes) -> bytes | None:
    """The wrapped bytes, or None when the password is wrong."""
    kek = _kek(password, wrapped.salt, wrapped.kdf)
    try:
        return AESGCM(kek).decrypt(wrapped.nonce, wrapped.ciphertext, aad)
    except InvalidTag:
        return None


def secret_bytes(secret: AccountSecret) -> bytes:
    private = secret.private_key.private_bytes(_RAW, _RAW_PRIVATE, _NO_ENCRYPTION)
    verify = public_bytes(secret.audit_verify_key) if secret.audit_verify_key else b""
    return private + verify


def secret_of(data: bytes) -> AccountSecret:
    if len(data) not in (KEY_BYTES, 2 * KEY_BYTES):
        raise ValueError("an account secret is 32 or 64 bytes")
    verify = verify_key_of(data[KEY_BYTES:]) if len(data) > KEY_BYTES else None
    return AccountSecret(X25519PrivateKey.from_private_bytes(data[:KEY_BYTES]), verify)


def seal(public_key: bytes, data: bytes, purpose: str, username: str) -> bytes:
    """`data` sealed to an account's public key (HPKE base mode); `purpose` and the user name
    are bound in, so a sealed key cannot be moved to another account or another use."""
    info = f"nyanland {purpose} for {username}".encode()
    return _SUITE.encrypt(data, X25519PublicKey.from_public_bytes(public_key), info=info)


def unseal(secret: AccountSecret, sealed: bytes, purpose: str, username: str) -> bytes | None:
    info = f"nyanland {purpose} for {username}".encode()
    try:
        return _SUITE.decrypt(sealed, secret.private_key, info=info)
    except (InvalidTag, ValueError):
        return None


def signing_key_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(_RAW, _RAW_PRIVATE, _NO_ENCRYPTION)


def signing_key_of(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


@dataclass(frozen=True)
class SessionKeys:
    """The signed-in account's own keys, held in memory while it is signed in."""

    username: str
    secret: AccountSecret
    audit_signing_key: Ed25519PrivateKey | None  # administrators only
    officer_key: bytes | None = None  # officers and administrators: the officer-only class
