"""Binding the phone number WeChat vouches for."""

from sqlalchemy import select, text

from models import User


def _bind(client, who, **body):
    return client.post("/api/v1/me/phone", json=body, headers=who.headers)


def test_binding_with_the_getphonenumber_code_stores_the_phone_encrypted(client, wx, login, db_session):
    who = login()
    res = _bind(client, who, code=wx.phone_code(who.openid, "+86 138-0013-8000"))
    assert res.status_code == 200
    assert res.json["phone_bound"] is True and res.json["phone_masked"] == "138****8000"
    raw = db_session.execute(text("SELECT phone_enc, phone_bidx FROM users WHERE public_id = :p"),
                             {"p": who.user_id}).one()
    assert "13800138000" not in raw.phone_enc and raw.phone_enc.startswith("v1.")
    assert len(raw.phone_bidx) == 64 and "13800138000" not in raw.phone_bidx


def test_every_phone_format_normalises_to_the_same_number(client, wx, login, app):
    who = login()
    assert _bind(client, who, code=wx.phone_code(who.openid, "13800138000")).status_code == 200
    # The same number in another format is the same phone: idempotent, not a conflict.
    again = _bind(client, who, code=wx.phone_code(who.openid, "+86 138 0013 8000"))
    assert again.status_code == 200 and again.json["phone_masked"] == "138****8000"


def test_a_phone_bound_to_another_account_is_refused(client, wx, login, db_session):
    owner = login(phone="13900139000")
    other = login()
    res = _bind(client, other, code=wx.phone_code(other.openid, "139-0013-9000"))
    assert res.status_code == 409 and res.json["reason"] == "phone_already_bound"
    assert db_session.scalar(select(User.phone_bidx).where(User.public_id == other.user_id)) is None
    assert owner.user_id != other.user_id


def test_the_legacy_encrypted_payload_is_decrypted_with_the_stored_session_key(client, wx, login):
    who = login()
    payload = wx.encrypted_phone(who.openid, "13700137000")
    res = _bind(client, who, encrypted_data=payload["encryptedData"], iv=payload["iv"])
    assert res.status_code == 200 and res.json["phone_masked"] == "137****7000"


def test_a_legacy_payload_watermarked_for_another_app_is_refused(client, wx, login):
    who = login()
    payload = wx.encrypted_phone(who.openid, "13700137000", appid="wx0000000000000bad")
    res = _bind(client, who, encrypted_data=payload["encryptedData"], iv=payload["iv"])
    assert res.status_code == 400 and res.json["reason"] == "phone_payload_invalid"


def test_a_legacy_payload_under_a_rotated_session_key_is_refused(client, wx, login):
    who = login()
    payload = wx.encrypted_phone(who.openid, "13700137000")
    wx.login_code(who.openid)  # a new wx.login issues a code with a new session_key...
    code, _ = wx.login_code(who.openid)
    client.post("/api/v1/auth/login", json={"code": code})  # ...which our server now holds
    res = _bind(client, who, encrypted_data=payload["encryptedData"], iv=payload["iv"])
    assert res.status_code == 400 and res.json["reason"] == "phone_payload_invalid"


def test_a_phone_code_works_once(client, wx, login):
    who = login()
    code = wx.phone_code(who.openid, "13800138000")
    assert _bind(client, who, code=code).status_code == 200
    res = _bind(client, who, code=code)
    assert res.status_code == 401 and res.json["reason"] == "wechat_code_invalid"


def test_a_phone_code_issued_to_someone_else_is_refused(client, wx, login):
    who, stranger = login(), login()
    res = _bind(client, who, code=wx.phone_code(stranger.openid, "13800138000"))
    assert res.status_code == 401 and res.json["reason"] == "wechat_code_invalid"


def test_binding_needs_the_current_agreements_first(client, wx, login):
    who = login(agree=False)
    res = _bind(client, who, code=wx.phone_code(who.openid, "13800138000"))
    assert res.status_code == 403 and res.json["reason"] == "agreement_required"
    assert set(res.json["errors"]["pending"]) == {"terms", "privacy"}


def test_the_body_must_carry_exactly_one_proof(client, login):
    who = login()
    assert _bind(client, who).status_code == 422
    assert _bind(client, who, code="x", encrypted_data="y", iv="z").status_code == 422
    res = _bind(client, who, encrypted_data="y")
    assert res.status_code == 422 and "iv" in res.json["errors"]


def test_a_retired_access_token_is_refetched_once_and_the_call_retried(client, wx, login):
    who = login()
    assert _bind(client, who, code=wx.phone_code(who.openid, "13800138000")).status_code == 200
    fetched = wx.calls("stable_token")
    assert fetched == 1  # one token, cached in Redis, served login and binding alike
    wx.expire_tokens()
    assert _bind(client, who, code=wx.phone_code(who.openid, "13900139000")).status_code == 200
    assert wx.calls("stable_token") == fetched + 1
