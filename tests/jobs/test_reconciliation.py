"""The daily job against bills the WeChat Pay emulator builds from the payments it processed."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import redis
import requests
from sqlalchemy import select

from bff.billing import refunds
from bff.db import session as db
from bff.deps import deps
from bff.reconciliation import matching as m
from jobs import reconciliation
from jobs.scheduler import LeaderLock
from models import EntitlementEntry, Order
from models.billing import OrderStatus, RefundStatus
from tests.bff.admin.helpers import emulator_settings, paid_order, settle_at_emulator
from tests.bff.reconciliation.helpers import local_order, run_of

TODAY = lambda: datetime.now(m.SHANGHAI).date()  # noqa: E731 - the sandbox pays at the real clock


@pytest.fixture(autouse=True)
def _settings(sandbox_server, app):
    emulator_settings(sandbox_server.url, bill_ready_hour=None, refund_auto_success_seconds=None)


@pytest.fixture
def buyer(login):
    return login()


def test_real_traffic_reconciles_cleanly_and_a_lost_notification_is_repaired(app, sandbox_server, buyer):
    kept = paid_order(app, sandbox_server.url, buyer.openid, buyer.user_id, paid_at=datetime.now(UTC))
    with app.test_request_context("/"):
        refund = refunds.create_refund(db(), refunds.find_order(db(), kept.public_id, lock=True), amount_fen=1000,
                                       reason="用户申请退款", operator_id="op", notify_url="http://127.0.0.1:9/n")
        db().commit()
        out_refund_no, refund_id = refund.out_refund_no, refund.public_id
    settle_at_emulator(sandbox_server.url, out_refund_no)
    with app.test_request_context("/"):
        assert refunds.sync_refund(db(), refunds.find_refund(db(), refund_id)).status == RefundStatus.success
        db().commit()
    # Paid at WeChat, but the notification went to a dead address: unpaid here (长款).
    lost = local_order(app, buyer.user_id, paid_at=None, status=OrderStatus.created, grant=False)
    with app.app_context():
        deps().wechatpay.create_jsapi(out_trade_no=lost.out_trade_no, description="VIP 月卡",
                                      amount_fen=lost.amount_fen, openid=buyer.openid,
                                      time_expire=(datetime.now(UTC) + timedelta(minutes=30)).isoformat(),
                                      notify_url="http://127.0.0.1:9/notify")
    assert requests.post(f"{sandbox_server.url}/control/wechatpay/pay", json={"out_trade_no": lost.out_trade_no},
                         timeout=5).status_code == 200

    summary = reconciliation.reconcile_date(TODAY().isoformat())
    run_public_id = summary.split()[2]
    run, found = run_of(app, run_public_id)
    assert run.status == "succeeded", summary
    assert (run.bill_rows, run.refund_rows) == (3, 1)  # two payments and a refund; the refund bill has it too
    assert [(r.category, r.state, r.out_trade_no) for r in found] == [(m.WECHAT_ONLY, "repaired", lost.out_trade_no)]
    assert (run.mismatches, run.repaired) == (0, 1)
    assert run.totals["trade_bill"]["summary"]["订单总金额"] == 2 * kept.amount_fen
    assert run.totals["refund_bill"]["summary"]["退款总金额"] == 1000
    with app.extensions["mirror.db"].factory() as session:
        repaired = session.scalar(select(Order).where(Order.out_trade_no == lost.out_trade_no))
        assert repaired.status == OrderStatus.paid and repaired.transaction_id
        grants = session.scalars(select(EntitlementEntry).where(EntitlementEntry.cause_id == lost.out_trade_no))
        assert [g.kind for g in grants] == ["grant"]  # fulfilled through the normal path, once

    again, found_again = run_of(app, reconciliation.reconcile_date(TODAY().isoformat()).split()[2])
    assert again.status == "succeeded" and found_again == [] and again.id != run.id  # idempotent re-run


def test_the_daily_job_waits_for_ten_oclock_shanghai_and_runs_a_date_once(app, sandbox_server):
    before = datetime(2026, 12, 4, 1, 59, tzinfo=UTC)  # 09:59 in Shanghai
    assert reconciliation.due_date(before) is None
    assert reconciliation.due_date(before + timedelta(minutes=1)) == datetime(2026, 12, 3).date()
    assert reconciliation.reconcile_previous_day(before).startswith("not yet")
    now = datetime.now(UTC)
    if reconciliation.due_date(now) is None:
        now += timedelta(hours=12)
    first = reconciliation.reconcile_previous_day(now)
    assert " succeeded" in first, first  # nothing paid yesterday at the emulator: an empty, clean day
    assert reconciliation.reconcile_previous_day(now).endswith("already succeeded")


def test_only_one_scheduler_holds_the_leader_lock(redis_url):
    conn = redis.Redis.from_url(redis_url)
    leader, standby = LeaderLock(conn, key="test:leader", ttl_ms=2000), LeaderLock(conn, key="test:leader")
    assert leader.acquire() and not standby.acquire()
    assert leader.renew() and not standby.renew()
    standby.release()  # not its lock: nothing happens
    assert not standby.acquire()
    leader.release()
    assert standby.acquire() and not leader.renew()
    standby.release()


def _lost_payment(app, sandbox_server, buyer):
    lost = local_order(app, buyer.user_id, paid_at=None, status=OrderStatus.created, grant=False)
    with app.app_context():
        deps().wechatpay.create_jsapi(out_trade_no=lost.out_trade_no, description="VIP 月卡",
                                      amount_fen=lost.amount_fen, openid=buyer.openid,
                                      time_expire=(datetime.now(UTC) + timedelta(minutes=30)).isoformat(),
                                      notify_url="http://127.0.0.1:9/notify")
    assert requests.post(f"{sandbox_server.url}/control/wechatpay/pay", json={"out_trade_no": lost.out_trade_no},
                         timeout=5).status_code == 200
    return lost


def test_simultaneous_runs_of_one_date_fulfil_a_lost_payment_exactly_once(app, sandbox_server, buyer):
    for _ in range(3):
        lost = _lost_payment(app, sandbox_server, buyer)
        barrier, results = threading.Barrier(4), []

        def run(barrier=barrier, results=results):  # type: ignore[no-untyped-def]
            barrier.wait()
            results.append(reconciliation.reconcile_date(TODAY().isoformat()).split()[2])

        threads = [threading.Thread(target=run) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert len(results) == 4
        for public_id in results:
            run, found = run_of(app, public_id)
            assert run.status == "succeeded"
            assert [(r.category, r.state) for r in found if r.out_trade_no == lost.out_trade_no] in (
                [], [(m.WECHAT_ONLY, "repaired")])
            assert run.mismatches == 0
        with app.extensions["mirror.db"].factory() as session:
            assert session.scalar(select(Order.status).where(Order.out_trade_no == lost.out_trade_no)) == "paid"
            grants = list(session.scalars(select(EntitlementEntry.id).where(
                EntitlementEntry.cause_id == lost.out_trade_no)))
            assert len(grants) == 1


def test_a_bill_not_ready_yet_fails_the_run_with_its_reason(app, sandbox_server, buyer):
    paid_order(app, sandbox_server.url, buyer.openid, buyer.user_id, paid_at=datetime.now(UTC))
    emulator_settings(sandbox_server.url, bill_ready_hour=10)  # today's bill exists only tomorrow at 10:00
    summary = reconciliation.reconcile_date(TODAY().isoformat())
    run, found = run_of(app, summary.split()[2])
    assert (run.status, run.failure_reason, found) == ("failed", "bill_not_ready", [])
    assert "STATEMENT_CREATING" in run.failure_detail


def test_the_cli_reconciles_a_date_and_refuses_one_outside_three_months(app, sandbox_server, capsys):
    from argparse import Namespace

    from bff.reconciliation.cli import cmd_reconcile

    with pytest.raises(SystemExit) as refused:
        cmd_reconcile(Namespace(date=(TODAY() - timedelta(days=93)).isoformat()))
    assert "三个月" in str(refused.value)
    cmd_reconcile(Namespace(date=(TODAY() - timedelta(days=2)).isoformat()))
    assert " succeeded mismatches=0" in capsys.readouterr().out


def test_a_refund_settled_at_wechat_but_not_here_is_applied_once_wechat_confirms_it(app, sandbox_server, buyer):
    kept = paid_order(app, sandbox_server.url, buyer.openid, buyer.user_id, paid_at=datetime.now(UTC))
    with app.test_request_context("/"):
        refund = refunds.create_refund(db(), refunds.find_order(db(), kept.public_id, lock=True), amount_fen=800,
                                       reason="用户申请退款", operator_id="op", notify_url="http://127.0.0.1:9/n")
        db().commit()
        out_refund_no, refund_id = refund.out_refund_no, refund.public_id
    settle_at_emulator(sandbox_server.url, out_refund_no)  # its notification goes nowhere: still processing here

    run, found = run_of(app, reconciliation.reconcile_date(TODAY().isoformat()).split()[2])
    assert run.status == "succeeded"
    assert [(r.category, r.state, r.out_refund_no) for r in found] == [(m.REFUND_STATUS, "repaired", out_refund_no)]
    assert "退款成功" in found[0].note
    with app.extensions["mirror.db"].factory() as session:
        from models import Refund

        assert session.scalar(select(Refund.status).where(Refund.public_id == refund_id)) == RefundStatus.success
        assert session.scalar(select(Order.refunded_fen).where(Order.public_id == kept.public_id)) == 800
        revokes = list(session.scalars(select(EntitlementEntry).where(EntitlementEntry.cause_id == refund_id)))
        assert [e.kind for e in revokes] == ["revoke"]  # the entitlement rule applied, once
