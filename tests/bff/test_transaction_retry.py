"""Deadlocks and lock-wait timeouts: the whole request (or job) runs once more, then 503.

MariaDB itself raises the errors (``SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213``) inside the
request's transaction, so they travel the real driver and SQLAlchemy path of a real deadlock.
"""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from bff.clients import service as clients
from bff.db import session as db
from jobs import runtime
from models import AuditEvent, Client, ClientNamePrefix
from models.session import ISOLATION_LEVEL, read_snapshot
from models.transient import DEADLOCK, LOCK_WAIT_TIMEOUT, is_transient, retry_once

SIGNAL = "SIGNAL SQLSTATE '{state}' SET MYSQL_ERRNO = {code}, MESSAGE_TEXT = 'forced by the test'"


def fail_with(session, code: int) -> None:  # type: ignore[no-untyped-def]
    session.execute(text(SIGNAL.format(state="40001" if code == DEADLOCK else "HY000", code=code)))


@pytest.fixture
def shop(client, consultant, store_of):  # type: ignore[no-untyped-def]
    owner = consultant()
    return owner, f"/api/v1/stores/{store_of(owner)}/clients"


@pytest.fixture
def flaky_indexes(monkeypatch):  # type: ignore[no-untyped-def]
    """Client creation whose index write meets a database error on the first ``failures`` runs."""
    from models.session import after_commit

    real, seen = clients._write_indexes, {"runs": 0, "g_leaked": [], "callbacks": [], "failures": 1, "code": DEADLOCK}

    def write(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen["runs"] += 1
        run = seen["runs"]
        seen["g_leaked"].append(g.get("marker"))
        g.marker = run
        after_commit(db(), seen["callbacks"].append, run)
        real(*args, **kwargs)
        if run <= seen["failures"]:
            fail_with(db(), seen["code"])

    monkeypatch.setattr(clients, "_write_indexes", write)
    return seen


def counts(app) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with app.extensions["mirror.db"].factory() as s:
        return (s.scalar(select(func.count()).select_from(Client)),
                s.scalar(select(func.count()).select_from(ClientNamePrefix)),
                s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "client.create")))


@pytest.mark.parametrize("code", [DEADLOCK, LOCK_WAIT_TIMEOUT])
def test_a_deadlock_reruns_the_whole_request_once_and_it_succeeds(app, client, shop, flaky_indexes, code):
    owner, base = shop
    flaky_indexes["code"] = code
    res = client.post(base, json={"name": "张三丰", "tags": ["复诊"]}, headers=owner.headers)
    assert res.status_code == 201, res.json
    assert res.json["name_masked"] == "张*丰"  # the body was read again on the second run
    assert flaky_indexes["runs"] == 2
    assert flaky_indexes["g_leaked"] == [None, None]  # a fresh g for the second run
    assert flaky_indexes["callbacks"] == [2]  # the first run's after-commit work was dropped
    assert counts(app) == (1, 3, 1)  # one client, its three prefixes, one audit event: nothing twice


def test_a_second_deadlock_answers_503_database_busy_and_keeps_nothing(app, client, shop, flaky_indexes):
    owner, base = shop
    flaky_indexes["failures"] = 2
    res = client.post(base, json={"name": "张三丰"}, headers=owner.headers)
    assert res.status_code == 503
    assert res.json["reason"] == "database_busy" and res.json["message"] == "系统繁忙，请稍后重试"
    assert res.headers["Retry-After"] == "1"
    assert flaky_indexes["runs"] == 2 and flaky_indexes["callbacks"] == []
    assert counts(app) == (0, 0, 0)


def test_a_request_that_acted_outside_the_database_is_not_run_again(app, client, shop, monkeypatch):
    from bff.db import forbid_retry

    owner, base = shop
    runs = []

    def refund_like(*args, **kwargs):  # type: ignore[no-untyped-def]
        runs.append(1)
        forbid_retry()  # e.g. WeChat Pay was asked for a refund: a second run would ask again
        fail_with(db(), DEADLOCK)

    monkeypatch.setattr(clients, "_write_indexes", refund_like)
    res = client.post(base, json={"name": "张三丰"}, headers=owner.headers)
    assert (res.status_code, res.json["reason"], len(runs)) == (503, "database_busy", 1)
    assert counts(app) == (0, 0, 0)


def test_other_database_errors_are_not_retried(app, client, shop, monkeypatch):
    owner, base = shop
    runs = []

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        runs.append(1)
        db().execute(text("SELECT * FROM no_such_table"))

    monkeypatch.setattr(clients, "_write_indexes", broken)
    res = client.post(base, json={"name": "张三丰"}, headers=owner.headers)
    assert (res.status_code, res.json["reason"], len(runs)) == (500, "internal_error", 1)


