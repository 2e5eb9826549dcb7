"""Daily reconciliation of WeChat Pay bills against orders, refunds and the entitlement ledger.

A run reconciles one bill date (Asia/Shanghai). Runs are never overwritten: re-running a date
adds a run, and ``reconciliation_days`` points at the latest one (its row lock also keeps two
runs of one date from overlapping). Each mismatch keeps the evidence of both sides as JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, PublicIdMixin, UTCDateTime, utcnow


class ReconciliationRun(PublicIdMixin, Base):
    __tablename__ = "reconciliation_runs"
    __table_args__ = (Index("ix_reconciliation_runs_bill_date", "bill_date", "id"),)

    bill_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # running | succeeded | failed
    trigger: Mapped[str] = mapped_column(String(16))  # schedule | operator | cli
    operator_id: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failure_reason: Mapped[str | None] = mapped_column(String(32))
    failure_detail: Mapped[str | None] = mapped_column(String(500))
    bill_rows: Mapped[int] = mapped_column(Integer, default=0)
    refund_rows: Mapped[int] = mapped_column(Integer, default=0)
    # Bill summary and our own sums, in fen: {"trade": {...}, "refund": {...}, "local": {...}}
    totals: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    mismatches: Mapped[int] = mapped_column(Integer, default=0)
    repaired: Mapped[int] = mapped_column(Integer, default=0)
    pending: Mapped[int] = mapped_column(Integer, default=0)


class ReconciliationDay(Base):
    """One row per bill date: the latest run, and the lock that serialises runs of that date."""

    __tablename__ = "reconciliation_days"

    bill_date: Mapped[date] = mapped_column(Date, primary_key=True)
    latest_run_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("reconciliation_runs.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReconciliationMismatch(PublicIdMixin, Base):
    __tablename__ = "reconciliation_mismatches"
    __table_args__ = (
        Index("ix_reconciliation_mismatches_run_id", "run_id", "id"),
        Index("ix_reconciliation_mismatches_out_trade_no", "out_trade_no"),
        Index("ix_reconciliation_mismatches_state", "state", "bill_date"),
    )

    run_id: Mapped[int] = mapped_column(BigId, ForeignKey("reconciliation_runs.id"))
    bill_date: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(32))
    # open | resolved | repaired (WeChat's query API confirmed and we fulfilled) | pending (cross-day)
    # | cleared (a cross-day item found on the next day's bill)
    state: Mapped[str] = mapped_column(String(16))
    out_trade_no: Mapped[str | None] = mapped_column(String(32))
    out_refund_no: Mapped[str | None] = mapped_column(String(64))
    transaction_id: Mapped[str | None] = mapped_column(String(64))
    bill_amount_fen: Mapped[int | None] = mapped_column(Integer)
    local_amount_fen: Mapped[int | None] = mapped_column(Integer)
    bill_evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    local_evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(String(500))
    resolved_by: Mapped[str | None] = mapped_column(String(32))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
