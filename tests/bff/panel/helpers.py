"""Operators with TOTP, and a test client that signs in to the panel like a browser does."""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bff.admin.auth import create_operator
from bff.panel.guard import COOKIE
from bff.security.fields import aad_for
from models import Operator
from models.base import utcnow

PASSWORD = "Corr3ct-Horse-Battery"
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@dataclass
class PanelOp:
    username: str
    public_id: str
    secret: str

    def code(self, offset_steps: int = 0) -> str:
        return pyotp.TOTP(self.secret).at(time.time() + 30 * offset_steps)


def make_panel_operator(app: Flask, *roles: str, enrolled: bool = True, username: str | None = None) -> PanelOp:
    username = username or "op-" + secrets.token_hex(4)
    secret = pyotp.random_base32()
    with app.app_context(), app.extensions["mirror.db"].factory.begin() as session:
        op = create_operator(session, username, PASSWORD, roles)
        if enrolled:
            cipher = app.extensions["mirror.deps"].cipher
            op.totp_secret_enc = cipher.encrypt(secret, aad_for("operators", "totp_secret", op.public_id))
            op.totp_enrolled_at = utcnow()
        public_id = op.public_id
    return PanelOp(username, public_id, secret)


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


class Panel:
    """A browser-like client: keeps the panel cookie and the last page's CSRF token."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.csrf = ""

    def get(self, path: str, **kw):  # type: ignore[no-untyped-def]
        res = self.client.get(path, **kw)
        html = res.get_data(as_text=True)
        if res.status_code == 200 and 'name="csrf_token"' in html:
            self.csrf = csrf_of(html)
        return res

    def post(self, path: str, data: dict[str, str] | None = None, *, csrf: str | None = None, **kw):  # type: ignore[no-untyped-def]
        form = dict(data or {})
        form["csrf_token"] = self.csrf if csrf is None else csrf
        return self.client.post(path, data=form, **kw)

    def password(self, op: PanelOp, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        self.get("/admin/login")
        return self.post("/admin/login", {"username": op.username, "password": password})

    def login(self, op: PanelOp, code: str | None = None):  # type: ignore[no-untyped-def]
        res = self.password(op)
        assert res.status_code == 303, res.get_data(as_text=True)
        self.get("/admin/login/second-factor")
        res = self.post("/admin/login/second-factor", {"code": code or op.code()})
        assert res.status_code == 303, res.get_data(as_text=True)
        self.get("/admin")
        return res

    def cookie(self) -> str | None:
        found = self.client.get_cookie(COOKIE, path="/admin")
        return found.value if found else None


def operator_row(app: Flask, public_id: str) -> Operator:
    with app.extensions["mirror.db"].factory() as session:
        row = session.scalar(select(Operator).where(Operator.public_id == public_id))
        assert row is not None
        session.expunge(row)
        return row
