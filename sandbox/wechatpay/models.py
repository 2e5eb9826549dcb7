"""Orders and refunds as the emulator stores them, and their JSON shapes on the wire."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.wechatpay.crypto import rfc3339

TRADE_STATE_DESC = {
    "NOTPAY": "订单未支付",
    "SUCCESS": "支付成功",
    "CLOSED": "订单已关闭",
    "REFUND": "订单发生过退款",
}
REFUND_SUMMARY = {"SUCCESS": "退款成功", "ABNORMAL": "退款异常", "CLOSED": "退款关闭"}
USER_RECEIVED_ACCOUNT = "支付用户零钱"  # bank_type OTHERS: refunds go back to the wallet balance


@dataclass
class Order:
    mchid: str
    appid: str
    out_trade_no: str
    description: str
    notify_url: str
    total: int
    currency: str
    openid: str
    attach: str | None
    time_expire: float | None
    params: dict[str, Any]  # the request body, to tell a retry from a conflicting reuse
    created_at: float
    prepay_id: str
    prepay_issued_at: float
    trade_state: str = "NOTPAY"
    transaction_id: str | None = None
    success_time: float | None = None
    payer_total: int | None = None
    bank_type: str | None = None
    refunds: list[Refund] = field(default_factory=list)

    @property
    def paid(self) -> bool:
        return self.success_time is not None

    def refundable(self) -> int:
        held = sum(r.refund for r in self.refunds if r.status != "CLOSED")
        return self.total - held

    def transaction_json(self) -> dict[str, Any]:
        """GET /v3/pay/transactions/…: unpaid orders carry no transaction/payer details."""
        body: dict[str, Any] = {
            "appid": self.appid,
            "mchid": self.mchid,
            "out_trade_no": self.out_trade_no,
            "trade_state": self.trade_state,
            "trade_state_desc": TRADE_STATE_DESC[self.trade_state],
            "amount": {"total": self.total, "currency": self.currency, "payer_currency": self.currency},
            "promotion_detail": [],
        }
        if self.attach is not None:
            body["attach"] = self.attach
        if self.paid:
            assert self.success_time is not None and self.payer_total is not None
            body.update(
                transaction_id=self.transaction_id,
                trade_type="JSAPI",
                bank_type=self.bank_type,
                success_time=rfc3339(self.success_time),
                payer={"openid": self.openid},
            )
            body["amount"]["payer_total"] = self.payer_total
            if self.payer_total < self.total:
                body["promotion_detail"] = [
                    {
                        "coupon_id": "109519",
                        "name": "sandbox coupon",
                        "scope": "GLOBAL",
                        "type": "CASH",
                        "amount": self.total - self.payer_total,
                        "currency": self.currency,
                    }
                ]
        return body

    def notification_resource(self) -> dict[str, Any]:
        """The decrypted TRANSACTION.SUCCESS resource (PROTOCOLS.md §3.5)."""
        body = self.transaction_json()
        body.pop("promotion_detail", None)
        body.setdefault("attach", "")
        return body


@dataclass
class Refund:
    order: Order
    out_refund_no: str
    refund_id: str
    refund: int
    reason: str | None
    notify_url: str | None
    funds_account: str
    params: dict[str, Any]
    created_at: float
    status: str = "PROCESSING"
    success_time: float | None = None

    @property
    def payer_refund(self) -> int:
        order = self.order
        assert order.payer_total is not None
        # Coupons are refunded in proportion; the payer gets the rest back.
        return self.refund - self.discount_refund if order.payer_total < order.total else self.refund

    @property
    def discount_refund(self) -> int:
        order = self.order
        assert order.payer_total is not None
        return round(self.refund * (order.total - order.payer_total) / order.total)

    def refund_json(self) -> dict[str, Any]:
        """POST /v3/refund/domestic/refunds and GET …/refunds/{out_refund_no}."""
        order = self.order
        body: dict[str, Any] = {
            "refund_id": self.refund_id,
            "out_refund_no": self.out_refund_no,
            "transaction_id": order.transaction_id,
            "out_trade_no": order.out_trade_no,
            "channel": "ORIGINAL",
            "user_received_account": USER_RECEIVED_ACCOUNT,
            "create_time": rfc3339(self.created_at),
            "status": self.status,
            "funds_account": self.funds_account,
            "amount": {
                "total": order.total,
                "refund": self.refund,
                "from": [],
                "payer_total": order.payer_total,
                "payer_refund": self.payer_refund,
                "settlement_refund": self.refund,
                "settlement_total": order.total,
                "discount_refund": self.discount_refund,
                "currency": order.currency,
                "refund_fee": 0,
            },
            "promotion_detail": [],
        }
        if self.success_time is not None:
            body["success_time"] = rfc3339(self.success_time)
        return body

    def notification_resource(self) -> dict[str, Any]:
        """The decrypted REFUND.* resource (PROTOCOLS.md §3.7)."""
        order = self.order
        body: dict[str, Any] = {
            "mchid": order.mchid,
            "out_trade_no": order.out_trade_no,
            "transaction_id": order.transaction_id,
            "out_refund_no": self.out_refund_no,
            "refund_id": self.refund_id,
            "refund_status": self.status,
            "user_received_account": USER_RECEIVED_ACCOUNT,
            "amount": {
                "total": order.total,
                "refund": self.refund,
                "payer_total": order.payer_total,
                "payer_refund": self.payer_refund,
            },
        }
        if self.success_time is not None:
            body["success_time"] = rfc3339(self.success_time)
        return body
