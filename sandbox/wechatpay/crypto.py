"""RSA-SHA256 signatures, AEAD_AES_256_GCM, the platform certificates and WeChat-shaped ids."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
import string
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID

SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")  # no DST in China
_ALNUM = string.ascii_letters + string.digits


def load_private_key(path: str | Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"{path} is not an RSA private key")
    return key


def load_public_key(path: str | Path) -> rsa.RSAPublicKey:
    key = serialization.load_pem_public_key(Path(path).read_bytes())
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError(f"{path} is not an RSA public key")
    return key


def public_pem(key: rsa.RSAPublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def rsa_sign(key: rsa.RSAPrivateKey, message: bytes) -> str:
    """SHA256withRSA (PKCS#1 v1.5), base64: requests, responses, notifications and paySign."""
    return base64.b64encode(key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


def rsa_verify(key: rsa.RSAPublicKey, message: bytes, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
    except ValueError:
        return False
    try:
        key.verify(raw, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def aead_encrypt(apiv3_key: str, plaintext: str, associated_data: str) -> dict[str, str]:
    """AEAD_AES_256_GCM as WeChat Pay uses it: key = the 32 ASCII bytes of the APIv3 key,
    nonce = 12 ASCII characters, ciphertext = base64(ct || 16-byte tag)."""
    nonce = random_alnum(12)
    sealed = AESGCM(apiv3_key.encode("ascii")).encrypt(
        nonce.encode("ascii"), plaintext.encode("utf-8"), associated_data.encode("utf-8")
    )
    return {
        "algorithm": "AEAD_AES_256_GCM",
        "ciphertext": base64.b64encode(sealed).decode("ascii"),
        "associated_data": associated_data,
        "nonce": nonce,
    }


def certificate_serial(key: rsa.RSAPrivateKey) -> int:
    """A stable 40-hex-digit serial derived from the public key (same across restarts)."""
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    digest = int.from_bytes(hashlib.sha1(spki, usedforsecurity=False).digest(), "big")
    return (digest & ((1 << 156) - 1)) | (1 << 156)


def platform_certificate(key: rsa.RSAPrivateKey, now: float) -> x509.Certificate:
    """A self-signed stand-in for a WeChat Pay platform certificate (valid 5 years)."""
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Tenpay.com (sandbox, DEV ONLY)"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com sign (sandbox)"),
        ]
    )
    start = dt.datetime.fromtimestamp(now, dt.UTC) - dt.timedelta(days=1)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(certificate_serial(key))
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=5 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )


def certificate_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


# --- times and ids -----------------------------------------------------------
def rfc3339(ts: float) -> str:
    """'2018-06-08T10:34:56+08:00', the only time format WeChat Pay v3 sends."""
    return dt.datetime.fromtimestamp(int(ts), SHANGHAI).isoformat()


def shanghai(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, SHANGHAI)


def random_alnum(length: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(length))


def random_digits(length: int) -> str:
    return "".join(secrets.choice(string.digits) for _ in range(length))


def new_nonce() -> str:
    return secrets.token_hex(16).upper()


def new_prepay_id(now: float) -> str:
    # 'wx201410272009395522657a690389285100': wx + yyyymmddHHMMSS + 20 characters.
    return "wx" + shanghai(now).strftime("%Y%m%d%H%M%S") + secrets.token_hex(10)


def new_transaction_id(now: float) -> str:
    # '4200000991202103266853086457': 28 digits, the payment date in the middle.
    return "420000" + random_digits(4) + shanghai(now).strftime("%Y%m%d") + random_digits(10)


def new_refund_id(now: float) -> str:
    # '50001307732021032607480019805': 29 digits.
    return "500013" + random_digits(5) + shanghai(now).strftime("%Y%m%d") + random_digits(10)


def new_request_id() -> str:
    return "08" + secrets.token_hex(16).upper()
