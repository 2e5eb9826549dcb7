"""The OSS emulator through the real oss2 (V1, V4, STS) over real HTTP, plus signature vectors.

oss2 is pointed at the standalone OSS app (it cannot address the /oss mount: see
test_oss2_drops_the_endpoint_path); plain HTTP checks also use the mounted copy.
"""

from __future__ import annotations

import base64
import hashlib
import time
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import cv2
import numpy as np
import oss2
import pytest
import requests

from sandbox.oss import signing
from sandbox.oss.checksums import crc64 as emulator_crc64
from tests.sandbox.conftest import OssSandbox

BUCKET = "mirror-dev"
STS = ("STS.SandboxTestKey0001", "sts-test-secret", "sts-test-token")


def reference_crc64(data: bytes) -> int:
    """PROTOCOLS.md §5.4 bitwise CRC-64/ECMA-182, independent of the emulator's table version."""
    crc = 0xFFFFFFFFFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xC96C5795D7870F42 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFFFFFFFFFF


def keys(oss: OssSandbox) -> tuple[str, str]:
    return next(iter(oss.config.oss.credentials.items()))


def bucket(
    oss: OssSandbox, version: str = "v1", secret: str | None = None, ak: str | None = None
) -> oss2.Bucket:
    access_key_id, access_key_secret = keys(oss)
    access_key_id, access_key_secret = ak or access_key_id, secret or access_key_secret
    auth = (
        oss2.Auth(access_key_id, access_key_secret)
        if version == "v1"
        else oss2.AuthV4(access_key_id, access_key_secret)
    )
    return oss2.Bucket(auth, oss.endpoint, BUCKET, region=oss.config.oss.region, enable_crc=True)


def error_of(response: requests.Response) -> dict[str, str]:
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own emulator
    assert root.tag == "Error"
    assert [child.tag for child in root][:4] == ["Code", "Message", "RequestId", "HostId"]
    assert root.findtext("RequestId") == response.headers["x-oss-request-id"]
    return {child.tag: child.text or "" for child in root}


def stored(oss: OssSandbox) -> list[dict[str, object]]:
    response = oss.sandbox.http.get(
        oss.sandbox.url("/control/oss/objects"), params={"bucket": BUCKET}, timeout=10
    )
    response.raise_for_status()
    return response.json()["objects"]  # type: ignore[no-any-return]


def png(width: int, height: int, color: tuple[int, int, int] = (255, 255, 255)) -> bytes:
    image = np.full((height, width, 3), color, np.uint8)
    return cv2.imencode(".png", image)[1].tobytes()


# --- signature vectors (PROTOCOLS.md §5.4 and alibabacloud-oss-python-sdk-v2 signer tests) ------------


def test_v1_vectors() -> None:
    headers = {
        "content-md5": "ODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=",
        "content-type": "text/html",
        "date": "Thu, 17 Nov 2005 18:49:58 GMT",
        "x-oss-magic": "abracadabra",
        "x-oss-meta-author": "foo@bar.com",
    }
    secret = "OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV"  # noqa: S105 - doc vector
    string = signing.v1_string_to_sign("PUT", headers, "oss-example", "nelson", [])
    assert string.endswith("x-oss-magic:abracadabra\nx-oss-meta-author:foo@bar.com\n/oss-example/nelson")
    assert signing.v1_signature(secret, string) == "26NBxoKdsyly4EDv6inkoDft/yA="
    url = signing.v1_string_to_sign("GET", {}, "oss-example", "oss-api.pdf", [], date="1141889120")
    assert signing.v1_signature(secret, url) == "EwaNTn1erJGkimiJ9WmXgwnANLc="
    sdk = {
        "content-md5": "eB5eJF1ptWaXm4bijSPyxw==",
        "content-type": "text/html",
        "x-oss-meta-author": "alice",
        "x-oss-meta-magic": "abracadabra",
        "x-oss-date": "Wed, 28 Dec 2022 10:27:41 GMT",
    }
    assert signing.v1_signature(
        "sk", signing.v1_string_to_sign("PUT", sdk, "examplebucket", "nelson", [])
    ) == ("kSHKmLxlyEAKtZPkJhG9bZb5k7M=")
    acl = signing.v1_string_to_sign("PUT", sdk, "examplebucket", "nelson", [("acl", "")])
    assert signing.v1_signature("sk", acl) == "/afkugFbmWDQ967j1vr6zygBLQk="
    presign = [("versionId", "versionId"), ("security-token", "token")]
    token = signing.v1_string_to_sign("GET", {}, "bucket", "key+123", presign, date="1699808204")
    assert signing.v1_signature("sk", token) == "jzKYRrM5y6Br0dRFPaTGOsbrDhY="


