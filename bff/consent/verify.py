"""Recompute every store's consent chain and report the first bad record of each (no Flask).

The checks are the shared ones (``bff.hashchain.verify_chain``): ``missing``, ``inserted``,
``reordered``, ``broken_link``, ``altered`` (content, or a sealed value, no longer matches the
hash) and ``truncated`` (the head disagrees with the last record).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from bff.consent.chain import record_hash, unseal
from bff.hashchain import Checkpoint, Rows, Verification, verify_chain
from bff.security.fields import DecryptionError, FieldCipher
from models import ConsentChainHead, ConsentRecord
from models.session import read_snapshot

ROWS = Rows(ConsentRecord.__table__, ConsentRecord.__table__.c.store_id)


def verify(session: Session, cipher: FieldCipher, store_id: int | None = None) -> Verification:
    """Check every store's chain (or one) from one snapshot, while others append."""
    read_snapshot(session)

    def content(row: Any) -> str | None:
        try:
            plain = unseal(cipher, row)
        except DecryptionError:
            return "a sealed value does not decrypt for this record"
        return None if record_hash(row, plain, row.prev_hash) == row.hash else "content does not match its hash"

    out = Verification()
    for store in _stores(session, store_id):
        head_row = session.get(ConsentChainHead, store)
        head = None if head_row is None else Checkpoint(head_row.last_seq, head_row.last_hash, "the head")
        problem, count = verify_chain(session, ROWS, store, content=content, head=head)
        out.events += count
        out.chains += 1
        if problem is not None:
            out.problems.append(problem)
    return out


def _stores(session: Session, store_id: int | None) -> list[int]:
    if store_id is not None:
        return [store_id]
    known = union(select(ConsentChainHead.store_id), select(ConsentRecord.store_id))
    return sorted(session.scalars(select(known.subquery().c.store_id).distinct()))
