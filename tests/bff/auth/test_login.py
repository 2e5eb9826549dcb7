"""Logging in with a wx.login code."""

from sqlalchemy import func, select, text

from models import AuthSession, User


def test_a_new_wechat_user_logs_in_and_gets_a_token_pair(client, wx, db_session):
    code, openid = wx.login_code()
    res = client.post("/api/v1/auth/login", json={"code": code})
    assert res.status_code == 200
    assert res.json["is_new_user"] is True
    tokens = res.json["tokens"]
    assert tokens["token_type"] == "Bearer" and tokens["access_token"] and tokens["refresh_token"]
    user = db_session.scalar(select(User).where(User.openid == openid))
    assert user.public_id == res.json["user_id"]
    assert db_session.scalar(select(func.count()).select_from(AuthSession)) == 1


def test_a_returning_user_keeps_the_same_account(client, wx, login):
    first = login(agree=False)
    code, _ = wx.login_code(first.openid)
    res = client.post("/api/v1/auth/login", json={"code": code})
    assert res.status_code == 200
    assert res.json["is_new_user"] is False
    assert res.json["user_id"] == first.user_id


def test_unionid_is_stored_and_links_the_same_person_under_a_new_openid(client, wx, db_session):
    code, openid = wx.login_code(unionid="oUnion_person_1")
    first = client.post("/api/v1/auth/login", json={"code": code}).json
    # The same person reaches us through another appid's openid with the same unionid.
    code, new_openid = wx.login_code(unionid="oUnion_person_1")
    second = client.post("/api/v1/auth/login", json={"code": code}).json
    assert second["user_id"] == first["user_id"] and second["is_new_user"] is False
    user = db_session.scalar(select(User).where(User.public_id == first["user_id"]))
    assert user.unionid == "oUnion_person_1" and user.openid == new_openid != openid


def test_the_session_key_is_never_returned_and_is_stored_encrypted(client, wx, db_session, app):
    code, openid = wx.login_code()
    res = client.post("/api/v1/auth/login", json={"code": code})
    session_key = wx.user(openid)["session_key"]
    assert session_key not in res.get_data(as_text=True)
    raw = db_session.execute(text("SELECT session_key_enc FROM users WHERE openid = :o"), {"o": openid}).scalar()
    assert raw.startswith("v1.") and session_key not in raw


def test_a_replayed_code_is_refused(client, wx):
    code, _ = wx.login_code()
    assert client.post("/api/v1/auth/login", json={"code": code}).status_code == 200
    res = client.post("/api/v1/auth/login", json={"code": code})
    assert res.status_code == 401
    assert res.json["reason"] == "wechat_code_invalid"


def test_an_expired_code_is_refused_and_creates_no_user(client, wx, db_session):
    code, openid = wx.login_code()
    wx.advance_clock(301)
    res = client.post("/api/v1/auth/login", json={"code": code})
    assert res.status_code == 401 and res.json["reason"] == "wechat_code_invalid"
    assert db_session.scalar(select(User).where(User.openid == openid)) is None


def test_a_wechat_system_error_gives_503_and_writes_nothing(client, wx, db_session):
    code, _ = wx.login_code()
    wx.fault("jscode2session", errcode=-1)
    res = client.post("/api/v1/auth/login", json={"code": code})
    assert res.status_code == 503 and res.json["reason"] == "wechat_unavailable"
    assert db_session.scalar(select(func.count()).select_from(User)) == 0


def test_a_wechat_timeout_gives_503_and_writes_nothing(client, wx, db_session, settings):
    code, _ = wx.login_code()
    wx.fault("jscode2session", delay=settings.wechat_timeout + 0.5)
    res = client.post("/api/v1/auth/login", json={"code": code})
    assert res.status_code == 503 and res.json["reason"] == "wechat_unavailable"
    assert db_session.scalar(select(func.count()).select_from(User)) == 0


def test_a_wechat_minute_quota_gives_503(client, wx):
    code, _ = wx.login_code()
    wx.fault("jscode2session", errcode=45011)
    res = client.post("/api/v1/auth/login", json={"code": code})
    assert res.status_code == 503 and res.json["reason"] == "wechat_unavailable"


def test_login_needs_no_access_token_and_the_token_is_fetched_once_and_shared(client, wx, login, app):
    people = [login() for _ in range(3)]
    assert wx.calls("stable_token") == 0  # code2Session does not take an access token
    for i, who in enumerate(people):
        code = wx.phone_code(who.openid, f"1390013900{i}")
        res = client.post("/api/v1/me/phone", json={"code": code}, headers=who.headers)
        assert res.status_code == 200
    assert wx.calls("stable_token") == 1
    redis = app.extensions["mirror.deps"].redis
    assert redis.get(f"mirror:wechat:{app.extensions['mirror.settings'].wechat_appid}_access_token")


def test_concurrent_logins_of_one_person_all_succeed(live_app, wx):
    """Two devices (or a double tap) logging in at once must not deadlock on the user row."""
    from concurrent.futures import ThreadPoolExecutor

    import requests

    _, openid = wx.login_code()
    requests.post(f"{live_app.url}/api/v1/auth/login", json={"code": wx.login_code(openid)[0]}, timeout=10)
    codes = [wx.login_code(openid)[0] for _ in range(8)]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(
            lambda c: requests.post(f"{live_app.url}/api/v1/auth/login", json={"code": c}, timeout=10).status_code,
            codes))
    assert statuses == [200] * 8
