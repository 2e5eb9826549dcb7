"""Field-level encryption of personal data and blind indexes for equality lookups.

Ciphertext format: ``v1.<key id>.<base64url(nonce | ciphertext | tag)>`` (AES-256-GCM).
The key id names the data key (DEK) that sealed the value, so old rows stay readable
after the primary data key rotates. The associated data binds a value to its table,
column and row, so a ciphertext copied elsewhere fails to decrypt.

The cipher takes its keys from a keyring: in the app, jobs and CLI that is
``bff.security.keyring.Keyring`` (data keys stored in ``data_keys``, wrapped by the
key-encryption keys from settings); unit tests use ``FieldCipher.from_keys``.
No Flask imports: jobs use this too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bff.config import Settings

_VERSION = "v1"


class DecryptionError(Exception):
    """The value was tampered with, moved to another row, or its key is unknown."""


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def aad_for(table: str, column: str, row: str) -> bytes:
    return f"{table}|{column}|{row}".encode()


def kid_of(token: str) -> str | None:
    """The data key id a ciphertext names, or None if it is not a v1 ciphertext."""
    parts = token.split(".", 2)
    return parts[1] if len(parts) == 3 and parts[0] == _VERSION else None


def ciphertext_prefix(kid: str) -> str:
    """Every value sealed under ``kid`` starts with this (for LIKE/startswith queries)."""
    return f"{_VERSION}.{kid}."


class KeySource(Protocol):
    """Where a FieldCipher gets its data keys."""

    def primary(self) -> tuple[str, AESGCM]:
        """The data key that seals new values: (key id, AEAD)."""
        ...

    def get(self, kid: str) -> AESGCM | None:
        """A data key that may open old values, or None if unknown or retired."""
        ...


class StaticKeyring:
    """Fixed raw keys held in memory: unit tests and tools, never the app's store."""

    refresh_interval = 0.0

    def __init__(self, keys: dict[str, bytes], primary: str) -> None:
        if primary not in keys:
            raise ValueError("the primary key must be one of the keys")
        for kid, key in keys.items():
            if "." in kid or not kid:
                raise ValueError(f"invalid key id {kid!r}")
            if len(key) != 32:
                raise ValueError(f"data key {kid} must be 32 bytes")
        self._keys = {kid: AESGCM(key) for kid, key in keys.items()}
        self._primary = primary

    def primary(self) -> tuple[str, AESGCM]:
        return self._primary, self._keys[self._primary]

    def get(self, kid: str) -> AESGCM | None:
        return self._keys.get(kid)


class FieldCipher:
    def __init__(self, keyring: KeySource) -> None:
        self.keyring = keyring

    @classmethod
    def from_keys(cls, keys: dict[str, bytes], primary: str) -> FieldCipher:
        """A cipher over raw 32-byte data keys (tests, tools); the app uses the stored keyring."""
        return cls(StaticKeyring(keys, primary))

    @property
    def primary(self) -> str:
        """The id of the data key new values are sealed under."""
        return self.keyring.primary()[0]

    def encrypt(self, plaintext: str, aad: bytes) -> str:
        kid, aead = self.keyring.primary()
        nonce = os.urandom(12)
        sealed = aead.encrypt(nonce, plaintext.encode(), aad)
        return f"{_VERSION}.{kid}.{_b64e(nonce + sealed)}"

    def decrypt(self, token: str, aad: bytes) -> str:
        try:
            version, kid, body = token.split(".", 2)
        except ValueError as exc:
            raise DecryptionError("unknown ciphertext format") from exc
        if version != _VERSION:
            raise DecryptionError("unknown ciphertext version")
        aead = self.keyring.get(kid)
        if aead is None:
            raise DecryptionError("unknown or retired data key")
        try:
            raw = _b64d(body)
            return aead.decrypt(raw[:12], raw[12:], aad).decode()
        except (InvalidTag, ValueError) as exc:  # ValueError: bad base64 or UTF-8
            raise DecryptionError("ciphertext does not authenticate") from exc


class BlindIndexer:
    """HMAC-SHA256 with a key of its own (never a data key), one derived key per purpose."""

    def __init__(self, root_key: bytes) -> None:
        self._root = root_key

    @classmethod
    def from_settings(cls, settings: Settings) -> BlindIndexer:
        return cls(settings.blind_index_key.get_secret_value().encode())

    def index(self, purpose: str, normalised_value: str) -> str:
        purpose_key = hmac.new(self._root, f"purpose:{purpose}".encode(), hashlib.sha256).digest()
        return hmac.new(purpose_key, normalised_value.encode(), hashlib.sha256).hexdigest()
