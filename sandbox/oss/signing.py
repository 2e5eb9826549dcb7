"""Pure OSS signature algorithms (V1 HMAC-SHA1, V4 HMAC-SHA256, PostObject policies).

Built from oss2 2.19.1 ``oss2/auth.py`` and the OSS docs, and checked against the
PROTOCOLS.md §5.4 vectors plus those of alibabacloud-oss-python-sdk-v2's signer tests.
Inputs are already URL-decoded: ``headers`` maps lower-case names to values, ``params`` is a
list of (name, value) pairs with "" for a valueless parameter, and the resource is always
``/<bucket>/<key>``, whatever path prefix the emulator happens to be mounted under.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping

V4_ALGORITHM = "OSS4-HMAC-SHA256"
V4_TERMINATOR = "aliyun_v4_request"
V4_DEFAULT_SIGNED = ("content-type", "content-md5")
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"

# Query parameters V1 puts in the canonical resource (the set oss2 2.19.1 signs).
V1_SUBRESOURCES = frozenset(
    """response-content-type response-content-language response-cache-control logging
    response-content-encoding acl uploadId uploads partNumber group link delete website location
    objectInfo objectMeta response-expires response-content-disposition cors lifecycle restore qos
    referer stat bucketInfo append position security-token live comp status vod startTime endTime
    x-oss-process symlink callback callback-var tagging encryption versions versioning versionId
    policy requestPayment x-oss-traffic-limit qosInfo asyncFetch x-oss-request-payer sequential
    inventory inventoryId continuation-token worm wormId wormExtend replication replicationLocation
    replicationProgress transferAcceleration cname metaQuery x-oss-ac-source-ip x-oss-ac-subnet-mask
    x-oss-ac-vpc-id x-oss-ac-forward-allow resourceGroup style styleName x-oss-async-process
    regionList x-oss-write-get-object-response bucketArchiveDirectRead httpsConfig
    redundancyTransition x-oss-target-redundancy-type x-oss-redundancy-transition-taskid accessPoint
    accessPointPolicy publicAccessBlock x-oss-access-point-name requesterQosInfo qosRequester
    resourcePoolInfo resourcePool resourcePoolBuckets""".split()  # noqa: SIM905
)


def _param(name: str, value: str) -> str:
    return f"{name}={value}" if value else name


# --- V1 ----------------------------------------------------------------------


def v1_canonical_resource(bucket: str, key: str, params: Iterable[tuple[str, str]]) -> str:
    resource = f"/{bucket}/{key}" if bucket else "/"
    subresources = sorted((k, v) for k, v in params if k in V1_SUBRESOURCES)
    if subresources:
        resource += "?" + "&".join(_param(k, v) for k, v in subresources)
    return resource


def v1_string_to_sign(
    method: str,
    headers: Mapping[str, str],
    bucket: str,
    key: str,
    params: Iterable[tuple[str, str]],
    date: str | None = None,
) -> str:
    """VERB\\nContent-MD5\\nContent-Type\\nDate\\nCanonicalizedOSSHeaders+CanonicalizedResource.

    ``date`` overrides the Date line: presigned URLs put their Expires value there.
    """
    if date is None:
        date = headers.get("x-oss-date") or headers.get("date", "")
    oss_headers = sorted((k, v) for k, v in headers.items() if k.startswith("x-oss-"))
    canonical_headers = "".join(f"{k}:{v}\n" for k, v in oss_headers)
    return "\n".join(
        [
            method,
            headers.get("content-md5", ""),
            headers.get("content-type", ""),
            date,
            canonical_headers + v1_canonical_resource(bucket, key, params),
        ]
    )


def v1_signature(secret: str, string_to_sign: str) -> str:
    digest = hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


# --- V4 ----------------------------------------------------------------------


def v4_uri_encode(text: str, keep_slash: bool) -> str:
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        if char.isascii() and (char.isalnum() or char in "_-~.") or (keep_slash and char == "/"):
            out.append(char)
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def v4_signed_header_names(headers: Mapping[str, str], additional: Iterable[str]) -> list[str]:
    extra = {name.lower() for name in additional}
    return sorted(
        name for name in headers if name.startswith("x-oss-") or name in V4_DEFAULT_SIGNED or name in extra
    )


def v4_canonical_request(
    method: str,
    bucket: str,
    key: str,
    params: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    additional_headers: Iterable[str] = (),
) -> str:
    additional = sorted(
        {
            h.lower()
            for h in additional_headers
            if not h.lower().startswith("x-oss-") and h.lower() not in V4_DEFAULT_SIGNED
        }
    )
    uri = v4_uri_encode(f"/{bucket}/{key}" if bucket else "/", keep_slash=True)
    query = "&".join(
        _param(k, v) for k, v in sorted((v4_uri_encode(k, False), v4_uri_encode(v, False)) for k, v in params)
    )
    canonical_headers = "".join(
        f"{name}:{headers[name].strip()}\n" for name in v4_signed_header_names(headers, additional)
    )
    payload = headers.get("x-oss-content-sha256", UNSIGNED_PAYLOAD)
    return "\n".join([method, uri, query, canonical_headers, ";".join(additional), payload])


def v4_scope(date: str, region: str, product: str = "oss") -> str:
    return f"{date}/{region}/{product}/{V4_TERMINATOR}"


def v4_string_to_sign(date_time: str, scope: str, canonical_request: str) -> str:
    digest = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    return f"{V4_ALGORITHM}\n{date_time}\n{scope}\n{digest}"


def v4_signing_key(secret: str, date: str, region: str, product: str = "oss") -> bytes:
    key = ("aliyun_v4" + secret).encode()
    for part in (date, region, product, V4_TERMINATOR):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def v4_signature(secret: str, date_time: str, region: str, string_to_sign: str) -> str:
    signing_key = v4_signing_key(secret, date_time[:8], region)
    return hmac.new(signing_key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


# --- PostObject policies -------------------------------------------------------


def post_v1_signature(secret: str, policy_b64: str) -> str:
    return v1_signature(secret, policy_b64)


def post_v4_signature(secret: str, date: str, region: str, policy_b64: str) -> str:
    """x-oss-signature = hex(HMAC-SHA256(SigningKey, base64 policy)); ``date`` is YYYYMMDD."""
    return hmac.new(v4_signing_key(secret, date, region), policy_b64.encode(), hashlib.sha256).hexdigest()
