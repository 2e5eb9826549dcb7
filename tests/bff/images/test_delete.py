"""Deleting: soft delete (audited), then a purge job that removes every object, idempotently."""

from __future__ import annotations

import pytest
import requests
from rq import Queue, SimpleWorker
from sqlalchemy import select

from bff.integrations.oss import StorageUnavailable
from jobs import queues
from jobs.images_purge import purge_image
from models import Image
from models.images import ImageStatus
from tests.bff.images.conftest import events


def _exists(sandbox_server, settings, key: str) -> bool:  # type: ignore[no-untyped-def]
    res = requests.get(f"{sandbox_server.url}/control/oss/objects/{settings.oss_bucket}/{key}", timeout=5)
    return res.status_code == 200


def _row(db_session, made) -> Image:  # type: ignore[no-untyped-def]
    db_session.rollback()  # a fresh snapshot: see what was committed since
    return db_session.scalar(select(Image).where(Image.id == made.pk))


def _delete(client, shop, image_id, who):  # type: ignore[no-untyped-def]
    return client.delete(f"/api/v1/stores/{shop.store_id}/images/{image_id}", headers=who.headers)


def test_the_owner_deletes_and_the_job_purges_every_object(client, app, shop, make_image, db_session,
                                                           sandbox_server, settings):
    image = make_image(shop.store_id, shop.client_id, uploader=shop.staff.user_id)
    keys = (image.object_key, image.clean_key, image.thumb_key)
    assert all(_exists(sandbox_server, settings, k) for k in keys)
    assert _delete(client, shop, image.id, shop.owner).status_code == 204
    row = _row(db_session, image)
    assert row.status == ImageStatus.deleted and row.deleted_at is not None and row.purged_at is None
    assert [e.subject_id for e in events(db_session, "image.delete")] == [image.id]
    assert client.get(f"/api/v1/stores/{shop.store_id}/images/{image.id}", headers=shop.owner.headers
                      ).status_code == 404
    listed = client.get(f"/api/v1/stores/{shop.store_id}/images", headers=shop.owner.headers).json["items"]
    assert listed == []
    redis = app.extensions["mirror.deps"].redis
    queue = Queue(queues.IMAGES, connection=redis)
    assert [j.func_name for j in queue.jobs] == ["jobs.images_purge.purge_image"]
    assert SimpleWorker([queue], connection=redis).work(burst=True)
    assert not any(_exists(sandbox_server, settings, k) for k in keys)
    purged_at = _row(db_session, image).purged_at
    assert purged_at is not None
    assert purge_image(image.pk) == "nothing"  # idempotent
    assert _row(db_session, image).purged_at == purged_at
    deleted = client.get(f"/api/v1/stores/{shop.store_id}/images", query_string={"status": "deleted"},
                         headers=shop.owner.headers).json["items"]
    assert [i["id"] for i in deleted] == [image.id] and deleted[0]["deleted_at"]


def test_staff_may_delete_only_what_they_uploaded(client, app, shop, make_image, db_session):
    mine = make_image(shop.store_id, shop.client_id, uploader=shop.staff.user_id)
    owners = make_image(shop.store_id, shop.client_id)
    res = _delete(client, shop, owners.id, shop.staff)
    assert (res.status_code, res.json["reason"]) == (403, "owner_required")
    assert _row(db_session, owners).status == ImageStatus.ready
    assert events(db_session, "image.delete") == []
    assert Queue(queues.IMAGES, connection=app.extensions["mirror.deps"].redis).count == 0
    assert _delete(client, shop, mine.id, shop.staff).status_code == 204
    assert _delete(client, shop, mine.id, shop.staff).status_code == 404


def test_deleting_one_image_of_a_pair_releases_the_other(client, shop, make_image, db_session):
    a = make_image(shop.store_id, shop.client_id)
    b = make_image(shop.store_id, shop.client_id)
    client.post(f"/api/v1/stores/{shop.store_id}/images/{a.id}/pair", json={"other_image_id": b.id},
                headers=shop.owner.headers)
    assert _delete(client, shop, a.id, shop.owner).status_code == 204
    assert _row(db_session, b).paired_with_id is None and _row(db_session, a).paired_with_id is None


def test_a_purge_that_meets_a_storage_outage_is_retried_until_done(client, shop, make_image, db_session,
                                                                   sandbox_server, settings):
    image = make_image(shop.store_id, shop.client_id)
    _delete(client, shop, image.id, shop.owner)
    requests.post(f"{sandbox_server.url}/control/oss/faults",
                  json={"mode": "service_unavailable", "op": "DeleteMultipleObjects", "count": 1},
                  timeout=5).raise_for_status()
    with pytest.raises(StorageUnavailable):  # RQ retries it (jobs/enqueue.py)
        purge_image(image.pk)
    assert _row(db_session, image).purged_at is None and _exists(sandbox_server, settings, image.clean_key)
    assert purge_image(image.pk) == "purged=3"
    assert _row(db_session, image).purged_at is not None
    assert not _exists(sandbox_server, settings, image.clean_key)
