"""One SQLAlchemy session per request and one commit at the end of it.

Services flush but never commit; this module commits when the response is a
success (or an error that must persist, e.g. revoking a session on token reuse)
and rolls back otherwise. ``after_commit`` callbacks (job enqueues) run only
after a successful commit.

A deadlock or lock-wait timeout (``models.transient``) anywhere in a request, its
commit included, rolls the transaction back and the whole request is dispatched once
more from the start (``RetryOnce``): a fresh request context, ``g``, session and
callback list, and the same body. If the second run meets one too, the answer is
503 ``database_busy`` with ``Retry-After``.

A database that cannot be reached (down, restarting, the connection lost mid-request) answers
503 ``database_unavailable`` with ``Retry-After``, never a 500; so does a pool with no free
connection within its timeout (503 ``database_busy``). Neither is run again here: the client
retries after ``Retry-After``.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, current_app, g, request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, scoped_session

from bff.config import Settings
from bff.errors import DatabaseBusy, DatabaseUnavailable, DomainError
from models.session import make_engine, make_session_factory
from models.transient import is_pool_exhausted, is_transient, is_unreachable

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 1
UNAVAILABLE_RETRY_AFTER_SECONDS = 5  # a restart or failover takes seconds, not milliseconds
_RETRY = "mirror.retry_transaction"  # environ flag: this run ended on a deadlock or lock-wait timeout
_ATTEMPT = "mirror.attempt"
_NO_RETRY = "mirror.no_retry"  # environ flag: this run did something outside the database


class Database:
    def __init__(self, settings: Settings) -> None:
        self.engine: Engine = make_engine(
            settings.database_url,
            pool_size=settings.db_pool_size,
            pool_recycle=settings.db_pool_recycle,
            pool_timeout=settings.db_pool_timeout,
        )
        self.factory = make_session_factory(self.engine)
        self.scoped = scoped_session(self.factory)


def session() -> Session:
    """The current request's session."""
    return current_app.extensions["mirror.db"].scoped()


def forbid_retry() -> None:
    """This request is about to do something outside the database that must not happen twice
    (asking WeChat Pay for a refund): from now on a deadlock answers 503 without a second run."""
    request.environ[_NO_RETRY] = True


def busy_response() -> Response:
    """The answer when the database asked to run the transaction again (rolled back, nothing kept)."""
    if not request.environ.get(_NO_RETRY):
        request.environ[_RETRY] = True
    return _error_response(DatabaseBusy(), RETRY_AFTER_SECONDS)


def _error_response(error: DomainError, retry_after: int) -> Response:
    response = current_app.json.response(error.to_dict())
    response.status_code = error.status
    response.headers["Retry-After"] = str(retry_after)
    return response


def unreachable_response(database: Database, exc: Exception) -> Response | None:
    """503 when ``exc`` says the database cannot be reached or has no free connection; else None."""
    if is_unreachable(exc):
        log.warning("database unavailable: %s", type(exc).__name__)
        error: DomainError = DatabaseUnavailable()
    elif is_pool_exhausted(exc):
        log.warning("no free database connection within the pool timeout")
        error = DatabaseBusy()
    else:
        return None
    # Usually a dead connection: it is invalidated, not reused; the answer is decided either way.
    with contextlib.suppress(Exception):
        database.scoped().rollback()
    return _error_response(error, UNAVAILABLE_RETRY_AFTER_SECONDS)


class RetryOnce:
    """WSGI wrapper: a request that ended on a deadlock or lock-wait timeout is dispatched again,
    once, with its body replayed; the first answer is discarded unsent."""

    def __init__(self, app: Callable[..., Iterable[bytes]], max_body: int | None) -> None:
        self.app = app
        self.max_body = max_body

    def _body(self, environ: dict[str, Any]) -> bytes | None:
        """The whole body, so it can be read twice; None when it cannot be kept (too large)."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if self.max_body is not None and length > self.max_body:
            return None
        if length:
            return environ["wsgi.input"].read(length)  # type: ignore[no-any-return]
        if environ.get("wsgi.input_terminated"):  # chunked: read to the end, up to the limit
            limit = (self.max_body or 0) + 1 if self.max_body else -1
            data = environ["wsgi.input"].read(limit)
            return None if self.max_body and len(data) > self.max_body else data
        return b""

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        body = self._body(environ)
        if body is None:
            return self.app(environ, start_response)
        pristine = dict(environ)
        held: list[tuple[Any, ...]] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            held.append((status, headers, exc_info))
            return lambda _data: None

        first = dict(pristine, **{"wsgi.input": io.BytesIO(body), _ATTEMPT: 1})
        result = self.app(first, hold)
        if not first.get(_RETRY):
            start_response(*held[-1])
            return result
        if hasattr(result, "close"):
            result.close()
        log.warning("request retried after a deadlock or lock-wait timeout")
        second = dict(pristine, **{"wsgi.input": io.BytesIO(body), _ATTEMPT: 2})
        return self.app(second, start_response)


def init_app(app: Flask, settings: Settings) -> Database:
    database = Database(settings)
    app.extensions["mirror.db"] = database

    @app.after_request
    def _finish_transaction(response):  # type: ignore[no-untyped-def]
        current = database.scoped()
        if response.status_code < 400 or g.get("persist_on_error"):
            try:
                current.commit()
            except Exception as exc:
                if (unavailable := unreachable_response(database, exc)) is not None:
                    return unavailable
                if not is_transient(exc):
                    raise
                current.rollback()
                return busy_response()
        else:
            current.rollback()
        return response

    @app.teardown_appcontext
    def _remove(_exc):  # type: ignore[no-untyped-def]
        database.scoped.remove()

    dispatch_error = app.handle_user_exception

    def handle_user_exception(exc: Exception):  # type: ignore[no-untyped-def]
        # Ahead of every registered error handler: whatever renders other database errors, a
        # deadlock or lock-wait timeout is answered by running the request again.
        if is_transient(exc):
            database.scoped().rollback()
            return busy_response()
        if (unavailable := unreachable_response(database, exc)) is not None:
            return unavailable
        return dispatch_error(exc)

    app.handle_user_exception = handle_user_exception  # type: ignore[method-assign]
    app.wsgi_app = RetryOnce(app.wsgi_app, settings.max_content_length)  # type: ignore[method-assign]
    return database
