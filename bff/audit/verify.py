"""Recompute every audit chain and report the first bad event of each (no Flask needed).

Each chain's sealed events are checked in seq order by the shared verifier (``bff.hashchain``:
``missing``, ``inserted``, ``reordered``, ``broken_link``, ``altered``, ``truncated``); every
sealed batch must match the event it ends at, the batches' digests must chain, and the head must
match both the last event and the last batch. Events not sealed yet are counted per chain
(``Verification.unsealed``): they have no hash to check until the sealer chains them.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from bff.audit.chain import GENESIS, batch_digest, event_hash
from bff.hashchain import Checkpoint, Problem, Rows, Verification, verify_chain
from models import AuditBatch, AuditChainHead, AuditEvent
from models.session import read_snapshot

__all__ = ["Problem", "Verification", "verify", "verify_chains"]

ROWS = Rows(AuditEvent.__table__, AuditEvent.__table__.c.chain_id, AuditEvent.__table__.c.seq.is_not(None))
PAGE = 1000


def verify_chains(session: Session, chain_id: int | None = None) -> list[Problem]:
    """The first bad event of each chain (or of one chain), in chain order; empty if all is well."""
    return verify(session, chain_id).problems


def verify(session: Session, chain_id: int | None = None) -> Verification:
    """Check every chain (or one) from one snapshot, while requests and the sealer go on."""
    read_snapshot(session)
    out = Verification()
    unsealed = select(AuditEvent.chain_id, func.count()).where(AuditEvent.seq.is_(None))
    if chain_id is not None:
        unsealed = unsealed.where(AuditEvent.chain_id == chain_id)
    out.unsealed = {chain: count for chain, count in session.execute(unsealed.group_by(AuditEvent.chain_id))}
    for chain in _chains(session, chain_id):
        head_row = session.get(AuditChainHead, chain)
        head = None if head_row is None else Checkpoint(head_row.last_seq, head_row.last_hash, "the head")
        problem, count = verify_chain(session, ROWS, chain, content=_content, head=head,
                                      checkpoints=_batch_ends(session, chain))
        out.events += count
        out.chains += 1
        problem = problem or _batch_problem(session, chain, head_row)
        if problem is not None:
            out.problems.append(problem)
    return out


def _chains(session: Session, chain_id: int | None) -> list[int]:
    if chain_id is not None:
        return [chain_id]
    known = union(select(AuditChainHead.chain_id), select(AuditBatch.chain_id),
                  select(AuditEvent.chain_id).where(AuditEvent.seq.is_not(None)))
    return sorted(session.scalars(select(known.subquery().c.chain_id).distinct()))


def _content(row: object) -> str | None:
    return None if event_hash(row, row.prev_hash) == row.hash else "content does not match its hash"  # type: ignore[attr-defined]


def _batches(session: Session, chain_id: int) -> Iterator[AuditBatch]:
    after = 0
    while True:
        page = list(session.scalars(select(AuditBatch).where(AuditBatch.chain_id == chain_id,
                                                             AuditBatch.batch > after)
                                    .order_by(AuditBatch.batch).limit(PAGE)))
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1].batch


def _batch_ends(session: Session, chain_id: int) -> Iterator[Checkpoint]:
    for batch in _batches(session, chain_id):
        yield Checkpoint(batch.last_seq, batch.last_hash, f"sealed batch {batch.batch}")


def _batch_problem(session: Session, chain_id: int, head: AuditChainHead | None) -> Problem | None:
    """The batches themselves: numbered from 1, contiguous ranges, digests chained and intact."""
    number, last_seq, digest = 0, 0, GENESIS
    for batch in _batches(session, chain_id):
        where = f"sealed batch {batch.batch}"
        if batch.batch != number + 1:
            return Problem(chain_id, last_seq + 1, None, "missing", f"sealed batch {number + 1} is absent")
        if batch.first_seq != last_seq + 1 or batch.last_seq < batch.first_seq:
            return Problem(chain_id, batch.first_seq, None, "altered",
                           f"{where} covers seq {batch.first_seq}..{batch.last_seq}, after seq {last_seq}")
        if batch.prev_digest != digest or batch.digest != batch_digest(
                chain_id=chain_id, batch=batch.batch, first_seq=batch.first_seq, last_seq=batch.last_seq,
                last_hash=batch.last_hash, sealed_at=batch.sealed_at, prev_digest=batch.prev_digest):
            return Problem(chain_id, batch.first_seq, None, "altered", f"{where}'s digest does not match")
        number, last_seq, digest = batch.batch, batch.last_seq, batch.digest
    if head is not None and (head.last_batch, head.last_digest) != (number, digest):
        return Problem(chain_id, last_seq + 1, None, "truncated",
                       f"the head is at sealed batch {head.last_batch}, the last batch is {number}")
    return None
