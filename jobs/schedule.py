"""Periodic jobs.

Production: run RQ 3's cron scheduler next to the workers, ``rq cron jobs.cron_config --url
$MIRROR_REDIS_URL``; it only enqueues (every ``interval`` seconds) and the workers
(``python -m jobs.worker``) run the jobs. Embedded (``mirror demo``): ``start_in_thread``
enqueues the same jobs from a daemon thread and the in-process worker runs them (no
``rq.cron`` import there: it pulls in croniter, which shells out at import time).

| job | every | what |
|---|---|---|
| ``jobs.billing.close_expired_orders`` | 60 s | expire unpaid orders (query WeChat, fulfil or close) |
| ``jobs.audit.seal_audit_events`` | 5 s | chain committed audit events into their stores' hash chains |
"""

from __future__ import annotations

import logging
import threading

from jobs import enqueue

log = logging.getLogger(__name__)
CLOSE_EXPIRED_ORDERS_EVERY = 60
SEAL_AUDIT_EVENTS_EVERY = 5


def _tick(stop: threading.Event) -> None:
    while not stop.wait(CLOSE_EXPIRED_ORDERS_EVERY):
        try:
            enqueue.close_expired_orders()
        except Exception:  # a failed enqueue must not end the schedule
            log.exception("scheduling close_expired_orders failed")


def _tick_seal(stop: threading.Event) -> None:
    # Sleeps between ticks; an idle run is one index lookup, so the embedded default stays idle.
    while not stop.wait(SEAL_AUDIT_EVENTS_EVERY):
        try:
            enqueue.seal_audit_events()
        except Exception:  # a failed enqueue must not end the schedule
            log.exception("scheduling seal_audit_events failed")


def start_in_thread() -> threading.Event:
    """The embedded default's scheduler; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=_tick, args=(stop,), name="mirror-schedule", daemon=True).start()
    threading.Thread(target=_tick_seal, args=(stop,), name="mirror-schedule-seal", daemon=True).start()
    return stop
