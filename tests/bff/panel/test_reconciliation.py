"""Reconciliation in the panel: run a date, read every category with both sides' evidence,
resolve with a note (kept by a re-run), export CSV; finance only."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

from sqlalchemy import select

from bff.reconciliation import matching as m
from models import AuditEvent, ReconciliationMismatch, ReconciliationRun
from tests.bff.panel.recon_world import plant_every_category

DAY = (datetime.now(m.SHANGHAI) - timedelta(days=4)).date()


def _text(res) -> str:  # type: ignore[no-untyped-def]
    return res.get_data(as_text=True)


def test_a_finance_operator_runs_reads_resolves_reruns_and_exports(app, login, sandbox_server, signed_in,
                                                                   db_session):
    planted = plant_every_category(app, sandbox_server.url, login().user_id, DAY)
    panel = signed_in("finance")
    panel.get("/admin/reconciliation")
    res = panel.post("/admin/reconciliation/runs", {"bill_date": DAY.isoformat()})
    assert res.status_code == 303 and "done=recon_run_done" in res.headers["Location"]
    run_id = re.search(r"/runs/([^?]+)", res.headers["Location"]).group(1)
    page = _text(panel.get(res.headers["Location"]))
    assert "已完成" in page
    shown = dict(re.findall(r'data-category="(\w+)" data-state="(\w+)"', page))
    assert set(shown) == set(planted) and shown["cross_day"] == "pending"
    assert "68.01" in page and "¥68.01" in page  # the bill's side and the amounts
    assert {"reconciliation_run", "reconciliation_run_view"} <= set(db_session.scalars(select(AuditEvent.action)))

    only = _text(panel.get(f"/admin/reconciliation/runs/{run_id}", query_string={"category": "amount"}))
    assert re.findall(r'data-category="(\w+)"', only) == ["amount"]

    amount = db_session.scalar(select(ReconciliationMismatch).where(ReconciliationMismatch.category == "amount"))
    url = f"/admin/reconciliation/mismatches/{amount.public_id}/resolve"
    assert "error=operator_note_required" in panel.post(url).headers["Location"]
    assert "done=mismatch_resolved" in panel.post(url, {"note": "已与微信核实，差 1 分为优惠券"}).headers["Location"]
    again = panel.post(url, {"note": "再处理一次"})
    assert "error=reconciliation_mismatch_not_open" in again.headers["Location"]

    rerun = panel.post("/admin/reconciliation/runs", {"bill_date": DAY.isoformat()})
    rerun_id = re.search(r"/runs/([^?]+)", rerun.headers["Location"]).group(1)
    assert rerun_id != run_id
    db_session.expire_all()
    kept = db_session.scalar(
        select(ReconciliationMismatch).join(ReconciliationRun, ReconciliationRun.id == ReconciliationMismatch.run_id)
        .where(ReconciliationRun.public_id == rerun_id, ReconciliationMismatch.category == "amount"))
    assert kept.state == "resolved"
    runs_page = _text(panel.get("/admin/reconciliation"))
    assert runs_page.count(DAY.isoformat()) >= 2 and "最新" in runs_page

    exported = panel.get(f"/admin/reconciliation/runs/{run_id}/export")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(_text(exported).lstrip("\ufeff"))))
    assert rows[0][0] == "差异ID" and {r[2] for r in rows[1:]} == set(planted)
    assert "reconciliation_export" in set(db_session.scalars(select(AuditEvent.action)))


def test_dates_outside_three_months_are_refused_and_nothing_runs(signed_in, db_session):
    panel = signed_in("finance")
    panel.get("/admin/reconciliation")
    today = datetime.now(m.SHANGHAI).date()
    for day in (today, today - timedelta(days=200)):
        res = panel.post("/admin/reconciliation/runs", {"bill_date": day.isoformat()})
        assert "error=reconciliation_date_invalid" in res.headers["Location"]
    assert "error=validation_error" in panel.post("/admin/reconciliation/runs", {"bill_date": "昨天"}).headers[
        "Location"]
    assert db_session.scalars(select(ReconciliationRun)).all() == []


def test_the_dashboard_counts_open_mismatches_and_orders_show_theirs(app, login, sandbox_server, signed_in):
    planted = plant_every_category(app, sandbox_server.url, login().user_id, DAY)
    panel = signed_in("finance")
    panel.get("/admin/reconciliation")
    panel.post("/admin/reconciliation/runs", {"bill_date": DAY.isoformat()})
    board = _text(panel.get("/admin"))
    assert re.search(r'待处理的对账差异</div>\s*<div class="value"><a [^>]+>12<', board)
    found = _text(panel.get("/admin/orders", query_string={"out_trade_no": planted["amount"]}))
    order_id = re.search(r'/admin/orders/([A-Za-z0-9_-]+)"', found).group(1)
    detail = _text(panel.get(f"/admin/orders/{order_id}"))
    assert 'id="order-mismatches"' in detail and "amount" in detail
