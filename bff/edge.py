"""The HTTP edge: limits answered in the one error format, whoever answers.

* The app (``EdgeLimits``, WSGI): a URL over ``MAX_URL`` characters is 414 ``uri_too_long``,
  request headers over ``MAX_HEADER_BYTES`` are 431 ``headers_too_large``, and a chunked body
  (no Content-Length) is read up to the body limit: over it is 413 ``payload_too_large``, not the
  truncated body werkzeug would hand on (which then failed as 400 ``malformed_json``).
* The servers in front, for what never reaches the app: gunicorn (``install_gunicorn_errors``,
  called from ``deploy/gunicorn.conf.py``) and werkzeug's server (``JsonErrorRequestHandler``, the
  embedded default and the tests) write their own 4xx pages in the same JSON envelope instead of HTML.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.serving import WSGIRequestHandler

from bff import errors as e

MAX_URL = 4096  # path and query; gunicorn's own line limit (8190) stays above it
MAX_HEADER_BYTES = 16 * 1024


def error_bytes(status: int) -> tuple[bytes, list[tuple[str, str]]]:
    """The error envelope for ``status`` and the headers every error answer carries."""
    known = e.HTTP_FALLBACK.get(status) or (e.InternalError if status >= 500 else e.BadRequest)
    body = json.dumps(e.error_body(status, known.reason, known.message), ensure_ascii=False).encode()
    return body, [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body))),
                  ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")]


class EdgeLimits:
    def __init__(self, app: Callable[..., Iterable[bytes]], max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        uri = environ.get("RAW_URI") or environ.get("REQUEST_URI") or (
            environ.get("PATH_INFO", "") + "?" + environ.get("QUERY_STRING", ""))
        if len(uri) > MAX_URL:
            return self._refuse(414, start_response)
        header_bytes = sum(len(k) + len(str(v)) for k, v in environ.items()
                           if k.startswith("HTTP_") or k in ("CONTENT_TYPE", "CONTENT_LENGTH"))
        if header_bytes > MAX_HEADER_BYTES:
            return self._refuse(431, start_response)
        if not environ.get("CONTENT_LENGTH") and (
                environ.get("wsgi.input_terminated")
                or "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()):
            body = self._read_at_most(environ["wsgi.input"], self.max_body + 1)
            if len(body) > self.max_body:
                return self._refuse(413, start_response, close=True)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)

    @staticmethod
    def _read_at_most(stream: Any, limit: int) -> bytes:
        chunks, size = [], 0
        while size < limit:
            chunk = stream.read(min(64 * 1024, limit - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)

    @staticmethod
    def _refuse(status: int, start_response: Callable[..., Any], *, close: bool = False) -> Iterable[bytes]:
        body, headers = error_bytes(status)
        start_response(f"{status} {e.error_body(status, '', '')['status']}",
                       headers + ([("Connection", "close")] if close else []))
        return [body]


def install_gunicorn_errors() -> None:
    """Gunicorn answers over-long request lines (414), header fields (431) and malformed requests
    itself, with an HTML page; write the JSON envelope instead (same status)."""
    from gunicorn import util

    def write_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
        body, headers = error_bytes(status_int)
        head = f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
        util.write_nonblock(sock, head.encode("latin-1") + body)

    util.write_error = write_error


class JsonErrorRequestHandler(WSGIRequestHandler):
    """werkzeug's server (embedded default, tests): its own 414/431/400 pages in the error format."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        body, headers = error_bytes(code)
        self.log_error("code %d, message %s", code, message)
        self.send_response(code, message)
        self.send_header("Connection", "close")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body)
