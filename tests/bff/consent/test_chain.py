"""The consent chain: append-only, verifiable, and any change behind the app's back is named."""

import secrets
from types import SimpleNamespace
from urllib.parse import urlparse

import pymysql
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bff.audit.grants import grant_statements
from bff.cli import main
from bff.consent.chain import HASHED_FIELDS, record_hash, unseal
from bff.consent.verify import verify
from bff.security.keyring import ENCRYPTED_COLUMNS, rotate
from bff.security.reencrypt import reencrypt
from models import ConsentChainHead, ConsentRecord, Store
from tests.bff.admin.helpers import make_operator
from tests.support.services import MARIADB_URL


@pytest.fixture
def database_name(database_url):
    return make_url(database_url).database


@pytest.fixture
def admin_sql(mariadb_admin, database_name):
    """Run SQL as root on the test database: what an intruder with admin rights could do."""

    def run(*statements: str) -> None:
        with mariadb_admin.cursor() as cur:
            cur.execute(f"USE `{database_name}`")
            cur.execute("SET FOREIGN_KEY_CHECKS=0")  # grants point at records; an intruder does not care
            for statement in statements:
                cur.execute(statement)
            cur.execute("SET FOREIGN_KEY_CHECKS=1")

    return run


@pytest.fixture
def history(client, shop, signer, consultant, store_of, login, make_signer):
    """Events in two stores: grants, a declined scope, withdrawals, a deletion request."""
    signer.sign_request(shop.ask(["capture", "analysis", "research"]))
    signer.sign_request(shop.ask(["capture", "research"]), agree={"capture": True, "research": False})
    client.post("/api/v1/me/consents/withdraw", headers=signer.headers,
                json={"client_id": shop.client_id, "scopes": ["analysis"]})
    client.post(f"{shop.base}/consents/withdraw", headers=shop.staff.headers,
                json={"all": True, "reason": "客户到店要求撤回"})
    signer.sign_request(shop.ask(["capture", "showcase"]))
    client.post("/api/v1/me/consents/deletion-request", headers=signer.headers, json={"client_id": shop.client_id})
    # A second store's chain runs independently.
    other_owner = consultant()
    other_store = store_of(other_owner, "美学镜·滨江店")
    res = client.post(f"/api/v1/stores/{other_store}/clients", headers=other_owner.headers, json={"name": "周九"})
    other = make_signer(phone="13900139993")
    asked = client.post(f"/api/v1/stores/{other_store}/clients/{res.json['id']}/consent-requests",
                        headers=other_owner.headers,
                        json={"template_id": shop.templates["facial_skin_imaging"]["id"], "scopes": ["capture"]})
    other.sign_request(asked.json)
    return shop


def _store_id(db_session, public_id):
    return db_session.scalar(select(Store.id).where(Store.public_id == public_id))


def _chain(db_session, store_id):
    db_session.rollback()
    return list(db_session.scalars(select(ConsentRecord).where(ConsentRecord.store_id == store_id)
                                   .order_by(ConsentRecord.seq)))


def _problems(app, db_session):
    db_session.rollback()
    report = verify(db_session, app.extensions["mirror.deps"].cipher)
    return [(p.chain_id, p.seq, p.kind) for p in report.problems]


def test_many_events_verify_and_records_are_never_rewritten(app, history, signer, db_session):
    a = _store_id(db_session, history.store_id)
    before = [(r.id, r.seq, r.hash, r.prev_hash, r.scopes, r.signer_phone_enc) for r in _chain(db_session, a)]
    assert [r[1] for r in before] == list(range(1, 8))  # 3 grants, 3 withdrawals, 1 deletion request
    signer.sign_request(history.ask(["questionnaire"]))
    after = [(r.id, r.seq, r.hash, r.prev_hash, r.scopes, r.signer_phone_enc) for r in _chain(db_session, a)]
    assert after[:len(before)] == before and len(after) == len(before) + 1
    rows = _chain(db_session, a)
    assert all(r.prev_hash == p.hash for p, r in zip(rows, rows[1:], strict=False))
    report = verify(db_session, app.extensions["mirror.deps"].cipher)
    assert (report.ok, report.events, report.chains) == (True, 9, 2)
    head = db_session.get(ConsentChainHead, a)
    assert (head.last_seq, head.last_hash) == (after[-1][1], after[-1][2])


