"""Hostile JSON on every JSON route answers 400 ``malformed_json`` and logs no traceback.

Deep nesting (RecursionError), 5,000-digit integers (Python's int-conversion limit), lone
surrogates (a str nothing can encode), NaN/Infinity and huge exponents used to reach the views.
Each operation is called authenticated (the right kind of token), so the body is really parsed.
"""

from __future__ import annotations

import logging
import re

import pytest

from tests.bff.admin.helpers import make_operator

DEEP = "[" * 2000 + "]" * 2000
HOSTILE = {
    "deeply nested": DEEP,
    "nested in a field": '{"code": ' + DEEP + "}",
    "5000-digit integer": '{"amount_fen": ' + "9" * 5000 + "}",
    "negative 5000-digit integer": "-" + "1" * 5000,
    "lone surrogate": '{"code": "\\ud800"}',
    "lone surrogate key": '{"\\udfff": 1}',
    "NaN": '{"amount_fen": NaN}',
    "Infinity": "[Infinity]",
    "huge exponent": '{"amount_fen": 1e99999}',
    "invalid UTF-8": b'{"code": "\xff\xfe"}',
}


def _json_operations(app):  # type: ignore[no-untyped-def]
    spec = app.extensions["mirror.api"].spec.to_dict()
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            body = op.get("requestBody", {}).get("content", {})
            if "application/json" in body:
                url = re.sub(r"\{[^}]+\}", "a" * 32, path)
                yield op["operationId"], method, url


def test_every_json_operation_refuses_hostile_bodies_with_400_and_no_traceback(app, client, consultant, caplog):
    who = consultant()
    operator = make_operator(app, client, "admin", "finance", "support")
    operations = list(_json_operations(app))
    assert len(operations) > 20 and {"auth_login", "auth_refresh", "admin_login"} <= {o for o, _, _ in operations}
    caplog.set_level(logging.INFO)
    for op_id, method, url in operations:
        headers = operator.headers if url.startswith("/api/admin/") else who.headers
        for name, body in HOSTILE.items():
            res = client.open(url, method=method.upper(), data=body, headers=headers,
                              content_type="application/json")
            assert res.status_code == 400 and res.json["reason"] == "malformed_json", (op_id, name, res.json)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize("body", [
    {"code": "\ud800"}, {"refresh_token": "\ud800"}, {"username": "\ud800", "password": "x"},
    {"username": "a", "password": "\udc00"}])
def test_a_lone_surrogate_is_malformed_json_not_a_wechat_outage(client, body):
    import json

    raw = json.dumps(body)  # ensure_ascii: the surrogate travels as the escape "\ud800"
    for url in ("/api/v1/auth/login", "/api/v1/auth/refresh", "/api/admin/v1/login"):
        res = client.post(url, data=raw, content_type="application/json")
        assert res.status_code in (400, 422), (url, res.json)
        assert res.json["reason"] != "wechat_unavailable"
        if set(body) <= {"code", "refresh_token", "username", "password"} and res.status_code == 400:
            assert res.json["reason"] == "malformed_json"
    res = client.post("/api/v1/auth/login", data=json.dumps({"code": "\ud800"}), content_type="application/json")
    assert res.status_code == 400 and res.json["reason"] == "malformed_json"


def test_ordinary_json_still_parses(client, wx):
    code, _ = wx.login_code()
    assert client.post("/api/v1/auth/login", data='{"code": "' + code + '"}',
                       content_type="application/json").status_code == 200
    res = client.post("/api/v1/auth/refresh", data='{"refresh_token": "x\\u00e9\\ud83d\\ude00"}',
                      content_type="application/json")  # a valid surrogate pair is fine (then 401)
    assert res.status_code == 401


@pytest.mark.parametrize("body", [DEEP, '{"id": "\\ud800", "x": 1}', '{"id": ' + "9" * 5000 + "}"])
def test_payment_notifications_store_hostile_bodies_as_evidence_and_refuse_them_without_a_500(
        client, body, caplog, db_session):
    from sqlalchemy import select

    from models import PaymentNotification

    headers = {"Wechatpay-Serial": "PUB_KEY_ID_x", "Wechatpay-Signature": "c2ln", "Wechatpay-Timestamp": "1",
               "Wechatpay-Nonce": "n", "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048"}
    res = client.post("/api/v1/payments/wechatpay/notify", data=body, headers=headers,
                      content_type="application/json")
    assert res.status_code == 401
    assert db_session.scalar(select(PaymentNotification.event_id)) is None
    assert not [r for r in caplog.records if r.exc_info]
