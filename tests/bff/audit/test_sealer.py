"""The sealer chains committed events in commit order, never twice, never waiting on a request;
requests never wait on it."""

from __future__ import annotations

import dataclasses
import threading
import time

import requests
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from bff.audit.chain import batch_digest
from bff.audit.sealer import seal, seal_batch
from bff.audit.verify import verify
from bff.cli import main
from jobs import schedule
from jobs.audit import seal_audit_events
from models import AuditBatch, AuditEvent, Store
from tests.bff.audit.factories import chain, new_store, new_user, record_many, seal_all


def _store(factory):  # type: ignore[no-untyped-def]
    with factory.begin() as s:
        return new_store(s, new_user(s))


def test_an_event_committed_after_a_later_one_was_sealed_joins_the_chain_after_it(factory):
    store = _store(factory)
    early = factory()
    early.begin()
    (slow,) = record_many(early, store, 1)  # the smaller id, its transaction still open
    with factory.begin() as s:
        (fast,) = record_many(s, store, 1)
    assert slow.id < fast.id
    started = time.monotonic()
    assert seal_all(factory).events == 1  # skips the open transaction's row instead of waiting for it
    assert time.monotonic() - started < 5
    early.commit()
    early.close()
    assert seal_all(factory).events == 1
    with factory() as s:
        assert [(e.id, e.seq) for e in chain(s, store.id)] == [(fast.id, 1), (slow.id, 2)]
        batches = list(s.scalars(select(AuditBatch).where(AuditBatch.chain_id == store.id).order_by(AuditBatch.batch)))
        assert [(b.batch, b.first_seq, b.last_seq) for b in batches] == [(1, 1, 1), (2, 2, 2)]
        assert batches[1].prev_digest == batches[0].digest
        assert batches[1].digest == batch_digest(chain_id=store.id, batch=2, first_seq=2, last_seq=2,
                                                 last_hash=batches[1].last_hash, sealed_at=batches[1].sealed_at,
                                                 prev_digest=batches[0].digest)
        report = verify(s)
        assert (report.ok, report.events, report.unsealed) == (True, 2, {})


def test_rescan_waits_for_open_transactions_and_seals_what_they_commit(factory, database_url, monkeypatch, capsys):
    store = _store(factory)
    with factory.begin() as s:
        record_many(s, store, 2)
    open_tx = factory()
    open_tx.begin()
    record_many(open_tx, store, 1)
    threading.Timer(1.0, lambda: (open_tx.commit(), open_tx.close())).start()
    monkeypatch.setenv("MIRROR_DATABASE_URL", database_url)
    main(["audit", "seal", "--rescan", "--chain", str(store.id)])
    assert capsys.readouterr().out == "sealed 3 events in 1 batches of 1 chains\n"
    with factory() as s:
        assert [e.seq for e in chain(s, store.id)] == [1, 2, 3]


def test_a_rolled_back_event_is_never_sealed_and_large_backlogs_are_sealed_in_batches(factory):
    store = _store(factory)
    with factory() as s:
        record_many(s, store, 3)
        s.rollback()
    with factory.begin() as s:
        record_many(s, store, 10)
    report = seal(factory, max_batches=2, batch_size=4)  # the periodic job's bound; the next tick goes on
    assert (report.events, report.batches) == (8, 2)
    assert seal(factory, batch_size=4).events == 2
    with factory() as s:
        assert [e.seq for e in chain(s, store.id)] == list(range(1, 11))
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 10
        assert s.scalar(select(func.max(AuditBatch.batch))) == 3
        assert verify(s).ok


def test_the_periodic_job_seals_and_is_scheduled_like_the_others(app, factory):
    from rq import Queue, SimpleWorker
    from rq.cron import CronScheduler

    from jobs import queues

    store = _store(factory)
    with factory.begin() as s:
        record_many(s, store, 2)
    redis = app.extensions["mirror.deps"].redis
    cron = CronScheduler(connection=redis, logging_level="WARNING")
    cron.load_config_from_file("jobs.cron_config")  # what `rq cron jobs.cron_config` loads
    [scheduled] = [j for j in cron.get_jobs() if j.func_name == "jobs.audit.seal_audit_events"]
    [entry] = [p for p in schedule.SCHEDULE if p.func == "jobs.audit.seal_audit_events"]
    assert (scheduled.interval, scheduled.queue_name) == (entry.every_seconds, queues.DEFAULT)
    assert 0 < entry.every_seconds <= 10  # "shortly after commit"
    entry.enqueue()
    queue = Queue(queues.DEFAULT, connection=redis)
    [job_id] = queue.job_ids
    assert SimpleWorker([queue], connection=redis).work(burst=True)
    assert queue.fetch_job(job_id).return_value() == "sealed 2 events in 1 batches of 1 chains"
    assert seal_audit_events() == "sealed 0 events in 0 batches of 0 chains"  # idle: one index lookup
    with factory() as s:
        assert [e.seq for e in chain(s, store.id)] == [1, 2]


