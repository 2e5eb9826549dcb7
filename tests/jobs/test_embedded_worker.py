"""The embedded default's job runner: jobs and RQ's scheduler run as threads of the one process
over its in-memory Redis, so delayed jobs (retries with an interval) run, and nothing is forked."""

from __future__ import annotations

import multiprocessing
import threading
import time
from datetime import timedelta

import fakeredis
from rq import Queue

from jobs.worker import ThreadWorker

DONE: list[str] = []


def remember(value: str) -> str:
    DONE.append(value)
    return value


def test_a_delayed_job_runs_in_process_and_no_scheduler_process_is_forked():
    redis = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    queue = Queue("embedded-test", connection=redis)
    worker = ThreadWorker([queue], connection=redis)
    thread = threading.Thread(target=worker.work, kwargs={"with_scheduler": True, "logging_level": "WARNING"},
                              daemon=True)
    thread.start()
    try:
        queue.enqueue(remember, "now")
        queue.enqueue_in(timedelta(seconds=1), remember, "later")
        deadline = time.monotonic() + 15
        while DONE != ["now", "later"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert DONE == ["now", "later"]
        assert multiprocessing.active_children() == []
        assert worker.scheduler is not None and worker.scheduler._process.is_alive()  # noqa: SLF001
        assert isinstance(worker.scheduler._process, threading.Thread)  # noqa: SLF001
    finally:
        worker._stop_requested = True  # noqa: SLF001 - the loop ends at its next turn (a daemon thread)
        worker.stop_scheduler()
