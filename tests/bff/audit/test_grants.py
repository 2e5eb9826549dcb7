"""The app's database user may append audit events and seal them, never rewrite them (MariaDB enforces it)."""

import secrets
from urllib.parse import quote, urlparse

import pymysql
import pytest

from bff.audit.grants import grant_statements
from bff.audit.sealer import seal
from bff.audit.service import record
from bff.audit.verify import verify
from bff.cli import main
from models import Base
from models.session import make_engine, make_session_factory
from tests.support.services import MARIADB_URL

ACCESS_DENIED = 1142  # ER_TABLEACCESS_DENIED_ERROR
COLUMN_DENIED = 1143  # ER_COLUMNACCESS_DENIED_ERROR


def test_every_table_gets_dml_but_audit_events_only_select_insert_and_their_seal():
    statements = grant_statements("mirror", "mirror_app")
    by_table = {s.split(" ON `mirror`.`")[1].split("`")[0]: s.split(" ON ")[0] for s in statements}
    assert set(by_table) == set(Base.metadata.tables) | {"alembic_version"}
    assert by_table["audit_events"] == "GRANT SELECT, INSERT, UPDATE (`seq`, `prev_hash`, `hash`)"
    assert by_table["audit_batches"] == "GRANT SELECT, INSERT"
    assert by_table["alembic_version"] == "GRANT SELECT"
    assert by_table["clients"] == "GRANT SELECT, INSERT, UPDATE, DELETE"
    assert all(s.endswith(" TO 'mirror_app'@'%';") for s in statements)
    ddl = ("CREATE", "ALTER", "DROP", "ALL", "GRANT OPTION")
    assert not any(word in s for s in statements for word in ddl)


def test_names_that_could_break_out_of_the_statement_are_refused():
    with pytest.raises(ValueError):
        grant_statements("mirror", "app'@'%'; DROP USER root; --")
    with pytest.raises(ValueError):
        grant_statements("mirror", "mirror_app", host="%' IDENTIFIED BY 'x")
    assert "`odd``name`.`users`" in " ".join(grant_statements("odd`name", "mirror_app"))


def test_the_cli_prints_the_grants(monkeypatch, capsys):
    monkeypatch.setenv("MIRROR_DATABASE_URL", "mysql+pymysql://u:p@db:3306/mirror_prod")
    main(["audit", "grants", "--user", "mirror_app", "--host", "10.0.%"])
    lines = capsys.readouterr().out.splitlines()
    assert ("GRANT SELECT, INSERT, UPDATE (`seq`, `prev_hash`, `hash`) ON `mirror_prod`.`audit_events` "
            "TO 'mirror_app'@'10.0.%';") in lines
    assert "GRANT SELECT, INSERT ON `mirror_prod`.`audit_batches` TO 'mirror_app'@'10.0.%';" in lines
    assert len(lines) == len(Base.metadata.tables) + 1


@pytest.fixture
def app_user(app, mariadb_admin, database_name):
    """A throwaway user holding exactly the generated grants; dropped afterwards."""
    name, password = f"mirror_t_{secrets.token_hex(4)}", secrets.token_urlsafe(18)
    with mariadb_admin.cursor() as cur:
        cur.execute("CREATE USER %s@'%%' IDENTIFIED BY %s", (name, password))
    try:
        with mariadb_admin.cursor() as cur:
            for statement in grant_statements(database_name, name):
                cur.execute(statement)
        yield name, password
    finally:
        with mariadb_admin.cursor() as cur:
            cur.execute("DROP USER %s@'%%'", (name,))


def _server():
    url = urlparse(MARIADB_URL.replace("mysql+pymysql", "mysql"))
    return url.hostname, url.port or 3306


def _denied(cur, sql: str) -> int:
    with pytest.raises(pymysql.err.OperationalError) as denied:
        cur.execute(sql)
    return denied.value.args[0]


def test_the_app_user_can_insert_audit_events_but_not_rewrite_or_delete_them(app_user, database_name):
    host, port = _server()
    conn = pymysql.connect(host=host, port=port, user=app_user[0], password=app_user[1],
                           database=database_name, autocommit=True)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO audit_events (chain_id, seq, occurred_at, actor_role, action, subject_type,"
                " subject_id, result, prev_hash, hash) VALUES (-1, 1, UTC_TIMESTAMP(6), 'system', 'probe',"
                " 'store', 's', 'ok', REPEAT('0', 64), REPEAT('1', 64))")
            assert cur.rowcount == 1
            for column in ("purpose", "action", "occurred_at", "actor_id", "subject_id", "chain_id"):
                update = f"UPDATE audit_events SET {column} = {column} WHERE chain_id = -1"
                assert _denied(cur, update) == COLUMN_DENIED, column
            assert _denied(cur, "DELETE FROM audit_events WHERE chain_id = -1") == ACCESS_DENIED
            assert _denied(cur, "DELETE FROM audit_chain_heads") == ACCESS_DENIED
            assert _denied(cur, "DELETE FROM audit_batches") == ACCESS_DENIED
            assert _denied(cur, "UPDATE audit_batches SET digest = digest") == ACCESS_DENIED
            cur.execute("UPDATE audit_events SET hash = hash WHERE chain_id = -1")  # what the sealer writes
            assert _denied(cur, "DROP TABLE audit_events") == ACCESS_DENIED
            cur.execute("SELECT COUNT(*) FROM audit_events WHERE chain_id = -1")
            assert cur.fetchone() == (1,)
            # Other tables: full DML.
            cur.execute("UPDATE users SET last_login_at = UTC_TIMESTAMP(6) WHERE id = -1")
            cur.execute("DELETE FROM store_members WHERE id = -1")
    finally:
        conn.close()


def test_the_app_can_record_seal_and_verify_as_the_restricted_user(app_user, database_name):
    host, port = _server()
    url = f"mysql+pymysql://{app_user[0]}:{quote(app_user[1], safe='')}@{host}:{port}/{database_name}"
    engine = make_engine(url, pooled=False)
    try:
        factory = make_session_factory(engine)
        for _ in range(2):  # the first creates the chain's head, the second advances it
            with factory.begin() as s:
                record("user.export", subject_type="user", subject_id="u1", session=s)
            seal(factory)
        with factory() as s:
            report = verify(s)
        assert (report.ok, report.events, report.chains) == (True, 2, 1)
    finally:
        engine.dispose()
