"""Upload callbacks (PostObject ``callback`` field, PutObject ``x-oss-callback`` header).

OSS POSTs the rendered callbackBody to each callbackUrl in turn (5 s timeout, no retry)
until one answers 200 with JSON, signing ``url_decode(path) + "?query" + "\\n" + body`` with
RSA PKCS#1 v1.5 over MD5 (OSSDOC developer-reference/callback, PROTOCOLS.md §5.2).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any
from urllib.parse import quote, unquote

import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15

from sandbox.oss import imaging
from sandbox.oss.errors import OssError
from sandbox.oss.state import CALLBACK_FAULTS, OssState
from sandbox.oss.storage import StoredObject

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
MAX_URLS = 5
MAX_REPLY = 3 * 1024 * 1024
_VARIABLE = re.compile(r"\$\{([^}]*)\}")


@dataclass(frozen=True)
class CallbackSpec:
    urls: list[str]
    host: str | None
    body: str
    body_type: str


@dataclass(frozen=True)
class Outcome:
    ok: bool
    reply: bytes  # the app's JSON body when ok
    message: str  # CallbackFailed message otherwise


def _decode_json(raw: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(base64.b64decode(raw.strip(), validate=True))
    except (binascii.Error, ValueError):
        raise OssError("InvalidArgument", f"The {what} configuration is not json format.") from None
    if not isinstance(value, dict):
        raise OssError("InvalidArgument", f"The {what} configuration is not json format.")
    return value


def parse_callback(raw: str) -> CallbackSpec:
    """Validate the callback parameter before anything is stored, as OSS does."""
    config = _decode_json(raw, "callback")
    url_field, body = config.get("callbackUrl"), config.get("callbackBody")
    if not isinstance(url_field, str) or not url_field.strip():
        raise OssError("InvalidArgument", "The callbackUrl is empty.")
    urls = [u.strip() for u in url_field.split(";") if u.strip()]
    if len(urls) > MAX_URLS:
        raise OssError("InvalidArgument", "The number of callbackUrl exceeds the limit of 5.")
    for url in urls:
        if not re.match(r"https?://[^/\s]+", url):
            raise OssError("InvalidArgument", f"The callbackUrl is invalid: {url}")
    if not isinstance(body, str) or not body:
        raise OssError("InvalidArgument", "The callbackBody is empty.")
    body_type = config.get("callbackBodyType") or FORM
    if body_type not in (FORM, JSON):
        raise OssError("InvalidArgument", f"The callbackBodyType is invalid: {body_type}")
    host = config.get("callbackHost")
    return CallbackSpec(urls, host if isinstance(host, str) and host else None, body, body_type)


def parse_callback_var(raw: str | None) -> dict[str, str]:
    """x-oss-callback-var: base64 JSON of {"x:name": "value"}; only x: keys count."""
    if not raw:
        return {}
    values = _decode_json(raw, "callback-var")
    return {str(k): str(v) for k, v in values.items() if str(k).startswith("x:")}


def system_variables(
    obj: StoredObject, data: bytes, request_id: str, client_ip: str, needs_image: bool
) -> dict[str, str]:
    info = imaging.image_info(data) if needs_image else None
    return {
        "bucket": obj.bucket,
        "object": obj.key,
        "etag": obj.etag,
        "size": str(obj.size),
        "mimeType": obj.content_type,
        "crc64": str(obj.crc64),
        "contentMd5": obj.content_md5,
        "imageInfo.height": str(info[1]) if info else "",
        "imageInfo.width": str(info[0]) if info else "",
        "imageInfo.format": info[2] if info else "",
        "vpcId": "",
        "clientIp": client_ip,
        "reqId": request_id,
        "operation": obj.operation,
    }


def render_body(spec: CallbackSpec, system: dict[str, str], custom: dict[str, str]) -> str:
    """Substitute ${var}: URL-encoded for form bodies, JSON-escaped for JSON bodies."""

    def encode(value: str) -> str:
        if spec.body_type == JSON:
            return json.dumps(value, ensure_ascii=False)[1:-1]
        return quote(value, safe="")

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("x:"):
            return encode(custom.get(name, ""))
        if name in system:
            return encode(system[name])
        return match.group(0)  # unknown system variable: left as written

    return _VARIABLE.sub(substitute, spec.body)


def needs_image_info(spec: CallbackSpec) -> bool:
    return "${imageInfo." in spec.body


def sign(state: OssState, path_and_query: str, body: bytes) -> str:
    path, sep, query = path_and_query.partition("?")
    message = unquote(path).encode("utf-8") + (sep + query).encode("utf-8") + b"\n" + body
    signature = state.callback_private_key.sign(message, PKCS1v15(), hashes.MD5())  # noqa: S303
    return base64.b64encode(signature).decode("ascii")


def _post(state: OssState, url: str, spec: CallbackSpec, body: bytes, log: dict[str, Any]) -> Outcome:
    prepared = requests.Request("POST", url, data=body).prepare()
    headers = {
        "Content-Type": spec.body_type,
        "Date": formatdate(state.clock.now(), usegmt=True),
        "User-Agent": "aliyun-oss-callback",
        "Authorization": sign(state, prepared.path_url, body),
        "x-oss-pub-key-url": base64.b64encode(state.config.callback_pub_key_url.encode()).decode(),
    }
    if spec.host:
        headers["Host"] = spec.host
    prepared.headers.update(headers)
    log.update(url=url, request_headers=headers)
    with requests.Session() as session:
        try:
            response = session.send(prepared, timeout=state.config.callback_timeout, allow_redirects=False)
        except requests.Timeout:
            return Outcome(False, b"", "Error status : -1 8(timeout).")
        except requests.RequestException as error:
            return Outcome(False, b"", f"Error status : -1 8({type(error).__name__}).")
        with response:
            reply = response.content
        log.update(status=response.status_code, reply=reply.decode("utf-8", "replace"))
    if response.status_code != 200:
        return Outcome(False, b"", f"Error status : {response.status_code}.")
    if len(reply) > MAX_REPLY:
        return Outcome(False, b"", "Response body is too large.")
    try:
        json.loads(reply)
    except ValueError:
        return Outcome(False, b"", "Response body is not valid json format.")
    return Outcome(True, reply, "")


def deliver(state: OssState, spec: CallbackSpec, body: str, operation: str) -> Outcome:
    """Try each URL once, in order; stop at the first success (OSS behaviour)."""
    payload = body.encode("utf-8")
    fault = state.take_fault(CALLBACK_FAULTS, operation)
    outcome = Outcome(False, b"", "Error status : -1.")
    for url in spec.urls:
        log: dict[str, Any] = {"url": url, "body": body, "at": state.clock.now(), "operation": operation}
        if fault is not None:
            outcome = Outcome(False, b"", "Error status : -1 8(errno:111 Connection refused).")
        else:
            started = time.monotonic()
            outcome = _post(state, url, spec, payload, log)
            log["elapsed"] = round(time.monotonic() - started, 3)
        log.update(ok=outcome.ok, error=outcome.message or None)
        state.record_callback(log)
        if outcome.ok:
            break
    return outcome
