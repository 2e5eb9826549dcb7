"""In-memory WeChat Pay merchant state: orders, refunds, bill download tokens, notifications.

Every public method takes the state lock: the sandbox is one threaded process. Business
times (create/success times, time_expire, bill days) come from the sandbox clock.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import secrets
import threading
from typing import Any

from sandbox.clock import SandboxClock
from sandbox.wechatpay import bills, crypto, notify
from sandbox.wechatpay.config import RUNTIME_SETTINGS, PaySandboxConfig, Settings
from sandbox.wechatpay.errors import PayError, invalid_request, order_not_exist
from sandbox.wechatpay.models import REFUND_SUMMARY, Order, Refund
from sandbox.wechatpay.signing import Platform

PREPAY_TTL = 7200.0  # a prepay_id can start wx.requestPayment for 2 hours
MAX_REFUNDS = 50  # partial refunds per order


class PayState:
    def __init__(self, config: PaySandboxConfig, appid: str, clock: SandboxClock) -> None:
        self.config = config
        self.appid = appid
        self.clock = clock
        self.lock = threading.RLock()
        self.merchant_key = crypto.load_public_key(config.merchant_public_key_path)
        self.platform = Platform(config)
        self.deliveries = notify.Deliveries(
            self.sign_headers, lambda: self.settings.time_scale, config.delivery_timeout
        )
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.settings = Settings(**{name: getattr(self.config, name) for name in RUNTIME_SETTINGS})
            self.orders: dict[str, Order] = {}  # out_trade_no -> order (one merchant)
            self.by_prepay_id: dict[str, Order] = {}
            self.by_transaction_id: dict[str, Order] = {}
            self.refunds: dict[str, Refund] = {}  # out_refund_no -> refund
            self.bill_files: dict[str, bills.BillFile] = {}
            # (day, bill_type) -> (CSV bytes or None for "no bill", hash_value override or None)
            self.injected_bills: dict[tuple[dt.date, str], tuple[bytes | None, str | None]] = {}
            self.deliveries.reset()

    def sign_headers(
        self, body: bytes, timestamp: int | None = None, signature: str | None = None
    ) -> dict[str, str]:
        """Wechatpay-* headers from the platform key the current settings choose."""
        s = self.settings
        return self.platform.headers(body, s.platform_mode, s.signing_key_index, timestamp, signature)

    # --- orders ------------------------------------------------------------
    def _expire(self, order: Order) -> None:
        if (
            order.trade_state == "NOTPAY"
            and order.time_expire is not None
            and self.clock.now() >= order.time_expire
        ):
            order.trade_state = "CLOSED"

    def create_order(self, mchid: str, fields: dict[str, Any]) -> Order:
        with self.lock:
            if fields["appid"] != self.appid:
                raise PayError(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配")
            now = self.clock.now()
            order = self.orders.get(fields["out_trade_no"])
            if order is not None:
                self._expire(order)
                if order.params != fields:
                    raise invalid_request("201 商户订单号重复")
                if order.paid:
                    raise PayError(400, "ORDERPAID", "该订单已支付")
                if order.trade_state == "CLOSED":
                    raise PayError(400, "ORDER_CLOSED", "订单已关闭")
                if now - order.prepay_issued_at >= PREPAY_TTL:
                    order.prepay_id, order.prepay_issued_at = crypto.new_prepay_id(now), now
                    self.by_prepay_id[order.prepay_id] = order
                return order
            order = Order(
                mchid=mchid,
                params=dict(fields),
                created_at=now,
                prepay_id=crypto.new_prepay_id(now),
                prepay_issued_at=now,
                **fields,
            )
            self.orders[order.out_trade_no] = order
            self.by_prepay_id[order.prepay_id] = order
            return order

    def find_order(self, out_trade_no: str | None = None, transaction_id: str | None = None) -> Order:
        with self.lock:
            if transaction_id is not None:
                order = self.by_transaction_id.get(transaction_id)
            else:
                order = self.orders.get(out_trade_no or "")
            if order is None:
                raise order_not_exist()
            self._expire(order)
            return order

    def close_order(self, out_trade_no: str) -> None:
        with self.lock:
            order = self.find_order(out_trade_no=out_trade_no)
            if order.paid:
                raise PayError(400, "ORDERPAID", "订单已支付")
            order.trade_state = "CLOSED"

    def pay(
        self, prepay_id: str | None, out_trade_no: str | None, payer_total: int | None, bank_type: str
    ) -> tuple[Order, notify.Notification]:
        """Stand-in for the user paying in WeChat: SUCCESS, then TRANSACTION.SUCCESS."""
        with self.lock:
            now = self.clock.now()
            order = (
                self.by_prepay_id.get(prepay_id or "") if prepay_id else self.orders.get(out_trade_no or "")
            )
            if order is None:
                raise ValueError("unknown prepay_id" if prepay_id else f"unknown out_trade_no {out_trade_no}")
            self._expire(order)
            if order.trade_state != "NOTPAY":
                raise ValueError(f"order {order.out_trade_no} is {order.trade_state}, not NOTPAY")
            if prepay_id and (prepay_id != order.prepay_id or now - order.prepay_issued_at >= PREPAY_TTL):
                raise ValueError("prepay_id expired (2 hours) or replaced")
            payer_total = order.total if payer_total is None else payer_total
            if not 0 < payer_total <= order.total:
                raise ValueError("payer_total must be in 1..total")
            order.trade_state, order.success_time = "SUCCESS", now
            order.transaction_id = crypto.new_transaction_id(now)
            order.payer_total, order.bank_type = payer_total, bank_type
            self.by_transaction_id[order.transaction_id] = order
            n = self._notify(
                "TRANSACTION.SUCCESS",
                "支付成功",
                "transaction",
                order.notification_resource(),
                order.notify_url,
                out_trade_no=order.out_trade_no,
            )
            return order, n

    # --- refunds -----------------------------------------------------------
    def create_refund(self, fields: dict[str, Any]) -> Refund:
        with self.lock:
            existing = self.refunds.get(fields["out_refund_no"])
            if existing is not None:
                if existing.params != fields:
                    raise invalid_request("商户退款单号重复, 且与原退款请求参数不一致")
                return existing  # "同一退款单号多次请求只退一笔"
            try:
                order = self.find_order(fields["out_trade_no"], fields["transaction_id"])
            except PayError:
                raise PayError(404, "RESOURCE_NOT_EXISTS", "订单不存在") from None
            if not order.paid:
                raise invalid_request("订单未支付, 不能发起退款")
            if fields["total"] != order.total:
                raise invalid_request("订单金额total与原订单金额不一致")
            if fields["refund"] > order.refundable():
                raise PayError(400, "NOT_ENOUGH", "申请退款金额超过订单可退金额")
            if len(order.refunds) >= MAX_REFUNDS:
                raise invalid_request("订单退款次数超过限制(50次)")
            now = self.clock.now()
            refund = Refund(
                order=order,
                out_refund_no=fields["out_refund_no"],
                refund_id=crypto.new_refund_id(now),
                refund=fields["refund"],
                reason=fields["reason"],
                notify_url=fields["notify_url"],
                funds_account=fields["funds_account"],
                params=dict(fields),
                created_at=now,
            )
            order.refunds.append(refund)
            order.trade_state = "REFUND"
            self.refunds[refund.out_refund_no] = refund
            if self.settings.refund_auto_success_seconds is not None:
                delay = self.settings.refund_auto_success_seconds * self.settings.time_scale
                self._auto_settle(refund.out_refund_no, delay)
            return refund

    def _auto_settle(self, out_refund_no: str, delay: float) -> None:
        stop = self.deliveries.stop

        def settle() -> None:
            if stop.wait(delay):
                return
            with self.lock:
                refund = self.refunds.get(out_refund_no)
                if not stop.is_set() and refund is not None and refund.status == "PROCESSING":
                    self.settle_refund(out_refund_no, "SUCCESS")

        threading.Thread(target=settle, name=f"wechatpay-refund-{out_refund_no}", daemon=True).start()

    def find_refund(self, out_refund_no: str) -> Refund:
        with self.lock:
            refund = self.refunds.get(out_refund_no)
            if refund is None:
                raise PayError(404, "RESOURCE_NOT_EXISTS", "退款单不存在")
            return refund

    def settle_refund(self, out_refund_no: str, status: str) -> tuple[Refund, notify.Notification | None]:
        """PROCESSING -> SUCCESS | ABNORMAL | CLOSED, then REFUND.<status> if it has a notify_url."""
        if status not in REFUND_SUMMARY:
            raise ValueError(f"status must be one of {', '.join(REFUND_SUMMARY)}")
        with self.lock:
            refund = self.refunds.get(out_refund_no)
            if refund is None:
                raise ValueError(f"unknown out_refund_no {out_refund_no}")
            if refund.status != "PROCESSING":
                raise ValueError(f"refund {out_refund_no} is already {refund.status}")
            refund.status = status
            if status == "SUCCESS":
                refund.success_time = self.clock.now()
            n = None
            if refund.notify_url:
                n = self._notify(
                    f"REFUND.{status}",
                    REFUND_SUMMARY[status],
                    "refund",
                    refund.notification_resource(),
                    refund.notify_url,
                    out_trade_no=refund.order.out_trade_no,
                    out_refund_no=out_refund_no,
                )
            return refund, n

    # --- notifications -----------------------------------------------------
    def _notify(
        self,
        event_type: str,
        summary: str,
        original_type: str,
        resource: dict[str, Any],
        url: str,
        **keys: str,
    ) -> notify.Notification:
        plaintext = json.dumps(resource, ensure_ascii=False, separators=(",", ":"))
        sealed = crypto.aead_encrypt(self.config.apiv3_key, plaintext, original_type)
        body = notify.envelope(event_type, summary, original_type, sealed, self.clock.now())
        return self.deliveries.send(event_type, body, url, **keys)

    # --- bills -------------------------------------------------------------
    def trade_bill(self, mchid: str, day: dt.date, bill_type: str, compress: bool) -> tuple[str, str]:
        """Build the bill for `day`; return (token, sha1 of the uncompressed CSV)."""
        with self.lock:
            s, now = self.settings, self.clock.now()
            injected = self.injected_bills.get((day, bill_type))
            hash_value = None
            if injected is not None:
                text, hash_value = injected
                if text is None:
                    raise PayError(400, "NO_STATEMENT_EXIST", "账单文件不存在")
            else:
                orders = list(self.orders.values())
                text = bills.statement(bill_type, day, orders, now, s.bill_ready_hour, self.config.fee_rate_bp)
            data = gzip.compress(text, mtime=0) if compress else text
            token = secrets.token_urlsafe(32)
            self.bill_files[token] = bills.BillFile(mchid, data, now + self.config.bill_url_ttl)
            return token, hash_value or hashlib.sha1(text, usedforsecurity=False).hexdigest()

    def inject_bill(self, day: dt.date, bill_type: str, text: bytes | None, hash_value: str | None) -> None:
        """Serve this bill for (day, bill_type) instead of one built from traffic (None: no bill)."""
        with self.lock:
            self.injected_bills[(day, bill_type)] = (text, hash_value)

    def bill_file(self, mchid: str, token: str | None) -> bytes:
        with self.lock:
            found = self.bill_files.get(token or "")
            if found is None or found.mchid != mchid or self.clock.now() >= found.expires_at:
                raise invalid_request("账单下载链接无效或已过期, 请重新申请")
            return found.data
