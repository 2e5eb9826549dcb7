"""Periodic jobs: ONE list, ``SCHEDULE``, read by production and by the embedded default.

Production: RQ 3's cron scheduler runs next to the workers, ``python -m jobs.scheduler`` (``rq cron
jobs.cron_config`` behind a Redis leader lock, see deploy/); ``jobs/cron_config.py`` registers every
entry below (tests/test_deploy_schedule.py checks deploy/ runs it), it only enqueues, and
the workers (``python -m jobs.worker``) run the jobs. Embedded (``mirror demo``):
``start_in_thread`` enqueues the same entries from a daemon thread and the in-process worker runs
them (no ``rq.cron`` import there: it pulls in croniter, which shells out at import time; croniter
is imported only if an entry has a cron string).

Adding a periodic job is one line: ``Periodic(name, "jobs.module.function", every_seconds=...,
timeout=...)``, or ``cron="30 18 * * *"`` for a time of day. Cron strings are read in the
scheduler process's local time zone, as RQ does: deploy/ runs in UTC, so 02:30 Asia/Shanghai is
``"30 18 * * *"``. A job that runs on a schedule takes no arguments and is idempotent (a tick may
be late, or two may overlap).
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from rq import Queue

from jobs import queues, runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    func: str  # dotted path of a job function that takes no arguments
    every_seconds: int | None = None
    cron: str | None = None  # "minute hour day month weekday", local time of the scheduler
    timeout: int = 60  # RQ's job_timeout for one run
    queue: str = queues.DEFAULT

    def __post_init__(self) -> None:
        if (self.every_seconds is None) == (self.cron is None):
            raise ValueError(f"{self.name}: give exactly one of every_seconds and cron")

    def function(self) -> Callable[..., Any]:
        module, _, name = self.func.rpartition(".")
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]

    def next_run(self, after: datetime) -> datetime:
        """The first run strictly after ``after`` (aware UTC)."""
        if self.every_seconds is not None:
            return after + timedelta(seconds=self.every_seconds)
        from croniter import croniter

        return croniter(self.cron, after.astimezone()).get_next(datetime).astimezone(UTC)  # type: ignore[no-any-return]

    def enqueue(self) -> None:
        # No retries: the next tick is the retry. Results are short-lived; there are many runs.
        Queue(self.queue, connection=runtime.current().redis).enqueue_call(
            self.func, timeout=self.timeout, result_ttl=600, failure_ttl=24 * 3600)


SCHEDULE: tuple[Periodic, ...] = (
    # Expire unpaid orders (query WeChat, fulfil or close).
    Periodic("close_expired_orders", "jobs.billing.close_expired_orders", every_seconds=60, timeout=120),
    # Hand outbox rows to RQ that the fast path did not, and acknowledge finished ones (jobs/outbox.py).
    Periodic("outbox_relay", "jobs.outbox.relay", every_seconds=5, timeout=60),
    # Delete outbox rows acknowledged more than a week ago.
    Periodic("outbox_prune", "jobs.outbox.prune", every_seconds=3600, timeout=300),
    # Re-drive work left processing/running past its time limit (jobs/sweeper.py).
    Periodic("sweeper", "jobs.sweeper.sweep", every_seconds=300, timeout=300),
    # Chain committed audit events into their stores' hash chains, shortly after commit (jobs/audit.py).
    Periodic("seal_audit_events", "jobs.audit.seal_audit_events", every_seconds=5, timeout=60),
    # Reconcile yesterday's WeChat Pay bills once a day: hourly, the job itself waits for 10:00
    # Asia/Shanghai (bills ready) and skips a date already reconciled (jobs/reconciliation.py).
    Periodic("reconcile_previous_day", "jobs.reconciliation.reconcile_previous_day", every_seconds=3600,
             timeout=1800),
)

if len({p.name for p in SCHEDULE}) != len(SCHEDULE):
    raise ValueError("periodic job names must be unique")


class Ticker:
    """Which entries are due: each entry's next run, starting one period after ``start``."""

    def __init__(self, entries: tuple[Periodic, ...], start: datetime) -> None:
        self.next = {p.name: p.next_run(start) for p in entries}
        self.entries = entries

    def due(self, now: datetime) -> list[Periodic]:
        due = [p for p in self.entries if self.next[p.name] <= now]
        for p in due:  # a late tick runs an entry once, not once per missed period
            self.next[p.name] = p.next_run(now)
        return due

    def seconds_to_next(self, now: datetime) -> float:
        return max(0.0, min((t - now).total_seconds() for t in self.next.values()))


def _run(stop: threading.Event, entries: tuple[Periodic, ...]) -> None:
    ticker = Ticker(entries, datetime.now(UTC))
    while not stop.wait(ticker.seconds_to_next(datetime.now(UTC))):
        for entry in ticker.due(datetime.now(UTC)):
            try:
                entry.enqueue()
            except Exception:  # a failed enqueue (Redis down) must not end the schedule
                log.exception("scheduling a periodic job failed", extra={"periodic": entry.name})


def start_in_thread(entries: tuple[Periodic, ...] = SCHEDULE) -> threading.Event:
    """The embedded default's scheduler; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=_run, args=(stop, entries), name="mirror-schedule", daemon=True).start()
    return stop
