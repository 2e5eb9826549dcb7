"""Engine and session factory, shared by the web app, jobs and migrations."""

from __future__ import annotations

import logging

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# The one isolation level of every MySQL/MariaDB transaction (web, jobs, CLI). Under InnoDB's
# default REPEATABLE READ a plain SELECT after ``SELECT ... FOR UPDATE`` still reads the snapshot
# taken before the lock was granted, so a read-then-write serialised by a row lock (the ledger's
# user row, an order, a chain head) would build on what the previous lock holder had not yet
# committed. READ COMMITTED gives every statement the latest committed rows, so "lock, then read"
# is correct everywhere, and searches take no gap locks (fewer deadlocks). Readers that compare
# several statements (chain verifiers) ask for one snapshot with ``read_snapshot``.
ISOLATION_LEVEL = "READ COMMITTED"


def make_engine(url: str, *, pool_size: int = 10, pool_recycle: int = 1800, pool_timeout: int = 5,
                pooled: bool = True) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15},
                               **({} if pooled else {"poolclass": NullPool}))

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            dbapi_conn.execute("PRAGMA foreign_keys=ON")
            dbapi_conn.execute("PRAGMA journal_mode=WAL")

        return engine
    connect_args = {"charset": "utf8mb4", "connect_timeout": 5}
    if not pooled:
        return create_engine(url, poolclass=NullPool, connect_args=connect_args, isolation_level=ISOLATION_LEVEL)
    # pre_ping survives a MySQL restart; recycle stays under wait_timeout.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_recycle=pool_recycle,
        pool_size=pool_size,
        pool_timeout=pool_timeout,
        max_overflow=pool_size,
        # Sessions and Connections always end their transaction before returning the
        # connection, so the pool's own ROLLBACK on return is a wasted round trip.
        pool_reset_on_return=None,
        connect_args=connect_args,
        isolation_level=ISOLATION_LEVEL,
    )


def read_snapshot(session: Session) -> None:
    """Make the rest of ``session``'s (not yet started) transaction read one consistent snapshot.

    For readers that compare the results of several statements, e.g. a chain head with its rows
    while others append. Call it first thing; the pool restores ``ISOLATION_LEVEL`` afterwards.
    """
    if session.get_bind().dialect.name == "mysql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def make_session_factory(engine: Engine) -> sessionmaker:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    install_after_commit_hooks(factory)
    return factory


def after_commit(session, fn, *args) -> None:  # type: ignore[no-untyped-def]
    """Run ``fn(*args)`` once this session's transaction commits; dropped when it rolls back.

    The outbox's fast path (``jobs.outbox.emit``) hands its rows to RQ this way: a worker can
    never see an id whose row is not committed yet, and a rolled-back request enqueues nothing.
    A callback that fails is only logged; follow-ups do not depend on it (the relay re-sends).
    """
    session.info.setdefault("after_commit", []).append((fn, args))


def install_after_commit_hooks(factory: sessionmaker) -> None:
    @event.listens_for(factory, "after_commit")
    def _run(session):  # type: ignore[no-untyped-def]
        for fn, args in session.info.pop("after_commit", []):
            try:
                fn(*args)
            except Exception:
                # The data is committed; failing the request now would tell the client it was
                # not. Follow-ups are outbox rows, which the relay sends when this fails.
                log.exception("after-commit callback failed",
                              extra={"callback": getattr(fn, "__qualname__", repr(fn)), "callback_args": args})

    @event.listens_for(factory, "after_soft_rollback")
    def _drop(session, previous):  # type: ignore[no-untyped-def]
        # A savepoint's rollback keeps the callbacks registered before it; a callback for an
        # object written inside it checks that object (the outbox skips rows not persisted).
        if not previous.nested:
            session.info.pop("after_commit", None)
