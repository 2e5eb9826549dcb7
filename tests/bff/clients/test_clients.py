"""Client files: encrypted at rest, masked in views, searchable by blind index, audited."""

import pytest
from sqlalchemy import select, text

from models import AuditEvent


@pytest.fixture
def shop(client, consultant, store_of, join):
    owner, staff = consultant(), consultant()
    store_id = store_of(owner)
    join(owner, store_id, staff)
    base = f"/api/v1/stores/{store_id}/clients"

    class Shop:
        pass

    shop = Shop()
    shop.owner, shop.staff, shop.store_id, shop.base = owner, staff, store_id, base

    def add(headers=None, **fields):
        res = client.post(base, json={"name": "张三"} | fields, headers=headers or staff.headers)
        assert res.status_code == 201, res.json
        return res.json

    shop.add = add
    return shop


def _list(client, shop, headers=None, **params):
    res = client.get(shop.base, query_string=params, headers=headers or shop.staff.headers)
    assert res.status_code == 200, res.json
    return res.json


def test_a_client_file_is_created_and_shown_masked(client, shop):
    out = shop.add(name="张三", phone="+86 138-0013-8000", gender="female", birth_date="1990-05-01",
                   tags=["敏感肌", "VIP"], notes="对酒精过敏", source="walk_in")
    assert out["name_masked"] == "张*" and out["phone_masked"] == "138****8000"
    assert out["birth_year"] == 1990 and out["has_notes"] is True and sorted(out["tags"]) == ["VIP", "敏感肌"]
    assert "对酒精过敏" not in str(out) and "13800138000" not in str(out)


def test_raw_rows_hold_no_plaintext_personal_data(shop, db_session):
    shop.add(name="欧阳娜娜", phone="13800138000", birth_date="1990-05-01", notes="对酒精过敏")
    rows = db_session.execute(text("SELECT * FROM clients")).mappings().all()
    prefixes = db_session.execute(text("SELECT * FROM client_name_prefixes")).mappings().all()
    dump = repr(rows) + repr(prefixes)
    for plain in ("欧阳娜娜", "欧阳", "13800138000", "8613800138000", "1990-05-01", "对酒精过敏"):
        assert plain not in dump


def test_search_by_phone_in_any_format(client, shop):
    wanted = shop.add(name="李四", phone="13800138000")
    shop.add(name="王五", phone="13900139000")
    for typed in ("+86 138-0013-8000", "13800138000", "8613800138000", "138 0013 8000"):
        items = _list(client, shop, phone=typed)["items"]
        assert [c["id"] for c in items] == [wanted["id"]], typed


def test_search_by_name_prefix(client, shop):
    zhang_san = shop.add(name="张三")
    zhang_san_feng = shop.add(name="张三丰")
    shop.add(name="李张")
    assert {c["id"] for c in _list(client, shop, q="张")["items"]} == {zhang_san["id"], zhang_san_feng["id"]}
    assert [c["id"] for c in _list(client, shop, q="张三丰")["items"]] == [zhang_san_feng["id"]]
    assert _list(client, shop, q="王")["items"] == []


def test_search_by_a_prefix_longer_than_the_index(client, shop):
    long_name = shop.add(name="Alexandra")
    shop.add(name="Alexander")
    assert [c["id"] for c in _list(client, shop, q="alexandr")["items"]] != []
    assert [c["id"] for c in _list(client, shop, q="alexandra")["items"]] == [long_name["id"]]


def test_search_by_tag(client, shop):
    tagged = shop.add(name="赵六", tags=["敏感肌"])
    shop.add(name="钱七", tags=["油性"])
    assert [c["id"] for c in _list(client, shop, tag="敏感肌")["items"]] == [tagged["id"]]


def test_cursor_pages_are_stable_newest_first_and_capped(client, shop):
    ids = [shop.add(name=f"客户{i}")["id"] for i in range(7)]
    seen, cursor = [], None
    while True:
        page = _list(client, shop, limit=3, **({"cursor": cursor} if cursor else {}))
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == list(reversed(ids))
    assert len(_list(client, shop, limit=10_000)["items"]) == 7  # clamped to 50, no error
    bad = client.get(shop.base, query_string={"cursor": "!!!"}, headers=shop.staff.headers)
    assert bad.status_code == 422 and bad.json["reason"] == "invalid_cursor"


def test_unknown_and_server_owned_fields_are_rejected(client, shop):
    res = client.post(shop.base, json={"name": "张三", "store_id": "x", "status": "deleted", "id": "y"},
                      headers=shop.staff.headers)
    assert res.status_code == 422 and {"store_id", "status", "id"} <= set(res.json["errors"])
    made = shop.add(name="张三")
    res = client.patch(f"{shop.base}/{made['id']}", json={"linked_user_id": 1}, headers=shop.staff.headers)
    assert res.status_code == 422


