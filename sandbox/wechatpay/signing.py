"""Both directions of WeChat Pay v3 signing.

* Merchant -> WeChat: ``Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",
  signature="…",timestamp="…",serial_no="…"`` over ``METHOD\\nPATH?QUERY\\nTS\\nNONCE\\nBODY\\n``.
* WeChat -> merchant (responses, notifications): ``Wechatpay-*`` headers over
  ``TS\\nNONCE\\nBODY\\n``, signed by one of the platform keys.

Signature timestamps use the real wall clock (time.time()), not the sandbox clock: the
merchant's SDK cannot see the sandbox clock's offset, so advancing it must not turn every
request into a SIGN_ERROR.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from sandbox.wechatpay import crypto
from sandbox.wechatpay.config import PaySandboxConfig
from sandbox.wechatpay.errors import sign_error

SCHEMA = "WECHATPAY2-SHA256-RSA2048"
MAX_SKEW = 300  # seconds either way
SIGNTEST_PREFIX = "WECHATPAY/SIGNTEST/"
_FIELD = re.compile(r'\s*([A-Za-z_]+)\s*=\s*"([^"]*)"\s*')
_FIELDS = ("mchid", "nonce_str", "signature", "timestamp", "serial_no")


@dataclass(frozen=True)
class Authorization:
    mchid: str
    nonce_str: str
    signature: str
    timestamp: str
    serial_no: str


def parse_authorization(header: str | None) -> Authorization:
    if not header:
        raise sign_error("Http头Authorization值为空", "authorization header missing")
    schema, _, params = header.strip().partition(" ")
    if schema != SCHEMA:
        raise sign_error("Http头Authorization认证类型不正确", f"unsupported schema {schema!r}")
    values: dict[str, str] = {}
    for part in params.split(","):
        match = _FIELD.fullmatch(part)
        if match is None:
            raise sign_error("Http头Authorization格式不正确", f"malformed field {part.strip()!r}")
        values[match.group(1)] = match.group(2)
    missing = [name for name in _FIELDS if not values.get(name)]
    if missing:
        raise sign_error("Http头Authorization缺少字段", f"missing {', '.join(missing)}")
    return Authorization(**{name: values[name] for name in _FIELDS})


def request_message(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    return f"{method}\n{path}\n{timestamp}\n{nonce}\n".encode() + body + b"\n"


def verify_request(
    header: str | None,
    method: str,
    path: str,
    body: bytes,
    config: PaySandboxConfig,
    merchant_key: rsa.RSAPublicKey,
) -> Authorization:
    """Check a merchant request; raise 401 SIGN_ERROR exactly where WeChat would."""
    auth = parse_authorization(header)
    if auth.mchid != config.mchid:
        raise sign_error("商户号不存在或与签名不匹配", f"unknown mchid {auth.mchid}")
    if auth.serial_no.upper() != config.merchant_serial_no.upper():
        raise sign_error("商户证书序列号有误", f"unknown serial_no {auth.serial_no}")
    if not auth.timestamp.isdigit() or abs(time.time() - int(auth.timestamp)) > MAX_SKEW:
        raise sign_error(
            "请求的时间戳已过期或不正确", f"timestamp {auth.timestamp} off by more than 5 minutes"
        )
    message = request_message(method, path, auth.timestamp, auth.nonce_str, body)
    if not crypto.rsa_verify(merchant_key, message, auth.signature):
        # Like WeChat, echo what was verified so a developer can diff it with what was signed.
        text = message.decode("utf-8", "replace")
        raise sign_error(
            "错误的签名，验签失败",
            "sign not match",
            {
                "field": "signature",
                "sign_information": {
                    "method": method,
                    "url": path,
                    "sign_message_length": len(message),
                    "truncated_sign_message": text[:200],
                },
            },
        )
    return auth


class Platform:
    """The platform keys: each has a public key id and a self-signed platform certificate."""

    def __init__(self, config: PaySandboxConfig) -> None:
        if len(config.public_key_ids) != len(config.platform_private_key_paths):
            raise ValueError("give one public_key_id per platform private key")
        now = time.time()
        self.keys = [crypto.load_private_key(path) for path in config.platform_private_key_paths]
        self.public_key_ids = tuple(config.public_key_ids)
        self.certificates = [crypto.platform_certificate(key, now) for key in self.keys]

    def serial(self, mode: str, index: int) -> str:
        if mode == "certificate":
            return format(self.certificates[index].serial_number, "X")
        return self.public_key_ids[index]

    def headers(
        self,
        body: bytes,
        mode: str,
        index: int,
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        nonce = crypto.new_nonce()
        if signature is None:
            signature = crypto.rsa_sign(self.keys[index], f"{ts}\n{nonce}\n".encode() + body + b"\n")
        return {
            "Wechatpay-Timestamp": ts,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": signature,
            "Wechatpay-Serial": self.serial(mode, index),
            "Wechatpay-Signature-Type": SCHEMA,
        }

    def certificates_payload(self, apiv3_key: str) -> dict[str, Any]:
        """GET /v3/certificates: every platform certificate, encrypted under the APIv3 key."""
        data = []
        for cert in self.certificates:
            data.append(
                {
                    "serial_no": format(cert.serial_number, "X"),
                    "effective_time": crypto.rfc3339(cert.not_valid_before_utc.timestamp()),
                    "expire_time": crypto.rfc3339(cert.not_valid_after_utc.timestamp()),
                    "encrypt_certificate": crypto.aead_encrypt(
                        apiv3_key, crypto.certificate_pem(cert), "certificate"
                    ),
                }
            )
        return {"data": data}
