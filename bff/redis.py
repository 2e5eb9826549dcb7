"""The Redis connection: the real server in production and tests, an in-process one embedded."""

from __future__ import annotations

from functools import cache

import redis

from bff.config import Settings


@cache
def _embedded_server():
    """One in-process server for the embedded default, shared by the app and its job thread.
    Imported lazily: production processes never load fakeredis (and its numpy)."""
    import fakeredis

    return fakeredis.FakeServer()


def connect(settings: Settings) -> redis.Redis:
    if settings.redis_url is None:
        import fakeredis

        return fakeredis.FakeRedis(server=_embedded_server())
    return redis.Redis.from_url(
        settings.redis_url,
        socket_timeout=settings.dependency_timeout,
        socket_connect_timeout=settings.dependency_timeout,
        health_check_interval=30,
    )
