"""Orders through the real wechatpayv3 against the WeChat Pay emulator, fulfilment and expiry."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from sqlalchemy import func, select, update

from bff.billing import service
from jobs.billing import close_expired_orders
from models import EntitlementEntry, Order, PaymentAlert, Plan
from models.billing import OrderStatus

ROOT = Path(__file__).resolve().parents[3]
MERCHANT_PUBLIC_KEY = ROOT / "sandbox/wechatpay/keys/DEV_ONLY_merchant_public_key.pem"


class Pay:
    def __init__(self, base: str) -> None:
        self.base = f"{base}/control/wechatpay"

    def pay(self, out_trade_no: str) -> dict:
        res = requests.post(f"{self.base}/pay", json={"out_trade_no": out_trade_no}, timeout=10)
        assert res.status_code == 200, res.text
        return res.json()

    def fault(self, mode: str, count: int = 1) -> None:
        requests.post(f"{self.base}/faults", json={"mode": mode, "count": count}, timeout=10).raise_for_status()


@pytest.fixture
def wxpay(sandbox_server, app) -> Pay:
    return Pay(sandbox_server.url)


def _order(client, who, plan_code="vip_month", platform="android"):
    return client.post("/api/v1/orders", json={"plan_code": plan_code, "platform": platform}, headers=who.headers)


def _count(db_session, model) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(model))


def _vip(client, who):
    res = client.get("/api/v1/me/vip", headers=who.headers)
    assert res.status_code == 200, res.json
    return res.json


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def test_plans_come_from_the_server_and_ios_is_offered_activation_codes_only(client, db_session):
    android = client.get("/api/v1/plans?platform=android").json
    assert [p["code"] for p in android["plans"]] == ["vip_month", "vip_quarter", "vip_year"]
    assert android["plans"][0]["price_fen"] == 6800 and android["plans"][0]["duration_days"] == 31
    assert android["free"]["limits"]["clients"] == 50
    assert android["purchase_channels"] == ["wechatpay_jsapi"]
    assert client.get("/api/v1/plans?platform=ios").json["purchase_channels"] == ["activation_code"]
    assert client.get("/api/v1/plans").json["purchase_channels"] == []
    assert client.get("/api/v1/plans?platform=symbian").status_code == 422
    # Operators change prices as data; users see the new price.
    db_session.execute(update(Plan).where(Plan.code == "vip_month").values(price_fen=4900))
    db_session.commit()
    assert client.get("/api/v1/plans?platform=android").json["plans"][0]["price_fen"] == 4900


def test_an_order_returns_request_payment_params_signed_with_the_merchant_key(app, client, consultant, db_session):
    who = consultant()
    res = _order(client, who)
    assert res.status_code == 201, res.json
    order, payment = res.json["order"], res.json["payment"]
    assert order["status"] == "created" and order["amount_fen"] == 6800 and order["plan_code"] == "vip_month"
    no = order["out_trade_no"]
    assert len(no) <= 32 and no.startswith("MW") and order["id"] != no
    expires = _at(order["expires_at"]) - _at(order["created_at"])
    assert expires == timedelta(minutes=app.extensions["mirror.settings"].order_ttl_minutes)
    assert payment["package"].startswith("prepay_id=wx") and payment["signType"] == "RSA"
    appid = app.extensions["mirror.settings"].wechat_appid
    message = f"{appid}\n{payment['timeStamp']}\n{payment['nonceStr']}\n{payment['package']}\n".encode()
    key = serialization.load_pem_public_key(MERCHANT_PUBLIC_KEY.read_bytes())
    key.verify(base64.b64decode(payment["paySign"]), message, padding.PKCS1v15(), hashes.SHA256())
    row = db_session.scalar(select(Order).where(Order.out_trade_no == no))
    assert row.prepay_id == payment["package"].removeprefix("prepay_id=") and row.channel == "wechatpay_jsapi"
    # WeChat holds the same order, unpaid.
    tx = app.extensions["mirror.deps"].wechatpay.query(no)
    assert tx["trade_state"] == "NOTPAY" and tx["amount"]["total"] == 6800


def test_a_lost_notification_is_recovered_by_polling_the_order(client, consultant, wxpay, db_session):
    who = consultant()
    assert _vip(client, who)["vip"] is False
    created = _order(client, who).json["order"]
    wxpay.fault("drop")
    wxpay.pay(created["out_trade_no"])
    res = client.get(f"/api/v1/orders/{created['id']}", headers=who.headers)
    assert res.status_code == 200 and res.json["status"] == "paid" and res.json["paid_at"]
    vip = _vip(client, who)
    assert vip["vip"] is True and vip["plan_code"] == "vip_month"
    assert _at(vip["ends_at"]) - datetime.now(UTC) > timedelta(days=30, hours=23)
    # Polling again changes nothing: one grant, pointing at its order.
    assert client.get(f"/api/v1/orders/{created['id']}", headers=who.headers).json["status"] == "paid"
    [entry] = db_session.scalars(select(EntitlementEntry)).all()
    assert (entry.cause_type, entry.cause_id, entry.kind) == ("order", created["out_trade_no"], "grant")
    row = db_session.scalar(select(Order).where(Order.public_id == created["id"]))
    assert row.transaction_id and row.status == OrderStatus.paid


def test_polling_an_unpaid_order_leaves_it_pending(client, consultant):
    who = consultant()
    created = _order(client, who).json["order"]
    res = client.get(f"/api/v1/orders/{created['id']}", headers=who.headers)
    assert res.status_code == 200 and res.json["status"] == "created"
    assert _vip(client, who)["vip"] is False


def test_buying_again_extends_from_the_current_end(client, consultant, wxpay):
    who = consultant()
    first = _order(client, who).json["order"]
    wxpay.pay(first["out_trade_no"])
    client.get(f"/api/v1/orders/{first['id']}", headers=who.headers)
    end_1 = _at(_vip(client, who)["ends_at"])
    second = _order(client, who, "vip_quarter").json["order"]
    assert second["amount_fen"] == 18800
    wxpay.pay(second["out_trade_no"])
    assert client.get(f"/api/v1/orders/{second['id']}", headers=who.headers).json["status"] == "paid"
    vip = _vip(client, who)
    assert _at(vip["ends_at"]) - end_1 == timedelta(days=92)
    listed = client.get("/api/v1/orders", headers=who.headers).json["orders"]
    assert [o["id"] for o in listed] == [second["id"], first["id"]]


def _expire(db_session, public_id):
    db_session.execute(update(Order).where(Order.public_id == public_id)
                       .values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    db_session.commit()


def test_the_expiry_job_closes_unpaid_orders_at_wechat_and_locally(app, client, consultant, db_session, wxpay):
    who = consultant()
    stale = _order(client, who).json["order"]
    fresh = _order(client, who).json["order"]
    _expire(db_session, stale["id"])
    assert close_expired_orders() == "closed=1"
    assert client.get(f"/api/v1/orders/{stale['id']}", headers=who.headers).json["status"] == "closed"
    assert client.get(f"/api/v1/orders/{fresh['id']}", headers=who.headers).json["status"] == "created"
    assert app.extensions["mirror.deps"].wechatpay.query(stale["out_trade_no"])["trade_state"] == "CLOSED"
    with pytest.raises(AssertionError):  # closed at WeChat: the user can no longer pay it
        wxpay.pay(stale["out_trade_no"])
    assert close_expired_orders() == "nothing"  # idempotent
    assert _vip(client, who)["vip"] is False


def test_the_expiry_job_fulfils_an_order_paid_at_wechat_instead_of_closing_it(app, client, consultant, db_session,
                                                                               wxpay):
    who = consultant()
    created = _order(client, who).json["order"]
    wxpay.fault("drop")
    wxpay.pay(created["out_trade_no"])
    _expire(db_session, created["id"])
    assert close_expired_orders() == "fulfilled=1"
    assert client.get(f"/api/v1/orders/{created['id']}", headers=who.headers).json["status"] == "paid"
    assert _vip(client, who)["plan_code"] == "vip_month"
    assert app.extensions["mirror.deps"].wechatpay.query(created["out_trade_no"])["trade_state"] == "SUCCESS"
    assert _count(db_session, EntitlementEntry) == 1


def test_ios_is_refused_with_the_reason_and_the_alternative(client, consultant, db_session):
    res = _order(client, consultant(), platform="ios")
    assert res.status_code == 403 and res.json["reason"] == "payment_unavailable_on_platform"
    assert res.json["errors"]["purchase_channels"] == ["activation_code"]
    assert _count(db_session, Order) == 0


def test_unknown_or_free_plans_cannot_be_bought(client, consultant, db_session):
    who = consultant()
    for code in ("free", "vip_forever"):
        res = _order(client, who, plan_code=code)
        assert res.status_code == 404 and res.json["reason"] == "plan_not_found"
    db_session.execute(update(Plan).where(Plan.code == "vip_year").values(purchasable=False))
    db_session.commit()
    assert _order(client, who, plan_code="vip_year").status_code == 404
    assert _count(db_session, Order) == 0


def test_another_users_order_is_not_found(client, consultant):
    owner, other = consultant(), consultant()
    created = _order(client, owner).json["order"]
    res = client.get(f"/api/v1/orders/{created['id']}", headers=other.headers)
    assert res.status_code == 404 and res.json["reason"] == "order_not_found"
    assert client.get("/api/v1/orders", headers=other.headers).json["orders"] == []
    assert client.get(f"/api/v1/orders/{created['id']}", headers=owner.headers).status_code == 200


def test_ordering_needs_a_consultant_and_the_agreements(client, login):
    res = _order(client, login(phone="13800138000"))
    assert res.status_code == 403 and res.json["reason"] == "consultant_required"
    res = _order(client, login(agree=False))
    assert res.status_code == 403 and res.json["reason"] == "agreement_required"


def test_wechat_pay_down_answers_503_and_writes_no_order(make_app, consultant, db_session):
    who = consultant()
    down = make_app(wechatpay_gateway="http://127.0.0.1:9/wechatpay", wechatpay_timeout=1.0).test_client()
    res = _order(down, who)
    assert res.status_code == 503 and res.json["reason"] == "wechatpay_unavailable"
    assert _count(db_session, Order) == 0


def test_order_creation_is_rate_limited_per_user(make_app, consultant, db_session):
    who = consultant()
    client = make_app().test_client()  # a fresh app instance, as tests/bff/test_rate_limits.py does
    limit = int(service_limit().split("/")[0])
    for _ in range(limit):
        assert _order(client, who).status_code == 201
    res = _order(client, who)
    assert res.status_code == 429 and res.headers["Retry-After"]
    assert _count(db_session, Order) == limit
    assert _order(client, consultant()).status_code == 201  # per user, not global


def service_limit() -> str:
    from bff.billing.routes import ORDER_RATE_LIMIT

    return ORDER_RATE_LIMIT


# -- fulfil_paid_order: the one path for polling, the expiry job and notifications -----------------

def _row(db_session, public_id):
    db_session.expire_all()
    return db_session.scalar(select(Order).where(Order.public_id == public_id))


def test_fulfilment_is_idempotent_and_states_only_move_forward(client, consultant, db_session):
    who = consultant()
    created = _order(client, who).json["order"]
    order = _row(db_session, created["id"])
    paid = dict(transaction_id="4200000000000000001", paid_at=datetime.now(UTC), amount_fen=6800)
    assert service.fulfil_paid_order(db_session, order, **paid) == "fulfilled"
    db_session.commit()
    assert service.fulfil_paid_order(db_session, _row(db_session, created["id"]), **paid) == "already_paid"
    assert service.close_order_locally(db_session, _row(db_session, created["id"])) is False  # late CLOSED
    db_session.commit()
    assert _row(db_session, created["id"]).status == OrderStatus.paid
    assert _count(db_session, EntitlementEntry) == 1


def test_a_payment_after_a_local_close_still_fulfils(client, consultant, db_session):
    who = consultant()
    created = _order(client, who).json["order"]
    assert service.close_order_locally(db_session, _row(db_session, created["id"])) is True
    db_session.commit()
    outcome = service.fulfil_paid_order(db_session, _row(db_session, created["id"]), transaction_id="42001",
                                        paid_at=None, amount_fen=6800)
    db_session.commit()
    assert outcome == "fulfilled" and _row(db_session, created["id"]).status == OrderStatus.paid
    assert _vip(client, who)["vip"] is True


def test_a_mismatched_amount_grants_nothing_and_raises_an_alert(client, consultant, db_session):
    who = consultant()
    created = _order(client, who).json["order"]
    outcome = service.fulfil_paid_order(db_session, _row(db_session, created["id"]), transaction_id="42002",
                                        paid_at=None, amount_fen=1)
    db_session.commit()
    assert outcome == "amount_mismatch" and _row(db_session, created["id"]).status == OrderStatus.created
    assert _count(db_session, EntitlementEntry) == 0
    [alert] = db_session.scalars(select(PaymentAlert)).all()
    assert alert.kind == "amount_mismatch"


def test_the_expiry_job_is_scheduled_every_minute_and_runs_on_a_worker(app, client, consultant, db_session):
    from rq import Queue, SimpleWorker
    from rq.cron import CronScheduler

    from jobs import queues
    from jobs.schedule import SCHEDULE

    redis = app.extensions["mirror.deps"].redis
    cron = CronScheduler(connection=redis, logging_level="WARNING")
    cron.load_config_from_file("jobs.cron_config")  # what `rq cron jobs.cron_config` loads
    [scheduled] = [j for j in cron.get_jobs() if j.func_name == "jobs.billing.close_expired_orders"]
    assert (scheduled.interval, scheduled.queue_name) == (60, queues.DEFAULT)
    who = consultant()
    stale = _order(client, who).json["order"]
    _expire(db_session, stale["id"])
    next(p for p in SCHEDULE if p.name == "close_expired_orders").enqueue()  # what a tick does
    queue = Queue(queues.DEFAULT, connection=redis)
    [job_id] = queue.job_ids
    assert queue.fetch_job(job_id).args == ()  # nothing but the schedule drives it
    assert SimpleWorker([queue], connection=redis).work(burst=True)
    assert _row(db_session, stale["id"]).status == OrderStatus.closed
