"""Operator refunds through the WeChat Pay emulator: attempts, retries, and the entitlement rule.

Rule (bff/billing/refunds.py): a partial refund takes back floor(granted × refund / amount)
seconds; the refund that completes the order takes back what is left of the order's grant.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bff.billing import ledger, refunds
from bff.db import session as db
from models import AuditEvent, EntitlementEntry, Order, Refund, User
from models.billing import OrderStatus, RefundStatus
from tests.bff.admin.helpers import (
    emulator_settings,
    ledger_entries,
    make_operator,
    paid_order,
    pay_at_emulator,
    settle_at_emulator,
)

MONTH = 31 * 86400
T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(days=10)  # paid ten days ago
NOW = T0 + timedelta(days=10)


@pytest.fixture(autouse=True)
def _no_auto_settle(sandbox_server, app):
    emulator_settings(sandbox_server.url, refund_auto_success_seconds=None)


@pytest.fixture
def buyer(login):
    return login()


@pytest.fixture
def finance(app, client):
    return make_operator(app, client, "finance")


def _order(app, sandbox_server, buyer, **kwargs):
    return paid_order(app, sandbox_server.url, buyer.openid, buyer.user_id, paid_at=T0, **kwargs)


def _refund_at(app, order, amount_fen, now):
    """Create an attempt through the service at a fixed time, settle it at the emulator, sync it."""
    with app.test_request_context("/"):
        row = refunds.find_order(db(), order.public_id, lock=True)
        refund = refunds.create_refund(db(), row, amount_fen=amount_fen, reason="用户申请退款", operator_id="op",
                                       notify_url="http://127.0.0.1:9/refund-notify", now=now)
        assert refund.status == RefundStatus.processing
        db().commit()
        out_refund_no, public_id = refund.out_refund_no, refund.public_id
    return out_refund_no, public_id


def _sync_at(app, public_id, now):
    with app.test_request_context("/"):
        refund = refunds.sync_refund(db(), refunds.find_refund(db(), public_id), now=now)
        db().commit()
        return refund.status


def test_a_partial_then_the_final_refund_take_back_time_by_the_rule(app, sandbox_server, buyer):
    order = _order(app, sandbox_server, buyer)
    assert order.grant_ends_at == T0 + timedelta(seconds=MONTH)

    first, first_id = _refund_at(app, order, 1000, NOW)
    assert _sync_at(app, first_id, NOW) == RefundStatus.processing  # WeChat has not settled it yet
    settle_at_emulator(sandbox_server.url, first)
    assert _sync_at(app, first_id, NOW) == RefundStatus.success
    partial = MONTH * 1000 // 6800  # 393882 s, floor
    last = ledger_entries(app, order.user_id)[-1]
    assert (last.kind, last.delta_seconds, last.cause_id) == ("revoke", -partial, first_id)
    assert last.ends_at == T0 + timedelta(seconds=MONTH - partial)

    second, second_id = _refund_at(app, order, 5800, NOW)
    assert second != first
    settle_at_emulator(sandbox_server.url, second)
    assert _sync_at(app, second_id, NOW) == RefundStatus.success
    last = ledger_entries(app, order.user_id)[-1]
    # What was left of the grant (21 days at NOW) minus what the partial refund already took.
    assert last.delta_seconds == -(21 * 86400 - partial)
    assert last.ends_at == NOW


def test_a_full_refund_takes_back_only_the_rest_of_that_orders_grant(app, sandbox_server, buyer):
    first = _order(app, sandbox_server, buyer)
    second = _order(app, sandbox_server, buyer)  # bought on the same day: stacked after the first
    assert second.grant_ends_at == T0 + timedelta(seconds=2 * MONTH)
    out_refund_no, refund_id = _refund_at(app, first, 6800, NOW)
    settle_at_emulator(sandbox_server.url, out_refund_no)
    assert _sync_at(app, refund_id, NOW) == RefundStatus.success
    assert ledger_entries(app, first.user_id)[-1].ends_at == T0 + timedelta(seconds=2 * MONTH) - timedelta(days=21)


def test_a_finance_operator_refunds_in_full_over_http(app, client, sandbox_server, buyer, finance, db_session):
    order = _order(app, sandbox_server, buyer)
    url = f"/api/admin/v1/orders/{order.public_id}/refunds"
    res = client.post(url, json={"amount_fen": 6800, "refund_reason": "用户误购，协商退款"}, headers=finance.headers)
    assert res.status_code == 201, res.json
    assert res.json["status"] == "processing" and res.json["operator_id"] == finance.public_id
    settle_at_emulator(sandbox_server.url, res.json["out_refund_no"])
    synced = client.post(f"/api/admin/v1/refunds/{res.json['id']}/sync", headers=finance.headers)
    assert synced.status_code == 200 and synced.json["status"] == "success" and synced.json["refund_id"]
    listing = client.get(url, headers=finance.headers).json
    assert (listing["order_status"], listing["refunded_fen"], listing["refundable_fen"]) == ("refunded", 6800, 0)
    last = ledger_entries(app, order.user_id)[-1]
    assert last.cause_type == "refund" and abs((last.ends_at - datetime.now(UTC)).total_seconds()) < 60
    with app.app_context(), app.extensions["mirror.db"].factory() as session:
        user = session.get(User, order.user_id)
        # The refunded month is over (the ledger counts whole seconds: under one may remain).
        assert not ledger.current(session, user, now=datetime.now(UTC) + timedelta(seconds=1)).is_vip
    audit = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "refund_create"))
    assert (audit.actor_role, audit.actor_id, audit.purpose) == ("operator", finance.public_id, "用户误购，协商退款")
    # A second sync, or a notification arriving late, changes nothing.
    again = client.post(f"/api/admin/v1/refunds/{res.json['id']}/sync", headers=finance.headers)
    assert again.status_code == 200
    with app.test_request_context("/"):
        refunds.apply_refund_success(db(), refunds.find_refund(db(), res.json["id"]))
        db().commit()
    assert len([e for e in ledger_entries(app, order.user_id) if e.kind == "revoke"]) == 1
    db_session.rollback()
    assert db_session.scalar(select(Order.refunded_fen).where(Order.public_id == order.public_id)) == 6800


def test_support_and_admin_operators_cannot_refund(app, client, sandbox_server, buyer, db_session):
    order = _order(app, sandbox_server, buyer, at_emulator=False)
    for role in ("support", "admin"):
        op = make_operator(app, client, role)
        res = client.post(f"/api/admin/v1/orders/{order.public_id}/refunds",
                          json={"amount_fen": 100, "refund_reason": "用户申请退款"}, headers=op.headers)
        assert res.status_code == 403 and res.json["reason"] == "operator_role_required"
    support = make_operator(app, client, "support")
    assert client.get(f"/api/admin/v1/orders/{order.public_id}/refunds", headers=support.headers).status_code == 200
    assert db_session.scalar(select(func.count()).select_from(Refund)) == 0


def test_a_reason_is_required(app, client, sandbox_server, buyer, finance):
    order = _order(app, sandbox_server, buyer, at_emulator=False)
    url = f"/api/admin/v1/orders/{order.public_id}/refunds"
    for body in ({"amount_fen": 100}, {"amount_fen": 100, "refund_reason": "退款"}):
        res = client.post(url, json=body, headers=finance.headers)
        assert res.status_code == 422 and res.json["reason"] == "validation_error"
        assert "refund_reason" in res.json["errors"] and "reason" not in res.json["errors"]


def test_more_than_is_left_is_refused_counting_attempts_in_flight(app, client, sandbox_server, buyer, finance):
    order = _order(app, sandbox_server, buyer)
    url = f"/api/admin/v1/orders/{order.public_id}/refunds"
    over = client.post(url, json={"amount_fen": 6801, "refund_reason": "用户申请退款"}, headers=finance.headers)
    assert over.status_code == 422 and over.json["reason"] == "refund_amount_exceeds_paid"
    def ask(fen):
        return client.post(url, json={"amount_fen": fen, "refund_reason": "用户申请退款"}, headers=finance.headers)

    assert ask(5000).status_code == 201
    res = ask(1801)  # 5000 still processing: only 1800 left
    assert res.status_code == 422 and res.json["errors"]["refundable_fen"] == 1800
    assert ask(1800).status_code == 201


def test_a_failed_attempt_is_kept_and_a_retry_is_a_new_attempt(app, client, sandbox_server, buyer, finance):
    order = _order(app, sandbox_server, buyer, at_emulator=False)  # WeChat does not know it as paid yet
    url = f"/api/admin/v1/orders/{order.public_id}/refunds"
    body = {"amount_fen": 6800, "refund_reason": "用户申请退款"}
    failed = client.post(url, json=body, headers=finance.headers)
    assert failed.status_code == 502 and failed.json["reason"] == "refund_request_failed"
    assert failed.json["errors"]["wechat_code"] == "RESOURCE_NOT_EXISTS"
    pay_at_emulator(app, sandbox_server.url, buyer.openid, order)
    retry = client.post(url, json=body, headers=finance.headers)
    assert retry.status_code == 201
    attempts = client.get(url, headers=finance.headers).json["refunds"]
    assert [a["status"] for a in attempts] == ["failed", "processing"]
    assert attempts[0]["id"] == failed.json["errors"]["refund_id"]
    assert attempts[0]["out_refund_no"] != attempts[1]["out_refund_no"]


def test_a_closed_refund_gives_the_amount_back_to_refundable(app, client, sandbox_server, buyer, finance):
    order = _order(app, sandbox_server, buyer)
    url = f"/api/admin/v1/orders/{order.public_id}/refunds"
    res = client.post(url, json={"amount_fen": 6800, "refund_reason": "用户申请退款"}, headers=finance.headers)
    settle_at_emulator(sandbox_server.url, res.json["out_refund_no"], "CLOSED")
    synced = client.post(f"/api/admin/v1/refunds/{res.json['id']}/sync", headers=finance.headers)
    assert synced.json["status"] == "closed"
    listing = client.get(url, headers=finance.headers).json
    assert (listing["order_status"], listing["refundable_fen"]) == ("paid", 6800)
    assert [e.kind for e in ledger_entries(app, order.user_id)] == ["grant"]


def test_unpaid_orders_are_not_refundable(app, client, sandbox_server, buyer, finance, db_session):
    order = _order(app, sandbox_server, buyer, at_emulator=False)
    row = db_session.scalar(select(Order).where(Order.public_id == order.public_id))
    row.status = OrderStatus.created
    db_session.commit()
    res = client.post(f"/api/admin/v1/orders/{order.public_id}/refunds",
                      json={"amount_fen": 100, "refund_reason": "用户申请退款"}, headers=finance.headers)
    assert res.status_code == 409 and res.json["reason"] == "order_not_refundable"
    missing = client.post("/api/admin/v1/orders/nope/refunds", json={"amount_fen": 1, "refund_reason": "用户申请退款"},
                          headers=finance.headers)
    assert missing.status_code == 404 and missing.json["reason"] == "order_not_found"


def test_the_rule_as_a_pure_function():
    assert refunds.revoke_seconds(granted_seconds=MONTH, grant_ends_at=None, order_amount_fen=6800, refund_fen=1,
                                  full=False, already_revoked=0, now=NOW) == MONTH // 6800
    end = NOW + timedelta(days=5)
    assert refunds.revoke_seconds(granted_seconds=MONTH, grant_ends_at=end, order_amount_fen=6800, refund_fen=6800,
                                  full=True, already_revoked=0, now=NOW) == 5 * 86400
    assert refunds.revoke_seconds(granted_seconds=MONTH, grant_ends_at=NOW - timedelta(days=1),
                                  order_amount_fen=6800, refund_fen=6800, full=True, already_revoked=0, now=NOW) == 0


def test_nothing_is_revoked_twice_for_one_refund(app, sandbox_server, buyer):
    order = _order(app, sandbox_server, buyer)
    out_refund_no, refund_id = _refund_at(app, order, 3400, NOW)
    settle_at_emulator(sandbox_server.url, out_refund_no)
    _sync_at(app, refund_id, NOW)
    _sync_at(app, refund_id, NOW)
    with app.app_context():
        entries = ledger_entries(app, order.user_id)
    assert [e.kind for e in entries] == ["grant", "revoke"]
    assert isinstance(entries[-1], EntitlementEntry)


def test_a_refund_notification_from_wechat_applies_the_refund(app, live_app, sandbox_server, buyer, db_session):
    """End to end: the notify_url given to WeChat is ours; REFUND.SUCCESS arrives and is applied."""
    import time

    import requests

    order = _order(app, sandbox_server, buyer)
    finance = make_operator(app, app.test_client(), "finance")
    url = f"{live_app.url}/api/admin/v1/orders/{order.public_id}/refunds"
    res = requests.post(url, json={"amount_fen": 3400, "refund_reason": "用户申请退款"}, headers=finance.headers,
                        timeout=10)
    assert res.status_code == 201, res.json()
    settle_at_emulator(sandbox_server.url, res.json()["out_refund_no"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        listing = requests.get(url, headers=finance.headers, timeout=10).json()
        if listing["refunds"][0]["status"] == "success":
            break
        time.sleep(0.1)
    assert (listing["refunds"][0]["status"], listing["order_status"], listing["refunded_fen"]) == (
        "success", "partially_refunded", 3400)
    assert [e.kind for e in ledger_entries(app, order.user_id)] == ["grant", "revoke"]


def test_a_success_answered_at_once_is_applied_at_once(app, client, sandbox_server, buyer, finance, monkeypatch):
    order = _order(app, sandbox_server, buyer, at_emulator=False)
    gateway = app.extensions["mirror.deps"].wechatpay
    monkeypatch.setattr(gateway, "refund", lambda **kw: {"refund_id": "5030" + kw["out_refund_no"][-8:],
                                                         "status": "SUCCESS"})
    res = client.post(f"/api/admin/v1/orders/{order.public_id}/refunds",
                      json={"amount_fen": 6800, "refund_reason": "用户申请退款"}, headers=finance.headers)
    assert res.status_code == 201 and res.json["status"] == "success" and res.json["completed_at"]
    assert [e.kind for e in ledger_entries(app, order.user_id)] == ["grant", "revoke"]


def test_an_order_without_a_grant_loses_no_other_time(app, sandbox_server, buyer, db_session):
    kept = _order(app, sandbox_server, buyer, at_emulator=False)  # time from another purchase
    order = _order(app, sandbox_server, buyer)
    db_session.execute(EntitlementEntry.__table__.delete().where(EntitlementEntry.cause_id == order.public_id))
    db_session.commit()
    out_refund_no, refund_id = _refund_at(app, order, 6800, NOW)
    settle_at_emulator(sandbox_server.url, out_refund_no)
    assert _sync_at(app, refund_id, NOW) == RefundStatus.success
    last = ledger_entries(app, order.user_id)[-1]
    assert (last.kind, last.delta_seconds, last.ends_at) == ("revoke", 0, kept.grant_ends_at)


def test_an_unreachable_wechat_leaves_the_attempt_open_until_a_sync_settles_it(
        app, client, make_app, sandbox_server, buyer, finance, db_session):
    order = _order(app, sandbox_server, buyer)
    cut_off = make_app(wechatpay_gateway="http://127.0.0.1:9/wechatpay", wechatpay_timeout=1.0).test_client()
    url = f"/api/admin/v1/orders/{order.public_id}/refunds"
    body = {"amount_fen": 6800, "refund_reason": "用户申请退款"}
    res = cut_off.post(url, json=body, headers=finance.headers)
    assert res.status_code == 503 and res.json["reason"] == "refund_outcome_unknown"
    refund_id = res.json["errors"]["refund_id"]
    # WeChat may have accepted it: the amount is not refundable again until the attempt is settled.
    over = client.post(url, json=body, headers=finance.headers)
    assert over.status_code == 422 and over.json["errors"]["refundable_fen"] == 0
    sync = f"/api/admin/v1/refunds/{refund_id}/sync"
    early = client.post(sync, headers=finance.headers)  # WeChat does not know it, but it is too soon to say
    assert early.status_code == 502 and early.json["errors"]["code"] == "RESOURCE_NOT_EXISTS"
    row = db_session.scalar(select(Refund).where(Refund.public_id == refund_id))
    assert row.status == RefundStatus.processing
    row.created_at = datetime.now(UTC) - timedelta(minutes=2)
    db_session.commit()
    assert client.post(sync, headers=finance.headers).json["status"] == "failed"
    retry = client.post(url, json=body, headers=finance.headers)
    assert retry.status_code == 201 and retry.json["out_refund_no"] != row.out_refund_no


def test_an_abnormal_refund_that_later_succeeds_is_applied(app, sandbox_server, buyer):
    order = _order(app, sandbox_server, buyer)
    _, refund_id = _refund_at(app, order, 6800, NOW)
    with app.test_request_context("/"):
        refund = refunds.find_refund(db(), refund_id)
        refunds.apply_refund_final(db(), refund, RefundStatus.abnormal)
        db().commit()
    with app.test_request_context("/"):
        refund = refunds.find_refund(db(), refund_id)
        assert refund.status == RefundStatus.abnormal
        refunds.apply_refund_success(db(), refund, now=NOW)
        db().commit()
        assert refunds.find_refund(db(), refund_id).status == RefundStatus.success
    with app.app_context():
        assert [e.kind for e in ledger_entries(app, order.user_id)] == ["grant", "revoke"]
