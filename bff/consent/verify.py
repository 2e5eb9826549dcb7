"""Recompute every store's consent chain and report the first bad record of each (no Flask).

Problems, as in ``bff.audit.verify``: ``missing`` (a seq was deleted), ``inserted`` (the next
record links past this one), ``reordered`` (links to another record of the chain),
``broken_link`` (links to a hash not in the chain, e.g. a replaced record), ``altered``
(content, or a sealed value, no longer matches the hash) and ``truncated`` (the head
disagrees with the last record).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bff.audit.verify import Problem, Verification
from bff.consent.chain import GENESIS, record_hash, unseal
from bff.security.fields import DecryptionError, FieldCipher
from models import ConsentChainHead, ConsentRecord
from models.session import read_snapshot

BATCH = 1000


def verify(session: Session, cipher: FieldCipher, store_id: int | None = None, *,
           progress: Callable[[int], Any] | None = None) -> Verification:
    """Stream every record in (store, seq) order, recomputing links and hashes.

    ``progress(n)`` is told of every ``BATCH`` records checked (and of the rest at the end)."""
    read_snapshot(session)  # the heads and the rows from one snapshot, while others append
    heads_query = select(ConsentChainHead)
    rows_query = select(ConsentRecord.__table__).order_by(ConsentRecord.store_id, ConsentRecord.seq)
    if store_id is not None:
        heads_query = heads_query.where(ConsentChainHead.store_id == store_id)
        rows_query = rows_query.where(ConsentRecord.store_id == store_id)
    heads = {h.store_id: (h.last_seq, h.last_hash) for h in session.scalars(heads_query)}
    out = Verification()
    state: dict[int, tuple[int, str, int | None]] = {}  # store -> (seq, hash, last record id)
    found: dict[int, Problem] = {}
    for row in session.execute(rows_query.execution_options(yield_per=BATCH)):
        out.events += 1
        seq, prev, _ = state.get(row.store_id, (0, GENESIS, None))
        if row.store_id not in found and (problem := _check(cipher, row, seq, prev)) is not None:
            found[row.store_id] = problem
        state[row.store_id] = (row.seq, row.hash, row.id)
        if progress is not None and out.events % BATCH == 0:
            progress(BATCH)
    if progress is not None and out.events % BATCH:
        progress(out.events % BATCH)
    for store in sorted(set(heads) | set(state)):
        problem = found.get(store) or _head_problem(store, state.get(store, (0, GENESIS, None)), heads.get(store))
        if problem is not None:
            out.problems.append(_classify(session, problem))
    out.chains = len(set(heads) | set(state))
    return out


def _check(cipher: FieldCipher, row: Any, seq: int, prev: str) -> Problem | None:
    if row.seq != seq + 1:
        return Problem(row.store_id, seq + 1, row.id, "missing", f"seq {seq + 1} is absent; next is {row.seq}")
    if row.prev_hash != prev:
        return Problem(row.store_id, row.seq, row.id, "broken_link", "prev_hash is not the previous record's hash",
                       _link=row.prev_hash)
    try:
        plain = unseal(cipher, row)
    except DecryptionError:
        return Problem(row.store_id, row.seq, row.id, "altered", "a sealed value does not decrypt for this record")
    if record_hash(row, plain, row.prev_hash) != row.hash:
        return Problem(row.store_id, row.seq, row.id, "altered", "content does not match its hash")
    return None


def _head_problem(store: int, last: tuple[int, str, int | None], head: tuple[int, str] | None) -> Problem | None:
    seq, hash_, last_id = last
    if head is None:
        return Problem(store, seq + 1, None, "truncated", "the chain has no head")
    if head == (seq, hash_):
        return None
    detail = f"the head is at seq {head[0]}, the last record at seq {seq}"
    if head[0] == seq:
        return Problem(store, seq, last_id, "truncated", detail + " (hash differs)")
    return Problem(store, min(head[0], seq) + 1, None, "truncated", detail)


def _classify(session: Session, problem: Problem) -> Problem:
    """Name a broken link by where it points: past one record (an insertion before it), at
    another record of the chain (a reordering), or nowhere in the chain (left as it is)."""
    if problem.kind != "broken_link":
        return problem
    target = session.scalar(select(ConsentRecord.seq).where(ConsentRecord.store_id == problem.chain_id,
                                                            ConsentRecord.hash == problem._link).limit(1))
    if target is None and problem._link != GENESIS:
        return problem
    if (target or 0) == problem.seq - 2:
        inserted = session.scalar(select(ConsentRecord.id).where(ConsentRecord.store_id == problem.chain_id,
                                                                 ConsentRecord.seq == problem.seq - 1))
        return Problem(problem.chain_id, problem.seq - 1, inserted, "inserted",
                       f"seq {problem.seq} links past it to seq {problem.seq - 2}")
    linked = "the chain's start" if target is None else f"seq {target}"
    return replace(problem, kind="reordered", detail=f"links to {linked}, not to seq {problem.seq - 1}")
