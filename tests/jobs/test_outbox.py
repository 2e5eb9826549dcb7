"""The outbox: a follow-up commits with its change, reaches RQ after commit, and the relay
sends whatever did not (Redis down, a crash between commit and enqueue, a flushed Redis)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
import redis
from rq import Queue
from rq.job import Job, JobStatus
from sqlalchemy import select

from jobs import enqueue, outbox, queues, runtime
from jobs.enqueue import JobSpec
from jobs.images_purge import purge_image
from models import OutboxMessage
from models.base import utcnow
from tests.support.jobs import drain


@pytest.fixture
def factory(app):  # type: ignore[no-untyped-def]
    return app.extensions["mirror.db"].factory


def _queue(name: str = queues.IMAGES) -> Queue:
    return Queue(name, connection=runtime.current().redis)


def _rows(factory) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with factory() as s:
        return list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _emit_without_hand_off(factory, *image_ids: int) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    """Commit rows as a process would that died right after COMMIT: nothing reached RQ."""
    with factory() as s:
        rows = [outbox.emit(s, enqueue.purge_image, i) for i in image_ids]
        s.info.pop("after_commit")
        s.commit()
    return rows


def _work(name: str = queues.IMAGES) -> None:
    drain(runtime.current().redis, name)


def test_a_follow_up_is_a_row_of_the_transaction_and_reaches_rq_right_after_commit(factory):
    with factory() as s:
        row = outbox.emit(s, enqueue.purge_image, 41)
        assert _queue().job_ids == []  # nothing before COMMIT
        s.commit()
    [stored] = _rows(factory)
    assert (stored.job, stored.args, stored.key) == ("jobs.images_purge.purge_image", [41],
                                                     "jobs.images_purge.purge_image:41")
    assert stored.acked_at is None and stored.attempts == 0
    assert _queue().job_ids == [row.rq_job_id] == [f"outbox-{stored.id}"]
    job = _queue().fetch_job(row.rq_job_id)
    assert (job.func_name, job.args, job.timeout) == ("jobs.images_purge.purge_image", (41,), 120)
    assert job.retries_left == 5  # the spec's retries travel with it


def test_a_rolled_back_transaction_leaves_neither_a_row_nor_a_job(factory):
    with factory() as s:
        outbox.emit(s, enqueue.purge_image, 41)
        s.flush()
        s.rollback()
    assert _rows(factory) == [] and _queue().job_ids == []


def test_only_declared_jobs_and_plain_ids_can_be_emitted(factory):
    with factory() as s:
        with pytest.raises(TypeError):  # a plain function is not a declared job
            outbox.emit(s, purge_image, 1)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            outbox.emit(s, enqueue.purge_image, {"phone": "13800138000"})  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            outbox.emit(s, enqueue.purge_image, 1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="defined twice"):
        JobSpec("jobs.images_purge.purge_image", queues.IMAGES, timeout=1)


def test_the_relay_sends_what_a_crash_between_commit_and_enqueue_left_and_acknowledges_it_once_done(factory):
    [row] = _emit_without_hand_off(factory, 41)
    assert _queue().job_ids == []
    assert outbox.relay()["sent"] == 0  # within the fast path's head start: left alone
    later = utcnow() + outbox.GRACE
    assert outbox.relay(now=later) == {"sent": 1, "acked": 0, "failed": 0, "waiting": 0, "backoff": 0}
    assert _queue().job_ids == [row.rq_job_id]
    assert outbox.relay(now=later)["sent"] == 0  # not due again yet
    [stored] = _rows(factory)
    assert stored.attempts == 1 and stored.last_sent_at is not None and stored.acked_at is None
    check = later + outbox.CHECK_EVERY
    assert outbox.relay(now=check)["waiting"] == 1  # queued: not sent a second time
    assert _queue().job_ids == [row.rq_job_id]
    _work()
    assert outbox.relay(now=check + outbox.CHECK_EVERY)["acked"] == 1
    [stored] = _rows(factory)
    assert stored.outcome == "done" and stored.acked_at is not None and stored.attempts == 1
    assert outbox.relay(now=check + timedelta(days=1)) == dict.fromkeys(
        ("sent", "acked", "failed", "waiting", "backoff"), 0)


def test_a_job_lost_with_a_flushed_redis_is_sent_again(factory):
    with factory() as s:
        row = outbox.emit(s, enqueue.purge_image, 41)
        s.commit()
    assert _queue().job_ids == [row.rq_job_id]
    runtime.current().redis.flushdb()
    assert outbox.relay(now=utcnow() + outbox.GRACE)["sent"] == 1
    assert _queue().job_ids == [row.rq_job_id]
    _work()
    assert outbox.relay(now=utcnow() + outbox.GRACE + outbox.CHECK_EVERY)["acked"] == 1


def test_a_job_rq_gave_up_on_is_acknowledged_as_failed_not_sent_forever(factory):
    with factory() as s:
        row = outbox.emit(s, enqueue.purge_image, 41)
        s.commit()
    job = Job.fetch(row.rq_job_id, connection=runtime.current().redis)
    job.set_status(JobStatus.FAILED)  # what RQ records after the last retry
    assert outbox.relay(now=utcnow() + outbox.GRACE)["failed"] == 1
    [stored] = _rows(factory)
    assert stored.outcome == "failed" and stored.acked_at is not None


def test_a_row_naming_a_job_that_no_longer_exists_is_set_aside(factory):
    with factory() as s:
        s.add(OutboxMessage(job="jobs.gone.away", args=[1], key="jobs.gone.away:1", created_at=utcnow(),
                            attempts=0, next_attempt_at=utcnow()))
        s.commit()
    assert outbox.relay()["failed"] == 1
    assert _rows(factory)[0].outcome == "unknown_job"


def test_with_redis_down_the_relay_backs_off_and_sends_once_redis_is_back(make_app, private_redis):
    app = make_app(redis_url=private_redis.url)  # the runtime now uses the private server
    factory = app.extensions["mirror.db"].factory
    private_redis.stop()
    with factory() as s:
        row = outbox.emit(s, enqueue.purge_image, 41)
        s.commit()  # the hand-off fails after COMMIT; the commit stands
    now = utcnow() + outbox.GRACE
    waits = []
    for _ in range(4):
        assert outbox.relay(now=now)["backoff"] == 1
        [stored] = _rows(factory)
        assert stored.acked_at is None and stored.outcome == "error: ConnectionError"
        waits.append((stored.next_attempt_at - now).total_seconds())
        now = stored.next_attempt_at
    assert stored.attempts == 4
    assert 4 <= waits[0] <= 6 and 32 <= waits[3] <= 48, waits  # 5 s, 10 s, 20 s, 40 s (with jitter)
    private_redis.start()
    assert outbox.relay(now=now)["sent"] == 1
    q = Queue(queues.IMAGES, connection=redis.Redis.from_url(private_redis.url))
    assert q.job_ids == [row.rq_job_id]


def test_relays_running_at_once_send_each_row_exactly_once(factory):
    for _ in range(5):
        runtime.current().redis.flushdb()
        rows = _emit_without_hand_off(factory, *range(1, 41))
        now = utcnow() + outbox.GRACE
        barrier = threading.Barrier(3)
        results: list[dict[str, int]] = []

        def run(barrier: threading.Barrier, now: datetime, results: list[dict[str, int]]) -> None:
            barrier.wait()
            results.append(outbox.relay(now=now, batch=15))

        threads = [threading.Thread(target=run, args=(barrier, now, results)) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sum(r["sent"] for r in results) == len(rows), results
        assert sorted(_queue().job_ids) == sorted(r.rq_job_id for r in rows)
        with factory() as s:
            sent = s.scalars(select(OutboxMessage.attempts).where(OutboxMessage.id.in_([r.id for r in rows])))
            assert set(sent) == {1}


def test_a_follow_up_emitted_in_a_savepoint_that_rolled_back_is_neither_kept_nor_sent(factory):
    with factory() as s:
        outbox.emit(s, enqueue.purge_image, 40)
        try:
            with s.begin_nested():
                outbox.emit(s, enqueue.purge_image, 41)
                s.flush()
                raise LookupError("the nested step failed")
        except LookupError:
            pass
        outbox.emit(s, enqueue.purge_image, 42)
        s.commit()
    assert [r.args for r in _rows(factory)] == [[40], [42]]
    # Both committed rows went out on the fast path; the rolled-back one did not.
    assert sorted(_queue().fetch_job(j).args for j in _queue().job_ids) == [(40,), (42,)]


def test_acknowledged_rows_are_pruned_after_a_week_and_pending_ones_never(factory):
    now = utcnow()
    with factory() as s:
        for n, acked in enumerate([now - timedelta(days=8), now - timedelta(days=6), None]):
            s.add(OutboxMessage(job=enqueue.purge_image.func, args=[n], key=f"k{n}", created_at=now - timedelta(days=9),
                                attempts=1, next_attempt_at=now, acked_at=acked, outcome="done" if acked else None))
        s.commit()
    assert outbox.prune(now=now) == 1
    assert [r.args for r in _rows(factory)] == [[1], [2]]
    assert outbox.prune(now=now + timedelta(days=365)) == 1  # the pending row stays
    assert [r.args for r in _rows(factory)] == [[2]]
