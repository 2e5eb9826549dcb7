"""Production scheduler: ``python -m jobs.scheduler``, one replica next to the workers.

It is RQ's cron scheduler (``rq cron jobs.cron_config``) loaded with ``jobs.schedule.SCHEDULE``,
kept alive through Redis outages: RQ's loop ends on the first Redis error, and a scheduler that
is down, or restarting under a crash-loop back-off, leaves the outbox relay and every periodic job
waiting. Here a Redis error only pauses it; it starts again as soon as Redis answers. Two replicas
would do no harm (each entry is idempotent, the relay shares rows with SKIP LOCKED), only work twice.
"""

from __future__ import annotations

import logging
import time

import redis
from rq.cron import CronScheduler

from jobs import runtime

log = logging.getLogger(__name__)
PAUSE_SECONDS = 5


def run_once(connection: redis.Redis) -> None:
    """Load the schedule and run RQ's cron loop until it stops or Redis fails."""
    cron = CronScheduler(connection=connection, logging_level="INFO")
    cron.load_config_from_file("jobs.cron_config")
    cron.start()


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    rt = runtime.current()
    if rt.settings.redis_url is None:
        raise SystemExit("MIRROR_REDIS_URL is required for the scheduler")
    while True:
        try:
            run_once(rt.redis)
            return  # stopped on purpose (SIGTERM / Ctrl-C)
        except redis.RedisError as exc:
            log.warning("scheduler paused: Redis unavailable", extra={"error": type(exc).__name__})
            time.sleep(PAUSE_SECONDS)


if __name__ == "__main__":
    main()
