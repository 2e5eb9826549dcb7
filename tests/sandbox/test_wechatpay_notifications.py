"""Payment/refund notifications from the WeChat Pay emulator: envelope, retries and faults.

The receiver verifies every notification with wechatpayv3's callback() (plus a 5-minute
timestamp check) and answers 204 if it is genuine, 401 otherwise: like a careful merchant.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

import pytest
from wechatpayv3 import WeChatPay

from sandbox.wechatpay.notify import RETRY_SCHEDULE
from tests.sandbox.wechatpay_conftest import (
    CREDS,
    OPENID,
    PUBLIC_KEY_IDS,
    Receiver,
    deliveries,
    new_no,
    pay_client,
    wait_for,
)

if TYPE_CHECKING:
    from tests.sandbox.conftest import Sandbox


def place(wx: WeChatPay, total: int = 100) -> str:
    out_trade_no = new_no()
    code, _ = wx.pay(
        description="镜影像-体验套餐",
        out_trade_no=out_trade_no,
        amount={"total": total},
        payer={"openid": OPENID},
    )
    assert code == 200
    return out_trade_no


def pay(sandbox: Sandbox, out_trade_no: str) -> dict[str, Any]:
    return sandbox.control("wechatpay/pay", {"out_trade_no": out_trade_no})  # type: ignore[no-any-return]


def fault(sandbox: Sandbox, mode: str, **extra: Any) -> None:
    sandbox.control("wechatpay/faults", {"mode": mode, **extra})


def delivered(sandbox: Sandbox, **by: str) -> dict[str, Any]:
    return wait_for(  # type: ignore[no-any-return]
        lambda: next((d for d in deliveries(sandbox, **by) if d["status"] == "delivered"), None),
        what=f"a delivered notification {by}",
    )


def test_payment_notification_verifies_and_decrypts(
    pay_sandbox: Sandbox, wxpay: WeChatPay, receiver: Receiver
) -> None:
    no = place(wxpay, 2990)
    paid = pay(pay_sandbox, no)
    [got] = receiver.received(1)
    assert got.valid and got.status == 204 and got.error is None
    assert got.headers["Wechatpay-Serial"] == PUBLIC_KEY_IDS[0]
    assert got.headers["Wechatpay-Signature-Type"] == "WECHATPAY2-SHA256-RSA2048"
    envelope = got.envelope
    assert envelope["id"] == paid["notification_id"] and envelope["event_type"] == "TRANSACTION.SUCCESS"
    assert envelope["resource_type"] == "encrypt-resource" and envelope["summary"] == "支付成功"
    sealed = envelope["resource"]
    assert sealed["original_type"] == "transaction" and sealed["algorithm"] == "AEAD_AES_256_GCM"
    assert sealed["associated_data"] == "transaction" and len(sealed["nonce"]) == 12
    assert got.result is not None
    resource = got.result["resource"]
    assert resource["out_trade_no"] == no and resource["trade_state"] == "SUCCESS"
    assert resource["transaction_id"] == paid["transaction"]["transaction_id"]
    assert resource["appid"] == CREDS.appid and resource["mchid"] == CREDS.mchid
    assert resource["payer"] == {"openid": OPENID} and resource["trade_type"] == "JSAPI"
    assert resource["amount"] == {
        "total": 2990,
        "payer_total": 2990,
        "currency": "CNY",
        "payer_currency": "CNY",
    }
    assert resource["success_time"] == paid["transaction"]["success_time"]
    log = delivered(pay_sandbox, out_trade_no=no)
    assert [a["status_code"] for a in log["attempts"]] == [204]


def test_retries_until_the_receiver_answers_204(
    pay_sandbox: Sandbox, wxpay: WeChatPay, receiver: Receiver
) -> None:
    receiver.script = [500, 503]
    no = place(wxpay)
    pay(pay_sandbox, no)
    got = receiver.received(3)
    assert [r.status for r in got] == [500, 503, 204]
    assert len({r.envelope["id"] for r in got}) == 1 and all(r.valid for r in got)
    log = delivered(pay_sandbox, out_trade_no=no)
    attempts = log["attempts"]
    assert [a["status_code"] for a in attempts] == [500, 503, 204]
    # 15 s then 15 s, scaled by time_scale 0.001.
    assert attempts[1]["at"] - attempts[0]["at"] >= 0.015 * 0.9
    time.sleep(0.1)
    assert len(receiver.records) == 3  # no more once acknowledged


def test_200_with_fail_body_counts_as_received(
    pay_sandbox: Sandbox, wxpay: WeChatPay, receiver: Receiver
) -> None:
    receiver.script = [200]
    no = place(wxpay)
    pay(pay_sandbox, no)
    receiver.received(1)
    assert [a["status_code"] for a in delivered(pay_sandbox, out_trade_no=no)["attempts"]] == [200]


def test_unreachable_receiver_exhausts_the_schedule(pay_sandbox: Sandbox, receiver: Receiver) -> None:
    pay_sandbox.control("wechatpay/settings", {"time_scale": 0.00001})  # 24h4m -> 0.87 s
    client = pay_client(pay_sandbox.base_url, notify_url=receiver.url)
    receiver.script = [500] * 100
    no = place(client)
    pay(pay_sandbox, no)
    log = wait_for(
        lambda: next((d for d in deliveries(pay_sandbox, out_trade_no=no) if d["status"] == "failed"), None),
        timeout=10,
        what="the schedule to run out",
    )
    assert len(log["attempts"]) == len(RETRY_SCHEDULE) + 1 == 16
    assert {a["status_code"] for a in log["attempts"]} == {500}


def test_connection_errors_are_retried(pay_sandbox: Sandbox, receiver: Receiver) -> None:
    client = pay_client(pay_sandbox.base_url, notify_url="http://127.0.0.1:9/closed")
    no = place(client)
    pay(pay_sandbox, no)
    log = wait_for(
        lambda: next((d for d in deliveries(pay_sandbox, out_trade_no=no) if len(d["attempts"]) >= 2), None),
        what="two failed attempts",
    )
    assert log["status"] == "pending" and all(
        a["status_code"] is None and a["error"] for a in log["attempts"]
    )


def test_refund_notifications(pay_sandbox: Sandbox, wxpay: WeChatPay, receiver: Receiver) -> None:
    no = place(wxpay)
    pay(pay_sandbox, no)
    receiver.received(1)
    results: dict[str, dict[str, Any]] = {}
    for status in ("SUCCESS", "ABNORMAL", "CLOSED"):
        code, text = wxpay.refund(
            out_refund_no=new_no("R"), out_trade_no=no, amount={"refund": 10, "total": 100, "currency": "CNY"}
        )
        out_refund_no = json.loads(text)["out_refund_no"]
        pay_sandbox.control("wechatpay/refund-result", {"out_refund_no": out_refund_no, "status": status})
        got = receiver.received(len(results) + 2)[-1]
        assert got.valid and got.envelope["resource"]["original_type"] == "refund"
        assert got.envelope["event_type"] == f"REFUND.{status}"
        results[status] = got.result["resource"]  # type: ignore[index]
    ok = results["SUCCESS"]
    assert ok["refund_status"] == "SUCCESS" and "success_time" in ok and ok["out_trade_no"] == no
    assert ok["amount"] == {"total": 100, "refund": 10, "payer_total": 100, "payer_refund": 10}
    assert ok["user_received_account"] == "支付用户零钱" and ok["mchid"] == CREDS.mchid
    assert results["CLOSED"]["refund_status"] == "CLOSED" and "success_time" not in results["CLOSED"]
    assert results["ABNORMAL"]["refund_status"] == "ABNORMAL"


# --- faults ---------------------------------------------------------------------
def test_duplicate_delivers_copies_at_once(
    pay_sandbox: Sandbox, wxpay: WeChatPay, receiver: Receiver
) -> None:
    fault(pay_sandbox, "duplicate", copies=3)
    pay(pay_sandbox, place(wxpay))
    got = receiver.received(3)
    assert len({r.body for r in got}) == 1 and all(r.valid for r in got)
    assert max(r.at for r in got) - min(r.at for r in got) < 0.5
    time.sleep(0.05)
    assert len(receiver.records) == 3


def test_delay_holds_the_first_attempt(pay_sandbox: Sandbox, wxpay: WeChatPay, receiver: Receiver) -> None:
    fault(pay_sandbox, "delay", seconds=0.4)
    started = time.time()
    pay(pay_sandbox, place(wxpay))
    time.sleep(0.2)
    assert receiver.records == []
    [got] = receiver.received(1)
    assert got.valid and got.at - started >= 0.4


def test_reorder_sends_the_next_notification_first(
    pay_sandbox: Sandbox, wxpay: WeChatPay, receiver: Receiver
) -> None:
    fault(pay_sandbox, "reorder")
    first, second = place(wxpay), place(wxpay)
    pay(pay_sandbox, first)
    time.sleep(0.1)
    assert receiver.records == [] and deliveries(pay_sandbox, out_trade_no=first)[0]["status"] == "held"
    pay(pay_sandbox, second)
    got = receiver.received(2)
    assert [r.result["resource"]["out_trade_no"] for r in got] == [second, first]  # type: ignore[index]


def test_drop_then_redeliver(pay_sandbox: Sandbox, wxpay: WeChatPay, receiver: Receiver) -> None:
    fault(pay_sandbox, "drop", count=2)
    dropped = [pay(pay_sandbox, place(wxpay))["notification_id"] for _ in range(2)]
    pay(pay_sandbox, place(wxpay))  # the fault was for two notifications only
    [got] = receiver.received(1)
    assert got.envelope["id"] not in dropped
    assert all(deliveries(pay_sandbox, notification_id=i)[0]["status"] == "dropped" for i in dropped)
    pay_sandbox.control("wechatpay/redeliver", {"notification_id": dropped[0]})
    assert receiver.received(2)[-1].envelope["id"] == dropped[0]
    assert receiver.records[-1].valid


@pytest.mark.parametrize("mode", ["corrupt_signature", "corrupt_ciphertext", "signtest"])
def test_corrupted_notifications_fail_verification(
    pay_sandbox: Sandbox, wxpay: WeChatPay, receiver: Receiver, mode: str
) -> None:
    fault(pay_sandbox, mode)
    no = place(wxpay)
    pay(pay_sandbox, no)
    bad, good = receiver.received(2)
    assert bad.result is None and bad.status == 401  # wechatpayv3 callback() returned None
    assert good.valid and good.envelope["id"] == bad.envelope["id"]
    if mode == "signtest":
        assert bad.headers["Wechatpay-Signature"].startswith("WECHATPAY/SIGNTEST/")
    if mode == "corrupt_ciphertext":
        assert bad.envelope["resource"]["ciphertext"] != good.envelope["resource"]["ciphertext"]
    log = delivered(pay_sandbox, out_trade_no=no)
    assert [a["fault"] for a in log["attempts"]] == [mode, None]
    assert log["attempts"][0]["probe"] is (mode == "signtest")


def test_wrong_signature_type_makes_callback_raise(
    pay_sandbox: Sandbox, wxpay: WeChatPay, receiver: Receiver
) -> None:
    pay(pay_sandbox, place(wxpay))
    [got] = receiver.received(1)
    headers = dict(got.headers) | {"Wechatpay-Signature-Type": "WECHATPAY2-SM2-WITH-SM3"}
    with pytest.raises(Exception, match="does not support this algorithm"):
        wxpay.callback(headers, got.body)


def test_stale_timestamp_passes_the_sdk_but_not_a_freshness_check(
    pay_sandbox: Sandbox, wxpay: WeChatPay, receiver: Receiver
) -> None:
    fault(pay_sandbox, "stale_timestamp")
    pay(pay_sandbox, place(wxpay))
    stale, fresh = receiver.received(2)
    assert abs(time.time() - 600 - int(stale.headers["Wechatpay-Timestamp"])) < 5
    assert stale.result is not None  # wechatpayv3 does not check the timestamp at all...
    assert not stale.fresh and stale.status == 401  # ...so the merchant must
    assert fresh.valid


def test_signing_key_rotation_applies_to_notifications(
    pay_sandbox: Sandbox, wxpay: WeChatPay, receiver: Receiver
) -> None:
    pay_sandbox.control("wechatpay/settings", {"signing_key_index": 1})
    rotated = pay_client(pay_sandbox.base_url, key_index=1, notify_url=receiver.url)
    receiver.reset(rotated)
    pay(pay_sandbox, place(rotated))
    [got] = receiver.received(1)
    assert got.headers["Wechatpay-Serial"] == PUBLIC_KEY_IDS[1] and got.valid
