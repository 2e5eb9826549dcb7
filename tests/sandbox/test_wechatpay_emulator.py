"""The WeChat Pay v3 emulator, driven over HTTP by the real wechatpayv3 2.0.4 client."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask
from wechatpayv3 import WeChatPay
from wechatpayv3.core import Core
from wechatpayv3.utils import build_authorization
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server

from sandbox.app import SandboxConfig, create_sandbox_app
from sandbox.wechatpay import dev_merchant_credentials
from tests.sandbox.wechatpay_conftest import (
    CREDS,
    OPENID,
    PLATFORM_PUBLIC_PEMS,
    PUBLIC_KEY_IDS,
    new_no,
    pay_client,
    response_signature_ok,
    signed_request,
    wait_for,
)

if TYPE_CHECKING:
    from tests.sandbox.conftest import Sandbox

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def order(wx: WeChatPay, out_trade_no: str, total: int = 100, **extra: Any) -> tuple[int, dict[str, Any]]:
    code, text = wx.pay(
        description="镜影像-体验套餐",
        out_trade_no=out_trade_no,
        amount={"total": total},
        payer={"openid": OPENID},
        **extra,
    )
    return code, json.loads(text)


def query(wx: WeChatPay, **by: str) -> tuple[int, dict[str, Any]]:
    code, text = wx.query(**by)
    return code, json.loads(text)


def paid_order(sandbox: Sandbox, wx: WeChatPay, total: int = 100, **pay: Any) -> dict[str, Any]:
    out_trade_no = new_no()
    assert order(wx, out_trade_no, total)[0] == 200
    return sandbox.control("wechatpay/pay", {"out_trade_no": out_trade_no, **pay})["transaction"]  # type: ignore[no-any-return]


def refund(wx: WeChatPay, refund_amount: int, total: int = 100, **by: Any) -> tuple[int, dict[str, Any]]:
    code, text = wx.refund(
        out_refund_no=by.pop("out_refund_no", new_no("R")),
        amount={"refund": refund_amount, "total": total, "currency": "CNY"},
        **by,
    )
    return code, json.loads(text)


# --- orders ---------------------------------------------------------------------
def test_pay_then_query_success(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    no = new_no()
    code, body = order(wxpay, no, 2990, attach="store=7")
    assert code == 200 and body["prepay_id"].startswith("wx") and len(body["prepay_id"]) == 36
    code, unpaid = query(wxpay, out_trade_no=no)
    assert code == 200 and unpaid["trade_state"] == "NOTPAY"
    assert "transaction_id" not in unpaid and "payer" not in unpaid and unpaid["amount"]["total"] == 2990

    paid = pay_sandbox.control("wechatpay/pay", {"prepay_id": body["prepay_id"]})["transaction"]
    code, found = query(wxpay, out_trade_no=no)
    assert code == 200 and found == paid
    assert found["trade_state"] == "SUCCESS" and found["trade_state_desc"] == "支付成功"
    assert found["appid"] == CREDS.appid == SandboxConfig().wechat_appid and found["mchid"] == CREDS.mchid
    assert len(found["transaction_id"]) == 28 and found["transaction_id"].isdigit()
    assert (
        found["trade_type"] == "JSAPI"
        and found["payer"] == {"openid": OPENID}
        and found["attach"] == "store=7"
    )
    assert found["amount"] == {"total": 2990, "payer_total": 2990, "currency": "CNY", "payer_currency": "CNY"}
    assert dt.datetime.fromisoformat(found["success_time"]).utcoffset() == dt.timedelta(hours=8)
    assert query(wxpay, transaction_id=found["transaction_id"]) == (200, found)
    # Only the out_trade_no finds an unpaid order; unknown numbers are 404 ORDER_NOT_EXIST.
    assert query(wxpay, out_trade_no=new_no())[1]["code"] == "ORDER_NOT_EXIST"
    assert query(wxpay, transaction_id="4200000000000000000000000000")[0] == 404


def test_every_response_is_signed_even_errors_and_204(pay_sandbox: Sandbox) -> None:
    no = new_no()
    body = json.dumps(
        {
            "appid": CREDS.appid,
            "mchid": CREDS.mchid,
            "description": "d",
            "out_trade_no": no,
            "notify_url": "https://m.example.com/n",
            "amount": {"total": 1},
            "payer": {"openid": OPENID},
        }
    )
    created = signed_request(pay_sandbox, "POST", "/v3/pay/transactions/jsapi", body)
    error = signed_request(
        pay_sandbox, "GET", f"/v3/pay/transactions/out-trade-no/{new_no()}?mchid={CREDS.mchid}"
    )
    closed = signed_request(
        pay_sandbox,
        "POST",
        f"/v3/pay/transactions/out-trade-no/{no}/close",
        json.dumps({"mchid": CREDS.mchid}),
    )
    assert (created.status_code, error.status_code, closed.status_code) == (200, 404, 204)
    assert closed.content == b""
    for response in (created, error, closed):
        assert response.headers["Wechatpay-Serial"] == PUBLIC_KEY_IDS[0]
        assert response_signature_ok(response, PLATFORM_PUBLIC_PEMS[0])
        assert not response_signature_ok(response, PLATFORM_PUBLIC_PEMS[1])
    assert error.json() == {"code": "ORDER_NOT_EXIST", "message": "订单不存在"}


def test_signed_path_excludes_the_gateway_prefix(pay_sandbox: Sandbox) -> None:
    path = f"/v3/pay/transactions/out-trade-no/{new_no()}?mchid={CREDS.mchid}"
    # What wechatpayv3 signs: the path after its _gate_way (the emulator base + /wechatpay).
    assert signed_request(pay_sandbox, "GET", path).status_code == 404
    wrong = signed_request(pay_sandbox, "GET", path, sign_path="/wechatpay" + path)
    assert wrong.status_code == 401 and wrong.json()["code"] == "SIGN_ERROR"
    assert wrong.json()["detail"]["sign_information"]["url"] == path  # echoes what was verified
    no_query = signed_request(pay_sandbox, "GET", path, sign_path=path.split("?")[0])
    assert no_query.status_code == 401


def test_forged_or_stale_requests_get_401(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged_pem = other_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    forger = pay_client(pay_sandbox.base_url, private_key=forged_pem)
    code, text = forger.pay(
        description="x", out_trade_no=new_no(), amount={"total": 1}, payer={"openid": OPENID}
    )
    assert code == 401 and json.loads(text)["code"] == "SIGN_ERROR"
    assert pay_client(pay_sandbox.base_url, cert_serial_no="00" * 20).query(out_trade_no="abcdef")[0] == 401
    assert pay_client(pay_sandbox.base_url, mchid="1900000001").query(out_trade_no="abcdef")[0] == 401

    path = f"/v3/pay/transactions/out-trade-no/abcdef?mchid={CREDS.mchid}"
    now = int(dt.datetime.now().timestamp())
    assert signed_request(pay_sandbox, "GET", path, timestamp=now - 301).status_code == 401
    assert signed_request(pay_sandbox, "GET", path, timestamp=now + 301).status_code == 401
    assert signed_request(pay_sandbox, "GET", path, timestamp=now - 200).status_code == 404
    tampered = signed_request(
        pay_sandbox,
        "POST",
        "/v3/pay/transactions/out-trade-no/abcdef/close",
        '{"mchid":"1900000109"}',
        sign_body='{"mchid": "1900000109"}',
    )
    assert tampered.status_code == 401
    unsigned = pay_sandbox.http.get(pay_sandbox.url("/wechatpay" + path), timeout=10)
    assert unsigned.status_code == 401 and unsigned.json()["code"] == "SIGN_ERROR"
    assert query(wxpay, out_trade_no="abcdef")[0] == 404  # the genuine client still passes


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"description": ""}, "description"),
        ({"out_trade_no": "12345"}, "out_trade_no"),
        ({"out_trade_no": "x" * 33}, "out_trade_no"),
        ({"out_trade_no": "has space"}, "out_trade_no"),
        ({"amount": {"total": 0}}, "amount.total"),
        ({"amount": {"total": 1.5}}, "amount.total"),
        ({"amount": {"total": "100"}}, "amount.total"),
        ({"amount": {"total": 100, "currency": "USD"}}, "amount.currency"),
        ({"payer": {}}, "payer.openid"),
        ({"notify_url": "not a url"}, "notify_url"),
        ({"time_expire": "2030-01-01 10:00:00"}, "time_expire"),
        ({"mchid": "1900000001"}, "mchid"),
    ],
)
def test_jsapi_param_errors(pay_sandbox: Sandbox, change: dict[str, Any], field: str) -> None:
    body = {
        "appid": CREDS.appid,
        "mchid": CREDS.mchid,
        "description": "d",
        "out_trade_no": new_no(),
        "notify_url": "https://m.example.com/n",
        "amount": {"total": 100, "currency": "CNY"},
        "payer": {"openid": OPENID},
    } | change
    reply = signed_request(pay_sandbox, "POST", "/v3/pay/transactions/jsapi", json.dumps(body))
    assert reply.status_code == 400 and reply.json()["code"] == "PARAM_ERROR"
    assert reply.json()["detail"]["field"] == field


def test_wrong_appid_and_bad_json(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    code, text = wxpay.pay(
        description="d",
        out_trade_no=new_no(),
        amount={"total": 1},
        payer={"openid": OPENID},
        appid="wx0000000000000000",
    )
    assert code == 400 and json.loads(text)["code"] == "APPID_MCHID_NOT_MATCH"
    reply = signed_request(pay_sandbox, "POST", "/v3/pay/transactions/jsapi", "{not json")
    assert reply.status_code == 400 and reply.json()["code"] == "PARAM_ERROR"


def test_duplicate_out_trade_no(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    no = new_no()
    first = order(wxpay, no, 100)
    assert order(wxpay, no, 100) == first  # a retry gets the same prepay_id
    code, conflict = order(wxpay, no, 200)
    assert code == 400 and conflict["code"] == "INVALID_REQUEST"
    pay_sandbox.control("wechatpay/pay", {"out_trade_no": no})
    code, again = order(wxpay, no, 100)
    assert code == 400 and again["code"] == "ORDERPAID"


def test_close_and_query_closed(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    no = new_no()
    order(wxpay, no)
    assert wxpay.close(no) == (204, b"")
    code, closed = query(wxpay, out_trade_no=no)
    assert closed["trade_state"] == "CLOSED" and closed["trade_state_desc"] == "订单已关闭"
    assert wxpay.close(no)[0] == 204  # closing twice is fine
    assert order(wxpay, no)[1]["code"] == "ORDER_CLOSED"
    reply = pay_sandbox.http.post(
        pay_sandbox.url("/control/wechatpay/pay"), json={"out_trade_no": no}, timeout=10
    )
    assert reply.status_code == 400 and "CLOSED" in reply.json()["error"]

    paid = paid_order(pay_sandbox, wxpay)
    code, text = wxpay.close(paid["out_trade_no"])
    assert code == 400 and json.loads(text)["code"] == "ORDERPAID"
    code, text = wxpay.close(new_no())
    assert code == 404 and json.loads(text)["code"] == "ORDER_NOT_EXIST"


def test_time_expire_closes_unpaid_orders(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    no = new_no()
    expire = (dt.datetime.now(SHANGHAI) + dt.timedelta(minutes=1)).replace(microsecond=0).isoformat()
    assert order(wxpay, no, time_expire=expire)[0] == 200
    assert query(wxpay, out_trade_no=no)[1]["trade_state"] == "NOTPAY"
    pay_sandbox.advance(61)  # the sandbox clock: request signatures still use real time
    assert query(wxpay, out_trade_no=no)[1]["trade_state"] == "CLOSED"
    reply = pay_sandbox.http.post(
        pay_sandbox.url("/control/wechatpay/pay"), json={"out_trade_no": no}, timeout=10
    )
    assert reply.status_code == 400


# --- refunds --------------------------------------------------------------------
def test_partial_and_full_refunds(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    paid = paid_order(pay_sandbox, wxpay, 100)
    code, first = refund(wxpay, 30, out_trade_no=paid["out_trade_no"], out_refund_no="R-part-1")
    assert code == 200 and first["status"] == "PROCESSING" and "success_time" not in first
    assert (
        first["amount"]["refund"] == 30 and first["amount"]["total"] == 100 and first["channel"] == "ORIGINAL"
    )
    assert first["transaction_id"] == paid["transaction_id"] and len(first["refund_id"]) == 29
    assert query(wxpay, out_trade_no=paid["out_trade_no"])[1]["trade_state"] == "REFUND"

    done = pay_sandbox.control("wechatpay/refund-result", {"out_refund_no": "R-part-1", "status": "SUCCESS"})
    code, text = wxpay.query_refund("R-part-1")
    assert code == 200 and json.loads(text) == done["refund"] and done["refund"]["status"] == "SUCCESS"
    assert "success_time" in done["refund"]

    # Same out_refund_no and parameters: the same refund, not a second one.
    assert (
        refund(wxpay, 30, out_trade_no=paid["out_trade_no"], out_refund_no="R-part-1")[1]["refund_id"]
        == first["refund_id"]
    )
    code, conflict = refund(wxpay, 40, out_trade_no=paid["out_trade_no"], out_refund_no="R-part-1")
    assert code == 400 and conflict["code"] == "INVALID_REQUEST"

    code, over = refund(wxpay, 71, transaction_id=paid["transaction_id"])
    assert code == 400 and over["code"] == "NOT_ENOUGH"
    code, rest = refund(wxpay, 70, transaction_id=paid["transaction_id"])
    assert code == 200 and rest["amount"]["refund"] == 70
    assert refund(wxpay, 1, out_trade_no=paid["out_trade_no"])[1]["code"] == "NOT_ENOUGH"


def test_closed_refund_releases_the_amount(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    paid = paid_order(pay_sandbox, wxpay, 100)
    code, full = refund(wxpay, 100, out_trade_no=paid["out_trade_no"])
    assert code == 200
    assert refund(wxpay, 100, out_trade_no=paid["out_trade_no"])[1]["code"] == "NOT_ENOUGH"
    pay_sandbox.control(
        "wechatpay/refund-result", {"out_refund_no": full["out_refund_no"], "status": "CLOSED"}
    )
    assert refund(wxpay, 100, out_trade_no=paid["out_trade_no"])[0] == 200


def test_refund_errors(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    unpaid = new_no()
    order(wxpay, unpaid)
    code, body = refund(wxpay, 10, out_trade_no=unpaid)
    assert code == 400 and body["code"] == "INVALID_REQUEST"
    paid = paid_order(pay_sandbox, wxpay, 100)
    code, body = refund(wxpay, 10, total=99, out_trade_no=paid["out_trade_no"])
    assert code == 400 and body["code"] == "INVALID_REQUEST"
    code, body = refund(wxpay, 0, out_trade_no=paid["out_trade_no"])
    assert code == 400 and body["code"] == "PARAM_ERROR"
    assert refund(wxpay, 10, out_trade_no=new_no())[0] == 404
    code, text = wxpay.query_refund("R-unknown")
    assert code == 404 and json.loads(text)["code"] == "RESOURCE_NOT_EXISTS"


def test_refund_succeeds_by_itself_when_configured(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    pay_sandbox.control("wechatpay/settings", {"refund_auto_success_seconds": 5})  # x0.001 = 5 ms
    paid = paid_order(pay_sandbox, wxpay)
    code, body = refund(wxpay, 100, out_trade_no=paid["out_trade_no"])
    assert code == 200 and body["status"] == "PROCESSING"
    wait_for(
        lambda: json.loads(wxpay.query_refund(body["out_refund_no"])[1])["status"] == "SUCCESS",
        what="the refund to succeed",
    )


# --- bills ----------------------------------------------------------------------
def _advance_to_bill_time(sandbox: Sandbox, day: dt.date) -> None:
    """Move the sandbox clock to 10:00:05 (Asia/Shanghai) on the day after `day`."""
    ready = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(10, 0, 5), SHANGHAI)
    sandbox.advance(ready.timestamp() - dt.datetime.now(SHANGHAI).timestamp())


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_trade_bill_format_gzip_and_plain(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    a = paid_order(pay_sandbox, wxpay, 12345)
    b = paid_order(pay_sandbox, wxpay, 1000, payer_total=800)  # 2.00 yuan of coupon
    _, r = refund(wxpay, 300, total=12345, out_trade_no=a["out_trade_no"])
    pay_sandbox.control("wechatpay/refund-result", {"out_refund_no": r["out_refund_no"]})
    day = dt.datetime.fromisoformat(a["success_time"]).date()

    code, text = wxpay.trade_bill(day.isoformat())
    assert code == 400 and json.loads(text)["code"] == "STATEMENT_CREATING"  # before 10:00 on D+1
    _advance_to_bill_time(pay_sandbox, day)
    code, text = wxpay.trade_bill(day.isoformat())  # tar_type GZIP by default
    assert code == 200
    meta = json.loads(text)
    assert meta["hash_type"] == "SHA1" and meta["download_url"].startswith(
        pay_sandbox.base_url + "/wechatpay/"
    )
    code, data = wxpay.download_bill(meta["download_url"])
    assert code == 200 and data[:2] == b"\x1f\x8b"
    raw = gzip.decompress(data)
    assert hashlib.sha1(raw, usedforsecurity=False).hexdigest() == meta["hash_value"]

    _, plain_meta_text = wxpay._core.request(f"/v3/bill/tradebill?bill_date={day}&bill_type=ALL")
    plain_meta = json.loads(plain_meta_text)
    code, plain = wxpay.download_bill(plain_meta["download_url"])
    assert code == 200 and plain == raw and plain_meta["hash_value"] == meta["hash_value"]

    rows = _rows(raw.decode("utf-8"))
    header, details, summary_header, summary = rows[0], rows[1:-2], rows[-2], rows[-1]
    assert ",".join(header) == (
        "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
        "货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,"
        "商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
    )
    assert summary_header == [
        "总交易单数",
        "应结订单总金额",
        "退款总金额",
        "充值券退款总金额",
        "手续费总金额",
        "订单总金额",
        "申请退款总金额",
    ]
    assert all(value.startswith("`") for row in details + [summary] for value in row)
    assert not any(value.startswith("`") for value in header + summary_header)
    table = [dict(zip(header, (v[1:] for v in row), strict=True)) for row in details]
    assert [(t["商户订单号"], t["交易状态"]) for t in table] == [
        (a["out_trade_no"], "SUCCESS"),
        (b["out_trade_no"], "SUCCESS"),
        (a["out_trade_no"], "REFUND"),
    ]
    pay_a, pay_b, refund_a = table
    assert (
        pay_a["应结订单金额"] == "123.45" and pay_a["订单金额"] == "123.45" and pay_a["代金券金额"] == "0.00"
    )
    assert pay_a["微信订单号"] == a["transaction_id"] and pay_a["公众账号ID"] == CREDS.appid
    assert pay_a["特约商户号"] == "0" and pay_a["用户标识"] == OPENID and pay_a["交易类型"] == "JSAPI"
    assert pay_a["商品名称"] == "镜影像-体验套餐" and pay_a["手续费"] == "0.74" and pay_a["费率"] == "0.60%"
    assert pay_a["交易时间"] == dt.datetime.fromisoformat(a["success_time"]).strftime("%Y-%m-%d %H:%M:%S")
    assert pay_b["应结订单金额"] == "10.00" and pay_b["代金券金额"] == "2.00"
    assert refund_a["退款金额"] == "3.00" and refund_a["申请退款金额"] == "3.00"
    assert refund_a["商户退款单号"] == r["out_refund_no"] and refund_a["退款状态"] == "SUCCESS"
    assert refund_a["应结订单金额"] == "0.00" and refund_a["手续费"] == "-0.02"
    assert [v[1:] for v in summary] == ["3", "133.45", "3.00", "0.00", "0.78", "133.45", "3.00"]


def test_success_and_refund_bill_columns(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    a = paid_order(pay_sandbox, wxpay, 500)
    _, r = refund(wxpay, 500, total=500, out_trade_no=a["out_trade_no"])
    pay_sandbox.control("wechatpay/refund-result", {"out_refund_no": r["out_refund_no"]})
    day = dt.datetime.fromisoformat(a["success_time"]).date()
    _advance_to_bill_time(pay_sandbox, day)

    def bill(bill_type: str) -> list[list[str]]:
        _, text = wxpay.trade_bill(day.isoformat(), bill_type=bill_type)
        return _rows(gzip.decompress(wxpay.download_bill(json.loads(text)["download_url"])[1]).decode())

    success, refunds = bill("SUCCESS"), bill("REFUND")
    assert success[0][12:] == [
        "应结订单金额",
        "代金券金额",
        "商品名称",
        "商户数据包",
        "手续费",
        "费率",
        "订单金额",
        "费率备注",
    ]
    assert success[-2] == ["总交易单数", "应结订单总金额", "手续费总金额", "订单总金额"]
    assert [v[1:] for v in success[-1]] == ["1", "5.00", "0.03", "5.00"] and len(success) == 4
    assert refunds[0][12:16] == ["应结订单金额", "代金券金额", "退款申请时间", "退款成功时间"]
    assert len(refunds[0]) == 29 and len(refunds[1]) == 29 and refunds[1][9] == "`REFUND"
    assert [v[1:] for v in refunds[-1]][:3] == ["1", "0.00", "5.00"]


def test_bill_errors(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    pay_sandbox.control("wechatpay/settings", {"bill_ready_hour": None})  # today's bill at once
    today = dt.datetime.now(SHANGHAI).date()
    code, text = wxpay.trade_bill(today.isoformat())
    assert code == 400 and json.loads(text)["code"] == "NO_STATEMENT_EXIST"  # nothing happened yet
    paid_order(pay_sandbox, wxpay)
    assert wxpay.trade_bill(today.isoformat())[0] == 200
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert json.loads(wxpay.trade_bill(tomorrow)[1])["code"] == "NO_STATEMENT_EXIST"
    assert json.loads(wxpay.trade_bill("2024-13-01")[1])["code"] == "PARAM_ERROR"
    assert json.loads(wxpay.trade_bill(today.isoformat(), bill_type="FOO")[1])["code"] == "PARAM_ERROR"
    # wechatpayv3 sends tar_type=None literally when asked for an uncompressed bill.
    assert json.loads(wxpay.trade_bill(today.isoformat(), tar_type=None)[1])["code"] == "PARAM_ERROR"

    meta = json.loads(wxpay.trade_bill(today.isoformat())[1])
    unsigned = pay_sandbox.http.get(meta["download_url"], timeout=10)
    assert unsigned.status_code == 401
    signed = wxpay._core.request(meta["download_url"][len(wxpay._core._gate_way) :], skip_verify=True)
    assert signed[0] == 200
    path = meta["download_url"][len(wxpay._core._gate_way) :]
    assert "Wechatpay-Signature" not in signed_request(pay_sandbox, "GET", path).headers  # not signed
    assert wxpay.download_bill(meta["download_url"] + "x")[0] == 400
    pay_sandbox.advance(301)  # download URLs live 5 minutes
    assert wxpay.download_bill(meta["download_url"])[0] == 400


# --- platform keys: public-key rotation and certificate mode ----------------------
def test_public_key_rotation(pay_sandbox: Sandbox, wxpay: WeChatPay) -> None:
    pay_sandbox.control("wechatpay/settings", {"signing_key_index": 1})
    second = pay_client(pay_sandbox.base_url, key_index=1)
    assert second.query(out_trade_no="abcdef")[0] == 404
    # wechatpayv3 treats an unknown serial as a certificate serial: int('0xPUB_KEY_ID_…', 16).
    with pytest.raises(ValueError):
        wxpay.pay(description="d", out_trade_no=new_no(), amount={"total": 1}, payer={"openid": OPENID})


def _platform(sandbox: Sandbox) -> dict[str, Any]:
    return sandbox.http.get(sandbox.url("/control/wechatpay/platform"), timeout=10).json()  # type: ignore[no-any-return]


def _cert_client(
    sandbox: Sandbox, cert_dir: Path, fetch_first: bool, monkeypatch: pytest.MonkeyPatch
) -> WeChatPay:
    params: dict[str, Any] = {"public_key": None, "public_key_id": None, "cert_dir": str(cert_dir)}
    if not fetch_first:
        return pay_client(sandbox.base_url, **params)
    # The constructor fetches /v3/certificates from the real host: defer it until the
    # gateway points at the emulator.
    with monkeypatch.context() as patch:
        patch.setattr(Core, "_init_certificates", lambda self: None)
        client = pay_client(sandbox.base_url, **params)
    client._core._init_certificates()
    return client


def test_certificate_mode_downloads_certificates(
    pay_sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pay_sandbox.control("wechatpay/settings", {"platform_mode": "certificate"})
    keys = _platform(pay_sandbox)["keys"]
    client = _cert_client(pay_sandbox, tmp_path, fetch_first=True, monkeypatch=monkeypatch)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        k["certificate_serial_no"] + ".pem" for k in keys
    )
    no = new_no()
    assert order(client, no)[0] == 200  # verified against the downloaded certificate
    raw = signed_request(pay_sandbox, "GET", f"/v3/pay/transactions/out-trade-no/{no}?mchid={CREDS.mchid}")
    assert raw.headers["Wechatpay-Serial"] == keys[0]["certificate_serial_no"]
    assert len(keys[0]["certificate_serial_no"]) == 40

    # /v3/certificates itself: AEAD_AES_256_GCM under the APIv3 key, associated_data "certificate".
    listing = signed_request(pay_sandbox, "GET", "/v3/certificates")
    assert response_signature_ok(listing, PLATFORM_PUBLIC_PEMS[0])
    for item, key in zip(listing.json()["data"], keys, strict=True):
        sealed = item["encrypt_certificate"]
        assert sealed["algorithm"] == "AEAD_AES_256_GCM" and sealed["associated_data"] == "certificate"
        pem = AESGCM(CREDS.apiv3_key.encode()).decrypt(
            sealed["nonce"].encode(), base64.b64decode(sealed["ciphertext"]), b"certificate"
        )
        cert = x509.load_pem_x509_certificate(pem)
        assert format(cert.serial_number, "X") == item["serial_no"] == key["certificate_serial_no"]
        assert dt.datetime.fromisoformat(item["expire_time"]) > dt.datetime.now(SHANGHAI)


def test_certificate_mode_preseeded_and_rotated(
    pay_sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pay_sandbox.control("wechatpay/settings", {"platform_mode": "certificate"})
    keys = _platform(pay_sandbox)["keys"]
    (tmp_path / (keys[0]["certificate_serial_no"] + ".pem")).write_text(keys[0]["certificate"])
    client = _cert_client(pay_sandbox, tmp_path, fetch_first=False, monkeypatch=monkeypatch)
    assert order(client, new_no())[0] == 200
    assert len(list(tmp_path.iterdir())) == 1  # nothing downloaded: the seeded cert verified it

    pay_sandbox.control("wechatpay/settings", {"signing_key_index": 1})
    assert order(client, new_no())[0] == 200  # unknown serial -> SDK re-downloads /v3/certificates
    assert (tmp_path / (keys[1]["certificate_serial_no"] + ".pem")).exists()


def test_dev_merchant_credentials_match_the_emulator(pay_sandbox: Sandbox) -> None:
    creds = dev_merchant_credentials()
    assert creds.appid == SandboxConfig().wechat_appid and len(creds.apiv3_key.encode("ascii")) == 32
    private = serialization.load_pem_private_key(Path(creds.merchant_private_key_path).read_bytes(), None)
    public = serialization.load_pem_public_key(
        Path(pay_sandbox.config.pay.merchant_public_key_path).read_bytes()
    )
    assert private.public_key().public_numbers() == public.public_numbers()  # type: ignore[union-attr]
    platform = _platform(pay_sandbox)["keys"][0]
    assert Path(creds.platform_public_key_path).read_text() == platform["public_key"]
    assert creds.platform_public_key_id == platform["public_key_id"]
    assert "DEV_ONLY" in creds.merchant_private_key_path
    assert set(creds.as_dict()) >= {"mchid", "appid", "apiv3_key", "merchant_serial_no"}


# --- mounted under a prefix, and servers that do not pass the raw request URI --------
def test_works_when_mounted_under_a_prefix() -> None:
    """The BFF mounts the sandbox under /sandbox: signed paths and download URLs follow."""
    outer = Flask("outer")
    outer.wsgi_app = DispatcherMiddleware(outer.wsgi_app, {"/sandbox": create_sandbox_app()})  # type: ignore[method-assign]
    server = make_server("127.0.0.1", 0, outer, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}/sandbox"
        client = pay_client(base)
        no = new_no()
        assert order(client, no)[0] == 200
        requests.post(
            base + "/control/wechatpay/pay", json={"out_trade_no": no}, timeout=10
        ).raise_for_status()
        requests.post(base + "/control/wechatpay/settings", json={"bill_ready_hour": None}, timeout=10)
        code, text = client.trade_bill(dt.datetime.now(SHANGHAI).date().isoformat(), tar_type="GZIP")
        assert code == 200 and json.loads(text)["download_url"].startswith(
            base + "/wechatpay/v3/billdownload/"
        )
        code, data = client.download_bill(json.loads(text)["download_url"])
        assert code == 200 and no in gzip.decompress(data).decode()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_signed_path_without_raw_uri() -> None:
    """Servers that set no RAW_URI (e.g. the Flask test client): rebuilt from PATH_INFO + QUERY_STRING."""
    app = create_sandbox_app()
    path = f"/v3/pay/transactions/out-trade-no/{new_no()}?mchid={CREDS.mchid}"
    auth = pay_client("http://unused")._core  # only its key and ids: build the header by hand
    header = build_authorization(path, "GET", auth._mchid, auth._cert_serial_no, auth._private_key)
    with app.test_client() as http:
        assert http.get("/wechatpay" + path, headers={"Authorization": header}).status_code == 404
        bad = build_authorization(
            "/wechatpay" + path, "GET", auth._mchid, auth._cert_serial_no, auth._private_key
        )
        assert http.get("/wechatpay" + path, headers={"Authorization": bad}).status_code == 401
