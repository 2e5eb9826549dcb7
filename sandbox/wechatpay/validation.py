"""Request-body checks for the order and refund APIs: anything malformed is 400 PARAM_ERROR."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from sandbox.wechatpay.errors import PayError, param_error

OUT_TRADE_NO = re.compile(r"[0-9A-Za-z_\-*|@]{6,32}")
OUT_REFUND_NO = re.compile(r"[0-9A-Za-z_\-*|@]{1,64}")
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
FUNDS_ACCOUNTS = ("AVAILABLE", "UNSETTLED")


def json_body(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PayError(400, "PARAM_ERROR", "请求体不是合法的JSON") from None
    if not isinstance(body, dict):
        raise PayError(400, "PARAM_ERROR", "请求体必须是JSON对象")
    return body


def text(body: dict[str, Any], name: str, max_len: int, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise param_error(name, "缺少必填参数")
        return None
    if not isinstance(value, str) or not value or len(value) > max_len:
        raise param_error(name, f"应为长度1到{max_len}的字符串", value)
    return value


def is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def notify_url(body: dict[str, Any], required: bool) -> str | None:
    url = text(body, "notify_url", 256, required)
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise param_error("notify_url", "应为http(s)的完整URL", url)
    return url


def rfc3339(value: Any, name: str) -> float:
    if not isinstance(value, str) or not RFC3339.fullmatch(value):
        raise param_error(name, "应为RFC3339格式, 如2018-06-08T10:34:56+08:00", value)
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise param_error(name, "时间不合法", value) from None


def jsapi(body: dict[str, Any], mchid: str) -> dict[str, Any]:
    """POST /v3/pay/transactions/jsapi: returns the normalised order fields."""
    appid = text(body, "appid", 32)
    if text(body, "mchid", 32) != mchid:
        raise param_error("mchid", "与请求头Authorization中的商户号不一致", body.get("mchid"))
    description = text(body, "description", 127)
    out_trade_no = text(body, "out_trade_no", 32)
    assert out_trade_no is not None
    if not OUT_TRADE_NO.fullmatch(out_trade_no):
        raise param_error("out_trade_no", "应为6到32位数字、大小写字母或_-*|@", out_trade_no)
    url = notify_url(body, required=True)
    amount = body.get("amount")
    if not isinstance(amount, dict):
        raise param_error("amount", "缺少必填参数")
    total = amount.get("total")
    if not is_int(total) or total <= 0:
        raise param_error("amount.total", "应为大于0的整数(单位分)", total)
    currency = amount.get("currency", "CNY")
    if currency != "CNY":
        raise param_error("amount.currency", "仅支持CNY", currency)
    payer = body.get("payer")
    openid = payer.get("openid") if isinstance(payer, dict) else None
    if not isinstance(openid, str) or not 1 <= len(openid) <= 128:
        raise param_error("payer.openid", "缺少必填参数", openid)
    time_expire = body.get("time_expire")
    return {
        "appid": appid,
        "description": description,
        "out_trade_no": out_trade_no,
        "notify_url": url,
        "total": total,
        "currency": currency,
        "openid": openid,
        "attach": text(body, "attach", 128, required=False),
        "time_expire": None if time_expire is None else rfc3339(time_expire, "time_expire"),
    }


def refund(body: dict[str, Any]) -> dict[str, Any]:
    """POST /v3/refund/domestic/refunds: returns the normalised refund fields."""
    transaction_id = text(body, "transaction_id", 32, required=False)
    out_trade_no = text(body, "out_trade_no", 32, required=False)
    if transaction_id is None and out_trade_no is None:
        raise param_error("transaction_id", "transaction_id和out_trade_no必须二选一")
    out_refund_no = text(body, "out_refund_no", 64)
    assert out_refund_no is not None
    if not OUT_REFUND_NO.fullmatch(out_refund_no):
        raise param_error("out_refund_no", "应为1到64位数字、大小写字母或_-*|@", out_refund_no)
    amount = body.get("amount")
    if not isinstance(amount, dict):
        raise param_error("amount", "缺少必填参数")
    for name in ("refund", "total"):
        value = amount.get(name)
        if not is_int(value) or value <= 0:
            raise param_error(f"amount.{name}", "应为大于0的整数(单位分)", value)
    if amount.get("currency") != "CNY":
        raise param_error("amount.currency", "必填, 仅支持CNY", amount.get("currency"))
    funds_account = body.get("funds_account")
    if funds_account is not None and funds_account not in FUNDS_ACCOUNTS:
        raise param_error("funds_account", "仅支持AVAILABLE或UNSETTLED", funds_account)
    return {
        "transaction_id": transaction_id,
        "out_trade_no": out_trade_no,
        "out_refund_no": out_refund_no,
        "refund": amount["refund"],
        "total": amount["total"],
        "reason": text(body, "reason", 80, required=False),
        "notify_url": notify_url(body, required=False),
        "funds_account": funds_account or "UNSETTLED",
    }


def bill_date(value: str | None) -> dt.date:
    if value is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise param_error("bill_date", "应为yyyy-MM-dd格式", value, location="query")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise param_error("bill_date", "日期不合法", value, location="query") from None