def test_jobs_run_again_once_then_give_up(app):
    factory = runtime.current().session_factory
    calls = []

    @retry_once
    def job(failures: int) -> str:
        calls.append(1)
        with factory.begin() as s:
            if len(calls) <= failures:
                fail_with(s, DEADLOCK)
            return "done"

    assert job(1) == "done" and len(calls) == 2
    calls.clear()
    with pytest.raises(OperationalError) as caught:
        job(2)
    assert is_transient(caught.value) and len(calls) == 2


def test_every_transaction_runs_read_committed_and_verifiers_get_one_snapshot(app):
    assert ISOLATION_LEVEL == "READ COMMITTED"
    with app.test_request_context("/"):
        assert db().scalar(text("SELECT @@tx_isolation")) == "READ-COMMITTED"
    with runtime.current().session_factory() as s:
        assert s.scalar(text("SELECT @@tx_isolation")) == "READ-COMMITTED"
    with app.extensions["mirror.db"].factory() as s:
        read_snapshot(s)
        assert s.scalar(text("SELECT @@tx_isolation")) == "REPEATABLE-READ"
    with app.extensions["mirror.db"].factory() as s:  # the pool gave the connection its level back
        assert s.scalar(text("SELECT @@tx_isolation")) == "READ-COMMITTED"


def test_a_lock_taken_after_a_plain_read_sees_the_committed_row(app):
    """``for_update`` replaces the copy the session loaded before the lock; a bare FOR UPDATE would not."""
    from sqlalchemy import update

    from models import Plan
    from models.locking import for_update

    factory = app.extensions["mirror.db"].factory
    with factory() as reader:
        stale = reader.scalar(select(Plan).where(Plan.code == "vip_month"))
        with factory.begin() as writer:
            writer.execute(update(Plan).where(Plan.id == stale.id).values(price_fen=7100))
        bare = reader.scalar(select(Plan).where(Plan.id == stale.id).with_for_update())
        assert bare.price_fen == 6800  # the ORM kept its earlier copy: the trap for_update avoids
        locked = reader.scalar(for_update(select(Plan).where(Plan.id == stale.id)))
        assert locked is stale and locked.price_fen == 7100
        reader.rollback()


def test_a_real_deadlock_makes_the_request_run_again_and_succeed(app, client, live_app, login):
    """An InnoDB deadlock, not a forced error: another transaction holds the code row, the redemption
    takes the account lock and waits for the code, then the other one asks for the account row."""
    import threading
    import time
    from datetime import UTC, datetime, timedelta

    import requests

    from tests.bff.admin.helpers import ledger_entries, make_operator

    who = login()
    admin = make_operator(app, client, "admin")
    now = datetime.now(UTC)
    res = client.post("/api/admin/v1/activation-batches", headers=admin.headers, json={
        "plan_code": "vip_month", "quantity": 1, "valid_from": (now - timedelta(days=1)).isoformat(),
        "valid_until": (now + timedelta(days=30)).isoformat(), "channel_note": "死锁测试"})
    [code] = res.json["codes"]
    engine = app.extensions["mirror.db"].engine

    def deadlocks() -> int:
        with engine.connect() as c:
            return int(c.execute(text("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'")).one()[1])

    with engine.connect() as c:
        user_id = c.execute(text("SELECT id FROM users WHERE public_id = :p"), {"p": who.user_id}).scalar_one()
    before = deadlocks()
    other = engine.connect()
    tx = other.begin()
    # Modify a few rows so InnoDB picks the lighter request as the victim.
    other.execute(text("UPDATE plans SET sort_order = sort_order + 1"))
    other.execute(text("SELECT id FROM activation_codes FOR UPDATE"))
    result: list[requests.Response] = []
    thread = threading.Thread(target=lambda: result.append(requests.post(
        live_app.url + "/api/v1/activation-codes/redeem", json={"code": code}, headers=who.headers, timeout=30)))
    thread.start()
    try:
        deadline = time.monotonic() + 10
        with engine.connect() as c:  # until the redemption waits for the code row
            while not c.execute(text("SELECT COUNT(*) FROM information_schema.processlist "
                                     "WHERE info LIKE 'UPDATE activation_codes%'")).scalar():
                assert time.monotonic() < deadline, "the redemption never waited for the code row"
                time.sleep(0.02)
        other.execute(text("SELECT id FROM users WHERE id = :u FOR UPDATE"), {"u": user_id})  # closes the cycle
        time.sleep(0.3)  # the second run now waits for the account row we hold
    finally:
        tx.rollback()
        other.close()
    thread.join()
    assert deadlocks() > before
    assert result[0].status_code == 200, result[0].text
    assert [e.kind for e in ledger_entries(app, user_id)] == ["grant"]
