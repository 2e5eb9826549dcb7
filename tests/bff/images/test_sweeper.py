"""The sweeper: work left processing/running past its time limit is driven again, once per limit."""

from __future__ import annotations

from datetime import timedelta

import requests
from sqlalchemy import select, update

from jobs import enqueue, outbox, queues, runtime, sweeper
from models import ExportJob, Image, OutboxMessage
from models.base import utcnow
from models.images import ExportStatus, ImageStatus
from tests.bff.images.test_exports import _create, _get
from tests.support.jobs import drain

STUCK = {entry.name: entry for entry in sweeper.STUCK}


def _work(*names: str) -> None:
    drain(runtime.current().redis, *names)


def _exists(sandbox_server, settings, key: str) -> bool:  # type: ignore[no-untyped-def]
    res = requests.get(f"{sandbox_server.url}/control/oss/objects/{settings.oss_bucket}/{key}", timeout=5)
    return res.status_code == 200


def _outbox(db_session, key: str) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    db_session.rollback()
    return list(db_session.scalars(select(OutboxMessage).where(OutboxMessage.key == key).order_by(OutboxMessage.id)))


def test_each_limit_is_the_jobs_worst_case_in_rq_plus_a_margin():
    assert STUCK["image_processing"].limit == timedelta(seconds=180 * 4 + 10 + 60 + 300) + sweeper.MARGIN
    assert STUCK["image_purge"].limit > timedelta(hours=1, minutes=21)  # its last retry waits an hour
    assert STUCK["export"].limit > timedelta(seconds=1800 * 4)


def test_a_deletion_whose_purge_was_lost_is_purged_once_its_limit_has_passed(client, shop, make_image, db_session,
                                                                             sandbox_server, settings):
    image = make_image(shop.store_id, shop.client_id)
    assert client.delete(f"/api/v1/stores/{shop.store_id}/images/{image.id}",
                         headers=shop.owner.headers).status_code == 204
    runtime.current().redis.flushdb()  # the purge job is gone, and so would be any relay's memory of it
    db_session.execute(update(OutboxMessage).values(acked_at=utcnow(), outcome="failed"))  # RQ gave up
    db_session.commit()
    key = outbox.key_of(enqueue.purge_image, (image.pk,))
    limit = STUCK["image_purge"].limit

    assert sweeper.sweep(now=utcnow() + limit - timedelta(minutes=1))["image_purge"] == 0  # not yet
    later = utcnow() + limit + timedelta(minutes=1)
    assert sweeper.sweep(now=later)["image_purge"] == 1
    assert sweeper.sweep(now=later + timedelta(minutes=5))["image_purge"] == 0  # once per limit
    assert len(_outbox(db_session, key)) == 2
    _work(queues.IMAGES)
    db_session.rollback()
    assert db_session.get(Image, image.pk).purged_at is not None
    assert not any(_exists(sandbox_server, settings, k) for k in (image.object_key, image.clean_key, image.thumb_key))
    assert sweeper.sweep(now=later + 2 * limit)["image_purge"] == 0  # done: nothing stuck


def test_work_that_stays_stuck_is_re_driven_a_bounded_number_of_times(shop, make_image, db_session, caplog):
    image = make_image(shop.store_id, shop.client_id, status=ImageStatus.processing,
                       captured_at=utcnow() - timedelta(days=2))
    key = outbox.key_of(enqueue.process_upload, (image.pk,))
    limit = STUCK["image_processing"].limit
    now = utcnow()
    for _ in range(sweeper.MAX_REDRIVES + 2):  # no first emit here: it predates the outbox
        redriven = sweeper.sweep(now=now)["image_processing"]
        runtime.current().redis.flushdb()  # each re-drive lost before a worker takes it
        now += limit + timedelta(seconds=1)
    assert redriven == 0 and len(_outbox(db_session, key)) == sweeper.MAX_REDRIVES + 1
    assert any(r.getMessage() == "work still stuck after re-drives" for r in caplog.records)


def test_an_image_left_processing_is_checked_again_and_leaves_processing(shop, make_image, db_session,
                                                                         grant_consent):
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    image = make_image(shop.store_id, shop.client_id, status=ImageStatus.processing,
                       captured_at=utcnow() - timedelta(hours=1))
    recent = make_image(shop.store_id, shop.client_id, status=ImageStatus.processing)
    assert sweeper.sweep()["image_processing"] == 1  # only the one past its limit
    _work(queues.IMAGES)
    db_session.rollback()
    assert db_session.get(Image, image.pk).status == ImageStatus.ready
    assert db_session.get(Image, recent.pk).status == ImageStatus.processing


def test_an_export_left_running_by_a_killed_worker_is_built_again(app, client, shop, make_image, grant_consent,
                                                                   db_session):
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    export_id = _create(client, shop, [make_image(shop.store_id, shop.client_id).id]).json["id"]
    pk = db_session.scalar(select(ExportJob.id))
    # What a worker killed mid-run leaves: running, half counted, no job anywhere.
    db_session.execute(update(ExportJob).values(status=ExportStatus.running, done=0))
    db_session.commit()
    runtime.current().redis.flushdb()
    assert sweeper.sweep(now=utcnow() + timedelta(minutes=30))["export"] == 0  # may still be running
    later = utcnow() + STUCK["export"].limit + timedelta(minutes=1)
    assert sweeper.sweep(now=later) == {"image_processing": 0, "image_purge": 0, "export": 1}
    _work(queues.EXPORTS)
    out = _get(client, shop, export_id).json
    assert (out["status"], out["done"], out["progress"]) == ("done", 1, 100) and out["download_url"]
    assert sweeper.sweep(now=later + timedelta(days=1))["export"] == 0
    assert db_session.get(ExportJob, pk) is not None
