"""On MariaDB a clean day is checked as a whole (aggregate checksums) instead of row by row. These
tests pin both halves: the whole-day check is what runs on a clean day, and any single difference
(amount, transaction id, a grant for another user, the midnight edges) is still found exactly."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, event, select

from bff.billing import ledger
from bff.reconciliation import matching as m
from models import EntitlementEntry, Plan, User
from models.billing import LedgerCause
from tests.bff.admin.helpers import emulator_settings
from tests.bff.reconciliation.helpers import at, inject, local_order, reconcile, render, run_of, trade_row

DAY = (datetime.now(m.SHANGHAI) - timedelta(days=6)).date()
PREV = DAY - timedelta(days=1)


@pytest.fixture(autouse=True)
def _bills_any_time(sandbox_server, app):
    emulator_settings(sandbox_server.url, bill_ready_hour=None)
    inject(sandbox_server.url, DAY, "REFUND", None)
    inject(sandbox_server.url, PREV, "REFUND", None)


@pytest.fixture
def buyer(login):
    return login()


@pytest.fixture
def statements(app):
    seen: list[str] = []

    def record(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    engine = app.extensions["mirror.db"].engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def _day(app, user_id, n=12):
    orders = []
    for k in range(n):
        tx = "4200" + secrets.token_hex(12)
        orders.append((local_order(app, user_id, paid_at=at(DAY, 8, k), transaction_id=tx,
                                   grant_by_out_trade_no=True), tx))
    return orders


def _bill(orders, **changes):
    rows = []
    for order, tx in orders:
        change = changes.get(order.out_trade_no, {})
        rows.append(trade_row(order.out_trade_no, change.get("fen", 6800), at(DAY, 8),
                              transaction_id=change.get("tx", tx)))
    return rows


def _row_lookups(statements):
    return [s for s in statements if "orders.out_trade_no IN" in s and "orders.public_id" in s]


def test_a_clean_day_is_checked_as_a_whole_without_row_lookups(app, sandbox_server, buyer, statements):
    orders = _day(app, buyer.user_id)
    inject(sandbox_server.url, DAY, "ALL", render("ALL", _bill(orders)))
    run, found = run_of(app, reconcile(app, DAY))
    assert run.status == "succeeded" and found == [] and run.bill_rows == 12
    assert _row_lookups(statements) == []
    assert not any("entitlement_ledger.cause_id = orders." in s for s in statements)  # the ledger matched whole


@pytest.mark.parametrize(("change", "category"), [({"fen": 6801}, m.AMOUNT), ({"tx": "4200other"}, m.STATUS)])
def test_one_differing_row_among_clean_ones_is_still_found(app, sandbox_server, buyer, statements, change,
                                                          category):
    orders = _day(app, buyer.user_id)
    odd = orders[7][0]
    inject(sandbox_server.url, DAY, "ALL", render("ALL", _bill(orders, **{odd.out_trade_no: change})))
    run, found = run_of(app, reconcile(app, DAY))
    assert [(r.category, r.out_trade_no) for r in found] == [(category, odd.out_trade_no)]
    assert _row_lookups(statements)  # the day did not add up: compared row by row


def test_a_grant_given_to_another_user_is_found_even_when_counts_agree(app, sandbox_server, buyer, login):
    orders = _day(app, buyer.user_id, n=3)
    other = login()
    with app.extensions["mirror.db"].factory.begin() as session:
        session.execute(delete(EntitlementEntry).where(EntitlementEntry.cause_id == orders[0][0].out_trade_no))
        user = session.scalar(select(User).where(User.public_id == other.user_id))
        plan = session.scalar(select(Plan).where(Plan.code == "vip_month"))
        ledger.grant(session, user, plan, cause_type=LedgerCause.order, cause_id=orders[0][0].out_trade_no,
                     now=at(DAY, 9).astimezone(UTC))
    inject(sandbox_server.url, DAY, "ALL", render("ALL", _bill(orders)))
    run, found = run_of(app, reconcile(app, DAY))
    no = orders[0][0].out_trade_no
    assert sorted((r.category, r.out_trade_no) for r in found) == [(m.ENTITLEMENT_MISSING, no),
                                                                    (m.ENTITLEMENT_UNBACKED, no)]
    unbacked = next(r for r in found if r.category == m.ENTITLEMENT_UNBACKED)
    assert unbacked.local_evidence["ledger"]["cause_id"] == no


def test_the_midnight_edges_are_compared_row_by_row_on_a_clean_day(app, sandbox_server, buyer, statements):
    late_prev = local_order(app, buyer.user_id, paid_at=at(PREV, 23, 55), transaction_id="4200prev",
                            grant_by_out_trade_no=True)
    inject(sandbox_server.url, PREV, "ALL", None)
    prev_run, prev_found = run_of(app, reconcile(app, PREV))
    assert [(r.category, r.state) for r in prev_found] == [(m.CROSS_DAY, "pending")]
    orders = _day(app, buyer.user_id)
    late = local_order(app, buyer.user_id, paid_at=at(DAY, 23, 58), transaction_id="4200late",
                       grant_by_out_trade_no=True)
    rows = _bill(orders) + [trade_row(late_prev.out_trade_no, 6800, at(DAY, 0, 0, 3), transaction_id="4200prev")]
    inject(sandbox_server.url, DAY, "ALL", render("ALL", rows))
    statements.clear()
    run, found = run_of(app, reconcile(app, DAY))
    assert [(r.category, r.state, r.out_trade_no) for r in found] == [(m.CROSS_DAY, "pending", late.out_trade_no)]
    assert run.mismatches == 0 and run.pending == 1
    _, prev_found = run_of(app, prev_run.public_id)
    assert [(r.category, r.state) for r in prev_found] == [(m.CROSS_DAY, "cleared")]
    lookups = _row_lookups(statements)
    assert len(lookups) == 1 and lookups[0].count("%s") <= 2  # only the edge row was looked up
