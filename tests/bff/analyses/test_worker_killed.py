"""A real analysis worker process (``python -m jobs.worker --queues analysis``) is SIGKILLed in the
middle of a job (its OSS read made slow by the emulator); the row it left running is handed to a
new attempt by the stale-analysis sweep and finishes exactly once, against the real Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import requests
from rq import Queue, SimpleWorker
from sqlalchemy import select

from jobs import analysis as job
from jobs import queues
from models import Analysis
from models.base import utcnow
from tests.support.faces import face_capture, jpeg


def _row(app, public_id):  # type: ignore[no-untyped-def]
    with app.extensions["mirror.db"].factory() as s:
        return s.scalar(select(Analysis).where(Analysis.public_id == public_id))


def test_a_killed_worker_leaves_work_the_sweep_finishes_once(app, client, shop, grant_consent, make_image,
                                                            sandbox_server):
    settings = app.extensions["mirror.settings"]
    grant_consent(shop.store_id, shop.client_id, ("capture", "analysis"))
    image = make_image(shop.store_id, shop.client_id, content=jpeg(face_capture()))
    requests.post(f"{sandbox_server.url}/control/oss/faults", json={"mode": "slow", "delay": 20, "op": "GetObject"},
                  timeout=5).raise_for_status()
    analysis_id = client.post(f"/api/v1/stores/{shop.store_id}/images/{image.id}/analyses",
                              headers=shop.owner.headers).json["id"]
    env = os.environ | {"MIRROR_ENV": "test", "MIRROR_DATABASE_URL": settings.database_url,
                        "MIRROR_REDIS_URL": settings.redis_url, "MIRROR_OSS_ENDPOINT": settings.oss_endpoint,
                        "MIRROR_LOG_LEVEL": "WARNING"}
    worker = subprocess.Popen([sys.executable, "-m", "jobs.worker", "--queues", queues.ANALYSIS], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while (row := _row(app, analysis_id)).status != "running":  # claimed, now stuck reading the object
            assert time.monotonic() < deadline and worker.poll() is None, "the worker never started the job"
            time.sleep(0.2)
        assert (row.stage, row.attempt) == ("fetch", 1)
    finally:
        # The whole process group, as when a node dies: RQ's scheduler runs in a child process.
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    assert worker.returncode == -signal.SIGKILL
    assert _row(app, analysis_id).status == "running"  # nobody will finish it by itself
    assert job.requeue_stale() == 0  # the heartbeat is fresh: not stale yet
    assert job.requeue_stale(utcnow() + job.STALE_AFTER + timedelta(seconds=1)) == 1
    redis = app.extensions["mirror.deps"].redis
    SimpleWorker([Queue(queues.ANALYSIS, connection=redis)], connection=redis).work(burst=True)
    done = _row(app, analysis_id)
    assert (done.status, done.attempt, done.percent) == ("succeeded", 2, 100)
    result = done.result
    # The killed attempt cannot write any more, and running the job again changes nothing.
    assert job._finish(done.id, 1, {"quality": {"passed": True}}, {"overlay_key": "", "deid_key": ""}, []) == "nothing"
    assert job.run_analysis(done.id) == "nothing"
    assert _row(app, analysis_id).result == result
