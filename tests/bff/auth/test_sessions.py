"""Logout, log out everywhere, and disabling an account end sessions at once."""

from sqlalchemy import select

from bff.auth.service import disable_user
from bff.db import session as db
from models import User


def test_logout_ends_only_the_current_session(client, login, wx):
    phone = login()
    code, _ = wx.login_code(phone.openid)
    tablet = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]
    assert client.post("/api/v1/auth/logout", headers=phone.headers).status_code == 204
    assert client.get("/api/v1/me", headers=phone.headers).json["reason"] == "session_revoked"
    refresh = client.post("/api/v1/auth/refresh", json={"refresh_token": phone.refresh_token})
    assert refresh.json["reason"] == "session_revoked"
    tablet_headers = {"Authorization": f"Bearer {tablet['access_token']}"}
    assert client.get("/api/v1/me", headers=tablet_headers).status_code == 200


def test_logout_everywhere_ends_every_session(client, login, wx):
    phone = login()
    code, _ = wx.login_code(phone.openid)
    tablet = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]
    assert client.post("/api/v1/auth/logout-all", headers=phone.headers).status_code == 204
    tablet_headers = {"Authorization": f"Bearer {tablet['access_token']}"}
    assert client.get("/api/v1/me", headers=tablet_headers).json["reason"] == "session_revoked"
    assert client.get("/api/v1/me", headers=phone.headers).json["reason"] == "session_revoked"


def test_disabling_an_account_revokes_its_tokens_and_blocks_login(app, client, login, wx):
    who = login()
    with app.test_request_context():
        disable_user(db().scalar(select(User).where(User.public_id == who.user_id)))
        db().commit()
    assert client.get("/api/v1/me", headers=who.headers).json["reason"] == "session_revoked"
    code, _ = wx.login_code(who.openid)
    res = client.post("/api/v1/auth/login", json={"code": code})
    assert res.status_code == 401 and res.json["reason"] == "account_disabled"


def test_a_disabled_account_cannot_refresh(app, client, login):
    who = login()
    with app.test_request_context():
        user = db().scalar(select(User).where(User.public_id == who.user_id))
        user.status = "disabled"  # disabled without revoking, e.g. by a direct operator edit
        db().commit()
    assert client.get("/api/v1/me", headers=who.headers).json["reason"] == "account_disabled"
    res = client.post("/api/v1/auth/refresh", json={"refresh_token": who.refresh_token})
    assert res.json["reason"] == "account_disabled"
