"""Billing jobs: closing unpaid orders once they expire.

``close_expired_orders`` runs every minute (``jobs/schedule.py``: RQ's cron scheduler, and the
embedded app's in-process worker thread). For each ``created`` order past ``expires_at`` it asks
WeChat Pay first (query by out_trade_no): paid there → fulfilled through the same path as a
notification (``bff.billing.service.fulfil_paid_order``), otherwise closed at WeChat, then
locally. Each order has its own transaction; running twice changes nothing more (idempotent).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from bff.billing.service import expire_order
from bff.errors import DomainError
from bff.integrations.wechatpay import WechatPayGateway
from jobs import runtime
from models import Order
from models.base import utcnow
from models.billing import OrderStatus
from models.transient import retry_once

log = logging.getLogger(__name__)
BATCH = 200


@dataclass(frozen=True)
class _Gateways:
    wechatpay: WechatPayGateway


def _gateways(rt: runtime.Runtime) -> _Gateways:
    # One lazily built WeChat Pay client per runtime (its constructor reads the keys).
    cached = rt.__dict__.get("_billing_gateways")
    if cached is None:
        cached = rt.__dict__["_billing_gateways"] = _Gateways(WechatPayGateway(rt.settings))
    return cached


def close_expired_orders() -> str:
    rt = runtime.current()
    now = utcnow()
    with rt.transaction() as session:
        ids = list(session.scalars(select(Order.id).where(Order.status == OrderStatus.created,
                                                          Order.expires_at <= now)
                                   .order_by(Order.expires_at).limit(BATCH)))
    outcomes: Counter[str] = Counter()
    for order_id in ids:
        try:
            outcome = _expire_one(rt, order_id)
        except DomainError as exc:  # WeChat down or refusing: the next tick tries again
            log.warning("expiring order failed: %s", exc.reason, extra={"order_id": order_id})
            outcome = "failed"
        outcomes[outcome] += 1
    return " ".join(f"{k}={v}" for k, v in sorted(outcomes.items())) or "nothing"


@retry_once
def _expire_one(rt: runtime.Runtime, order_id: int) -> str:
    with rt.transaction() as session:
        order = session.get(Order, order_id)
        return expire_order(session, order, _gateways(rt)) if order else "skipped"
