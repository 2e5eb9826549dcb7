"""A mini-program user, simulated: WeChat client calls go to the sandbox's stand-ins for
wx.login and the getPhoneNumber button, and everything else goes to the app over HTTP."""

from __future__ import annotations

import hashlib

import requests

from miniprogram_contract.client import MirrorClient, Profile


class MiniProgram:
    def __init__(self, app_url: str, sandbox_url: str, *, openid: str | None = None,
                 unionid: str | None = None, timeout: float = 10) -> None:
        self.http = requests.Session()
        self.api = MirrorClient(app_url, self.http, timeout)
        self.sandbox_url = sandbox_url.rstrip("/")
        self.openid = openid
        self.unionid = unionid
        self.timeout = timeout
        self.refresh_token: str | None = None

    def _sandbox(self, path: str, body: dict) -> dict:
        res = self.http.post(f"{self.sandbox_url}/control/wechat/{path}", json=body, timeout=self.timeout)
        res.raise_for_status()
        return res.json()

    # What the WeChat client would hand the mini-program.
    def wx_login(self) -> str:
        body = {k: v for k, v in {"openid": self.openid, "unionid": self.unionid}.items() if v}
        out = self._sandbox("login", body)
        self.openid = out["openid"]
        return out["code"]

    def wx_phone_code(self, phone: str) -> str:
        return self._sandbox("phone-code", {"openid": self.openid, "phone": phone})["code"]

    def wx_encrypted_phone(self, phone: str, appid: str | None = None) -> dict:
        body = {"openid": self.openid, "phone": phone, **({"appid": appid} if appid else {})}
        return self._sandbox("encrypted-phone", body)

    # Flows of the mini-program's pages.
    def login(self) -> dict:
        out = self.api.auth_login(self.wx_login())
        self.refresh_token = out["tokens"]["refresh_token"]
        return dict(out)

    def accept_agreements(self) -> None:
        documents = [self.api.agreements_get(d["kind"]) for d in self.api.agreements_list()]
        for doc in documents:  # the user is shown exactly this text; its hash must match
            assert hashlib.sha256(doc["body"].encode()).hexdigest() == doc["sha256"]
        self.api.me_agreements_accept(documents)

    def bind_phone(self, phone: str) -> Profile:
        return self.api.me_bind_phone(code=self.wx_phone_code(phone))

    def register_consultant(self, **overrides: object) -> Profile:
        fields = {
            "display_name": "林顾问", "industry": "beauty_consulting", "store_name": "美学镜体验店",
            "store_city": "杭州", "store_address": "西湖区文三路 100 号", "adult_attested": True,
        }
        fields.update(overrides)
        return self.api.me_register_consultant(**fields)

    def profile(self) -> Profile:
        return self.api.me_get()

    def onboard(self, phone: str) -> Profile:
        """login → accept agreements → bind phone → read profile."""
        self.login()
        self.accept_agreements()
        self.bind_phone(phone)
        return self.profile()
