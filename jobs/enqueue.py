"""The only place that calls ``queue.enqueue``: timeouts and retries are visible here.

Callers pass ids and primitives only (never personal data), and web code calls
these through ``after_commit`` so a worker never sees an uncommitted row.
"""

from __future__ import annotations

from rq import Queue, Retry

from jobs import queues, runtime


def _queue(name: str) -> Queue:
    return Queue(name, connection=runtime.current().redis)


def send_welcome_message(user_id: int) -> None:
    _queue(queues.NOTIFICATIONS).enqueue(
        "jobs.notifications.send_welcome_message",
        user_id,
        job_timeout=30,
        retry=Retry(max=3, interval=[10, 60, 300]),
        failure_ttl=7 * 24 * 3600,
    )


def close_expired_orders() -> None:
    """Once a minute (jobs/schedule.py); no retries: the next tick is the retry."""
    _queue(queues.DEFAULT).enqueue(
        "jobs.billing.close_expired_orders",
        job_timeout=120,
        result_ttl=3600,
        failure_ttl=24 * 3600,
    )
