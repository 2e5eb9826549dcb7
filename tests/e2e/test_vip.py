"""A consultant buys VIP over real HTTP: order → WeChat Pay (emulator) → the app learns of the
payment (notification to the live app's notify_url, or polling the order) → entitlement."""

from datetime import UTC, datetime, timedelta

import pytest
import requests

from miniprogram_contract.client import ApiError
from miniprogram_contract.simulator import MiniProgram

pytestmark = pytest.mark.e2e


def _consultant(live_app, sandbox_server, phone):
    mp = MiniProgram(live_app.url, sandbox_server.url)
    mp.onboard(phone)
    mp.register_consultant()
    return mp


def test_a_consultant_buys_vip_and_buying_again_extends_it(live_app, sandbox_server):
    mp = _consultant(live_app, sandbox_server, "13900139001")
    assert mp.api.me_vip()["vip"] is False
    vip = mp.buy_vip("vip_month")
    assert vip["vip"] is True and vip["plan_code"] == "vip_month"
    first_end = datetime.fromisoformat(vip["ends_at"])
    assert first_end - datetime.now(UTC) > timedelta(days=30, hours=23)
    vip = mp.buy_vip("vip_year")
    assert datetime.fromisoformat(vip["ends_at"]) - first_end == timedelta(days=366)
    orders = mp.api.orders_list()
    assert [o["status"] for o in orders] == ["paid", "paid"] and orders[0]["plan_code"] == "vip_year"
    # The notify_url WeChat Pay was given is the live app's own.
    deliveries = requests.get(f"{sandbox_server.url}/control/wechatpay/deliveries",
                              params={"out_trade_no": orders[0]["out_trade_no"]}, timeout=5).json()["deliveries"]
    assert deliveries and deliveries[0]["notify_url"] == live_app.url.rstrip("/") + "/api/v1/payments/wechatpay/notify"


def test_an_ios_user_is_offered_activation_codes_not_payment(live_app, sandbox_server):
    mp = _consultant(live_app, sandbox_server, "13900139002")
    assert mp.api.plans_list("ios")["purchase_channels"] == ["activation_code"]
    with pytest.raises(ApiError) as refused:
        mp.api.orders_create(plan_code="vip_month", platform="ios")
    assert refused.value.status == 403 and refused.value.reason == "payment_unavailable_on_platform"
    assert mp.api.orders_list() == []


def test_an_ios_user_redeems_an_activation_code_an_operator_issued(app, live_app, sandbox_server):
    from bff.admin.auth import create_operator

    with app.extensions["mirror.db"].factory.begin() as session:
        create_operator(session, "ops-e2e", "Operator-Pass-2026", ["admin"])
    admin = requests.Session()
    token = admin.post(f"{live_app.url}/api/admin/v1/login", timeout=10,
                       json={"username": "ops-e2e", "password": "Operator-Pass-2026"}).json()["access_token"]
    now = datetime.now(UTC)
    batch = admin.post(f"{live_app.url}/api/admin/v1/activation-batches", timeout=10,
                       headers={"Authorization": f"Bearer {token}"},
                       json={"plan_code": "vip_quarter", "quantity": 2, "valid_from": now.isoformat(),
                             "valid_until": (now + timedelta(days=30)).isoformat(), "channel_note": "门店活动"})
    assert batch.status_code == 201, batch.text
    code = batch.json()["codes"][0]

    mp = _consultant(live_app, sandbox_server, "13900139003")
    assert mp.api.plans_list("ios")["purchase_channels"] == ["activation_code"]
    mp.api.activation_codes_redeem(code.lower().replace("-", " "))  # typed as the user likes
    vip = mp.api.me_vip()
    assert vip["vip"] is True and vip["plan_code"] == "vip_quarter"
    with pytest.raises(ApiError) as again:
        mp.api.activation_codes_redeem(code)
    assert again.value.status == 409 and again.value.reason == "activation_code_used"
