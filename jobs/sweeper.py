"""The sweeper: work left ``processing``/``running`` past its time limit is driven again.

The outbox guarantees a follow-up reaches RQ; it cannot bring back a job RQ gave up on (storage
down through every retry), one lost with a worker killed mid-run, or work from before the outbox.
Each ``Stuck`` entry names a state that a job should have moved on, the job that moves it, and
a time limit: the job's worst case in RQ (every run to its timeout plus the waits between
retries) plus a margin. Past it, the sweeper emits the job again through the outbox, unless the
same follow-up was emitted within the limit; at most ``MAX_REDRIVES`` times, then it logs an
error for a person to look at. The jobs are idempotent, so a re-drive of work that was in fact
still going is harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select

from jobs import enqueue, outbox, runtime
from jobs.enqueue import JobSpec
from models import ExportJob, Image
from models.base import utcnow
from models.images import ExportStatus, ImageStatus
from models.outbox import OutboxMessage

log = logging.getLogger(__name__)

MARGIN = timedelta(minutes=10)
MAX_REDRIVES = 3
BATCH = 500


@dataclass(frozen=True)
class Stuck:
    name: str
    job: JobSpec
    # Ids of the rows in the state since before the cutoff.
    query: Callable[[datetime], Select[tuple[int]]]

    @property
    def limit(self) -> timedelta:
        return timedelta(seconds=self.job.worst_case_seconds) + MARGIN


STUCK: tuple[Stuck, ...] = (
    # Uploaded, never checked (or blocked, its object never removed).
    Stuck("image_processing", enqueue.process_upload, lambda cutoff: select(Image.id).where(
        Image.status.in_((ImageStatus.processing, ImageStatus.blocked)), Image.purged_at.is_(None),
        Image.captured_at < cutoff)),
    # Deleted, objects still in storage.
    Stuck("image_purge", enqueue.purge_image, lambda cutoff: select(Image.id).where(
        Image.status == ImageStatus.deleted, Image.purged_at.is_(None), Image.deleted_at < cutoff)),
    # Requested, never finished (queued or running).
    Stuck("export", enqueue.build_export, lambda cutoff: select(ExportJob.id).where(
        ExportJob.status.in_((ExportStatus.queued, ExportStatus.running)), ExportJob.created_at < cutoff)),
)


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Re-drive what is stuck; returns how many of each kind were re-driven."""
    now = now or utcnow()
    return {entry.name: _sweep(entry, now) for entry in STUCK}


def _sweep(entry: Stuck, now: datetime) -> int:
    rt = runtime.current()
    cutoff = now - entry.limit
    redriven = 0
    with rt.transaction() as s:
        for row_id in list(s.scalars(entry.query(cutoff).order_by("id").limit(BATCH))):
            key = outbox.key_of(entry.job, (row_id,))
            total, latest = s.execute(select(func.count(), func.max(OutboxMessage.created_at))
                                      .where(OutboxMessage.key == key)).one()
            if latest is not None and latest >= cutoff:
                continue  # emitted within the limit: give it its time
            if total > MAX_REDRIVES:  # the first emit plus MAX_REDRIVES re-drives
                log.error("work still stuck after re-drives", extra={"stuck": entry.name, "row_id": row_id})
                continue
            outbox.emit(s, entry.job, row_id, now=now)
            redriven += 1
    if redriven:
        log.warning("stuck work re-driven", extra={"stuck": entry.name, "count": redriven})
    return redriven
