"""OSS callback signatures: only OSS's key, fetched only from gosspublic.alicdn.com, verifies."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15

from bff.config import Settings
from bff.integrations.oss_callback import CallbackRejected, CallbackVerifier

KEYS = Path(__file__).resolve().parents[3] / "sandbox/oss/keys"
REAL_URL = "https://gosspublic.alicdn.com/callback_pub_key_v1.pem"
PATH, QUERY, BODY = "/api/v1/oss/callback", "t=1", b"object=stores%2Fs%2Fa.jpg&size=10&ticket=T"


def _private_key():
    return serialization.load_pem_private_key((KEYS / "callback_private_key.pem").read_bytes(), None)


def _sign(key, path: str = PATH, query: str = QUERY, body: bytes = BODY) -> str:
    message = path.encode() + (f"?{query}".encode() if query else b"") + b"\n" + body
    return base64.b64encode(key.sign(message, PKCS1v15(), hashes.MD5())).decode()  # noqa: S303


class Fetcher:
    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return (KEYS / "callback_pub_key_v1.pem").read_bytes()


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher()


@pytest.fixture
def verifier(fetcher: Fetcher) -> CallbackVerifier:
    return CallbackVerifier(Settings(env="test"), fetch=fetcher)


def _verify(verifier: CallbackVerifier, signature: str, url: str = REAL_URL, **parts) -> None:  # type: ignore[no-untyped-def]
    verifier.verify(authorization=signature, pub_key_url_b64=base64.b64encode(url.encode()).decode(),
                    path=parts.get("path", PATH), query=parts.get("query", QUERY), body=parts.get("body", BODY))


def test_a_callback_signed_by_the_oss_key_verifies_and_the_key_is_fetched_once(verifier, fetcher):
    signature = _sign(_private_key())
    _verify(verifier, signature)
    _verify(verifier, signature)
    assert fetcher.urls == [REAL_URL]


def test_the_path_is_url_decoded_before_verifying_as_oss_signs_it(verifier):
    signature = _sign(_private_key(), path="/api/v1/oss/callback a")
    _verify(verifier, signature, path="/api/v1/oss/callback%20a")


@pytest.mark.parametrize("change", [
    {"body": BODY.replace(b"size=10", b"size=99")},
    {"query": "t=2"},
    {"path": "/api/v1/oss/other"},
])
def test_any_change_to_path_query_or_body_is_refused(verifier, change):
    with pytest.raises(CallbackRejected) as caught:
        _verify(verifier, _sign(_private_key()), **change)
    assert caught.value.reason == "callback_signature_invalid"


def test_a_signature_by_another_key_is_refused(verifier):
    forged = _sign(rsa.generate_private_key(public_exponent=65537, key_size=1024))
    with pytest.raises(CallbackRejected) as caught:
        _verify(verifier, forged)
    assert caught.value.reason == "callback_signature_invalid"


@pytest.mark.parametrize("url", [
    "https://evil.example/callback_pub_key_v1.pem",
    "https://gosspublic.alicdn.com.evil.example/callback_pub_key_v1.pem",
    "https://user@gosspublic.alicdn.com/callback_pub_key_v1.pem",
    "https://gosspublic.alicdn.com:8443/callback_pub_key_v1.pem",
    "file:///etc/passwd",
    "https://gosspublic.alicdn.com/k.pem?redirect=https://evil.example",
])
def test_a_key_url_off_the_allow_list_is_never_fetched(verifier, fetcher, url):
    with pytest.raises(CallbackRejected) as caught:
        _verify(verifier, _sign(_private_key()), url=url)
    assert caught.value.reason == "pub_key_url_not_allowed"
    assert fetcher.urls == []


@pytest.mark.parametrize(("authorization", "url_b64"), [(None, "x"), ("x", None), ("!!notbase64", "aGk=")])
def test_missing_or_malformed_headers_are_refused(verifier, authorization, url_b64):
    with pytest.raises(CallbackRejected):
        verifier.verify(authorization=authorization, pub_key_url_b64=url_b64, path=PATH, query=QUERY, body=BODY)


def test_an_unreachable_key_is_refused_and_retried_next_time():
    calls = []

    def failing(url: str) -> bytes:
        calls.append(url)
        raise ValueError("unreachable")

    verifier = CallbackVerifier(Settings(env="test"), fetch=failing)
    for _ in range(2):
        with pytest.raises(CallbackRejected) as caught:
            _verify(verifier, _sign(_private_key()))
        assert caught.value.reason == "pub_key_unavailable"
    assert len(calls) == 2
