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

    # Consultant flows.
    def create_store(self, name: str = "美学镜·西湖店") -> str:
        return self.api.stores_create(name=name, address="杭州市西湖区文三路 100 号",
                                      business_category="beauty_salon")["id"]

    def invite_staff(self, store_id: str) -> dict:
        """Owner: create an invitation; the QR code it shows is decoded to the scene a scan yields."""
        invitation = dict(self.api.stores_invitations_create(store_id))
        invitation["qr_png"] = self.api.stores_invitations_qrcode(store_id, invitation["invitation_id"])
        return invitation

    def scan_invitation(self, qr_png: bytes) -> dict:
        """Staff: scan the mini-program code with the camera, open the page with its scene, accept."""
        return self.api.invitations_accept(scene=scene_from_qr(qr_png))

    def add_client(self, store_id: str, **fields: object) -> dict:
        return dict(self.api.clients_create(store_id, **fields))

    def search_clients(self, store_id: str, **filters: object) -> list[dict]:
        return [dict(c) for c in self.api.clients_list(store_id, **filters)["items"]]

    # VIP purchase (WeChat Pay JSAPI; the sandbox's control route stands in for the user paying).
    def wx_request_payment(self, payment: dict, out_trade_no: str) -> dict:
        """``wx.requestPayment(payment)`` → the user confirms → ``requestPayment:ok``."""
        assert payment["signType"] == "RSA" and payment["package"].startswith("prepay_id=")
        res = self.http.post(f"{self.sandbox_url}/control/wechatpay/pay", json={"out_trade_no": out_trade_no},
                             timeout=self.timeout)
        res.raise_for_status()
        return {"errMsg": "requestPayment:ok"}

    def buy_vip(self, plan_code: str = "vip_month", *, platform: str = "android", wait: float = 10.0) -> dict:
        """Order → pay in WeChat → poll the order until the server says paid; returns ``me_vip``."""
        import time

        plans = self.api.plans_list(platform)
        assert "wechatpay_jsapi" in plans["purchase_channels"], plans["purchase_channels"]
        created = self.api.orders_create(plan_code=plan_code, platform=platform)
        order = created["order"]
        self.wx_request_payment(created["payment"], order["out_trade_no"])
        deadline = time.monotonic() + wait
        while (status := self.api.orders_get(order["id"])["status"]) == "created":
            if time.monotonic() > deadline:
                raise TimeoutError(f"order {order['id']} still unpaid after {wait}s")
            time.sleep(0.2)
        assert status == "paid", status
        return self.api.me_vip()


def scene_from_qr(png: bytes) -> str:
    """What WeChat hands the page after a scan: the ``scene`` of the decoded code."""
    from urllib.parse import parse_qs, urlparse

    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
    if not text:
        raise ValueError("no mini-program code found in the image")
    return parse_qs(urlparse(text).query)["scene"][0]
