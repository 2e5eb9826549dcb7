"""Worker entry point: ``python -m jobs.worker`` (add ``--burst`` to drain and exit)."""

from __future__ import annotations

import argparse
import logging
import threading

from rq import Queue, SimpleWorker, Worker
from rq.timeouts import TimerDeathPenalty

from bff.security.redaction import install_redaction
from jobs import queues, runtime


class ThreadWorker(SimpleWorker):
    """Runs jobs in a background thread of the embedded app; signals belong to the main thread,
    so timeouts use a timer instead of SIGALRM."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        return None


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
    worker_class: type[Worker] = Worker
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
