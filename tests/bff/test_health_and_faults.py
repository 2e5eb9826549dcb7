"""Probes, and behaviour when Redis stops or MySQL drops its connections.

Follow-ups are outbox rows (jobs/outbox.py): with Redis stopped, flushed, or the process dead
between COMMIT and the enqueue, every accepted change still completes, exactly once.
"""

import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import pytest
import requests
from rq import Queue
from rq.job import Job
from sqlalchemy import delete, select, text

from jobs import outbox, queues, runtime, sweeper
from models import Image, OutboxMessage
from models.base import utcnow
from models.images import ImageStatus
from tests.bff.capture.conftest import Capture
from tests.bff.capture.conftest import Shop as CaptureShop
from tests.support import images
from tests.support.image_records import MadeImage
from tests.support.jobs import drain
from tests.support.wechat import CONSULTANT, LoggedIn, accept_agreements


def test_livez_checks_nothing_and_readyz_checks_mysql_and_redis(client):
    assert client.get("/livez").status_code == 200
    res = client.get("/readyz")
    assert res.status_code == 200 and res.json["checks"] == {"database": "ok", "redis": "ok"}


def test_with_redis_stopped_reads_work_but_login_fails_closed(make_app, wx, private_redis):
    client = make_app(redis_url=private_redis.url).test_client()
    code, _ = wx.login_code()
    token = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    accept_agreements(client, headers)

    private_redis.stop()

    assert client.get("/livez").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json["checks"]["redis"] != "ok"
    assert ready.json["checks"]["database"] == "ok"
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    code, _ = wx.login_code()
    res = client.post("/api/v1/auth/login", json={"code": code})
    assert res.status_code == 503 and res.json["reason"] == "dependency_unavailable"


def test_after_mysql_drops_every_connection_the_next_request_succeeds(app, client, login, mariadb_admin):
    who = login()
    assert client.get("/api/v1/me", headers=who.headers).status_code == 200
    engine = app.extensions["mirror.db"].engine
    database = engine.url.database
    # What a server restart does to a pool: every pooled connection is gone.
    with mariadb_admin.cursor() as cur:
        cur.execute("SELECT id FROM information_schema.processlist WHERE db = %s AND id <> CONNECTION_ID()",
                    (database,))
        for (conn_id,) in cur.fetchall():
            cur.execute(f"KILL {int(conn_id)}")
    assert client.get("/api/v1/me", headers=who.headers).status_code == 200
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1


def test_a_committed_write_is_not_reported_as_failed_and_its_message_is_sent_once_redis_is_back(
        make_app, wx, private_redis, db_session):
    client = make_app(redis_url=private_redis.url).test_client()
    code, openid = wx.login_code()
    token = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    accept_agreements(client, headers)
    client.post("/api/v1/me/phone", json={"code": wx.phone_code(openid, "13800138000")}, headers=headers)
    wx.subscribe(openid, "TPL_WELCOME_0001")
    private_redis.stop()
    res = client.post("/api/v1/me/consultant", json=CONSULTANT, headers=headers)
    assert res.status_code == 201  # the registration is committed, and so is its welcome message
    assert client.get("/api/v1/me", headers=headers).json["consultant"]["display_name"] == CONSULTANT["display_name"]
    [row] = db_session.scalars(select(OutboxMessage)).all()
    assert row.job == "jobs.notifications.send_welcome_message" and row.acked_at is None
    private_redis.start()
    assert outbox.relay(now=utcnow() + outbox.GRACE)["sent"] == 1
    _work_all()
    assert outbox.relay(now=utcnow() + outbox.GRACE + outbox.CHECK_EVERY)["acked"] == 1
    assert [m["template_id"] for m in wx.messages(openid)] == ["TPL_WELCOME_0001"]


# --- Redis stopped, flushed, or the process gone right after COMMIT: nothing is lost ----------

REASON = "年度合规审查，经负责人批准（审批单 2026-031）"


@dataclass
class Work:
    """Three accepted changes whose follow-ups have not run: an upload, an export, a deletion."""

    store_id: str
    owner: LoggedIn
    uploaded: str  # image public id, processing
    export: str  # export public id, queued
    deleted: MadeImage  # soft-deleted, objects still stored


