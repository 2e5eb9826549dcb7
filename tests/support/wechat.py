"""Helpers that play the WeChat client (via the sandbox) and log users in through the app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from tests.support.services import LiveServer


class WechatSandbox:
    def __init__(self, base_url: str) -> None:
        self.base = base_url

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        res = requests.post(f"{self.base}/control/wechat/{path}", json=body, timeout=5)
        res.raise_for_status()
        return res.json()

    def login_code(self, openid: str | None = None, unionid: str | None = None) -> tuple[str, str]:
        body = {k: v for k, v in {"openid": openid, "unionid": unionid}.items() if v}
        out = self._post("login", body)
        return out["code"], out["openid"]

    def phone_code(self, openid: str, phone: str) -> str:
        return self._post("phone-code", {"openid": openid, "phone": phone})["code"]

    def encrypted_phone(self, openid: str, phone: str, appid: str | None = None) -> dict[str, str]:
        return self._post("encrypted-phone", {"openid": openid, "phone": phone, **({"appid": appid} if appid else {})})

    def fault(self, api: str, **kwargs: Any) -> None:
        self._post("faults", {"api": api, **kwargs})

    def subscribe(self, openid: str, template_id: str, count: int = 1) -> None:
        self._post("subscribe", {"openid": openid, "template_id": template_id, "count": count})

    def messages(self, openid: str) -> list[dict[str, Any]]:
        res = requests.get(f"{self.base}/control/wechat/messages", params={"openid": openid}, timeout=5)
        return res.json()["messages"]

    def calls(self, api: str) -> int:
        return requests.get(f"{self.base}/control/wechat/calls", params={"api": api}, timeout=5).json()["count"]

    def user(self, openid: str) -> dict[str, Any]:
        return requests.get(f"{self.base}/control/wechat/users/{openid}", timeout=5).json()

    def expire_tokens(self) -> None:
        self._post("expire-tokens", {})

    def advance_clock(self, seconds: float) -> None:
        requests.post(f"{self.base}/control/clock", json={"advance": seconds}, timeout=5).raise_for_status()


@pytest.fixture
def wx(sandbox_server: LiveServer, app: Flask) -> WechatSandbox:
    return WechatSandbox(sandbox_server.url)


@dataclass
class LoggedIn:
    user_id: str
    openid: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def accept_agreements(client: FlaskClient, headers: dict[str, str]) -> None:
    docs = client.get("/api/v1/agreements").json["documents"]
    accepted = [{"kind": d["kind"], "version": d["version"], "sha256": d["sha256"]} for d in docs]
    res = client.post("/api/v1/me/agreements", json={"accepted": accepted}, headers=headers)
    assert res.status_code == 200, res.json


@pytest.fixture
def login(client: FlaskClient, wx: WechatSandbox):  # type: ignore[no-untyped-def]
    """Log a WeChat user in through the real flow; optionally accept agreements and bind a phone."""

    def do(openid: str | None = None, *, unionid: str | None = None, agree: bool = True,
           phone: str | None = None) -> LoggedIn:
        code, openid = wx.login_code(openid, unionid)
        res = client.post("/api/v1/auth/login", json={"code": code})
        assert res.status_code == 200, res.json
        tokens = res.json["tokens"]
        who = LoggedIn(res.json["user_id"], openid, tokens["access_token"], tokens["refresh_token"])
        if agree:
            accept_agreements(client, who.headers)
        if phone:
            bind = client.post("/api/v1/me/phone", json={"code": wx.phone_code(openid, phone)}, headers=who.headers)
            assert bind.status_code == 200, bind.json
        return who

    return do


CONSULTANT = {
    "display_name": "林顾问", "industry": "beauty_consulting", "store_name": "美学镜体验店",
    "store_city": "杭州", "store_address": "西湖区文三路 100 号", "adult_attested": True,
}


@pytest.fixture
def consultant(client: FlaskClient, login):  # type: ignore[no-untyped-def]
    """A registered consultant (agreements accepted, phone bound)."""
    counter = iter(range(10_000_000, 99_999_999, 7919))

    def do(phone: str | None = None, **fields: Any) -> LoggedIn:
        who = login(phone=phone or f"139{next(counter):08d}")
        res = client.post("/api/v1/me/consultant", json=CONSULTANT | fields, headers=who.headers)
        assert res.status_code == 201, res.json
        return who

    return do


@pytest.fixture
def store_of(client: FlaskClient):  # type: ignore[no-untyped-def]
    """Create a store owned by the given consultant; returns its public id."""

    def do(owner: LoggedIn, name: str = "美学镜·西湖店") -> str:
        res = client.post("/api/v1/stores", headers=owner.headers,
                          json={"name": name, "address": "杭州市西湖区", "business_category": "beauty_salon"})
        assert res.status_code == 201, res.json
        return res.json["id"]

    return do


@pytest.fixture
def join(client: FlaskClient):  # type: ignore[no-untyped-def]
    """Invite a consultant into a store as staff (owner invites, staff accepts by code)."""

    def do(owner: LoggedIn, store_id: str, staff: LoggedIn) -> None:
        inv = client.post(f"/api/v1/stores/{store_id}/invitations", headers=owner.headers)
        assert inv.status_code == 201, inv.json
        res = client.post("/api/v1/invitations/accept", json={"code": inv.json["invite_code"]}, headers=staff.headers)
        assert res.status_code == 200, res.json

    return do
