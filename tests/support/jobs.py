"""Run queued jobs in the test's process, as a worker would."""

from __future__ import annotations

import redis
from rq import Queue, SimpleWorker
from rq.job import Job
from rq.registry import FinishedJobRegistry

from jobs import queues


class QuietWorker(SimpleWorker):
    """A burst worker without the pubsub command channel: stopping it can wait up to 60 s for a
    subscription that a fast burst never completed (redis-py's PubSub thread), and tests need
    no remote commands."""

    def subscribe(self) -> None:
        return None

    def unsubscribe(self) -> None:
        return None


def drain(connection: redis.Redis, *names: str) -> list[Job]:
    """Run every job queued on ``names`` (default: all queues); the jobs that have finished."""
    names = names or queues.ALL
    QuietWorker([Queue(n, connection=connection) for n in names], connection=connection).work(burst=True)
    return [Job.fetch(job_id, connection=connection)
            for n in names for job_id in FinishedJobRegistry(n, connection=connection).get_job_ids()]
