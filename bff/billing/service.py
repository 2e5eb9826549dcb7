"""Plans, orders, the entitlement view and order fulfilment.

Shared entry points (other modules import these by name; keep the signatures):

``fulfil_paid_order(session, order, *, transaction_id, paid_at, amount_fen, now=None) -> str``
    The one idempotent path that turns a payment WeChat reports as SUCCESS into a paid order
    and a ledger grant; used by order polling, the expiry job and the payment notification
    handler. It locks the order row, moves ``created|closed -> paid`` only (never backwards),
    grants the plan once (ledger cause ``(order, out_trade_no, grant)`` is unique) and returns
    an outcome: ``"fulfilled"`` (this call paid and granted), ``"already_paid"`` (the order was
    already paid/refunded: nothing changed), or ``"amount_mismatch"`` (``amount_fen`` differs
    from the order's amount: nothing granted, a ``PaymentAlert`` is written). Flushes, never
    commits.

``close_order_locally(session, order, *, now=None) -> bool``
    ``created -> closed`` only; True if it changed the order.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bff.billing import ledger
from bff.errors import DomainError
from bff.integrations.wechatpay import WechatPayGateway, WechatPayRejected, WechatPayUnavailable
from models import ConsultantProfile, Order, PaymentAlert, Plan, User
from models.base import utcnow
from models.billing import LedgerCause, OrderStatus

log = logging.getLogger(__name__)
FULFILLED, ALREADY_PAID, AMOUNT_MISMATCH = "fulfilled", "already_paid", "amount_mismatch"


def lock_order(session: Session, order: Order) -> Order:
    """Re-read the order under a row lock (``SELECT ... FOR UPDATE``) with fresh values."""
    locked = session.scalar(select(Order).where(Order.id == order.id).with_for_update()
                            .execution_options(populate_existing=True))
    assert locked is not None
    return locked


def fulfil_paid_order(session: Session, order: Order, *, transaction_id: str, paid_at: datetime | None,
                      amount_fen: int, now: datetime | None = None, locked: bool = False) -> str:
    """``locked``: the caller already read ``order`` with ``SELECT ... FOR UPDATE`` in this transaction."""
    now = now or utcnow()
    if not locked:
        order = lock_order(session, order)
    if order.status not in (OrderStatus.created, OrderStatus.closed):
        return ALREADY_PAID
    if amount_fen != order.amount_fen:
        session.add(PaymentAlert(kind="amount_mismatch", order_id=order.id, created_at=now,
                                 detail=f"order {order.out_trade_no}: expected {order.amount_fen} fen, "
                                        f"WeChat reports {amount_fen} fen (transaction {transaction_id})"))
        session.flush()
        return AMOUNT_MISMATCH
    order.status = OrderStatus.paid
    order.transaction_id = transaction_id
    order.paid_at = paid_at or now
    plan = session.get(Plan, order.plan_id)
    assert plan is not None
    already = session.scalar(select(ledger.EntitlementEntry.id).where(
        ledger.EntitlementEntry.cause_type == LedgerCause.order,
        ledger.EntitlementEntry.cause_id == order.out_trade_no,
        ledger.EntitlementEntry.kind == "grant"))
    if already is None:
        # The ledger needs the user's id only (it locks the row itself): no entity load.
        ledger.grant(session, ledger.AccountId(order.user_id), plan, cause_type=LedgerCause.order,
                     cause_id=order.out_trade_no, now=now)
    session.flush()
    return FULFILLED


def close_order_locally(session: Session, order: Order, *, now: datetime | None = None) -> bool:
    order = lock_order(session, order)
    if order.status != OrderStatus.created:
        return False
    order.status = OrderStatus.closed
    order.closed_at = now or utcnow()
    session.flush()
    return True


# --------------------------------------------------------------------------------------------
# Payment channels: orders keep ``channel``; another channel is one more registered class.

PLATFORMS = ("ios", "android", "devtools", "windows", "mac")
WECHATPAY_JSAPI, ACTIVATION_CODE = "wechatpay_jsapi", "activation_code"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOTIFY_PATH = "api/v1/payments/wechatpay/notify"


class PaymentUnavailableOnPlatform(DomainError):
    status, reason, message = 403, "payment_unavailable_on_platform", "iOS 端暂不支持在小程序内购买，请使用激活码开通"


class PlanNotFound(DomainError):
    status, reason, message = 404, "plan_not_found", "套餐不存在或暂不可购买"


class OrderNotFound(DomainError):
    status, reason, message = 404, "order_not_found", "订单不存在"


class ConsultantRequired(DomainError):
    status, reason, message = 403, "consultant_required", "请先完成顾问注册"


@dataclass(frozen=True)
class PaymentState:
    """A channel's answer about one order, normalised: ``paid`` | ``pending`` | ``closed``."""

    state: str
    transaction_id: str | None = None
    paid_at: datetime | None = None
    amount_fen: int | None = None