@pytest.fixture
def world(client, consultant, store_of, grant_consent, make_image, sandbox_server, db_session):  # type: ignore[no-untyped-def]
    """A store, a consenting client, a running capture session with a policy, and two ready images."""
    owner = consultant()
    store_id = store_of(owner)
    res = client.post(f"/api/v1/stores/{store_id}/clients", headers=owner.headers,
                      json={"name": "王小美", "phone": "13800001111", "birth_date": "1990-05-01"})
    client_id = res.json["id"]
    grant_consent(store_id, client_id, ["capture"])
    capture = Capture(client, sandbox_server.url, db_session, grant_consent)
    shop = CaptureShop(owner, store_id, client_id)
    form = capture.form(shop)
    # The setup's own follow-ups (welcome messages) are not under test.
    db_session.execute(delete(OutboxMessage))
    db_session.commit()
    runtime.current().redis.flushdb()
    return SimpleNamespace(owner=owner, store_id=store_id, client_id=client_id, form=form,
                           to_export=make_image(store_id, client_id), to_delete=make_image(store_id, client_id))


def _accept_all(world, api, *, stop_redis_after_export=None) -> Work:  # type: ignore[no-untyped-def]
    """The three requests, answered as successes; their follow-ups are committed outbox rows."""
    res = api.post(f"/api/v1/stores/{world.store_id}/exports", headers=world.owner.headers,
                   json={"image_ids": [world.to_export.id], "mode": "original", "approval_reason": REASON})
    assert res.status_code == 202, res.json
    export = res.json["id"]
    if stop_redis_after_export:
        stop_redis_after_export()
    upload = Capture.upload(world.form, images.jpeg(800, 600, gps=True))  # OSS calls the app back
    assert upload.status_code == 200, upload.text
    res = api.delete(f"/api/v1/stores/{world.store_id}/images/{world.to_delete.id}", headers=world.owner.headers)
    assert res.status_code == 204
    return Work(world.store_id, world.owner, upload.json()["image_id"], export, world.to_delete)


def _work_all() -> list[Job]:
    return drain(runtime.current().redis)


def _assert_each_completed_exactly_once(work: Work, db_session, sandbox_server, settings, api,  # type: ignore[no-untyped-def]
                                        *, attempts: int = 1) -> None:
    """Each follow-up sent, run and acknowledged once; each change carried out (and only once)."""
    now = utcnow() + timedelta(seconds=outbox.BACKOFF_MAX * 1.2)  # whatever back-off they were given
    assert outbox.relay(now=now)["sent"] == 3
    ran = _work_all()
    assert sorted((j.func_name, j.return_value()) for j in ran) == [
        ("jobs.exports.build_export", "exported=1"),
        ("jobs.images.process_upload", "ready"),
        ("jobs.images_purge.purge_image", "purged=3"),
    ]
    assert outbox.relay(now=now + outbox.CHECK_EVERY)["acked"] == 3
    db_session.rollback()
    rows = db_session.scalars(select(OutboxMessage)).all()
    assert [(r.outcome, r.attempts) for r in rows] == [("done", attempts)] * 3
    uploaded = db_session.scalar(select(Image).where(Image.public_id == work.uploaded))
    assert uploaded.status == ImageStatus.ready and _stored(sandbox_server, settings, uploaded.clean_key)
    assert not _stored(sandbox_server, settings, uploaded.object_key)  # the upload with its GPS is gone
    export = api.get(f"/api/v1/stores/{work.store_id}/exports/{work.export}", headers=work.owner.headers).json
    assert (export["status"], export["done"]) == ("done", 1) and export["download_url"]
    deleted = db_session.get(Image, work.deleted.pk)
    assert deleted.purged_at is not None
    assert not any(_stored(sandbox_server, settings, k)
                   for k in (work.deleted.object_key, work.deleted.clean_key, work.deleted.thumb_key))
    # Nothing more to send, nothing stuck: later relays and sweeps change nothing.
    much_later = now + timedelta(days=1)
    assert outbox.relay(now=much_later) == dict.fromkeys(("sent", "acked", "failed", "waiting", "backoff"), 0)
    assert sweeper.sweep(now=much_later) == {"image_processing": 0, "image_purge": 0, "export": 0}


def _stored(sandbox_server, settings, key: str | None) -> bool:  # type: ignore[no-untyped-def]
    res = requests.get(f"{sandbox_server.url}/control/oss/objects/{settings.oss_bucket}/{key}", timeout=5)
    return res.status_code == 200


