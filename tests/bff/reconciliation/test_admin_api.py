"""The admin JSON API over orders and reconciliation: search, detail, runs, resolve, re-run, CSV,
and who may do what."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bff.reconciliation import matching as m
from models import AuditEvent
from models.billing import OrderStatus
from tests.bff.admin.helpers import emulator_settings, make_operator
from tests.bff.reconciliation.helpers import at, inject, local_order, render, trade_row

DAY = (datetime.now(m.SHANGHAI) - timedelta(days=3)).date()


@pytest.fixture(autouse=True)
def _bills_any_time(sandbox_server, app):
    emulator_settings(sandbox_server.url, bill_ready_hour=None)


@pytest.fixture
def finance(app, client):
    return make_operator(app, client, "finance")


@pytest.fixture
def support(app, client):
    return make_operator(app, client, "support")


def test_orders_are_searched_by_each_key_and_paged_by_cursor(app, client, login, store_of, consultant, support):
    owner = consultant()
    store = store_of(owner)
    other = login()
    mine = [local_order(app, owner.user_id, paid_at=at(DAY, h)) for h in (9, 10, 11)]
    theirs = local_order(app, other.user_id, paid_at=None, status=OrderStatus.created, grant=False,
                         transaction_id=None)
    get = lambda **q: client.get("/api/admin/v1/orders", query_string=q, headers=support.headers)  # noqa: E731
    by_no = get(out_trade_no=mine[1].out_trade_no).json["orders"]
    assert [o["id"] for o in by_no] == [mine[1].public_id]
    assert [o["id"] for o in get(store_id=store).json["orders"]] == [o.public_id for o in reversed(mine)]
    assert [o["id"] for o in get(user_id=other.user_id).json["orders"]] == [theirs.public_id]
    assert [o["id"] for o in get(status="created").json["orders"]] == [theirs.public_id]
    assert get(created_from=DAY.isoformat(), created_to=DAY.isoformat()).json["orders"][0]["id"] == mine[2].public_id
    assert get(created_from=(DAY + timedelta(days=1)).isoformat(), created_to=(DAY + timedelta(days=1)).isoformat()
               ).json["orders"] == []
    first = get(store_id=store, limit=2).json
    assert len(first["orders"]) == 2 and first["next_cursor"]
    second = get(store_id=store, limit=2, cursor=first["next_cursor"]).json
    assert [o["id"] for o in second["orders"]] == [mine[0].public_id] and second["next_cursor"] is None
    assert get(cursor="!!").json["reason"] == "invalid_cursor"
    assert get(unknown="x").status_code == 422


def test_order_detail_shows_refunds_ledger_and_mismatches(app, client, login, finance, sandbox_server):
    buyer = login()
    order = local_order(app, buyer.user_id, paid_at=at(DAY, 12))
    inject(sandbox_server.url, DAY, "ALL", render("ALL", [trade_row(order.out_trade_no, 6900, at(DAY, 12))]))
    inject(sandbox_server.url, DAY, "REFUND", None)
    run = client.post("/api/admin/v1/reconciliation/runs", json={"bill_date": DAY.isoformat()},
                      headers=finance.headers)
    assert run.status_code == 201 and run.json["status"] == "succeeded" and run.json["mismatches"] == 1
    detail = client.get(f"/api/admin/v1/orders/{order.public_id}", headers=finance.headers).json
    assert detail["out_trade_no"] == order.out_trade_no and detail["status"] == "paid"
    assert [(e["kind"], e["cause_type"]) for e in detail["ledger"]] == [("grant", "order")]
    [mismatch] = detail["mismatches"]
    assert (mismatch["category"], mismatch["bill_amount_fen"], mismatch["local_amount_fen"]) == (m.AMOUNT, 6900, 6800)
    assert mismatch["run_id"] == run.json["id"]
    assert client.get("/api/admin/v1/orders/nope", headers=finance.headers).json["reason"] == "order_not_found"


def test_a_finance_operator_reruns_reads_resolves_and_exports(app, client, login, finance, sandbox_server,
                                                            db_session):
    buyer = login()
    short = local_order(app, buyer.user_id, paid_at=at(DAY, 12))
    inject(sandbox_server.url, DAY, "ALL", render("ALL", [trade_row("=HYPERLINK(1)", 6800, at(DAY, 9))]))
    inject(sandbox_server.url, DAY, "REFUND", None)
    h = finance.headers
    created = client.post("/api/admin/v1/reconciliation/runs", json={"bill_date": DAY.isoformat()}, headers=h)
    assert created.status_code == 201, created.json
    run_id = created.json["id"]
    assert created.json["latest"] and created.json["trigger"] == "operator"
    assert created.json["operator_id"] == finance.public_id
    detail = client.get(f"/api/admin/v1/reconciliation/runs/{run_id}", headers=h).json
    cats = {i["category"]: i for i in detail["items"]}
    assert set(cats) == {m.WECHAT_ONLY, m.LOCAL_ONLY}
    assert cats[m.LOCAL_ONLY]["out_trade_no"] == short.out_trade_no
    only_long = client.get(f"/api/admin/v1/reconciliation/runs/{run_id}", query_string={"category": m.WECHAT_ONLY},
                           headers=h).json["items"]
    assert [i["category"] for i in only_long] == [m.WECHAT_ONLY]

    url = f"/api/admin/v1/reconciliation/mismatches/{cats[m.LOCAL_ONLY]['id']}/resolve"
    resolved = client.post(url, json={"note": "线下转账已核实"}, headers=h)
    assert resolved.status_code == 200 and resolved.json["state"] == "resolved"
    assert resolved.json["resolved_by"] == finance.public_id
    assert client.post(url, json={"note": "再来一次"}, headers=h).json["reason"] == "reconciliation_mismatch_not_open"
    audit = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "reconciliation_mismatch_resolve"))
    assert (audit.actor_id, audit.purpose) == (finance.public_id, "线下转账已核实")

    again = client.post("/api/admin/v1/reconciliation/runs", json={"bill_date": DAY.isoformat()}, headers=h).json
    runs = client.get("/api/admin/v1/reconciliation/runs", query_string={"bill_date": DAY.isoformat()},
                      headers=h).json["runs"]
    assert [(r["id"], r["latest"]) for r in runs] == [(again["id"], True), (run_id, False)]
    states = {i["category"]: i["state"] for i in client.get(f"/api/admin/v1/reconciliation/runs/{again['id']}",
                                                             headers=h).json["items"]}
    assert states == {m.WECHAT_ONLY: "open", m.LOCAL_ONLY: "resolved"}

    export = client.get(f"/api/admin/v1/reconciliation/runs/{run_id}/export", headers=h)
    assert export.status_code == 200 and export.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["差异ID", "账单日期", "类别", "状态"] and len(rows) == 3
    long_row = next(r for r in rows[1:] if r[2] == m.WECHAT_ONLY)
    assert long_row[4] == "'=HYPERLINK(1)"  # never a live formula in a spreadsheet


@pytest.mark.parametrize("bill_date", [lambda today: today, lambda today: today - timedelta(days=93)])
def test_dates_outside_the_last_three_months_are_refused(client, finance, bill_date):
    today = datetime.now(m.SHANGHAI).date()
    res = client.post("/api/admin/v1/reconciliation/runs", json={"bill_date": bill_date(today).isoformat()},
                      headers=finance.headers)
    assert res.status_code == 422 and res.json["reason"] == "reconciliation_date_invalid"


def test_support_and_admin_cannot_reach_reconciliation_but_support_finds_orders(app, client, support):
    admin = make_operator(app, client, "admin")
    for op in (support, admin):
        for method, url, body in [("get", "/api/admin/v1/reconciliation/runs", None),
                                  ("post", "/api/admin/v1/reconciliation/runs", {"bill_date": DAY.isoformat()}),
                                  ("get", "/api/admin/v1/reconciliation/runs/x", None),
                                  ("get", "/api/admin/v1/reconciliation/runs/x/export", None),
                                  ("post", "/api/admin/v1/reconciliation/mismatches/x/resolve", {"note": "无权"})]:
            res = getattr(client, method)(url, json=body, headers=op.headers)
            assert res.status_code == 403 and res.json["reason"] == "operator_role_required", (op, url)
    assert client.get("/api/admin/v1/orders", headers=support.headers).status_code == 200
    assert client.get("/api/admin/v1/orders", headers=admin.headers).status_code == 403


def test_simultaneous_resolutions_of_one_mismatch_succeed_once(app, client, login, finance, sandbox_server,
                                                               db_session):
    import threading

    buyer = login()
    for _ in range(3):
        local_order(app, buyer.user_id, paid_at=at(DAY, 12))
    inject(sandbox_server.url, DAY, "ALL", None)
    inject(sandbox_server.url, DAY, "REFUND", None)
    run = client.post("/api/admin/v1/reconciliation/runs", json={"bill_date": DAY.isoformat()},
                      headers=finance.headers).json
    items = client.get(f"/api/admin/v1/reconciliation/runs/{run['id']}", headers=finance.headers).json["items"]
    assert len(items) == 3
    for item in items:
        barrier, codes = threading.Barrier(6), []

        def resolve(barrier=barrier, codes=codes, item=item):  # type: ignore[no-untyped-def]
            local = app.test_client()
            barrier.wait()
            res = local.post(f"/api/admin/v1/reconciliation/mismatches/{item['id']}/resolve",
                             json={"note": "并发处理"}, headers=finance.headers)
            codes.append(res.status_code)

        threads = [threading.Thread(target=resolve) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(codes) == [200] + [409] * 5
    db_session.rollback()
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "reconciliation_mismatch_resolve"))
    assert len(list(events)) == 3
