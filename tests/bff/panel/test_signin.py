"""Panel sign-in: password with lockout, TOTP (enrolment, replay, expiry, throttling), cookie
sessions (flags, rotation, idle and absolute timeouts), CSRF on every form."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pyotp
import time_machine
from sqlalchemy import select, update

from bff.panel.guard import COOKIE
from models import AuditEvent, Operator, OperatorSession
from models.base import utcnow
from tests.bff.panel.helpers import PASSWORD, Panel, csrf_of, make_panel_operator, operator_row


def test_password_then_totp_signs_in_and_the_cookie_is_strict_httponly_secure(app, client, db_session):
    op = make_panel_operator(app, "finance")
    panel = Panel(client)
    res = panel.password(op)
    assert res.status_code == 303 and res.headers["Location"].startswith("/admin/login/second-factor")
    cookie = res.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "Secure" in cookie and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie and "Path=/admin" in cookie
    assert client.get("/admin").status_code == 302  # half signed in: only the second factor
    panel.get("/admin/login/second-factor")
    res = panel.post("/admin/login/second-factor", {"code": op.code()})
    assert res.status_code == 303 and res.headers["Location"] == "/admin"
    page = panel.get("/admin")
    assert page.status_code == 200 and "概览" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store" and "script-src" not in page.headers["Content-Security-Policy"]
    actions = db_session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == op.public_id)).all()
    assert "operator_login" in actions


def test_each_stage_issues_a_new_cookie_so_a_planted_one_is_useless(app, client):
    op = make_panel_operator(app, "finance")
    panel = Panel(client)
    panel.get("/admin/login")
    nonce = panel.cookie()
    panel.post("/admin/login", {"username": op.username, "password": PASSWORD})
    half = panel.cookie()
    panel.get("/admin/login/second-factor")
    panel.post("/admin/login/second-factor", {"code": op.code()})
    full = panel.cookie()
    assert len({nonce, half, full}) == 3
    stale = app.test_client()
    stale.set_cookie(COOKIE, half, path="/admin")
    assert stale.get("/admin").status_code == 302  # the half session ended when the full one began


def test_a_wrong_password_is_refused_and_five_lock_the_operator_even_against_the_right_one(app, client):
    op = make_panel_operator(app, "finance")
    panel = Panel(client)
    for _ in range(5):
        res = panel.password(op, "Wrong-passw0rd!!")
        assert res.status_code == 401 and "用户名或密码错误" in res.get_data(as_text=True)
    res = panel.password(op)
    assert res.status_code == 423 and "锁定" in res.get_data(as_text=True)
    assert client.get("/admin/login/second-factor").status_code == 302  # no half session was made


def test_the_lockout_is_the_admin_apis_own(app, client):
    op = make_panel_operator(app, "finance")
    for _ in range(5):
        assert client.post("/api/admin/v1/login", json={"username": op.username, "password": "Wrong-passw0rd!!"}
                           ).status_code == 401
    assert Panel(app.test_client()).password(op).status_code == 423  # one counter for both doors


def test_a_totp_code_is_accepted_once(app, client):
    op = make_panel_operator(app, "finance")
    code = op.code()
    Panel(client).login(op, code)
    again = Panel(app.test_client())
    again.password(op)
    again.get("/admin/login/second-factor")
    res = again.post("/admin/login/second-factor", {"code": code})
    assert res.status_code == 401 and "已使用过" in res.get_data(as_text=True)
    assert again.get("/admin").status_code == 302
    # An older step is refused too, once a newer one was used.
    res = again.post("/admin/login/second-factor", {"code": op.code(-1)})
    assert res.status_code == 401


def test_an_expired_code_is_refused_and_a_drifted_one_accepted(app, client):
    op = make_panel_operator(app, "finance")
    old = pyotp.TOTP(op.secret).at(time.time() - 90)  # three steps ago: outside the ±1 step window
    panel = Panel(client)
    panel.password(op)
    panel.get("/admin/login/second-factor")
    res = panel.post("/admin/login/second-factor", {"code": old})
    assert res.status_code == 401 and "错误或已过期" in res.get_data(as_text=True)
    res = panel.post("/admin/login/second-factor", {"code": op.code(-1)})  # 30 s of clock drift
    assert res.status_code == 303


def test_wrong_codes_end_the_half_session_and_lock_codes(app, client):
    op = make_panel_operator(app, "finance")
    panel = Panel(client)
    panel.password(op)
    panel.get("/admin/login/second-factor")
    for _ in range(4):
        assert panel.post("/admin/login/second-factor", {"code": "000000"}).status_code == 401
    res = panel.post("/admin/login/second-factor", {"code": "000001"})
    assert res.status_code == 303 and "totp_locked" in res.headers["Location"]
    # A fresh password login cannot use even the right code until the lock passes.
    again = Panel(app.test_client())
    again.password(op)
    again.get("/admin/login/second-factor")
    res = again.post("/admin/login/second-factor", {"code": op.code()})
    assert res.status_code == 303 and "totp_locked" in res.headers["Location"]
    assert again.get("/admin").status_code == 302


def test_first_sign_in_enrols_totp_by_qr_code(app, client, db_session):
    op = make_panel_operator(app, "admin", enrolled=False)
    panel = Panel(client)
    panel.password(op)
    page = panel.get("/admin/login/second-factor").get_data(as_text=True)
    assert "<svg" in page and "扫描" in page
    secret = page.split('id="totp-secret">')[1].split("<")[0]
    assert operator_row(app, op.public_id).totp_enrolled_at is None
    res = panel.post("/admin/login/second-factor", {"code": pyotp.TOTP(secret).now()})
    assert res.status_code == 303
    row = operator_row(app, op.public_id)
    assert row.totp_enrolled_at is not None and secret not in (row.totp_secret_enc or "")
    actions = db_session.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == op.public_id)).all()
    assert "operator_totp_enrol" in actions


def test_the_second_factor_must_follow_the_password_quickly(app, client):
    op = make_panel_operator(app, "finance")
    panel = Panel(client)
    panel.password(op)
    panel.get("/admin/login/second-factor")
    with time_machine.travel(utcnow() + timedelta(minutes=6), tick=False):
        res = panel.post("/admin/login/second-factor", {"code": op.code()})
    assert res.status_code == 303 and res.headers["Location"].startswith("/admin/login")


def test_an_idle_session_ends_and_activity_keeps_it_alive(app, client):
    op = make_panel_operator(app, "finance")
    panel = Panel(client)
    panel.login(op)
    start = utcnow()
    for minutes in (10, 20, 30):  # each request within 15 minutes of the last
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert panel.get("/admin").status_code == 200
    with time_machine.travel(start + timedelta(minutes=46), tick=False):
        res = panel.get("/admin")
    assert res.status_code == 302 and res.headers["Location"].startswith("/admin/login")
    assert panel.get("/admin").status_code == 302  # revoked, not just late


def test_a_session_ends_after_its_maximum_age_however_active(app, client, db_session):
    op = make_panel_operator(app, "finance")
    panel = Panel(client)
    panel.login(op)
    old = utcnow() - timedelta(hours=8, minutes=1)
    with app.extensions["mirror.db"].factory.begin() as s:
        s.execute(update(OperatorSession).where(OperatorSession.revoked_at.is_(None)).values(created_at=old))
    assert panel.get("/admin").status_code == 302


def test_logout_ends_the_session(app, client, db_session):
    op = make_panel_operator(app, "finance")
    panel = Panel(client)
    panel.login(op)
    token = panel.cookie()
    assert panel.post("/admin/logout").status_code == 303
    replay = app.test_client()
    replay.set_cookie(COOKIE, token, path="/admin")
    assert replay.get("/admin").status_code == 302


def test_a_disabled_operator_is_signed_out_at_once(app, client):
    op = make_panel_operator(app, "finance")
    panel = Panel(client)
    panel.login(op)
    with app.extensions["mirror.db"].factory.begin() as s:
        s.execute(update(Operator).where(Operator.public_id == op.public_id).values(disabled_at=utcnow()))
    assert panel.get("/admin").status_code == 302


def test_forms_without_the_right_csrf_token_are_refused_and_change_nothing(app, client, db_session):
    op = make_panel_operator(app, "admin")
    panel = Panel(client)
    panel.login(op)
    start = date.today() + timedelta(days=30)  # a window the batch rules accept (ends within 3 years)
    form = {"plan_code": "vip_month", "quantity": "1", "valid_from": start.isoformat(),
            "valid_until": (start + timedelta(days=31)).isoformat(), "channel_note": "渠道"}
    other = Panel(app.test_client())
    other.login(make_panel_operator(app, "admin"))
    for token in ("", "0" * 64, other.csrf, panel.csrf.upper()):
        assert panel.post("/admin/activation-batches", form, csrf=token).status_code == 400
    res = client.post("/admin/activation-batches", data=form)  # no token field at all
    assert res.status_code == 400
    from models import ActivationBatch

    assert db_session.scalars(select(ActivationBatch)).all() == []
    assert panel.post("/admin/activation-batches", form).status_code == 303
    assert len(db_session.scalars(select(ActivationBatch)).all()) == 1


def test_the_login_form_is_csrf_protected_too(app, client):
    op = make_panel_operator(app, "finance")
    client.get("/admin/login")
    res = client.post("/admin/login", data={"username": op.username, "password": PASSWORD, "csrf_token": "f" * 64})
    assert res.status_code == 303 and "expired=1" in res.headers["Location"]
    assert client.get("/admin/login/second-factor").status_code == 302  # no half session was made


def test_next_never_leaves_the_panel(app, client):
    op = make_panel_operator(app, "finance")
    panel = Panel(client)
    panel.get("/admin/login?next=https://evil.example/")
    res = panel.post("/admin/login?next=https://evil.example/", {"username": op.username, "password": PASSWORD})
    assert "evil" not in res.headers["Location"]
    panel.get("/admin/login/second-factor")
    res = panel.post("/admin/login/second-factor?next=//evil.example/admin", {"code": op.code()})
    assert res.headers["Location"] == "/admin"
    res = Panel(app.test_client()).get("/admin/orders?status=paid")
    assert res.headers["Location"] == "/admin/login?next=/admin/orders?status%3Dpaid"


def test_old_scrypt_passwords_are_rehashed_to_argon2id_on_sign_in(app, client):
    import base64
    import hashlib
    import secrets

    op = make_panel_operator(app, "finance")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    old = f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    with app.extensions["mirror.db"].factory.begin() as s:
        s.execute(update(Operator).where(Operator.public_id == op.public_id).values(password_hash=old))
    Panel(client).login(op)
    assert operator_row(app, op.public_id).password_hash.startswith("$argon2id$")


def test_csrf_tokens_are_bound_to_the_session(app, client):
    op = make_panel_operator(app, "finance")
    panel = Panel(client)
    panel.login(op)
    first = csrf_of(panel.get("/admin/orders").get_data(as_text=True))
    assert first == csrf_of(panel.get("/admin/refunds").get_data(as_text=True))  # stable within a session
    panel.post("/admin/logout")
    panel.login(op, op.code(1))
    second = csrf_of(panel.get("/admin/orders").get_data(as_text=True))
    assert second != first
    assert panel.post("/admin/alerts/x.y/acknowledge", {"note": "说明"}, csrf=first).status_code == 400


def test_one_code_sent_twice_at_the_same_moment_signs_in_once(app):
    import threading

    for _round in range(8):
        op = make_panel_operator(app, "finance")
        code = op.code()
        panels = [Panel(app.test_client()) for _ in range(2)]
        for p in panels:
            p.password(op)
            p.get("/admin/login/second-factor")
        barrier = threading.Barrier(2)
        answers: list[int] = []

        def submit(p: Panel, barrier: threading.Barrier, answers: list[int], code: str) -> None:
            barrier.wait()
            answers.append(p.post("/admin/login/second-factor", {"code": code}).status_code)

        threads = [threading.Thread(target=submit, args=(p, barrier, answers, code)) for p in panels]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(answers) == [303, 401], answers
        assert sorted(p.get("/admin").status_code for p in panels) == [200, 302]


def test_the_admin_api_asks_an_enrolled_operator_for_the_totp_code_too(app, client):
    op = make_panel_operator(app, "finance")
    url = "/api/admin/v1/login"
    res = client.post(url, json={"username": op.username, "password": PASSWORD})
    assert res.status_code == 401 and res.json["reason"] == "totp_required"
    res = client.post(url, json={"username": op.username, "password": PASSWORD, "totp_code": "123456"})
    assert res.status_code == 401 and res.json["reason"] == "totp_invalid"
    code = op.code()
    res = client.post(url, json={"username": op.username, "password": PASSWORD, "totp_code": code})
    assert res.status_code == 200 and res.json["access_token"]
    res = client.post(url, json={"username": op.username, "password": PASSWORD, "totp_code": code})
    assert res.status_code == 401 and res.json["reason"] == "totp_replayed"  # the same code, once only
    panel = Panel(app.test_client())
    panel.password(op)
    panel.get("/admin/login/second-factor")
    assert panel.post("/admin/login/second-factor", {"code": code}).status_code == 401  # nor in the panel


def test_wrong_codes_at_the_admin_api_lock_the_second_factor(app, client):
    op = make_panel_operator(app, "finance")
    url = "/api/admin/v1/login"
    for _ in range(4):
        res = client.post(url, json={"username": op.username, "password": PASSWORD, "totp_code": "000000"})
        assert res.status_code == 401
    res = client.post(url, json={"username": op.username, "password": PASSWORD, "totp_code": "000000"})
    assert res.status_code == 423 and res.json["reason"] == "totp_locked"
    res = client.post(url, json={"username": op.username, "password": PASSWORD, "totp_code": op.code()})
    assert res.status_code == 423


def test_sign_in_forms_are_rate_limited_per_address(make_app):
    app = make_app(login_rate_limit="3/minute")
    op = make_panel_operator(app, "finance")
    panel = Panel(app.test_client())
    for _ in range(3):
        assert panel.password(op, "Wrong-passw0rd!!").status_code == 401
    assert panel.password(op).status_code == 429
