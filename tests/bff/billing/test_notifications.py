"""WeChat Pay notification receivers, end to end: the real emulator over HTTP where it can drive
the case, hand-signed requests (the dev platform keys) for the edge cases.

Real MariaDB; every assertion reads what was committed through a separate session.
"""

from __future__ import annotations

import base64
import json
import secrets
import string
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import event, func, select

from bff.billing import notifications
from bff.billing.notify_routes import _keys
from bff.billing.wechatpay_verify import SIGNTEST_PREFIX
from models import EntitlementEntry, Order, PaymentAlert, PaymentNotification, Plan, Refund, User
from models.billing import OrderStatus, RefundStatus
from sandbox.wechatpay.config import (
    DEV_APIV3_KEY,
    DEV_MERCHANT_PRIVATE_KEY,
    DEV_PLATFORM_PRIVATE_KEYS,
    DEV_PLATFORM_PUBLIC_KEYS,
    DEV_PUBLIC_KEY_IDS,
)
from tests.support.services import LiveServer

NOTIFY = "/api/v1/payments/wechatpay/notify"
REFUND_NOTIFY = "/api/v1/payments/wechatpay/refund-notify"
MCHID, APPID = "1900000109", "wx5a3e9f1c0d2b4e68"  # the test settings' (and the emulator's) merchant
PLATFORM_KEYS = [serialization.load_pem_private_key(p.read_bytes(), None) for p in DEV_PLATFORM_PRIVATE_KEYS]
MERCHANT_KEY = serialization.load_pem_private_key(DEV_MERCHANT_PRIVATE_KEY.read_bytes(), None)


# --- hand-made notifications (what WeChat Pay sends) -------------------------------------------
def seal(resource: dict[str, Any], aad: str, key: str = DEV_APIV3_KEY) -> dict[str, str]:
    nonce = "".join(secrets.choice(string.ascii_letters) for _ in range(12))
    plain = json.dumps(resource, ensure_ascii=False, separators=(",", ":")).encode()
    sealed = AESGCM(key.encode()).encrypt(nonce.encode(), plain, aad.encode())
    return {"algorithm": "AEAD_AES_256_GCM", "ciphertext": base64.b64encode(sealed).decode(),
            "associated_data": aad, "nonce": nonce}


def envelope(event_type: str, resource: dict[str, Any], original_type: str = "transaction",
             sealed: dict[str, str] | None = None) -> bytes:
    body = {"id": str(uuid.uuid4()), "create_time": "2026-11-22T10:00:00+08:00", "resource_type": "encrypt-resource",
            "event_type": event_type, "summary": "支付成功",
            "resource": {"original_type": original_type, **(sealed or seal(resource, original_type))}}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def sign(body: bytes, *, key_index: int = 0, key: Any = None, ts: int | None = None, serial: str | None = None,
         signature: str | None = None, signature_type: str = "WECHATPAY2-SHA256-RSA2048") -> dict[str, str]:
    ts = int(time.time()) if ts is None else ts
    nonce = uuid.uuid4().hex.upper()
    if signature is None:
        raw = (key or PLATFORM_KEYS[key_index]).sign(f"{ts}\n{nonce}\n".encode() + body + b"\n",
                                                     padding.PKCS1v15(), hashes.SHA256())
        signature = base64.b64encode(raw).decode()
    return {"Wechatpay-Timestamp": str(ts), "Wechatpay-Nonce": nonce, "Wechatpay-Signature": signature,
            "Wechatpay-Serial": serial or DEV_PUBLIC_KEY_IDS[key_index], "Wechatpay-Signature-Type": signature_type,
            "Content-Type": "application/json"}


def transaction(order: Order, *, txid: str | None = None, **changes: Any) -> dict[str, Any]:
    amount = {"total": order.amount_fen, "payer_total": order.amount_fen, "currency": "CNY", "payer_currency": "CNY"}
    resource = {"appid": APPID, "mchid": MCHID, "out_trade_no": order.out_trade_no,
                "transaction_id": txid or "4200" + secrets.token_hex(12)[:24], "trade_type": "JSAPI",
                "trade_state": "SUCCESS", "trade_state_desc": "支付成功", "bank_type": "OTHERS", "attach": "",
                "success_time": "2026-11-22T10:00:00+08:00", "payer": {"openid": "o-test"}, "amount": amount}
    for name, value in changes.items():
        if name in amount:
            amount[name] = value
        else:
            resource[name] = value
    return resource


def refund_resource(order: Order, refund: Refund, status: str, txid: str) -> dict[str, Any]:
    return {"mchid": MCHID, "out_trade_no": order.out_trade_no, "transaction_id": txid,
            "out_refund_no": refund.out_refund_no, "refund_id": "5030" + secrets.token_hex(10), "refund_status": status,
            "success_time": "2026-11-22T11:00:00+08:00", "user_received_account": "支付用户零钱",
            "amount": {"total": order.amount_fen, "refund": refund.amount_fen, "payer_total": order.amount_fen,
                       "payer_refund": refund.amount_fen}}


