"""The HTTP edge answers in the error envelope: long URLs, big headers, chunked bodies over the
limit, the servers' own error pages (werkzeug's and gunicorn's); production hides the API docs and
sends HSTS; CORS follows MIRROR_CORS_ORIGINS."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def _envelope(res, status, reason):  # type: ignore[no-untyped-def]
    assert res.status_code == status, (res.status_code, res.text[:200])
    assert res.headers["Content-Type"].startswith("application/json"), res.headers
    body = res.json()
    assert set(body) == {"code", "status", "message", "errors", "reason"} and body["reason"] == reason
    return body


def _chunked(size: int):  # type: ignore[no-untyped-def]
    def gen():  # type: ignore[no-untyped-def]
        yield b'{"code": "'
        for _ in range(size // 1024):
            yield b"x" * 1024
        yield b'"}'
    return gen()


def test_the_app_answers_long_urls_and_big_headers_in_the_envelope(client):
    res = client.get("/api/v1/plans?platform=" + "a" * 5000)
    assert res.status_code == 414 and res.json["reason"] == "uri_too_long"
    res = client.get("/api/v1/plans", headers={"X-Padding": "p" * 20_000})
    assert res.status_code == 431 and res.json["reason"] == "headers_too_large"
    assert client.get("/api/v1/plans?platform=android").status_code == 200


def test_werkzeugs_server_and_a_chunked_body_answer_in_the_envelope(live_app, wx, settings):
    url = live_app.url
    _envelope(requests.get(f"{url}/api/v1/plans?x=" + "a" * 70_000, timeout=10), 414, "uri_too_long")
    _envelope(requests.get(f"{url}/api/v1/plans", headers={f"X-H{i}": "v" for i in range(120)}, timeout=10),
              431, "headers_too_large")
    _envelope(requests.get(f"{url}/api/v1/plans", headers={"X-Big": "v" * 70_000}, timeout=10),
              431, "headers_too_large")
    res = requests.post(f"{url}/api/v1/auth/login", data=_chunked(settings.max_content_length + 4096),
                        headers={"Content-Type": "application/json"}, timeout=10)
    _envelope(res, 413, "payload_too_large")
    code, _ = wx.login_code()
    res = requests.post(f"{url}/api/v1/auth/login", data=iter([b'{"code": "', code.encode(), b'"}']),
                        headers={"Content-Type": "application/json"}, timeout=10)
    assert res.status_code == 200, res.text  # a small chunked body is read whole


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn_url(database_url, redis_url, app):  # type: ignore[no-untyped-def]
    """The deploy configuration (deploy/gunicorn.conf.py) serving wsgi:app on a free port."""
    port = _free_port()
    env = os.environ | {"MIRROR_ENV": "test", "MIRROR_DATABASE_URL": database_url, "MIRROR_REDIS_URL": redis_url,
                        "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "2",
                        "MIRROR_LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{url}/api/v1/plans", timeout=2)
                break
            except requests.ConnectionError:
                assert proc.poll() is None, proc.stderr.read().decode()[-2000:] if proc.stderr else ""
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def test_gunicorns_own_error_pages_use_the_envelope(gunicorn_url, settings):
    url = gunicorn_url
    # Beyond gunicorn's own limits (request line 8190, a header field 8190, 100 fields).
    _envelope(requests.get(f"{url}/api/v1/plans?x=" + "a" * 9000, timeout=10), 414, "uri_too_long")
    _envelope(requests.get(f"{url}/api/v1/plans", headers={"X-Big": "v" * 9000}, timeout=10),
              431, "headers_too_large")
    _envelope(requests.get(f"{url}/api/v1/plans", headers={f"X-H{i}": "v" for i in range(120)}, timeout=10),
              431, "headers_too_large")
    # Within them, the app's limits answer.
    _envelope(requests.get(f"{url}/api/v1/plans?x=" + "a" * 5000, timeout=10), 414, "uri_too_long")
    res = requests.post(f"{url}/api/v1/auth/login", data=_chunked(settings.max_content_length + 4096),
                        headers={"Content-Type": "application/json"}, timeout=10)
    _envelope(res, 413, "payload_too_large")


def test_production_hides_the_api_docs_and_sends_hsts_and_csp(make_app, tmp_path):
    import base64
    import secrets

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    keys = []
    for name in ("merchant.pem", "platform.pem"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path = tmp_path / name
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        keys.append(str(path))
    production = make_app(
        env="production", secret_key=secrets.token_urlsafe(48), blind_index_key=secrets.token_urlsafe(48),
        wechat_appid="wx1234567890abcdef", wechat_secret=secrets.token_hex(16),
        wechatpay_apiv3_key=secrets.token_hex(16), oss_access_key_id="LTAI5tProductionKeyId01",
        oss_access_key_secret=secrets.token_urlsafe(30),
        field_keys={"p1": base64.b64encode(secrets.token_bytes(32)).decode()}, field_primary_key="p1",
        wechatpay_merchant_key_path=keys[0], wechatpay_public_keys={"PUB_KEY_ID_1": keys[1]},
        public_base_url="https://bff.example.cn", wechatpay_notify_base="https://bff.example.cn",
        trusted_proxy_count=1, oss_pub_key_overrides={}, login_rate_limit="20/minute",
        phone_rate_limit="10/minute", invite_rate_limit="10/minute", activation_rate_limit="5/minute",
        cors_origins=["https://admin.example.cn"]).test_client()
    for path in ("/api/docs", "/api/openapi.json", "/api/docs/"):
        res = production.get(path)
        assert res.status_code == 404 and res.json["reason"] == "not_found", path
    landing = production.get("/")
    assert landing.status_code == 200 and "/api/docs" not in landing.get_data(as_text=True)
    assert landing.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "default-src 'self'" in landing.headers["Content-Security-Policy"]
    assert production.get("/api/v1/plans").headers["Strict-Transport-Security"]


def test_outside_production_the_docs_are_served_with_a_csp_and_no_hsts(client):
    for path in ("/api/docs", "/"):
        res = client.get(path)
        assert res.status_code == 200 and "frame-ancestors 'none'" in res.headers["Content-Security-Policy"]
        assert "Strict-Transport-Security" not in res.headers
    assert client.get("/api/openapi.json").status_code == 200


def test_cors_answers_only_the_configured_origins(make_app):
    cors = make_app(cors_origins=["https://admin.example.cn"]).test_client()
    allowed = cors.get("/api/v1/plans", headers={"Origin": "https://admin.example.cn"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://admin.example.cn"
    assert "Origin" in allowed.headers["Vary"] and "Access-Control-Allow-Credentials" not in allowed.headers
    for evil in ("https://evil.example", "null", "https://admin.example.cn.evil.example"):
        res = cors.get("/api/v1/plans", headers={"Origin": evil})
        assert "Access-Control-Allow-Origin" not in res.headers, evil
    preflight = cors.options("/api/v1/me", headers={"Origin": "https://admin.example.cn",
                                                    "Access-Control-Request-Method": "PATCH",
                                                    "Access-Control-Request-Headers": "authorization"})
    assert preflight.status_code == 200
    assert "PATCH" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
    plain = make_app().test_client().get("/api/v1/plans", headers={"Origin": "https://admin.example.cn"})
    assert "Access-Control-Allow-Origin" not in plain.headers
