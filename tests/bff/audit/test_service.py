"""record() inserts one unsealed event in the caller's transaction; the sealer chains it per store."""

import hashlib
import json
import threading

import pytest
from flask import g
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from bff.audit.chain import GENESIS
from bff.audit.service import record
from bff.audit.verify import verify, verify_chains
from bff.db import session as db
from models import AuditChainHead, AuditEvent, Base, Store
from models.session import make_engine, make_session_factory
from tests.bff.audit.factories import chain, new_store, new_user, record_many, seal_all


def test_events_form_a_linked_chain_per_store_with_the_documented_hash(factory):
    with factory.begin() as s:
        owner = new_user(s)
        a, b = new_store(s, owner), new_store(s, owner)
        record_many(s, a, 3)
        record_many(s, b, 2)
        record("user.export", subject_type="user", subject_id="u1", session=s)  # platform chain 0
    with factory() as s:
        assert chain(s, a.id) == []  # committed, not yet sealed
        assert verify(s).unsealed == {a.id: 3, b.id: 2, 0: 1}
    assert seal_all(factory).events == 6
    with factory() as s:
        events = chain(s, a.id)
        assert [e.seq for e in events] == [1, 2, 3]
        assert [e.seq for e in chain(s, b.id)] == [1, 2]
        assert [e.seq for e in chain(s, 0)] == [1]
        assert events[0].prev_hash == GENESIS
        assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
        first = events[0]
        canonical = json.dumps({
            "chain_id": a.id, "seq": 1, "occurred_at": first.occurred_at.isoformat(timespec="microseconds"),
            "actor_id": "actor1", "actor_role": "user", "store_id": a.public_id, "action": "client.read",
            "subject_type": "client", "subject_id": "c0", "purpose": None, "result": "ok", "request_id": None,
        }, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert first.occurred_at.isoformat().endswith("+00:00")
        assert first.hash == hashlib.sha256((canonical + GENESIS).encode()).hexdigest()
        head = s.get(AuditChainHead, a.id)
        assert (head.last_seq, head.last_hash, head.last_batch) == (3, events[-1].hash, 1)
        assert verify_chains(s) == []


def test_recording_is_one_insert_that_reads_and_locks_nothing(factory):
    with factory.begin() as s:
        store = new_store(s, new_user(s))
    seen: list[str] = []

    def statement(_conn, _cursor, sql, *_args):  # type: ignore[no-untyped-def]
        seen.append(" ".join(sql.split()))

    engine = factory.kw["bind"]
    sa_event.listen(engine, "before_cursor_execute", statement)
    try:
        with factory.begin() as s:
            record_many(s, store, 1)
    finally:
        sa_event.remove(engine, "before_cursor_execute", statement)
    assert len(seen) == 1 and seen[0].startswith("INSERT INTO audit_events"), seen
    assert "audit_chain_heads" not in seen[0] and "FOR UPDATE" not in seen[0]


def test_the_event_takes_the_actor_and_request_id_of_the_request(app, factory, login):
    who = login()
    with app.test_request_context(headers={"X-Request-ID": "req-0123456789"}):
        app.preprocess_request()  # runs before_request: sets g.request_id
        g.user = new_user(db(), who.user_id)
        event = record("client.reveal", subject_type="client", subject_id="c1", purpose="复诊" * 150)
        db().commit()
    seal_all(factory)
    with factory() as s:
        stored = s.get(AuditEvent, event.id)
        assert (stored.actor_id, stored.actor_role) == (who.user_id, "user")
        assert stored.request_id == "req-0123456789"
        assert stored.purpose == "复诊" * 100 and stored.store_id is None
        assert verify_chains(s) == []


def test_outside_a_request_the_actor_is_the_system_unless_named(factory):
    with factory.begin() as s:
        system = record("retention.purge", subject_type="store", subject_id="s1", session=s)
        job = record("export.ready", subject_type="client", subject_id="c1", session=s,
                     actor_id="u-123", actor_role="job")
    assert (system.actor_id, system.actor_role, system.request_id) == (None, "system", None)
    assert (job.actor_id, job.actor_role) == ("u-123", "job")


def test_an_event_rolls_back_with_the_change_it_records(app, factory):
    with factory.begin() as s:
        owner_id = new_user(s).id
    with app.test_request_context():
        store = Store(name="店", address="地址", business_category="beauty_consulting", created_by=owner_id)
        db().add(store)
        db().flush()
        record("store.create", subject_type="store", subject_id=store.public_id, store=store)
        db().rollback()
    assert seal_all(factory).events == 0
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Store)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 0
    with app.test_request_context():  # the same steps, committed, leave both
        store = Store(name="店", address="地址", business_category="beauty_consulting", created_by=owner_id)
        db().add(store)
        db().flush()
        record("store.create", subject_type="store", subject_id=store.public_id, store=store)
        db().commit()
    seal_all(factory)
    with factory() as s:
        assert [(e.seq, e.subject_id) for e in chain(s, store.id)] == [(1, store.public_id)]


def test_concurrent_records_and_sealers_seal_every_event_exactly_once(factory):
    """Writers of one new chain, and two sealers running all along: unique contiguous seqs."""
    with factory.begin() as s:
        store = new_store(s, new_user(s))
    threads, per_thread = 8, 10
    start = threading.Barrier(threads + 2)
    writing = threading.Event()
    errors: list[BaseException] = []
    sealed: list[int] = []

    def append() -> None:
        try:
            start.wait(timeout=10)
            for _ in range(per_thread):  # one transaction per event
                with factory.begin() as s:
                    s.scalar(select(func.count()).select_from(AuditEvent))  # read first, as a request does
                    record_many(s, store, 1)
        except BaseException as exc:  # reported below
            errors.append(exc)

    def sealer() -> None:
        try:
            start.wait(timeout=10)
            while writing.is_set():
                sealed.append(seal_all(factory).events)
        except BaseException as exc:
            errors.append(exc)

    writing.set()
    writers = [threading.Thread(target=append) for _ in range(threads)]
    sealers = [threading.Thread(target=sealer) for _ in range(2)]
    for w in writers + sealers:
        w.start()
    for w in writers:
        w.join(timeout=60)
    writing.clear()
    for w in sealers:
        w.join(timeout=60)
    sealed.append(seal_all(factory).events)
    assert errors == []
    total = threads * per_thread
    assert sum(sealed) == total  # no event counted by two sealers
    with factory() as s:
        assert [e.seq for e in chain(s, store.id)] == list(range(1, total + 1))
        assert verify(s).ok and verify(s).unsealed == {}


def test_oversized_fields_are_refused_before_anything_is_written(factory):
    with factory() as s:
        with pytest.raises(ValueError, match="action"):
            record("x" * 33, subject_type="client", subject_id="c1", session=s)
        assert s.get(AuditChainHead, 0) is None


def test_the_embedded_sqlite_database_keeps_valid_chains_too(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}", pooled=False)
    try:
        Base.metadata.create_all(engine)
        factory = make_session_factory(engine)
        for _ in range(2):  # the head is created, then advanced
            with factory.begin() as s:
                record_many(s, None, 2)
            seal_all(factory)
        with factory() as s:
            assert [e.seq for e in chain(s, 0)] == [1, 2, 3, 4]
            assert s.get(AuditChainHead, 0).last_batch == 2
            assert verify_chains(s) == []
    finally:
        engine.dispose()
