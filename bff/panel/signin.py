"""Sign-in: ``/admin/login`` (password, through the admin API's lockout), then
``/admin/login/second-factor`` (TOTP; enrolment by QR code the first time); ``/admin/logout``."""

from __future__ import annotations

from typing import Any

from flask import g, make_response, redirect, render_template, request, url_for

from bff.admin import auth
from bff.db import session as db
from bff.deps import deps
from bff.limiter import limiter, setting
from bff.panel import forms, guard, sessions
from bff.panel.web import audited, back, bp


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(setting("login_rate_limit"), methods=["POST"])
def login() -> Any:
    current = g.panel_current
    if current is not None and current.session.stage == sessions.FULL:
        return redirect(url_for("panel.dashboard"), 303 if request.method == "POST" else 302)
    values, errors = ({}, {}) if request.method == "GET" else forms.parse(forms.LoginForm, request.form)
    message, status = ("页面已过期，请重新登录。" if request.args.get("expired") else None), 200
    if request.method == "POST" and not errors:
        try:
            operator, _token, _exp = auth.login(values["username"], values["password"])
        except (auth.OperatorLoginFailed, auth.OperatorLocked, auth.OperatorDisabled) as exc:
            message, status = exc.message, exc.status
        else:
            sessions.rehash_if_needed(operator, values["password"])
            if current is not None:
                sessions.end(db(), current)
            token, _stage = sessions.start(db(), operator, deps().cipher)
            target = url_for("panel.second_factor", next=guard.safe_next(request.args.get("next")))
            return guard.set_cookie(redirect(target, 303), token)
    elif errors:
        message, status = "请输入用户名和密码。", 400
    if not guard.cookie_value():  # a nonce the login form's CSRF token is bound to
        g.panel_new_cookie = sessions.new_token()
    response = make_response(render_template("panel/login.html", message=message), status)
    if g.get("panel_new_cookie"):
        guard.set_cookie(response, g.panel_new_cookie)
    return response


@bp.route("/login/second-factor", methods=["GET", "POST"])
@limiter.limit(setting("login_rate_limit"), methods=["POST"])
def second_factor() -> Any:
    current = g.panel_current
    if current.session.stage == sessions.FULL:
        return redirect(url_for("panel.dashboard"), 303 if request.method == "POST" else 302)
    operator, cipher = current.operator, deps().cipher
    message, status = None, 200
    if request.method == "POST":
        values, errors = forms.parse(forms.CodeForm, request.form)
        try:
            if errors:
                raise sessions.TotpInvalid()
            enrolling = operator.totp_enrolled_at is None
            sessions.verify_code(db(), operator, values["code"], cipher=cipher, redis=deps().redis,
                                 settings=deps().settings)
        except sessions.TotpLocked as exc:
            sessions.end(db(), current)  # committed with the redirect: sign in again after the lock
            return guard.clear_cookie(back("panel.login", error=exc.reason))
        except (sessions.TotpInvalid, sessions.TotpReplayed) as exc:
            message, status = exc.message, exc.status
        else:
            token = sessions.promote(db(), current)
            if enrolling:
                audited("operator_totp_enrol", "operator", operator.public_id, actor_id=operator.public_id)
            audited("operator_login", "operator", operator.public_id, actor_id=operator.public_id)
            target = guard.safe_next(request.args.get("next"))
            return guard.set_cookie(redirect(target, 303), token)
    enrol = None
    if current.session.stage == sessions.ENROL:
        uri = sessions.provisioning_uri(operator, cipher, deps().settings.admin_totp_issuer)
        enrol = {"svg": sessions.qr_svg(uri), "secret": sessions.secret_of(operator, cipher)}
    return render_template("panel/second_factor.html", enrol=enrol, message=message), status


@bp.post("/logout")
def logout() -> Any:
    current = g.panel_current
    sessions.end(db(), current)
    if current.session.stage == sessions.FULL:
        audited("operator_logout", "operator", current.operator.public_id, actor_id=current.operator.public_id)
    return guard.clear_cookie(back("panel.login"))

