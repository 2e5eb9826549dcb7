"""Audit job: seal committed audit events into their stores' hash chains (``bff.audit.sealer``).

``seal_audit_events`` runs every few seconds (``jobs/schedule.py``). With nothing to seal it is
one index lookup. Each batch is its own short transaction, and a run seals at most
``MAX_BATCHES`` per chain so one busy store cannot hold the queue; the next tick goes on.
Running it twice at once is safe: sealers serialise on each chain's head.
"""

from __future__ import annotations

from bff.audit.sealer import seal
from jobs import runtime

MAX_BATCHES = 20


def seal_audit_events() -> str:
    return str(seal(runtime.current().session_factory, max_batches=MAX_BATCHES))
