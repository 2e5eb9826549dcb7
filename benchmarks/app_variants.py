"""The app with proposed fixes applied by patching at import: A/B runs of bench_clients.py.

    .venv/bin/python benchmarks/bench_clients.py --database-url ... --floors "" \\
        --app 'app_variants:build("deferred_list_audit,fast_mask")' --app-pythonpath benchmarks

Benchmark-only stand-ins for code changes proposed in benchmarks/README.md; nothing here is
imported by the app.

deferred_list_audit  ``search_clients`` no longer appends ``client.list`` to the store's audit
                     chain inside the request (4 statements, the chain head's row lock and a
                     write transaction per search); after the commit it pushes the event's
                     fields to a Redis list (one RPUSH) for a job to append in batches. The
                     batch writer itself is not part of this variant.
fast_mask            ``phones.mask`` without ``phonenumbers.parse`` for the +86 numbers the app
                     stores (E.164 already), falling back to it for other countries.
lean_membership      the client routes' ``membership()`` selects four columns (store id and public
                     id, member user id and role) instead of loading Store and StoreMember entities.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any


def _deferred_list_audit() -> None:
    from flask import g

    from bff.audit import service as audit
    from bff.clients import service
    from bff.db import session as db
    from bff.deps import deps
    from models.base import utcnow
    from models.session import after_commit

    def record(action: str, **kw: Any) -> Any:
        if action != "client.list":
            return audit.record(action, **kw)
        store = kw["store"]
        event = {"action": action, "chain_id": store.id, "store_id": store.public_id,
                 "actor_id": g.user.public_id, "actor_role": kw.get("actor_role"),
                 "subject_type": kw["subject_type"], "subject_id": kw["subject_id"],
                 "purpose": kw.get("purpose"), "request_id": g.get("request_id"),
                 "occurred_at": utcnow().isoformat()}
        after_commit(db(), deps().redis.rpush, "mirror:audit:pending", json.dumps(event))
        return None

    service.audit = SimpleNamespace(record=record)  # only the client service's reference changes


def _fast_mask() -> None:
    from bff.clients import routes
    from bff.security import phones

    def mask(e164: str) -> str:
        if e164.startswith("+86") and len(e164) == 14:
            national = e164[3:]
            return national[:3] + "*" * (len(national) - 7) + national[-4:]
        return phones.mask(e164)

    routes.mask = mask


def _lean_membership() -> None:
    from sqlalchemy import select

    from bff.auth.guard import current_user
    from bff.clients import routes
    from bff.db import session as db
    from bff.stores.access import Membership, OwnerRequired, StoreNotFound
    from models import Store, StoreMember

    def membership(store_public_id: str, *, owner: bool = False) -> Membership:
        row = db().execute(
            select(Store.id, Store.public_id, StoreMember.user_id, StoreMember.role)
            .join(StoreMember, StoreMember.store_id == Store.id)
            .where(Store.public_id == store_public_id, StoreMember.user_id == current_user().id)
        ).first()
        if row is None:
            raise StoreNotFound()
        found = Membership(SimpleNamespace(id=row.id, public_id=row.public_id),  # type: ignore[arg-type]
                           SimpleNamespace(user_id=row.user_id, role=row.role))  # type: ignore[arg-type]
        if owner and not found.is_owner:
            raise OwnerRequired()
        return found

    routes.membership = membership  # client routes only: they read ids and the role, never change them


FIXES = {"deferred_list_audit": _deferred_list_audit, "fast_mask": _fast_mask, "lean_membership": _lean_membership}


def build(fixes: str = ""):  # type: ignore[no-untyped-def]
    from bff.app import create_app

    for name in filter(None, (f.strip() for f in fixes.split(","))):
        FIXES[name]()
    return create_app()
