"""The only place that calls ``queue.enqueue``: every job's queue, timeout and retries are here.

Each job is a ``JobSpec``. Follow-ups of a change are not enqueued directly: they are written to
the outbox in the change's transaction, ``outbox.emit(session, enqueue.purge_image, image.id)``,
and handed to RQ after commit (``jobs/outbox.py``). Calling a spec, ``enqueue.purge_image(id)``,
enqueues at once (tests, operators replaying by hand). Arguments are ids and primitives only,
never personal data.
"""

from __future__ import annotations

from dataclasses import dataclass

from rq import Callback, Queue, Retry
from rq.job import Job

from jobs import queues, runtime

# Long enough that the outbox relay always finds a finished job before RQ forgets it.
RESULT_TTL = 24 * 3600

# Every spec by name, filled as specs are defined below: what the outbox relay can send.
JOBS: dict[str, JobSpec] = {}


@dataclass(frozen=True)
class JobSpec:
    func: str  # dotted path of the job function; also the job's name in the outbox
    queue: str
    timeout: int  # seconds one run may take (RQ's job_timeout)
    retry_intervals: tuple[int, ...] = ()  # RQ retries after a failed run, seconds apart
    failure_ttl: int = 7 * 24 * 3600
    on_failure: str | None = None  # dotted path of an RQ on_failure callback

    def __post_init__(self) -> None:
        if JOBS.setdefault(self.func, self) != self:
            raise ValueError(f"job {self.func} is defined twice")

    def __call__(self, *args: int | str, job_id: str | None = None) -> Job:
        retry = Retry(max=len(self.retry_intervals), interval=list(self.retry_intervals)) \
            if self.retry_intervals else None
        return Queue(self.queue, connection=runtime.current().redis).enqueue_call(
            self.func, args=args, timeout=self.timeout, result_ttl=RESULT_TTL, failure_ttl=self.failure_ttl,
            job_id=job_id, retry=retry, on_failure=Callback(self.on_failure) if self.on_failure else None)

    @property
    def worst_case_seconds(self) -> int:
        """How long RQ may keep at it: every run to its timeout, plus the waits between retries."""
        return self.timeout * (len(self.retry_intervals) + 1) + sum(self.retry_intervals)


send_welcome_message = JobSpec("jobs.notifications.send_welcome_message", queues.NOTIFICATIONS, timeout=30,
                               retry_intervals=(10, 60, 300))

# Remove a soft-deleted image's objects; retried for hours, since OSS outages pass.
purge_image = JobSpec("jobs.images_purge.purge_image", queues.IMAGES, timeout=120,
                      retry_intervals=(10, 60, 300, 900, 3600), failure_ttl=30 * 24 * 3600)

# Remove an upload form posted again after processing removed the original (jobs/images_purge.py).
remove_replayed_upload = JobSpec("jobs.images_purge.remove_replayed_upload", queues.IMAGES, timeout=60,
                                 retry_intervals=(10, 60, 300, 900))

# Build an export ZIP; after the last retry the export is marked failed (on_failure).
build_export = JobSpec("jobs.exports.build_export", queues.EXPORTS, timeout=1800, retry_intervals=(30, 120, 600),
                       on_failure="jobs.exports.export_failed")

# Post-upload checks of one image (jobs/images.py); idempotent, so retries are safe.
process_upload = JobSpec("jobs.images.process_upload", queues.IMAGES, timeout=180, retry_intervals=(10, 60, 300))
