"""Authenticate an OSS REST request: V1/V4 Authorization headers and V1/V4 presigned URLs.

The server side of oss2's ``Auth``/``AuthV4``/``StsAuth`` (``oss2/auth.py``): the emulator
rebuilds the string to sign from what arrived (decoded path and query, received headers) and
compares signatures. Order of checks follows OSS: credential, then time, then signature.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from sandbox.oss import signing
from sandbox.oss.errors import OssError
from sandbox.oss.state import Credential, OssState

MAX_SKEW = 15 * 60  # seconds between the request's date and the server clock
V4_MAX_EXPIRES = 7 * 24 * 3600


@dataclass(frozen=True)
class RequestParts:
    """What the signature covers, already decoded and independent of any mount prefix."""

    method: str
    bucket: str
    key: str
    params: list[tuple[str, str]]
    headers: dict[str, str]  # lower-case names


@dataclass(frozen=True)
class Principal:
    access_key_id: str | None  # None: anonymous
    scheme: str  # anonymous | v1-header | v4-header | v1-query | v4-query


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _mismatch(
    access_key_id: str, provided: str, string_to_sign: str, canonical: str | None = None
) -> OssError:
    extra = {"OSSAccessKeyId": access_key_id, "SignatureProvided": provided, "StringToSign": string_to_sign}
    if canonical is not None:
        extra["CanonicalRequest"] = canonical
    return OssError("SignatureDoesNotMatch", **extra)


def _check_signature(expected: str, provided: str) -> bool:
    return hmac.compare_digest(expected.encode(), provided.encode())


def _check_skew(state: OssState, request_ts: float, raw: str) -> None:
    now = state.clock.now()
    if abs(now - request_ts) > MAX_SKEW:
        raise OssError(
            "RequestTimeTooSkewed",
            RequestTime=raw,
            ServerTime=_iso(now),
            MaxAllowedSkewMilliseconds=str(MAX_SKEW * 1000),
        )


def _parse_v4_time(value: str) -> float:
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp()
    except ValueError:
        raise OssError("InvalidArgument", f"Invalid x-oss-date: {value}") from None


def _credential_scope(state: OssState, credential: str, date_time: str) -> Credential:
    parts = credential.split("/")
    if len(parts) != 5 or parts[4] != signing.V4_TERMINATOR:
        raise OssError("InvalidArgument", "Invalid credential in Authorization header.")
    access_key_id, date, region, product, _ = parts
    found = state.credential(access_key_id)
    if date != date_time[:8]:
        raise OssError("InvalidArgument", "Invalid signing date in Authorization header.")
    if region != state.config.region:
        raise OssError("InvalidArgument", "Invalid signing region in Authorization header.")
    if product != "oss":
        raise OssError("InvalidArgument", "Invalid signing product in Authorization header.")
    return found


def _v1_header(state: OssState, req: RequestParts, value: str) -> Principal:
    access_key_id, _, provided = value[len("OSS ") :].strip().partition(":")
    cred = state.credential(access_key_id)
    state.check_token(cred, req.headers.get("x-oss-security-token"))
    raw_date = req.headers.get("x-oss-date") or req.headers.get("date")
    try:
        request_ts = parsedate_to_datetime(raw_date or "").timestamp()
    except (TypeError, ValueError):
        raise OssError("AccessDenied", "OSS authentication requires a valid Date.") from None
    _check_skew(state, request_ts, raw_date or "")
    string_to_sign = signing.v1_string_to_sign(req.method, req.headers, req.bucket, req.key, req.params)
    if not _check_signature(signing.v1_signature(cred.secret, string_to_sign), provided):
        raise _mismatch(access_key_id, provided, string_to_sign)
    return Principal(access_key_id, "v1-header")


def _v4_header(state: OssState, req: RequestParts, value: str) -> Principal:
    fields: dict[str, str] = {}
    for item in value[len(signing.V4_ALGORITHM) :].split(","):
        name, _, field_value = item.strip().partition("=")
        fields[name] = field_value
    if "Credential" not in fields or "Signature" not in fields:
        raise OssError("InvalidArgument", "Authorization header is invalid.")
    date_time = req.headers.get("x-oss-date", "")
    request_ts = _parse_v4_time(date_time)
    cred = _credential_scope(state, fields["Credential"], date_time)
    state.check_token(cred, req.headers.get("x-oss-security-token"))
    _check_skew(state, request_ts, date_time)
    additional = [h for h in fields.get("AdditionalHeaders", "").split(";") if h]
    canonical = signing.v4_canonical_request(
        req.method, req.bucket, req.key, req.params, req.headers, additional
    )
    scope = fields["Credential"].split("/", 1)[1]
    string_to_sign = signing.v4_string_to_sign(date_time, scope, canonical)
    expected = signing.v4_signature(cred.secret, date_time, state.config.region, string_to_sign)
    if not _check_signature(expected, fields["Signature"]):
        raise _mismatch(cred.access_key_id, fields["Signature"], string_to_sign, canonical)
    return Principal(cred.access_key_id, "v4-header")


def _v1_query(state: OssState, req: RequestParts, query: dict[str, str]) -> Principal:
    access_key_id, provided, expires = query["OSSAccessKeyId"], query["Signature"], query.get("Expires", "")
    cred = state.credential(access_key_id)
    state.check_token(cred, query.get("security-token"))
    if not expires.isdigit():
        raise OssError("AccessDenied", "Expires should be a positive integer.")
    now = state.clock.now()
    if now > int(expires):
        raise OssError(
            "AccessDenied", "Request has expired.", Expires=_iso(int(expires)), ServerTime=_iso(now)
        )
    string_to_sign = signing.v1_string_to_sign(
        req.method, req.headers, req.bucket, req.key, req.params, date=expires
    )
    if not _check_signature(signing.v1_signature(cred.secret, string_to_sign), provided):
        raise _mismatch(access_key_id, provided, string_to_sign)
    return Principal(access_key_id, "v1-query")


def _v4_query(state: OssState, req: RequestParts, query: dict[str, str]) -> Principal:
    if query.get("x-oss-signature-version") != signing.V4_ALGORITHM:
        raise OssError("InvalidArgument", "Unsupported x-oss-signature-version.")
    missing = [
        p for p in ("x-oss-credential", "x-oss-date", "x-oss-expires", "x-oss-signature") if p not in query
    ]
    if missing:
        raise OssError("InvalidArgument", f"Missing query parameter {missing[0]}.")
    date_time = query["x-oss-date"]
    signed_at = _parse_v4_time(date_time)
    cred = _credential_scope(state, query["x-oss-credential"], date_time)
    state.check_token(cred, query.get("x-oss-security-token"))
    expires = query["x-oss-expires"]
    if not expires.isdigit() or not 0 < int(expires) <= V4_MAX_EXPIRES:
        raise OssError("InvalidArgument", "x-oss-expires must be between 1 and 604800 seconds.")
    now = state.clock.now()
    if signed_at - now > MAX_SKEW:
        _check_skew(state, signed_at, date_time)
    if now > signed_at + int(expires):
        raise OssError(
            "AccessDenied",
            "Request has expired.",
            Expires=_iso(signed_at + int(expires)),
            ServerTime=_iso(now),
        )
    params = [(k, v) for k, v in req.params if k != "x-oss-signature"]
    additional = [h for h in query.get("x-oss-additional-headers", "").split(";") if h]
    canonical = signing.v4_canonical_request(req.method, req.bucket, req.key, params, req.headers, additional)
    scope = query["x-oss-credential"].split("/", 1)[1]
    string_to_sign = signing.v4_string_to_sign(date_time, scope, canonical)
    expected = signing.v4_signature(cred.secret, date_time, state.config.region, string_to_sign)
    if not _check_signature(expected, query["x-oss-signature"]):
        raise _mismatch(cred.access_key_id, query["x-oss-signature"], string_to_sign, canonical)
    return Principal(cred.access_key_id, "v4-query")


def authenticate(state: OssState, req: RequestParts) -> Principal:
    """Return who signed the request, or raise the OssError OSS would answer with."""
    authorization = req.headers.get("authorization", "")
    if authorization.startswith("OSS "):
        return _v1_header(state, req, authorization)
    if authorization.startswith(signing.V4_ALGORITHM):
        return _v4_header(state, req, authorization)
    if authorization:
        raise OssError("InvalidArgument", "Authorization header is invalid.")
    query = dict(req.params)
    if "OSSAccessKeyId" in query and "Signature" in query:
        return _v1_query(state, req, query)
    if "x-oss-signature-version" in query or "x-oss-signature" in query:
        return _v4_query(state, req, query)
    return Principal(None, "anonymous")
