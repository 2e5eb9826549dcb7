"""A store with a client file, and the moves of a capture: session, policy, PostObject, callback, job."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from sqlalchemy import select

from models import Image, UploadTicket
from tests.support.app import OSS_PUB_KEY_URL
from tests.support.wechat import LoggedIn

SESSION = {"device_kind": "phone_camera", "device": {"camera_model": "iPhone 15 Pro"}, "light_mode": "standard",
           "settings": {"exposure": "1/125s f/1.8 ISO100", "white_balance": "5500K", "resolution": "4032x3024"},
           "protocol": "face_standard_5"}
CALLBACK_KEY = Path(__file__).resolve().parents[3] / "sandbox/oss/keys/callback_private_key.pem"


@dataclass
class Shop:
    owner: LoggedIn
    store_id: str
    client_id: str


class Capture:
    def __init__(self, client, sandbox_url: str, db_session, grant_consent) -> None:  # type: ignore[no-untyped-def]
        self.client, self.sandbox_url, self.db, self.grant = client, sandbox_url, db_session, grant_consent

    def add_client(self, shop: Shop, **fields: Any) -> str:
        res = self.client.post(f"/api/v1/stores/{shop.store_id}/clients", headers=shop.owner.headers,
                               json={"name": "王小美", "phone": "13800001111"} | fields)
        assert res.status_code == 201, res.json
        return res.json["id"]

    def start(self, shop: Shop, client_id: str | None = None, who: LoggedIn | None = None, **overrides: Any):  # type: ignore[no-untyped-def]
        url = f"/api/v1/stores/{shop.store_id}/clients/{client_id or shop.client_id}/capture-sessions"
        return self.client.post(url, json=SESSION | overrides, headers=(who or shop.owner).headers)

    def session(self, shop: Shop, client_id: str | None = None) -> str:
        """A running session (granting capture consent first)."""
        self.grant(shop.store_id, client_id or shop.client_id, ["capture"])
        res = self.start(shop, client_id)
        assert res.status_code == 201, res.json
        return res.json["id"]

    def policy(self, shop: Shop, session_id: str, *, view: str = "face_front", content_type: str = "image/jpeg",
               client_id: str | None = None, who: LoggedIn | None = None):  # type: ignore[no-untyped-def]
        body = {"client_id": client_id or shop.client_id, "session_id": session_id, "view": view,
                "content_type": content_type}
        return self.client.post(f"/api/v1/stores/{shop.store_id}/uploads", json=body,
                                headers=(who or shop.owner).headers)

    def form(self, shop: Shop, session_id: str | None = None, **kwargs: Any) -> dict[str, Any]:
        res = self.policy(shop, session_id or self.session(shop), **kwargs)
        assert res.status_code == 201, res.json
        return res.json

    @staticmethod
    def upload(form: dict[str, Any], data: bytes, **field_overrides: str) -> requests.Response:
        """What wx.uploadFile does: multipart POST of formData, the file last."""
        fields = form["form_data"] | field_overrides
        return requests.post(form["upload_url"], data=fields, timeout=20,
                             files={form["file_field"]: ("photo", data, form["content_type"])})

    def stored(self, key: str) -> bytes | None:
        res = requests.get(f"{self.sandbox_url}/control/oss/objects/mirror-dev/{key}", timeout=5)
        return res.content if res.status_code == 200 else None

    def callbacks(self) -> list[dict[str, Any]]:
        return requests.get(f"{self.sandbox_url}/control/oss/callbacks", timeout=5).json()["callbacks"]

    def fault(self, mode: str, **kwargs: Any) -> None:
        requests.post(f"{self.sandbox_url}/control/oss/faults", json={"mode": mode, **kwargs},
                      timeout=5).raise_for_status()

    def advance_clock(self, seconds: float) -> None:
        requests.post(f"{self.sandbox_url}/control/clock", json={"advance": seconds}, timeout=5).raise_for_status()

    def images(self) -> list[Image]:
        self.db.rollback()  # a fresh snapshot: the app committed in its own connection
        return list(self.db.scalars(select(Image).order_by(Image.id)))

    def ticket(self, ticket_id: str) -> UploadTicket:
        self.db.rollback()
        return self.db.scalars(select(UploadTicket).where(UploadTicket.public_id == ticket_id)).one()


@pytest.fixture
def shop(client, consultant, store_of) -> Shop:  # type: ignore[no-untyped-def]
    owner = consultant()
    store_id = store_of(owner)
    res = client.post(f"/api/v1/stores/{store_id}/clients", headers=owner.headers,
                      json={"name": "王小美", "phone": "13800001111", "birth_date": "1990-05-01"})
    assert res.status_code == 201, res.json
    return Shop(owner, store_id, res.json["id"])


@pytest.fixture
def other_shop(client, consultant, store_of) -> Shop:  # type: ignore[no-untyped-def]
    owner = consultant()
    store_id = store_of(owner, "美学镜·滨江店")
    res = client.post(f"/api/v1/stores/{store_id}/clients", headers=owner.headers, json={"name": "李四"})
    assert res.status_code == 201, res.json
    return Shop(owner, store_id, res.json["id"])


@pytest.fixture
def capture(client, sandbox_server, db_session, grant_consent) -> Capture:  # type: ignore[no-untyped-def]
    return Capture(client, sandbox_server.url, db_session, grant_consent)


def sign_callback(path: str, body: bytes) -> dict[str, str]:
    """Headers OSS would send: signed with the sandbox's callback key (as the emulator signs)."""
    key = serialization.load_pem_private_key(CALLBACK_KEY.read_bytes(), None)
    signature = key.sign(path.encode() + b"\n" + body, PKCS1v15(), hashes.MD5())  # type: ignore[union-attr,call-arg]
    return {"Authorization": base64.b64encode(signature).decode(),
            "x-oss-pub-key-url": base64.b64encode(OSS_PUB_KEY_URL.encode()).decode(),
            "Content-Type": "application/x-www-form-urlencoded"}


def callback_body(**fields: str) -> bytes:
    from urllib.parse import urlencode

    return urlencode(fields).encode()


def decode_policy(form: dict[str, Any]) -> dict[str, Any]:
    return json.loads(base64.b64decode(form["form_data"]["policy"]))
