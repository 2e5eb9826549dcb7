"""Hand-made bills served by the WeChat Pay emulator: every mismatch category, the cross-day
case, an empty day, a bad digest, a malformed row and summaries that do not add up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bff.reconciliation import matching as m
from models import ReconciliationDay, ReconciliationMismatch
from models.billing import OrderStatus, RefundStatus
from tests.bff.admin.helpers import emulator_settings
from tests.bff.reconciliation.helpers import (
    at,
    by_category,
    inject,
    local_order,
    local_refund,
    reconcile,
    refund_row,
    render,
    run_of,
    trade_row,
)

DAY = (datetime.now(m.SHANGHAI) - timedelta(days=5)).date()
NEXT = DAY + timedelta(days=1)


@pytest.fixture(autouse=True)
def _bills_any_time(sandbox_server, app):
    emulator_settings(sandbox_server.url, bill_ready_hour=None)


@pytest.fixture
def buyer(login):
    return login()


def _no_refunds(sandbox_server, day):
    inject(sandbox_server.url, day, "REFUND", None)


def test_every_category_is_classified_with_the_evidence_of_both_sides(app, sandbox_server, buyer):
    u = buyer.user_id
    matched = local_order(app, u, paid_at=at(DAY, 9))
    short = local_order(app, u, paid_at=at(DAY, 12))  # 短款: never on the bill
    wrong_amount = local_order(app, u, paid_at=at(DAY, 13))
    revoked = local_order(app, u, paid_at=at(DAY, 14))
    unpaid_here = local_order(app, u, paid_at=None, status=OrderStatus.closed, grant=False)
    no_grant = local_order(app, u, paid_at=at(DAY, 15), grant=False)
    unbacked = local_order(app, u, paid_at=None, status=OrderStatus.created, grant=False)
    refunded = local_order(app, u, paid_at=at(DAY, 8))
    ok_refund = local_refund(app, refunded, 1000, at(DAY, 16))
    lost_refund = local_refund(app, refunded, 500, at(DAY, 17))  # success here, absent from the bill
    amount_refund = local_refund(app, refunded, 700, at(DAY, 18))
    stuck_refund = local_refund(app, refunded, 300, at(DAY, 19), status=RefundStatus.processing, revoke=False)
    unreduced = local_refund(app, matched, 200, at(DAY, 20), revoke=False)
    # A grant whose order was never paid: VIP with nothing behind it.
    from tests.bff.reconciliation.helpers import ledger_of  # noqa: F401 - used below
    with app.app_context(), app.extensions["mirror.db"].factory.begin() as session:
        from bff.billing import ledger
        from models import Plan, User
        from models.billing import LedgerCause
        user = session.get(User, unbacked.user_id)
        plan = session.scalar(select(Plan).where(Plan.code == "vip_month"))
        ledger.grant(session, user, plan, cause_type=LedgerCause.order, cause_id=unbacked.out_trade_no,
                     now=at(DAY, 21).astimezone(UTC))

    trade = [trade_row(matched.out_trade_no, 6800, at(DAY, 9)),
             trade_row("TUNKNOWN000000000000001", 6800, at(DAY, 10)),  # 长款: unknown here
             trade_row(unpaid_here.out_trade_no, 6800, at(DAY, 10, 30)),  # 长款: unpaid here
             trade_row(wrong_amount.out_trade_no, 6801, at(DAY, 13)),
             trade_row(revoked.out_trade_no, 6800, at(DAY, 14), state="REVOKED"),
             trade_row(no_grant.out_trade_no, 6800, at(DAY, 15)),
             trade_row(refunded.out_trade_no, 6800, at(DAY, 8))]
    refund_rows = [refund_row(refunded.out_trade_no, ok_refund.out_refund_no, 1000, at(DAY, 16)),
                   refund_row(refunded.out_trade_no, amount_refund.out_refund_no, 770, at(DAY, 18)),
                   refund_row(refunded.out_trade_no, stuck_refund.out_refund_no, 300, at(DAY, 19)),
                   refund_row(refunded.out_trade_no, "RUNKNOWN", 100, at(DAY, 19, 30)),
                   refund_row(matched.out_trade_no, unreduced.out_refund_no, 200, at(DAY, 20))]
    inject(sandbox_server.url, DAY, "ALL", render("ALL", trade))
    inject(sandbox_server.url, DAY, "REFUND", render("REFUND", refund_rows))

    run, found = run_of(app, reconcile(app, DAY))
    assert run.status == "succeeded", (run.failure_reason, run.failure_detail)
    assert (run.bill_rows, run.refund_rows) == (7, 5)
    cats = by_category(found)
    keys = {c: sorted(r.out_refund_no or r.out_trade_no or "" for r in rows) for c, rows in cats.items()}
    assert keys == {
        m.WECHAT_ONLY: sorted(["TUNKNOWN000000000000001", unpaid_here.out_trade_no]),
        m.LOCAL_ONLY: [short.out_trade_no],
        m.AMOUNT: [wrong_amount.out_trade_no],
        m.STATUS: [revoked.out_trade_no],
        m.REFUND_WECHAT_ONLY: ["RUNKNOWN"],
        m.REFUND_LOCAL_ONLY: [lost_refund.out_refund_no],
        m.REFUND_AMOUNT: [amount_refund.out_refund_no],
        m.REFUND_STATUS: [stuck_refund.out_refund_no],
        m.ENTITLEMENT_MISSING: [no_grant.out_trade_no],
        m.ENTITLEMENT_UNBACKED: [unbacked.out_trade_no],
        m.ENTITLEMENT_NOT_REDUCED: [unreduced.out_refund_no],
    }
    [amount] = cats[m.AMOUNT]
    assert (amount.bill_amount_fen, amount.local_amount_fen) == (6801, 6800)
    assert amount.bill_evidence["订单金额"] == "68.01" and amount.local_evidence["amount_fen"] == 6800
    unknown = next(r for r in cats[m.WECHAT_ONLY] if r.out_trade_no.startswith("TUNKNOWN"))
    assert unknown.local_evidence is None and unknown.bill_evidence["交易状态"] == "SUCCESS"
    [short_row] = cats[m.LOCAL_ONLY]
    assert short_row.bill_evidence is None and short_row.local_evidence["status"] == "paid"
    assert cats[m.REFUND_AMOUNT][0].bill_amount_fen == 770 and cats[m.REFUND_AMOUNT][0].local_amount_fen == 700
    assert all(r.state == "open" for r in found)
    # The emulator knows none of these orders: nothing could be confirmed, so nothing was repaired.
    assert run.repaired == 0 and run.mismatches == len(found) == 12
    assert run.totals["trade_bill"]["summary"]["订单总金额"] == 6800 * 5 + 6801 + 6800
    assert run.totals["categories"][m.WECHAT_ONLY] == 2


def test_a_payment_just_before_midnight_waits_for_the_next_days_bill(app, sandbox_server, buyer):
    late = local_order(app, buyer.user_id, paid_at=at(DAY, 23, 58))
    never = local_order(app, buyer.user_id, paid_at=at(DAY, 23, 59, 30))
    inject(sandbox_server.url, DAY, "ALL", None)  # nothing billed on DAY
    _no_refunds(sandbox_server, DAY)
    first, found = run_of(app, reconcile(app, DAY))
    assert first.status == "succeeded" and first.mismatches == 0 and first.pending == 2
    assert {(r.category, r.state) for r in found} == {(m.CROSS_DAY, "pending")}

    inject(sandbox_server.url, NEXT, "ALL", render("ALL", [trade_row(late.out_trade_no, 6800, at(NEXT, 0, 0, 2))]))
    _no_refunds(sandbox_server, NEXT)
    second, next_found = run_of(app, reconcile(app, NEXT))
    assert second.status == "succeeded" and next_found == []  # billed a day late: no 长款 either
    first, found = run_of(app, first.public_id)
    states = {r.out_trade_no: (r.category, r.state) for r in found}
    assert states == {late.out_trade_no: (m.CROSS_DAY, "cleared"), never.out_trade_no: (m.LOCAL_ONLY, "open")}
    assert (first.pending, first.mismatches) == (0, 1)
    # Re-running the first day later keeps what the next day's bill settled.
    again, again_found = run_of(app, reconcile(app, DAY))
    states = {r.out_trade_no: (r.category, r.state) for r in again_found}
    assert states == {late.out_trade_no: (m.CROSS_DAY, "cleared"), never.out_trade_no: (m.LOCAL_ONLY, "open")}
    assert (again.pending, again.mismatches) == (0, 1)


def test_an_empty_day_is_a_clean_run(app, sandbox_server):
    inject(sandbox_server.url, DAY, "ALL", None)
    _no_refunds(sandbox_server, DAY)
    run, found = run_of(app, reconcile(app, DAY))
    assert (run.status, run.bill_rows, run.mismatches, found) == ("succeeded", 0, 0, [])
    assert run.totals["trade_bill"] is None


def test_an_empty_day_with_local_payments_reports_them_as_short(app, sandbox_server, buyer):
    paid = local_order(app, buyer.user_id, paid_at=at(DAY, 11))
    inject(sandbox_server.url, DAY, "ALL", None)
    _no_refunds(sandbox_server, DAY)
    run, found = run_of(app, reconcile(app, DAY))
    assert run.status == "succeeded" and [(r.category, r.out_trade_no) for r in found] == [(m.LOCAL_ONLY,
                                                                                           paid.out_trade_no)]


def _failed(app, sandbox_server, buyer, csv, reason, **inject_kwargs):
    local_order(app, buyer.user_id, paid_at=at(DAY, 12))  # would be a mismatch, were the bill trusted
    inject(sandbox_server.url, DAY, "ALL", csv, **inject_kwargs)
    _no_refunds(sandbox_server, DAY)
    run, found = run_of(app, reconcile(app, DAY))
    assert (run.status, run.failure_reason) == ("failed", reason), run.failure_detail
    assert found == []  # nothing from an untrusted bill is kept
    return run


def test_a_digest_mismatch_fails_the_run_with_its_reason(app, sandbox_server, buyer):
    csv = render("ALL", [trade_row("TX1", 6800, at(DAY, 9))])
    run = _failed(app, sandbox_server, buyer, csv, "digest_mismatch", hash_value="0" * 40)
    assert "0000000000" in run.failure_detail


@pytest.mark.parametrize(("breakage", "where"), [
    (lambda csv: csv.replace("`68.00", "`68.001", 1), "第 2 行"),  # three decimals
    (lambda csv: csv.replace("`JSAPI", "JSAPI", 1), "第 2 行"),  # a value without its backtick
    (lambda csv: csv.replace("`JSAPI,", "`JSAPI,`extra,", 1), "第 2 行"),  # a column too many
    (lambda csv: csv.replace("`68.00", "`６８.00", 1), "第 2 行"),  # full-width digits are not an amount
])
def test_a_malformed_row_fails_the_run_naming_the_line(app, sandbox_server, buyer, breakage, where):
    csv = breakage(render("ALL", [trade_row("TX1", 6800, at(DAY, 9)), trade_row("TX2", 6800, at(DAY, 9))]))
    run = _failed(app, sandbox_server, buyer, csv, "malformed_row")
    assert where in run.failure_detail


def test_summary_totals_that_differ_from_the_details_fail_loudly(app, sandbox_server, buyer):
    csv = render("ALL", [trade_row("TX1", 6800, at(DAY, 9)), trade_row("TX2", 6800, at(DAY, 9))])
    lines = csv.split("\r\n")
    lines[-2] = lines[-2].replace("`2,", "`3,", 1)  # the summary claims a third payment
    run = _failed(app, sandbox_server, buyer, "\r\n".join(lines), "summary_mismatch")
    assert "总交易单数 3" in run.failure_detail


def test_re_running_a_date_keeps_the_history_and_the_operators_resolutions(app, sandbox_server, buyer):
    short = local_order(app, buyer.user_id, paid_at=at(DAY, 12))
    inject(sandbox_server.url, DAY, "ALL", render("ALL", [trade_row("TX-UNKNOWN", 6800, at(DAY, 9))]))
    _no_refunds(sandbox_server, DAY)
    first, found = run_of(app, reconcile(app, DAY))
    assert sorted(r.category for r in found) == [m.LOCAL_ONLY, m.WECHAT_ONLY]
    from bff.reconciliation import service
    with app.extensions["mirror.db"].factory.begin() as session:
        service.resolve_mismatch(session, next(r.public_id for r in found if r.category == m.LOCAL_ONLY),
                                 note="线下已核实", operator_id="op-1")
    second, again = run_of(app, reconcile(app, DAY))
    assert second.id != first.id and second.status == "succeeded"
    assert sorted((r.category, r.state) for r in again) == [(m.LOCAL_ONLY, "resolved"), (m.WECHAT_ONLY, "open")]
    kept = next(r for r in again if r.category == m.LOCAL_ONLY)
    assert (kept.out_trade_no, kept.note, kept.resolved_by) == (short.out_trade_no, "线下已核实", "op-1")
    with app.extensions["mirror.db"].factory() as session:
        assert session.get(ReconciliationDay, DAY).latest_run_id == second.id
        assert session.scalar(select(func.count()).select_from(ReconciliationMismatch)) == 4
