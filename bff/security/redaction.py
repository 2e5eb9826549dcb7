"""Secrets and database values never reach a log line, at any level (Flask-free: jobs use it too).

The HTTP libraries (urllib3, requests, wechatpy, wechatpayv3, oss2) log whole URLs and headers at
DEBUG, and WeChat puts the AppSecret and the access token in query strings. Every record is
redacted when it is created, so every handler (ours, pytest's, a platform agent's) sees the
redacted text: those libraries' query strings, any ``secret=`` / ``access_token=`` /
``"Authorization": ...`` style value in any line, and tracebacks (whose messages carry URLs, and
for database errors the values the server quotes; bound parameters are hidden by the engine).
"""

from __future__ import annotations

import logging
import re
import traceback

_HTTP_LOGGERS = ("urllib3", "requests", "wechatpy", "wechatpayv3", "oss2")
# Names of secrets (not secrets): their values are cut from every log line.
_SECRET_NAMES = "|".join((
    r"(?:app)?secret", "access_token", "refresh_token", "js_code", "session_key", "password", "authorization",
    "signature", "sign", "paySign", "apiv3_key", "private_key", "x-oss-signature", "OSSAccessKeyId", "code"))
# name=value (query strings, forms) and "name": "value" / 'name': 'value' (JSON, dict reprs)
_SECRET_PAIR = re.compile(
    rf"""(?i)(?P<key>\b(?:{_SECRET_NAMES})\b)(?P<sep>=["']?|["']?\s*:\s*["']?)(?P<value>[^\s&"',;}}]+)""")
# An Authorization header's whole value ("OSS <key id>:<signature>", "Bearer <jwt>"), not its first word.
_AUTHORIZATION = re.compile(r"""(?i)(?P<key>authorization["']?\s*[:=]\s*["']?)[^"'\n,}]+""")
_QUERY = re.compile(r"""\?[^\s"'<>]+""")
_HINT = re.compile(rf"(?i)(?:{_SECRET_NAMES})|\?")


def redact(text: str, *, query: bool = False) -> str:
    """``text`` without secret values (and without query strings when ``query``)."""
    if not _HINT.search(text):
        return text
    text = _AUTHORIZATION.sub(lambda m: f"{m['key']}[redacted]", text)
    text = _SECRET_PAIR.sub(lambda m: f"{m['key']}{m['sep']}[redacted]", text)
    return _QUERY.sub("?[redacted]", text) if query else text


_DB_MODULES = ("sqlalchemy", "pymysql", "MySQLdb", "sqlite3")
# Quoted values in database messages ("Duplicate entry '7-孕期' for key ...", "Incorrect string
# value: '...'"); the names of keys, columns and tables stay.
_DB_VALUE = re.compile(r"(?<!key )(?<!column )(?<!table )'[^']*'")


def exception_text(exc: BaseException) -> str:
    """A traceback whose messages hold no secrets and, for database errors, no values.

    Bound parameters are already hidden by the engine (``hide_parameters``); the server's own
    message quotes values too, so database messages keep only their shape.
    """
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    parts = []
    for item in reversed(chain):
        message = str(item)
        if type(item).__module__.split(".")[0] in _DB_MODULES:
            message = _DB_VALUE.sub("[redacted]", message)
        frames = "".join(traceback.format_tb(item.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}"
                     f"{type(item).__module__}.{type(item).__qualname__}: {redact(message, query=True)}")
    return "\n\nThe above exception led to the following exception:\n\n".join(parts)


def _is_http_library(name: str) -> bool:
    return any(name == n or name.startswith(n + ".") for n in _HTTP_LOGGERS)


def _redacting_factory(base):
    def make(*args, **kwargs):
        record = base(*args, **kwargs)
        query = _is_http_library(record.name)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed call logs its template, never its arguments
            message, record.args = str(record.msg), None
        cleaned = redact(message, query=query)
        if cleaned != message or query:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            # Exception texts carry URLs too (requests' "Max retries exceeded with url: ...?secret=").
            record.exc_text = exception_text(record.exc_info[1])
        return record

    make.mirror_redacting = True  # type: ignore[attr-defined]
    return make


def install_redaction() -> None:
    """Once per process: every log record is redacted as it is created."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "mirror_redacting", False):
        logging.setLogRecordFactory(_redacting_factory(factory))