def test_an_altered_record_is_named(app, history, db_session, admin_sql):
    a = _store_id(db_session, history.store_id)
    admin_sql(f"UPDATE consent_records SET scopes = '[\"capture\", \"showcase\"]' WHERE store_id = {a} AND seq = 3")
    assert _problems(app, db_session) == [(a, 3, "altered")]


def test_a_swapped_sealed_value_is_named(app, history, db_session, admin_sql):
    a = _store_id(db_session, history.store_id)
    first, second = _chain(db_session, a)[:2]
    admin_sql(f"UPDATE consent_records SET ip_enc = '{second.ip_enc}' WHERE id = {first.id}")
    assert _problems(app, db_session) == [(a, 1, "altered")]


def test_an_altered_and_rehashed_record_breaks_the_next_link(app, history, db_session, admin_sql):
    a = _store_id(db_session, history.store_id)
    third = _chain(db_session, a)[2]
    forged = SimpleNamespace(**{name: getattr(third, name) for name in HASHED_FIELDS})
    forged.reason = "改过了"
    plain = unseal(app.extensions["mirror.deps"].cipher, third)
    new_hash = record_hash(forged, plain, third.prev_hash)
    admin_sql(f"UPDATE consent_records SET reason = '改过了', hash = '{new_hash}' WHERE id = {third.id}")
    assert _problems(app, db_session) == [(a, 4, "broken_link")]


def test_a_deleted_record_is_named_as_missing(app, history, db_session, admin_sql):
    a = _store_id(db_session, history.store_id)
    chain = _chain(db_session, a)
    admin_sql(f"DELETE FROM consent_records WHERE id = {chain[2].id}")
    assert _problems(app, db_session) == [(a, 3, "missing")]


def test_a_reordered_pair_is_named(app, history, db_session, admin_sql):
    a = _store_id(db_session, history.store_id)
    admin_sql(f"UPDATE consent_records SET seq = 1000 WHERE store_id = {a} AND seq = 2",
              f"UPDATE consent_records SET seq = 2 WHERE store_id = {a} AND seq = 3",
              f"UPDATE consent_records SET seq = 3 WHERE store_id = {a} AND seq = 1000")
    assert _problems(app, db_session) == [(a, 2, "reordered")]


def test_an_inserted_record_is_named(app, history, db_session, admin_sql):
    """A forged grant slipped in after seq 2, self-consistent and linked to seq 2: the next record,
    still linking to seq 2, gives it away."""
    a = _store_id(db_session, history.store_id)
    chain = _chain(db_session, a)
    model = chain[1]
    forged = SimpleNamespace(**{name: getattr(model, name) for name in HASHED_FIELDS})
    forged.public_id, forged.seq, forged.scopes = "forged" + secrets.token_hex(8), 3, ["showcase"]
    forged_hash = record_hash(forged, {}, model.hash)  # sealed columns left empty
    overrides = {"public_id": f"'{forged.public_id}'", "seq": "3", "scopes": "'[\"showcase\"]'",
                 "prev_hash": f"'{model.hash}'", "hash": f"'{forged_hash}'", "signer_phone_enc": "NULL",
                 "guardian_name_enc": "NULL", "ip_enc": "NULL"}
    columns = [c.name for c in ConsentRecord.__table__.c if c.name != "id"]
    values = ", ".join(overrides.get(c, c) for c in columns)
    admin_sql(f"UPDATE consent_records SET seq = seq + 100 WHERE store_id = {a} AND seq >= 3",
              f"UPDATE consent_records SET seq = seq - 99 WHERE store_id = {a} AND seq >= 103",
              f"INSERT INTO consent_records ({', '.join(columns)}) SELECT {values} "
              f"FROM consent_records WHERE id = {model.id}")
    assert _problems(app, db_session) == [(a, 3, "inserted")]


def test_a_truncated_chain_is_named(app, history, db_session, admin_sql):
    a = _store_id(db_session, history.store_id)
    last_id, last_seq = _chain(db_session, a)[-1].id, _chain(db_session, a)[-1].seq
    admin_sql(f"DELETE FROM consent_records WHERE id = {last_id}")
    assert _problems(app, db_session) == [(a, last_seq, "truncated")]


