"""Deadlocks and lock-wait timeouts: the database asks for the whole transaction to run again.

InnoDB answers 1213 when it picks a transaction as a deadlock victim (and rolls it back) and 1205
when a lock wait times out. Both are normal under concurrency, not bugs: the web layer
(``bff/db.py``) re-dispatches the whole request once and jobs re-run once (``retry_once``) before
either becomes an error (503 ``database_busy`` for a request).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

log = logging.getLogger(__name__)

DEADLOCK, LOCK_WAIT_TIMEOUT = 1213, 1205
TRANSIENT_CODES = frozenset({DEADLOCK, LOCK_WAIT_TIMEOUT})
# The server cannot be reached or went away: too many connections, shutdown in progress, can't
# connect (socket, TCP, unknown host), server gone away, connection lost during a query, lost
# connection at handshake. Nothing about the request is wrong; it can be sent again later.
UNREACHABLE_CODES = frozenset({1040, 1053, 2002, 2003, 2005, 2006, 2013, 2055})

P = ParamSpec("P")
R = TypeVar("R")


def is_transient(exc: BaseException) -> bool:
    """True for a deadlock or lock-wait timeout reported through SQLAlchemy (any wrapping depth)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError):
            args = getattr(current.orig, "args", ())
            if args and args[0] in TRANSIENT_CODES:
                return True
        current = current.__cause__ or current.__context__
    return False


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not s for s in seen):
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def is_unreachable(exc: BaseException) -> bool:
    """True when the database could not be reached or the connection to it was lost (any depth)."""
    for current in _chain(exc):
        if isinstance(current, DBAPIError):
            if current.connection_invalidated:
                return True
            args = getattr(current.orig, "args", ())
            if args and args[0] in UNREACHABLE_CODES:
                return True
    return False


def is_pool_exhausted(exc: BaseException) -> bool:
    """True when no pooled connection came free within the pool's timeout (the app is saturated)."""
    return any(isinstance(current, PoolTimeout) for current in _chain(exc))


def retry_once(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` again once if it fails on a deadlock or lock-wait timeout.

    For job entry points: each owns its transactions (rolled back by then) and is idempotent,
    so running it again is the whole-transaction retry the database asks for.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("transaction retried after %s", type(exc).__name__, extra={"job": fn.__qualname__})
            return fn(*args, **kwargs)

    return wrapper
