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


def test_no_log_line_of_a_login_and_a_phone_binding_carries_the_app_secret_or_the_access_token(
        app, client, login, wx, caplog):
    """At DEBUG urllib3 logs whole URLs (``/sns/jscode2session?appid=..&secret=..``,
    ``?access_token=``) and wechatpy logs its calls; every record is redacted when it is made."""
    stream = io.StringIO()
    logs.configure_logging("DEBUG")
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "mirror-json"]
    handler.setStream(stream)
    caplog.set_level(logging.DEBUG)
    try:
        who = login()
        res = client.post("/api/v1/me/phone", json={"code": wx.phone_code(who.openid, "13800138000")},
                          headers=who.headers)
        assert res.status_code == 200, res.json
        # A token retired mid-flight: the refetch (with the secret in the body) is logged too.
        wx.expire_tokens()
        second = login()
        client.post("/api/v1/me/phone", json={"code": wx.phone_code(second.openid, "13900139000")},
                    headers=second.headers)
    finally:
        logs.configure_logging("WARNING")
    redis = app.extensions["mirror.deps"].redis
    tokens = [redis.get(k).decode() for k in redis.scan_iter("mirror:wechat*access_token*")]
    assert tokens, "the phone binding used a WeChat access token"
    secret = app.extensions["mirror.settings"].wechat_secret.get_secret_value()
    captured = [r.getMessage() + "\n" + (r.exc_text or "") for r in caplog.records] + stream.getvalue().splitlines()
    http_lines = [r for r in caplog.records if r.name.startswith("urllib3")]
    assert http_lines, "urllib3 logged at DEBUG (the leak path this test guards)"
    assert any("jscode2session" in r.getMessage() for r in http_lines)
    for line in captured:
        assert secret not in line
        for token in tokens:
            assert token not in line
        assert "secret=" not in line.replace("secret=[redacted]", "")


def test_redaction_covers_query_strings_pairs_and_tracebacks():
    assert logs.redact("GET /sns/jscode2session?appid=wx1&secret=s3cr3t HTTP/1.1", query=True) == (
        "GET /sns/jscode2session?[redacted] HTTP/1.1")
    assert "tok123" not in logs.redact("{'access_token': 'tok123', 'x': 1}")
    assert "abc" not in logs.redact('Authorization: WECHATPAY2-SHA256-RSA2048 mchid="1",signature="abc"')
    assert logs.redact("errcode=40029 reason") == "errcode=40029 reason"
    for header in ("{'Authorization': 'OSS LTAI5tKeyId:c2lnbmF0dXJl', 'Date': 'x'}",
                   "Authorization: Bearer eyJhbGc.x.y"):
        cleaned = logs.redact(header)
        assert "c2lnbmF0dXJl" not in cleaned and "LTAI5tKeyId" not in cleaned and "eyJhbGc" not in cleaned, cleaned
    logs.install_redaction()
    log = logging.getLogger("urllib3.connectionpool")
    secret = "".join(["s3c", "r3t"])  # not spelled out on the line the traceback quotes
    try:
        raise ConnectionError(f"Max retries exceeded with url: /cgi-bin/token?secret={secret}&x=1")
    except ConnectionError:
        record = log.makeRecord(log.name, logging.ERROR, __file__, 1, "failed %s", ("/x?access_token=t0k",),
                                exc_info=__import__("sys").exc_info())
    assert "t0k" not in record.getMessage() and "s3cr3t" not in (record.exc_text or "x s3cr3t")
    assert "s3cr3t" not in logging.Formatter().format(record)