# --- fixtures and reads ------------------------------------------------------------------------
@pytest.fixture
def buyer(app, login):  # type: ignore[no-untyped-def]
    who = login()
    with app.extensions["mirror.db"].factory() as s:
        user = s.scalar(select(User).where(User.public_id == who.user_id))
    return who, user


@pytest.fixture
def make_order(app, buyer):  # type: ignore[no-untyped-def]
    def do(plan_code: str = "vip_month", status: OrderStatus = OrderStatus.created) -> Order:
        with app.extensions["mirror.db"].factory.begin() as s:
            plan = s.scalar(select(Plan).where(Plan.code == plan_code))
            order = Order(out_trade_no="M" + secrets.token_hex(12), user_id=buyer[1].id, plan_id=plan.id,
                          channel="wechatpay_jsapi", amount_fen=plan.price_fen, status=status,
                          expires_at=datetime.now(UTC) + timedelta(minutes=30))
            s.add(order)
        return order

    return do


def fresh_order(app, order: Order) -> Order:  # type: ignore[no-untyped-def]
    with app.extensions["mirror.db"].factory() as s:
        return s.get(Order, order.id)


def ledger(app, order: Order) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    with app.extensions["mirror.db"].factory() as s:
        rows = s.scalars(select(EntitlementEntry).where(EntitlementEntry.user_id == order.user_id)
                         .order_by(EntitlementEntry.id))
        return [(e.kind, e.delta_seconds) for e in rows]


def stored(app) -> list[PaymentNotification]:  # type: ignore[no-untyped-def]
    with app.extensions["mirror.db"].factory() as s:
        return list(s.scalars(select(PaymentNotification).order_by(PaymentNotification.id)))


def alerts(app) -> list[PaymentAlert]:  # type: ignore[no-untyped-def]
    with app.extensions["mirror.db"].factory() as s:
        return list(s.scalars(select(PaymentAlert).order_by(PaymentAlert.id)))


