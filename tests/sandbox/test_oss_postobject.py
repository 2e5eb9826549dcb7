"""PostObject (policies built by hand, V1 and V4, as the app will) and upload callbacks.

Forms go to the /oss mount of the sandbox (where the mini-program's wx.uploadFile would
post in development) and to the standalone OSS app; callbacks go to a tiny receiver here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree import ElementTree

import cv2
import numpy as np
import oss2
import pytest
import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from tests.sandbox.conftest import OssSandbox
from tests.sandbox.test_oss_emulator import BUCKET, STS, bucket, error_of, keys, png, reference_crc64, stored

PREFIX = "uploads/u123/"
V4 = "OSS4-HMAC-SHA256"


def b64(data: bytes | str) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


def policy_of(conditions: list[Any], expires_in: float = 600, **extra: Any) -> str:
    expiration = (datetime.now(UTC) + timedelta(seconds=expires_in)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return b64(json.dumps({"expiration": expiration, "conditions": conditions, **extra}))


def v1_form(
    oss: OssSandbox, conditions: list[Any], secret: str | None = None, **policy_args: Any
) -> dict[str, str]:
    access_key_id, access_key_secret = keys(oss)
    policy = policy_of(conditions, **policy_args)
    signature = b64(hmac.new((secret or access_key_secret).encode(), policy.encode(), hashlib.sha1).digest())
    return {"OSSAccessKeyId": access_key_id, "policy": policy, "Signature": signature}


def v4_form(
    oss: OssSandbox,
    conditions: list[Any],
    pin_v4_fields: bool = True,
    credentials: tuple[str, str, str | None] | None = None,
    region: str = "cn-hangzhou",
    **policy_args: Any,
) -> dict[str, str]:
    access_key_id, secret, token = credentials or (*keys(oss), None)
    date_time = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    form = {
        "x-oss-signature-version": V4,
        "x-oss-credential": f"{access_key_id}/{date_time[:8]}/{region}/oss/aliyun_v4_request",
        "x-oss-date": date_time,
    }
    if token:
        form["x-oss-security-token"] = token
    pinned = [{name: value} for name, value in form.items()] if pin_v4_fields else []
    policy = policy_of(conditions + pinned, **policy_args)
    key = ("aliyun_v4" + secret).encode()
    for part in (date_time[:8], region, "oss", "aliyun_v4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return form | {
        "policy": policy,
        "x-oss-signature": hmac.new(key, policy.encode(), hashlib.sha256).hexdigest(),
    }


BASE_CONDITIONS: list[Any] = [
    {"bucket": BUCKET},
    ["content-length-range", 1, 1024],
    ["starts-with", "$key", PREFIX],
    ["in", "$content-type", ["image/jpeg", "image/png"]],
    ["not-in", "$cache-control", ["no-cache"]],
]


def post(
    url: str, form: dict[str, str], content: bytes = b"\xff\xd8\xff" + b"j" * 97, **fields: str
) -> requests.Response:
    data = {"key": PREFIX + "${filename}", "Content-Type": "image/jpeg"} | fields | form
    return requests.post(
        url + f"/{BUCKET}/", data=data, files={"file": ("photo.jpg", content, "image/jpeg")}, timeout=10
    )


@pytest.mark.parametrize("version", ["v1", "v4"])
@pytest.mark.parametrize("where", ["mounted", "standalone"])
def test_post_object_201(oss_sandbox: OssSandbox, version: str, where: str) -> None:
    form = (v1_form if version == "v1" else v4_form)(
        oss_sandbox, [*BASE_CONDITIONS, {"success_action_status": "201"}]
    )
    base = oss_sandbox.mounted if where == "mounted" else oss_sandbox.endpoint
    content = png(8, 6)
    response = post(
        base,
        form,
        content,
        success_action_status="201",
        **{"x-oss-meta-uid": "u123", "Content-Type": "image/png"},
    )
    assert response.status_code == 201, response.text
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own emulator
    assert root.tag == "PostResponse"
    assert root.findtext("Bucket") == BUCKET
    assert root.findtext("Key") == PREFIX + "photo.jpg"
    assert root.findtext("ETag") == f'"{hashlib.md5(content).hexdigest().upper()}"'  # noqa: S324
    assert root.findtext("Location", "").startswith(base)
    assert response.headers["x-oss-hash-crc64ecma"] == str(reference_crc64(content))
    got = bucket(oss_sandbox).get_object(PREFIX + "photo.jpg")
    assert got.read() == content
    assert (got.headers["Content-Type"], got.headers["x-oss-meta-uid"]) == ("image/png", "u123")


@pytest.mark.parametrize(("status", "expected"), [("200", 200), ("204", 204), (None, 204), ("302", 204)])
def test_success_action_status(oss_sandbox: OssSandbox, status: str | None, expected: int) -> None:
    fields = {"success_action_status": status} if status else {}
    response = post(oss_sandbox.endpoint, v1_form(oss_sandbox, BASE_CONDITIONS), **fields)
    assert (response.status_code, response.content) == (expected, b"")
    assert response.headers["ETag"].startswith('"')


@dataclass
class Case:
    status: int
    code: str
    message: str = ""
    conditions: list[Any] = field(default_factory=lambda: list(BASE_CONDITIONS))
    fields: dict[str, str] = field(default_factory=dict)
    content: bytes = b"x" * 100
    policy_args: dict[str, Any] = field(default_factory=dict)


V1_CASES = {
    "expired": Case(403, "AccessDenied", "Policy expired", policy_args={"expires_in": -5}),
    "wrong-prefix": Case(
        403, "AccessDenied", '["starts-with", "$key", "uploads/u123/"]', fields={"key": "uploads/u999/x.jpg"}
    ),
    "oversize": Case(400, "EntityTooLarge", content=b"x" * 1025),
    "empty-file": Case(400, "EntityTooSmall", content=b""),
    "content-type-not-in": Case(403, "AccessDenied", '"in"', fields={"Content-Type": "image/gif"}),
    "eq-content-type": Case(
        403, "AccessDenied", '"eq"', conditions=[*BASE_CONDITIONS, ["eq", "$Content-Type", "image/png"]]
    ),
    "not-in": Case(403, "AccessDenied", '"not-in"', fields={"Cache-Control": "no-cache"}),
    "other-bucket": Case(403, "AccessDenied", '{"bucket": "other"}', conditions=[{"bucket": "other"}]),
    "map-key": Case(403, "AccessDenied", '{"key"', conditions=[{"key": PREFIX + "fixed.jpg"}]),
    "condition-field-absent": Case(
        403, "AccessDenied", "x-oss-meta-uid", conditions=[["eq", "$x-oss-meta-uid", "u1"]]
    ),
    "empty-conditions": Case(400, "InvalidPolicyDocument", conditions=[]),
    "unknown-mode": Case(400, "InvalidPolicyDocument", conditions=[["ends-with", "$key", ".jpg"]]),
    "bad-range": Case(400, "InvalidPolicyDocument", conditions=[["content-length-range", "1", 10]]),
    "extra-policy-field": Case(400, "InvalidPolicyDocument", policy_args={"test": "x"}),
}


@pytest.mark.parametrize("case", V1_CASES.values(), ids=V1_CASES.keys())
def test_post_object_v1_violations(oss_sandbox: OssSandbox, case: Case) -> None:
    form = v1_form(oss_sandbox, case.conditions, **case.policy_args)
    response = post(oss_sandbox.mounted, form, case.content, **case.fields)
    assert response.status_code == case.status, response.text
    error = error_of(response)
    assert error["Code"] == case.code
    assert case.message in error["Message"]
    assert stored(oss_sandbox) == []


def test_post_object_signature_failures(oss_sandbox: OssSandbox) -> None:
    form = v1_form(oss_sandbox, BASE_CONDITIONS)
    tampered = form | {"policy": policy_of([["content-length-range", 0, 10**9]])}
    cases = [
        (tampered, 403, "SignatureDoesNotMatch"),
        (v1_form(oss_sandbox, BASE_CONDITIONS, "wrong"), 403, "SignatureDoesNotMatch"),
        (form | {"OSSAccessKeyId": "LTAINoSuchKey"}, 403, "InvalidAccessKeyId"),
        ({}, 403, "AccessDenied"),  # anonymous form on a private bucket
        ({k: v for k, v in form.items() if k != "policy"}, 400, "InvalidArgument"),
    ]
    for fields, status, code in cases:
        response = post(oss_sandbox.endpoint, fields)
        assert (response.status_code, error_of(response)["Code"]) == (status, code)
    # OSS stops reading at the file: a key sent after it is never seen.
    late = [(k, (None, v)) for k, v in form.items()] + [
        ("file", ("a.jpg", b"x" * 10)),
        ("key", (None, PREFIX + "a.jpg")),
    ]
    response = requests.post(f"{oss_sandbox.endpoint}/{BUCKET}/", files=late, timeout=10)
    assert (response.status_code, error_of(response)["Code"]) == (400, "InvalidArgument")
    assert stored(oss_sandbox) == []


def test_post_object_v4_rules(oss_sandbox: OssSandbox) -> None:
    ok = post(oss_sandbox.endpoint, v4_form(oss_sandbox, BASE_CONDITIONS))
    assert ok.status_code == 204
    bucket(oss_sandbox).delete_object(PREFIX + "photo.jpg")
    unpinned = post(oss_sandbox.endpoint, v4_form(oss_sandbox, BASE_CONDITIONS, pin_v4_fields=False))
    assert (unpinned.status_code, error_of(unpinned)["Code"]) == (400, "InvalidPolicyDocument")
    assert "x-oss-signature-version" in error_of(unpinned)["Message"]
    form = v4_form(oss_sandbox, BASE_CONDITIONS)
    other_date = post(oss_sandbox.endpoint, form | {"x-oss-date": form["x-oss-date"][:-3] + "00Z"})
    assert other_date.status_code == 403  # the policy pins x-oss-date (or the signature breaks)
    region = post(oss_sandbox.endpoint, v4_form(oss_sandbox, BASE_CONDITIONS, region="cn-beijing"))
    assert (region.status_code, error_of(region)["Code"]) == (400, "InvalidArgument")
    wrong = post(
        oss_sandbox.endpoint,
        v4_form(oss_sandbox, BASE_CONDITIONS, credentials=(keys(oss_sandbox)[0], "bad", None)),
    )
    assert (wrong.status_code, error_of(wrong)["Code"]) == (403, "SignatureDoesNotMatch")
    expired = post(oss_sandbox.endpoint, v4_form(oss_sandbox, BASE_CONDITIONS, expires_in=-1))
    assert "Policy expired" in error_of(expired)["Message"]
    sts = post(oss_sandbox.endpoint, v4_form(oss_sandbox, BASE_CONDITIONS, credentials=STS))
    assert sts.status_code == 204, sts.text
    sts_form = v4_form(oss_sandbox, BASE_CONDITIONS, credentials=STS, pin_v4_fields=False)
    unpinned_token = post(oss_sandbox.endpoint, sts_form)
    assert error_of(unpinned_token)["Code"] == "InvalidPolicyDocument"
    assert [o["key"] for o in stored(oss_sandbox)] == [PREFIX + "photo.jpg"]


# --- upload callbacks ------------------------------------------------------------------------------------


@dataclass
class Receiver:
    url: str
    calls: list[dict[str, Any]]
    reply: list[tuple[int, bytes]]  # (status, body) for the next calls; last one sticks


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    calls: list[dict[str, Any]] = []
    reply = [(200, b'{"Status":"OK","photo_id":42}')]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server API
            body = self.rfile.read(int(self.headers["Content-Length"]))
            calls.append({"path": self.path, "headers": dict(self.headers), "body": body})
            status, payload = reply[0] if len(reply) == 1 else reply.pop(0)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Receiver(f"http://127.0.0.1:{server.server_port}", calls, reply)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def public_key(oss: OssSandbox) -> RSAPublicKey:
    pem = requests.get(oss.sandbox.url("/oss-pubkey/callback_pub_key_v1.pem"), timeout=10)
    assert (
        requests.get(oss.endpoint + "/oss-pubkey/callback_pub_key_v1.pem", timeout=10).content == pem.content
    )
    key = load_pem_public_key(pem.content)
    assert isinstance(key, RSAPublicKey)
    return key


def verify(key: RSAPublicKey, call: dict[str, Any], body: bytes | None = None) -> None:
    """What the app does: RSA-MD5 over url_decode(path) + "?query" + "\\n" + body."""
    path, sep, query = call["path"].partition("?")
    message = (
        unquote(path).encode() + (sep + query).encode() + b"\n" + (call["body"] if body is None else body)
    )
    key.verify(base64.b64decode(call["headers"]["Authorization"]), message, PKCS1v15(), hashes.MD5())  # noqa: S303


FORM_BODY = (
    "bucket=${bucket}&object=${object}&etag=${etag}&size=${size}&mimeType=${mimeType}&crc64=${crc64}"
    "&md5=${contentMd5}&height=${imageInfo.height}&width=${imageInfo.width}&format=${imageInfo.format}&uid=${x:uid}"
)


def test_post_object_callback_is_signed(oss_sandbox: OssSandbox, receiver: Receiver) -> None:
    callback = {"callbackUrl": receiver.url + "/api/oss%20cb?token=t1", "callbackBody": FORM_BODY}
    content = png(40, 30)
    fields = {
        "callback": b64(json.dumps(callback)),
        "x:uid": "u 1&2",
        "Content-Type": "image/png",
        "key": PREFIX + "c.png",
    }
    response = post(oss_sandbox.mounted, v1_form(oss_sandbox, BASE_CONDITIONS), content, **fields)
    assert response.status_code == 200, response.text
    assert response.json() == {"Status": "OK", "photo_id": 42}  # the app's reply, passed through
    [call] = receiver.calls
    assert call["path"] == "/api/oss%20cb?token=t1"
    assert call["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    pub_key_url = base64.b64decode(call["headers"]["x-oss-pub-key-url"]).decode()
    assert pub_key_url == "https://gosspublic.alicdn.com/callback_pub_key_v1.pem"
    values = {k: v[0] for k, v in parse_qs(call["body"].decode()).items()}
    md5 = hashlib.md5(content)  # noqa: S324 - OSS's own digest
    assert values == {
        "bucket": BUCKET,
        "object": PREFIX + "c.png",
        "etag": md5.hexdigest().upper(),
        "size": str(len(content)),
        "mimeType": "image/png",
        "crc64": str(reference_crc64(content)),
        "md5": b64(md5.digest()),
        "height": "30",
        "width": "40",
        "format": "png",
        "uid": "u 1&2",
    }
    key = public_key(oss_sandbox)
    verify(key, call)
    with pytest.raises(InvalidSignature):
        verify(key, call, call["body"].replace(b"size=", b"size=9"))
    with pytest.raises(InvalidSignature):
        verify(key, call | {"path": "/api/oss%20cb?token=t2"})


def test_put_object_callback_json_body(oss_sandbox: OssSandbox, receiver: Receiver) -> None:
    callback = {
        "callbackUrl": receiver.url + "/cb",
        "callbackBody": '{"object":"${object}","size":${size},"uid":"${x:uid}"}',
        "callbackBodyType": "application/json",
    }
    headers = {
        "x-oss-callback": b64(json.dumps(callback)),
        "x-oss-callback-var": b64(json.dumps({"x:uid": 'say "hi"'})),
    }
    result = bucket(oss_sandbox, "v4").put_object('cb/quote"d.txt', b"hello", headers=headers)
    assert result.status == 200
    assert json.loads(result.resp.read()) == {"Status": "OK", "photo_id": 42}
    [call] = receiver.calls
    assert json.loads(call["body"]) == {"object": 'cb/quote"d.txt', "size": 5, "uid": 'say "hi"'}
    verify(public_key(oss_sandbox), call)


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/cb"


def test_callback_failures_answer_203(oss_sandbox: OssSandbox, receiver: Receiver) -> None:
    b = bucket(oss_sandbox)
    down = {
        "x-oss-callback": b64(json.dumps({"callbackUrl": _closed_port_url(), "callbackBody": "o=${object}"}))
    }
    result = b.put_object("cb/down.txt", b"kept", headers=down)
    assert result.status == 203
    assert ElementTree.fromstring(result.resp.read()).findtext("Code") == "CallbackFailed"  # noqa: S314
    assert b.get_object("cb/down.txt").read() == b"kept"  # stored anyway

    live = {
        "x-oss-callback": b64(
            json.dumps({"callbackUrl": receiver.url + "/cb", "callbackBody": "o=${object}"})
        )
    }
    oss_sandbox.sandbox.control("oss/faults", {"mode": "callback_unreachable"})
    assert b.put_object("cb/fault.txt", b"x", headers=live).status == 203
    assert receiver.calls == []
    receiver.reply[:] = [(200, b"not json")]
    assert b.put_object("cb/notjson.txt", b"x", headers=live).status == 203
    receiver.reply[:] = [(500, b"{}")]
    assert b.put_object("cb/500.txt", b"x", headers=live).status == 203
    assert len(receiver.calls) == 2  # one attempt each: OSS does not retry

    receiver.reply[:] = [(200, b'{"ok":true}')]
    both = {"callbackUrl": f"{_closed_port_url()};{receiver.url}/second", "callbackBody": "o=${object}"}
    second = b.put_object("cb/second.txt", b"x", headers={"x-oss-callback": b64(json.dumps(both))})
    assert (second.status, receiver.calls[-1]["path"]) == (200, "/second")  # URLs are tried in order
    seen = len(receiver.calls)
    twice = {"callbackUrl": f"{receiver.url}/first;{receiver.url}/second", "callbackBody": "o=${object}"}
    first = b.put_object("cb/first.txt", b"x", headers={"x-oss-callback": b64(json.dumps(twice))})
    assert first.status == 200
    assert [c["path"] for c in receiver.calls[seen:]] == ["/first"]  # the first success ends the list
    log = oss_sandbox.sandbox.http.get(oss_sandbox.sandbox.url("/control/oss/callbacks"), timeout=10).json()
    assert [entry["ok"] for entry in log["callbacks"]][-3:] == [False, True, True]


def test_invalid_callback_parameter_stores_nothing(oss_sandbox: OssSandbox) -> None:
    with pytest.raises(oss2.exceptions.InvalidArgument):
        bucket(oss_sandbox).put_object("cb/bad.txt", b"x", headers={"x-oss-callback": b64("not json")})
    no_url = b64(json.dumps({"callbackBody": "a=b"}))
    response = post(oss_sandbox.endpoint, v1_form(oss_sandbox, BASE_CONDITIONS), callback=no_url)
    assert (response.status_code, error_of(response)["Code"]) == (400, "InvalidArgument")
    assert stored(oss_sandbox) == []


def test_callback_image_info_is_empty_for_non_images(oss_sandbox: OssSandbox, receiver: Receiver) -> None:
    callback = {
        "callbackUrl": receiver.url,
        "callbackBody": "w=${imageInfo.width}&f=${imageInfo.format}&s=${size}",
    }
    image = cv2.imencode(".jpg", np.zeros((10, 20, 3), np.uint8))[1].tobytes()
    b = bucket(oss_sandbox)
    b.put_object("cb/a.jpg", image, headers={"x-oss-callback": b64(json.dumps(callback))})
    b.put_object("cb/a.txt", b"text", headers={"x-oss-callback": b64(json.dumps(callback))})
    assert [c["body"] for c in receiver.calls] == [f"w=20&f=jpg&s={len(image)}".encode(), b"w=&f=&s=4"]
    assert urlsplit(receiver.url).hostname == "127.0.0.1"


@pytest.mark.parametrize("where", ["mounted", "standalone"])
def test_forbid_overwrite_refuses_an_existing_key_like_oss(oss_sandbox: OssSandbox, where: str) -> None:
    """``x-oss-forbid-overwrite: true`` (form field, or PutObject header): 409 FileAlreadyExists."""
    base = oss_sandbox.mounted if where == "mounted" else oss_sandbox.endpoint
    form = v4_form(oss_sandbox, BASE_CONDITIONS)
    first, second = b"\xff\xd8\xff" + b"1" * 97, b"\xff\xd8\xff" + b"2" * 97
    assert post(base, form, first, **{"x-oss-forbid-overwrite": "true"}).status_code == 204
    refused = post(base, form, second, **{"x-oss-forbid-overwrite": "true"})
    assert refused.status_code == 409 and error_of(refused)["Code"] == "FileAlreadyExists"
    key = PREFIX + "photo.jpg"
    assert bucket(oss_sandbox).get_object(key).read() == first
    assert post(base, form, second, **{"x-oss-forbid-overwrite": "false"}).status_code == 204  # as OSS: allowed
    assert bucket(oss_sandbox).get_object(key).read() == second
    invalid = post(base, form, first, **{"x-oss-forbid-overwrite": "yes"})
    assert invalid.status_code == 400 and error_of(invalid)["Code"] == "InvalidArgument"

    b = bucket(oss_sandbox)
    b.put_object("plain.txt", b"one", headers={"x-oss-forbid-overwrite": "true"})
    with pytest.raises(oss2.exceptions.ServerError) as caught:
        b.put_object("plain.txt", b"two", headers={"x-oss-forbid-overwrite": "true"})
    assert (caught.value.status, caught.value.code) == (409, "FileAlreadyExists")
    assert b.get_object("plain.txt").read() == b"one"


def test_forbid_overwrite_lets_exactly_one_of_two_simultaneous_posts_in(oss_sandbox: OssSandbox) -> None:
    form = v4_form(oss_sandbox, BASE_CONDITIONS)
    for n in range(10):
        barrier, codes = threading.Barrier(2), []

        def send(i: int, n: int = n, barrier: threading.Barrier = barrier, codes: list[int] = codes) -> None:
            barrier.wait()
            content = b"\xff\xd8\xff" + str(i).encode() * 97
            codes.append(post(oss_sandbox.endpoint, form, content, key=f"{PREFIX}race-{n}.jpg",
                              **{"x-oss-forbid-overwrite": "true"}).status_code)

        threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(codes) == [204, 409]
