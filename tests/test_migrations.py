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


def test_audit_chains_written_before_the_sealer_stay_valid_after_the_upgrade(tmp_path):
    """0006 makes events sealable later; chains written in place by the old code get one batch each."""
    import hashlib
    import json
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from sqlalchemy import text

    from bff.audit.sealer import seal
    from bff.audit.service import record
    from bff.audit.verify import verify
    from models.session import make_engine, make_session_factory

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0004")
    engine = create_engine(url)
    prev, occurred = "0" * 64, datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    with engine.begin() as conn:  # what the old writer left: seq and hash set at insert, head advanced
        for seq in (1, 2, 3):
            fields = {"chain_id": 7, "seq": seq, "occurred_at": occurred.isoformat(timespec="microseconds"),
                      "actor_id": None, "actor_role": "system", "store_id": "s7", "action": "client.read",
                      "subject_type": "client", "subject_id": f"c{seq}", "purpose": None, "result": "ok",
                      "request_id": None}
            digest = hashlib.sha256((json.dumps(fields, sort_keys=True, separators=(",", ":"))
                                     + prev).encode()).hexdigest()
            conn.execute(text(
                "INSERT INTO audit_events (chain_id, seq, occurred_at, actor_role, store_id, action, subject_type,"
                " subject_id, result, prev_hash, hash) VALUES (7, :seq, :at, 'system', 's7', 'client.read',"
                " 'client', :subject, 'ok', :prev, :hash)"),
                {"seq": seq, "at": occurred.replace(tzinfo=None), "subject": f"c{seq}", "prev": prev, "hash": digest})
            prev = digest
        conn.execute(text("INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash) VALUES (7, 3, :h)"),
                     {"h": prev})
    engine.dispose()
    upgrade(url)
    engine = make_engine(url, pooled=False)
    try:
        factory = make_session_factory(engine)
        with factory() as s:
            report = verify(s)
            assert (report.ok, report.events, report.chains) == (True, 3, 1)
        with factory.begin() as s:  # the chain goes on after its migrated batch
            record("client.read", subject_type="client", subject_id="c4", session=s,
                   store=SimpleNamespace(id=7, public_id="s7"))
        assert seal(factory).events == 1
        with factory() as s:
            assert verify(s).ok
            assert s.execute(text("SELECT seq FROM audit_events WHERE subject_id = 'c4'")).scalar() == 4
            assert s.execute(text("SELECT batch FROM audit_batches ORDER BY batch")).scalars().all() == [1, 2]
    finally:
        engine.dispose()
