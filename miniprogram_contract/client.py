"""Typed client of the BFF API: one method per operationId (a test keeps them in step)."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict
from urllib.parse import urlencode

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


class Store(TypedDict):
    id: str
    name: str
    address: str
    business_category: str
    my_role: str | None
    created_at: str


class ConsultantRegistered(Profile):
    store: Store  # the first store, opened by the registration


class Member(TypedDict):
    user_id: str
    display_name: str | None
    role: str
    joined_at: str


class Invitation(TypedDict):
    invitation_id: str
    scene: str
    page: str
    expires_at: str
    invite_code: NotRequired[str]


class ClientFile(TypedDict):
    id: str
    name_masked: str
    phone_masked: str | None
    birth_year: int | None
    gender: str
    tags: list[str]
    has_notes: bool
    source: str | None
    linked: bool
    deleted: bool
    created_at: str
    updated_at: str


class ClientPage(TypedDict):
    items: list[ClientFile]
    next_cursor: str | None


class AuditEvent(TypedDict):
    seq: int
    occurred_at: str
    store_id: str | None
    actor_id: str | None
    actor_role: str
    action: str
    subject_type: str
    subject_id: str
    purpose: str | None
    result: str
    request_id: str | None


class AuditPage(TypedDict):
    items: list[AuditEvent]
    next_cursor: str | None


def _query(params: dict[str, Any]) -> str:
    given = {k: v for k, v in params.items() if v is not None}
    return "?" + urlencode(given) if given else ""


class _Core:
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

    def _raw(self, path: str) -> bytes:
        res = self.http.get(self.base_url + path, headers={"Authorization": f"Bearer {self.access_token}"},
                            timeout=self.timeout)
        if res.status_code >= 400:
            raise ApiError(res.status_code, res.json())
        return res.content

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

    def me_register_consultant(self, **fields: Any) -> ConsultantRegistered:
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

    # audit
    def stores_audit_events(self, store_id: str, *, cursor: str | None = None, limit: int | None = None,
                            subject_type: str | None = None, subject_id: str | None = None,
                            action: str | None = None) -> AuditPage:
        query = {"cursor": cursor, "limit": limit, "subject_type": subject_type, "subject_id": subject_id,
                 "action": action}
        return self._call("GET", f"/api/v1/stores/{store_id}/audit-events" + _query(query))

    def me_access_history(self, *, cursor: str | None = None, limit: int | None = None) -> AuditPage:
        return self._call("GET", "/api/v1/me/access-history" + _query({"cursor": cursor, "limit": limit}))

    # stores
    def stores_list(self) -> list[Store]:
        return self._call("GET", "/api/v1/stores")["stores"]

    def stores_create(self, *, name: str, address: str, business_category: str) -> Store:
        body = {"name": name, "address": address, "business_category": business_category}
        return self._call("POST", "/api/v1/stores", body)

    def stores_get(self, store_id: str) -> Store:
        return self._call("GET", f"/api/v1/stores/{store_id}")

    def stores_members(self, store_id: str) -> list[Member]:
        return self._call("GET", f"/api/v1/stores/{store_id}/members")["members"]

    def stores_member_remove(self, store_id: str, user_id: str) -> None:
        self._call("DELETE", f"/api/v1/stores/{store_id}/members/{user_id}")

    def stores_transfer_ownership(self, store_id: str, user_id: str) -> None:
        self._call("POST", f"/api/v1/stores/{store_id}/ownership", {"user_id": user_id})

    def stores_invitations_list(self, store_id: str) -> list[Invitation]:
        return self._call("GET", f"/api/v1/stores/{store_id}/invitations")["invitations"]

    def stores_invitations_create(self, store_id: str) -> Invitation:
        return self._call("POST", f"/api/v1/stores/{store_id}/invitations")

    def stores_invitations_revoke(self, store_id: str, invitation_id: str) -> None:
        self._call("DELETE", f"/api/v1/stores/{store_id}/invitations/{invitation_id}")

    def stores_invitations_qrcode(self, store_id: str, invitation_id: str) -> bytes:
        """PNG bytes of the mini-program code."""
        return self._raw(f"/api/v1/stores/{store_id}/invitations/{invitation_id}/qrcode")

    def invitations_accept(self, *, code: str | None = None, scene: str | None = None) -> dict[str, Any]:
        return self._call("POST", "/api/v1/invitations/accept", {"code": code} if code else {"scene": scene})

    # clients
    def clients_list(self, store_id: str, *, q: str | None = None, phone: str | None = None,
                     tag: str | None = None, deleted: bool | None = None, cursor: str | None = None,
                     limit: int | None = None) -> ClientPage:
        query = {"q": q, "phone": phone, "tag": tag, "cursor": cursor, "limit": limit,
                 "deleted": None if deleted is None else str(deleted).lower()}
        return self._call("GET", f"/api/v1/stores/{store_id}/clients" + _query(query))

    def clients_create(self, store_id: str, **fields: Any) -> ClientFile:
        return self._call("POST", f"/api/v1/stores/{store_id}/clients", fields)

    def clients_get(self, store_id: str, client_id: str) -> ClientFile:
        return self._call("GET", f"/api/v1/stores/{store_id}/clients/{client_id}")

    def clients_update(self, store_id: str, client_id: str, **fields: Any) -> ClientFile:
        return self._call("PATCH", f"/api/v1/stores/{store_id}/clients/{client_id}", fields)

    def clients_delete(self, store_id: str, client_id: str) -> None:
        self._call("DELETE", f"/api/v1/stores/{store_id}/clients/{client_id}")

    def clients_restore(self, store_id: str, client_id: str) -> ClientFile:
        return self._call("POST", f"/api/v1/stores/{store_id}/clients/{client_id}/restore")

    def clients_reveal(self, store_id: str, client_id: str, *, fields: list[str], reason: str) -> dict[str, Any]:
        return self._call("POST", f"/api/v1/stores/{store_id}/clients/{client_id}/reveal",
                          {"fields": fields, "reason": reason})

    def clients_link_invitation(self, store_id: str, client_id: str) -> Invitation:
        return self._call("POST", f"/api/v1/stores/{store_id}/clients/{client_id}/link-invitation")


from miniprogram_contract.client_analyses import AnalysisMethods  # noqa: E402 - mixin needs _Core above
from miniprogram_contract.client_billing import BillingMethods  # noqa: E402
from miniprogram_contract.client_capture import CaptureMethods  # noqa: E402
from miniprogram_contract.client_consent import ConsentMethods  # noqa: E402
from miniprogram_contract.client_images import ImageMethods  # noqa: E402


class MirrorClient(AnalysisMethods, BillingMethods, ImageMethods, CaptureMethods, ConsentMethods, _Core):
    """Every mini-program operation, named by its operationId."""
