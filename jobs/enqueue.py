"""The only place that calls ``queue.enqueue``: timeouts and retries are visible here.

Callers pass ids and primitives only (never personal data), and web code calls
these through ``after_commit`` so a worker never sees an uncommitted row.
"""

from __future__ import annotations

from rq import Callback, Queue, Retry

from jobs import queues, runtime


def _queue(name: str) -> Queue:
    return Queue(name, connection=runtime.current().redis)


def send_welcome_message(user_id: int) -> None:
    _queue(queues.NOTIFICATIONS).enqueue(
        "jobs.notifications.send_welcome_message",
        user_id,
        job_timeout=30,
        retry=Retry(max=3, interval=[10, 60, 300]),
        failure_ttl=7 * 24 * 3600,
    )


def close_expired_orders() -> None:
    """Once a minute (jobs/schedule.py); no retries: the next tick is the retry."""
    _queue(queues.DEFAULT).enqueue(
        "jobs.billing.close_expired_orders",
        job_timeout=120,
        result_ttl=3600,
        failure_ttl=24 * 3600,
    )


def purge_image(image_id: int) -> None:
    """Remove a soft-deleted image's objects; retried for hours, since OSS outages pass."""
    _queue(queues.IMAGES).enqueue(
        "jobs.images_purge.purge_image",
        image_id,
        job_timeout=120,
        retry=Retry(max=5, interval=[10, 60, 300, 900, 3600]),
        failure_ttl=30 * 24 * 3600,
    )


def build_export(export_id: int) -> None:
    """Build an export ZIP; after the last retry the export is marked failed (on_failure)."""
    _queue(queues.EXPORTS).enqueue(
        "jobs.exports.build_export",
        export_id,
        job_timeout=1800,
        retry=Retry(max=3, interval=[30, 120, 600]),
        failure_ttl=7 * 24 * 3600,
        on_failure=Callback("jobs.exports.export_failed"),
    )


def process_upload(image_id: int) -> None:
    """Post-upload checks of one image (jobs/images.py); idempotent, so retries are safe."""
    _queue(queues.IMAGES).enqueue(
        "jobs.images.process_upload",
        image_id,
        job_timeout=180,
        retry=Retry(max=3, interval=[10, 60, 300]),
        failure_ttl=7 * 24 * 3600,
    )


ANALYSIS_TIMEOUT = 300


def run_analysis(analysis_id: int) -> None:
    """Analyse one image (jobs/analysis.py); idempotent, so retries and the sweeper are safe."""
    _queue(queues.ANALYSIS).enqueue(
        "jobs.analysis.run_analysis",
        analysis_id,
        job_timeout=ANALYSIS_TIMEOUT,
        retry=Retry(max=3, interval=[10, 60, 300]),
        failure_ttl=7 * 24 * 3600,
        on_failure=Callback("jobs.analysis.analysis_failed"),
    )


def notify_analysis(analysis_id: int) -> None:
    """The subscribe message for a finished analysis; sent at most once (jobs/analysis.py)."""
    _queue(queues.NOTIFICATIONS).enqueue(
        "jobs.analysis.notify_analysis",
        analysis_id,
        job_timeout=30,
        retry=Retry(max=3, interval=[10, 60, 300]),
        failure_ttl=7 * 24 * 3600,
    )


def requeue_stale_analyses() -> None:
    """Once a minute (jobs/schedule.py): the next tick is the retry."""
    _queue(queues.DEFAULT).enqueue("jobs.analysis.requeue_stale", job_timeout=60, result_ttl=3600,
                                   failure_ttl=24 * 3600)