@pytest.fixture
def app_on_private_redis(make_app, private_redis, app_server):  # type: ignore[no-untyped-def]
    """The app (also behind the live URL that OSS calls back) with a Redis the test can stop."""
    app = make_app(redis_url=private_redis.url)
    previous, app_server.server.app.target = app_server.server.app.target, app
    yield app
    app_server.server.app.target = previous


def test_work_accepted_while_redis_is_down_completes_exactly_once_when_it_is_back(
        app_on_private_redis, private_redis, world, db_session, sandbox_server, settings):
    api = app_on_private_redis.test_client()
    # The export route's rate limit needs Redis (limits fail closed), so Redis goes down after
    # the limit is counted and before the export commits; the upload callback and the deletion
    # are accepted with Redis down from the start.
    stop_in_export = [private_redis.stop]

    def _stop_redis(response):  # type: ignore[no-untyped-def]
        if stop_in_export:
            stop_in_export.pop()()
        return response

    # after_request functions run last-registered first: placed right after the one that
    # commits, this runs just before the COMMIT (and after the rate limiter's headers).
    hooks = app_on_private_redis.after_request_funcs[None]
    hooks.insert(next(n for n, f in enumerate(hooks) if f.__name__ == "_finish_transaction") + 1, _stop_redis)
    work = _accept_all(world, api)
    assert private_redis.proc is None, "Redis was down for all three"
    db_session.rollback()
    assert {r.job for r in db_session.scalars(select(OutboxMessage))} == {
        "jobs.exports.build_export", "jobs.images.process_upload", "jobs.images_purge.purge_image"}
    uploaded = db_session.scalar(select(Image).where(Image.public_id == work.uploaded))
    assert uploaded.status == ImageStatus.processing
    before = utcnow() + outbox.GRACE
    assert outbox.relay(now=before)["backoff"] == 3  # still down: the rows wait, nothing is lost
    private_redis.start()  # back, and empty
    _assert_each_completed_exactly_once(work, db_session, sandbox_server, settings, api, attempts=2)


def test_work_whose_jobs_a_flushed_redis_lost_completes_exactly_once(
        app, client, world, db_session, sandbox_server, settings):
    work = _accept_all(world, client)
    redis_client = runtime.current().redis
    assert sum(Queue(n, connection=redis_client).count for n in queues.ALL) == 3  # the fast path ran
    redis_client.flushdb()  # e.g. a failover to a replica that had not seen them
    _assert_each_completed_exactly_once(work, db_session, sandbox_server, settings, client)


CRASH_AFTER_COMMIT = """
import os, sys
from bff.app import create_app
from bff.config import Settings
from jobs import outbox

def crash(row):
    os._exit(17)  # the process dies after COMMIT, before anything reached Redis

outbox._hand_off = crash
app = create_app(Settings(env="test", database_url=sys.argv[1], redis_url=sys.argv[2], log_level="ERROR"))
app.test_client().delete(sys.argv[3], headers={"Authorization": sys.argv[4]})
os._exit(0)  # not reached
"""


def test_a_process_that_dies_between_commit_and_enqueue_loses_nothing(
        app, client, world, db_session, settings, sandbox_server):
    image = world.to_delete
    url = f"/api/v1/stores/{world.store_id}/images/{image.id}"
    done = subprocess.run([sys.executable, "-c", CRASH_AFTER_COMMIT, settings.database_url, settings.redis_url,
                           url, world.owner.headers["Authorization"]], timeout=60, capture_output=True)
    assert done.returncode == 17, done.stderr.decode()[-2000:]
    db_session.rollback()
    assert db_session.get(Image, image.pk).status == ImageStatus.deleted  # committed
    [row] = db_session.scalars(select(OutboxMessage)).all()
    assert row.job == "jobs.images_purge.purge_image" and row.args == [image.pk]
    assert sum(Queue(n, connection=runtime.current().redis).count for n in queues.ALL) == 0  # never enqueued
    assert client.delete(url, headers=world.owner.headers).status_code == 404  # nobody can ask again
    assert outbox.relay()["sent"] == 0  # within the fast path's head start
    assert outbox.relay(now=utcnow() + outbox.GRACE)["sent"] == 1
    [ran] = _work_all()
    assert ran.return_value() == "purged=3"
    assert not any(_stored(sandbox_server, settings, k) for k in (image.object_key, image.clean_key, image.thumb_key))
    assert outbox.relay(now=utcnow() + outbox.GRACE + outbox.CHECK_EVERY)["acked"] == 1
