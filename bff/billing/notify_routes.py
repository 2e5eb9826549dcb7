"""WeChat Pay notification receivers: no login, raw body verified before it is parsed.

204 (no body) once the notification is durably recorded and applied; 4xx/5xx otherwise, so
WeChat Pay retries (PROTOCOLS.md §3.5). Nothing here calls WeChat. See ``notifications.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from flask import current_app, request

from bff.api import Blueprint
from bff.billing import notifications
from bff.billing.wechatpay_verify import (
    KeyRing,
    NotificationProbe,
    NotificationSignatureInvalid,
    NotificationSignatureType,
    NotificationStale,
    NotificationUndecryptable,
    NotificationUnknownSerial,
    NotificationUnsigned,
)
from bff.db import session as db

blp = Blueprint("payment_notifications", __name__, url_prefix="/api/v1/payments", description="微信支付通知")

NOTIFICATION_ERRORS = (NotificationUnsigned, NotificationSignatureType, NotificationProbe, NotificationStale,
                       NotificationUnknownSerial, NotificationSignatureInvalid, NotificationUndecryptable,
                       notifications.NotificationMalformed)


def _keys(*, reload: bool = False) -> KeyRing:
    """Platform keys by serial, loaded once per app (certificate dirs are re-read on demand)."""
    settings = current_app.extensions["mirror.settings"]
    ring = current_app.extensions.get("mirror.wechatpay_keys")
    if ring is None or reload:
        ring = KeyRing.load(settings.wechatpay_public_keys, settings.wechatpay_cert_dir)
        current_app.extensions["mirror.wechatpay_keys"] = ring
    return ring


def _receive(kind: str) -> None:
    settings = current_app.extensions["mirror.settings"]
    serial = request.headers.get("Wechatpay-Serial")
    keys = _keys()
    if serial and settings.wechatpay_cert_dir and keys.get(serial) is None:
        keys = _keys(reload=True)  # a platform certificate downloaded since the keys were loaded
    headers = cast(Mapping[str, str], request.headers)  # werkzeug Headers: a mapping, not typed as one
    notifications.receive(kind=kind, headers=headers, body=request.get_data(cache=True), session=db(),
                          factory=current_app.extensions["mirror.db"].factory, settings=settings, keys=keys)


@blp.post("/wechatpay/notify")
@blp.operation("payments_wechatpay_notify", summary="微信支付结果通知（由微信支付调用）")
@blp.errors(*NOTIFICATION_ERRORS)
@blp.response(204)
def wechatpay_notify() -> None:
    """微信支付结果通知（由微信支付调用）

    微信支付推送支付结果。服务端先保存原始通知，再校验签名、解密并处理；204 表示已处理并提交。

    调用方：微信支付（小程序不直接调用）。签名无效或过期返回 401，微信支付会重试。
    """
    _receive(notifications.TRANSACTION)


@blp.post("/wechatpay/refund-notify")
@blp.operation("payments_wechatpay_refund_notify", summary="微信支付退款结果通知（由微信支付调用）")
@blp.errors(*NOTIFICATION_ERRORS)
@blp.response(204)
def wechatpay_refund_notify() -> None:
    """微信支付退款结果通知（由微信支付调用）

    微信支付推送退款结果。处理方式同支付通知；204 表示已处理并提交。

    调用方：微信支付（小程序不直接调用）。签名无效或过期返回 401，微信支付会重试。
    """
    _receive(notifications.REFUND)
