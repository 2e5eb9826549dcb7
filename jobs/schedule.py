"""Periodic jobs.

Production: run RQ 3's cron scheduler next to the workers, ``rq cron jobs.cron_config --url
$MIRROR_REDIS_URL``; it only enqueues (every ``interval`` seconds) and the workers
(``python -m jobs.worker``) run the jobs. Embedded (``mirror demo``): ``start_in_thread``
enqueues the same jobs from a daemon thread and the in-process worker runs them (no
``rq.cron`` import there: it pulls in croniter, which shells out at import time).

| job | every | what |
|---|---|---|
| ``jobs.billing.close_expired_orders`` | 60 s | expire unpaid orders (query WeChat, fulfil or close) |
| ``jobs.reconciliation.reconcile_previous_day`` | hourly | from 10:00 Shanghai, reconcile yesterday once |

``PERIODIC`` lists them; a test checks that ``jobs.cron_config`` and ``deploy/`` schedule each.
"""

from __future__ import annotations

import logging
import threading

from jobs import enqueue

log = logging.getLogger(__name__)
CLOSE_EXPIRED_ORDERS_EVERY = 60
RECONCILE_EVERY = 3600  # the job itself waits for 10:00 Shanghai and runs once a day
PERIODIC = ("jobs.billing.close_expired_orders", "jobs.reconciliation.reconcile_previous_day")


def _tick(stop: threading.Event) -> None:
    while not stop.wait(CLOSE_EXPIRED_ORDERS_EVERY):
        try:
            enqueue.close_expired_orders()
        except Exception:  # a failed enqueue must not end the schedule
            log.exception("scheduling close_expired_orders failed")


def _daily(stop: threading.Event) -> None:
    while not stop.wait(RECONCILE_EVERY):
        try:
            enqueue.reconcile_previous_day()
        except Exception:  # a failed enqueue must not end the schedule
            log.exception("scheduling reconcile_previous_day failed")


def start_in_thread() -> threading.Event:
    """The embedded default's scheduler; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=_tick, args=(stop,), name="mirror-schedule", daemon=True).start()
    threading.Thread(target=_daily, args=(stop,), name="mirror-schedule-daily", daemon=True).start()
    return stop
