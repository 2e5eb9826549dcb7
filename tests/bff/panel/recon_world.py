"""A bill date with a mismatch of every category planted (hand-made bills served by the WeChat
Pay emulator against local rows), plus a payment just before midnight billed the next day."""

from __future__ import annotations

from datetime import UTC, date

from flask import Flask
from sqlalchemy import select

from bff.billing import ledger
from models import Plan, User
from models.billing import LedgerCause, OrderStatus, RefundStatus
from tests.bff.admin.helpers import emulator_settings
from tests.bff.reconciliation.helpers import at, inject, local_order, local_refund, refund_row, render, trade_row

UNKNOWN_ORDER = "TUNKNOWN000000000000001"


def plant_every_category(app: Flask, sandbox_url: str, user_public_id: str, day: date) -> dict[str, str]:
    """Local rows and the day's bills; returns out_trade_no / out_refund_no by the category it plants."""
    emulator_settings(sandbox_url, bill_ready_hour=None)
    u = user_public_id
    matched = local_order(app, u, paid_at=at(day, 9))
    short = local_order(app, u, paid_at=at(day, 12))
    wrong_amount = local_order(app, u, paid_at=at(day, 13))
    revoked = local_order(app, u, paid_at=at(day, 14))
    unpaid_here = local_order(app, u, paid_at=None, status=OrderStatus.closed, grant=False)
    no_grant = local_order(app, u, paid_at=at(day, 15), grant=False)
    unbacked = local_order(app, u, paid_at=None, status=OrderStatus.created, grant=False)
    refunded = local_order(app, u, paid_at=at(day, 8))
    midnight = local_order(app, u, paid_at=at(day, 23, 58))
    ok_refund = local_refund(app, refunded, 1000, at(day, 16))
    lost_refund = local_refund(app, refunded, 500, at(day, 17))
    amount_refund = local_refund(app, refunded, 700, at(day, 18))
    stuck_refund = local_refund(app, refunded, 300, at(day, 19), status=RefundStatus.processing, revoke=False)
    unreduced = local_refund(app, matched, 200, at(day, 20), revoke=False)
    with app.app_context(), app.extensions["mirror.db"].factory.begin() as session:
        user = session.get(User, unbacked.user_id)
        plan = session.scalar(select(Plan).where(Plan.code == "vip_month"))
        ledger.grant(session, user, plan, cause_type=LedgerCause.order, cause_id=unbacked.out_trade_no,
                     now=at(day, 21).astimezone(UTC))
    trade = [trade_row(matched.out_trade_no, 6800, at(day, 9)),
             trade_row(UNKNOWN_ORDER, 6800, at(day, 10)),
             trade_row(unpaid_here.out_trade_no, 6800, at(day, 10, 30)),
             trade_row(wrong_amount.out_trade_no, 6801, at(day, 13)),
             trade_row(revoked.out_trade_no, 6800, at(day, 14), state="REVOKED"),
             trade_row(no_grant.out_trade_no, 6800, at(day, 15)),
             trade_row(refunded.out_trade_no, 6800, at(day, 8))]
    refunds = [refund_row(refunded.out_trade_no, ok_refund.out_refund_no, 1000, at(day, 16)),
               refund_row(refunded.out_trade_no, amount_refund.out_refund_no, 770, at(day, 18)),
               refund_row(refunded.out_trade_no, stuck_refund.out_refund_no, 300, at(day, 19)),
               refund_row(refunded.out_trade_no, "RUNKNOWN", 100, at(day, 19, 30)),
               refund_row(matched.out_trade_no, unreduced.out_refund_no, 200, at(day, 20))]
    inject(sandbox_url, day, "ALL", render("ALL", trade))
    inject(sandbox_url, day, "REFUND", render("REFUND", refunds))
    return {"wechat_only": UNKNOWN_ORDER, "local_only": short.out_trade_no, "amount": wrong_amount.out_trade_no,
            "status": revoked.out_trade_no, "cross_day": midnight.out_trade_no,
            "refund_wechat_only": "RUNKNOWN", "refund_local_only": lost_refund.out_refund_no,
            "refund_amount": amount_refund.out_refund_no, "refund_status": stuck_refund.out_refund_no,
            "entitlement_missing": no_grant.out_trade_no, "entitlement_unbacked": unbacked.out_trade_no,
            "entitlement_not_reduced": unreduced.out_refund_no}
