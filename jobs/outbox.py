"""The transactional outbox: follow-ups survive Redis outages, a flushed Redis and crashes.

``emit(session, enqueue.purge_image, image.id)`` adds an ``outbox`` row to the caller's
transaction: the follow-up commits with the change that causes it, or not at all. After commit
the row is handed to RQ at once (the fast path: one enqueue, no extra statement), as RQ job
``outbox-<row id>``. The relay (``relay``, every few seconds from ``jobs/schedule.py``) looks at
rows not yet acknowledged once they are due and asks RQ about their job:

- no such job (the fast path failed: Redis was down, the process died between commit and
  enqueue; or Redis lost it: flushed, failed over): send it (again), with back-off on failure;
- queued, scheduled for a retry or running: look again later;
- finished: acknowledged (``acked_at``, outcome ``done``);
- failed after RQ's own retries: acknowledged with outcome ``failed`` (the job's on_failure has
  run; the sweeper re-drives work left unfinished).

A job may therefore run more than once (a re-send while a lost job was running, a sweeper
re-drive): every job is idempotent, so a double hand-off is harmless.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta

import redis
from rq.job import Job, JobStatus
from sqlalchemy import delete, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from jobs import runtime
from jobs.enqueue import JOBS, JobSpec
from models.base import utcnow
from models.outbox import OutboxMessage
from models.session import after_commit

log = logging.getLogger(__name__)

# The fast path's head start: the relay leaves a new row alone this long.
GRACE = timedelta(seconds=10)
# How often the relay asks RQ about a job it has handed off.
CHECK_EVERY = timedelta(seconds=30)
# Back-off after a failed hand-off: 5 s, 10 s, 20 s ... up to 5 minutes.
BACKOFF_FIRST, BACKOFF_MAX = 5, 300
BATCH = 200
# Acknowledged rows are kept this long (what was sent, when, how it ended), then pruned.
KEEP_ACKED = timedelta(days=7)
PRUNE_BATCH = 5000

_FINISHED = JobStatus.FINISHED.value
_IN_FLIGHT = {JobStatus.QUEUED.value, JobStatus.STARTED.value, JobStatus.DEFERRED.value, JobStatus.SCHEDULED.value}


def key_of(job: JobSpec, args: tuple[int | str, ...] | list[int | str]) -> str:
    """``job:arg1:arg2``: finds the outbox rows of the same follow-up (the sweeper asks)."""
    return ":".join([job.func, *map(str, args)])[:191]


def emit(session: Session, job: JobSpec, *args: int | str, now: datetime | None = None) -> OutboxMessage:
    """Write follow-up ``job(*args)`` in ``session``'s transaction; it is handed to RQ after commit.

    ``args`` are ids and primitives only. Nothing happens if the transaction rolls back. ``now``
    (default: the clock) is the row's ``created_at``, for callers that run on their own clock.
    """
    if not isinstance(job, JobSpec) or JOBS.get(job.func) != job:
        raise TypeError(f"{job!r} is not a job of jobs/enqueue.py")
    if not all(isinstance(a, int | str) and not isinstance(a, bool) for a in args):
        raise TypeError("outbox arguments are ids and strings only")
    now = now or utcnow()
    row = OutboxMessage(job=job.func, args=list(args), key=key_of(job, args), created_at=now, attempts=0,
                        next_attempt_at=now + GRACE)
    session.add(row)
    after_commit(session, _hand_off, row)
    return row


def _hand_off(row: OutboxMessage) -> None:
    """The fast path, right after commit. A failure only logs: the relay sends the row later."""
    if not sa_inspect(row).persistent:  # emitted in a savepoint that rolled back: nothing to send
        return
    try:
        JOBS[row.job](*row.args, job_id=row.rq_job_id)
    except Exception as exc:
        log.warning("outbox hand-off failed; the relay will send it",
                    extra={"outbox_id": row.id, "job": row.job, "error": type(exc).__name__})


def backoff(attempts: int) -> timedelta:
    base = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=base * random.uniform(0.8, 1.2))  # noqa: S311 - jitter, not secrecy


def _statuses(client: redis.Redis, rows: list[OutboxMessage]) -> list[str | None]:
    """RQ's status of each row's job, None where RQ has no such job; one round trip."""
    pipe = client.pipeline(transaction=False)
    for row in rows:
        pipe.hget(Job.key_for(row.rq_job_id), "status")
    return [s.decode() if isinstance(s, bytes) else s for s in pipe.execute()]


def relay(*, now: datetime | None = None, batch: int = BATCH) -> dict[str, int]:
    """Send, re-send or acknowledge the due rows (at most ``batch``); returns what it did."""
    rt = runtime.current()
    now = now or utcnow()
    counts = {"sent": 0, "acked": 0, "failed": 0, "waiting": 0, "backoff": 0}
    with rt.transaction() as s:
        # SKIP LOCKED: two relays running at once share the rows instead of queueing on them.
        rows = list(s.scalars(select(OutboxMessage)
                              .where(OutboxMessage.acked_at.is_(None), OutboxMessage.next_attempt_at <= now)
                              .order_by(OutboxMessage.next_attempt_at).limit(batch)
                              .with_for_update(skip_locked=True)))
        if not rows:
            return counts
        try:
            statuses = _statuses(rt.redis, rows)
        except redis.RedisError as exc:
            _back_off(rows, now, exc, counts)
            return counts
        for n, (row, status) in enumerate(zip(rows, statuses, strict=True)):
            if row.job not in JOBS:
                log.error("outbox row names no known job", extra={"outbox_id": row.id, "job": row.job})
                row.acked_at, row.outcome = now, "unknown_job"
                counts["failed"] += 1
            elif status is None:
                try:
                    JOBS[row.job](*row.args, job_id=row.rq_job_id)
                except redis.RedisError as exc:  # Redis is down: every row left waits its back-off
                    _back_off(rows[n:], now, exc, counts)
                    break
                except Exception as exc:  # this row only (a bad argument): it must not block the others
                    log.exception("outbox hand-off failed", extra={"outbox_id": row.id, "job": row.job})
                    _back_off([row], now, exc, counts)
                    continue
                row.attempts += 1
                row.last_sent_at, row.next_attempt_at, row.outcome = now, now + CHECK_EVERY, None
                counts["sent"] += 1
            elif status == _FINISHED:
                row.acked_at, row.outcome = now, "done"
                counts["acked"] += 1
            elif status in _IN_FLIGHT:
                row.next_attempt_at = now + CHECK_EVERY
                counts["waiting"] += 1
            else:  # failed after its retries, stopped or canceled by an operator
                row.acked_at, row.outcome = now, str(status)[:200]
                counts["failed"] += 1
    if counts["sent"] or counts["failed"] or counts["backoff"]:
        log.info("outbox relayed", extra=counts)
    return counts


def _back_off(rows: list[OutboxMessage], now: datetime, exc: Exception, counts: dict[str, int]) -> None:
    if isinstance(exc, redis.RedisError):
        log.warning("outbox relay cannot reach Redis", extra={"rows": len(rows), "error": type(exc).__name__})
    for row in rows:
        row.attempts += 1
        row.next_attempt_at, row.outcome = now + backoff(row.attempts), f"error: {type(exc).__name__}"[:200]
        counts["backoff"] += 1


def prune(*, now: datetime | None = None) -> int:
    """Delete rows acknowledged more than ``KEEP_ACKED`` ago (one batch); how many went."""
    cutoff = (now or utcnow()) - KEEP_ACKED
    with runtime.current().transaction() as s:
        ids = list(s.scalars(select(OutboxMessage.id).where(OutboxMessage.acked_at < cutoff)
                             .order_by(OutboxMessage.acked_at).limit(PRUNE_BATCH)))
        if ids:
            s.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(ids)))
    return len(ids)
