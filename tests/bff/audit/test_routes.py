"""Owners read their store's audit log; clients read who touched the files linked to them."""

import pytest
from sqlalchemy import select

from bff.audit.service import record
from miniprogram_contract.client import ApiError, MirrorClient
from models import Store
from tests.bff.audit.factories import new_client, new_store, new_user, record_many, seal_all

ITEM_KEYS = {"seq", "occurred_at", "store_id", "actor_id", "actor_role", "action", "subject_type",
             "subject_id", "purpose", "result", "request_id"}


@pytest.fixture
def shop(login, factory):
    """An owner and a staff member of one store with five events; another store with two."""
    owner, staff, outsider = login(), login(), login()
    with factory.begin() as s:
        store = new_store(s, new_user(s, owner.user_id), staff=(new_user(s, staff.user_id),))
        elsewhere = new_store(s, new_user(s, outsider.user_id))
        record_many(s, store, 3)
        record("client.reveal", subject_type="client", subject_id="c9", store=store, session=s,
               actor_id=staff.user_id, actor_role="staff", purpose="核对生日")
        record("invitation.revoke", subject_type="invitation", subject_id="i1", store=store, session=s)
        record_many(s, elsewhere, 2)
    seal_all(factory)
    return {"owner": owner, "staff": staff, "outsider": outsider, "store": store.public_id,
            "url": f"/api/v1/stores/{store.public_id}/audit-events"}


def _pages(client, url, headers, **query):
    pages, cursor = [], None
    while True:
        page_query = {**query, **({"cursor": cursor} if cursor else {})}
        res = client.get(url, query_string=page_query, headers=headers)
        assert res.status_code == 200, res.json
        pages.append(res.json["items"])
        cursor = res.json["next_cursor"]
        if cursor is None:
            return pages


def test_the_owner_pages_through_the_store_log_newest_first(client, shop):
    pages = _pages(client, shop["url"], shop["owner"].headers, limit=2)
    assert [[item["seq"] for item in page] for page in pages] == [[5, 4], [3, 2], [1]]
    reveal = pages[0][1]
    assert reveal.pop("occurred_at").endswith("+00:00")
    assert reveal == {
        "seq": 4, "store_id": shop["store"], "actor_id": shop["staff"].user_id, "actor_role": "staff",
        "action": "client.reveal", "subject_type": "client", "subject_id": "c9", "purpose": "核对生日",
        "result": "ok", "request_id": None,
    }
    assert client.get(shop["url"], headers=shop["owner"].headers).json["next_cursor"] is None  # default 50


def test_an_event_not_yet_sealed_is_listed_at_once_without_a_seq(client, shop, factory):
    with factory.begin() as s:
        store = s.scalars(select(Store).where(Store.public_id == shop["store"])).one()
        record("client.read", subject_type="client", subject_id="c7", store=store, session=s)
    items = client.get(shop["url"], query_string={"limit": 2}, headers=shop["owner"].headers).json["items"]
    assert [(i["seq"], i["subject_id"]) for i in items] == [(None, "c7"), (5, "i1")]
    seal_all(factory)
    items = client.get(shop["url"], query_string={"limit": 1}, headers=shop["owner"].headers).json["items"]
    assert [(i["seq"], i["subject_id"]) for i in items] == [(6, "c7")]


def test_the_store_log_filters_by_action_and_subject(client, shop):
    headers = shop["owner"].headers
    res = client.get(shop["url"], query_string={"action": "client.reveal"}, headers=headers)
    assert [(i["seq"], i["purpose"], i["actor_id"]) for i in res.json["items"]] == [
        (4, "核对生日", shop["staff"].user_id)]
    res = client.get(shop["url"], query_string={"subject_type": "client", "subject_id": "c1"},
                     headers=headers)
    assert [i["seq"] for i in res.json["items"]] == [2]


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"cursor": "not-a-cursor"}, {"page": 2}])
def test_bad_query_arguments_are_refused(client, shop, query):
    res = client.get(shop["url"], query_string=query, headers=shop["owner"].headers)
    assert res.status_code == 422 and res.json["reason"] == "validation_error"
    assert set(res.json["errors"]) == set(query)


