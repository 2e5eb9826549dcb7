"""Operator refunds: one WeChat Pay refund attempt per ``Refund`` row, and what a refund takes back.

Virtual services are normally not refundable (the terms), so every refund names a reason and
is made by an operator with the ``finance`` role; it is audited.

Attempts: each request to WeChat uses a fresh ``out_refund_no``. If WeChat rejects the request
(a definite 4xx answer) the attempt is kept as ``failed`` and a retry is a new attempt with a new
``out_refund_no``. If WeChat cannot be reached (timeout, 5xx) the outcome is unknown — WeChat may
have accepted it — so the attempt stays ``processing`` (503 ``refund_outcome_unknown``) and
``sync`` settles it: WeChat's answer is applied, and "no such refund" (``RESOURCE_NOT_EXISTS``)
more than ``UNKNOWN_GRACE`` after the attempt marks it ``failed``. The amount still refundable is
``amount_fen − refunded_fen − (attempts processing or abnormal)``, so attempts in flight or needing
manual handling can never add up to more than was paid.

Entitlement rule (applied once, when an attempt reaches ``success``):

* **Full refund** (``refunded_fen`` reaches the order's ``amount_fen``): the remaining time of
  the order's grant is revoked: ``min(granted, grant_end − now)`` seconds (never negative)
  minus whatever earlier partial refunds of this order already took back.
* **Partial refund**: a proportional share of the purchased duration is revoked:
  ``floor(granted_seconds × refund_fen / amount_fen)`` where ``granted_seconds`` is the order's
  grant (``plan.duration_days × 86400`` at purchase).
* An order without a grant (cause ``order``, id ``out_trade_no`` or ``public_id``) loses nothing:
  a 0-second revoke entry still records the refund in the ledger.

Either way ``ledger.revoke`` never takes time before now (time already used stays used), and the
ledger entry's cause is ``(refund, refund.public_id)``, so it happens at most once per attempt.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bff.billing import ledger, service
from bff.errors import DomainError
from bff.integrations.wechatpay import WechatPayRejected, WechatPayUnavailable
from models import EntitlementEntry, Order, Plan, Refund, User
from models.base import utcnow
from models.billing import LedgerCause, OrderStatus, RefundStatus
from models.locking import for_update

REFUNDABLE = (OrderStatus.paid, OrderStatus.partially_refunded)
REASON_MIN = 4
UNKNOWN_GRACE = timedelta(seconds=60)
OPEN = (RefundStatus.processing, RefundStatus.abnormal)  # money may still leave: not refundable again


OrderNotFound = service.OrderNotFound  # one definition per reason


class RefundNotFound(DomainError):
    status, reason, message = 404, "refund_not_found", "退款记录不存在"


class OrderNotRefundable(DomainError):
    status, reason, message = 409, "order_not_refundable", "该订单当前不可退款"


class RefundAmountInvalid(DomainError):
    status, reason, message = 422, "refund_amount_exceeds_paid", "退款金额超过可退金额"


class RefundOutcomeUnknown(DomainError):
    """WeChat could not be reached; the attempt stays ``processing`` until a sync settles it."""

    status, reason, message = 503, "refund_outcome_unknown", "微信支付暂无响应，退款结果待确认，请稍后同步退款状态"
    persist = True


class RefundRequestFailed(DomainError):
    """WeChat did not accept the refund; the attempt is kept as ``failed`` (so: persist)."""

    status, reason, message = 502, "refund_request_failed", "微信支付未受理退款，请稍后重试"
    persist = True


def new_out_refund_no() -> str:
    return "R" + secrets.token_hex(15)  # 31 chars, unique per attempt


def refundable_fen(session: Session, order: Order) -> int:
    pending = session.scalar(select(func.coalesce(func.sum(Refund.amount_fen), 0))
                             .where(Refund.order_id == order.id, Refund.status.in_(OPEN)))
    return order.amount_fen - order.refunded_fen - int(pending or 0)


def find_order(session: Session, public_id: str, *, lock: bool = False) -> Order:
    stmt = select(Order).where(Order.public_id == public_id)
    if lock:
        stmt = for_update(stmt)
    order = session.scalar(stmt)
    if order is None:
        raise OrderNotFound()
    return order


def find_refund(session: Session, public_id: str) -> Refund:
    refund = session.scalar(select(Refund).where(Refund.public_id == public_id))
    if refund is None:
        raise RefundNotFound()
    return refund


def list_refunds(session: Session, order: Order) -> list[Refund]:
    return list(session.scalars(select(Refund).where(Refund.order_id == order.id).order_by(Refund.id)))


def _order_grant(session: Session, order: Order) -> EntitlementEntry | None:
    return session.scalar(select(EntitlementEntry).where(
        EntitlementEntry.cause_type == LedgerCause.order,
        EntitlementEntry.cause_id.in_([order.public_id, order.out_trade_no]),
        EntitlementEntry.kind == "grant",
    ).order_by(EntitlementEntry.id).limit(1))


def _already_revoked(session: Session, order: Order) -> int:
    """Seconds earlier refunds of this order took back (delta_seconds are negative)."""
    ids = select(Refund.public_id).where(Refund.order_id == order.id)
    total = session.scalar(select(func.coalesce(func.sum(EntitlementEntry.delta_seconds), 0)).where(
        EntitlementEntry.cause_type == LedgerCause.refund, EntitlementEntry.kind == "revoke",
        EntitlementEntry.cause_id.in_(ids)))
    return -int(total or 0)


def revoke_seconds(*, granted_seconds: int, grant_ends_at: datetime | None, order_amount_fen: int,
                   refund_fen: int, full: bool, already_revoked: int, now: datetime) -> int:
    """The rule in the module docstring, as a pure function."""
    if full:
        remaining = granted_seconds
        if grant_ends_at is not None:
            remaining = max(0, min(granted_seconds, int((grant_ends_at - now).total_seconds())))
        return max(0, remaining - already_revoked)
    return granted_seconds * refund_fen // order_amount_fen


def apply_refund_success(session: Session, refund: Refund, *, now: datetime | None = None) -> None:
    """Mark a processing attempt successful, update the order and take back VIP time.

    Idempotent: only ``processing`` or ``abnormal`` → ``success`` does anything (an abnormal
    refund can still succeed once the merchant resolves it; a second notification, a sync after
    the notification, or a notification for a failed/closed attempt changes nothing).
    """
    now = now or utcnow()
    order = session.scalar(for_update(select(Order).where(Order.id == refund.order_id)))
    session.refresh(refund, with_for_update=True)
    if refund.status not in (RefundStatus.processing, RefundStatus.abnormal) or order is None:
        return
    refund.status, refund.completed_at = RefundStatus.success, now
    order.refunded_fen = min(order.amount_fen, order.refunded_fen + refund.amount_fen)
    full = order.refunded_fen >= order.amount_fen
    order.status = OrderStatus.refunded if full else OrderStatus.partially_refunded
    user = session.get(User, order.user_id)
    plan = session.get(Plan, order.plan_id)
    assert user is not None and plan is not None
    grant = _order_grant(session, order)
    seconds = 0  # no grant for this order (e.g. the payment was never applied): nothing to take back
    if grant is not None:
        seconds = revoke_seconds(granted_seconds=grant.delta_seconds, grant_ends_at=grant.ends_at,
                                 order_amount_fen=order.amount_fen, refund_fen=refund.amount_fen, full=full,
                                 already_revoked=_already_revoked(session, order), now=now)
    ledger.revoke(session, user, plan, seconds=seconds, cause_type=LedgerCause.refund, cause_id=refund.public_id,
                  now=now)
    session.flush()


def apply_refund_final(session: Session, refund: Refund, status: str, *, now: datetime | None = None) -> None:
    """Apply WeChat's refund_status (SUCCESS | CLOSED | ABNORMAL | PROCESSING) to an attempt."""
    status = status.upper()
    if status == "SUCCESS":
        apply_refund_success(session, refund, now=now)
    elif status in {"CLOSED", "ABNORMAL"} and refund.status == RefundStatus.processing:
        refund.status = RefundStatus.closed if status == "CLOSED" else RefundStatus.abnormal
        refund.completed_at = now or utcnow()
        session.flush()


