"""Free-tier limits enforced on the server: stock (clients) and monthly counters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from bff.billing import ledger, quotas
from models import Client, Plan, User
from models.billing import LedgerCause


def _limit(db_session, code, **limits):
    plan = db_session.scalar(select(Plan).where(Plan.code == code))
    db_session.execute(update(Plan).where(Plan.code == code).values(limits={**plan.limits, **limits}))
    db_session.commit()


def _add_client(client, who, store_id, n):
    return client.post(f"/api/v1/stores/{store_id}/clients", headers=who.headers,
                       json={"name": f"客户{n}", "phone": f"1350013{n:04d}"})


def _user(db_session, who) -> User:
    return db_session.scalar(select(User).where(User.public_id == who.user_id))


def _grant(db_session, who, code="vip_month"):
    plan = db_session.scalar(select(Plan).where(Plan.code == code))
    ledger.grant(db_session, _user(db_session, who), plan, cause_type=LedgerCause.operator, cause_id=f"test-{code}")
    db_session.commit()


def test_a_free_consultant_beyond_the_client_limit_gets_vip_required_until_vip(client, consultant, store_of,
                                                                              db_session):
    _limit(db_session, "free", clients=2)
    owner = consultant()
    store = store_of(owner)
    assert [_add_client(client, owner, store, n).status_code for n in range(2)] == [201, 201]
    res = _add_client(client, owner, store, 2)
    assert res.status_code == 402 and res.json["reason"] == "vip_required"
    assert res.json["errors"] == {"resource": "clients", "limit": 2, "used": 2}
    assert db_session.query(Client).count() == 2
    vip = client.get("/api/v1/me/vip", headers=owner.headers).json
    assert vip["usage"]["clients"] == 2 and vip["limits"]["clients"] == 2 and vip["vip"] is False
    _grant(db_session, owner)
    assert _add_client(client, owner, store, 2).status_code == 201
    vip = client.get("/api/v1/me/vip", headers=owner.headers).json
    assert vip["vip"] is True and vip["limits"]["clients"] is None and vip["free_limits"]["clients"] == 2


def test_clients_count_across_every_store_the_owner_owns_and_staff_use_the_owners_plan(
        client, consultant, store_of, join, db_session):
    _limit(db_session, "free", clients=2)
    owner, staff = consultant(), consultant()
    first, second = store_of(owner, "一店"), store_of(owner, "二店")
    join(owner, first, staff)
    assert _add_client(client, owner, first, 0).status_code == 201
    assert _add_client(client, staff, first, 1).status_code == 201  # counts against the owner
    assert _add_client(client, owner, second, 2).json["reason"] == "vip_required"
    assert _add_client(client, staff, first, 3).json["reason"] == "vip_required"
    # The staff member's own store is governed by their own (unused) allowance.
    assert _add_client(client, staff, store_of(staff), 4).status_code == 201
    # Deleted client files free their place.
    listed = client.get(f"/api/v1/stores/{first}/clients", headers=owner.headers).json["items"]
    assert client.delete(f"/api/v1/stores/{first}/clients/{listed[0]['id']}", headers=owner.headers).status_code == 204
    assert _add_client(client, owner, second, 5).status_code == 201


def test_a_vip_plan_with_its_own_limit_answers_plan_limit_reached(client, consultant, store_of, db_session):
    _limit(db_session, "free", clients=1)
    _limit(db_session, "vip_month", clients=2)
    owner = consultant()
    store = store_of(owner)
    _grant(db_session, owner)
    assert [_add_client(client, owner, store, n).status_code for n in range(2)] == [201, 201]
    res = _add_client(client, owner, store, 2)
    assert res.status_code == 403 and res.json["reason"] == "plan_limit_reached"


def test_monthly_counters_answer_429_with_retry_after_and_reset_next_month(app, consultant, db_session):
    redis = app.extensions["mirror.deps"].redis
    _limit(db_session, "free", analyses_per_month=2)
    user = _user(db_session, consultant())
    november = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
    for _ in range(2):
        quotas.enforce(db_session, user, "analyses", redis=redis, now=november)
    with pytest.raises(quotas.QuotaExceeded) as refused:
        quotas.enforce(db_session, user, "analyses", redis=redis, now=november)
    assert refused.value.status == 429 and refused.value.reason == "quota_exceeded"
    assert refused.value.errors == {"resource": "analyses", "limit": 2, "upgrade": True}
    assert refused.value.headers["Retry-After"] == str(3600)  # until 00:00 on 1 December, Shanghai
    assert quotas.monthly_used(redis, user, "analyses", now=november) == 2  # a refusal consumes nothing
    # Another counter and another month are separate.
    quotas.enforce(db_session, user, "exports", redis=redis, now=november)
    december = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 00:00 on 1 December in Shanghai
    quotas.enforce(db_session, user, "analyses", redis=redis, now=december)
    assert quotas.monthly_used(redis, user, "analyses", now=december) == 1


def test_vip_accounts_have_no_monthly_limit_on_the_seeded_plans(app, consultant, db_session):
    redis = app.extensions["mirror.deps"].redis
    _limit(db_session, "free", exports_per_month=0)
    who = consultant()
    user = _user(db_session, who)
    with pytest.raises(quotas.QuotaExceeded):
        quotas.enforce(db_session, user, "exports", redis=redis)
    _grant(db_session, who)
    for _ in range(5):
        quotas.enforce(db_session, user, "exports", redis=redis)
    with pytest.raises(ValueError):
        quotas.enforce(db_session, user, "teleports", redis=redis)
