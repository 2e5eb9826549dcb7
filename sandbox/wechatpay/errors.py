"""WeChat Pay v3's error convention: a 4xx/5xx status with {"code", "message"[, "detail"]}."""

from __future__ import annotations

from typing import Any


class PayError(Exception):
    """Raised anywhere in the emulator; the API blueprint turns it into a signed error reply."""

    def __init__(self, status: int, code: str, message: str, detail: dict[str, Any] | None = None) -> None:
        super().__init__(status, code, message)
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.detail is not None:
            body["detail"] = self.detail
        return body


def param_error(field: str, issue: str, value: Any = None, location: str = "body") -> PayError:
    """400 PARAM_ERROR naming the offending field, like WeChat's detail block."""
    detail: dict[str, Any] = {"field": field, "location": location, "issue": issue}
    if value is not None:
        detail["value"] = value
    return PayError(400, "PARAM_ERROR", f"输入源“/{location}/{field}”映射到字段“{field}”: {issue}", detail)


def sign_error(message: str, issue: str, detail: dict[str, Any] | None = None) -> PayError:
    return PayError(
        401,
        "SIGN_ERROR",
        message,
        {"location": "authorization", "detail": {"issue": issue}, **(detail or {})},
    )


def order_not_exist() -> PayError:
    return PayError(404, "ORDER_NOT_EXIST", "订单不存在")


def invalid_request(message: str) -> PayError:
    return PayError(400, "INVALID_REQUEST", message)
