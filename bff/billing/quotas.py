"""Free-tier and plan limits, enforced on the server.

Limits are data: the ``free`` plan's ``limits`` apply to accounts without a running VIP
entitlement; a VIP account gets its plan's ``limits`` (``null`` = unlimited, the seeded
VIP plans are unlimited everywhere). Two kinds of resource:

* **stock** (``clients``, ``images``): counted from the database when something is added.
  ``clients`` counts the active client files and ``images`` the kept photos (processing or
  ready) in every store the account *owns*; what staff add counts against the store owner,
  whose plan governs the store. Images are counted when an upload policy is issued.
  Over the limit → 402 ``vip_required`` for a free account (buying VIP lifts it), 403
  ``plan_limit_reached`` for a VIP account whose plan limits it too.
* **monthly counters** (``analyses``, ``exports``): a Redis counter per account, resource and
  calendar month (Asia/Shanghai), consumed by ``enforce`` when an analysis or an export is
  requested (the store owner's account). Over the limit → 429
  ``quota_exceeded`` (``errors.upgrade`` tells a free account that VIP lifts it) with
  ``Retry-After`` = seconds until the month rolls over.

The mini-program tells them apart by ``reason`` (and status).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import redis as redis_lib
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bff.billing import ledger
from bff.errors import DomainError
from models import Client, Image, Plan, Store, StoreMember, User
from models.base import utcnow
from models.clients import ClientStatus
from models.images import ImageStatus, UploadPurpose
from models.stores import StoreRole

SHANGHAI = ZoneInfo("Asia/Shanghai")
FREE_PLAN = "free"


class VipRequired(DomainError):
    status, reason, message = 402, "vip_required", "已达到基础版上限，开通 VIP 后可继续使用"


class PlanLimitReached(DomainError):
    """A stock limit of a paid plan (403)."""

    status, reason, message = 403, "plan_limit_reached", "已达到当前套餐的上限"


class QuotaExceeded(DomainError):
    """A monthly counter is used up (429); it resets at the start of next month."""

    status, reason, message = 429, "quota_exceeded", "本月额度已用完"


def count_clients(session: Session, user: User) -> int:
    owned = select(StoreMember.store_id).where(StoreMember.user_id == user.id, StoreMember.role == StoreRole.owner)
    return session.scalar(select(func.count(Client.id)).where(
        Client.store_id.in_(owned), Client.status == ClientStatus.active)) or 0


def count_images(session: Session, user: User) -> int:
    owned = select(StoreMember.store_id).where(StoreMember.user_id == user.id, StoreMember.role == StoreRole.owner)
    return session.scalar(select(func.count(Image.id)).where(
        Image.store_id.in_(owned), Image.purpose == UploadPurpose.photo,
        Image.status.in_((ImageStatus.processing, ImageStatus.ready)))) or 0


STOCK: dict[str, Callable[[Session, User], int]] = {"clients": count_clients, "images": count_images}
MONTHLY: dict[str, str] = {"analyses": "analyses_per_month", "exports": "exports_per_month"}


@dataclass(frozen=True)
class Limits:
    entitlement: ledger.Entitlement
    limits: dict[str, Any]

    def limit(self, key: str) -> int | None:
        value = self.limits.get(key)
        return None if value is None else int(value)


def free_plan(session: Session) -> Plan:
    plan = session.scalar(select(Plan).where(Plan.code == FREE_PLAN))
    if plan is None:
        raise RuntimeError("the free plan is missing (migrations seed it)")
    return plan


def limits_for(session: Session, user: User, *, now: datetime | None = None) -> Limits:
    entitlement = ledger.current(session, user, now=now)
    plan = entitlement.plan if entitlement.is_vip else free_plan(session)
    assert plan is not None
    return Limits(entitlement, dict(plan.limits or {}))


def _month_key(user: User, resource: str, now: datetime) -> tuple[str, int]:
    local = now.astimezone(SHANGHAI)
    nxt = local.replace(year=local.year + (local.month == 12), month=local.month % 12 + 1, day=1,
                        hour=0, minute=0, second=0, microsecond=0)
    return f"quota:{user.id}:{resource}:{local:%Y%m}", max(1, int((nxt - local).total_seconds()))


def monthly_used(redis: redis_lib.Redis, user: User, resource: str, *, now: datetime | None = None) -> int:
    key, _ = _month_key(user, resource, now or utcnow())
    return int(redis.get(key) or 0)


def enforce(session: Session, user: User, resource: str, *, redis: redis_lib.Redis | None = None,
            now: datetime | None = None) -> None:
    """Raise if ``user`` may not add one more ``resource``; a monthly counter is consumed."""
    now = now or utcnow()
    state = limits_for(session, user, now=now)
    if resource in STOCK:
        limit = state.limit(resource)
        if limit is None:
            return
        # Serialise adds per account (the ledger locks the same row) so two at once cannot both fit.
        ledger.lock_account(session, user)
        used = STOCK[resource](session, user)
        if used >= limit:
            details = {"resource": resource, "limit": limit, "used": used}
            if state.entitlement.is_vip:
                raise PlanLimitReached(errors=details)
            raise VipRequired(errors=details)
        return
    if resource in MONTHLY:
        limit = state.limit(MONTHLY[resource])
        if limit is None:
            return
        if redis is None:  # callers pass deps().redis (routes) or their own client (jobs): Flask-free
            raise ValueError(f"monthly quota {resource!r} needs a redis client")
        key, ttl = _month_key(user, resource, now)
        with redis.pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, ttl + 86400)
            used = int(pipe.execute()[0])
        if used > limit:
            redis.decr(key)
            raise QuotaExceeded(errors={"resource": resource, "limit": limit,
                                        "upgrade": not state.entitlement.is_vip},
                                headers={"Retry-After": str(ttl)})
        return
    raise ValueError(f"unknown quota resource {resource!r}")


def enforce_store(session: Session, store: Store, resource: str, *, redis: redis_lib.Redis | None = None) -> None:
    """Adding ``resource`` to ``store``: the store owner's plan decides (and their counter is used)."""
    owner_id = session.scalar(select(StoreMember.user_id).where(StoreMember.store_id == store.id,
                                                                StoreMember.role == StoreRole.owner))
    owner = session.get(User, owner_id) if owner_id is not None else None
    if owner is not None:
        enforce(session, owner, resource, redis=redis)


def enforce_store_clients(session: Session, store: Store) -> None:
    """Adding a client file to ``store``: the store owner's plan decides."""
    enforce_store(session, store, "clients")
