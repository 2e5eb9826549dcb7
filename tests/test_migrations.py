"""Migrations are how every database gets its schema; they must match the models exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from bff.migrate import upgrade
from models import Base


def _diff(url):
    engine = create_engine(url)
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)


def test_sqlite_migrations_match_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    assert _diff(url) == []


def test_mariadb_migrations_match_the_models_and_use_utf8mb4(database_url):
    assert _diff(database_url) == []
    engine = create_engine(database_url)
    with engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        options = {t: inspect(conn).get_table_options(t) for t in tables}
    assert {"users", "auth_sessions", "refresh_tokens", "legal_documents"} <= set(tables)
    assert all(o.get("mysql_default charset") == "utf8mb4" for t, o in options.items() if t != "alembic_version")
