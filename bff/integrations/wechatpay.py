"""WeChat Pay API v3 through wechatpayv3, at the real gateway or the sandbox.

wechatpayv3 has no base-URL argument: the gateway is set on its core after
construction (PROTOCOLS.md §4). The client is built lazily because certificate mode
fetches platform certificates in its constructor. No Flask imports: jobs use this too.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from pathlib import Path
from typing import Any

import requests
from wechatpayv3 import WeChatPay, WeChatPayType

from bff.config import Settings
from bff.errors import DomainError

log = logging.getLogger(__name__)


class WechatPayUnavailable(DomainError):
    status, reason, message = 503, "wechatpay_unavailable", "微信支付暂不可用，请稍后再试"


class WechatPayRejected(DomainError):
    """WeChat Pay answered with an error the caller may act on (``code`` is WeChat's)."""

    status, reason, message = 502, "wechatpay_rejected", "微信支付拒绝了该请求"

    def __init__(self, http_status: int, code: str, detail: str) -> None:
        super().__init__(errors={"code": code})
        self.http_status, self.code, self.wechat_message = http_status, code, detail


class WechatPayGateway:
    def __init__(self, settings: Settings, appid: str | None = None) -> None:
        self.settings = settings
        self.mchid = settings.wechatpay_mchid
        self.appid = appid or settings.wechat_appid
        self._client: WeChatPay | None = None
        self._lock = threading.Lock()

    @property
    def client(self) -> WeChatPay:
        with self._lock:
            if self._client is None:
                self._client = self._build()
            return self._client

    def _build(self) -> WeChatPay:
        s = self.settings
        kwargs: dict[str, Any] = {}
        if s.wechatpay_public_keys:
            # The newest key signs our requests' verification; rotation is handled on notifications.
            key_id, path = next(iter(s.wechatpay_public_keys.items()))
            kwargs = {"public_key": Path(path).read_text(), "public_key_id": key_id}
        else:
            kwargs = {"cert_dir": s.wechatpay_cert_dir}
        client = WeChatPay(
            wechatpay_type=WeChatPayType.MINIPROG, mchid=self.mchid,
            private_key=Path(s.wechatpay_merchant_key_path).read_text(),
            cert_serial_no=s.wechatpay_merchant_serial, appid=self.appid,
            apiv3_key=s.wechatpay_apiv3_key.get_secret_value(), timeout=(s.wechatpay_timeout, s.wechatpay_timeout),
            logger=log, **kwargs,
        )
        client._core._gate_way = s.wechatpay_gateway.rstrip("/")  # noqa: SLF001 - no public setting exists
        return client

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        try:
            status, text = fn(*args, **kwargs)
        except (requests.RequestException, OSError) as exc:
            log.warning("wechatpay unreachable: %s", type(exc).__name__)
            raise WechatPayUnavailable() from exc
        except Exception as exc:  # the SDK raises bare exceptions when a response fails verification
            log.warning("wechatpay response rejected: %s", type(exc).__name__)
            raise WechatPayUnavailable() from exc
        body = json.loads(text) if text else {}
        if 200 <= status < 300:
            return body
        if status >= 500 or body.get("code") in {"SYSTEM_ERROR", "FREQUENCY_LIMITED"}:
            raise WechatPayUnavailable()
        raise WechatPayRejected(status, str(body.get("code")), str(body.get("message")))

    def create_jsapi(self, *, out_trade_no: str, description: str, amount_fen: int, openid: str,
                     time_expire: str, notify_url: str) -> str:
        """Prepay for the mini-program; returns ``prepay_id``."""
        body = self._call(self.client.pay, description=description, out_trade_no=out_trade_no,
                          amount={"total": amount_fen, "currency": "CNY"}, payer={"openid": openid},
                          time_expire=time_expire, notify_url=notify_url)
        return str(body["prepay_id"])

    def request_payment_params(self, prepay_id: str) -> dict[str, str]:
        """What ``wx.requestPayment`` takes: RSA paySign over appId, timeStamp, nonceStr, package."""
        timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
        package = f"prepay_id={prepay_id}"
        pay_sign = self.client.sign([self.appid, timestamp, nonce, package])
        return {"timeStamp": timestamp, "nonceStr": nonce, "package": package, "signType": "RSA",
                "paySign": pay_sign}

    def query(self, out_trade_no: str) -> dict[str, Any]:
        return self._call(self.client.query, out_trade_no=out_trade_no)

    def close(self, out_trade_no: str) -> None:
        self._call(self.client.close, out_trade_no=out_trade_no)

    def refund(self, *, out_refund_no: str, out_trade_no: str, refund_fen: int, total_fen: int, reason: str,
               notify_url: str) -> dict[str, Any]:
        return self._call(self.client.refund, out_refund_no=out_refund_no, out_trade_no=out_trade_no,
                          amount={"refund": refund_fen, "total": total_fen, "currency": "CNY"},
                          reason=reason, notify_url=notify_url)

    def query_refund(self, out_refund_no: str) -> dict[str, Any]:
        return self._call(self.client.query_refund, out_refund_no=out_refund_no)

    def trade_bill(self, bill_date: str, bill_type: str = "ALL") -> dict[str, Any] | None:
        """Apply for a day's bill (GZIP); None when WeChat has no bill for that day."""
        try:
            return self._call(self.client.trade_bill, bill_date=bill_date, bill_type=bill_type, tar_type="GZIP")
        except WechatPayRejected as exc:
            if exc.code == "NO_STATEMENT_EXIST":  # a day without any transaction
                return None
            raise

    def download_bill(self, download_url: str) -> bytes:
        """The bill file itself: not signed by WeChat, the caller checks ``hash_value``."""
        try:
            status, content = self.client.download_bill(download_url)
        except (requests.RequestException, OSError) as exc:
            log.warning("wechatpay bill download failed: %s", type(exc).__name__)
            raise WechatPayUnavailable() from exc
        if not 200 <= status < 300:
            raise WechatPayUnavailable()
        return content if isinstance(content, bytes) else str(content).encode("utf-8")
