"""Fixtures for audit tests: the app's session factory and the test database's name."""

import pytest
from sqlalchemy.engine import make_url


@pytest.fixture
def factory(app):  # type: ignore[no-untyped-def]
    """``with factory.begin() as s:`` commits on leaving the block."""
    return app.extensions["mirror.db"].factory


@pytest.fixture
def database_name(database_url: str) -> str:
    return make_url(database_url).database or ""