class PaymentChannel(Protocol):
    name: str

    def start(self, order: Order, *, description: str, openid: str, notify_url: str) -> dict[str, str]:
        """Open the payment at the provider (sets ``order.prepay_id``); returns what the client needs."""

    def query(self, order: Order) -> PaymentState: ...

    def close(self, order: Order) -> None: ...


class WechatPayJsapi:
    """WeChat Pay API v3, JSAPI/mini-program (``wx.requestPayment``)."""

    name = WECHATPAY_JSAPI

    def __init__(self, gateway: WechatPayGateway) -> None:
        self.gateway = gateway

    def start(self, order: Order, *, description: str, openid: str, notify_url: str) -> dict[str, str]:
        order.prepay_id = self.gateway.create_jsapi(
            out_trade_no=order.out_trade_no, description=description, amount_fen=order.amount_fen, openid=openid,
            time_expire=order.expires_at.astimezone(SHANGHAI).isoformat(timespec="seconds"), notify_url=notify_url)
        return self.gateway.request_payment_params(order.prepay_id)

    def query(self, order: Order) -> PaymentState:
        try:
            tx = self.gateway.query(order.out_trade_no)
        except WechatPayRejected as exc:
            if exc.code == "ORDER_NOT_EXIST":  # prepay never reached WeChat: nothing can be paid
                return PaymentState("closed")
            raise
        trade_state = tx.get("trade_state")
        if trade_state in ("SUCCESS", "REFUND") and tx.get("transaction_id"):  # REFUND: paid, then refunded
            paid_at = datetime.fromisoformat(tx["success_time"]) if tx.get("success_time") else None
            return PaymentState("paid", transaction_id=tx.get("transaction_id"), paid_at=paid_at,
                                amount_fen=int((tx.get("amount") or {}).get("total", -1)))
        if trade_state in ("CLOSED", "REVOKED", "PAYERROR"):
            return PaymentState("closed")
        return PaymentState("pending")  # NOTPAY, USERPAYING

    def close(self, order: Order) -> None:
        self.gateway.close(order.out_trade_no)


class Gateways(Protocol):
    @property
    def wechatpay(self) -> WechatPayGateway: ...  # read-only: Deps exposes it as a property


CHANNELS: dict[str, Callable[[Gateways], PaymentChannel]] = {
    WECHATPAY_JSAPI: lambda g: WechatPayJsapi(g.wechatpay),
}


def channel(name: str, gateways: Gateways) -> PaymentChannel:
    return CHANNELS[name](gateways)


def purchase_channels(platform: str) -> list[str]:
    """What the server offers on a platform: no virtual goods through payment on iOS."""
    return [ACTIVATION_CODE] if platform == "ios" else [WECHATPAY_JSAPI]


# --------------------------------------------------------------------------------------------
# Plans, orders, the VIP view.

def purchasable_plans(session: Session) -> list[Plan]:
    return list(session.scalars(select(Plan).where(Plan.purchasable.is_(True), Plan.code != "free")
                                .order_by(Plan.sort_order, Plan.id)))


def new_out_trade_no(now: datetime) -> str:
    """32 characters: ``MW`` + the Shanghai date + 88 random bits in hex; never enumerable."""
    return f"MW{now.astimezone(SHANGHAI):%Y%m%d}{secrets.token_hex(11)}"


