"""bff/billing/wechatpay_verify.py: signatures on raw bytes, probes, clock window, serials, AEAD."""

from __future__ import annotations

import base64
import datetime as dt
import json
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID

from bff.billing import wechatpay_verify as wv

NOW = 1_790_000_000
BODY = b'{"id":"EV-1","event_type":"TRANSACTION.SUCCESS","resource":{}}'
KEY_A = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KEY_B = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ID_A, ID_B = "PUB_KEY_ID_TEST_A", "PUB_KEY_ID_TEST_B"


def pem(key: rsa.RSAPrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                          serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def ring(tmp_path: Path, *keys: tuple[str, rsa.RSAPrivateKey]) -> wv.KeyRing:
    paths = {}
    for key_id, key in keys:
        path = tmp_path / f"{key_id}.pem"
        path.write_text(pem(key))
        paths[key_id] = str(path)
    return wv.KeyRing.load(paths)


def headers(body: bytes = BODY, *, key: rsa.RSAPrivateKey = KEY_A, serial: str = ID_A, ts: int = NOW,
            nonce: str = "NONCE0123456789ABCDEF", signature: str | None = None) -> dict[str, str]:
    if signature is None:
        raw = key.sign(f"{ts}\n{nonce}\n".encode() + body + b"\n", padding.PKCS1v15(), hashes.SHA256())
        signature = base64.b64encode(raw).decode()
    return {"Wechatpay-Timestamp": str(ts), "Wechatpay-Nonce": nonce, "Wechatpay-Signature": signature,
            "Wechatpay-Serial": serial, "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048"}


def check(h: dict[str, str], body: bytes, keys: wv.KeyRing, now: float = NOW) -> str:
    return wv.verify(h, body, keys=keys, now=now, tolerance=300)


def test_a_valid_signature_over_the_raw_bytes_verifies(tmp_path):
    assert check(headers(), BODY, ring(tmp_path, (ID_A, KEY_A))) == ID_A


def test_header_names_are_matched_without_regard_to_case(tmp_path):
    lowered = {k.lower(): v for k, v in headers().items()}
    assert check(lowered, BODY, ring(tmp_path, (ID_A, KEY_A))) == ID_A


@pytest.mark.parametrize("position", [0, len(BODY) // 2, len(BODY) - 1])
def test_a_one_byte_change_anywhere_in_the_body_is_rejected(tmp_path, position):
    tampered = bytearray(BODY)
    tampered[position] ^= 0x01
    with pytest.raises(wv.NotificationSignatureInvalid):
        check(headers(), bytes(tampered), ring(tmp_path, (ID_A, KEY_A)))


def test_a_signature_by_another_key_under_a_known_serial_is_rejected(tmp_path):
    with pytest.raises(wv.NotificationSignatureInvalid):
        check(headers(key=KEY_B), BODY, ring(tmp_path, (ID_A, KEY_A)))


def test_a_changed_nonce_or_timestamp_breaks_the_signature(tmp_path):
    keys = ring(tmp_path, (ID_A, KEY_A))
    for name, value in (("Wechatpay-Nonce", "OTHER"), ("Wechatpay-Timestamp", str(NOW + 1))):
        with pytest.raises(wv.NotificationSignatureInvalid):
            check(headers() | {name: value}, BODY, keys)


def test_garbage_signatures_are_rejected_not_crashing(tmp_path):
    keys = ring(tmp_path, (ID_A, KEY_A))
    for garbage in ("not base64 !!", base64.b64encode(b"short").decode()):
        with pytest.raises(wv.NotificationSignatureInvalid):
            check(headers(signature=garbage), BODY, keys)


def test_an_unknown_serial_is_rejected(tmp_path):
    with pytest.raises(wv.NotificationUnknownSerial):
        check(headers(serial="PUB_KEY_ID_NOT_CONFIGURED"), BODY, ring(tmp_path, (ID_A, KEY_A)))


def test_wechat_signtest_probes_are_rejected_even_if_otherwise_well_formed(tmp_path):
    probe = wv.SIGNTEST_PREFIX + base64.b64encode(b"x" * 48).decode()
    with pytest.raises(wv.NotificationProbe):
        check(headers(signature=probe), BODY, ring(tmp_path, (ID_A, KEY_A)))


@pytest.mark.parametrize("offset", [-301, 301, -3600])
def test_timestamps_outside_five_minutes_either_way_are_rejected(tmp_path, offset):
    with pytest.raises(wv.NotificationStale):
        check(headers(ts=NOW + offset), BODY, ring(tmp_path, (ID_A, KEY_A)))


@pytest.mark.parametrize("offset", [-300, 0, 300])
def test_timestamps_within_five_minutes_are_accepted(tmp_path, offset):
    assert check(headers(ts=NOW + offset), BODY, ring(tmp_path, (ID_A, KEY_A))) == ID_A


def test_a_non_numeric_timestamp_is_rejected(tmp_path):
    with pytest.raises(wv.NotificationStale):
        check(headers() | {"Wechatpay-Timestamp": "yesterday"}, BODY, ring(tmp_path, (ID_A, KEY_A)))


def test_replays_can_skip_the_clock_window_but_never_the_signature(tmp_path):
    keys = ring(tmp_path, (ID_A, KEY_A))
    assert wv.verify(headers(ts=NOW - 86400), BODY, keys=keys, now=NOW, tolerance=None) == ID_A
    with pytest.raises(wv.NotificationSignatureInvalid):
        wv.verify(headers(ts=NOW - 86400), BODY + b" ", keys=keys, now=NOW, tolerance=None)


@pytest.mark.parametrize("value", [None, "WECHATPAY2-SHA256-RSA4096", "HMAC-SHA256"])
def test_a_missing_or_other_signature_type_is_rejected(tmp_path, value):
    h = headers()
    if value is None:
        del h["Wechatpay-Signature-Type"]
    else:
        h["Wechatpay-Signature-Type"] = value
    with pytest.raises(wv.NotificationSignatureType):
        check(h, BODY, ring(tmp_path, (ID_A, KEY_A)))


@pytest.mark.parametrize("missing", wv.SIGNED_HEADERS)
def test_a_missing_signed_header_is_rejected(tmp_path, missing):
    h = headers()
    del h[missing]
    with pytest.raises(wv.NotificationUnsigned):
        check(h, BODY, ring(tmp_path, (ID_A, KEY_A)))


def test_two_public_keys_are_accepted_during_a_rotation(tmp_path):
    keys = ring(tmp_path, (ID_A, KEY_A), (ID_B, KEY_B))
    assert check(headers(key=KEY_A, serial=ID_A), BODY, keys) == ID_A
    assert check(headers(key=KEY_B, serial=ID_B), BODY, keys) == ID_B
    with pytest.raises(wv.NotificationSignatureInvalid):  # the serial decides the key
        check(headers(key=KEY_B, serial=ID_A), BODY, keys)


def certificate(key: rsa.RSAPrivateKey, serial: int, *, days: tuple[int, int] = (-1, 365)) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com Root CA")])
    base = dt.datetime.fromtimestamp(NOW, dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(serial).not_valid_before(base + dt.timedelta(days=days[0]))
            .not_valid_after(base + dt.timedelta(days=days[1])).sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM)


def test_certificate_mode_finds_the_key_by_certificate_serial(tmp_path):
    (tmp_path / "a.pem").write_bytes(certificate(KEY_A, 0x5157F09EFDC096DE15EBE81A47057A72))
    (tmp_path / "b.pem").write_bytes(certificate(KEY_B, 0xABC))
    (tmp_path / "notes.pem").write_text("not a certificate")
    keys = wv.KeyRing.load({}, str(tmp_path))
    assert check(headers(serial="5157F09EFDC096DE15EBE81A47057A72"), BODY, keys)
    assert check(headers(serial="5157f09efdc096de15ebe81a47057a72"), BODY, keys)  # hex in any case
    assert check(headers(key=KEY_B, serial="ABC"), BODY, keys) == "ABC"
    with pytest.raises(wv.NotificationSignatureInvalid):
        check(headers(key=KEY_B, serial="5157F09EFDC096DE15EBE81A47057A72"), BODY, keys)


def test_an_expired_platform_certificate_is_not_trusted(tmp_path):
    (tmp_path / "old.pem").write_bytes(certificate(KEY_A, 0x123, days=(-400, -1)))
    with pytest.raises(wv.NotificationUnknownSerial):
        check(headers(serial="123"), BODY, wv.KeyRing.load({}, str(tmp_path)))


def test_the_sandbox_dev_key_and_emulator_signer_agree_with_the_verifier():
    from sandbox.wechatpay.config import DEV_PLATFORM_PUBLIC_KEYS, DEV_PUBLIC_KEY_IDS, PaySandboxConfig
    from sandbox.wechatpay.signing import Platform

    platform = Platform(PaySandboxConfig())
    keys = wv.KeyRing.load({DEV_PUBLIC_KEY_IDS[0]: str(DEV_PLATFORM_PUBLIC_KEYS[0])})
    signed = platform.headers(BODY, "public_key", 0)
    assert wv.verify(signed, BODY, keys=keys, now=time.time(), tolerance=300)
    with pytest.raises(wv.NotificationUnknownSerial):  # the second key is not configured here
        wv.verify(platform.headers(BODY, "public_key", 1), BODY, keys=keys, now=time.time(), tolerance=300)


# --- AEAD_AES_256_GCM ---------------------------------------------------------------------------
VECTOR_KEY = "0123456789abcdef0123456789abcdef"
VECTOR = {"algorithm": "AEAD_AES_256_GCM", "nonce": "abcdefghijkl", "associated_data": "transaction",
          "ciphertext": "Eu6myr+6GaECeJdOZPZ6BX5lij2Vohspf9pbw6Eor54J6prefQGx4A8pw4JzQ/lkgFh/UIp8nXF6h6aOBw=="}


def test_decrypt_matches_the_protocols_self_made_vector():
    assert wv.decrypt(dict(VECTOR), VECTOR_KEY) == {"out_trade_no": "T1", "trade_state": "SUCCESS"}


def test_decrypt_with_empty_associated_data():
    sealed = AESGCM(VECTOR_KEY.encode()).encrypt(b"abcdefghijkl", b'{"a":1}', None)
    resource = VECTOR | {"associated_data": "", "ciphertext": base64.b64encode(sealed).decode()}
    assert wv.decrypt(resource, VECTOR_KEY) == {"a": 1}


def _flip_tag(resource: dict[str, str]) -> dict[str, str]:
    sealed = bytearray(base64.b64decode(resource["ciphertext"]))
    sealed[-1] ^= 0x01
    return resource | {"ciphertext": base64.b64encode(bytes(sealed)).decode()}


@pytest.mark.parametrize("resource", [
    _flip_tag(VECTOR),
    VECTOR | {"associated_data": "refund"},
    VECTOR | {"nonce": "abcdefghijkm"},
    VECTOR | {"algorithm": "AEAD_AES_128_GCM"},
    VECTOR | {"ciphertext": "%%%"},
    {k: v for k, v in VECTOR.items() if k != "nonce"},
    "not an object",
    None,
], ids=["tag", "aad", "nonce", "algorithm", "base64", "no-nonce", "string", "none"])
def test_decrypt_failures_are_typed(resource):
    with pytest.raises(wv.NotificationUndecryptable):
        wv.decrypt(resource, VECTOR_KEY)


def test_decrypt_with_another_apiv3_key_fails():
    with pytest.raises(wv.NotificationUndecryptable):
        wv.decrypt(dict(VECTOR), "fedcba9876543210fedcba9876543210")


def test_decrypted_non_objects_are_refused():
    sealed = AESGCM(VECTOR_KEY.encode()).encrypt(b"abcdefghijkl", json.dumps([1]).encode(), b"transaction")
    with pytest.raises(wv.NotificationUndecryptable):
        wv.decrypt(VECTOR | {"ciphertext": base64.b64encode(sealed).decode()}, VECTOR_KEY)
