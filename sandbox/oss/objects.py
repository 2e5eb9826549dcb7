"""Object routes: PutObject, GetObject (+x-oss-process), HeadObject, DeleteObject,
DeleteMultipleObjects (``POST /<bucket>/?delete``) and PostObject (``POST /<bucket>/``)."""

from __future__ import annotations

import mimetypes
import os
import re
from urllib.parse import quote
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from flask import Response, request, url_for

from sandbox.oss import callback, checksums, imaging, postobject
from sandbox.oss.api import (
    authorize,
    bp,
    check_key,
    finish_upload,
    object_headers,
    state,
)
from sandbox.oss.errors import OssError
from sandbox.oss.storage import StoredObject

STORED_HEADERS = ("cache-control", "content-disposition", "content-encoding", "expires")
RESPONSE_OVERRIDES = {
    "response-content-type": "Content-Type",
    "response-content-language": "Content-Language",
    "response-expires": "Expires",
    "response-cache-control": "Cache-Control",
    "response-content-disposition": "Content-Disposition",
    "response-content-encoding": "Content-Encoding",
}
MAX_DELETE_KEYS = 1000
_RULE = {"merge_slashes": False}  # "a//b" is a valid key, not a redirect


def _content_type(given: str | None, key: str) -> str:
    # OSS guesses from the key's extension when the uploader names no type.
    return given or mimetypes.guess_type(key)[0] or "application/octet-stream"


def _new_object(
    bucket: str,
    key: str,
    data: bytes,
    content_type: str,
    meta: dict[str, str],
    operation: str,
    headers: dict[str, str],
    sse: str | None,
) -> StoredObject:
    current = state()
    return StoredObject(
        bucket=bucket, key=key, size=len(data), etag=checksums.etag(data), crc64=checksums.crc64(data),
        content_md5=checksums.content_md5(data), content_type=content_type,
        last_modified=current.clock.now(), user_meta=meta, headers=headers,
        sse=sse or current.config.sse, operation=operation,
    )  # fmt: skip


def _empty(status: int) -> Response:
    response = Response(status=status)
    del response.headers["Content-Type"]  # OSS sends no type on bodiless replies
    return response


def _check_size(size: int | None) -> None:
    limit = state().config.max_object_size
    if size is not None and size > limit:
        raise OssError("EntityTooLarge", MaxSizeAllowed=str(limit), ProposedSize=str(size))


@bp.route("/<bucket>/<path:key>", methods=["PUT"], **_RULE)
def put_object(bucket: str, key: str) -> Response:
    authorize(bucket, key, write=True)
    check_key(key)
    _check_size(request.content_length)
    data = request.get_data(cache=False)
    _check_size(len(data))
    md5 = request.headers.get("Content-MD5")
    if md5 is not None and md5 != checksums.content_md5(data):
        raise OssError("InvalidDigest")
    raw_callback = request.headers.get("x-oss-callback") or request.args.get("callback")
    spec = callback.parse_callback(raw_callback) if raw_callback else None
    custom = callback.parse_callback_var(
        request.headers.get("x-oss-callback-var") or request.args.get("callback-var")
    )
    current = state()
    meta = {k.lower(): v for k, v in request.headers.items() if k.lower().startswith("x-oss-meta-")}
    headers = {k.title(): request.headers[k] for k in STORED_HEADERS if k in request.headers}
    obj = _new_object(bucket, key, data, _content_type(request.headers.get("Content-Type"), key), meta,
                      "PutObject", headers, request.headers.get("x-oss-server-side-encryption"))  # fmt: skip
    if not current.store.put(obj, data, if_absent=forbids_overwrite(request.headers.get("x-oss-forbid-overwrite"))):
        raise OssError("FileAlreadyExists")
    return finish_upload(obj, data, spec, custom, _empty(200))


def _byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """A single ``bytes=a-b`` range; OSS ignores malformed ranges and answers the whole object."""
    match = re.fullmatch(r"bytes=(\d*)-(\d*)", header or "")
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        start, end = max(0, size - int(last)), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    if start >= size:
        raise OssError("InvalidRange", ActualObjectSize=str(size), RangeRequested=header or "")
    return (start, end) if start <= end else None


@bp.route("/<bucket>/<path:key>", methods=["GET"], **_RULE)  # Flask adds HEAD
def get_object(bucket: str, key: str) -> Response:
    authorize(bucket, key, write=False)
    current = state()
    obj = current.store.get(bucket, key)
    if obj is None:
        raise OssError("NoSuchKey", Key=key)
    process = request.args.get("x-oss-process")
    if process and request.method == "GET":
        output, content_type = imaging.process(current.store.read(bucket, key), process)
        # The processed bytes are not the stored object: no ETag/CRC of the original.
        headers = {"Last-Modified": object_headers(obj)["Last-Modified"]}
        return Response(output, status=200, content_type=content_type, headers=headers)
    headers = object_headers(obj)
    headers.update({h: request.args[p] for p, h in RESPONSE_OVERRIDES.items() if p in request.args})
    if request.method == "HEAD":
        response = Response(b"", status=200, headers=headers)
        response.headers["Content-Length"] = str(obj.size)
        return response
    data = current.store.read(bucket, key)
    span = _byte_range(request.headers.get("Range"), obj.size)
    if span is None:
        return Response(data, status=200, headers=headers)
    start, end = span
    headers["Content-Range"] = f"bytes {start}-{end}/{obj.size}"
    return Response(data[start : end + 1], status=206, headers=headers)