SDK_PARAMS = [
    ("param1", "value1"),
    ("+param1", "value3"),
    ("|param1", "value4"),
    ("+param2", ""),
    ("|param2", ""),
    ("param2", ""),
]


def _v4(ts: int, headers: dict[str, str], params: list[tuple[str, str]], additional: list[str]) -> str:
    date_time = datetime.fromtimestamp(ts, UTC).strftime("%Y%m%dT%H%M%SZ")
    canonical = signing.v4_canonical_request("PUT", "bucket", "1234+-/123/1.txt", params, headers, additional)
    string = signing.v4_string_to_sign(date_time, signing.v4_scope(date_time[:8], "cn-hangzhou"), canonical)
    return signing.v4_signature("sk", date_time, "cn-hangzhou", string)


@pytest.mark.parametrize(
    ("ts", "extra", "additional", "want"),
    [
        (1702743657, {}, [], "e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe"),
        (
            1702784856,
            {"x-oss-security-token": "token"},
            [],
            "b94a3f999cf85bcdc00d332fbd3734ba03e48382c36fa4d5af5df817395bd9ea",
        ),
        (1702747512, {}, ["ZAbc", "abc"], "4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f"),
    ],
)
def test_v4_header_vectors(ts: int, extra: dict[str, str], additional: list[str], want: str) -> None:
    headers = {
        "x-oss-head1": "value",
        "abc": "value",
        "zabc": "value",
        "xyz": "value",
        "content-type": "text/plain",
        "x-oss-content-sha256": "UNSIGNED-PAYLOAD",
        "x-oss-date": datetime.fromtimestamp(ts, UTC).strftime("%Y%m%dT%H%M%SZ"),
    }
    assert _v4(ts, headers | extra, SDK_PARAMS, additional) == want


@pytest.mark.parametrize(
    ("ts", "extra", "additional", "want"),
    [
        (1702781677, [], [], "a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe"),
        (
            1702785388,
            [("x-oss-security-token", "token")],
            [],
            "3817ac9d206cd6dfc90f1c09c00be45005602e55898f26f5ddb06d7892e1f8b5",
        ),
        (
            1702783809,
            [("x-oss-additional-headers", "abc;zabc")],
            ["abc", "zabc"],
            "6bd984bfe531afb6db1f7550983a741b103a8c58e5e14f83ea474c2322dfa2b7",
        ),
    ],
)
def test_v4_presign_vectors(ts: int, extra: list[tuple[str, str]], additional: list[str], want: str) -> None:
    date_time = datetime.fromtimestamp(ts, UTC).strftime("%Y%m%dT%H%M%SZ")
    params = (
        SDK_PARAMS
        + extra
        + [
            ("x-oss-signature-version", "OSS4-HMAC-SHA256"),
            ("x-oss-date", date_time),
            ("x-oss-expires", "599"),
            ("x-oss-credential", f"ak/{date_time[:8]}/cn-hangzhou/oss/aliyun_v4_request"),
        ]
    )
    headers = {
        "x-oss-head1": "value",
        "abc": "value",
        "zabc": "value",
        "xyz": "value",
        "content-type": "application/octet-stream",
    }
    assert _v4(ts, headers, params, additional) == want


def test_crc64_vectors() -> None:
    assert emulator_crc64(b"Anything you're good at contributes to happiness.") == 108247482078852440
    assert emulator_crc64(b"123456789") == 11051210869376104954
    data = bytes(range(256)) * 7
    assert emulator_crc64(data[700:], emulator_crc64(data[:700])) == reference_crc64(data)


