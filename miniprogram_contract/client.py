"""Typed client of the BFF API: one method per operationId (a test keeps them in step)."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

import requests


class ApiError(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status} {body.get('reason')}: {body.get('message')}")
        self.status = status
        self.reason: str | None = body.get("reason")
        self.body = body


class TokenPair(TypedDict):
    token_type: str
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_expires_in: int


class LoginOut(TypedDict):
    user_id: str
    is_new_user: bool
    tokens: TokenPair


class DocumentSummary(TypedDict):
    kind: str
    version: str
    title: str
    sha256: str
    published_at: str
    body: NotRequired[str]


class Consultant(TypedDict):
    display_name: str
    industry: str
    store_name: str
    store_city: str
    store_address: str
    registered_at: str


class Profile(TypedDict):
    user_id: str
    phone_masked: str | None
    phone_bound: bool
    pending_agreements: list[str]
    consultant: Consultant | None
    created_at: str


class MirrorClient:
    def __init__(self, base_url: str, http: requests.Session | None = None, timeout: float = 10) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = http or requests.Session()
        self.timeout = timeout
        self.access_token: str | None = None

    def _call(self, method: str, path: str, json: Any = None, auth: bool = True) -> Any:
        headers = {"Authorization": f"Bearer {self.access_token}"} if auth and self.access_token else {}
        res = self.http.request(method, self.base_url + path, json=json, headers=headers, timeout=self.timeout)
        if res.status_code >= 400:
            raise ApiError(res.status_code, res.json())
        return res.json() if res.content else None

    # auth
    def auth_login(self, code: str) -> LoginOut:
        out: LoginOut = self._call("POST", "/api/v1/auth/login", {"code": code}, auth=False)
        self.access_token = out["tokens"]["access_token"]
        return out

    def auth_refresh(self, refresh_token: str) -> TokenPair:
        out: TokenPair = self._call("POST", "/api/v1/auth/refresh", {"refresh_token": refresh_token}, auth=False)
        self.access_token = out["access_token"]
        return out

    def auth_logout(self) -> None:
        self._call("POST", "/api/v1/auth/logout")

    def auth_logout_all(self) -> None:
        self._call("POST", "/api/v1/auth/logout-all")

    # me
    def me_get(self) -> Profile:
        return self._call("GET", "/api/v1/me")

    def me_bind_phone(self, *, code: str | None = None, encrypted_data: str | None = None,
                      iv: str | None = None) -> Profile:
        body = {"code": code} if code else {"encrypted_data": encrypted_data, "iv": iv}
        return self._call("POST", "/api/v1/me/phone", body)

    def me_register_consultant(self, **fields: Any) -> Profile:
        return self._call("POST", "/api/v1/me/consultant", fields)

    # agreements
    def agreements_list(self) -> list[DocumentSummary]:
        return self._call("GET", "/api/v1/agreements", auth=False)["documents"]

    def agreements_get(self, kind: str) -> DocumentSummary:
        return self._call("GET", f"/api/v1/agreements/{kind}", auth=False)

    def me_agreements_status(self) -> list[DocumentSummary]:
        return self._call("GET", "/api/v1/me/agreements")["pending"]

    def me_agreements_accept(self, documents: list[DocumentSummary]) -> list[DocumentSummary]:
        accepted = [{"kind": d["kind"], "version": d["version"], "sha256": d["sha256"]} for d in documents]
        return self._call("POST", "/api/v1/me/agreements", {"accepted": accepted})["pending"]
