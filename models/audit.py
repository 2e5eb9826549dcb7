"""Tamper-evident audit trail: one hash chain per store (chain 0 holds platform events).

A request INSERTs its event unsealed (``seq``, ``prev_hash`` and ``hash`` NULL) and locks
nothing. The sealer (``bff.audit.sealer``) later numbers and hashes committed events in
batches, under the row lock of the chain's head, and records each batch with a digest chained
to the previous one. The application's database user may INSERT events and fill in those three
seal columns, never change an event's content or delete one (see migrations/README.md).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, UTCDateTime, utcnow

GENESIS = "0" * 64


class AuditChainHead(Base):
    """Where a chain ends: its last sealed event and its last batch. Locked to seal."""

    __tablename__ = "audit_chain_heads"

    chain_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    last_batch: Mapped[int] = mapped_column(BigInteger, default=0)
    last_digest: Mapped[str] = mapped_column(String(64), default=GENESIS)


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("chain_id", "seq"),  # NULLs (unsealed) never collide
        Index("ix_audit_events_subject", "subject_type", "subject_id", "id"),
        Index("ix_audit_events_unsealed", "seq", "chain_id"),  # the sealer's "which chains have work"
        Index("ix_audit_events_chain", "chain_id", "id"),  # a store's events, newest first
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    chain_id: Mapped[int] = mapped_column(BigInteger)
    seq: Mapped[int | None] = mapped_column(BigInteger)  # set once, by the sealer
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[str | None] = mapped_column(String(32))  # public id, never a name
    actor_role: Mapped[str] = mapped_column(String(16))
    store_id: Mapped[str | None] = mapped_column(String(32))  # store public id
    action: Mapped[str] = mapped_column(String(32))
    subject_type: Mapped[str] = mapped_column(String(24))
    subject_id: Mapped[str] = mapped_column(String(32))
    purpose: Mapped[str | None] = mapped_column(String(200))
    result: Mapped[str] = mapped_column(String(16))
    request_id: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str | None] = mapped_column(String(64))  # set by the sealer
    hash: Mapped[str | None] = mapped_column(String(64))  # set by the sealer


class AuditBatch(Base):
    """One sealing run's share of a chain: events ``first_seq..last_seq``, append-only."""

    __tablename__ = "audit_batches"

    chain_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    batch: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_seq: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    prev_digest: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))
