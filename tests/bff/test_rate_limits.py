"""Rate limits in Redis: per address before login (the real peer, not a forged header), per user after,
with only a coarse per-address bound, so a store's consultants behind one NAT do not lock each other out."""


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


def _user(client, wx, phone=None):  # type: ignore[no-untyped-def]
    from tests.support.wechat import accept_agreements

    code, openid = wx.login_code()
    token = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    accept_agreements(client, headers)
    return openid, headers


def _bind(client, wx, who, phone):  # type: ignore[no-untyped-def]
    openid, headers = who
    return client.post("/api/v1/me/phone", json={"code": wx.phone_code(openid, phone)}, headers=headers).status_code


def test_consultants_behind_one_address_bind_phones_without_locking_each_other_out(make_app, wx):
    client = make_app(phone_rate_limit="2/minute").test_client()  # every request from 127.0.0.1
    first, second, third = (_user(client, wx) for _ in range(3))
    assert [_bind(client, wx, first, "13800138000") for _ in range(3)] == [200, 200, 429]
    assert [_bind(client, wx, second, "13800138001") for _ in range(2)] == [200, 200]
    assert _bind(client, wx, third, "13800138002") == 200


def test_one_address_is_still_bounded_across_accounts(make_app, wx):
    client = make_app(phone_rate_limit="2/minute", phone_ip_rate_limit="3/minute").test_client()
    users = [_user(client, wx) for _ in range(4)]
    statuses = [_bind(client, wx, who, f"1380013800{i}") for i, who in enumerate(users)]
    assert statuses == [200, 200, 200, 429]


def test_behind_a_trusted_proxy_the_outer_bound_is_per_client_address(make_app, wx):
    client = make_app(phone_rate_limit="5/minute", phone_ip_rate_limit="2/minute", trusted_proxy_count=1).test_client()
    users = [_user(client, wx) for _ in range(3)]

    def bind(who, ip, phone):  # type: ignore[no-untyped-def]
        openid, headers = who
        return client.post("/api/v1/me/phone", json={"code": wx.phone_code(openid, phone)},
                           headers=headers | {"X-Forwarded-For": ip}).status_code

    assert [bind(users[0], "198.51.100.1", "13800138000"), bind(users[1], "198.51.100.1", "13800138001"),
            bind(users[2], "198.51.100.1", "13800138002")] == [200, 200, 429]
    assert bind(users[2], "198.51.100.2", "13800138002") == 200
