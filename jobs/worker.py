"""Worker entry point: ``python -m jobs.worker`` (add ``--burst`` to drain and exit)."""

from __future__ import annotations

import argparse
import logging
import threading
from typing import Any

from rq import Queue, SimpleWorker, Worker
from rq.scheduler import RQScheduler
from rq.scheduler import run as run_scheduler
from rq.timeouts import TimerDeathPenalty
from rq.worker import BaseWorker

from bff.security.redaction import install_redaction
from jobs import queues, runtime


class ThreadScheduler(RQScheduler):
    """RQ's scheduler (delayed jobs, retries with an interval) in a thread, not a forked process:
    the embedded Redis lives in this process's memory, which a fork would only copy (the child
    would move jobs nobody sees), and a forked child outlives a demo that is killed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._connection = kwargs["connection"]  # the very client, not a new one from its pool

    def start(self) -> threading.Thread:
        self._status = self.Status.STARTED
        thread = threading.Thread(target=run_scheduler, args=(self,), name="rq-scheduler", daemon=True)
        self._process = thread  # type: ignore[assignment]  # rq types it None-only (its forked Process)
        thread.start()
        return thread

    def _install_signal_handlers(self) -> None:
        return None


class ThreadWorker(SimpleWorker):
    """Runs jobs in a background thread of the embedded app; signals belong to the main thread,
    so timeouts use a timer instead of SIGALRM, and the scheduler is a thread too."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        return None

    def _start_scheduler(self, burst: bool = False, logging_level: str | None = "INFO", *_args: Any,
                         **_kwargs: Any) -> None:
        self.scheduler = ThreadScheduler(self.queues, connection=self.connection,
                                         logging_level=logging_level or self.log.level, serializer=self.serializer)
        self.scheduler.acquire_locks()
        if self.scheduler.acquired_locks:
            self.scheduler.start()

    def stop_scheduler(self) -> None:
        if self.scheduler is not None:
            self.scheduler.request_stop()


def start_in_thread(rt: runtime.Runtime) -> threading.Thread:
    """The embedded default's in-process job runner: same queues, same code path."""
    worker = ThreadWorker([Queue(name, connection=rt.redis) for name in queues.ALL], connection=rt.redis)
    thread = threading.Thread(
        target=worker.work, kwargs={"with_scheduler": True, "logging_level": "WARNING"},
        name="rq-worker", daemon=True,
    )
    thread.start()
    from jobs import schedule  # the periodic jobs too (production runs `python -m jobs.scheduler`)

    schedule.start_in_thread()
    return thread


def main() -> None:
    parser = argparse.ArgumentParser(description="Run an RQ worker for the Mirror BFF queues.")
    parser.add_argument("--queues", nargs="*", default=list(queues.ALL))
    parser.add_argument("--burst", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    install_redaction()  # job tracebacks carry database and HTTP error texts too
    rt = runtime.current()
    if rt.settings.redis_url is None:
        raise SystemExit("MIRROR_REDIS_URL is required for a standalone worker")
    worker_class: type[BaseWorker] = Worker
    if args.queues == [queues.ANALYSIS]:
        # Inference workers: models loaded and verified once, here; jobs run in this process
        # (no work horse per job, so no reload). A crash takes the worker down and the sweeper
        # (jobs.analysis.requeue_stale) hands its row to the next attempt.
        preload_models(rt)
        worker_class = SimpleWorker
    # Otherwise the default forking Worker isolates each job in a work horse; a crash kills only that job.
    worker = worker_class([Queue(name, connection=rt.redis) for name in args.queues], connection=rt.redis)
    worker.work(with_scheduler=True, burst=args.burst)


def preload_models(rt: runtime.Runtime) -> list[str]:
    """Load and verify (SHA-256) the active analysis models; refuses to start on a bad file."""
    import cv2

    from jobs import analysis

    cv2.setNumThreads(1)  # one inference worker per core; threads would fight over it
    with rt.transaction() as session:
        specs = analysis.active_specs(session)
    analysis.load_models(specs)
    return [f"{s.name}:{s.version}" for s in specs]


if __name__ == "__main__":
    main()
