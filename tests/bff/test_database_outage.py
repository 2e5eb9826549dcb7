"""A database that cannot be reached answers 503 ``database_unavailable`` with Retry-After, never a 500."""

from __future__ import annotations

import logging

import pymysql
import pytest
from flask import Flask
from sqlalchemy import text

from bff.config import Settings
from bff.db import session as db
from tests.support.outage import PrivateMariaDB, free_port
from tests.support.wechat import accept_agreements

STORE = {"name": "美学镜·西湖店"}


def _assert_unavailable(res) -> None:  # type: ignore[no-untyped-def]
    assert res.status_code == 503, res.get_data(as_text=True)
    assert res.json["reason"] == "database_unavailable" and res.json["message"] == "数据库暂不可用，请稍后再试"
    # 5 s, or later where a rate limit's window ends later (Flask-Limiter keeps the larger one).
    assert int(res.headers["Retry-After"]) >= 5
    assert "Traceback" not in res.get_data(as_text=True)


def _no_unhandled_errors(caplog: pytest.LogCaptureFixture) -> bool:
    return not any(r.levelno >= logging.ERROR and "unhandled" in r.getMessage() for r in caplog.records)


def test_a_database_at_a_closed_port_answers_503_database_unavailable(make_app, consultant, store_of, caplog):
    who = consultant()
    store_id = store_of(who)
    dead = make_app(database_url=f"mysql+pymysql://root@127.0.0.1:{free_port()}/mirror").test_client()
    _assert_unavailable(dead.get("/api/v1/me", headers=who.headers))
    _assert_unavailable(dead.post("/api/v1/stores", json=STORE, headers=who.headers))
    _assert_unavailable(dead.get(f"/api/v1/stores/{store_id}/clients", headers=who.headers))
    assert dead.get("/livez").status_code == 200
    ready = dead.get("/readyz")
    assert ready.status_code == 503 and ready.json["checks"]["database"] != "ok"
    assert _no_unhandled_errors(caplog)


def test_a_connection_lost_in_the_middle_of_a_request_answers_503_and_keeps_nothing(
        make_app, consultant, mariadb_admin, db_session, caplog):
    who = consultant()
    app: Flask = make_app()

    @app.before_request
    def _lose_the_connection() -> None:
        # What a server restart does to a request under way: its connection is gone.
        conn_id = db().execute(text("SELECT CONNECTION_ID()")).scalar()
        with mariadb_admin.cursor() as cur:
            cur.execute(f"KILL {int(conn_id)}")

    _assert_unavailable(app.test_client().post("/api/v1/stores", json=STORE, headers=who.headers))
    app.before_request_funcs[None].remove(_lose_the_connection)
    stores = app.test_client().get("/api/v1/stores", headers=who.headers)
    assert stores.status_code == 200 and stores.json["stores"] == []  # nothing was kept
    assert _no_unhandled_errors(caplog)


@pytest.fixture
def app_on_private_mariadb(make_app, private_mariadb: PrivateMariaDB, redis_url: str) -> Flask:
    from bff.cli import _migrate

    conn = pymysql.connect(host="127.0.0.1", port=private_mariadb.port, user="root", autocommit=True)
    with conn.cursor() as cur:
        cur.execute("CREATE DATABASE mirror CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    conn.close()
    url = f"{private_mariadb.url}/mirror"
    _migrate(Settings(env="test", database_url=url, redis_url=redis_url))
    return make_app(database_url=url)  # type: ignore[no-any-return]


def test_while_mariadb_is_down_requests_answer_503_and_work_again_once_it_is_back(
        app_on_private_mariadb, private_mariadb, wx, caplog):
    client = app_on_private_mariadb.test_client()
    code, _ = wx.login_code()
    token = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    accept_agreements(client, headers)
    assert client.get("/api/v1/me", headers=headers).status_code == 200

    private_mariadb.stop()  # killed: every pooled connection is dead, new ones are refused
    for _ in range(3):
        _assert_unavailable(client.get("/api/v1/me", headers=headers))
        _assert_unavailable(client.post("/api/v1/stores", json=STORE, headers=headers))
    code, _ = wx.login_code()
    _assert_unavailable(client.post("/api/v1/auth/login", json={"code": code}))

    private_mariadb.start()
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert _no_unhandled_errors(caplog)


def test_a_pool_with_no_free_connection_answers_503_database_busy_instead_of_waiting_forever(
        make_app, consultant, caplog):
    who = consultant()
    app = make_app(db_pool_size=1, db_pool_timeout=1)
    engine = app.extensions["mirror.db"].engine
    held = [engine.connect() for _ in range(2)]  # the pool and its overflow, all taken
    try:
        res = app.test_client().get("/api/v1/me", headers=who.headers)
    finally:
        for conn in held:
            conn.close()
    assert res.status_code == 503 and res.json["reason"] == "database_busy" and int(res.headers["Retry-After"]) >= 1
    assert app.test_client().get("/api/v1/me", headers=who.headers).status_code == 200
    assert _no_unhandled_errors(caplog)
