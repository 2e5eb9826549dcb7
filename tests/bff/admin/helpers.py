"""Operators, paid orders (here and at the WeChat Pay emulator) and ledger reads for admin tests."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bff.admin.auth import create_operator
from bff.billing import ledger
from bff.deps import deps
from models import EntitlementEntry, Order, Plan, User
from models.billing import LedgerCause, OrderStatus

PASSWORD = "Corr3ct-Horse-Battery"


@dataclass
class Op:
    username: str
    public_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_operator(app: Flask, client: FlaskClient, *roles: str, username: str | None = None,
                  password: str = PASSWORD, log_in: bool = True) -> Op:
    username = username or "op-" + secrets.token_hex(4)
    with app.extensions["mirror.db"].factory.begin() as session:
        public_id = create_operator(session, username, password, roles).public_id
    token = ""
    if log_in:
        res = client.post("/api/admin/v1/login", json={"username": username, "password": password})
        assert res.status_code == 200, res.json
        token = res.json["access_token"]
    return Op(username, public_id, token)


@dataclass
class PaidOrder:
    public_id: str
    out_trade_no: str
    amount_fen: int
    user_id: int
    grant_ends_at: datetime


def paid_order(app: Flask, sandbox_url: str, openid: str, user_public_id: str, *, plan_code: str = "vip_month",
               paid_at: datetime, at_emulator: bool = True) -> PaidOrder:
    """An order paid at ``paid_at`` with its ledger grant, inserted directly; and (unless told not
    to) the same order created and paid at the WeChat Pay emulator."""
    out_trade_no = "T" + secrets.token_hex(12)
    with app.app_context(), app.extensions["mirror.db"].factory.begin() as session:
        user = session.scalar(select(User).where(User.public_id == user_public_id))
        plan = session.scalar(select(Plan).where(Plan.code == plan_code))
        assert user is not None and plan is not None
        order = Order(out_trade_no=out_trade_no, user_id=user.id, plan_id=plan.id, channel="wechatpay_jsapi",
                      amount_fen=plan.price_fen, status=OrderStatus.paid, created_at=paid_at,
                      expires_at=paid_at + timedelta(minutes=30), paid_at=paid_at)
        session.add(order)
        session.flush()
        entry = ledger.grant(session, user, plan, cause_type=LedgerCause.order, cause_id=order.public_id,
                             now=paid_at)
        made = PaidOrder(order.public_id, out_trade_no, plan.price_fen, user.id, entry.ends_at)
        if at_emulator:
            pay_at_emulator(app, sandbox_url, openid, made)
    return made


def pay_at_emulator(app: Flask, sandbox_url: str, openid: str, order: PaidOrder) -> None:
    expire = (datetime.now(UTC) + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    with app.app_context():
        deps().wechatpay.create_jsapi(out_trade_no=order.out_trade_no, description="VIP 月卡",
                                      amount_fen=order.amount_fen, openid=openid, time_expire=expire,
                                      notify_url="http://127.0.0.1:9/notify")
    res = requests.post(f"{sandbox_url}/control/wechatpay/pay", json={"out_trade_no": order.out_trade_no},
                        timeout=5)
    assert res.status_code == 200, res.text


def emulator_settings(sandbox_url: str, **values: object) -> None:
    res = requests.post(f"{sandbox_url}/control/wechatpay/settings", json=values, timeout=5)
    assert res.status_code == 200, res.text


def settle_at_emulator(sandbox_url: str, out_refund_no: str, status: str = "SUCCESS") -> None:
    res = requests.post(f"{sandbox_url}/control/wechatpay/refund-result",
                        json={"out_refund_no": out_refund_no, "status": status}, timeout=5)
    assert res.status_code == 200, res.text


def ledger_entries(app: Flask, user_id: int) -> list[EntitlementEntry]:
    with app.extensions["mirror.db"].factory() as session:
        return list(session.scalars(select(EntitlementEntry).where(EntitlementEntry.user_id == user_id)
                                    .order_by(EntitlementEntry.id)))
