"""Recompute every audit chain and report the first bad event of each (no Flask needed).

Kinds of problem, checked in this order for each event in seq order:

- ``missing``: a seq number is absent (an event was deleted); ``seq`` is the absent number.
- ``reordered``: the event links to another event of the chain that is not its predecessor.
- ``broken_link``: the event links to a hash that is not in the chain at all.
- ``altered``: the event's content no longer matches its hash.
- ``truncated``: the head (last seq and hash) is ahead of, or differs from, the last event.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bff.audit.chain import GENESIS, event_hash
from models import AuditChainHead, AuditEvent
from models.session import read_snapshot

BATCH = 1000


@dataclass(frozen=True)
class Problem:
    chain_id: int
    seq: int
    event_id: int | None  # the event at which it was found (None when it is past the last one)
    kind: str
    detail: str
    _link: str | None = field(default=None, repr=False, compare=False)  # prev_hash of a broken link

    def __str__(self) -> str:
        where = f"event id {self.event_id}" if self.event_id is not None else "no event"
        return f"chain {self.chain_id} seq {self.seq} ({where}): {self.kind}: {self.detail}"


@dataclass
class Verification:
    problems: list[Problem] = field(default_factory=list)
    events: int = 0
    chains: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Cursor:
    """What is kept per chain while streaming: O(1), whatever the chain's length."""

    chain_id: int
    seq: int = 0
    hash: str = GENESIS
    last_id: int | None = None
    problem: Problem | None = None


def verify_chains(session: Session, chain_id: int | None = None) -> list[Problem]:
    """The first bad event of each chain (or of one chain), in chain order; empty if all is well."""
    return verify(session, chain_id).problems


def verify(session: Session, chain_id: int | None = None) -> Verification:
    """Stream every event in (chain, seq) order, recomputing hashes and links as it goes."""
    read_snapshot(session)  # the heads and the rows from one snapshot, while others append
    heads_query = select(AuditChainHead)
    events_query = select(AuditEvent.__table__).order_by(AuditEvent.chain_id, AuditEvent.seq)
    if chain_id is not None:
        heads_query = heads_query.where(AuditChainHead.chain_id == chain_id)
        events_query = events_query.where(AuditEvent.chain_id == chain_id)
    # One row per store, read before the events and (on InnoDB) from the same snapshot.
    heads = {h.chain_id: (h.last_seq, h.last_hash) for h in session.scalars(heads_query)}
    out = Verification()
    seen: set[int] = set()
    current: _Cursor | None = None
    for row in session.execute(events_query.execution_options(yield_per=BATCH)):
        if current is None or row.chain_id != current.chain_id:
            if current is not None:
                _finish(current, heads, out)
            current = _Cursor(row.chain_id)
            seen.add(row.chain_id)
        out.events += 1
        if current.problem is None:
            current.problem = _check(current, row)
            current.seq, current.hash, current.last_id = row.seq, row.hash, row.id
    if current is not None:
        _finish(current, heads, out)
    for empty in sorted(set(heads) - seen):  # heads whose chain has no event left
        _finish(_Cursor(empty), heads, out)
    out.chains = len(seen | set(heads))
    # The streaming cursor holds the connection, so links are classified only now
    # (at most one look-up per bad chain).
    out.problems = [_classify_link(session, p) for p in sorted(out.problems, key=lambda p: p.chain_id)]
    return out


def _check(cur: _Cursor, row: Any) -> Problem | None:
    if row.seq != cur.seq + 1:
        return Problem(cur.chain_id, cur.seq + 1, row.id, "missing",
                       f"seq {cur.seq + 1} is absent; the next event has seq {row.seq}")
    if row.prev_hash != cur.hash:
        return Problem(cur.chain_id, row.seq, row.id, "broken_link",
                       "prev_hash is not the previous event's hash", _link=row.prev_hash)
    if event_hash(row, row.prev_hash) != row.hash:
        return Problem(cur.chain_id, row.seq, row.id, "altered", "content does not match its hash")
    return None


def _classify_link(session: Session, problem: Problem) -> Problem:
    """A broken link that points at another event of the same chain is a reordering."""
    if problem.kind != "broken_link":
        return problem
    target = session.scalar(select(AuditEvent.seq).where(AuditEvent.chain_id == problem.chain_id,
                                                         AuditEvent.hash == problem._link).limit(1))
    if target is None and problem._link != GENESIS:
        return problem
    linked = "the chain's start" if target is None else f"seq {target}"
    return replace(problem, kind="reordered",
                   detail=f"links to {linked}, not to its predecessor seq {problem.seq - 1}")


def _finish(cur: _Cursor, heads: dict[int, tuple[int, str]], out: Verification) -> None:
    if cur.problem is not None:
        out.problems.append(cur.problem)
        return
    head = heads.get(cur.chain_id)
    if head is None:
        out.problems.append(Problem(cur.chain_id, cur.seq + 1, None, "truncated", "the chain has no head"))
        return
    head_seq, head_hash = head
    if (head_seq, head_hash) == (cur.seq, cur.hash):
        return
    detail = f"the head is at seq {head_seq}, the last event at seq {cur.seq}"
    if head_seq == cur.seq:  # same length, different hash: the last event was replaced
        out.problems.append(Problem(cur.chain_id, cur.seq, cur.last_id, "truncated",
                                    detail + " (hash differs)"))
    else:
        out.problems.append(Problem(cur.chain_id, min(head_seq, cur.seq) + 1, None, "truncated", detail))
