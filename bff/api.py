"""flask-smorest subclasses: one error format, documented errors, stable operationIds."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import flask_smorest
import redis.exceptions
from flask import Flask, g, jsonify
from werkzeug.exceptions import HTTPException

from bff import errors as e

log = logging.getLogger(__name__)


class Api(flask_smorest.Api):
    ERROR_SCHEMA = e.ErrorSchema

    def handle_http_exception(self, error: HTTPException):  # type: ignore[override]
        """Render werkzeug/webargs HTTP errors in the one error format."""
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        messages = data.get("messages", {})
        if status == 400 and "json" in str(getattr(error, "description", "")).lower():
            fallback: type[e.DomainError] = e.MalformedJson
        else:
            fallback = e.HTTP_FALLBACK.get(status, e.BadRequest)
        body = e.error_body(status, fallback.reason, fallback.message, _flatten_locations(messages))
        response = jsonify(body)
        response.status_code = status
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        if retry_after := getattr(error, "retry_after", None):
            response.headers["Retry-After"] = str(retry_after)
        return response


def _flatten_locations(messages: dict[str, Any]) -> dict[str, Any]:
    # webargs nests errors under their location ("json", "query"); the mini-program wants fields.
    flat: dict[str, Any] = {}
    for location in messages.values():
        if isinstance(location, dict):
            flat.update(location)
    return flat


class Blueprint(flask_smorest.Blueprint):
    def errors(self, *errors: type[e.DomainError]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Document each domain error a route can raise, grouped by status, reasons listed."""
        by_status: dict[int, list[type[e.DomainError]]] = defaultdict(list)
        for err in errors:
            by_status[err.status].append(err)

        def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
            for status, errs in sorted(by_status.items()):
                description = "；".join(f"`{err.reason}`：{err.message}" for err in errs)
                fn = self.alt_response(status, schema=e.ErrorSchema, description=description)(fn)
            return fn

        return decorator

    def authenticated(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Require a live access token; put it outermost so auth fails before validation."""
        from bff.auth.guard import AUTH_ERRORS, login_required

        fn = self.errors(*AUTH_ERRORS)(login_required(fn))
        return self.doc(security=[{"bearerAuth": []}])(fn)

    def operation(self, operation_id: str, *, summary: str | None = None) -> Callable[..., Any]:
        """Stable operationId: the typed client's method names come from it."""
        kwargs: dict[str, Any] = {"operationId": operation_id}
        if summary:
            kwargs["summary"] = summary
        return self.doc(**kwargs)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(e.DomainError)
    def _domain_error(error: e.DomainError):  # type: ignore[no-untyped-def]
        g.persist_on_error = error.persist
        response = jsonify(error.to_dict())
        response.status_code = error.status
        response.headers.update(error.headers)
        return response

    @app.errorhandler(redis.exceptions.ConnectionError)
    @app.errorhandler(redis.exceptions.TimeoutError)
    def _redis_down(error: Exception):  # type: ignore[no-untyped-def]
        # Fail closed: rate-limited and queued writes refuse rather than run unguarded.
        log.warning("redis unavailable: %s", type(error).__name__)
        return _domain_error(e.DependencyUnavailable())

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):  # type: ignore[no-untyped-def]
        if isinstance(error, HTTPException):
            return app.extensions["mirror.api"].handle_http_exception(error)
        log.exception("unhandled error")
        return _domain_error(e.InternalError())
