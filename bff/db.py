"""One SQLAlchemy session per request and one commit at the end of it.

Services flush but never commit; this module commits when the response is a
success (or an error that must persist, e.g. revoking a session on token reuse)
and rolls back otherwise. ``after_commit`` callbacks (job enqueues) run only
after a successful commit.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, scoped_session

from bff.config import Settings
from models.session import make_engine, make_session_factory


class Database:
    def __init__(self, settings: Settings) -> None:
        self.engine: Engine = make_engine(
            settings.database_url,
            pool_size=settings.db_pool_size,
            pool_recycle=settings.db_pool_recycle,
            pool_timeout=settings.db_pool_timeout,
        )
        self.factory = make_session_factory(self.engine)
        self.scoped = scoped_session(self.factory)


def session() -> Session:
    """The current request's session."""
    return current_app.extensions["mirror.db"].scoped()


def init_app(app: Flask, settings: Settings) -> Database:
    database = Database(settings)
    app.extensions["mirror.db"] = database

    @app.after_request
    def _finish_transaction(response):  # type: ignore[no-untyped-def]
        current = database.scoped()
        if response.status_code < 400 or g.get("persist_on_error"):
            current.commit()
        else:
            current.rollback()
        return response

    @app.teardown_appcontext
    def _remove(_exc):  # type: ignore[no-untyped-def]
        database.scoped.remove()

    return database