def test_update_changes_fields_and_the_indexes(client, shop):
    made = shop.add(name="张三", phone="13800138000", tags=["A"])
    res = client.patch(f"{shop.base}/{made['id']}", json={"name": "李四", "phone": "13900139000", "tags": ["B"]},
                       headers=shop.staff.headers)
    assert res.status_code == 200 and res.json["name_masked"] == "李*"
    assert _list(client, shop, q="张")["items"] == [] and _list(client, shop, phone="13800138000")["items"] == []
    assert [c["id"] for c in _list(client, shop, q="李", phone="13900139000", tag="B")["items"]] == [made["id"]]


def test_reveal_needs_a_reason_and_is_audited(client, shop, db_session):
    made = shop.add(name="张三", phone="13800138000", notes="对酒精过敏")
    url = f"{shop.base}/{made['id']}/reveal"
    res = client.post(url, json={"fields": ["phone"]}, headers=shop.staff.headers)
    assert res.status_code == 422 and "reason" in res.json["errors"]
    res = client.post(url, json={"fields": ["phone", "notes"], "reason": "预约回访"}, headers=shop.staff.headers)
    assert res.status_code == 200
    assert res.json["phone"] == "+8613800138000" and res.json["notes"] == "对酒精过敏" and "name" not in res.json
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "client.reveal"))
    assert event.subject_id == made["id"] and event.actor_id == shop.staff.user_id
    assert event.purpose == "notes,phone: 预约回访" and event.actor_role == "staff"
    assert "13800138000" not in repr(db_session.execute(text("SELECT * FROM audit_events")).all())


def test_every_read_and_write_is_audited_once(client, shop, db_session):
    made = shop.add(name="张三")
    client.get(f"{shop.base}/{made['id']}", headers=shop.staff.headers)
    client.patch(f"{shop.base}/{made['id']}", json={"notes": "x"}, headers=shop.staff.headers)
    _list(client, shop, q="张")
    actions = [e.action for e in db_session.scalars(
        select(AuditEvent).where(AuditEvent.action.like("client.%")).order_by(AuditEvent.id))]
    assert actions == ["client.create", "client.read", "client.update", "client.list"]


def test_only_owners_delete_and_restore_and_deleted_files_disappear(client, shop):
    made = shop.add(name="张三")
    url = f"{shop.base}/{made['id']}"
    res = client.delete(url, headers=shop.staff.headers)
    assert res.status_code == 403 and res.json["reason"] == "owner_required"
    assert client.delete(url, headers=shop.owner.headers).status_code == 204
    assert client.get(url, headers=shop.staff.headers).json["reason"] == "client_not_found"
    assert _list(client, shop)["items"] == []
    assert [c["id"] for c in _list(client, shop, headers=shop.owner.headers, deleted="true")["items"]] == [made["id"]]
    assert client.post(f"{url}/restore", headers=shop.staff.headers).json["reason"] == "owner_required"
    restored = client.post(f"{url}/restore", headers=shop.owner.headers)
    assert restored.status_code == 200 and restored.json["deleted"] is False
    assert [c["id"] for c in _list(client, shop)["items"]] == [made["id"]]


def test_another_store_sees_404_and_changes_nothing(client, shop, consultant, store_of, db_session):
    made = shop.add(name="张三", phone="13800138000")
    before = db_session.execute(text("SELECT * FROM clients")).mappings().all()
    outsider = consultant()
    their_store = store_of(outsider)
    for method, url, body in [
        ("get", f"{shop.base}/{made['id']}", None),
        ("patch", f"{shop.base}/{made['id']}", {"name": "篡改"}),
        ("delete", f"{shop.base}/{made['id']}", None),
        ("post", f"{shop.base}/{made['id']}/reveal", {"fields": ["phone"], "reason": "窥探"}),
        ("get", f"/api/v1/stores/{their_store}/clients/{made['id']}", None),  # own store, foreign object
        ("patch", f"/api/v1/stores/{their_store}/clients/{made['id']}", {"name": "篡改"}),
    ]:
        res = client.open(url, method=method.upper(), json=body, headers=outsider.headers)
        assert res.status_code == 404, (method, url, res.json)
    assert db_session.execute(text("SELECT * FROM clients")).mappings().all() == before


def test_a_client_links_their_wechat_account_by_invitation_when_phones_match(client, shop, login):
    made = shop.add(name="张三", phone="13800138000")
    inv = client.post(f"{shop.base}/{made['id']}/link-invitation", headers=shop.staff.headers).json
    stranger = login(phone="13900139000")
    res = client.post("/api/v1/invitations/accept", json={"scene": inv["scene"]}, headers=stranger.headers)
    assert res.status_code == 403 and res.json["reason"] == "phone_mismatch"
    person = login(phone="+86 138 0013 8000")
    res = client.post("/api/v1/invitations/accept", json={"scene": inv["scene"]}, headers=person.headers)
    assert res.status_code == 200 and res.json["kind"] == "client_link" and res.json["store"]["my_role"] is None
    assert client.get(f"{shop.base}/{made['id']}", headers=shop.staff.headers).json["linked"] is True
    # Linking makes the person a client of the file, not a member of the store.
    assert client.get(f"/api/v1/stores/{shop.store_id}", headers=person.headers).status_code == 404