def test_the_cli_and_the_admin_route_report_a_broken_chain(app, client, history, db_session, admin_sql,
                                                           database_url, monkeypatch, capsys):
    a = _store_id(db_session, history.store_id)
    monkeypatch.setenv("MIRROR_DATABASE_URL", database_url)
    main(["consent", "verify"])
    assert capsys.readouterr().out == "ok: 8 consent records in 2 chains\n"
    support = make_operator(app, client, "support")
    url = f"/api/admin/v1/stores/{history.store_id}/consent-chain/verify"
    assert client.get(url, headers=support.headers).json["ok"] is True
    third = _chain(db_session, a)[2]
    admin_sql(f"UPDATE consent_records SET reason = '篡改' WHERE id = {third.id}")
    with pytest.raises(SystemExit) as exited:
        main(["consent", "verify", f"--store={history.store_id}"])
    assert exited.value.code == 1
    assert capsys.readouterr().out.startswith(f"chain {a} seq 3 (event id {third.id}): altered")
    report = client.get(url, headers=support.headers).json
    assert report["ok"] is False and report["records"] == 7
    assert report["problems"] == [{"seq": 3, "record_id": third.public_id, "kind": "altered",
                                   "detail": "content does not match its hash"}]
    staff = client.get(url, headers=history.staff.headers)
    assert staff.status_code == 401


def test_reencryption_under_a_new_data_key_keeps_the_chain_valid(app, history, db_session):
    cipher = app.extensions["mirror.deps"].cipher
    factory = app.extensions["mirror.db"].factory
    a = _store_id(db_session, history.store_id)
    before = [(r.hash, r.signer_phone_enc) for r in _chain(db_session, a)]
    with factory.begin() as session:
        rotate(session, app.extensions["mirror.settings"])
    cipher.keyring.refresh()
    columns = [c for c in ENCRYPTED_COLUMNS if c.table == "consent_records"]
    report = reencrypt(factory, cipher, columns=columns, propagation_delay=0)
    assert report.failed == 0 and report.rewritten > 0
    after = [(r.hash, r.signer_phone_enc) for r in _chain(db_session, a)]
    assert [h for h, _ in after] == [h for h, _ in before]
    assert [p for _, p in after if p] != [p for _, p in before if p]
    assert _problems(app, db_session) == []


@pytest.fixture
def app_user(mariadb_admin, database_name):
    """A throwaway MariaDB user holding exactly the generated grants."""
    name, password = f"mirror_c_{secrets.token_hex(4)}", secrets.token_urlsafe(18)
    with mariadb_admin.cursor() as cur:
        cur.execute("CREATE USER %s@'%%' IDENTIFIED BY %s", (name, password))
        for statement in grant_statements(database_name, name):
            cur.execute(statement)
    yield name, password
    with mariadb_admin.cursor() as cur:
        cur.execute("DROP USER %s@'%%'", (name,))


def test_the_app_user_cannot_rewrite_or_delete_consent_records(history, app_user, database_name, db_session):
    url = urlparse(MARIADB_URL.replace("mysql+pymysql", "mysql"))
    conn = pymysql.connect(host=url.hostname, port=url.port or 3306, user=app_user[0], password=app_user[1],
                           database=database_name, autocommit=True)
    record = _chain(db_session, _store_id(db_session, history.store_id))[0]
    try:
        with conn.cursor() as cur:
            for sql in (f"UPDATE consent_records SET scopes = '[]' WHERE id = {record.id}",
                        f"DELETE FROM consent_records WHERE id = {record.id}"):
                with pytest.raises(pymysql.err.OperationalError) as denied:
                    cur.execute(sql)
                assert denied.value.args[0] in (1142, 1143)  # table / column access denied
            # Re-encryption may rewrite a sealed column (and nothing else).
            cur.execute(f"UPDATE consent_records SET ip_enc = ip_enc WHERE id = {record.id}")
            cur.execute("SELECT COUNT(*) FROM consent_records")
            assert cur.fetchone()[0] == 8
    finally:
        conn.close()