def count(app, model: Any) -> int:  # type: ignore[no-untyped-def]
    with app.extensions["mirror.db"].factory() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def wait_for(predicate: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


# --- the emulator ------------------------------------------------------------------------------
class PaySandbox:
    def __init__(self, base: str) -> None:
        self.base = base

    def control(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        res = requests.post(f"{self.base}/control/wechatpay/{path}", json=body, timeout=10)
        assert res.status_code == 200, res.text
        return res.json()  # type: ignore[no-any-return]

    def deliveries(self, **params: str) -> list[dict[str, Any]]:
        res = requests.get(f"{self.base}/control/wechatpay/deliveries", params=params, timeout=10)
        res.raise_for_status()
        return res.json()["deliveries"]  # type: ignore[no-any-return]

    def delivered(self, notification_id: str, timeout: float = 10.0) -> dict[str, Any]:
        def done() -> dict[str, Any] | None:
            found = self.deliveries(notification_id=notification_id)
            return found[0] if found and found[0]["status"] in ("delivered", "failed") else None

        return wait_for(done, timeout, f"delivery of {notification_id}")  # type: ignore[no-any-return]


@pytest.fixture
def paysandbox(app, sandbox_server: LiveServer) -> PaySandbox:  # type: ignore[no-untyped-def]
    sandbox = PaySandbox(sandbox_server.url)
    sandbox.control("settings", {"time_scale": 0.001, "refund_auto_success_seconds": None})
    return sandbox


def prepay(app, order: Order, openid: str, notify_base: str) -> str:  # type: ignore[no-untyped-def]
    """The order as the orders engineer's flow creates it at WeChat (same gateway, real SDK)."""
    return app.extensions["mirror.deps"].wechatpay.create_jsapi(
        out_trade_no=order.out_trade_no, description="VIP 月卡", amount_fen=order.amount_fen, openid=openid,
        time_expire=(datetime.now(UTC) + timedelta(minutes=30)).isoformat(timespec="seconds"),
        notify_url=f"{notify_base}{NOTIFY}")


def statuses(delivery: dict[str, Any]) -> list[int | None]:
    return [a["status_code"] for a in delivery["attempts"] if not a["probe"]]


# === through the emulator ======================================================================
def test_a_payment_through_the_emulator_pays_the_order_and_grants_once(app, live_app, paysandbox, buyer,
                                                                       make_order):
    order = make_order()
    prepay(app, order, buyer[0].openid, live_app.url)
    paid = paysandbox.control("pay", {"out_trade_no": order.out_trade_no})
    delivery = paysandbox.delivered(paid["notification_id"])
    assert statuses(delivery) == [204]
    after = fresh_order(app, order)
    assert after.status == OrderStatus.paid
    assert after.transaction_id == paid["transaction"]["transaction_id"]
    assert after.paid_at is not None
    assert ledger(app, order) == [("grant", 31 * 86400)]
    [row] = stored(app)
    assert (row.kind, row.verified, row.outcome, row.event_type) == ("transaction", True, "processed",
                                                                      "TRANSACTION.SUCCESS")
    assert row.event_id == paid["notification_id"]
    assert row.headers["Wechatpay-Serial"] == DEV_PUBLIC_KEY_IDS[0]
    assert json.loads(row.body)["id"] == paid["notification_id"]  # the raw body, kept as evidence
    assert alerts(app) == []


@pytest.mark.parametrize(("fault", "outcome"), [
    ("corrupt_signature", "rejected:signature"),
    ("stale_timestamp", "rejected:stale"),
    ("corrupt_ciphertext", "rejected:undecryptable"),
])
def test_the_emulators_retry_after_a_refused_first_attempt_ends_in_one_grant(app, live_app, paysandbox, buyer,
                                                                             make_order, fault, outcome):
    order = make_order()
    prepay(app, order, buyer[0].openid, live_app.url)
    paysandbox.control("faults", {"mode": fault})
    paid = paysandbox.control("pay", {"out_trade_no": order.out_trade_no})
    delivery = paysandbox.delivered(paid["notification_id"])
    first = 400 if fault == "corrupt_ciphertext" else 401
    assert statuses(delivery) == [first, 204]
    assert fresh_order(app, order).status == OrderStatus.paid
    assert ledger(app, order) == [("grant", 31 * 86400)]
    assert [r.outcome for r in stored(app)] == [outcome, "processed"]


def test_a_signtest_probe_from_the_emulator_is_refused_and_the_real_notification_applied(app, live_app, paysandbox,
                                                                                          buyer, make_order):
    order = make_order()
    prepay(app, order, buyer[0].openid, live_app.url)
    paysandbox.control("faults", {"mode": "signtest"})
    paid = paysandbox.control("pay", {"out_trade_no": order.out_trade_no})
    delivery = paysandbox.delivered(paid["notification_id"])
    assert [(a["probe"], a["status_code"]) for a in delivery["attempts"]] == [(True, 401), (False, 204)]
    assert [r.outcome for r in stored(app)] == ["rejected:probe", "processed"]
    assert ledger(app, order) == [("grant", 31 * 86400)]


def test_the_receiver_failing_first_is_retried_by_the_emulator_and_grants_once(app, live_app, paysandbox, buyer,
                                                                               make_order, monkeypatch):
    order = make_order()
    prepay(app, order, buyer[0].openid, live_app.url)
    real, calls = notifications.order_service.fulfil_paid_order, []

    def flaky(*args: Any, **kwargs: Any) -> str:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database hiccup")
        return real(*args, **kwargs)

    monkeypatch.setattr(notifications.order_service, "fulfil_paid_order", flaky)
    paid = paysandbox.control("pay", {"out_trade_no": order.out_trade_no})
    delivery = paysandbox.delivered(paid["notification_id"])
    assert statuses(delivery) == [500, 204]
    assert fresh_order(app, order).status == OrderStatus.paid
    assert ledger(app, order) == [("grant", 31 * 86400)]
    assert [r.outcome for r in stored(app)] == ["error:RuntimeError", "processed"]


def test_ten_simultaneous_emulator_deliveries_grant_exactly_once(app, live_app, paysandbox, buyer, make_order):
    order = make_order()
    prepay(app, order, buyer[0].openid, live_app.url)
    paysandbox.control("faults", {"mode": "duplicate", "copies": 10})
    paid = paysandbox.control("pay", {"out_trade_no": order.out_trade_no})
    delivery = paysandbox.delivered(paid["notification_id"])
    assert statuses(delivery) == [204] * 10
    assert fresh_order(app, order).status == OrderStatus.paid
    assert ledger(app, order) == [("grant", 31 * 86400)]
    outcomes = sorted(r.outcome for r in stored(app))
    assert outcomes == ["duplicate"] * 9 + ["processed"]


def test_the_second_platform_key_is_accepted_during_a_rotation(app, make_app, paysandbox, buyer, make_order):
    both = {kid: str(path) for kid, path in zip(DEV_PUBLIC_KEY_IDS, DEV_PLATFORM_PUBLIC_KEYS, strict=True)}
    rotating = LiveServer(make_app(wechatpay_public_keys=both))
    try:
        order = make_order()
        prepay(app, order, buyer[0].openid, rotating.url)  # the app's own client only knows key 0
        paysandbox.control("settings", {"signing_key_index": 1})
        paid = paysandbox.control("pay", {"out_trade_no": order.out_trade_no})
        delivery = paysandbox.delivered(paid["notification_id"])
    finally:
        rotating.stop()
    assert statuses(delivery) == [204]
    assert stored(app)[0].headers["Wechatpay-Serial"] == DEV_PUBLIC_KEY_IDS[1]
    assert fresh_order(app, order).status == OrderStatus.paid


def test_a_key_the_app_does_not_have_is_refused(app, client, buyer, make_order):
    order = make_order()
    body = envelope("TRANSACTION.SUCCESS", transaction(order))
    res = client.post(NOTIFY, data=body, headers=sign(body, key_index=1))  # the app only knows key 0
    assert res.status_code == 401
    assert res.json["reason"] == "notification_unknown_serial"
    assert fresh_order(app, order).status == OrderStatus.created


def test_certificate_mode_verifies_with_the_platform_certificate(app, make_app, paysandbox, buyer, make_order,
                                                                 tmp_path):
    platform = requests.get(f"{paysandbox.base}/control/wechatpay/platform", timeout=10).json()
    for key in platform["keys"]:
        (tmp_path / f"wechatpay_{key['certificate_serial_no']}.pem").write_text(key["certificate"])
    cert_app = LiveServer(make_app(wechatpay_public_keys={}, wechatpay_cert_dir=str(tmp_path)))
    try:
        order = make_order()
        prepay(app, order, buyer[0].openid, cert_app.url)
        paysandbox.control("settings", {"platform_mode": "certificate"})
        paid = paysandbox.control("pay", {"out_trade_no": order.out_trade_no})
        delivery = paysandbox.delivered(paid["notification_id"])
    finally:
        cert_app.stop()
    assert statuses(delivery) == [204]
    assert stored(app)[0].headers["Wechatpay-Serial"] == platform["keys"][0]["certificate_serial_no"]
    assert fresh_order(app, order).status == OrderStatus.paid


# === hand-signed edge cases ====================================================================
def test_a_valid_hand_signed_notification_answers_204_with_no_body(app, client, make_order):
    order = make_order()
    body = envelope("TRANSACTION.SUCCESS", transaction(order, txid="4200000000000000000000000001"))
    res = client.post(NOTIFY, data=body, headers=sign(body))
    assert res.status_code == 204
    assert res.data == b""
    after = fresh_order(app, order)
    assert (after.status, after.transaction_id) == (OrderStatus.paid, "4200000000000000000000000001")
    assert after.paid_at == datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # success_time, in UTC
    assert ledger(app, order) == [("grant", 31 * 86400)]


def _tampered(body: bytes) -> tuple[bytes, dict[str, str]]:
    headers = sign(body)
    changed = bytearray(body)
    changed[body.index(b"TRANSACTION")] = ord("X")
    return bytes(changed), headers


REJECTIONS: dict[str, Callable[[bytes], tuple[bytes, dict[str, str]]]] = {
    "forged": lambda b: (b, sign(b, key=MERCHANT_KEY)),
    "tampered": _tampered,
    "unknown_serial": lambda b: (b, sign(b, serial="PUB_KEY_ID_0119000001092025010199999999999999")),
    "signtest": lambda b: (b, sign(b, signature=SIGNTEST_PREFIX + base64.b64encode(b"x" * 48).decode())),
    "stale": lambda b: (b, sign(b, ts=int(time.time()) - 301)),
    "future": lambda b: (b, sign(b, ts=int(time.time()) + 301)),
    "signature_type": lambda b: (b, sign(b, signature_type="WECHATPAY2-SHA256-RSA4096")),
}
EXPECTED = {
    "forged": ("notification_signature_invalid", "rejected:signature"),
    "tampered": ("notification_signature_invalid", "rejected:signature"),
    "unknown_serial": ("notification_unknown_serial", "rejected:unknown_serial"),
    "signtest": ("notification_probe", "rejected:probe"),
    "stale": ("notification_stale", "rejected:stale"),
    "future": ("notification_stale", "rejected:stale"),
    "signature_type": ("notification_signature_type", "rejected:signature_type"),
}


@pytest.mark.parametrize("case", list(REJECTIONS))
@pytest.mark.parametrize("path", [NOTIFY, REFUND_NOTIFY])
def test_unverifiable_notifications_answer_401_and_keep_only_the_evidence(app, client, make_order, case, path):
    order = make_order()
    body, headers = REJECTIONS[case](envelope("TRANSACTION.SUCCESS", transaction(order)))
    res = client.post(path, data=body, headers=headers)
    reason, outcome = EXPECTED[case]
    assert res.status_code == 401
    assert set(res.json) == {"code", "status", "message", "errors", "reason"}
    assert res.json["reason"] == reason
    assert fresh_order(app, order).status == OrderStatus.created
    assert ledger(app, order) == []
    [row] = stored(app)
    assert (row.outcome, row.verified, row.body.encode()) == (outcome, False, body)
    assert row.headers["Wechatpay-Signature"] == headers["Wechatpay-Signature"]
    assert count(app, PaymentAlert) == 0


def test_an_unsigned_request_is_not_a_notification_and_stores_nothing(app, client, make_order):
    order = make_order()
    body = envelope("TRANSACTION.SUCCESS", transaction(order))
    res = client.post(NOTIFY, data=body, headers={"Content-Type": "application/json"})
    assert (res.status_code, res.json["reason"]) == (401, "notification_unsigned")
    assert stored(app) == []
    assert fresh_order(app, order).status == OrderStatus.created


def test_an_oversized_body_is_refused_before_anything_is_stored(app, client):
    body = b'{"id":"x","pad":"' + b"a" * 70_000 + b'"}'
    res = client.post(NOTIFY, data=body, headers=sign(body))
    assert (res.status_code, res.json["reason"]) == (400, "notification_malformed")
    assert stored(app) == []


def test_a_signed_body_that_is_not_json_answers_400(app, client):
    body = b"not json at all"
    res = client.post(NOTIFY, data=body, headers=sign(body))
    assert (res.status_code, res.json["reason"]) == (400, "notification_malformed")
    assert [(r.outcome, r.verified) for r in stored(app)] == [("rejected:malformed", True)]


def test_credentials_sent_along_are_not_kept_as_evidence(app, client, make_order):
    order = make_order()
    body = envelope("TRANSACTION.SUCCESS", transaction(order))
    res = client.post(NOTIFY, data=body, headers=sign(body) | {"Authorization": "Bearer x", "Cookie": "a=b"})
    assert res.status_code == 204
    assert not {"authorization", "cookie"} & {k.lower() for k in stored(app)[0].headers}


@pytest.mark.parametrize("breakage", ["ciphertext", "aad", "apiv3_key"])
def test_an_undecryptable_resource_answers_400_and_changes_nothing(app, client, make_order, breakage):
    order = make_order()
    resource = transaction(order)
    if breakage == "apiv3_key":
        sealed = seal(resource, "transaction", key="0" * 32)
    else:
        sealed = seal(resource, "transaction")
        if breakage == "aad":
            sealed["associated_data"] = "refund"
        else:
            raw = bytearray(base64.b64decode(sealed["ciphertext"]))
            raw[0] ^= 1
            sealed["ciphertext"] = base64.b64encode(bytes(raw)).decode()
    body = envelope("TRANSACTION.SUCCESS", resource, sealed=sealed)
    res = client.post(NOTIFY, data=body, headers=sign(body))
    assert (res.status_code, res.json["reason"]) == (400, "notification_undecryptable")
    assert fresh_order(app, order).status == OrderStatus.created
    assert ledger(app, order) == []
    assert [(r.outcome, r.verified) for r in stored(app)] == [("rejected:undecryptable", True)]


def test_ten_threads_delivering_one_notification_grant_exactly_once(app, live_app, make_order):
    order = make_order()
    body = envelope("TRANSACTION.SUCCESS", transaction(order))
    headers = sign(body)
    barrier, results = threading.Barrier(10), []

    def deliver() -> None:
        barrier.wait()
        results.append(requests.post(live_app.url + NOTIFY, data=body, headers=headers, timeout=30).status_code)

    threads = [threading.Thread(target=deliver) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [204] * 10
    assert fresh_order(app, order).status == OrderStatus.paid
    assert ledger(app, order) == [("grant", 31 * 86400)]
    with app.extensions["mirror.db"].factory() as s:
        assert s.scalar(select(func.count()).select_from(Order).where(Order.status == OrderStatus.paid)) == 1
    assert sorted(r.outcome for r in stored(app)) == ["duplicate"] * 9 + ["processed"]


def test_a_repeated_notification_later_is_a_duplicate(app, client, make_order):
    order = make_order()
    body = envelope("TRANSACTION.SUCCESS", transaction(order))
    assert client.post(NOTIFY, data=body, headers=sign(body)).status_code == 204
    assert client.post(NOTIFY, data=body, headers=sign(body)).status_code == 204
    assert ledger(app, order) == [("grant", 31 * 86400)]
    assert [r.outcome for r in stored(app)] == ["processed", "duplicate"]


@pytest.mark.parametrize(("change", "kind"), [
    ({"total": "one fen more"}, "amount_mismatch"),
    ({"currency": "USD"}, "currency_mismatch"),
    ({"mchid": "1900000999"}, "merchant_mismatch"),
    ({"appid": "wx0000000000000000"}, "merchant_mismatch"),
])
def test_a_mismatch_never_grants_and_raises_one_alert(app, client, make_order, change, kind):
    order = make_order()
    if change.get("total") == "one fen more":
        change = {"total": order.amount_fen + 1}
    body = envelope("TRANSACTION.SUCCESS", transaction(order, **change))
    for _ in range(2):  # a repeated delivery adds no second alert
        res = client.post(NOTIFY, data=body, headers=sign(body))
        assert res.status_code == 204
    after = fresh_order(app, order)
    assert (after.status, after.transaction_id) == (OrderStatus.created, None)
    assert ledger(app, order) == []
    [alert] = alerts(app)
    assert (alert.kind, alert.order_id) == (kind, order.id)
    assert alert.notification_id == stored(app)[0].id
    assert [r.outcome for r in stored(app)] == [f"alert:{kind}", "duplicate"]


def test_a_payment_for_an_unknown_order_raises_an_alert(app, client, make_order):
    order = make_order()
    resource = transaction(order, out_trade_no="NOT-OURS-0001")
    body = envelope("TRANSACTION.SUCCESS", resource)
    assert client.post(NOTIFY, data=body, headers=sign(body)).status_code == 204
    assert [(a.kind, a.order_id) for a in alerts(app)] == [("unknown_order", None)]
    assert ledger(app, order) == []


def test_a_second_transaction_for_a_paid_order_raises_an_alert(app, client, make_order):
    order = make_order()
    first = envelope("TRANSACTION.SUCCESS", transaction(order, txid="4200000000000000000000000011"))
    second = envelope("TRANSACTION.SUCCESS", transaction(order, txid="4200000000000000000000000012"))
    assert client.post(NOTIFY, data=first, headers=sign(first)).status_code == 204
    assert client.post(NOTIFY, data=second, headers=sign(second)).status_code == 204
    assert fresh_order(app, order).transaction_id == "4200000000000000000000000011"
    assert [a.kind for a in alerts(app)] == ["second_transaction"]
    assert ledger(app, order) == [("grant", 31 * 86400)]


def test_other_trade_states_are_acknowledged_and_ignored(app, client, make_order):
    order = make_order()
    body = envelope("TRANSACTION.SUCCESS", transaction(order, trade_state="PAYERROR"))
    assert client.post(NOTIFY, data=body, headers=sign(body)).status_code == 204
    assert fresh_order(app, order).status == OrderStatus.created
    assert [r.outcome for r in stored(app)] == ["ignored"]


# === order states only move forward ============================================================
def test_a_payment_after_a_local_close_pays_because_the_money_was_taken(app, client, make_order):
    order = make_order(status=OrderStatus.closed)
    body = envelope("TRANSACTION.SUCCESS", transaction(order))
    assert client.post(NOTIFY, data=body, headers=sign(body)).status_code == 204
    assert fresh_order(app, order).status == OrderStatus.paid
    assert ledger(app, order) == [("grant", 31 * 86400)]


def _refund_row(app, order: Order, amount_fen: int) -> Refund:  # type: ignore[no-untyped-def]
    with app.extensions["mirror.db"].factory.begin() as s:
        refund = Refund(order_id=order.id, out_refund_no="R" + secrets.token_hex(15), amount_fen=amount_fen,
                        reason="测试退款", operator_id="op-test", status=RefundStatus.processing)
        s.add(refund)
    return refund


def test_a_refund_before_the_payment_notification_never_ends_paid(app, client, make_order):
    """WeChat delivered REFUND.SUCCESS first; the late TRANSACTION.SUCCESS must not move it back."""
    order = make_order()
    refund = _refund_row(app, order, order.amount_fen)
    txid = "4200000000000000000000000021"
    body = envelope("REFUND.SUCCESS", refund_resource(order, refund, "SUCCESS", txid), "refund")
    assert client.post(REFUND_NOTIFY, data=body, headers=sign(body)).status_code == 204
    assert fresh_order(app, order).status == OrderStatus.refunded
    late = envelope("TRANSACTION.SUCCESS", transaction(order, txid=txid))
    assert client.post(NOTIFY, data=late, headers=sign(late)).status_code == 204
    after = fresh_order(app, order)
    assert (after.status, after.transaction_id, after.refunded_fen) == (OrderStatus.refunded, txid, order.amount_fen)
    assert [kind for kind, _ in ledger(app, order)] == ["revoke"]  # nothing granted for a refunded order
    assert [r.outcome for r in stored(app)] == ["processed", "late"]


def test_refund_notifications_apply_once_and_late_events_do_not_move_back(app, client, make_order):
    order = make_order()
    pay = envelope("TRANSACTION.SUCCESS", transaction(order, txid="4200000000000000000000000031"))
    assert client.post(NOTIFY, data=pay, headers=sign(pay)).status_code == 204
    refund = _refund_row(app, order, 1000)
    txid = "4200000000000000000000000031"
    success = envelope("REFUND.SUCCESS", refund_resource(order, refund, "SUCCESS", txid), "refund")
    for _ in range(2):
        assert client.post(REFUND_NOTIFY, data=success, headers=sign(success)).status_code == 204
    closed = envelope("REFUND.CLOSED", refund_resource(order, refund, "CLOSED", txid), "refund")
    assert client.post(REFUND_NOTIFY, data=closed, headers=sign(closed)).status_code == 204
    late_pay = envelope("TRANSACTION.SUCCESS", transaction(order, txid=txid))
    assert client.post(NOTIFY, data=late_pay, headers=sign(late_pay)).status_code == 204
    after = fresh_order(app, order)
    assert (after.status, after.refunded_fen) == (OrderStatus.partially_refunded, 1000)
    with app.extensions["mirror.db"].factory() as s:
        stored_refund = s.get(Refund, refund.id)
        assert stored_refund.status == RefundStatus.success
        assert stored_refund.refund_id is not None
    assert [kind for kind, _ in ledger(app, order)] == ["grant", "revoke"]
    assert [r.outcome for r in stored(app)] == ["processed", "processed", "duplicate", "stale", "late"]


def test_the_event_type_decides_how_a_notification_applies_whatever_the_url(app, client, make_order):
    order = make_order()
    pay = envelope("TRANSACTION.SUCCESS", transaction(order, txid="4200000000000000000000000051"))
    assert client.post(REFUND_NOTIFY, data=pay, headers=sign(pay)).status_code == 204
    assert fresh_order(app, order).status == OrderStatus.paid
    refund = _refund_row(app, order, order.amount_fen)
    body = envelope("REFUND.SUCCESS", refund_resource(order, refund, "SUCCESS", "4200000000000000000000000051"),
                    "refund")
    assert client.post(NOTIFY, data=body, headers=sign(body)).status_code == 204
    assert fresh_order(app, order).status == OrderStatus.refunded
    assert [(r.kind, r.outcome) for r in stored(app)] == [("refund", "processed"), ("transaction", "processed")]


def test_a_refund_amount_mismatch_changes_nothing_and_alerts(app, client, make_order):
    order = make_order()
    refund = _refund_row(app, order, 1000)
    resource = refund_resource(order, refund, "SUCCESS", "4200000000000000000000000041")
    resource["amount"]["refund"] = 1001
    body = envelope("REFUND.SUCCESS", resource, "refund")
    assert client.post(REFUND_NOTIFY, data=body, headers=sign(body)).status_code == 204
    with app.extensions["mirror.db"].factory() as s:
        assert s.get(Refund, refund.id).status == RefundStatus.processing
    assert [a.kind for a in alerts(app)] == ["refund_amount_mismatch"]
    assert fresh_order(app, order).status == OrderStatus.created


def test_refund_result_through_the_emulator(app, live_app, paysandbox, buyer, make_order):
    order = make_order()
    prepay(app, order, buyer[0].openid, live_app.url)
    paid = paysandbox.control("pay", {"out_trade_no": order.out_trade_no})
    paysandbox.delivered(paid["notification_id"])
    refund = _refund_row(app, order, 2000)
    app.extensions["mirror.deps"].wechatpay.refund(
        out_refund_no=refund.out_refund_no, out_trade_no=order.out_trade_no, refund_fen=2000,
        total_fen=order.amount_fen, reason="测试", notify_url=live_app.url + REFUND_NOTIFY)
    settled = paysandbox.control("refund-result", {"out_refund_no": refund.out_refund_no, "status": "SUCCESS"})
    delivery = paysandbox.delivered(settled["notification_id"])
    assert statuses(delivery) == [204]
    after = fresh_order(app, order)
    assert (after.status, after.refunded_fen) == (OrderStatus.partially_refunded, 2000)
    assert [kind for kind, _ in ledger(app, order)] == ["grant", "revoke"]


def test_a_dropped_payment_notification_redelivered_after_the_refund_stays_refunded(app, live_app, paysandbox,
                                                                                   buyer, make_order):
    order = make_order()
    prepay(app, order, buyer[0].openid, live_app.url)
    paysandbox.control("faults", {"mode": "drop"})
    paid = paysandbox.control("pay", {"out_trade_no": order.out_trade_no})
    refund = _refund_row(app, order, order.amount_fen)
    app.extensions["mirror.deps"].wechatpay.refund(
        out_refund_no=refund.out_refund_no, out_trade_no=order.out_trade_no, refund_fen=order.amount_fen,
        total_fen=order.amount_fen, reason="测试", notify_url=live_app.url + REFUND_NOTIFY)
    settled = paysandbox.control("refund-result", {"out_refund_no": refund.out_refund_no, "status": "SUCCESS"})
    assert statuses(paysandbox.delivered(settled["notification_id"])) == [204]
    assert fresh_order(app, order).status == OrderStatus.refunded
    paysandbox.control("redeliver", {"notification_id": paid["notification_id"]})
    assert statuses(paysandbox.delivered(paid["notification_id"])) == [204]
    after = fresh_order(app, order)
    assert (after.status, after.transaction_id) == (OrderStatus.refunded, paid["transaction"]["transaction_id"])
    assert "grant" not in [kind for kind, _ in ledger(app, order)]


# === operators: replaying stored evidence ======================================================
def test_operators_can_replay_stored_evidence_once_it_verifies(app, client, make_order):
    order = make_order()
    body = envelope("TRANSACTION.SUCCESS", transaction(order))
    res = client.post(NOTIFY, data=body, headers=sign(body, ts=int(time.time()) - 3600))
    assert res.status_code == 401
    [row] = stored(app)
    with app.app_context():
        keys, settings = _keys(), app.extensions["mirror.settings"]
        factory = app.extensions["mirror.db"].factory
        with factory() as s:
            assert notifications.replay_notification(s, factory, row.id, settings=settings, keys=keys) == "processed"
            s.commit()
        with factory() as s:
            assert notifications.replay_notification(s, factory, row.id, settings=settings, keys=keys) == "duplicate"
            s.commit()
    assert fresh_order(app, order).status == OrderStatus.paid
    assert ledger(app, order) == [("grant", 31 * 86400)]


def test_the_typed_client_posts_raw_signed_bytes(app, live_app, make_order):
    from miniprogram_contract.client import ApiError, MirrorClient

    order = make_order()
    body = envelope("TRANSACTION.SUCCESS", transaction(order))
    client = MirrorClient(live_app.url)
    assert client.payments_wechatpay_notify(body, sign(body)) is None
    assert fresh_order(app, order).status == OrderStatus.paid
    with pytest.raises(ApiError) as refused:
        client.payments_wechatpay_refund_notify(body, {})
    assert (refused.value.status, refused.value.reason) == (401, "notification_unsigned")


def test_the_handler_answers_fast_and_never_calls_wechat_pay(app, client, make_order, monkeypatch):
    order = make_order()
    gateway = app.extensions["mirror.deps"].wechatpay

    def slow(*_args: Any, **_kwargs: Any) -> dict[str, Any]:
        time.sleep(10)
        raise AssertionError("the notification handler called WeChat Pay")

    monkeypatch.setattr(gateway, "_call", slow)
    body = envelope("TRANSACTION.SUCCESS", transaction(order))
    started = time.monotonic()
    assert client.post(NOTIFY, data=body, headers=sign(body)).status_code == 204
    assert time.monotonic() - started < 1.0
    assert fresh_order(app, order).status == OrderStatus.paid


def test_finance_replays_evidence_and_sees_alerts_over_the_admin_api(app, client, make_order):
    from tests.bff.admin.helpers import make_operator

    order = make_order()
    body = envelope("TRANSACTION.SUCCESS", transaction(order))
    assert client.post(NOTIFY, data=body, headers=sign(body, ts=int(time.time()) - 3600)).status_code == 401
    event_id = json.loads(body)["id"]
    support, finance = make_operator(app, client, "support"), make_operator(app, client, "finance")
    url = f"/api/admin/v1/payment-notifications/{event_id}/replay"
    assert client.post(url, headers={"Authorization": f"Bearer {support.token}"}).status_code == 403
    res = client.post(url, headers={"Authorization": f"Bearer {finance.token}"})
    assert res.status_code == 200 and res.json == {"event_id": event_id, "outcome": "processed"}
    assert fresh_order(app, order).status == OrderStatus.paid
    missing = client.post("/api/admin/v1/payment-notifications/EV-nope/replay",
                          headers={"Authorization": f"Bearer {finance.token}"})
    assert missing.status_code == 404

    other = make_order()
    wrong = envelope("TRANSACTION.SUCCESS", transaction(other, amount={"total": other.amount_fen - 1,
                                                                       "payer_total": other.amount_fen - 1,
                                                                       "currency": "CNY", "payer_currency": "CNY"}))
    assert client.post(NOTIFY, data=wrong, headers=sign(wrong)).status_code == 204
    alerts_res = client.get("/api/admin/v1/payment-alerts", headers={"Authorization": f"Bearer {support.token}"})
    assert alerts_res.status_code == 200
    [alert] = alerts_res.json["alerts"]
    assert alert["order_id"] == other.public_id and alert["event_id"] == json.loads(wrong)["id"]
    assert alert["kind"].startswith("amount")


# === one transaction on the success path ===========================================================
def test_the_success_path_is_one_transaction_with_its_evidence_written_last(app, client, make_order):
    order = make_order()
    body = envelope("TRANSACTION.SUCCESS", transaction(order, txid="4200000000000000000000000077"))
    engine = app.extensions["mirror.db"].engine
    statements: list[str] = []
    commits: list[int] = []
    checkouts: list[int] = []

    def on_statement(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement.split("\n")[0][:60])

    def on_commit(conn):  # type: ignore[no-untyped-def]
        commits.append(1)

    def on_checkout(dbapi_conn, record, proxy):  # type: ignore[no-untyped-def]
        checkouts.append(1)

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "commit", on_commit)
    event.listen(engine.pool, "checkout", on_checkout)
    try:
        res = client.post(NOTIFY, data=body, headers=sign(body))
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine, "commit", on_commit)
        event.remove(engine.pool, "checkout", on_checkout)
    assert res.status_code == 204
    assert (len(commits), len(checkouts)) == (1, 1), (commits, checkouts)
    # lock the order first, the evidence INSERT last; no re-lock, no entity loads of the user
    assert statements[0].startswith("SELECT") and "orders" in statements[0], statements
    assert statements[-1].startswith("INSERT INTO payment_notifications"), statements
    assert len(statements) <= 8, statements
    assert not any("UPDATE payment_notifications" in s for s in statements), statements
    [row] = stored(app)
    assert (row.outcome, row.verified, row.out_trade_no) == ("processed", True, order.out_trade_no)
    assert fresh_order(app, order).status == OrderStatus.paid
    assert ledger(app, order) == [("grant", 31 * 86400)]


def test_a_failed_grant_rolls_back_the_payment_and_keeps_the_evidence_with_the_error(app, client, make_order,
                                                                                    monkeypatch):
    from bff.billing import ledger as ledger_module

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("ledger down")

    monkeypatch.setattr(ledger_module, "grant", broken)
    order = make_order()
    body = envelope("TRANSACTION.SUCCESS", transaction(order, txid="4200000000000000000000000078"))
    res = client.post(NOTIFY, data=body, headers=sign(body))
    assert res.status_code == 500
    [row] = stored(app)
    assert (row.outcome, row.verified, row.out_trade_no) == ("error:RuntimeError", True, order.out_trade_no)
    assert row.body == body.decode()
    assert fresh_order(app, order).status == OrderStatus.created  # rolled back with the grant
    assert ledger(app, order) == []
