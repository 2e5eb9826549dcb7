"""What operators do in the panel: find orders, verify evidence again, refund, acknowledge
alerts, issue and export activation codes once, disable stores and users; each action audited."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from bff.panel.guard import make_ref
from models import (
    ActivationBatch,
    AuditEvent,
    EntitlementEntry,
    Order,
    PaymentAlert,
    PaymentNotification,
    Refund,
    Store,
    User,
)
from models.billing import OrderStatus, RefundStatus
from tests.bff.admin.helpers import paid_order, pay_at_emulator, settle_at_emulator
from tests.bff.panel.conftest import buy


def _actions(db_session, actor: str | None = None) -> list[str]:
    q = select(AuditEvent.action).order_by(AuditEvent.id)
    if actor:
        q = q.where(AuditEvent.actor_id == actor)
    db_session.expire_all()
    return list(db_session.scalars(q))


def _text(res) -> str:  # type: ignore[no-untyped-def]
    return res.get_data(as_text=True)


def test_orders_are_found_by_every_filter(app, live_app, sandbox_server, signed_in, bought, db_session):
    other = buy(app, live_app, sandbox_server, "13900139102")
    store_id = bought.mp.create_store("西湖店")
    panel = signed_in("support")
    today = datetime.now(UTC).date().isoformat()

    def found(**query: str) -> set[str]:
        page = _text(panel.get("/admin/orders", query_string=query))
        return set(re.findall(r'/admin/orders/([A-Za-z0-9_-]+)"', page))

    assert found() == {bought.order_id, other.order_id}
    assert found(out_trade_no=bought.out_trade_no) == {bought.order_id}
    assert found(transaction_id=other.transaction_id) == {other.order_id}
    assert found(user_id=other.user_id) == {other.order_id}
    assert found(store_id=store_id) == {bought.order_id}
    assert found(status="paid") == {bought.order_id, other.order_id} and found(status="refunded") == set()
    assert found(date_from=today, date_to=today) == {bought.order_id, other.order_id}
    assert found(date_to="2020-01-01") == set()
    res = panel.get("/admin/orders", query_string={"status": "stolen", "date_from": "yesterday"})
    assert res.status_code == 200 and "搜索条件有误" in _text(res)


def test_the_order_page_shows_notifications_refunds_and_the_ledger(signed_in, bought):
    page = _text(signed_in("support").get(f"/admin/orders/{bought.order_id}"))
    assert bought.out_trade_no in page and "TRANSACTION.SUCCESS" in page
    assert "processed" in page or "duplicate" in page  # polling may have fulfilled the order first
    assert "order:" in page and "发放" in page  # the ledger grant caused by the order
    assert "重新验签" not in page and "发起退款" not in page  # support sees no finance action


def test_verify_again_replays_the_stored_evidence_and_changes_nothing_twice(signed_in, bought, db_session):
    panel = signed_in("finance")
    page = _text(panel.get(f"/admin/orders/{bought.order_id}"))
    [action] = re.findall(r'action="(/admin/orders/[^"]+/verify)"', page)
    grants = db_session.scalar(select(EntitlementEntry.id).where(EntitlementEntry.kind == "grant"))
    res = panel.post(action)
    assert res.status_code == 303 and "done=verified" in res.headers["Location"]
    assert "outcome=duplicate" in res.headers["Location"]
    shown = _text(panel.get(res.headers["Location"]))
    assert "重复通知" in shown
    db_session.expire_all()
    assert db_session.scalars(select(EntitlementEntry.id).where(EntitlementEntry.kind == "grant")).all() == [grants]
    assert "payment_notification_verify" in _actions(db_session)


def test_verify_again_refuses_tampered_evidence(app, signed_in, bought, db_session):
    row = db_session.scalar(select(PaymentNotification).where(PaymentNotification.out_trade_no == bought.out_trade_no))
    with app.extensions["mirror.db"].factory.begin() as s:
        s.execute(update(PaymentNotification).where(PaymentNotification.id == row.id)
                  .values(body=row.body.replace('"id":"', '"id":"X', 1)))
    panel = signed_in("finance")
    with app.test_request_context():
        ref = make_ref("notification", row.id)
    res = panel.post(f"/admin/orders/{bought.order_id}/notifications/{ref}/verify")
    assert res.status_code == 303 and "error=notification_evidence_invalid" in res.headers["Location"]
    assert "存档的通知未通过验签" in _text(panel.get(res.headers["Location"]))
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "payment_notification_verify")).all()
    assert [e.result for e in events] == ["denied"]


def test_a_forged_or_foreign_reference_finds_nothing(app, signed_in, bought, db_session):
    panel = signed_in("finance")
    row = db_session.scalar(select(PaymentNotification.id)
                            .where(PaymentNotification.out_trade_no == bought.out_trade_no))
    with app.test_request_context():
        good = make_ref("notification", row)
        alert_kind = make_ref("alert", row)  # signed for another kind
    head, _tag = good.split(".")
    for ref in (f"{head}.{'0' * 20}", alert_kind, "AAAAAAAAAAE.x", "no-dot"):
        assert panel.post(f"/admin/orders/{bought.order_id}/notifications/{ref}/verify").status_code == 404


def test_a_refund_from_the_order_page_reaches_wechat_pay_and_settles(signed_in, bought, sandbox_server, db_session):
    panel = signed_in("finance")
    panel.get(f"/admin/orders/{bought.order_id}")
    res = panel.post(f"/admin/orders/{bought.order_id}/refunds",
                     {"amount_yuan": "10.00", "refund_reason": "用户申请退款"})
    assert res.status_code == 303 and "done=refund_created" in res.headers["Location"]
    refund = db_session.scalar(select(Refund))
    assert refund.amount_fen == 1000 and refund.status == RefundStatus.processing and refund.reason == "用户申请退款"
    settle_at_emulator(sandbox_server.url, refund.out_refund_no)
    page = _text(panel.get("/admin/refunds"))
    assert refund.out_refund_no in page and "同步状态" in page
    assert panel.post(f"/admin/refunds/{refund.public_id}/sync").status_code == 303
    db_session.expire_all()
    assert db_session.get(Refund, refund.id).status == RefundStatus.success
    assert db_session.scalar(select(Order.status).where(Order.public_id == bought.order_id)) == \
        OrderStatus.partially_refunded
    assert {"refund_create", "refund_sync"} <= set(_actions(db_session))


def test_refund_input_is_checked_and_nothing_is_sent(signed_in, bought, db_session):
    panel = signed_in("finance")
    panel.get("/admin/refunds")
    for form in ({"amount_yuan": "10", "refund_reason": "短"}, {"amount_yuan": "abc", "refund_reason": "用户申请退款"},
                 {"amount_yuan": "0", "refund_reason": "用户申请退款"}):
        res = panel.post(f"/admin/orders/{bought.order_id}/refunds", form)
        assert "error=validation_error" in res.headers["Location"]
    res = panel.post(f"/admin/orders/{bought.order_id}/refunds",
                     {"amount_yuan": "9999", "refund_reason": "用户申请退款"})
    assert "error=refund_amount_exceeds_paid" in res.headers["Location"]
    assert db_session.scalars(select(Refund)).all() == []


def test_a_refused_refund_is_kept_failed_and_retried_as_a_new_attempt(app, login, signed_in, sandbox_server,
                                                                       db_session):
    buyer = login()
    order = paid_order(app, sandbox_server.url, buyer.openid, buyer.user_id, paid_at=datetime.now(UTC),
                       at_emulator=False)  # WeChat does not know it as paid: it refuses the refund
    panel = signed_in("finance")
    panel.get("/admin/refunds")
    res = panel.post(f"/admin/orders/{order.public_id}/refunds",
                     {"amount_yuan": "1.00", "refund_reason": "用户申请退款"})
    assert "error=refund_request_failed" in res.headers["Location"]
    [failed] = db_session.scalars(select(Refund)).all()
    assert failed.status == RefundStatus.failed
    pay_at_emulator(app, sandbox_server.url, buyer.openid, order)
    assert "重试" in _text(panel.get("/admin/refunds"))
    res = panel.post(f"/admin/refunds/{failed.public_id}/retry")
    assert "done=refund_created" in res.headers["Location"]
    db_session.expire_all()
    attempts = db_session.scalars(select(Refund).order_by(Refund.id)).all()
    assert [a.status for a in attempts] == [RefundStatus.failed, RefundStatus.processing]
    assert attempts[1].out_refund_no != attempts[0].out_refund_no and attempts[1].amount_fen == 100
    assert "error=order_not_refundable" in panel.post(f"/admin/refunds/{attempts[1].public_id}/retry"
                                                      ).headers["Location"]


def test_alerts_are_acknowledged_with_a_note_once(app, signed_in, bought, db_session):
    with app.extensions["mirror.db"].factory.begin() as s:
        order = s.scalar(select(Order).where(Order.public_id == bought.order_id))
        s.add(PaymentAlert(kind="amount_mismatch", order_id=order.id, detail="expected 6800 fen, WeChat reports 1"))
    alert = db_session.scalar(select(PaymentAlert))
    panel = signed_in("finance")
    page = _text(panel.get("/admin/alerts"))
    assert "amount_mismatch" in page
    with app.test_request_context():
        ref = make_ref("alert", alert.id)
    res = panel.post(f"/admin/alerts/{ref}/acknowledge", {"note": " "})
    assert "error=operator_note_required" in res.headers["Location"]
    res = panel.post(f"/admin/alerts/{ref}/acknowledge", {"note": "已与微信支付核实"})
    assert "done=alert_acknowledged" in res.headers["Location"]
    db_session.expire_all()
    alert = db_session.get(PaymentAlert, alert.id)
    assert alert.acknowledge_note == "已与微信支付核实" and alert.acknowledged_by and alert.acknowledged_at
    again = panel.post(f"/admin/alerts/{ref}/acknowledge", {"note": "再次确认"})
    assert "error=payment_alert_acknowledged" in again.headers["Location"]
    assert "amount_mismatch" not in _text(panel.get("/admin/alerts"))  # open ones only by default
    ack = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "payment_alert_acknowledge"))
    assert ack.purpose == "已与微信支付核实"


def test_codes_are_exported_once_as_csv_and_redeem(app, signed_in, db_session, login, client):
    panel = signed_in("admin")
    panel.get("/admin/activation-batches")
    today = datetime.now(UTC).date()
    res = panel.post("/admin/activation-batches", {"plan_code": "vip_quarter", "quantity": "3",
                                                   "valid_from": today.isoformat(),
                                                   "valid_until": (today + timedelta(days=30)).isoformat(),
                                                   "channel_note": "门店活动"})
    assert "done=batch_created" in res.headers["Location"]
    batch = db_session.scalar(select(ActivationBatch))
    assert batch.codes_enc and "-" not in batch.codes_enc[:6]  # sealed, not plaintext
    exported = panel.post(f"/admin/activation-batches/{batch.public_id}/export")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    assert "attachment" in exported.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(_text(exported).lstrip("\ufeff"))))
    assert rows[0][0] == "激活码" and len(rows) == 4 and {r[1] for r in rows[1:]} == {"vip_quarter"}
    db_session.expire_all()
    batch = db_session.get(ActivationBatch, batch.id)
    assert batch.codes_enc is None and batch.codes_exported_at and batch.codes_exported_by
    second = panel.post(f"/admin/activation-batches/{batch.public_id}/export")
    assert second.status_code == 303 and "error=activation_codes_exported" in second.headers["Location"]
    buyer = login()
    redeemed = client.post("/api/v1/activation-codes/redeem", json={"code": rows[1][0]}, headers=buyer.headers)
    assert redeemed.status_code == 200, redeemed.json
    assert "done=batch_disabled" in panel.post(f"/admin/activation-batches/{batch.public_id}/disable"
                                               ).headers["Location"]
    refused = client.post("/api/v1/activation-codes/redeem", json={"code": rows[2][0]}, headers=buyer.headers)
    assert refused.status_code == 410
    assert {"activation_batch_create", "activation_codes_export", "activation_batch_disable"} <= set(
        _actions(db_session))


def test_two_exports_at_once_hand_out_the_codes_once(app, signed_in, db_session):
    import threading

    panel = signed_in("admin")
    panel.get("/admin/activation-batches")
    today = datetime.now(UTC).date()
    for _ in range(5):
        panel.post("/admin/activation-batches", {"plan_code": "vip_month", "quantity": "2",
                                                 "valid_from": today.isoformat(),
                                                 "valid_until": (today + timedelta(days=3)).isoformat(),
                                                 "channel_note": "并发"})
    for batch in db_session.scalars(select(ActivationBatch)).all():
        barrier, answers = threading.Barrier(2), []

        def export(barrier: threading.Barrier, answers: list[int], batch_id: str) -> None:
            barrier.wait()
            answers.append(panel.post(f"/admin/activation-batches/{batch_id}/export").status_code)

        threads = [threading.Thread(target=export, args=(barrier, answers, batch.public_id)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(answers) == [200, 303], answers


def test_a_disabled_store_is_gone_for_its_members(signed_in, bought, db_session):
    store_id = bought.mp.create_store("滨江店")
    assert bought.mp.api.stores_get(store_id)
    panel = signed_in("admin")
    page = _text(panel.get(f"/admin/stores/{store_id}"))
    assert "滨江店" in page and "林*" in page and "林顾问" not in page  # masked names only
    assert "error=operator_note_required" in panel.post(f"/admin/stores/{store_id}/disable").headers["Location"]
    assert "done=store_disabled" in panel.post(f"/admin/stores/{store_id}/disable",
                                               {"note": "违规经营"}).headers["Location"]
    from miniprogram_contract.client import ApiError

    try:
        bought.mp.api.stores_get(store_id)
        raise AssertionError("a disabled store stayed reachable")
    except ApiError as exc:
        assert exc.status == 404 and exc.reason == "store_not_found"
    assert store_id not in {s["id"] for s in bought.mp.api.stores_list()}  # nor listed
    assert db_session.scalar(select(Store.disabled_at).where(Store.public_id == store_id)) is not None


def test_a_disabled_user_loses_every_session(signed_in, bought, db_session):
    panel = signed_in("admin")
    page = _text(panel.get("/admin/users"))
    assert bought.user_id in page and "13900139101" not in page and "已绑定" in page
    assert "done=user_disabled" in panel.post(f"/admin/users/{bought.user_id}/disable",
                                              {"note": "账号被盗"}).headers["Location"]
    from miniprogram_contract.client import ApiError

    try:
        bought.mp.api.me_get()
        raise AssertionError("a disabled user kept their session")
    except ApiError as exc:
        assert exc.status == 401
    assert db_session.scalar(select(User.status).where(User.public_id == bought.user_id)).value == "disabled"
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "user_disable"))
    assert event.actor_role == "operator" and event.purpose == "账号被盗"


def test_the_dashboard_counts_today_and_draws_the_revenue(signed_in, bought):
    page = _text(signed_in("finance").get("/admin"))
    today = re.search(r"今日.*?本月", page, re.S).group(0)
    assert re.search(r'收入</div><div class="value">¥68\.00<', today)  # one vip_month paid today
    assert re.search(r'新建订单</div><div class="value"[^>]*>1<', today)
    bars = re.findall(r'data-day="([0-9-]+)" data-fen="(\d+)"', page)
    assert len(bars) == 30 and [int(f) for _, f in bars][-1] == 6800 and sum(int(f) for _, f in bars) == 6800
    support = _text(signed_in("support").get("/admin"))
    assert "<svg" not in support and "收入" not in support  # no money figures for support


def test_the_audit_page_filters_and_verifies_the_chain(app, signed_in, bought, db_session):
    panel = signed_in("admin")
    panel.get(f"/admin/users/{bought.user_id}")
    page = _text(panel.get("/admin/audit", query_string={"action": "user_view"}))
    assert f"user:{bought.user_id}" in page and "operator_login" not in page
    res = panel.post("/admin/audit/verify")
    assert res.status_code == 200 and "哈希链完整" in _text(res)
    with app.extensions["mirror.db"].engine.begin() as conn:  # tamper with one event
        conn.exec_driver_sql("UPDATE audit_events SET purpose = 'changed' WHERE action = 'user_view'")
    res = panel.post("/admin/audit/verify")
    assert "发现" in _text(res) and "altered" in _text(res)
