"""Structured JSON logs with a request id on every line; no personal data.

Access lines carry method, route template (never the raw query string, which can
hold WeChat codes), status and duration. Personal fields are never passed to the
logger; a filter also drops known personal keys should someone add them by mistake.

Secrets and database values never reach a log line at any level: every record is redacted
when it is created (``bff/security/redaction.py``). Production refuses DEBUG (``bff/config.py``).
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

from bff.security.redaction import exception_text, install_redaction, redact

__all__ = ["configure_logging", "exception_text", "init_app", "install_redaction", "redact"]
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
class _JsonFormatter(JsonFormatter):
    def formatException(self, ei):  # noqa: N802 - logging's name
        return exception_text(ei[1]) if ei and ei[1] is not None else ""


_PERSONAL_KEYS = {"phone", "openid", "unionid", "session_key", "real_name", "code", "encrypted_data"}


class _RequestContext(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        for key in _PERSONAL_KEYS & set(record.__dict__):
            setattr(record, key, "[redacted]")
        return True


def configure_logging(level: str) -> None:
    install_redaction()
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(_JsonFormatter(
        "{asctime}{levelname}{name}{message}{request_id}", style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    ))
    handler.addFilter(_RequestContext())
    handler.set_name("mirror-json")
    root = logging.getLogger()
    # Replace only our own handler: building a second app must not duplicate lines, and
    # handlers others installed (pytest's log capture, a platform agent) stay.
    root.handlers[:] = [h for h in root.handlers if h.get_name() != "mirror-json"] + [handler]
    root.setLevel(level)
    # werkzeug's own access log prints raw URLs (with query strings); ours replaces it.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def init_app(app: Flask) -> None:
    access = logging.getLogger("mirror.access")

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response):
        response.headers["X-Request-ID"] = g.get("request_id", "-")
        duration = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        access.info("request", extra={
            "method": request.method,
            "route": request.url_rule.rule if request.url_rule else "<unmatched>",
            "status": response.status_code,
            "duration_ms": round(duration, 2),
        })
        return response
