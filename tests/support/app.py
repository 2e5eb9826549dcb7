"""The app under test, its clean-up between tests, and a live HTTP instance for e2e."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
import requests
from flask import Flask
from sqlalchemy import text

from bff.config import Settings
from models import Base
from tests.support.services import LiveServer, SandboxServer

OSS_PUB_KEY_URL = "https://gosspublic.alicdn.com/callback_pub_key_v1.pem"


def make_settings(database_url: str, redis_url: str, sandbox: SandboxServer, app_url: str,
                  **overrides: Any) -> Settings:
    sandbox_url = sandbox.url
    values: dict[str, Any] = {
        "env": "test",
        "database_url": database_url,
        "redis_url": redis_url,
        "public_base_url": app_url,
        "wechat_api_base": f"{sandbox_url}/wechat/",
        "wechatpay_gateway": f"{sandbox_url}/wechatpay",
        "oss_endpoint": sandbox.oss.url,
        "oss_pub_key_overrides": {OSS_PUB_KEY_URL: f"{sandbox_url}/oss-pubkey/callback_pub_key_v1.pem"},
        "wechat_timeout": 2.0,
        "login_rate_limit": "1000/minute",
        "phone_rate_limit": "1000/minute",
        "invite_rate_limit": "1000/minute",
        "activation_rate_limit": "1000/minute",
        "log_level": "WARNING",
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def settings(database_url: str, redis_url: str, sandbox_server: SandboxServer, app_server: LiveServer) -> Settings:
    return make_settings(database_url, redis_url, sandbox_server, app_server.url)


# Reference data the migrations seed; restored as migrated before every test.
SEEDED_TABLES = ("plans",)


@pytest.fixture(scope="session")
def _app(settings: Settings, app_server: LiveServer) -> Flask:
    from bff.app import create_app

    app = create_app(settings)
    app_server.server.app.target = app
    with app.extensions["mirror.db"].engine.connect() as conn:
        app.extensions["test.seeded_rows"] = {
            name: [dict(r) for r in conn.execute(Base.metadata.tables[name].select()).mappings()]
            for name in SEEDED_TABLES
        }
    return app


def _reset(app: Flask, redis_url: str, sandbox_url: str) -> None:
    from bff import caching
    from bff.agreements.service import publish_bundled
    from bff.consent.templates import publish_bundled as publish_consent_templates
    from bff.security.keyring import ensure_primary_key

    engine = app.extensions["mirror.db"].engine
    with engine.begin() as conn:
        conn.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
        for name, rows in app.extensions["test.seeded_rows"].items():
            if rows:
                conn.execute(Base.metadata.tables[name].insert(), rows)
        conn.execute(text("SET FOREIGN_KEY_CHECKS=1"))
    factory = app.extensions["mirror.db"].factory
    with factory.begin() as session:
        publish_bundled(session)
        publish_consent_templates(session)
    # data_keys was wiped too: a fresh primary data key, and the app forgets its cached ones.
    with factory.begin() as session:
        ensure_primary_key(session, app.extensions["mirror.settings"])
    app.extensions["mirror.deps"].cipher.keyring.invalidate()
    caching.clear(app)  # the agreement documents were republished under new ids
    redis.Redis.from_url(redis_url).flushdb()
    requests.post(f"{sandbox_url}/control/reset", timeout=5).raise_for_status()


@pytest.fixture
def app(_app: Flask, redis_url: str, sandbox_server: LiveServer) -> Iterator[Flask]:
    """Each test starts from migrated tables holding only the bundled agreement documents and consent templates."""
    from jobs import runtime

    _reset(_app, redis_url, sandbox_server.url)
    runtime.configure(_app.extensions["mirror.settings"], _app.extensions["mirror.deps"].redis)
    yield _app


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def make_app(database_url: str, redis_url: str, sandbox_server: SandboxServer, app_server: LiveServer, app: Flask
             ) -> Callable[..., Flask]:
    """Build an extra app with overridden settings (low rate limits, a dead Redis or database...)."""
    from bff.app import create_app

    def build(**overrides: Any) -> Flask:
        redis = overrides.pop("redis_url", redis_url)
        database = overrides.pop("database_url", database_url)
        return create_app(make_settings(database, redis, sandbox_server, app_server.url, **overrides))

    return build


@pytest.fixture
def live_app(app: Flask, app_server: LiveServer) -> LiveServer:
    """The app on a real port (the one its settings name as public_base_url)."""
    return app_server


@pytest.fixture
def db_session(app: Flask):  # type: ignore[no-untyped-def]
    """A separate session for asserting what was really committed."""
    with app.extensions["mirror.db"].factory() as session:
        yield session