def test_the_embedded_schedule_enqueues_the_sealer_between_sleeps(app, monkeypatch):
    calls: list[float] = []
    [entry] = [p for p in schedule.SCHEDULE if p.func == "jobs.audit.seal_audit_events"]
    fast = dataclasses.replace(entry, every_seconds=0.05)
    monkeypatch.setattr(schedule.Periodic, "enqueue", lambda self: calls.append(time.monotonic()))
    stop = schedule.start_in_thread((fast,))
    time.sleep(0.5)
    stop.set()
    assert 3 <= len(calls) <= 11  # one per interval: a sleeping thread, not a busy loop


def test_a_sealer_mid_batch_never_blocks_a_request_and_concurrent_requests_are_each_sealed_once(
        app, live_app, factory, consultant, store_of, join):
    """Many audited requests of one store at once, several rounds; in the first a sealer holds its
    head and row locks for the whole round, in the others two sealers run all along."""
    owner, staff = consultant(), consultant()
    store_id = store_of(owner)
    join(owner, store_id, staff)
    base = f"{live_app.url}/api/v1/stores/{store_id}/clients"
    made = requests.post(base, headers=owner.headers, json={"name": "张三"}, timeout=30)
    assert made.status_code == 201, made.text
    with factory() as s:
        chain_id = s.scalar(select(Store.id).where(Store.public_id == store_id))
    users, rounds, per_user = [owner, staff] * 3, 4, 4
    failures: list[str] = []
    answered = 0
    lock = threading.Lock()

    def work(who, barrier: threading.Barrier) -> None:  # type: ignore[no-untyped-def]
        nonlocal answered
        barrier.wait()
        for _ in range(per_user):
            for url in (f"{base}?q=张", f"{base}/{made.json()['id']}"):  # a search and a read: both audited
                try:
                    res = requests.get(url, headers=who.headers, timeout=30)
                except requests.RequestException as exc:  # e.g. a read timeout: it waited on a lock
                    with lock:
                        failures.append(repr(exc))
                    continue
                with lock:
                    answered += 1
                    if res.status_code != 200:
                        failures.append(f"{res.status_code} {res.text[:200]}")

    for round_ in range(rounds):
        holder = None
        if round_ == 0:  # a sealer stuck mid-batch: head locked, its events locked, not committed
            holder = factory()
            holder.begin()
            assert seal_batch(holder, chain_id) > 0
        stop = threading.Event()
        sealers = [] if holder else [threading.Thread(target=_seal_until, args=(factory, stop)) for _ in range(2)]
        barrier = threading.Barrier(len(users))
        threads = [threading.Thread(target=work, args=(who, barrier)) for who in users]
        for t in sealers + threads:
            t.start()
        for t in threads:
            t.join(timeout=40)  # well under InnoDB's 50 s lock wait: a request that waited is still running
        assert not any(t.is_alive() for t in threads), "a request waited on the sealer's locks"
        if holder is not None:
            holder.commit()
            holder.close()
        stop.set()
        for t in sealers:
            t.join(timeout=60)
        assert failures == [], failures[:3]
    seal_all(factory)
    assert answered == rounds * len(users) * per_user * 2
    with factory() as s:
        events = chain(s, chain_id)
        requested = s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.chain_id == chain_id, AuditEvent.action.in_(("client.list", "client.read"))))
        assert requested == answered
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert len({e.id for e in events}) == s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.chain_id == chain_id))
        report = verify(s)
        assert (report.ok, report.unsealed) == (True, {})


def _seal_until(factory, stop: threading.Event) -> None:  # type: ignore[no-untyped-def]
    while not stop.is_set():
        seal(factory)


def test_an_audited_search_writes_one_audit_statement_and_touches_no_chain_head(app, live_app, factory, consultant,
                                                                                 store_of):
    owner = consultant()
    base = f"{live_app.url}/api/v1/stores/{store_of(owner)}/clients"
    assert requests.post(base, headers=owner.headers, json={"name": "张三"}, timeout=30).status_code == 201
    seen: list[str] = []

    def statement(_conn, _cursor, sql, *_args):  # type: ignore[no-untyped-def]
        seen.append(" ".join(sql.split()))

    engine = app.extensions["mirror.db"].engine
    sa_event.listen(engine, "before_cursor_execute", statement)
    try:
        assert requests.get(f"{base}?q=张", headers=owner.headers, timeout=30).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", statement)
    audit = [sql for sql in seen if "audit_" in sql]
    assert len(audit) == 1 and audit[0].startswith("INSERT INTO audit_events"), audit
