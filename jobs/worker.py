"""Worker entry point: ``python -m jobs.worker`` (add ``--burst`` to drain and exit)."""

from __future__ import annotations

import argparse
import logging
import threading

from rq import Queue, SimpleWorker, Worker
from rq.timeouts import TimerDeathPenalty

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
    rt = runtime.current()
    if rt.settings.redis_url is None:
        raise SystemExit("MIRROR_REDIS_URL is required for a standalone worker")
    # The default forking Worker isolates each job in a work horse; a crash kills only that job.
    worker = Worker([Queue(name, connection=rt.redis) for name in args.queues], connection=rt.redis)
    worker.work(with_scheduler=True, burst=args.burst)


if __name__ == "__main__":
    main()
