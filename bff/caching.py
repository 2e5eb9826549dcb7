"""Per-process caches of data read on hot paths, and the one bound on how stale they may be.

Only data that changes by a deliberate publication is cached (the current agreement
versions). Users, sessions, store memberships and consent grants are read from the database on
every request, so disabling a user, removing a member or withdrawing consent takes effect on
the next request; ``tests/bff/capture/test_revocation_bound.py`` proves both.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from flask import Flask, current_app

# A newly published agreement version is enforced by every worker within this many seconds.
ACCESS_CACHE_SECONDS = 5.0

T = TypeVar("T")


def clock() -> float:
    # Module-level so tests can move time without sleeping.
    return time.monotonic()


class TtlValue(Generic[T]):
    """One value, reloaded when older than ``ACCESS_CACHE_SECONDS``; concurrent misses may both load."""

    def __init__(self, load: Callable[[], T]) -> None:
        self._load = load
        self._value: tuple[float, T] | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        now = clock()
        cached = self._value
        if cached is not None and now - cached[0] < ACCESS_CACHE_SECONDS:
            return cached[1]
        value = self._load()
        with self._lock:
            self._value = (now, value)
        return value


def per_app(name: str, load: Callable[[], T]) -> T:
    """The app's cached value ``name`` (one per app, so apps on other databases never share)."""
    caches = current_app.extensions.setdefault("mirror.caches", {})
    cache = caches.get(name)
    if cache is None:
        cache = caches.setdefault(name, TtlValue(load))
    return cache.get()


def clear(app: Flask) -> None:
    """Forget every cached value (tests that rewrite reference data)."""
    app.extensions.pop("mirror.caches", None)
