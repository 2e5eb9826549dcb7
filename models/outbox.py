"""The transactional outbox: every follow-up of a change is a row committed with the change.

A row names a job of ``jobs/enqueue.py`` and its arguments (ids and primitives only, never
personal data). ``jobs.outbox`` hands it to RQ right after commit and its relay re-sends rows
not yet acknowledged; a row is acknowledged (``acked_at``) once RQ reports its job finished, or
given up on when RQ reports it failed after its own retries (``outcome`` says which).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, UTCDateTime, utcnow
from models.images import ExportJob, Image


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        # The relay's scan: rows not acknowledged, due first.
        Index("ix_outbox_acked_next", "acked_at", "next_attempt_at"),
        # The sweeper's "is this work already on its way?" look-up.
        Index("ix_outbox_key_id", "key", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # The job's name in jobs/enqueue.py (its dotted function path), e.g. "jobs.images.process_upload".
    job: Mapped[str] = mapped_column(String(128))
    args: Mapped[list[Any]] = mapped_column(JSON)
    # job + args as one string ("jobs.images.process_upload:42"): finds the same follow-up again.
    key: Mapped[str] = mapped_column(String(191))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Hand-offs made by the relay (the fast path after commit writes nothing, to stay cheap).
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # When the relay looks at the row next: send it if RQ has no such job, acknowledge it if done.
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "done", "failed" (RQ gave up after its retries), "unknown_job"; or the last hand-off error.
    outcome: Mapped[str | None] = mapped_column(String(200))

    @property
    def rq_job_id(self) -> str:
        """The RQ job id of this row: the relay asks RQ about it by this id."""
        return f"outbox-{self.id}"


# The sweeper's scans (jobs/sweeper.py) across all stores: work left in a state past its limit.
Index("ix_images_status_purged_captured", Image.status, Image.purged_at, Image.captured_at)
Index("ix_image_exports_status_created", ExportJob.status, ExportJob.created_at)
