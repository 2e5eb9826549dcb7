"""The Redis connection: the real server in production and tests, an in-process one embedded."""

from __future__ import annotations

import fakeredis
import redis

from bff.config import Settings

# One in-process server for the embedded default, shared by the app and its job thread.
_EMBEDDED_SERVER = fakeredis.FakeServer()


def connect(settings: Settings) -> redis.Redis:
    if settings.redis_url is None:
        return fakeredis.FakeRedis(server=_EMBEDDED_SERVER)
    return redis.Redis.from_url(
        settings.redis_url,
        socket_timeout=settings.dependency_timeout,
        socket_connect_timeout=settings.dependency_timeout,
        health_check_interval=30,
    )