# --- objects over oss2 ------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_object_round_trip(oss_sandbox: OssSandbox, version: str, tmp_path: Path) -> None:
    b = bucket(oss_sandbox, version)
    data = b"portrait bytes " * 1000
    put = b.put_object("u1/a b+c.jpg", data, headers={"x-oss-meta-owner": "u1"})
    assert put.status == 200
    assert put.etag == hashlib.md5(data).hexdigest().upper()  # noqa: S324
    assert put.crc == reference_crc64(data)
    assert put.headers["x-oss-server-side-encryption"] == "KMS"
    b.get_object_to_file("u1/a b+c.jpg", str(tmp_path / "copy"))  # oss2 checks the CRC64 here
    assert (tmp_path / "copy").read_bytes() == data
    got = b.get_object("u1/a b+c.jpg")
    assert got.read() == data
    assert got.headers["Content-Type"] == "image/jpeg"
    assert got.headers["x-oss-meta-owner"] == "u1"
    head = b.head_object("u1/a b+c.jpg")
    assert (head.content_length, head.etag, head.server_crc) == (len(data), put.etag, put.crc)
    assert b.get_object("u1/a b+c.jpg", byte_range=(5, 9)).read() == data[5:10]
    assert b.delete_object("u1/a b+c.jpg").status == 204
    with pytest.raises(oss2.exceptions.NoSuchKey):
        b.get_object("u1/a b+c.jpg")
    with pytest.raises(oss2.exceptions.NotFound):  # HEAD: the error travels in x-oss-err
        b.head_object("u1/a b+c.jpg")


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_batch_delete(oss_sandbox: OssSandbox, version: str) -> None:
    b = bucket(oss_sandbox, version)
    for key in ("d/1.txt", "d/2 two.txt", "d/keep.txt"):
        b.put_object(key, key.encode())
    result = b.batch_delete_objects(["d/1.txt", "d/2 two.txt"])
    assert sorted(result.deleted_keys) == ["d/1.txt", "d/2 two.txt"]  # url-encoded on the wire
    assert [o["key"] for o in stored(oss_sandbox)] == ["d/keep.txt"]
    body = b"<Delete><Quiet>false</Quiet><Object><Key>d/keep.txt</Key></Object></Delete>"
    with pytest.raises(oss2.exceptions.InvalidDigest):
        b._do(
            "POST",
            BUCKET,
            "",
            data=body,
            params={"delete": ""},
            headers={"Content-MD5": "AAAAAAAAAAAAAAAAAAAAAA=="},
        )
    assert [o["key"] for o in stored(oss_sandbox)] == ["d/keep.txt"]


