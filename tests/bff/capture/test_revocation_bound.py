"""Revocation takes effect within the bound stated in ``bff.caching``.

Users, sessions, memberships and consent grants are never cached: a disabled user, a removed
member and a withdrawn consent are refused on the very next request. The only cached gate is
the set of current agreement versions: a new version is enforced within
``ACCESS_CACHE_SECONDS``. Time is moved through ``bff.caching.clock``, never slept.
"""

from __future__ import annotations

import hashlib
import time

import pytest
from sqlalchemy import update

from bff import caching
from models import LegalDocument, User
from models.agreements import DocumentKind
from models.users import UserStatus


class FakeClock:
    def __init__(self) -> None:
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(caching, "clock", fake)
    return fake


def test_disabled_user_is_refused_on_the_next_request(clock, client, shop, db_session):
    url = f"/api/v1/stores/{shop.store_id}/clients"
    assert client.get(url, headers=shop.owner.headers).status_code == 200
    assert client.get("/api/v1/me", headers=shop.owner.headers).status_code == 200
    db_session.execute(update(User).where(User.public_id == shop.owner.user_id).values(status=UserStatus.disabled))
    db_session.commit()
    for res in (client.get(url, headers=shop.owner.headers), client.get("/api/v1/me", headers=shop.owner.headers)):
        assert res.status_code == 401 and res.json["reason"] == "account_disabled"


def test_removed_member_is_refused_on_the_next_request(clock, client, shop, consultant, join):
    staff = consultant()
    join(shop.owner, shop.store_id, staff)
    urls = (f"/api/v1/stores/{shop.store_id}/clients", f"/api/v1/stores/{shop.store_id}/images",
            f"/api/v1/stores/{shop.store_id}/clients/{shop.client_id}")
    assert all(client.get(u, headers=staff.headers).status_code == 200 for u in urls)
    removed = client.delete(f"/api/v1/stores/{shop.store_id}/members/{staff.user_id}", headers=shop.owner.headers)
    assert removed.status_code == 204
    for u in urls:
        res = client.get(u, headers=staff.headers)
        assert res.status_code == 404 and res.json["reason"] == "store_not_found"
    # The owner's membership of the same store is unaffected; another store's id is still not found.
    assert client.get(urls[0], headers=shop.owner.headers).status_code == 200


def test_withdrawn_consent_is_refused_on_the_next_policy(clock, client, shop, capture, withdraw_consent):
    session_id = capture.session(shop)
    assert capture.policy(shop, session_id).status_code == 201
    withdraw_consent(shop.store_id, shop.client_id, ["capture"])
    res = capture.policy(shop, session_id)
    assert res.status_code == 403 and res.json["reason"] == "consent_required"


def test_new_agreement_version_is_enforced_within_the_bound(clock, client, shop, capture, db_session):
    session_id = capture.session(shop)
    assert capture.policy(shop, session_id).status_code == 201  # fills the cache of current versions
    body = "# 用户协议（第二版）\n\n新的条款。"
    db_session.add(LegalDocument(kind=DocumentKind.terms, version="2099-01", title="用户协议（第二版）", body=body,
                                 sha256=hashlib.sha256(body.encode()).hexdigest()))
    db_session.commit()

    clock.now += caching.ACCESS_CACHE_SECONDS / 2
    # Within the bound the cached versions may still be used (this shows the cache is in play).
    assert capture.policy(shop, session_id).status_code == 201
    assert client.get("/api/v1/me", headers=shop.owner.headers).json["pending_agreements"] == []

    clock.now += caching.ACCESS_CACHE_SECONDS / 2  # the bound has passed since the cache was filled
    res = capture.policy(shop, session_id)
    assert res.status_code == 403 and res.json["reason"] == "agreement_required"
    assert res.json["errors"]["pending"] == ["terms"]
    assert client.get("/api/v1/me", headers=shop.owner.headers).json["pending_agreements"] == ["terms"]
    # Accepting the new version opens the gate again at once (acceptances are never cached).
    doc = client.get("/api/v1/agreements/terms").json
    accepted = [{"kind": "terms", "version": doc["version"], "sha256": doc["sha256"]}]
    assert client.post("/api/v1/me/agreements", json={"accepted": accepted},
                       headers=shop.owner.headers).status_code == 200
    assert capture.policy(shop, session_id).status_code == 201
