"""Append processing-log events to a store's hash chain, and read them back a page at a time.

An event is written in the caller's transaction: if the change it records rolls back, so
does the event. Appends to one chain are serialised by a row lock on its head.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import g, has_app_context
from sqlalchemy import Select, select
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bff.audit.chain import GENESIS, event_hash
from bff.db import session as db
from models import AuditChainHead, AuditEvent, Client, Store, User
from models.base import utcnow

PLATFORM_CHAIN = 0  # events that belong to no store
PURPOSE_MAX = 200
_LIMITS = {"action": 32, "subject_type": 24, "subject_id": 32, "result": 16, "actor_role": 16}


def record(action: str, *, subject_type: str, subject_id: str, store: Store | None = None,
           actor_role: str | None = None, purpose: str | None = None, result: str = "ok",
           session: Session | None = None, actor_id: str | None = None) -> AuditEvent:
    """Append one event to the store's chain (chain 0 without a store) and flush it.

    The actor is ``actor_id`` if given, else the authenticated user (``g.user``); without
    either the role is ``system``. Subject ids are public ids and ``purpose`` is the reason
    the user typed (cut to 200 characters): never put personal data here.
    Works outside a request (jobs, CLI) when ``session`` is given.
    """
    s = session if session is not None else db()
    if actor_id is None and has_app_context() and g.get("user") is not None:
        actor_id = g.user.public_id
    role = actor_role or ("user" if actor_id else "system")
    values = {"action": action, "subject_type": subject_type, "subject_id": subject_id, "result": result,
              "actor_role": role}
    for name, limit in _LIMITS.items():
        if not values[name] or len(values[name]) > limit:
            raise ValueError(f"audit {name} must be 1..{limit} characters")
    head = _lock_head(s, store.id if store is not None else PLATFORM_CHAIN)
    event = AuditEvent(
        chain_id=head.chain_id,
        seq=head.last_seq + 1,
        occurred_at=utcnow(),  # taken under the lock, so time never runs backwards along a chain
        actor_id=actor_id,
        store_id=store.public_id if store is not None else None,
        purpose=purpose[:PURPOSE_MAX] if purpose else None,
        request_id=g.get("request_id") if has_app_context() else None,
        prev_hash=head.last_hash,
        **values,
    )
    event.hash = event_hash(event, event.prev_hash)
    head.last_seq, head.last_hash = event.seq, event.hash
    s.add(event)
    s.flush()
    return event


def _lock_head(s: Session, chain_id: int) -> AuditChainHead:
    """Create the chain's head if missing, then hold its row lock until the transaction ends.

    On InnoDB a ``SELECT ... FOR UPDATE`` of a missing row takes a gap lock, and a failed
    duplicate INSERT keeps a shared lock even after ROLLBACK TO SAVEPOINT; two requests racing
    to start a chain would deadlock and lose their whole transaction. ``INSERT ... ON DUPLICATE
    KEY UPDATE`` instead creates-or-X-locks the row in one statement.
    """
    values = {"chain_id": chain_id, "last_seq": 0, "last_hash": GENESIS}
    dialect = s.get_bind().dialect.name
    if dialect == "mysql":
        s.execute(mysql_insert(AuditChainHead).values(values)
                  .on_duplicate_key_update(last_seq=AuditChainHead.last_seq))
    elif dialect == "sqlite":  # one writer at a time: there is no race to lose
        s.execute(sqlite_insert(AuditChainHead).values(values).on_conflict_do_nothing())
    else:
        _create_head_with_savepoint(s, values)
    # A locking read sees the latest committed head, not the transaction's snapshot.
    return s.execute(
        select(AuditChainHead).where(AuditChainHead.chain_id == chain_id)
        .with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def _create_head_with_savepoint(s: Session, values: dict[str, Any]) -> None:
    if s.get(AuditChainHead, values["chain_id"]) is not None:
        return
    try:
        with s.begin_nested():
            s.add(AuditChainHead(**values))
    except IntegrityError:
        pass  # another transaction created it first; the locking read below waits for it


# Reading: newest first, keyset pagination on seq (one store's chain) or id (a client's history).

def store_events(store: Store, *, limit: int, before: int | None = None, subject_type: str | None = None,
                 subject_id: str | None = None, action: str | None = None
                 ) -> tuple[Sequence[AuditEvent], int | None]:
    """A page of one store's events, newest first, and the seq to continue before (or None)."""
    query = select(AuditEvent).where(AuditEvent.chain_id == store.id).order_by(AuditEvent.seq.desc())
    if before is not None:
        query = query.where(AuditEvent.seq < before)
    for column, value in ((AuditEvent.subject_type, subject_type), (AuditEvent.subject_id, subject_id),
                          (AuditEvent.action, action)):
        if value is not None:
            query = query.where(column == value)
    return _page(query, limit, key=lambda event: event.seq)


def access_history(user: User, *, limit: int, before: int | None = None
                   ) -> tuple[Sequence[AuditEvent], int | None]:
    """A page of events about the client files linked to ``user``, newest first."""
    linked = select(Client.public_id).where(Client.linked_user_id == user.id)
    query = (select(AuditEvent)
             .where(AuditEvent.subject_type == "client", AuditEvent.subject_id.in_(linked))
             .order_by(AuditEvent.id.desc()))
    if before is not None:
        query = query.where(AuditEvent.id < before)
    return _page(query, limit, key=lambda event: event.id)


def _page(query: Select[tuple[AuditEvent]], limit: int, *, key: Any
          ) -> tuple[Sequence[AuditEvent], int | None]:
    rows = db().scalars(query.limit(limit + 1)).all()
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], key(rows[limit - 1])
