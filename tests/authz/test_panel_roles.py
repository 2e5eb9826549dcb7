"""Every panel route x every operator role, driven by panel_roles.yaml; refusals change nothing."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bff.panel.guard import make_ref
from models import (
    ActivationBatch,
    Order,
    PaymentAlert,
    PaymentNotification,
    Plan,
    ReconciliationMismatch,
    ReconciliationRun,
    Refund,
    Store,
    StoreMember,
    User,
)
from models.base import new_public_id, utcnow
from models.billing import OrderStatus, RefundStatus
from models.stores import StoreRole
from tests.authz.test_matrix import _rule_to_route, _snapshot
from tests.bff.panel.helpers import Panel, make_panel_operator

ROLES = ("admin", "finance", "support")
MATRIX: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "panel_roles.yaml").read_text(encoding="utf-8"))
CASES = [(route, role) for route in MATRIX for role in ROLES]


def _spec(route: str) -> dict[str, Any]:
    entry = MATRIX[route]
    return entry if "expect" in entry else {"expect": entry}


def _expected(route: str, role: str) -> int:
    expect = _spec(route)["expect"]
    return expect.get(role, expect.get("default", expect.get("all")))


def test_every_panel_route_is_in_the_role_matrix(app):
    served = {_rule_to_route(method, rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/admin") for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served == set(MATRIX)


def _world(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    now = utcnow()
    with app.app_context(), app.extensions["mirror.db"].factory.begin() as s:
        user = User(public_id=new_public_id(), openid="o" + secrets.token_hex(10))
        s.add(user)
        s.flush()
        store = Store(public_id=new_public_id(), name="门店", address="地址", business_category="other",
                      created_by=user.id)
        s.add(store)
        s.flush()
        s.add(StoreMember(store_id=store.id, user_id=user.id, role=StoreRole.owner))
        plan = s.query(Plan).filter_by(code="vip_month").one()
        order = Order(out_trade_no="T" + secrets.token_hex(8), user_id=user.id, plan_id=plan.id,
                      channel="wechatpay_jsapi", amount_fen=plan.price_fen, status=OrderStatus.paid,
                      expires_at=now + timedelta(minutes=30), paid_at=now, transaction_id="42" + secrets.token_hex(8))
        s.add(order)
        s.flush()
        refund = Refund(order_id=order.id, out_refund_no="R" + secrets.token_hex(8), amount_fen=1, reason="测试退款",
                        operator_id="op", status=RefundStatus.success)
        notification = PaymentNotification(kind="transaction", headers={}, body="{}", verified=True,
                                           out_trade_no=order.out_trade_no, outcome="processed")
        s.add_all([refund, notification])
        s.flush()
        alert = PaymentAlert(kind="amount_mismatch", order_id=order.id, notification_id=notification.id, detail="x")
        batch = ActivationBatch(plan_id=plan.id, quantity=1, valid_from=now, valid_until=now + timedelta(days=1),
                                channel_note="渠道", created_by="op")
        run = ReconciliationRun(bill_date=date(2026, 12, 1), status="succeeded", trigger="cli", totals={})
        s.add_all([alert, batch, run])
        s.flush()
        mismatch = ReconciliationMismatch(run_id=run.id, bill_date=run.bill_date, category="amount", state="open",
                                          out_trade_no=order.out_trade_no, bill_amount_fen=1, local_amount_fen=2)
        s.add(mismatch)
        s.flush()
        return {"order_id": order.public_id, "refund_id": refund.public_id, "store_id": store.public_id,
                "user_id": user.public_id, "batch_id": batch.public_id,
                "notification_ref": make_ref("notification", notification.id), "alert_ref": make_ref("alert", alert.id),
                "run_id": run.public_id, "mismatch_id": mismatch.public_id}


@pytest.mark.parametrize(("route", "role"), CASES, ids=[f"{r}|{role}" for r, role in CASES])
def test_panel_route_answers_each_role_as_the_matrix_says(app, client, route, role):
    values = _world(app)
    op = make_panel_operator(app, role)
    panel = Panel(client)
    panel.login(op)
    spec = _spec(route)
    method, path = route.split(" ", 1)
    path = re.sub(r"\{(\w+)\}", lambda m: spec.get("path", {}).get(m.group(1), "{" + m.group(1) + "}"), path)
    path = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
    before = _snapshot(app)
    res = panel.get(path) if method == "GET" else panel.post(path)
    expected = _expected(route, role)
    assert res.status_code == expected, (route, role, res.status_code, res.headers.get("Location"))
    if res.status_code == 403:
        assert _snapshot(app) == before, "a refused request changed the database"
