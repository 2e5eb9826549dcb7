"""A consultant who bought VIP through the real flow (WeChat Pay emulator → notification to the
live app), and operators signed in to the panel."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from miniprogram_contract.simulator import MiniProgram
from models import Order, PaymentNotification
from tests.bff.admin.helpers import emulator_settings
from tests.bff.panel.helpers import Panel, make_panel_operator


@dataclass
class Bought:
    mp: MiniProgram
    user_id: str
    order_id: str
    out_trade_no: str
    transaction_id: str


def buy(app, live_app, sandbox_server, phone: str) -> Bought:  # type: ignore[no-untyped-def]
    mp = MiniProgram(live_app.url, sandbox_server.url)
    mp.onboard(phone)
    mp.register_consultant()
    mp.buy_vip("vip_month")
    order = mp.api.orders_list()[0]
    deadline = time.monotonic() + 10
    with app.extensions["mirror.db"].factory() as s:
        while True:  # polling may have seen the payment before the notification was processed
            s.expire_all()
            done = s.scalar(select(PaymentNotification.id).where(
                PaymentNotification.out_trade_no == order["out_trade_no"],
                PaymentNotification.outcome.in_(("processed", "duplicate"))))
            if done is not None:
                break
            assert time.monotonic() < deadline, "no notification applied for the order"
            time.sleep(0.1)
        row = s.scalar(select(Order).where(Order.public_id == order["id"]))
        assert row is not None and row.transaction_id
        return Bought(mp, mp.api.me_get()["user_id"], order["id"], order["out_trade_no"], row.transaction_id)


@pytest.fixture
def bought(app, live_app, sandbox_server) -> Bought:  # type: ignore[no-untyped-def]
    emulator_settings(sandbox_server.url, refund_auto_success_seconds=None)
    return buy(app, live_app, sandbox_server, "13900139101")


@pytest.fixture
def signed_in(app):  # type: ignore[no-untyped-def]
    def sign_in(*roles: str) -> Panel:
        panel = Panel(app.test_client())
        panel.login(make_panel_operator(app, *roles))
        return panel

    return sign_in
