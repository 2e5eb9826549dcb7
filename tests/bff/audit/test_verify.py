"""The verifier names the first bad event of each chain, whatever was done to it behind the app's back."""

from types import SimpleNamespace

import pytest

from bff.audit.chain import HASHED_FIELDS, event_hash
from bff.audit.verify import verify, verify_chains
from bff.cli import main
from models import AuditEvent
from tests.bff.audit.factories import chain, new_store, new_user, record_many, seal_all


@pytest.fixture
def chains(factory):
    """Two stores with five sealed events each (a's in two batches); returns (a, b, a's event ids by seq)."""
    with factory.begin() as s:
        owner = new_user(s)
        a, b = new_store(s, owner), new_store(s, owner)
        record_many(s, a, 2)
        record_many(s, b, 5)
    seal_all(factory)
    with factory.begin() as s:
        record_many(s, a, 3)
    seal_all(factory)
    with factory() as s:
        ids = {e.seq: e.id for e in chain(s, a.id)}
    return a, b, ids


@pytest.fixture
def admin_sql(mariadb_admin, database_name):
    """Run SQL as root on the test database: what an intruder with admin rights could do."""

    def run(*statements: str) -> None:
        with mariadb_admin.cursor() as cur:
            cur.execute(f"USE `{database_name}`")
            for statement in statements:
                cur.execute(statement)

    return run


def quote(value: str | None) -> str:
    return "NULL" if value is None else f"'{value}'"


def problems(factory):
    with factory() as s:
        return [(p.chain_id, p.seq, p.event_id, p.kind) for p in verify_chains(s)]


def test_intact_chains_verify_and_are_counted(factory, chains):
    with factory() as s:
        report = verify(s)
        assert (report.ok, report.events, report.chains) == (True, 10, 2)
        assert verify_chains(s, chain_id=chains[0].id) == []


def test_an_altered_event_is_named(factory, chains, admin_sql):
    a, _b, ids = chains
    admin_sql(f"UPDATE audit_events SET purpose = 'edited' WHERE chain_id = {a.id} AND seq = 3")
    assert problems(factory) == [(a.id, 3, ids[3], "altered")]


def test_an_altered_and_rehashed_event_breaks_the_next_link(factory, chains, admin_sql):
    a, _b, ids = chains
    with factory() as s:
        third = chain(s, a.id)[2]
        forged = SimpleNamespace(**{name: getattr(third, name) for name in HASHED_FIELDS})
        forged.purpose = "edited"
        new_hash = event_hash(forged, third.prev_hash)
    admin_sql(f"UPDATE audit_events SET purpose = 'edited', hash = '{new_hash}' "
              f"WHERE chain_id = {a.id} AND seq = 3")
    # seq 3 is self-consistent now; the link from seq 4 gives it away.
    assert problems(factory) == [(a.id, 4, ids[4], "broken_link")]


def test_a_deleted_event_is_named_as_missing(factory, chains, admin_sql):
    a, _b, ids = chains
    admin_sql(f"DELETE FROM audit_events WHERE chain_id = {a.id} AND seq = 3")
    assert problems(factory) == [(a.id, 3, ids[4], "missing")]


def test_a_reordered_pair_is_named(factory, chains, admin_sql):
    a, _b, ids = chains
    admin_sql(
        f"UPDATE audit_events SET seq = 1000 WHERE chain_id = {a.id} AND seq = 2",
        f"UPDATE audit_events SET seq = 2 WHERE chain_id = {a.id} AND seq = 3",
        f"UPDATE audit_events SET seq = 3 WHERE chain_id = {a.id} AND seq = 1000",
    )
    assert problems(factory) == [(a.id, 2, ids[3], "reordered")]


def test_a_truncated_chain_is_named(factory, chains, admin_sql):
    a, _b, _ids = chains
    admin_sql(f"DELETE FROM audit_events WHERE chain_id = {a.id} AND seq = 5")
    assert problems(factory) == [(a.id, 5, None, "truncated")]


def test_a_chain_truncated_with_its_head_rewound_is_named_by_its_sealed_batch(factory, chains, admin_sql):
    a, _b, ids = chains
    with factory() as s:
        fourth = chain(s, a.id)[3]
    admin_sql(f"DELETE FROM audit_events WHERE chain_id = {a.id} AND seq = 5",
              f"UPDATE audit_chain_heads SET last_seq = 4, last_hash = '{fourth.hash}' WHERE chain_id = {a.id}")
    assert problems(factory) == [(a.id, 5, None, "truncated")]  # sealed batch 2 ends at seq 5


