"""A store with a client file, a consultant who asks for consent and a client who signs in WeChat.

Signatures are drawn with OpenCV and uploaded to the OSS emulator with a real PostObject.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import pytest
import requests
from flask.testing import FlaskClient
from sqlalchemy import select

from bff.consent.templates import template_sha256
from models import ConsentTemplate

FACE = "facial_skin_imaging"
PRIVATE = "private_health_imaging"
CLIENT_PHONE = "13700137000"


def signature_png(text: str = "Zhang San") -> bytes:
    """A handwritten-looking signature: a white canvas with a few strokes."""
    canvas = np.full((160, 480, 3), 255, np.uint8)
    points = np.array([[20 + i * 11, 100 + int(25 * np.sin(i / 3))] for i in range(40)], np.int32)
    cv2.polylines(canvas, [points], False, (20, 20, 20), 3)
    cv2.putText(canvas, text, (40, 70), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.6, (10, 10, 10), 2)
    ok, buf = cv2.imencode(".png", canvas)
    assert ok
    return buf.tobytes()


def post_object(form: dict[str, Any], data: bytes, content_type: str = "image/png") -> requests.Response:
    """What wx.uploadFile does: the signed fields, then the file last."""
    return requests.post(form["upload_url"], data=form["form_data"], timeout=10,
                         files={form["file_field"]: ("signature.png", data, content_type)})


@dataclass
class Shop:
    client: FlaskClient
    owner: Any
    staff: Any
    store_id: str
    client_id: str
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"/api/v1/stores/{self.store_id}/clients/{self.client_id}"

    def add_client(self, **fields: Any) -> str:
        res = self.client.post(f"/api/v1/stores/{self.store_id}/clients", headers=self.staff.headers,
                               json={"name": "李四"} | fields)
        assert res.status_code == 201, res.json
        return res.json["id"]

    def ask(self, scopes: list[str] | None = None, *, code: str = FACE, client_id: str | None = None,
            headers: dict[str, str] | None = None, expect: int = 201) -> dict[str, Any]:
        template = self.templates[code]
        base = f"/api/v1/stores/{self.store_id}/clients/{client_id or self.client_id}"
        res = self.client.post(f"{base}/consent-requests", headers=headers or self.staff.headers,
                               json={"template_id": template["id"], "scopes": scopes or ["capture", "analysis"]})
        assert res.status_code == expect, res.json
        return res.json

    def consents(self, client_id: str | None = None) -> dict[str, Any]:
        base = f"/api/v1/stores/{self.store_id}/clients/{client_id or self.client_id}"
        res = self.client.get(f"{base}/consents", headers=self.staff.headers)
        assert res.status_code == 200, res.json
        return res.json


@pytest.fixture
def shop(client, consultant, store_of, join) -> Shop:
    owner, staff = consultant(), consultant()
    store_id = store_of(owner)
    join(owner, store_id, staff)
    res = client.post(f"/api/v1/stores/{store_id}/clients", headers=staff.headers,
                      json={"name": "张三丰", "phone": CLIENT_PHONE, "birth_date": "1990-05-01"})
    assert res.status_code == 201, res.json
    out = Shop(client, owner, staff, store_id, res.json["id"])
    listed = client.get("/api/v1/consent-templates", headers=staff.headers)
    assert listed.status_code == 200, listed.json
    out.templates = {t["code"]: t for t in listed.json["templates"]}
    return out


@dataclass
class Signer:
    """The client in WeChat: scans, reads, uploads a signature and signs."""

    client: FlaskClient
    who: Any

    @property
    def headers(self) -> dict[str, str]:
        return self.who.headers

    def view(self, scene: str, expect: int = 200) -> dict[str, Any]:
        res = self.client.get(f"/api/v1/consent-requests/by-scene/{scene}", headers=self.headers)
        assert res.status_code == expect, res.json
        return res.json

    def upload_form(self, request_id: str, expect: int = 201) -> dict[str, Any]:
        res = self.client.post(f"/api/v1/consent-requests/{request_id}/signature-upload", headers=self.headers)
        assert res.status_code == expect, res.json
        return res.json

    def upload(self, request_id: str, data: bytes | None = None) -> str:
        form = self.upload_form(request_id)
        res = post_object(form, signature_png() if data is None else data)
        # 200 with the app's reply, or 203 if the callback did not get through: the object is stored either way.
        assert res.status_code in (200, 203), res.text
        return form["ticket_id"]

    def sign(self, request_id: str, *, ticket: str, sha256: str, decisions: dict[str, bool],
             guardian: dict[str, str] | None = None, expect: int = 201) -> dict[str, Any]:
        body: dict[str, Any] = {"template_sha256": sha256, "signature_ticket_id": ticket,
                                "scopes_agreed": [{"scope": k, "agreed": v} for k, v in decisions.items()]}
        if guardian is not None:
            body["guardian"] = guardian
        res = self.client.post(f"/api/v1/consent-requests/{request_id}/sign", headers=self.headers, json=body)
        assert res.status_code == expect, res.json
        return res.json

    def sign_request(self, asked: dict[str, Any], *, agree: dict[str, bool] | None = None,
                     guardian: dict[str, str] | None = None) -> dict[str, Any]:
        """Scan → read (checking the hash of the text shown) → upload → sign, agreeing to everything asked."""
        shown = self.view(asked["scene"])
        t = shown["template"]
        assert template_sha256(t["title"], t["body"], t["scopes"]) == t["sha256"]
        ticket = self.upload(shown["id"])
        decisions = agree or {scope: True for scope in shown["requested_scopes"]}
        return self.sign(shown["id"], ticket=ticket, sha256=t["sha256"], decisions=decisions, guardian=guardian)


@pytest.fixture
def signer(client, login) -> Signer:
    """The person of the shop's client file (same phone), logged in with agreements accepted."""
    return Signer(client, login(phone=CLIENT_PHONE))


@pytest.fixture
def make_signer(client, login):
    def do(phone: str | None = None, agree: bool = True) -> Signer:
        return Signer(client, login(phone=phone, agree=agree))

    return do


@pytest.fixture
def template_row(app):
    def do(code: str) -> ConsentTemplate:
        with app.extensions["mirror.db"].factory() as session:
            return session.scalars(select(ConsentTemplate).where(ConsentTemplate.code == code)
                                   .order_by(ConsentTemplate.version.desc())).first()

    return do
