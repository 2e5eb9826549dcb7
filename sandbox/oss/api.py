"""The OSS-facing blueprint: request ids, fault injection, error XML and shared helpers.

Routes are path-style (``/<bucket>/<key>``) and live in objects.py. The blueprint is mounted
at ``/oss`` inside the sandbox app and at the root of the standalone app (create_oss_app),
the only place oss2 can reach since it drops any path from its endpoint.
"""

from __future__ import annotations

import time
from email.utils import formatdate

from flask import Blueprint, Response, current_app, g, request

from sandbox.oss import auth, callback
from sandbox.oss.errors import OssError, error_xml, new_request_id, x_oss_err
from sandbox.oss.state import REQUEST_FAULTS, OssState
from sandbox.oss.storage import StoredObject

bp = Blueprint("oss_api", __name__)


def state() -> OssState:
    return current_app.extensions["sandbox_oss"]  # type: ignore[no-any-return]


def operation() -> str:
    """OSS API name of the current request (used to target faults and in callbacks)."""
    if request.method == "POST":
        return "DeleteMultipleObjects" if "delete" in request.args else "PostObject"
    names = {"PUT": "PutObject", "GET": "GetObject", "HEAD": "HeadObject", "DELETE": "DeleteObject"}
    return names.get(request.method, request.method)


@bp.before_request
def _begin() -> None:
    g.oss_request_id = new_request_id()
    fault = state().take_fault(REQUEST_FAULTS, operation())
    if fault is None:
        return
    if fault.mode == "slow":
        time.sleep(fault.delay)  # real time: exercises client timeouts
    elif fault.mode == "internal_error":
        raise OssError("InternalError")
    else:
        raise OssError("ServiceUnavailable")


@bp.after_request
def _stamp(response: Response) -> Response:
    response.headers["x-oss-request-id"] = g.get("oss_request_id") or new_request_id()
    return response


def error_response(error: OssError, extra_headers: dict[str, str] | None = None) -> Response:
    request_id = g.get("oss_request_id") or new_request_id()
    body = error_xml(error, request_id, request.host)
    response = Response(body, status=error.status, content_type="application/xml")
    response.headers.update(extra_headers or {})
    if request.method == "HEAD":  # no body on HEAD: OSS puts the XML in x-oss-err
        response.headers["x-oss-err"] = x_oss_err(body)
        response.set_data(b"")
    return response


@bp.errorhandler(OssError)
def _oss_error(error: OssError) -> Response:
    return error_response(error)


# --- helpers for the route modules ---------------------------------------------------------


def request_parts(bucket: str, key: str) -> auth.RequestParts:
    headers = {
        name.lower(): value
        for name, value in request.headers.items()
        if value or name.lower() not in ("content-type", "content-length")
    }
    params = list(request.args.items(multi=True))
    return auth.RequestParts(request.method, bucket, key, params, headers)


def authorize(bucket: str, key: str, write: bool) -> auth.Principal:
    """Buckets are private: anonymous requests pass only for reads on public-read buckets."""
    current = state()
    current.check_bucket(bucket)
    principal = auth.authenticate(current, request_parts(bucket, key))
    if principal.access_key_id is None and (write or bucket not in current.config.public_read_buckets):
        raise OssError("AccessDenied")
    return principal


def check_key(key: str) -> None:
    if not 1 <= len(key.encode("utf-8")) <= 1023 or key[0] in "/\\":
        raise OssError("InvalidObjectName", Key=key)


def http_date(ts: float) -> str:
    return formatdate(ts, usegmt=True)


def upload_headers(obj: StoredObject) -> dict[str, str]:
    headers = {
        "ETag": f'"{obj.etag}"',
        "x-oss-hash-crc64ecma": str(obj.crc64),
        "Content-MD5": obj.content_md5,
    }
    if obj.sse:
        headers["x-oss-server-side-encryption"] = obj.sse
    return headers


def object_headers(obj: StoredObject) -> dict[str, str]:
    headers = upload_headers(obj) | {
        "Content-Type": obj.content_type,
        "Last-Modified": http_date(obj.last_modified),
        "Accept-Ranges": "bytes",
        "x-oss-object-type": "Normal",
        "x-oss-storage-class": "Standard",
    }
    headers.update(obj.headers)
    headers.update(obj.user_meta)
    return headers


def finish_upload(
    obj: StoredObject,
    data: bytes,
    spec: callback.CallbackSpec | None,
    custom: dict[str, str],
    success: Response,
) -> Response:
    """Run the upload callback, if any: its JSON reply goes back with 200, a failure with 203."""
    headers = upload_headers(obj)
    if spec is None:
        success.headers.update(headers)
        return success
    current = state()
    system = callback.system_variables(
        obj, data, g.oss_request_id, request.remote_addr or "", callback.needs_image_info(spec)
    )
    outcome = callback.deliver(current, spec, callback.render_body(spec, system, custom), obj.operation)
    if outcome.ok:
        return Response(outcome.reply, status=200, content_type="application/json", headers=headers)
    return error_response(OssError("CallbackFailed", outcome.message), headers)
