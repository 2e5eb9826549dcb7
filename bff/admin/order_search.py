"""Orders for operators: indexed search with keyset pagination, and one order's whole story.

Flask-free (the admin API and the panel pages call the same functions). Exact matches on
out_trade_no and transaction id use their unique indexes; user and store filters the
``(user_id, id)`` index; a date range (Asia/Shanghai days) the ``(created_at, id)`` index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bff import cursors
from bff.billing.service import OrderNotFound
from models import (
    EntitlementEntry,
    Order,
    PaymentAlert,
    PaymentNotification,
    Plan,
    ReconciliationMismatch,
    Refund,
    Store,
    StoreMember,
    User,
)
from models.billing import LedgerCause, OrderStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_LIMIT = 100


@dataclass(frozen=True)
class OrderQuery:
    out_trade_no: str | None = None
    transaction_id: str | None = None
    store_id: str | None = None  # public ids
    user_id: str | None = None
    status: OrderStatus | None = None
    created_from: date | None = None  # Shanghai days, inclusive
    created_to: date | None = None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, SHANGHAI)


def search_orders(session: Session, query: OrderQuery, *, cursor: str | None = None,
                  limit: int = 50) -> tuple[list[tuple[Order, str, str]], str | None]:
    """Newest first: ``[(order, user public id, plan code)], next_cursor``. Unknown store or
    user ids simply match nothing. :raise InvalidCursor:"""
    stmt = select(Order, User.public_id, Plan.code).join(User, User.id == Order.user_id).join(
        Plan, Plan.id == Order.plan_id)
    if query.out_trade_no:
        stmt = stmt.where(Order.out_trade_no == query.out_trade_no)
    if query.transaction_id:
        stmt = stmt.where(Order.transaction_id == query.transaction_id)
    if query.user_id:
        stmt = stmt.where(User.public_id == query.user_id)
    if query.store_id:
        members = select(StoreMember.user_id).join(Store, Store.id == StoreMember.store_id).where(
            Store.public_id == query.store_id)
        stmt = stmt.where(Order.user_id.in_(members))
    if query.status is not None:
        stmt = stmt.where(Order.status == query.status)
    if query.created_from:
        stmt = stmt.where(Order.created_at >= _day_start(query.created_from))
    if query.created_to:
        stmt = stmt.where(Order.created_at < _day_start(query.created_to + timedelta(days=1)))
    if (after := cursors.decode_id(cursor)) is not None:
        stmt = stmt.where(Order.id < after)
    limit = max(1, min(limit, MAX_LIMIT))
    rows = [tuple(r) for r in session.execute(stmt.order_by(Order.id.desc()).limit(limit + 1))]
    page = rows[:limit]
    return page, cursors.encode_id(page[-1][0].id) if len(rows) > limit else None  # type: ignore[return-value]


def order_detail(session: Session, public_id: str) -> dict[str, Any]:
    """The order with its notifications (stored evidence), refunds, ledger entries, alerts and
    reconciliation mismatches. :raise OrderNotFound:"""
    row = session.execute(select(Order, User.public_id, Plan.code).join(User, User.id == Order.user_id)
                          .join(Plan, Plan.id == Order.plan_id).where(Order.public_id == public_id)).first()
    if row is None:
        raise OrderNotFound()
    order, user_public_id, plan_code = row
    refunds = list(session.scalars(select(Refund).where(Refund.order_id == order.id).order_by(Refund.id)))
    causes = [(LedgerCause.order, order.out_trade_no), (LedgerCause.order, order.public_id)]
    causes += [(LedgerCause.refund, r.public_id) for r in refunds]
    ledger = list(session.scalars(select(EntitlementEntry).where(
        EntitlementEntry.user_id == order.user_id,
        EntitlementEntry.cause_id.in_([c for _, c in causes])).order_by(EntitlementEntry.id)))
    ledger = [e for e in ledger if (e.cause_type, e.cause_id) in causes]
    notifications = list(session.scalars(select(PaymentNotification).where(
        PaymentNotification.out_trade_no == order.out_trade_no).order_by(PaymentNotification.id)))
    alerts = list(session.scalars(select(PaymentAlert).where(PaymentAlert.order_id == order.id)
                                  .order_by(PaymentAlert.id)))
    mismatches = list(session.scalars(select(ReconciliationMismatch).where(
        ReconciliationMismatch.out_trade_no == order.out_trade_no).order_by(ReconciliationMismatch.id)))
    return {"order": order, "user_id": user_public_id, "plan_code": plan_code, "refunds": refunds, "ledger": ledger,
            "notifications": notifications, "alerts": alerts, "mismatches": mismatches}
