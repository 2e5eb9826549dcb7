"""The chain format shared by the writer and the verifier (no Flask: the CLI uses it too).

``hash = sha256(canonical_json(fields) + prev_hash)``; the first event of a chain links to
``GENESIS``. Changing anything here invalidates every stored chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

# Exactly the columns the hash covers; prev_hash is chained in, hash is the result.
HASHED_FIELDS = (
    "chain_id", "seq", "occurred_at", "actor_id", "actor_role", "store_id", "action",
    "subject_type", "subject_id", "purpose", "result", "request_id",
)


def canonical_json(fields: Mapping[str, Any]) -> str:
    return json.dumps(dict(fields), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def iso_utc(value: datetime) -> str:
    """ISO 8601 in UTC with microseconds: what DATETIME(6) stores and gives back."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(row: Any, prev_hash: str) -> str:
    """The hash of an event (an ORM object or a row with the same attribute names)."""
    fields = {name: getattr(row, name) for name in HASHED_FIELDS}
    fields["occurred_at"] = iso_utc(fields["occurred_at"])
    return hashlib.sha256((canonical_json(fields) + prev_hash).encode("utf-8")).hexdigest()
