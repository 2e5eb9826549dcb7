"""The ledger under concurrency: whatever arrives together, the VIP end date is exactly what was
granted minus what was revoked (bff/billing/ledger.py).

Every race runs many trials on one user whose VIP time already runs far into the future, so each
trial must move the end by exactly the sum of its own entries; the stored snapshot must also equal
``ledger.replay`` of the deltas. Real MariaDB, the app on a real port, the WeChat Pay emulator.
"""

from __future__ import annotations

import secrets
import threading
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import select

from bff.billing import ledger, refunds
from bff.db import session as db
from models import EntitlementEntry, Order, Plan, User
from models.billing import LedgerCause, OrderStatus
from tests.bff.admin.helpers import emulator_settings, make_operator, paid_order
from tests.bff.billing.test_notifications import (
    NOTIFY,
    PaySandbox,
    envelope,
    fresh_order,
    prepay,
    sign,
    transaction,
)

TRIALS = 20
MONTH = 31 * 86400
REDEEM = "/api/v1/activation-codes/redeem"
REFUND_NOTIFY = "/api/v1/payments/wechatpay/refund-notify"


@pytest.fixture
def paysandbox(app, sandbox_server) -> PaySandbox:  # type: ignore[no-untyped-def]
    sandbox = PaySandbox(sandbox_server.url)
    sandbox.control("settings", {"time_scale": 0.001, "refund_auto_success_seconds": None})
    return sandbox


@pytest.fixture
def vip(app, login):  # type: ignore[no-untyped-def]
    """A logged-in consultant with a year of VIP already running (so every grant stacks on the end)."""
    who = login()
    with app.extensions["mirror.db"].factory.begin() as s:
        user = s.scalar(select(User).where(User.public_id == who.user_id))
        year = s.scalar(select(Plan).where(Plan.code == "vip_year"))
        ledger.grant(s, user, year, cause_type=LedgerCause.activation_code, cause_id="base")
        who.id = user.id  # type: ignore[attr-defined]
    return who


@pytest.fixture
def make_order(app, vip):  # type: ignore[no-untyped-def]
    def do(plan_code: str) -> Order:
        with app.extensions["mirror.db"].factory.begin() as s:
            plan = s.scalar(select(Plan).where(Plan.code == plan_code))
            order = Order(out_trade_no="M" + secrets.token_hex(12), user_id=vip.id, plan_id=plan.id,
                          channel="wechatpay_jsapi", amount_fen=plan.price_fen, status=OrderStatus.created,
                          expires_at=datetime.now(UTC) + timedelta(minutes=30))
            s.add(order)
        return order

    return do


def entries(app, user_id: int) -> list[EntitlementEntry]:  # type: ignore[no-untyped-def]
    with app.extensions["mirror.db"].factory() as s:
        return list(s.scalars(select(EntitlementEntry).where(EntitlementEntry.user_id == user_id)
                              .order_by(EntitlementEntry.id)))


def check_trial(app, user_id: int, before: int) -> list[EntitlementEntry]:  # type: ignore[no-untyped-def]
    """The trial's entries; asserts the end moved by exactly their deltas and replays intact."""
    rows = entries(app, user_id)
    new, end_before = rows[before:], rows[before - 1].ends_at
    assert rows[-1].ends_at - end_before == timedelta(seconds=sum(e.delta_seconds for e in new)), [
        (e.kind, e.delta_seconds, e.ends_at) for e in new]
    assert ledger.replay(rows) == rows[-1].ends_at
    return new


