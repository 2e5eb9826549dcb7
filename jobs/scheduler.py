"""Scheduler entry point: ``python -m jobs.scheduler`` (one per deployment, leader-safe).

RQ's cron scheduler (``jobs.cron_config``) only enqueues; it has no leader election, so two
of them would enqueue every job twice. This entry holds a Redis lock (``SET NX PX``, renewed
every third of its TTL) before it starts: a second replica, or an old pod still terminating
during a rollout, waits as a standby and takes over within one TTL if the leader dies. A leader
that fails to renew stops itself at once. The jobs are idempotent anyway; this keeps them single.
"""

from __future__ import annotations

import argparse
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


def _keep(lock: LeaderLock, stop: threading.Event) -> None:
    while not stop.wait(lock.ttl_ms / 3000):
        try:
            held = lock.renew()
        except redis.RedisError:
            held = False
        if not held:
            log.error("scheduler lost its leader lock; stopping")
            os.kill(os.getpid(), signal.SIGTERM)  # the cron scheduler's own handler stops it cleanly
            return


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the periodic-job scheduler (one leader at a time).")
    parser.add_argument("--config", default=CONFIG)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    rt = runtime.current()
    if rt.settings.redis_url is None:
        raise SystemExit("MIRROR_REDIS_URL is required for the scheduler")
    lock = LeaderLock(rt.redis)
    while not lock.acquire():
        time.sleep(5)  # standby
    log.info("scheduler is the leader")
    stop = threading.Event()
    threading.Thread(target=_keep, args=(lock, stop), name="scheduler-lock", daemon=True).start()
    from rq.cron import CronScheduler  # imports croniter: only here, never in the web process

    scheduler = CronScheduler(connection=rt.redis)
    scheduler.load_config_from_file(args.config)
    try:
        scheduler.start()
    finally:
        stop.set()
        lock.release()


if __name__ == "__main__":
    main()
