"""Field-level encryption of personal data and blind indexes for equality lookups.

Ciphertext format: ``v1.<key id>.<base64url(nonce | ciphertext | tag)>``. The key id
lets old rows stay readable after the primary key rotates. The associated data binds
a value to its table, column and row, so a ciphertext copied elsewhere fails to
decrypt. No Flask imports: jobs use this too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

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


class FieldCipher:
    def __init__(self, keys: dict[str, bytes], primary: str) -> None:
        self._keys = {kid: AESGCM(key) for kid, key in keys.items()}
        self.primary = primary

    @classmethod
    def from_settings(cls, settings: Settings) -> FieldCipher:
        keys = {kid: base64.b64decode(k.get_secret_value()) for kid, k in settings.field_keys.items()}
        return cls(keys, settings.field_primary_key)

    def encrypt(self, plaintext: str, aad: bytes) -> str:
        nonce = os.urandom(12)
        sealed = self._keys[self.primary].encrypt(nonce, plaintext.encode(), aad)
        return f"{_VERSION}.{self.primary}.{_b64e(nonce + sealed)}"

    def decrypt(self, token: str, aad: bytes) -> str:
        try:
            version, kid, body = token.split(".", 2)
            aead = self._keys[kid]
        except (ValueError, KeyError) as exc:
            raise DecryptionError("unknown ciphertext format or key") from exc
        if version != _VERSION:
            raise DecryptionError("unknown ciphertext version")
        raw = _b64d(body)
        try:
            return aead.decrypt(raw[:12], raw[12:], aad).decode()
        except InvalidTag as exc:
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