def run_together(*calls) -> list:  # type: ignore[no-untyped-def]
    """Start every call at the same moment (a barrier), return their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_one_users_orders_paid_at_the_same_moment_all_count(app, live_app, paysandbox, vip, make_order):
    """Three orders of one user; WeChat Pay delivers their three notifications at the same moment."""
    for _ in range(TRIALS):
        before = len(entries(app, vip.id))
        orders = [make_order("vip_month"), make_order("vip_quarter"), make_order("vip_month")]
        for order in orders:
            prepay(app, order, vip.openid, live_app.url)
        paysandbox.control("faults", {"mode": "hold", "count": len(orders)})
        ids = [paysandbox.control("pay", {"out_trade_no": o.out_trade_no})["notification_id"] for o in orders]
        assert sorted(paysandbox.control("release", {})["notification_ids"]) == sorted(ids)
        for notification_id in ids:
            assert paysandbox.delivered(notification_id)["status"] == "delivered"
        assert all(fresh_order(app, o).status == OrderStatus.paid for o in orders)
        new = check_trial(app, vip.id, before)
        assert sorted(e.delta_seconds for e in new) == [MONTH, MONTH, 92 * 86400]


def test_a_payment_racing_an_activation_code_both_count(app, client, live_app, vip, make_order):
    admin = make_operator(app, client, "admin")
    now = datetime.now(UTC)
    res = client.post("/api/admin/v1/activation-batches", headers=admin.headers, json={
        "plan_code": "vip_quarter", "quantity": TRIALS, "valid_from": (now - timedelta(days=1)).isoformat(),
        "valid_until": (now + timedelta(days=30)).isoformat(), "channel_note": "并发测试"})
    assert res.status_code == 201, res.json
    for code in res.json["codes"]:
        before = len(entries(app, vip.id))
        order = make_order("vip_month")
        body = envelope("TRANSACTION.SUCCESS", transaction(order))
        headers = sign(body)
        statuses = run_together(
            lambda body=body, headers=headers: requests.post(live_app.url + NOTIFY, data=body, headers=headers,
                                                             timeout=30).status_code,
            lambda code=code: requests.post(live_app.url + REDEEM, json={"code": code}, headers=vip.headers,
                                            timeout=30).status_code)
        assert statuses == [204, 200]
        new = check_trial(app, vip.id, before)
        assert sorted(e.delta_seconds for e in new) == [MONTH, 92 * 86400]


def test_a_refund_racing_a_new_payment_takes_back_only_the_refunded_order(app, live_app, paysandbox, sandbox_server,
                                                                          vip, make_order):
    """A full refund of one order and the payment of another, both notified at the same moment."""
    emulator_settings(sandbox_server.url, refund_auto_success_seconds=None)
    for _ in range(TRIALS):
        refunded = paid_order(app, sandbox_server.url, vip.openid, vip.user_id, paid_at=datetime.now(UTC))
        with app.test_request_context("/"):
            order = refunds.find_order(db(), refunded.public_id, lock=True)
            refund = refunds.create_refund(db(), order, amount_fen=order.amount_fen, reason="用户申请退款",
                                           operator_id="op", notify_url=live_app.url + REFUND_NOTIFY)
            db().commit()
            out_refund_no = refund.out_refund_no
        before = len(entries(app, vip.id))
        paying = make_order("vip_month")
        prepay(app, paying, vip.openid, live_app.url)
        paysandbox.control("faults", {"mode": "hold", "count": 2})
        settled = requests.post(f"{sandbox_server.url}/control/wechatpay/refund-result",
                                json={"out_refund_no": out_refund_no, "status": "SUCCESS"}, timeout=5).json()
        paid = paysandbox.control("pay", {"out_trade_no": paying.out_trade_no})
        paysandbox.control("release", {})
        for notification_id in (settled["notification_id"], paid["notification_id"]):
            assert paysandbox.delivered(notification_id)["status"] == "delivered"
        new = check_trial(app, vip.id, before)
        assert sorted((e.kind, e.delta_seconds) for e in new) == [("grant", MONTH), ("revoke", -MONTH)]


def test_polling_the_expiry_job_and_a_code_at_the_same_moment_all_count(app, client, live_app, paysandbox, vip,
                                                                       make_order):
    """Notifications lost: one order is fulfilled by the buyer polling it, another by the expiry job,
    while the same user redeems a code; all three at once."""
    from sqlalchemy import update

    from jobs.billing import close_expired_orders

    admin = make_operator(app, client, "admin")
    now = datetime.now(UTC)
    res = client.post("/api/admin/v1/activation-batches", headers=admin.headers, json={
        "plan_code": "vip_month", "quantity": 10, "valid_from": (now - timedelta(days=1)).isoformat(),
        "valid_until": (now + timedelta(days=30)).isoformat(), "channel_note": "并发测试"})
    assert res.status_code == 201, res.json
    for code in res.json["codes"]:
        before = len(entries(app, vip.id))
        polled, expired = make_order("vip_quarter"), make_order("vip_year")
        for order in (polled, expired):
            prepay(app, order, vip.openid, live_app.url)
        paysandbox.control("faults", {"mode": "drop", "count": 2})
        for order in (polled, expired):
            paysandbox.control("pay", {"out_trade_no": order.out_trade_no})
        with app.extensions["mirror.db"].factory.begin() as s:  # past its time locally; paid at WeChat
            s.execute(update(Order).where(Order.id == expired.id).values(expires_at=now - timedelta(minutes=1)))
        results = run_together(
            lambda polled=polled: requests.get(f"{live_app.url}/api/v1/orders/{polled.public_id}",
                                               headers=vip.headers, timeout=30).json()["status"],
            close_expired_orders,
            lambda code=code: requests.post(live_app.url + REDEEM, json={"code": code}, headers=vip.headers,
                                            timeout=30).status_code)
        assert results == ["paid", "fulfilled=1", 200]
        new = check_trial(app, vip.id, before)
        assert sorted(e.delta_seconds for e in new) == [MONTH, 92 * 86400, 366 * 86400]