def test_an_inserted_event_is_named(factory, chains, admin_sql):
    """A forged event slipped in after seq 2, self-consistent and linked to seq 2: the next event,
    still linking to seq 2, gives it away."""
    a, _b, ids = chains
    with factory() as s:
        second = chain(s, a.id)[1]
        forged = SimpleNamespace(**{name: getattr(second, name) for name in HASHED_FIELDS})
        forged.seq, forged.subject_id = 3, "forged"
        forged_hash = event_hash(forged, second.hash)
    columns = [c.name for c in AuditEvent.__table__.c if c.name != "id"]
    overrides = {"seq": "3", "subject_id": "'forged'", "prev_hash": f"'{second.hash}'", "hash": f"'{forged_hash}'"}
    admin_sql(f"UPDATE audit_events SET seq = seq + 100 WHERE chain_id = {a.id} AND seq >= 3",
              f"UPDATE audit_events SET seq = seq - 99 WHERE chain_id = {a.id} AND seq >= 103",
              f"INSERT INTO audit_events ({', '.join(columns)}) "
              f"SELECT {', '.join(overrides.get(c, c) for c in columns)} FROM audit_events WHERE id = {ids[2]}")
    with factory() as s:
        inserted = s.scalar(AuditEvent.__table__.select().with_only_columns(AuditEvent.id)
                            .where(AuditEvent.subject_id == "forged"))
    assert problems(factory) == [(a.id, 3, inserted, "inserted")]


def test_an_event_stripped_of_its_seal_leaves_a_gap_and_shows_as_unsealed(factory, chains, admin_sql):
    a, _b, ids = chains
    admin_sql(f"UPDATE audit_events SET seq = NULL WHERE chain_id = {a.id} AND seq = 3")
    with factory() as s:
        report = verify(s)
    assert [(p.chain_id, p.seq, p.event_id, p.kind) for p in report.problems] == [(a.id, 3, ids[4], "missing")]
    assert report.unsealed == {a.id: 1}


def test_an_altered_batch_digest_is_named(factory, chains, admin_sql):
    a, _b, _ids = chains
    admin_sql(f"UPDATE audit_batches SET sealed_at = '2020-01-01 00:00:00' WHERE chain_id = {a.id} AND batch = 2")
    assert problems(factory) == [(a.id, 3, None, "altered")]


def test_a_rehashed_chain_no_longer_matches_its_sealed_batches(factory, chains, admin_sql):
    """An intruder who rewrites an event and re-hashes every event after it (and the head) still
    cannot rewrite the batch digests."""
    a, _b, ids = chains
    with factory() as s:
        events = chain(s, a.id)
    prev, statements = events[0].prev_hash, []
    for e in events:
        row = SimpleNamespace(**{name: getattr(e, name) for name in HASHED_FIELDS})
        row.purpose = "edited" if e.seq == 1 else None  # record_many writes no purpose
        new_hash = event_hash(row, prev)
        statements.append(f"UPDATE audit_events SET purpose = {quote(row.purpose)}, "
                          f"prev_hash = '{prev}', hash = '{new_hash}' WHERE id = {e.id}")
        prev = new_hash
    statements.append(f"UPDATE audit_chain_heads SET last_hash = '{prev}' WHERE chain_id = {a.id}")
    admin_sql(*statements)
    assert problems(factory) == [(a.id, 2, ids[2], "altered")]  # sealed batch 1 ends at seq 2


def test_a_deleted_batch_is_named(factory, chains, admin_sql):
    a, _b, _ids = chains
    admin_sql(f"DELETE FROM audit_batches WHERE chain_id = {a.id} AND batch = 1")
    assert problems(factory) == [(a.id, 1, None, "missing")]


def test_a_chain_whose_head_was_deleted_is_truncated(factory, chains, admin_sql):
    _a, b, _ids = chains
    admin_sql(f"DELETE FROM audit_chain_heads WHERE chain_id = {b.id}")
    assert problems(factory) == [(b.id, 6, None, "truncated")]


def test_each_broken_chain_reports_only_its_first_problem(factory, chains, admin_sql):
    a, b, ids = chains
    admin_sql(f"UPDATE audit_events SET purpose = 'edited' WHERE chain_id = {a.id} AND seq IN (2, 4)",
              f"DELETE FROM audit_events WHERE chain_id = {b.id} AND seq = 1")
    with factory() as s:
        b_first = chain(s, b.id)[0].id
    assert problems(factory) == sorted([(a.id, 2, ids[2], "altered"), (b.id, 1, b_first, "missing")])
    with factory() as s:
        assert [p.chain_id for p in verify_chains(s, chain_id=b.id)] == [b.id]


def test_the_cli_exits_1_and_prints_the_first_bad_event(factory, chains, admin_sql, database_url,
                                                        monkeypatch, capsys):
    a, _b, ids = chains
    monkeypatch.setenv("MIRROR_DATABASE_URL", database_url)
    main(["audit", "verify"])
    assert capsys.readouterr().out == "ok: 10 events in 2 chains\n"
    with factory.begin() as s:
        record_many(s, a, 2)
    main(["audit", "verify"])
    assert capsys.readouterr().out == (f"chain {a.id}: 2 unsealed events (not yet chained; verified once sealed)\n"
                                       "ok: 10 events in 2 chains\n")
    main(["audit", "seal"])
    assert capsys.readouterr().out == "sealed 2 events in 1 batches of 1 chains\n"
    admin_sql(f"UPDATE audit_events SET result = 'denied' WHERE chain_id = {a.id} AND seq = 4")
    with pytest.raises(SystemExit) as exited:
        main(["audit", "verify", "--chain", str(a.id)])
    assert exited.value.code == 1
    assert capsys.readouterr().out.startswith(f"chain {a.id} seq 4 (event id {ids[4]}): altered")
