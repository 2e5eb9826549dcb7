"""The entitlement ledger: VIP time granted and revoked, one append-only entry per cause.

Buying again extends from the current end. The current state is the last entry's
``ends_at``; ``replay`` recomputes it from the deltas so the snapshot can be checked.
A unique (cause_type, cause_id, kind) makes a second grant for the same order, code or
refund impossible, whatever WeChat sends and however often.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import EntitlementEntry, Plan, User
from models.base import utcnow
from models.billing import LedgerCause


class Account(Protocol):
    """Whose entitlement: a ``User``, or an ``AccountId`` when only the id is at hand."""

    @property
    def id(self) -> int: ...


@dataclass(frozen=True)
class AccountId:
    id: int


@dataclass(frozen=True)
class Entitlement:
    plan: Plan | None  # None: the free tier
    ends_at: datetime | None

    @property
    def is_vip(self) -> bool:
        return self.plan is not None


def lock_account(session: Session, user: Account) -> None:
    """Serialise every change of one user's entitlement: an exclusive lock on the user row.

    Take it before writing any row that references the user: a foreign-key check takes a shared
    lock on that row, and upgrading a shared lock that another transaction also waits on deadlocks.
    The read after it sees the previous holder's entry because every transaction runs READ
    COMMITTED (``models.session.ISOLATION_LEVEL``).
    """
    session.execute(select(User.id).where(User.id == user.id).with_for_update())


def _last(session: Session, user: Account, *, lock: bool) -> EntitlementEntry | None:
    if lock:
        lock_account(session, user)
    return session.scalar(select(EntitlementEntry).where(EntitlementEntry.user_id == user.id)
                          .order_by(EntitlementEntry.id.desc()).limit(1))


def current(session: Session, user: Account, *, now: datetime | None = None) -> Entitlement:
    now = now or utcnow()
    last = _last(session, user, lock=False)
    if last is None or last.ends_at <= now:
        return Entitlement(None, None)
    return Entitlement(session.get(Plan, last.plan_id), last.ends_at)


def grant(session: Session, user: Account, plan: Plan, *, cause_type: LedgerCause, cause_id: str,
          now: datetime | None = None) -> EntitlementEntry:
    """Add the plan's duration, starting at the current end if still running, else now."""
    now = now or utcnow()
    last = _last(session, user, lock=True)
    start = max(now, last.ends_at) if last is not None else now
    seconds = plan.duration_days * 86400
    entry = EntitlementEntry(user_id=user.id, plan_id=plan.id, kind="grant", delta_seconds=seconds,
                             ends_at=start + timedelta(seconds=seconds), cause_type=cause_type, cause_id=cause_id,
                             created_at=now)
    session.add(entry)
    session.flush()
    return entry


def revoke(session: Session, user: Account, plan: Plan, *, seconds: int, cause_type: LedgerCause, cause_id: str,
           now: datetime | None = None) -> EntitlementEntry:
    """Take back up to ``seconds`` of remaining time (never before now: the past was used)."""
    now = now or utcnow()
    last = _last(session, user, lock=True)
    end = last.ends_at if last is not None else now
    taken = max(0, min(seconds, int((end - now).total_seconds())))
    entry = EntitlementEntry(user_id=user.id, plan_id=plan.id, kind="revoke", delta_seconds=-taken,
                             ends_at=end - timedelta(seconds=taken), cause_type=cause_type, cause_id=cause_id,
                             created_at=now)
    session.add(entry)
    session.flush()
    return entry


def replay(entries: list[EntitlementEntry]) -> datetime | None:
    """Recompute the end from the deltas and entry times; equals the last snapshot if intact."""
    end: datetime | None = None
    for entry in entries:
        if entry.kind == "grant":
            start = max(entry.created_at, end) if end else entry.created_at
            end = start + timedelta(seconds=entry.delta_seconds)
        elif end is not None:
            end = end + timedelta(seconds=entry.delta_seconds)
    return end
