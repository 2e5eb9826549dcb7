"""Production scheduler: ``python -m jobs.scheduler``, one leader per deployment (deploy/).

It is RQ's cron scheduler (``rq cron jobs.cron_config``) loaded with ``jobs.schedule.SCHEDULE``,
with two things RQ lacks:
- a leader lock: RQ's cron has no election, so two copies would enqueue every job twice. This
  holds a Redis lock (``SET NX PX``, renewed every third of its TTL) before it starts; a second
  replica, or an old pod still terminating during a rollout, waits as a standby and takes over
  within one TTL if the leader dies. A leader that fails to renew stops scheduling at once.
- surviving Redis outages: RQ's loop ends on the first Redis error, and a scheduler that is down
  (or in a crash-loop back-off) leaves the outbox relay and every periodic job waiting. Here a
  Redis error only pauses it: it stands by again and resumes as soon as Redis answers.
Only SIGTERM / Ctrl-C ends it. The jobs are idempotent anyway; the lock keeps them single.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import secrets
import signal
import threading
import time

import redis

from jobs import runtime

log = logging.getLogger(__name__)
CONFIG = "jobs.cron_config"
LOCK_KEY = "mirror:scheduler:leader"
PAUSE_SECONDS = 5
_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0"
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


class LeaderLock:
    def __init__(self, connection: redis.Redis, key: str = LOCK_KEY, ttl_ms: int = 30_000) -> None:
        self.connection, self.key, self.ttl_ms = connection, key, ttl_ms
        self.token = secrets.token_hex(16)

    def acquire(self) -> bool:
        return bool(self.connection.set(self.key, self.token, nx=True, px=self.ttl_ms))

    def renew(self) -> bool:
        return bool(self.connection.eval(_RENEW, 1, self.key, self.token, self.ttl_ms))

    def release(self) -> None:
        self.connection.eval(_RELEASE, 1, self.key, self.token)


def _keep(lock: LeaderLock, stop: threading.Event, lost: threading.Event) -> None:
    while not stop.wait(lock.ttl_ms / 3000):
        try:
            held = lock.renew()
        except redis.RedisError:
            held = False
        if not held:
            log.error("scheduler lost its leader lock; standing by")
            lost.set()
            os.kill(os.getpid(), signal.SIGTERM)  # the cron scheduler's own handler stops its loop
            return


def _wait_for_lock(lock: LeaderLock) -> None:
    while True:
        try:
            if lock.acquire():
                return
        except redis.RedisError as exc:
            log.warning("scheduler paused: Redis unavailable", extra={"error": type(exc).__name__})
        time.sleep(PAUSE_SECONDS)  # standby


def run_as_leader(connection: redis.Redis, config: str = CONFIG) -> bool:
    """Take the lock, run RQ's cron loop until it stops; True when it should run again."""
    from rq.cron import CronScheduler  # imports croniter: only here, never in the web process

    lock = LeaderLock(connection)
    _wait_for_lock(lock)
    log.info("scheduler is the leader")
    stop, lost = threading.Event(), threading.Event()
    threading.Thread(target=_keep, args=(lock, stop, lost), name="scheduler-lock", daemon=True).start()
    try:
        cron = CronScheduler(connection=connection, logging_level="INFO")
        cron.load_config_from_file(config)
        cron.start()
    except redis.RedisError as exc:
        log.warning("scheduler paused: Redis unavailable", extra={"error": type(exc).__name__})
        time.sleep(PAUSE_SECONDS)
        return True
    finally:
        stop.set()
        with contextlib.suppress(redis.RedisError):  # it expires by itself
            lock.release()
    return lost.is_set()  # a lost lock stands by again; a SIGTERM from outside ends the process


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the periodic-job scheduler (one leader at a time).")
    parser.add_argument("--config", default=CONFIG)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    rt = runtime.current()
    if rt.settings.redis_url is None:
        raise SystemExit("MIRROR_REDIS_URL is required for the scheduler")
    while run_as_leader(rt.redis, args.config):
        pass


if __name__ == "__main__":
    main()
