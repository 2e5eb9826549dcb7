"""Periodic jobs.

Production: run RQ 3's cron scheduler next to the workers, ``rq cron jobs.cron_config --url
$MIRROR_REDIS_URL``; it only enqueues (every ``interval`` seconds) and the workers
(``python -m jobs.worker``) run the jobs. Embedded (``mirror demo``): ``start_in_thread``
enqueues the same jobs from a daemon thread and the in-process worker runs them (no
``rq.cron`` import there: it pulls in croniter, which shells out at import time).

| job | every | what |
|---|---|---|
| ``jobs.billing.close_expired_orders`` | 60 s | expire unpaid orders (query WeChat, fulfil or close) |
| ``jobs.analysis.requeue_stale`` | 60 s | re-enqueue analyses whose worker died or whose enqueue was lost |
"""

from __future__ import annotations

import logging
import threading

from jobs import enqueue

log = logging.getLogger(__name__)
CLOSE_EXPIRED_ORDERS_EVERY = 60


def _tick(stop: threading.Event) -> None:
    while not stop.wait(CLOSE_EXPIRED_ORDERS_EVERY):
        for tick in (enqueue.close_expired_orders, enqueue.requeue_stale_analyses):
            try:
                tick()
            except Exception:  # a failed enqueue must not end the schedule
                log.exception("scheduling %s failed", tick.__name__)


def start_in_thread() -> threading.Event:
    """The embedded default's scheduler; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=_tick, args=(stop,), name="mirror-schedule", daemon=True).start()
    return stop
