"""Probes, and behaviour when Redis stops or MySQL drops its connections."""

import shutil
import socket
import subprocess
import time

import pytest
from sqlalchemy import text

from tests.support.wechat import accept_agreements


def test_livez_checks_nothing_and_readyz_checks_mysql_and_redis(client):
    assert client.get("/livez").status_code == 200
    res = client.get("/readyz")
    assert res.status_code == 200 and res.json["checks"] == {"database": "ok", "redis": "ok"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of our own, so the test can really stop it."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is required (the CI machine has it)"
    port = _free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    deadline = time.time() + 5
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", proc
    proc.kill()
    proc.wait()


def test_with_redis_stopped_reads_work_but_login_fails_closed(make_app, wx, private_redis):
    url, proc = private_redis
    client = make_app(redis_url=url).test_client()
    code, _ = wx.login_code()
    token = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    accept_agreements(client, headers)

    proc.kill()
    proc.wait()

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


def test_a_committed_write_is_not_reported_as_failed_when_its_job_cannot_be_queued(
        make_app, wx, private_redis, caplog):
    from tests.support.wechat import CONSULTANT

    url, proc = private_redis
    client = make_app(redis_url=url).test_client()
    code, openid = wx.login_code()
    token = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    accept_agreements(client, headers)
    client.post("/api/v1/me/phone", json={"code": wx.phone_code(openid, "13800138000")}, headers=headers)
    proc.kill()
    proc.wait()
    res = client.post("/api/v1/me/consultant", json=CONSULTANT, headers=headers)
    assert res.status_code == 201  # the registration is committed; only the welcome message is lost
    assert client.get("/api/v1/me", headers=headers).json["consultant"]["display_name"] == CONSULTANT["display_name"]
    assert any(r.getMessage() == "after-commit callback failed" for r in caplog.records)
