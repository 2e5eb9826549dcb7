"""The production scheduler process keeps enqueueing the schedule through a Redis outage."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import redis
from rq import Queue

from jobs import queues


def _relays(url: str) -> int:
    try:
        jobs = Queue(queues.DEFAULT, connection=redis.Redis.from_url(url)).jobs
    except redis.RedisError:
        return 0
    return sum(j.func_name == "jobs.outbox.relay" for j in jobs)


def _wait_for_relays(url: str, proc: subprocess.Popen[bytes], timeout: float = 20) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        assert proc.poll() is None, "the scheduler exited"
        if _relays(url) >= 1:
            return
        time.sleep(0.2)
    raise AssertionError("the scheduler enqueued no relay")


def test_the_scheduler_survives_a_redis_outage_and_schedules_again_when_redis_is_back(private_redis, tmp_path):
    env = {**os.environ, "MIRROR_REDIS_URL": private_redis.url, "MIRROR_ENV": "development",
           "MIRROR_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}"}
    proc = subprocess.Popen([sys.executable, "-m", "jobs.scheduler"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_relays(private_redis.url, proc)
        private_redis.stop()
        time.sleep(3)  # longer than its pause: it has met the outage more than once
        assert proc.poll() is None, "the scheduler died with Redis"
        private_redis.start()  # back, and empty
        _wait_for_relays(private_redis.url, proc)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
