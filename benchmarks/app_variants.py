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


FIXES = {"deferred_list_audit": _deferred_list_audit, "fast_mask": _fast_mask}


def build(fixes: str = ""):  # type: ignore[no-untyped-def]
    from bff.app import create_app

    for name in filter(None, (f.strip() for f in fixes.split(","))):
        FIXES[name]()
    return create_app()
