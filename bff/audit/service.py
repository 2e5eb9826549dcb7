"""Record processing-log events, and read them back a page at a time.

An event is one INSERT in the caller's transaction: it commits with the change it records and
rolls back with it, and it reads or locks nothing (no chain head), so requests of one store never
wait for each other. It is stored unsealed; ``bff.audit.sealer`` chains committed events into
the store's hash chain shortly after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import g, has_app_context
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from bff.db import session as db
from models import AuditEvent, Client, Store, User
from models.base import utcnow

PLATFORM_CHAIN = 0  # events that belong to no store
PURPOSE_MAX = 200
_LIMITS = {"action": 32, "subject_type": 24, "subject_id": 32, "result": 16, "actor_role": 16}


def record(action: str, *, subject_type: str, subject_id: str, store: Store | None = None,
           actor_role: str | None = None, purpose: str | None = None, result: str = "ok",
           session: Session | None = None, actor_id: str | None = None) -> AuditEvent:
    """Insert one unsealed event for the store's chain (chain 0 without a store), now.

    The actor is ``actor_id`` if given, else the authenticated user (``g.user``); without
    either the role is ``system``. Subject ids are public ids and ``purpose`` is the reason
    the user typed (cut to 200 characters): never put personal data here.
    Works outside a request (jobs, CLI) when ``session`` is given.
    """
    s = session if session is not None else db()
    if actor_id is None and has_app_context() and g.get("user") is not None:
        actor_id = g.user.public_id
    role = actor_role or ("user" if actor_id else "system")
    values: dict[str, Any] = {"action": action, "subject_type": subject_type, "subject_id": subject_id,
                              "result": result, "actor_role": role}
    for name, limit in _LIMITS.items():
        if not values[name] or len(values[name]) > limit:
            raise ValueError(f"audit {name} must be 1..{limit} characters")
    values.update(
        chain_id=store.id if store is not None else PLATFORM_CHAIN,
        occurred_at=utcnow(),
        actor_id=actor_id,
        store_id=store.public_id if store is not None else None,
        purpose=purpose[:PURPOSE_MAX] if purpose else None,
        request_id=g.get("request_id") if has_app_context() else None,
    )
    # Pending changes first, as before (a no-op when there are none); then a Core INSERT on the
    # session's connection: the same transaction, without the ORM unit of work (an event is never
    # changed after it is written, so it needs no identity-map entry).
    s.flush()
    inserted = s.connection().execute(_INSERT, values)
    primary_key = inserted.inserted_primary_key
    assert primary_key is not None
    return AuditEvent(id=primary_key[0], **values)


_INSERT = AuditEvent.__table__.insert()


# Reading: newest first, keyset pagination on id (unsealed events have no seq yet).

def store_events(store: Store, *, limit: int, before: int | None = None, subject_type: str | None = None,
                 subject_id: str | None = None, action: str | None = None
                 ) -> tuple[Sequence[AuditEvent], int | None]:
    """A page of one store's events, newest first, and the id to continue before (or None)."""
    query = select(AuditEvent).where(AuditEvent.chain_id == store.id).order_by(AuditEvent.id.desc())
    if before is not None:
        query = query.where(AuditEvent.id < before)
    for column, value in ((AuditEvent.subject_type, subject_type), (AuditEvent.subject_id, subject_id),
                          (AuditEvent.action, action)):
        if value is not None:
            query = query.where(column == value)
    return _page(query, limit, key=lambda event: event.id)


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


def _page(query: Select[AuditEvent], limit: int, *, key: Any
          ) -> tuple[Sequence[AuditEvent], int | None]:
    rows = db().scalars(query.limit(limit + 1)).all()
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], key(rows[limit - 1])
