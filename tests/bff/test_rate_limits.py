"""Rate limits on login and phone binding, in Redis, keyed on the real peer address."""


def _login(client, wx, **headers):
    code, _ = wx.login_code()
    return client.post("/api/v1/auth/login", json={"code": code}, headers=headers)


def test_login_is_limited_with_retry_after(make_app, wx):
    client = make_app(login_rate_limit="3/minute").test_client()
    assert [_login(client, wx).status_code for _ in range(3)] == [200, 200, 200]
    res = _login(client, wx)
    assert res.status_code == 429 and res.json["reason"] == "rate_limited"
    assert int(res.headers["Retry-After"]) > 0


def test_a_forged_x_forwarded_for_does_not_reset_the_limit(make_app, wx):
    client = make_app(login_rate_limit="3/minute").test_client()
    statuses = [_login(client, wx, **{"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_one_trusted_proxy_clients_are_told_apart_by_the_proxy_header(make_app, wx):
    client = make_app(login_rate_limit="2/minute", trusted_proxy_count=1).test_client()
    first = [_login(client, wx, **{"X-Forwarded-For": "198.51.100.1"}).status_code for _ in range(3)]
    other = _login(client, wx, **{"X-Forwarded-For": "198.51.100.2"}).status_code
    assert first == [200, 200, 429] and other == 200


def test_limits_are_shared_through_redis_by_every_app_process(make_app, wx):
    one = make_app(login_rate_limit="2/minute").test_client()
    two = make_app(login_rate_limit="2/minute").test_client()
    assert [_login(one, wx).status_code, _login(two, wx).status_code] == [200, 200]
    assert _login(one, wx).status_code == 429


def test_phone_binding_is_limited_per_user(make_app, wx):
    from tests.support.wechat import accept_agreements

    client = make_app(phone_rate_limit="2/minute").test_client()
    code, openid = wx.login_code()
    token = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    accept_agreements(client, headers)
    codes = [wx.phone_code(openid, "13800138000") for _ in range(3)]
    statuses = [client.post("/api/v1/me/phone", json={"code": c}, headers=headers).status_code for c in codes]
    assert statuses == [200, 200, 429]
