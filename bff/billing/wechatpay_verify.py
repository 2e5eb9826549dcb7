"""WeChat Pay v3 notification signatures and AEAD_AES_256_GCM resources (PROTOCOLS.md §3.2, §3.5).

No Flask: the raw body and headers in, typed errors out. ``verify`` checks, in this order,
the signature type, WeChat's ``WECHATPAY/SIGNTEST/`` probes, the timestamp window, the key named
by ``Wechatpay-Serial`` (a WeChat Pay public key id or a platform certificate serial, so both
platform modes and two keys during a rotation work) and finally the RSA-SHA256 signature over
``TIMESTAMP\\nNONCE\\nBODY\\n``, computed on the exact bytes received.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bff.errors import DomainError

log = logging.getLogger(__name__)

SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
SIGNTEST_PREFIX = "WECHATPAY/SIGNTEST/"
ALGORITHM = "AEAD_AES_256_GCM"
SIGNED_HEADERS = ("Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial")


# --- errors: WeChat only looks at the status (4xx/5xx → retried later) ------------------------
class NotificationRejected(DomainError):
    """Base of every verification failure; ``outcome`` is what the evidence row records."""

    status, reason, message = 401, "notification_rejected", "通知验签失败"
    outcome = "rejected"


class NotificationUnsigned(NotificationRejected):
    status, reason, message = 401, "notification_unsigned", "通知缺少微信支付签名"
    outcome = "rejected:unsigned"


class NotificationSignatureType(NotificationRejected):
    status, reason, message = 401, "notification_signature_type", "通知签名类型不受支持"
    outcome = "rejected:signature_type"


class NotificationProbe(NotificationRejected):
    status, reason, message = 401, "notification_probe", "微信支付签名探测请求，已拒绝"
    outcome = "rejected:probe"


class NotificationStale(NotificationRejected):
    status, reason, message = 401, "notification_stale", "通知时间戳超出允许范围"
    outcome = "rejected:stale"


class NotificationUnknownSerial(NotificationRejected):
    status, reason, message = 401, "notification_unknown_serial", "通知使用了未知的平台证书或公钥"
    outcome = "rejected:unknown_serial"


class NotificationSignatureInvalid(NotificationRejected):
    status, reason, message = 401, "notification_signature_invalid", "通知签名无效"
    outcome = "rejected:signature"


class NotificationUndecryptable(DomainError):
    status, reason, message = 400, "notification_undecryptable", "通知内容无法解密"
    outcome = "rejected:undecryptable"


# --- keys --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlatformKey:
    public_key: rsa.RSAPublicKey
    not_before: datetime | None = None  # certificates only
    not_after: datetime | None = None


@dataclass
class KeyRing:
    """``Wechatpay-Serial`` → key. Public key ids as configured; certificate serials upper hex."""

    keys: dict[str, PlatformKey] = field(default_factory=dict)

    def get(self, serial: str) -> PlatformKey | None:
        return self.keys.get(serial) or self.keys.get(serial.upper())

    @classmethod
    def load(cls, public_keys: Mapping[str, str] | None = None, cert_dir: str | None = None) -> KeyRing:
        """``public_keys``: key id → PEM path (or PEM text); ``cert_dir``: platform certificates *.pem."""
        ring = cls()
        for key_id, source in (public_keys or {}).items():
            pem = source if source.lstrip().startswith("-----BEGIN") else Path(source).read_text()
            key = serialization.load_pem_public_key(pem.encode())
            if not isinstance(key, rsa.RSAPublicKey):
                raise ValueError(f"WeChat Pay public key {key_id} is not an RSA key")
            ring.keys[key_id] = PlatformKey(key)
        if cert_dir:
            for path in sorted(Path(cert_dir).glob("*.pem")):
                ring.add_certificate(path.read_bytes(), origin=str(path))
        return ring

    def add_certificate(self, pem: bytes, *, origin: str = "certificate") -> None:
        try:
            cert = x509.load_pem_x509_certificate(pem)
        except ValueError:
            log.warning("not a certificate, skipped: %s", origin)
            return
        key = cert.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            log.warning("not an RSA certificate, skipped: %s", origin)
            return
        serial = format(cert.serial_number, "X")
        self.keys[serial] = PlatformKey(key, cert.not_valid_before_utc, cert.not_valid_after_utc)


# --- verification ------------------------------------------------------------------------------
def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:  # plain dicts: look the name up without regard to case
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return value


def message(timestamp: str, nonce: str, body: bytes) -> bytes:
    return f"{timestamp}\n{nonce}\n".encode() + body + b"\n"


def verify(headers: Mapping[str, str], raw_body: bytes, *, keys: KeyRing, now: float,
           tolerance: int | None) -> str:
    """Raise a NotificationRejected subclass unless WeChat Pay signed exactly these bytes.

    ``tolerance`` is the allowed clock difference either way in seconds (None: do not check
    freshness, for an operator replaying stored evidence). Returns the serial that verified.
    """
    timestamp, nonce, signature, serial = (_header(headers, h) for h in SIGNED_HEADERS)
    if not (timestamp and nonce and signature and serial):
        raise NotificationUnsigned()
    if _header(headers, "Wechatpay-Signature-Type") != SIGNATURE_TYPE:
        raise NotificationSignatureType()
    if signature.startswith(SIGNTEST_PREFIX):
        raise NotificationProbe()
    if not timestamp.isdigit():
        raise NotificationStale()
    if tolerance is not None and abs(now - int(timestamp)) > tolerance:
        raise NotificationStale()
    key = keys.get(serial)
    if key is None:
        raise NotificationUnknownSerial()
    at = datetime.fromtimestamp(int(timestamp), UTC)
    if (key.not_before and at < key.not_before) or (key.not_after and at > key.not_after):
        raise NotificationUnknownSerial()  # the certificate was not valid when this was signed
    try:
        raw = base64.b64decode(signature, validate=True)
        key.public_key.verify(raw, message(timestamp, nonce, raw_body), padding.PKCS1v15(), hashes.SHA256())
    except (binascii.Error, ValueError, InvalidSignature):
        raise NotificationSignatureInvalid() from None
    return serial


def decrypt(resource: Any, apiv3_key: str) -> dict[str, Any]:
    """AEAD_AES_256_GCM: key = the 32 ASCII bytes of the APIv3 key, 12-character nonce, AAD =
    associated_data, ciphertext = base64(ct ‖ tag). Returns the decrypted JSON object."""
    try:
        if not isinstance(resource, dict) or resource.get("algorithm") != ALGORITHM:
            raise ValueError("unsupported algorithm")
        aad = resource.get("associated_data") or ""
        sealed = base64.b64decode(resource["ciphertext"], validate=True)
        plain = AESGCM(apiv3_key.encode("ascii")).decrypt(
            str(resource["nonce"]).encode("ascii"), sealed, aad.encode("utf-8") if aad else None)
        value = json.loads(plain)
        if not isinstance(value, dict):
            raise ValueError("resource is not an object")
        return value
    except (KeyError, TypeError, ValueError, UnicodeError, binascii.Error, InvalidTag):
        raise NotificationUndecryptable() from None
