"""Verifying OSS upload callbacks (PROTOCOLS.md §5.2).

``Authorization`` is base64(RSA-PKCS#1 v1.5 / MD5) over ``unquote(path) + "?query" + "\\n" + body``,
made with the key at the base64 URL in ``x-oss-pub-key-url``. That URL is attacker-controlled,
so only ``gosspublic.alicdn.com`` is ever fetched (no other URL, no redirects) and keys are cached.
"""

from __future__ import annotations

import base64
import binascii
import threading
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from bff.config import OSS_PUB_KEY_HOST, Settings


class CallbackRejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


KeyFetcher = Callable[[str], bytes]


class CallbackVerifier:
    def __init__(self, settings: Settings, fetch: KeyFetcher | None = None) -> None:
        self.overrides = dict(settings.oss_pub_key_overrides)
        self.timeout = settings.oss_timeout
        self._fetch = fetch or self._http_fetch
        self._keys: dict[str, RSAPublicKey] = {}
        self._lock = threading.Lock()

    def _http_fetch(self, url: str) -> bytes:
        target = self.overrides.get(url, url)
        response = requests.get(target, timeout=self.timeout, allow_redirects=False)
        response.raise_for_status()
        return response.content

    @staticmethod
    def allowed(url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme in ("http", "https") and parts.hostname == OSS_PUB_KEY_HOST and not parts.username
                and parts.port is None and not parts.query and not parts.fragment)

    def public_key(self, url: str) -> RSAPublicKey:
        if not self.allowed(url):
            raise CallbackRejected("pub_key_url_not_allowed")
        with self._lock:
            key = self._keys.get(url)
        if key is not None:
            return key
        try:
            loaded = serialization.load_pem_public_key(self._fetch(url))
        except (requests.RequestException, ValueError) as exc:
            raise CallbackRejected("pub_key_unavailable") from exc
        if not isinstance(loaded, RSAPublicKey):
            raise CallbackRejected("pub_key_unavailable")
        with self._lock:
            self._keys[url] = loaded
        return loaded

    def verify(self, *, authorization: str | None, pub_key_url_b64: str | None, path: str, query: str,
               body: bytes) -> None:
        """Raise ``CallbackRejected`` unless OSS signed exactly this request."""
        if not authorization or not pub_key_url_b64:
            raise CallbackRejected("callback_signature_missing")
        try:
            signature = base64.b64decode(authorization, validate=True)
            url = base64.b64decode(pub_key_url_b64, validate=True).decode("ascii")
        except (binascii.Error, UnicodeDecodeError):
            raise CallbackRejected("callback_signature_invalid") from None
        key = self.public_key(url)
        message = unquote(path).encode("utf-8") + (b"?" + query.encode("utf-8") if query else b"") + b"\n" + body
        try:
            key.verify(signature, message, PKCS1v15(), hashes.MD5())  # noqa: S303 - OSS's scheme, not ours
        except InvalidSignature:
            raise CallbackRejected("callback_signature_invalid") from None
