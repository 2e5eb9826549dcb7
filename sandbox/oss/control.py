"""Test hooks under /control/oss, plus the callback public key route.

Bad input here is a test bug, so it gets HTTP 400 {"error": ...} rather than OSS error XML.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from sandbox.control import ControlError, control_blueprint, json_body
from sandbox.oss import checksums
from sandbox.oss.state import FAULT_MODES, Fault, OssState
from sandbox.oss.storage import StoredObject

bp = control_blueprint("oss_control", "/control/oss")
pubkey_bp = Blueprint("oss_pubkey", __name__)
PUB_KEY_ROUTE = "/oss-pubkey/callback_pub_key_v1.pem"



def _state() -> OssState:
    return current_app.extensions["sandbox_oss"]  # type: ignore[no-any-return]



_body = json_body


def _bucket(value: Any) -> str:
    state = _state()
    bucket = value or state.config.all_buckets()[0]
    if bucket not in state.config.all_buckets():
        raise ControlError(f"unknown bucket {bucket!r}; configured: {', '.join(state.config.all_buckets())}")
    return str(bucket)


@pubkey_bp.get(PUB_KEY_ROUTE)
def public_key() -> Response:
    """The PEM the app should fetch when x-oss-pub-key-url names gosspublic.alicdn.com."""
    return Response(_state().callback_public_key_pem, content_type="application/x-pem-file")


@bp.get("/objects")
def list_objects() -> Response:
    bucket = _bucket(request.args.get("bucket"))
    found = _state().store.list(bucket, request.args.get("prefix", ""))
    return jsonify(bucket=bucket, objects=[obj.describe() for obj in found])


@bp.get("/objects/<bucket>/<path:key>")
def object_content(bucket: str, key: str) -> Response:
    """The stored bytes, unsigned: lets tests check what an upload really stored."""
    state = _state()
    obj = state.store.get(_bucket(bucket), key)
    if obj is None:
        raise ControlError(f"no object {key!r} in {bucket}")
    return Response(state.store.read(bucket, key), content_type=obj.content_type)


@bp.post("/objects")
def seed_object() -> Response:
    """Store an object without signing.

    Body: {"bucket"?, "key", "content_base64" | "text", "content_type"?, "meta"?: {name: value}}.
    """
    state, body = _state(), _body()
    bucket, key = _bucket(body.get("bucket")), body.get("key")
    if not isinstance(key, str) or not key:
        raise ControlError("key is required")
    try:
        data = base64.b64decode(body["content_base64"], validate=True) if "content_base64" in body else None
    except (binascii.Error, TypeError):
        raise ControlError("content_base64 is not base64") from None
    if data is None:
        data = str(body.get("text", "")).encode("utf-8")
    meta = body.get("meta") or {}
    if not isinstance(meta, dict):
        raise ControlError("meta must be an object of x-oss-meta-* values")
    obj = StoredObject(
        bucket=bucket,
        key=key,
        size=len(data),
        etag=checksums.etag(data),
        crc64=checksums.crc64(data),
        content_md5=checksums.content_md5(data),
        content_type=str(body.get("content_type") or "application/octet-stream"),
        last_modified=state.clock.now(),
        user_meta={f"x-oss-meta-{str(k).lower()}": str(v) for k, v in meta.items()},
        sse=state.config.sse,
        operation="Seed",
    )
    state.store.put(obj, data)
    return jsonify(obj.describe())


@bp.post("/faults")
def add_fault() -> Response:
    body = _body()
    mode, count, delay, op = body.get("mode"), body.get("count", 1), body.get("delay", 2.0), body.get("op")
    if mode not in FAULT_MODES:
        raise ControlError(f"mode must be one of {', '.join(FAULT_MODES)}")
    if not isinstance(count, int) or count < 1:
        raise ControlError("count must be a positive integer")
    if not isinstance(delay, int | float) or delay < 0:
        raise ControlError("delay must be a non-negative number of seconds")
    if op is not None and not isinstance(op, str):
        raise ControlError("op must be an OSS API name such as PutObject, or null")
    _state().add_fault(Fault(mode=mode, remaining=count, delay=float(delay), operation=op))
    return jsonify(ok=True)


@bp.get("/faults")
def list_faults() -> Response:
    state = _state()
    with state.lock:
        return jsonify(faults=[vars(f) for f in state.faults])


@bp.get("/callbacks")
def list_callbacks() -> Response:
    state = _state()
    with state.lock:
        return jsonify(callbacks=[dict(c) for c in state.callbacks])


@bp.post("/sts")
def mint_sts() -> Response:
    """Stand-in for STS AssumeRole: temporary credentials this emulator accepts."""
    duration = _body().get("duration", 3600)
    if not isinstance(duration, int) or not 900 <= duration <= 43200:
        raise ControlError("duration must be an integer between 900 and 43200 seconds")
    cred = _state().mint_sts(duration)
    expiration = datetime.fromtimestamp(cred.expires_at or 0, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return jsonify(
        AccessKeyId=cred.access_key_id,
        AccessKeySecret=cred.secret,
        SecurityToken=cred.security_token,
        Expiration=expiration,
    )


@bp.post("/reset")
def reset() -> Response:
    _state().reset()
    return jsonify(ok=True)
