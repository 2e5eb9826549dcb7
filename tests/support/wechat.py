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