def create_refund(session: Session, order: Order, *, amount_fen: int, reason: str, operator_id: str,
                  notify_url: str, now: datetime | None = None) -> Refund:
    """One attempt: record it, ask WeChat, apply at once if WeChat already says SUCCESS."""
    if order.status not in REFUNDABLE:
        raise OrderNotRefundable()
    if amount_fen < 1 or amount_fen > refundable_fen(session, order):
        raise RefundAmountInvalid(errors={"amount_fen": ["exceeds refundable amount"],
                                          "refundable_fen": refundable_fen(session, order)})
    refund = Refund(order_id=order.id, out_refund_no=new_out_refund_no(), amount_fen=amount_fen,
                    reason=reason[:200], operator_id=operator_id, status=RefundStatus.processing,
                    created_at=now or utcnow())
    session.add(refund)
    session.flush()
    from bff.deps import deps  # Flask only on the request paths: the reconciliation job applies refunds too

    try:
        answer = deps().wechatpay.refund(out_refund_no=refund.out_refund_no, out_trade_no=order.out_trade_no,
                                         refund_fen=amount_fen, total_fen=order.amount_fen, reason=reason[:80],
                                         notify_url=notify_url)
    except WechatPayRejected as exc:
        refund.status, refund.completed_at = RefundStatus.failed, now or utcnow()
        session.flush()
        raise RefundRequestFailed(errors={"wechat_code": exc.code, "refund_id": refund.public_id}) from exc
    except WechatPayUnavailable as exc:
        raise RefundOutcomeUnknown(errors={"refund_id": refund.public_id}) from exc
    refund.refund_id = answer.get("refund_id")
    session.flush()
    if answer.get("status") in {"SUCCESS", "CLOSED", "ABNORMAL"}:
        apply_refund_final(session, refund, str(answer["status"]), now=now)
    return refund


def sync_refund(session: Session, refund: Refund, *, now: datetime | None = None) -> Refund:
    """Ask WeChat where an attempt stands and apply a final answer."""
    if refund.status != RefundStatus.processing:
        return refund
    now = now or utcnow()
    from bff.deps import deps  # see create_refund

    try:
        answer = deps().wechatpay.query_refund(refund.out_refund_no)
    except WechatPayRejected as exc:
        if exc.code == "RESOURCE_NOT_EXISTS" and refund.refund_id is None and now - refund.created_at > UNKNOWN_GRACE:
            refund.status, refund.completed_at = RefundStatus.failed, now  # the request never reached WeChat
            session.flush()
            return refund
        raise
    if answer.get("refund_id") and not refund.refund_id:
        refund.refund_id = answer["refund_id"]
    apply_refund_final(session, refund, str(answer.get("status", "PROCESSING")), now=now)
    return refund
