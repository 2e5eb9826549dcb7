"""Domain errors and the single error format every non-2xx response uses.

``{"code": 409, "status": "Conflict", "message": "该手机号已绑定其他账号", "errors": {},
"reason": "phone_already_bound"}``: the mini-program branches on ``reason``, people read
``message`` (Simplified Chinese).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, ClassVar

import marshmallow as ma

REASONS: dict[str, type[DomainError]] = {}


class DomainError(Exception):
    status: ClassVar[int] = 400
    reason: ClassVar[str] = "bad_request"
    message: ClassVar[str] = "请求无效"
    # Side effects of this failure must be committed (e.g. revoking a session on token reuse).
    persist: ClassVar[bool] = False

    def __init__(self, message: str | None = None, *, errors: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message or self.message)
        self.detail = message or self.message
        self.errors = errors or {}
        self.headers = headers or {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "reason" in cls.__dict__:
            # A reason names one error: a second definition would silently replace the first.
            if (known := REASONS.get(cls.reason)) is not None and (known.__module__, known.__qualname__) != (
                    cls.__module__, cls.__qualname__):
                raise TypeError(f"reason {cls.reason!r} is already defined by {known.__module__}.{known.__qualname__}")
            REASONS[cls.reason] = cls

    def to_dict(self) -> dict[str, Any]:
        return error_body(self.status, self.reason, self.detail, self.errors)


def error_body(status: int, reason: str, message: str, errors: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "code": status,
        "status": HTTPStatus(status).phrase,
        "message": message,
        "errors": errors or {},
        "reason": reason,
    }


class ErrorSchema(ma.Schema):
    code = ma.fields.Integer(required=True, metadata={"description": "HTTP 状态码"})
    status = ma.fields.String(required=True, metadata={"description": "HTTP 状态的名称，如 Unprocessable Entity"})
    message = ma.fields.String(required=True, metadata={"description": "给用户看的中文说明"})
    errors = ma.fields.Dict(metadata={"description": "逐字段的校验错误"})
    reason = ma.fields.String(required=True, metadata={"description": "稳定的机器可读原因码"})


# Errors raised by the HTTP layer itself, before any service runs.
class BadRequest(DomainError):
    status, reason, message = 400, "bad_request", "请求无效"


class MalformedJson(DomainError):
    status, reason, message = 400, "malformed_json", "请求体不是合法的 JSON"


class ValidationFailed(DomainError):
    status, reason, message = 422, "validation_error", "提交的数据有误"


class NotFound(DomainError):
    status, reason, message = 404, "not_found", "资源不存在"


class MethodNotAllowed(DomainError):
    status, reason, message = 405, "method_not_allowed", "不支持该请求方法"


class PayloadTooLarge(DomainError):
    status, reason, message = 413, "payload_too_large", "请求体过大"


class RateLimited(DomainError):
    status, reason, message = 429, "rate_limited", "操作过于频繁，请稍后再试"


class InternalError(DomainError):
    status, reason, message = 500, "internal_error", "服务器开小差了，请稍后再试"


class StorageDown(DomainError):
    status, reason, message = 503, "storage_unavailable", "存储服务暂不可用，请稍后再试"


class DependencyUnavailable(DomainError):
    status, reason, message = 503, "dependency_unavailable", "服务暂不可用，请稍后再试"


class DatabaseBusy(DomainError):
    """A deadlock or lock-wait timeout survived one whole retry of the request (bff/db.py)."""

    status, reason, message = 503, "database_busy", "系统繁忙，请稍后重试"


class DatabaseUnavailable(DomainError):
    """The database could not be reached or the connection was lost (bff/db.py); nothing was kept."""

    status, reason, message = 503, "database_unavailable", "数据库暂不可用，请稍后再试"


# HTTP status -> error raised for werkzeug/webargs exceptions that carry no reason of their own.
HTTP_FALLBACK: dict[int, type[DomainError]] = {
    400: BadRequest,
    404: NotFound,
    405: MethodNotAllowed,
    413: PayloadTooLarge,
    422: ValidationFailed,
    429: RateLimited,
    500: InternalError,
    503: DependencyUnavailable,
}
