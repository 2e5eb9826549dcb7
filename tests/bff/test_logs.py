"""Structured JSON logs carry a request id and never personal data."""

import io
import json
import logging

from bff import logs


def test_log_lines_are_json_with_the_request_id_and_no_personal_data(client, login, wx):
    stream = io.StringIO()
    logs.configure_logging("INFO")
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "mirror-json"]
    handler.setStream(stream)
    try:
        who = login()
        phone_code = wx.phone_code(who.openid, "13800138000")
        headers = who.headers | {"X-Request-ID": "req-abcdef12"}
        client.post("/api/v1/me/phone", json={"code": phone_code}, headers=headers)
        wx.fault("jscode2session", errcode=-1)  # a warning path logs too
        code, _ = wx.login_code()
        client.post("/api/v1/auth/login", json={"code": code})
        logging.getLogger("test").info("x", extra={"phone": "13800138000"})
    finally:
        logs.configure_logging("WARNING")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    access = [line for line in lines if line.get("logger") == "mirror.access"]
    assert {"/api/v1/me/phone", "/api/v1/auth/login"} <= {line["route"] for line in access}
    assert any(line["request_id"] == "req-abcdef12" for line in access)
    assert any(line.get("logger") == "bff.integrations.wechat" for line in lines)
    text = stream.getvalue()
    for secret in (who.openid, "13800138000", phone_code, code, wx.user(who.openid)["session_key"]):
        assert secret not in text
