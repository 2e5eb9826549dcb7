"""The audit chain's format, shared by the sealer and the verifier (no Flask: jobs and the CLI use it).

An event's ``hash = sha256(canonical_json(fields) + prev_hash)`` (``bff.hashchain``); the first
event of a chain links to ``GENESIS``. The sealer chains events in batches; each batch's digest
covers its range and last event hash and links to the previous batch's digest. Changing anything
here invalidates every stored chain.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bff.hashchain import GENESIS, canonical_json, iso_utc, link

__all__ = ["GENESIS", "HASHED_FIELDS", "batch_digest", "canonical_json", "event_hash", "iso_utc"]

# Exactly the columns the hash covers; prev_hash is chained in, hash is the result.
HASHED_FIELDS = (
    "chain_id", "seq", "occurred_at", "actor_id", "actor_role", "store_id", "action",
    "subject_type", "subject_id", "purpose", "result", "request_id",
)


def event_hash(row: Any, prev_hash: str, *, seq: int | None = None) -> str:
    """The hash of an event (an ORM object or a row with the same attribute names); ``seq``
    overrides the row's own (the sealer hashes a row before writing its number)."""
    fields = {name: getattr(row, name) for name in HASHED_FIELDS}
    if seq is not None:
        fields["seq"] = seq
    fields["occurred_at"] = iso_utc(fields["occurred_at"])
    return link(fields, prev_hash)


def batch_digest(*, chain_id: int, batch: int, first_seq: int, last_seq: int, last_hash: str,
                 sealed_at: datetime, prev_digest: str) -> str:
    """A batch's digest: its place, range and last event hash, chained to the previous batch."""
    return link({"chain_id": chain_id, "batch": batch, "first_seq": first_seq, "last_seq": last_seq,
                 "last_hash": last_hash, "sealed_at": iso_utc(sealed_at)}, prev_digest)
