"""flask-smorest subclasses: one error format, documented errors, stable operationIds."""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from collections.abc import Callable
from copy import deepcopy
from typing import Any

import flask_smorest
import redis.exceptions
from flask import Flask, g, jsonify
from flask_smorest.pagination import PaginationMetadataSchema
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException

from bff import errors as e

log = logging.getLogger(__name__)


class Api(flask_smorest.Api):
    ERROR_SCHEMA = e.ErrorSchema

    def _register_responses(self) -> None:
        super()._register_responses()
        components = self.spec.components
        for response in [*components.responses.values(), *components.responses_lazy.values()]:
            if response.get("description") == "Default error response":
                response["description"] = "其他错误：统一的错误格式，按 reason 区分。" + ANY_ROUTE_ERRORS

    def handle_http_exception(self, error: HTTPException):  # type: ignore[override]
        """Render werkzeug/webargs HTTP errors in the one error format."""
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        messages = data.get("messages", {})
        if isinstance(error.__context__, json.JSONDecodeError | UnicodeDecodeError):
            fallback: type[e.DomainError] = e.MalformedJson  # webargs could not parse the body
            messages = {}
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


class StrictParser(FlaskParser):
    """Unknown query parameters are refused like unknown body fields (webargs excludes them)."""

    DEFAULT_UNKNOWN_BY_LOCATION: dict[str, str | None] = {}


# Path parameters mean the same thing on every route; documented once here.
PATH_PARAMETERS = {
    "store_id": "门店 ID", "client_id": "客户档案 ID", "session_id": "拍摄记录 ID", "image_id": "图片 ID",
    "export_id": "导出 ID", "ticket_id": "上传凭证 ID", "invitation_id": "邀请 ID", "user_id": "成员的用户 ID",
    "order_id": "订单 ID", "refund_id": "退款 ID", "batch_id": "激活码批次 ID", "event_id": "支付通知事件 ID",
    "run_id": "对账记录 ID", "mismatch_id": "对账差异 ID",
    "template_id": "知情同意书模板版本 ID", "request_id": "签署请求 ID", "record_id": "知情同意记录 ID",
    "scene": "小程序码中的 scene 参数", "kind": "协议类型：terms 用户协议，privacy 隐私政策",
}
# Answered by the HTTP layer around any route (not declared per operation, documented on DEFAULT_ERROR).
GENERIC_ERRORS = (e.BadRequest, e.MalformedJson, e.MethodNotAllowed, e.PayloadTooLarge, e.InternalError,
                  e.DependencyUnavailable, e.DatabaseBusy, e.DatabaseUnavailable)
ANY_ROUTE_ERRORS = "任何接口都可能返回：" + "；".join(f"{err.status} `{err.reason}`（{err.message}）"
                                                  for err in GENERIC_ERRORS)
SUCCESS_DESCRIPTIONS = {"OK": "成功", "Created": "已创建", "Accepted": "已受理，后台处理中",
                        "No Content": "成功，无响应体"}
# flask-smorest registers its page-number pagination schema in every document.
_PAGINATION_DESCRIPTIONS = {
    "total": "总条数", "total_pages": "总页数", "first_page": "第一页页码", "last_page": "最后一页页码",
    "page": "当前页码", "previous_page": "上一页页码", "next_page": "下一页页码",
}
for _name, _field in PaginationMetadataSchema._declared_fields.items():
    _field.metadata = {**_field.metadata, "description": _PAGINATION_DESCRIPTIONS[_name]}


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = StrictParser()

    def route(self, rule: str, *, parameters: list[Any] | None = None, **options: Any) -> Callable[..., Any]:
        """Document every path parameter (the blueprint's prefix included) from PATH_PARAMETERS."""
        names = re.findall(r"<(?:[^:<>]+:)?([^<>]+)>", (self.url_prefix or "") + rule)
        given = {p["name"] for p in parameters or [] if isinstance(p, dict)}
        documented = [{"in": "path", "name": name, "description": PATH_PARAMETERS[name]}
                      for name in names if name not in given and name in PATH_PARAMETERS]
        return super().route(rule, parameters=[*(parameters or []), *documented], **options)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_errors_doc)

    def errors(self, *errors: type[e.DomainError]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Declare the domain errors a route can raise; the spec lists every reason per status."""

        def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
            fn._apidoc = deepcopy(getattr(fn, "_apidoc", {}))  # type: ignore[attr-defined]
            fn._apidoc.setdefault("domain_errors", []).extend(errors)  # type: ignore[attr-defined]
            return fn

        return decorator

    @staticmethod
    def _prepare_errors_doc(doc: dict[str, Any], doc_info: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        by_status: dict[int, list[type[e.DomainError]]] = defaultdict(list)
        responses = {str(k): v for k, v in doc.get("responses", {}).items()}
        if "422" in responses:  # flask-smorest adds it for every route that parses arguments
            by_status[422].append(e.ValidationFailed)
            by_status[400].append(e.MalformedJson)
        for err in doc_info.get("domain_errors", []):
            if err not in by_status[err.status]:
                by_status[err.status].append(err)
        for response in responses.values():  # flask-smorest's English phrases ("OK", "Created")
            if isinstance(response, dict) and response.get("description") in SUCCESS_DESCRIPTIONS:
                response["description"] = SUCCESS_DESCRIPTIONS[response["description"]]
        for status, errs in sorted(by_status.items()):
            responses[str(status)] = {
                "description": "；".join(f"`{err.reason}`：{err.message}" for err in errs),
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
        doc["responses"] = responses
        return doc

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