def test_staff_cannot_read_the_store_log(client, shop):
    res = client.get(shop["url"], headers=shop["staff"].headers)
    assert res.status_code == 403 and res.json["reason"] == "owner_required"


def test_a_member_of_another_store_sees_no_such_store(client, shop):
    for url in (shop["url"], "/api/v1/stores/no-such-store/audit-events"):
        res = client.get(url, headers=shop["outsider"].headers)
        assert res.status_code == 404 and res.json["reason"] == "store_not_found"


def test_anonymous_callers_are_refused(client, shop):
    for url in (shop["url"], "/api/v1/me/access-history"):
        res = client.get(url)
        assert res.status_code == 401 and res.json["reason"] == "token_missing"


@pytest.fixture
def linked(login, factory):
    """A consultant's two stores holding files linked to `me`, to `other`, and to nobody."""
    consultant, me, other = login(), login(), login()
    with factory.begin() as s:
        c = new_user(s, consultant.user_id)
        a, b = new_store(s, c), new_store(s, c)
        mine_a = new_client(s, a, c, linked_to=new_user(s, me.user_id))
        mine_b = new_client(s, b, c, linked_to=new_user(s, me.user_id))
        theirs = new_client(s, a, c, linked_to=new_user(s, other.user_id))
        unlinked = new_client(s, a, c)

        def seen(action, client_file, store, subject_type="client", purpose=None):
            return record(action, subject_type=subject_type, subject_id=client_file.public_id, store=store,
                          session=s, actor_id=consultant.user_id, actor_role="owner", purpose=purpose).id

        expected = [seen("client.read", mine_a, a)]
        seen("client.read", theirs, a)
        seen("client.read", unlinked, a)
        seen("image.view", mine_a, a, subject_type="image")  # same id string, not a client file event
        expected.append(seen("client.reveal", mine_b, b, purpose="电话回访"))
        expected.append(seen("client.update", mine_a, a))
    return {"consultant": consultant, "me": me, "other": other, "mine": {mine_a.public_id, mine_b.public_id},
            "theirs": theirs.public_id, "expected_ids": expected, "stores": (a.public_id, b.public_id)}


def test_my_access_history_lists_only_events_about_files_linked_to_me(client, linked):
    pages = _pages(client, "/api/v1/me/access-history", linked["me"].headers, limit=2)
    items = [item for page in pages for item in page]
    assert [len(page) for page in pages] == [2, 1]
    assert [i["action"] for i in items] == ["client.update", "client.reveal", "client.read"]  # newest first
    assert {i["subject_id"] for i in items} == linked["mine"]
    assert {i["store_id"] for i in items} == set(linked["stores"])
    assert items[1]["purpose"] == "电话回访" and items[1]["actor_id"] == linked["consultant"].user_id
    assert set(items[0]) == ITEM_KEYS
    other = client.get("/api/v1/me/access-history", headers=linked["other"].headers).json
    assert [i["subject_id"] for i in other["items"]] == [linked["theirs"]]
    assert client.get("/api/v1/me/access-history", headers=linked["consultant"].headers).json == {
        "items": [], "next_cursor": None}


def test_the_typed_client_reads_both_lists(live_app, shop, linked):
    api = MirrorClient(live_app.url)
    api.access_token = shop["owner"].access_token
    first = api.stores_audit_events(shop["store"], limit=3, subject_type="client")
    assert [i["seq"] for i in first["items"]] == [4, 3, 2]
    rest = api.stores_audit_events(shop["store"], cursor=first["next_cursor"], subject_type="client")
    assert [i["seq"] for i in rest["items"]] == [1] and rest["next_cursor"] is None
    api.access_token = linked["me"].access_token
    assert len(api.me_access_history(limit=1)["items"]) == 1
    api.access_token = shop["staff"].access_token
    with pytest.raises(ApiError) as refused:
        api.stores_audit_events(shop["store"])
    assert refused.value.reason == "owner_required"