@bp.route("/<bucket>/<path:key>", methods=["DELETE"], **_RULE)
def delete_object(bucket: str, key: str) -> Response:
    authorize(bucket, key, write=True)
    state().store.delete(bucket, key)
    return _empty(204)  # 204 whether or not the key existed, as OSS does


@bp.route("/<bucket>/", methods=["POST"], strict_slashes=False)
def bucket_post(bucket: str) -> Response:
    if "delete" in request.args:
        return _delete_multiple(bucket)
    return _post_object(bucket)


def _delete_multiple(bucket: str) -> Response:
    authorize(bucket, "", write=True)
    body = request.get_data(cache=False)
    md5 = request.headers.get("Content-MD5")
    if not md5:
        raise OssError("MissingArgument", "Content-MD5 is required for DeleteMultipleObjects.")
    if md5 != checksums.content_md5(body):
        raise OssError("InvalidDigest")
    try:
        root = ElementTree.fromstring(body)  # noqa: S314 - sandbox, local callers only
    except ElementTree.ParseError:
        raise OssError("MalformedXML") from None
    keys = [node.text or "" for node in root.findall("Object/Key")]
    if root.tag != "Delete" or not keys or len(keys) > MAX_DELETE_KEYS:
        raise OssError("MalformedXML")
    quiet = (root.findtext("Quiet") or "false").strip().lower() == "true"
    url_encoded = request.args.get("encoding-type") == "url"
    current = state()
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult>\n']
    if url_encoded:
        parts.append("  <EncodingType>url</EncodingType>\n")
    for key in keys:
        current.store.delete(bucket, key)
        if not quiet:
            shown = quote(key, safe="") if url_encoded else escape(key)
            parts.append(f"  <Deleted>\n    <Key>{shown}</Key>\n  </Deleted>\n")
    parts.append("</DeleteResult>\n")
    return Response("".join(parts), status=200, content_type="application/xml")


def forbids_overwrite(value: str | None) -> bool:
    """``x-oss-forbid-overwrite`` (header or PostObject form field): "true" forbids replacing an
    existing object (409 FileAlreadyExists); absent or "false" allows; any other value is refused."""
    if value is None:
        return False
    if value.strip().lower() not in ("true", "false"):
        raise OssError("InvalidArgument", "The x-oss-forbid-overwrite value must be true or false.")
    return value.strip().lower() == "true"


def _post_object(bucket: str) -> Response:
    current = state()
    current.check_bucket(bucket)
    # The form adds a few KiB around the file; refuse absurd bodies before buffering them.
    _check_size(max(0, (request.content_length or 0) - 1024 * 1024))
    upload = postobject.parse_form(request.headers.get("Content-Type"), request.get_data(cache=False))
    fields = upload.fields
    cred, version = postobject.verify_signature(current, fields)
    conditions = postobject.decode_policy(fields["policy"], current.clock.now())
    if version == "v4":
        postobject.require_v4_conditions(conditions, sts=cred.security_token is not None)
    if "key" not in fields:
        raise OssError("InvalidArgument", "The key form field is missing.")
    postobject.check_conditions(
        conditions, lambda name: bucket if name == "bucket" else fields.get(name), len(upload.data)
    )
    _check_size(len(upload.data))
    key = fields["key"].replace("${filename}", os.path.basename(upload.filename.replace("\\", "/")))
    check_key(key)
    spec = callback.parse_callback(fields["callback"]) if fields.get("callback") else None
    meta = {k: v for k, v in fields.items() if k.startswith("x-oss-meta-")}
    headers = {k.title(): fields[k] for k in STORED_HEADERS if k in fields}
    obj = _new_object(bucket, key, upload.data, _content_type(fields.get("content-type"), key), meta,
                      "PostObject", headers, fields.get("x-oss-server-side-encryption"))  # fmt: skip
    # Like the header on PutObject, the form field refuses to replace an existing object.
    if not current.store.put(obj, upload.data, if_absent=forbids_overwrite(fields.get("x-oss-forbid-overwrite"))):
        raise OssError("FileAlreadyExists")
    status = fields.get("success_action_status")
    if status == "201":
        location = url_for(f"{request.blueprint}.get_object", bucket=bucket, key=key, _external=True)
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse>\n'
            f"  <Bucket>{escape(bucket)}</Bucket>\n  <Location>{escape(location)}</Location>\n"
            f'  <Key>{escape(key)}</Key>\n  <ETag>"{obj.etag}"</ETag>\n</PostResponse>\n'
        )
        success = Response(xml, status=201, content_type="application/xml")
    else:
        success = _empty(200 if status == "200" else 204)
    custom = {k: v for k, v in fields.items() if k.startswith("x:")}
    return finish_upload(obj, upload.data, spec, custom, success)