def create_order(session: Session, user: User, *, plan_code: str, platform: str, gateways: Gateways,
                 notify_base: str, ttl_minutes: int, now: datetime | None = None) -> tuple[Order, dict[str, str]]:
    """Open a payment first, then write the order: a refused or failed prepay leaves no row."""
    now = now or utcnow()
    offered = purchase_channels(platform)
    if WECHATPAY_JSAPI not in offered:
        raise PaymentUnavailableOnPlatform(errors={"purchase_channels": offered})
    if session.get(ConsultantProfile, user.id) is None:
        raise ConsultantRequired()
    plan = session.scalar(select(Plan).where(Plan.code == plan_code, Plan.purchasable.is_(True),
                                             Plan.code != "free", Plan.price_fen > 0))
    if plan is None:
        raise PlanNotFound()
    order = Order(out_trade_no=new_out_trade_no(now), user_id=user.id, plan_id=plan.id, channel=WECHATPAY_JSAPI,
                  amount_fen=plan.price_fen, currency="CNY", status=OrderStatus.created, created_at=now,
                  expires_at=now + timedelta(minutes=ttl_minutes))
    payment = channel(order.channel, gateways).start(
        order, description=f"美学镜 {plan.name}", openid=user.openid,
        notify_url=notify_base.rstrip("/") + "/" + NOTIFY_PATH)
    session.add(order)
    session.flush()
    return order, payment


def order_of(session: Session, user: User, public_id: str) -> Order:
    order = session.scalar(select(Order).where(Order.public_id == public_id, Order.user_id == user.id))
    if order is None:
        raise OrderNotFound()
    return order


def my_orders(session: Session, user: User, *, limit: int = 50) -> list[Order]:
    return list(session.scalars(select(Order).where(Order.user_id == user.id)
                                .order_by(Order.id.desc()).limit(limit)))


def reconcile(session: Session, order: Order, gateways: Gateways, *, now: datetime | None = None) -> str:
    """Ask the channel about a ``created`` order and apply the answer (idempotent).

    Returns ``paid`` | ``closed`` | ``pending`` | the order's status when it was no longer created.
    """
    if order.status != OrderStatus.created:
        return order.status.value
    state = channel(order.channel, gateways).query(order)
    if state.state == "paid":
        fulfil_paid_order(session, order, transaction_id=state.transaction_id or "", paid_at=state.paid_at,
                          amount_fen=state.amount_fen if state.amount_fen is not None else -1, now=now)
    elif state.state == "closed":
        close_order_locally(session, order, now=now)
    session.refresh(order)
    return state.state


def refresh_pending(session: Session, order: Order, gateways: Gateways) -> Order:
    """Polling a pending order asks WeChat, so a lost notification cannot leave it unfulfilled.
    A WeChat outage just answers with what is stored."""
    if order.status == OrderStatus.created:
        try:
            reconcile(session, order, gateways)
        except (WechatPayUnavailable, WechatPayRejected) as exc:
            log.warning("order query failed: %s", type(exc).__name__)
    return order


def expire_order(session: Session, order: Order, gateways: Gateways, *, now: datetime | None = None) -> str:
    """The expiry job's step for one order past ``expires_at``: paid at WeChat → fulfil;
    otherwise close at WeChat, then locally. Returns what happened."""
    now = now or utcnow()
    if order.status != OrderStatus.created:
        return "skipped"
    ch = channel(order.channel, gateways)
    state = ch.query(order)
    if state.state == "paid":
        return fulfil_paid_order(session, order, transaction_id=state.transaction_id or "", paid_at=state.paid_at,
                                 amount_fen=state.amount_fen if state.amount_fen is not None else -1, now=now)
    if state.state == "pending":
        try:
            ch.close(order)
        except WechatPayRejected as exc:
            if exc.code != "ORDERPAID":
                raise
            return expire_order(session, order, gateways, now=now)  # paid in between: fulfil
    close_order_locally(session, order, now=now)
    return "closed"


def vip_view(session: Session, user: User, *, redis: Any | None = None) -> dict[str, Any]:
    from bff.billing import quotas

    state = quotas.limits_for(session, user)
    ent = state.entitlement
    usage: dict[str, int] = {"clients": quotas.count_clients(session, user)}
    if redis is not None:
        for resource in quotas.MONTHLY:
            usage[f"{resource}_this_month"] = quotas.monthly_used(redis, user, resource)
    return {"vip": ent.is_vip, "plan_code": ent.plan.code if ent.plan else None,
            "plan_name": ent.plan.name if ent.plan else None, "ends_at": ent.ends_at,
            "limits": state.limits, "free_limits": dict(quotas.free_plan(session).limits or {}), "usage": usage}
