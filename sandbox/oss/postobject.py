"""PostObject (form upload): multipart parsing, V1/V4 policy signatures and policy conditions.

Sources: OSSDOC PostObject, "POST V1/V4 signature", the 0006-000002xx PostObject error pages,
and PROTOCOLS.md §5.1. Notable OSS behaviour kept here:
- form field names are case-insensitive; parsing stops at the ``file`` field (later fields
  are ignored, so ``file`` must come last);
- every condition is checked; a field a condition names must be present (except not-in);
- form fields no condition mentions are accepted, as OSS does (unlike S3's "Extra input fields").
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from werkzeug.datastructures import Headers
from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from sandbox.oss import signing
from sandbox.oss.auth import MAX_SKEW
from sandbox.oss.errors import OssError
from sandbox.oss.state import Credential, OssState

V4_REQUIRED = ("x-oss-signature-version", "x-oss-credential", "x-oss-date")
MAX_V4_AGE = 7 * 24 * 3600
_EXPIRATION = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z")


@dataclass(frozen=True)
class Upload:
    fields: dict[str, str]  # lower-case names
    data: bytes
    filename: str
    file_content_type: str | None


def parse_form(content_type: str | None, body: bytes) -> Upload:
    mimetype, options = parse_options_header(content_type)
    boundary = options.get("boundary")
    if mimetype != "multipart/form-data" or not boundary:
        raise OssError("MalformedPOSTRequest")
    decoder = MultipartDecoder(boundary.encode("latin-1"))
    decoder.receive_data(body)
    decoder.receive_data(None)
    fields: dict[str, str] = {}
    current: tuple[str, str | None, Headers] | None = None
    chunks: list[bytes] = []
    while True:
        try:
            event = decoder.next_event()
        except ValueError:
            raise OssError("MalformedPOSTRequest") from None
        if isinstance(event, NeedData | Epilogue):
            break
        if isinstance(event, Field | File):
            current, chunks = (event.name.lower(), getattr(event, "filename", None), event.headers), []
        elif isinstance(event, Data) and current is not None:
            chunks.append(event.data)
            if event.more_data:
                continue
            name, filename, headers = current
            if name == "file":  # OSS reads no further: anything after the file is ignored
                return Upload(fields, b"".join(chunks), filename or "", headers.get("Content-Type"))
            try:
                fields[name] = b"".join(chunks).decode("utf-8")
            except UnicodeDecodeError:
                raise OssError("MalformedPOSTRequest") from None
    raise OssError("InvalidArgument", "POST requires exactly one file upload per request.")


# --- signature ---------------------------------------------------------------------


def _required(fields: dict[str, str], name: str) -> str:
    value = fields.get(name)
    if not value:
        raise OssError("InvalidArgument", f"The {name} form field is missing or empty.")
    return value


def verify_signature(state: OssState, fields: dict[str, str]) -> tuple[Credential, str]:
    """Check who signed the policy; return the credential and "v1" or "v4"."""
    signed = {"signature", "ossaccesskeyid", "x-oss-signature", "x-oss-signature-version", "x-oss-credential"}
    if "policy" not in fields and not signed & fields.keys():
        raise OssError("AccessDenied", "Anonymous access is forbidden for this operation.")
    policy = _required(fields, "policy")
    if "x-oss-signature-version" not in fields:
        cred = state.credential(_required(fields, "ossaccesskeyid"))
        state.check_token(cred, fields.get("x-oss-security-token"))
        provided = _required(fields, "signature")
        if not hmac.compare_digest(
            signing.post_v1_signature(cred.secret, policy).encode(), provided.encode()
        ):
            raise OssError(
                "SignatureDoesNotMatch",
                OSSAccessKeyId=cred.access_key_id,
                SignatureProvided=provided,
                StringToSign=policy,
            )
        return cred, "v1"
    if fields["x-oss-signature-version"] != signing.V4_ALGORITHM:
        raise OssError("InvalidArgument", "The x-oss-signature-version form field is invalid.")
    parts = _required(fields, "x-oss-credential").split("/")
    if len(parts) != 5 or parts[3] != "oss" or parts[4] != signing.V4_TERMINATOR:
        raise OssError("InvalidArgument", "The x-oss-credential form field is invalid.")
    access_key_id, date, region = parts[:3]
    cred = state.credential(access_key_id)
    state.check_token(cred, fields.get("x-oss-security-token"))
    raw_date = _required(fields, "x-oss-date")
    try:
        signed_at = datetime.strptime(raw_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp()
    except ValueError:
        raise OssError("InvalidArgument", "The x-oss-date form field is invalid.") from None
    if raw_date[:8] != date:
        raise OssError("InvalidArgument", "x-oss-date must fall on the date of x-oss-credential.")
    if region != state.config.region:
        raise OssError("InvalidArgument", f"Invalid signing region in x-oss-credential: {region}.")
    now = state.clock.now()
    if signed_at - now > MAX_SKEW:
        raise OssError(
            "RequestTimeTooSkewed", RequestTime=raw_date, MaxAllowedSkewMilliseconds=str(MAX_SKEW * 1000)
        )
    if now - signed_at > MAX_V4_AGE:
        raise OssError("AccessDenied", "Request has expired.")
    provided = _required(fields, "x-oss-signature")
    expected = signing.post_v4_signature(cred.secret, date, region, policy)
    if not hmac.compare_digest(expected.encode(), provided.encode()):
        raise OssError(
            "SignatureDoesNotMatch",
            OSSAccessKeyId=cred.access_key_id,
            SignatureProvided=provided,
            StringToSign=policy,
        )
    return cred, "v4"


# --- policy ------------------------------------------------------------------------------


def _invalid(detail: str) -> OssError:
    return OssError("InvalidPolicyDocument", f"Invalid Policy: {detail}")


def decode_policy(policy_b64: str, now: float) -> list[Any]:
    try:
        document = json.loads(base64.b64decode(policy_b64, validate=True).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise _invalid(f"Invalid JSON: {error}") from None
    if not isinstance(document, dict) or "expiration" not in document or "conditions" not in document:
        raise _invalid("Policy must contain expiration and conditions.")
    if set(document) - {"expiration", "conditions"}:
        raise _invalid(f"Unknown field in policy: {sorted(set(document) - {'expiration', 'conditions'})[0]}")
    match = _EXPIRATION.fullmatch(str(document["expiration"]))
    if not match:
        raise _invalid(f"Invalid 'expiration' value: '{document['expiration']}'")
    expires = datetime(*map(int, match.groups()), tzinfo=UTC).timestamp()
    conditions = document["conditions"]
    if not isinstance(conditions, list):
        raise _invalid("Conditions must be a list.")
    if not conditions:
        raise _invalid(
            "Invalid Simple-Condition: Simple-Conditions must have exactly one property specified."
        )
    for condition in conditions:
        _validate(condition)
    if now > expires:
        raise OssError("AccessDenied", "Invalid according to Policy: Policy expired.")
    return conditions


def _validate(condition: Any) -> None:
    if isinstance(condition, dict):
        if len(condition) != 1 or not isinstance(next(iter(condition.values())), str):
            raise _invalid(
                "Invalid Simple-Condition: Simple-Conditions must have exactly one property specified."
            )
        return
    if not isinstance(condition, list) or not condition or not isinstance(condition[0], str):
        raise _invalid(
            f"Invalid Condition: {json.dumps(condition)} is not a map or list with a matching mode."
        )
    op = condition[0].lower()
    if op == "content-length-range":
        ok = len(condition) == 3 and all(type(v) is int and v >= 0 for v in condition[1:])
        if not ok or condition[1] > condition[2]:
            raise _invalid(f"Invalid content-length-range: {json.dumps(condition)}")
    elif op in ("eq", "starts-with"):
        if len(condition) != 3 or not all(isinstance(v, str) for v in condition[1:]):
            raise _invalid(f"Invalid Condition: {json.dumps(condition)}")
    elif op in ("in", "not-in"):
        ok = len(condition) == 3 and isinstance(condition[1], str) and isinstance(condition[2], list)
        if not ok or not all(isinstance(v, str) for v in condition[2]):
            raise _invalid(f"Invalid Condition: {json.dumps(condition)}")
    else:
        raise _invalid(f"Invalid Condition: unknown matching mode {condition[0]}")


def _field_name(raw: str) -> str:
    return raw[1:].lower() if raw.startswith("$") else raw.lower()


def condition_fields(conditions: list[Any]) -> set[str]:
    names = set()
    for condition in conditions:
        if isinstance(condition, dict):
            names.add(_field_name(next(iter(condition))))
        elif condition[0].lower() != "content-length-range":
            names.add(_field_name(condition[1]))
    return names


def check_conditions(conditions: list[Any], lookup: Callable[[str], str | None], size: int) -> None:
    for condition in conditions:
        failed = OssError(
            "AccessDenied",
            "Invalid according to Policy: Policy Condition failed: "
            + json.dumps(condition, ensure_ascii=False),
        )
        if isinstance(condition, dict):
            name, expected = next(iter(condition.items()))
            if lookup(_field_name(name)) != expected:
                raise failed
            continue
        op = condition[0].lower()
        if op == "content-length-range":
            if size > condition[2]:
                raise OssError("EntityTooLarge", MaxSizeAllowed=str(condition[2]), ProposedSize=str(size))
            if size < condition[1]:
                raise OssError("EntityTooSmall", MinSizeAllowed=str(condition[1]), ProposedSize=str(size))
            continue
        value = lookup(_field_name(condition[1]))
        if op == "not-in":
            ok = value is None or value not in condition[2]
        elif value is None:
            ok = False  # a field a condition names must be in the form (0006-00000226)
        elif op == "eq":
            ok = value == condition[2]
        elif op == "starts-with":
            ok = value.startswith(condition[2])
        else:
            ok = value in condition[2]
        if not ok:
            raise failed


def require_v4_conditions(conditions: list[Any], sts: bool) -> None:
    """V4 policies must themselves pin the V4 form fields (and the STS token)."""
    names = condition_fields(conditions)
    for required in V4_REQUIRED + (("x-oss-security-token",) if sts else ()):
        if required not in names:
            raise _invalid(f"V4 policy conditions must include {required}.")
