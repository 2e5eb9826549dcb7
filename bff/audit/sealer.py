"""Seal committed audit events into their store's hash chain, a batch at a time (no Flask).

Requests insert events unsealed and lock nothing. For each chain with unsealed events the sealer,
in one short transaction per batch:

1. locks the chain's head (``SELECT ... FOR UPDATE``): two sealers serialise here, and the
   second then finds the events already sealed, so nothing is sealed twice and a chain never forks;
2. takes up to ``BATCH`` unsealed events with a *locking* read, which sees the latest committed
   rows whatever snapshot the transaction holds, and ``SKIP LOCKED``: the row of an event whose
   transaction is still open is locked by it, so the sealer neither waits nor sees it;
3. numbers and hashes them in id order after the head, writes their seal columns (``WHERE seq IS
   NULL``: an event is sealed exactly once), records the batch with its digest chained to the
   previous batch's, and advances the head.

Commit order: an event joins the chain in the first batch that runs after it commits, so an event
with a smaller id that commits after a larger one was sealed is sealed later, after it; a sealed
prefix never changes. Within a batch, events are in id order. There is no watermark to fall
behind: unsealed events are found through ``ix_audit_events_unsealed`` whenever they commit.

The sealer's locks never block a request: under READ COMMITTED (``models.session``) its locking
reads take no gap locks, and requests only insert new rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session, sessionmaker

from bff.audit.chain import batch_digest, event_hash
from bff.hashchain import lock_head
from models import AuditBatch, AuditChainHead, AuditEvent
from models.base import utcnow

BATCH = 500


@dataclass
class SealReport:
    batches: int = 0
    events: int = 0
    chains: set[int] = field(default_factory=set)

    def __str__(self) -> str:
        return f"sealed {self.events} events in {self.batches} batches of {len(self.chains)} chains"


def pending_chains(session: Session) -> list[int]:
    """Chains with committed unsealed events (an index range over the unsealed rows only)."""
    return list(session.scalars(select(AuditEvent.chain_id).where(AuditEvent.seq.is_(None))
                                .group_by(AuditEvent.chain_id).order_by(AuditEvent.chain_id)))


def seal(factory: sessionmaker, *, chains: Iterable[int] | None = None, wait: bool = False,
         max_batches: int | None = None, batch_size: int = BATCH) -> SealReport:
    """Seal every chain's committed events (or only ``chains``'), each batch in its own transaction.

    ``wait``: wait for rows locked by open transactions instead of skipping them, so that every
    event committed by the time this returns is sealed (``mirror audit seal --rescan``).
    ``max_batches`` bounds one chain's work per call (the periodic job; the next tick goes on).
    """
    if chains is None:
        with factory() as session:
            chains = pending_chains(session)
    report = SealReport()
    for chain_id in chains:
        done = 0
        while max_batches is None or done < max_batches:
            with factory.begin() as session:
                sealed = seal_batch(session, chain_id, limit=batch_size, wait=wait)
            if sealed:
                report.batches, report.events = report.batches + 1, report.events + sealed
                report.chains.add(chain_id)
                done += 1
            if sealed < batch_size:
                break
    return report


def seal_batch(session: Session, chain_id: int, *, limit: int = BATCH, wait: bool = False) -> int:
    """Seal up to ``limit`` committed events of one chain in ``session``'s transaction; how many."""
    head = lock_head(session, AuditChainHead, chain_id)
    events = list(session.scalars(
        select(AuditEvent).where(AuditEvent.chain_id == chain_id, AuditEvent.seq.is_(None))
        .order_by(AuditEvent.id).limit(limit)
        .with_for_update(skip_locked=not wait).execution_options(populate_existing=True)))
    if not events:
        return 0
    first_seq, seq, prev = head.last_seq + 1, head.last_seq, head.last_hash
    seals = []
    for event in events:
        seq += 1
        hash_ = event_hash(event, prev, seq=seq)
        seals.append({"event_id": event.id, "seq": seq, "prev_hash": prev, "hash": hash_})
        prev = hash_
    # One statement for the whole batch; ``seq IS NULL`` makes a second seal of a row a no-op.
    ids = [s["event_id"] for s in seals]
    table = AuditEvent.__table__
    result = session.execute(
        update(table).where(table.c.id.in_(ids), table.c.seq.is_(None)).values(
            **{name: case({s["event_id"]: s[name] for s in seals}, value=table.c.id)
               for name in ("seq", "prev_hash", "hash")}))
    if result.rowcount != len(seals):  # the head lock makes this impossible; never seal twice
        raise RuntimeError(f"chain {chain_id}: {len(seals) - result.rowcount} events were sealed concurrently")
    sealed_at = utcnow()
    batch = head.last_batch + 1
    digest = batch_digest(chain_id=chain_id, batch=batch, first_seq=first_seq, last_seq=seq, last_hash=prev,
                          sealed_at=sealed_at, prev_digest=head.last_digest)
    session.add(AuditBatch(chain_id=chain_id, batch=batch, first_seq=first_seq, last_seq=seq, last_hash=prev,
                           sealed_at=sealed_at, prev_digest=head.last_digest, digest=digest))
    head.last_seq, head.last_hash, head.last_batch, head.last_digest = seq, prev, batch, digest
    for event in events:  # the loaded copies describe the rows as they now are
        session.expire(event)
    session.flush()
    return len(events)
