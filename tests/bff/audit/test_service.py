"""record() appends to a per-store hash chain, in the caller's transaction, safely under concurrency."""

import hashlib
import json
import threading

import pytest
from flask import g
from sqlalchemy import func, select

from bff.audit.chain import GENESIS
from bff.audit.service import record
from bff.audit.verify import verify_chains
from bff.db import session as db
from models import AuditChainHead, AuditEvent, Base, Store
from models.session import make_engine, make_session_factory
from tests.bff.audit.factories import chain, new_store, new_user, record_many


def test_events_form_a_linked_chain_per_store_with_the_documented_hash(factory):
    with factory.begin() as s:
        owner = new_user(s)
        a, b = new_store(s, owner), new_store(s, owner)
        record_many(s, a, 3)
        record_many(s, b, 2)
        record("user.export", subject_type="user", subject_id="u1", session=s)  # platform chain 0
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
        assert (head.last_seq, head.last_hash) == (3, events[-1].hash)
        assert verify_chains(s) == []


def test_the_event_takes_the_actor_and_request_id_of_the_request(app, factory, login):
    who = login()
    with app.test_request_context(headers={"X-Request-ID": "req-0123456789"}):
        app.preprocess_request()  # runs before_request: sets g.request_id
        g.user = new_user(db(), who.user_id)
        event = record("client.reveal", subject_type="client", subject_id="c1", purpose="复诊" * 150)
        db().commit()
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
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Store)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 0
    with app.test_request_context():  # the same steps, committed, leave both
        store = Store(name="店", address="地址", business_category="beauty_consulting", created_by=owner_id)
        db().add(store)
        db().flush()
        record("store.create", subject_type="store", subject_id=store.public_id, store=store)
        db().commit()
    with factory() as s:
        assert [(e.seq, e.subject_id) for e in chain(s, store.id)] == [(1, store.public_id)]


def test_concurrent_appends_to_a_new_chain_get_unique_contiguous_seqs(factory):
    with factory.begin() as s:
        store = new_store(s, new_user(s))
    threads, per_thread = 8, 5
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def append() -> None:
        try:
            start.wait(timeout=10)
            for _ in range(per_thread):  # one transaction per event; the first ones race to create the head
                with factory.begin() as s:
                    # Read first, as a request does: InnoDB's snapshot is now older than the head.
                    s.scalar(select(func.count()).select_from(AuditEvent))
                    record_many(s, store, 1)
        except BaseException as exc:  # reported below
            errors.append(exc)

    workers = [threading.Thread(target=append) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert errors == []
    with factory() as s:
        assert [e.seq for e in chain(s, store.id)] == list(range(1, threads * per_thread + 1))
        assert verify_chains(s) == []


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
        with factory() as s:
            assert [e.seq for e in chain(s, 0)] == [1, 2, 3, 4]
            assert verify_chains(s) == []
    finally:
        engine.dispose()