def test_crc64_is_verified_by_oss2(oss_sandbox: OssSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sandbox.oss.checksums.crc64", lambda data, crc=0: 12345)
    with pytest.raises(oss2.exceptions.InconsistentError):
        bucket(oss_sandbox).put_object("crc.bin", b"payload")


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_wrong_secret_and_unknown_key(oss_sandbox: OssSandbox, version: str) -> None:
    with pytest.raises(oss2.exceptions.SignatureDoesNotMatch) as mismatch:
        bucket(oss_sandbox, version, "not-the-secret").put_object("k.txt", b"x")
    assert mismatch.value.details["StringToSign"]
    with pytest.raises(oss2.exceptions.ServerError) as unknown:
        bucket(oss_sandbox, version, ak="LTAINoSuchKey").get_object("k.txt")
    assert (unknown.value.status, unknown.value.code) == (403, "InvalidAccessKeyId")
    assert stored(oss_sandbox) == []


def test_anonymous_requests_are_denied(oss_sandbox: OssSandbox) -> None:
    bucket(oss_sandbox).put_object("private.txt", b"secret")
    for base in (oss_sandbox.endpoint, oss_sandbox.mounted):
        got = requests.get(f"{base}/{BUCKET}/private.txt", timeout=10)
        assert got.status_code == 403
        assert error_of(got)["Code"] == "AccessDenied"
        put = requests.put(f"{base}/{BUCKET}/new.txt", data=b"x", timeout=10)
        assert (put.status_code, error_of(put)["Code"]) == (403, "AccessDenied")
    missing = requests.get(f"{oss_sandbox.endpoint}/no-such-bucket/k", timeout=10)
    assert (missing.status_code, error_of(missing)["Code"]) == (404, "NoSuchBucket")


def test_request_time_skew(oss_sandbox: OssSandbox) -> None:
    oss_sandbox.sandbox.advance(3600)
    with pytest.raises(oss2.exceptions.ServerError) as skewed:
        bucket(oss_sandbox, "v4").put_object("late.txt", b"x")
    assert (skewed.value.status, skewed.value.code) == (403, "RequestTimeTooSkewed")


def test_v4_header_as_sdk_v2_writes_it(oss_sandbox: OssSandbox) -> None:
    """No space after the commas, AdditionalHeaders before Signature (alibabacloud-oss-python-sdk-v2)."""
    access_key_id, secret = keys(oss_sandbox)
    date_time = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    headers = {"x-oss-date": date_time, "x-oss-content-sha256": "UNSIGNED-PAYLOAD", "x-app-tag": "blue"}
    signed = {k.lower(): v for k, v in headers.items()} | {"content-type": "text/plain"}
    canonical = signing.v4_canonical_request("PUT", BUCKET, "v4/raw.txt", [], signed, ["x-app-tag"])
    scope = signing.v4_scope(date_time[:8], "cn-hangzhou")
    signature = signing.v4_signature(
        secret, date_time, "cn-hangzhou", signing.v4_string_to_sign(date_time, scope, canonical)
    )
    credential = f"Credential={access_key_id}/{scope}"
    authorization = f"OSS4-HMAC-SHA256 {credential},AdditionalHeaders=x-app-tag,Signature={signature}"
    url = f"{oss_sandbox.mounted}/{BUCKET}/v4/raw.txt"
    headers |= {"Authorization": authorization, "Content-Type": "text/plain"}
    assert requests.put(url, data=b"raw", headers=headers, timeout=10).status_code == 200
    tampered = requests.put(url, data=b"raw", headers=headers | {"x-app-tag": "red"}, timeout=10)
    assert (tampered.status_code, error_of(tampered)["Code"]) == (403, "SignatureDoesNotMatch")
    assert "x-app-tag:red" in error_of(tampered)["CanonicalRequest"]


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_presigned_urls(oss_sandbox: OssSandbox, version: str) -> None:
    b = bucket(oss_sandbox, version)
    b.put_object("share/a b.txt", b"shared")
    url = b.sign_url("GET", "share/a b.txt", 60)
    assert requests.get(url, timeout=10).content == b"shared"
    # Signatures cover /<bucket>/<key>, so the /oss-mounted copy accepts the same URL.
    assert (
        requests.get(url.replace(oss_sandbox.endpoint, oss_sandbox.mounted), timeout=10).content == b"shared"
    )
    tampered = requests.get(url.replace("share/a", "share/b").replace("share%2Fa", "share%2Fb"), timeout=10)
    assert (tampered.status_code, error_of(tampered)["Code"]) == (403, "SignatureDoesNotMatch")
    put_url = b.sign_url("PUT", "share/up.txt", 60, headers={"Content-Type": "text/plain"})
    assert (
        requests.put(put_url, data=b"up", headers={"Content-Type": "text/plain"}, timeout=10).status_code
        == 200
    )
    oss_sandbox.sandbox.advance(61)
    expired = requests.get(url, timeout=10)
    assert expired.status_code == 403
    assert error_of(expired)["Code"] == "AccessDenied"
    assert error_of(expired)["Message"] == "Request has expired."


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_sts_credentials(oss_sandbox: OssSandbox, version: str) -> None:
    sts = oss2.StsAuth(*STS, auth_version=version)
    b = oss2.Bucket(sts, oss_sandbox.endpoint, BUCKET, region="cn-hangzhou")
    b.put_object("sts.txt", b"temporary")
    assert requests.get(b.sign_url("GET", "sts.txt", 60), timeout=10).content == b"temporary"
    without_token = oss2.Bucket(oss2.Auth(STS[0], STS[1]), oss_sandbox.endpoint, BUCKET)
    with pytest.raises(oss2.exceptions.ServerError) as denied:
        without_token.get_object("sts.txt")
    assert denied.value.code == "InvalidAccessKeyId"
    wrong = oss2.Bucket(
        oss2.StsAuth(STS[0], STS[1], "forged", auth_version=version),
        oss_sandbox.endpoint,
        BUCKET,
        region="cn-hangzhou",
    )
    with pytest.raises(oss2.exceptions.ServerError) as forged:
        wrong.get_object("sts.txt")
    assert forged.value.code == "InvalidSecurityToken"
    minted = oss_sandbox.sandbox.control("oss/sts", {"duration": 900})
    fresh = oss2.StsAuth(
        minted["AccessKeyId"], minted["AccessKeySecret"], minted["SecurityToken"], auth_version=version
    )
    assert (
        oss2.Bucket(fresh, oss_sandbox.endpoint, BUCKET, region="cn-hangzhou").get_object("sts.txt").read()
        == b"temporary"
    )
    oss_sandbox.sandbox.advance(901)
    with pytest.raises(oss2.exceptions.ServerError) as expired:
        oss2.Bucket(fresh, oss_sandbox.endpoint, BUCKET, region="cn-hangzhou").get_object("sts.txt")
    assert expired.value.code == "SecurityTokenExpired"


def test_oss2_drops_the_endpoint_path(oss_sandbox: OssSandbox) -> None:
    """Why the standalone app exists: oss2 keeps only scheme and host of its endpoint."""
    b = oss2.Bucket(oss2.Auth(*keys(oss_sandbox)), oss_sandbox.mounted, BUCKET, is_path_style=True)
    assert b._make_url(BUCKET, "k.txt") == f"{oss_sandbox.sandbox.base_url}/{BUCKET}/k.txt"


# --- control API and faults -----------------------------------------------------------------------


def test_control_lists_metadata_and_reset_clears(oss_sandbox: OssSandbox) -> None:
    bucket(oss_sandbox).put_object("c/meta.png", png(4, 4), headers={"x-oss-meta-uid": "7"})
    [obj] = stored(oss_sandbox)
    assert obj["key"] == "c/meta.png"
    assert obj["content_type"] == "image/png"
    assert obj["user_meta"] == {"x-oss-meta-uid": "7"}
    assert obj["crc64"] == str(reference_crc64(png(4, 4)))
    oss_sandbox.sandbox.control("reset")
    assert stored(oss_sandbox) == []


def test_faults(oss_sandbox: OssSandbox) -> None:
    b = bucket(oss_sandbox)
    b.put_object("f.txt", b"x")
    oss_sandbox.sandbox.control("oss/faults", {"mode": "internal_error", "count": 1, "op": "PutObject"})
    assert b.get_object("f.txt").read() == b"x"  # a PutObject fault leaves GETs alone
    with pytest.raises(oss2.exceptions.ServerError) as failed:
        b.put_object("f.txt", b"x")
    assert (failed.value.status, failed.value.code) == (500, "InternalError")
    b.put_object("f.txt", b"x")  # count was 1
    oss_sandbox.sandbox.control("oss/faults", {"mode": "slow", "delay": 0.3})
    started = time.monotonic()
    assert b.get_object("f.txt").read() == b"x"
    assert time.monotonic() - started >= 0.3


# --- x-oss-process ------------------------------------------------------------------------------------


def _dims(data: bytes) -> tuple[int, int]:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    return image.shape[1], image.shape[0]


@pytest.mark.parametrize(
    ("process", "dims"),
    [  # a portrait source: lfit into a square and l_ both bound the longest (vertical) edge
        ("image/resize,m_lfit,w_100,h_100", (50, 100)),
        ("image/resize,l_100", (50, 100)),
        ("image/resize,w_100", (100, 200)),
        ("image/resize,m_lfit,w_1000,h_1000", (200, 400)),  # limit_1: never enlarged
    ],
)
def test_resize_bounds_the_longest_edge_of_a_portrait(oss_sandbox: OssSandbox, process: str,
                                                      dims: tuple[int, int]) -> None:
    b = bucket(oss_sandbox)
    b.put_object("img/portrait.png", png(200, 400))
    assert _dims(b.get_object("img/portrait.png", process=process).read()) == dims


@pytest.mark.parametrize(
    ("process", "dims"),
    [
        ("image/resize,m_lfit,w_100,h_100", (100, 50)),
        ("image/resize,w_100", (100, 50)),
        ("image/resize,m_mfit,w_100,h_100", (200, 100)),
        ("image/resize,m_fill,w_100,h_100", (100, 100)),
        ("image/resize,m_pad,w_100,h_100,color_FF0000", (100, 100)),
        ("image/resize,m_fixed,w_50,h_80", (50, 80)),
        ("image/resize,l_200", (200, 100)),
        ("image/resize,w_800", (400, 200)),  # limit_1 (default): never enlarges
        ("image/resize,w_800,limit_0", (800, 400)),
        ("image/resize,p_50", (200, 100)),
    ],
)
def test_resize(oss_sandbox: OssSandbox, process: str, dims: tuple[int, int]) -> None:
    b = bucket(oss_sandbox)
    b.put_object("img/src.png", png(400, 200))
    out = b.get_object("img/src.png", process=process).read()
    assert out.startswith(b"\x89PNG")
    assert _dims(out) == dims
    if "m_pad" in process:
        image = cv2.imdecode(np.frombuffer(out, np.uint8), cv2.IMREAD_COLOR)
        assert image[0, 0].tolist() == [0, 0, 255]  # padding in color_FF0000 (BGR)


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_process_on_signed_url_keeps_jpeg(oss_sandbox: OssSandbox, version: str) -> None:
    b = bucket(oss_sandbox, version)
    b.put_object("img/p.jpg", cv2.imencode(".jpg", np.full((300, 600, 3), 200, np.uint8))[1].tobytes())
    url = b.sign_url(
        "GET",
        "img/p.jpg",
        60,
        params={"x-oss-process": "image/resize,m_lfit,w_120/watermark,text_5rC05Y2w,g_se"},
    )
    got = requests.get(url, timeout=10)
    assert got.status_code == 200
    assert got.headers["Content-Type"] == "image/jpeg"
    assert got.content.startswith(b"\xff\xd8\xff")
    assert _dims(got.content) == (120, 60)


@pytest.mark.parametrize("gravity", ["center", "nw", "se"])
def test_watermark_changes_pixels(oss_sandbox: OssSandbox, gravity: str) -> None:
    b = bucket(oss_sandbox)
    b.put_object("img/white.png", png(400, 200))
    text = base64.urlsafe_b64encode(b"Hello").decode().rstrip("=")
    out = b.get_object(
        "img/white.png", process=f"image/watermark,text_{text},color_000000,size_40,g_{gravity}"
    ).read()
    image = cv2.imdecode(np.frombuffer(out, np.uint8), cv2.IMREAD_COLOR)
    ys, xs = np.nonzero((image < 128).all(axis=2))
    assert len(xs) > 100  # dark text pixels on a white image
    centre_x, centre_y = xs.mean(), ys.mean()
    expect = {
        "center": (150 < centre_x < 250 and 60 < centre_y < 140),
        "nw": (centre_x < 200 and centre_y < 100),
        "se": (centre_x > 200 and centre_y > 100),
    }
    assert expect[gravity]
    faint = b.get_object("img/white.png", process=f"image/watermark,text_{text},t_0").read()
    assert (cv2.imdecode(np.frombuffer(faint, np.uint8), cv2.IMREAD_COLOR) == 255).all()


@pytest.mark.parametrize(
    "process",
    [
        "image/resize,m_bogus,w_100",
        "image/resize,w_0",
        "image/resize,w_100,limit_2",
        "image/resize,m_lfit",
        "image/resize,w_100,color_red",
        "image/watermark,color_000000",
        "image/watermark,text_SGk,g_middle",
        "image/watermark,text_SGk,t_101",
        "image/rotate,90",
        "video/snapshot,t_1000",
    ],
)
def test_invalid_process_is_400(oss_sandbox: OssSandbox, process: str) -> None:
    b = bucket(oss_sandbox)
    b.put_object("img/src.png", png(40, 20))
    with pytest.raises(oss2.exceptions.InvalidArgument):
        b.get_object("img/src.png", process=process)
