"""Real MariaDB and Redis for the whole run. Unreachable services fail the run; never skip."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from urllib.parse import urlparse

import pymysql
import pytest
import redis
from werkzeug.serving import make_server

MARIADB_URL = os.environ.get("MIRROR_TEST_DATABASE_URL", "mysql+pymysql://root@127.0.0.1:3306")
REDIS_URL = os.environ.get("MIRROR_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def _admin_connection() -> pymysql.Connection:
    url = urlparse(MARIADB_URL.replace("mysql+pymysql", "mysql"))
    return pymysql.connect(host=url.hostname, port=url.port or 3306, user=url.username or "root",
                           password=url.password or "", connect_timeout=5, autocommit=True)


@pytest.fixture(scope="session")
def mariadb_admin() -> Iterator[pymysql.Connection]:
    try:
        conn = _admin_connection()
    except pymysql.MySQLError as exc:
        pytest.exit(f"MariaDB unreachable at {MARIADB_URL}: {exc}", returncode=3)
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def database_url(mariadb_admin: pymysql.Connection) -> Iterator[str]:
    """A fresh database per run, given its schema by the Alembic migrations."""
    from bff.cli import _migrate
    from bff.config import Settings

    name = f"mirror_test_{uuid.uuid4().hex[:10]}"
    with mariadb_admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    url = f"{MARIADB_URL.rstrip('/')}/{name}"
    _migrate(Settings(env="test", database_url=url, redis_url=REDIS_URL))
    yield url
    with mariadb_admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.exit(f"Redis unreachable at {REDIS_URL}: {exc}", returncode=3)
    return REDIS_URL


class LiveServer:
    """A WSGI app on a real port, in a thread: the SDKs need real HTTP."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        from bff.edge import JsonErrorRequestHandler

        self.server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=JsonErrorRequestHandler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()


class SandboxServer(LiveServer):
    """The sandbox app, plus its OSS emulator on a port of its own (oss2 cannot use a path prefix)."""

    def __init__(self) -> None:
        from sandbox.app import create_sandbox_app
        from sandbox.oss import create_oss_app

        app = create_sandbox_app()
        super().__init__(app)
        self.oss = LiveServer(create_oss_app(share_with=app))  # same objects, faults, log and clock

    def stop(self) -> None:
        self.oss.stop()
        super().stop()


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    live = SandboxServer()
    yield live
    live.stop()


class SwappableApp:
    """A WSGI app whose target is set later: the URL must exist before the app's settings do."""

    target = None

    def __call__(self, environ, start_response):  # type: ignore[no-untyped-def]
        return self.target(environ, start_response)


@pytest.fixture(scope="session")
def app_server() -> Iterator[LiveServer]:
    """The app under test on a real port for the whole run: OSS calls back to it."""
    live = LiveServer(SwappableApp())
    yield live
    live.stop()
