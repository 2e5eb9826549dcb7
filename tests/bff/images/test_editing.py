"""Editing tags and view, and pairing before/after images."""

from __future__ import annotations

from tests.bff.images.conftest import events


def _patch(client, shop, image_id, body, who=None):  # type: ignore[no-untyped-def]
    return client.patch(f"/api/v1/stores/{shop.store_id}/images/{image_id}", json=body,
                        headers=(who or shop.staff).headers)


def _pair(client, shop, image_id, other_id):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/stores/{shop.store_id}/images/{image_id}/pair", json={"other_image_id": other_id},
                       headers=shop.staff.headers)


def _get(client, shop, image_id):  # type: ignore[no-untyped-def]
    return client.get(f"/api/v1/stores/{shop.store_id}/images/{image_id}", headers=shop.staff.headers).json


def test_tags_are_replaced_and_become_searchable(client, shop, make_image, db_session):
    image = make_image(shop.store_id, shop.client_id, tags=("旧",))
    res = _patch(client, shop, image.id, {"tags": ["术后", "复诊", "术后"]})
    assert res.status_code == 200 and res.json["tags"] == ["复诊", "术后"]
    listed = client.get(f"/api/v1/stores/{shop.store_id}/images", query_string={"tag": "复诊"},
                        headers=shop.staff.headers).json
    assert [i["id"] for i in listed["items"]] == [image.id]
    assert client.get(f"/api/v1/stores/{shop.store_id}/images", query_string={"tag": "旧"},
                      headers=shop.staff.headers).json["items"] == []
    assert events(db_session, "image.update")[-1].purpose == "fields: tags"


def test_tag_and_view_limits(client, shop, make_image):
    image = make_image(shop.store_id, shop.client_id, tags=("保留",))
    for body in ({"tags": [f"t{n}" for n in range(11)]}, {"tags": ["x" * 21]}, {"tags": [""]}, {"view": ""},
                 {"view": "v" * 33}, {"region": "face"}):
        res = _patch(client, shop, image.id, body)
        assert res.status_code == 422, body
    assert _get(client, shop, image.id)["tags"] == ["保留"]


def test_pairing_links_two_images_of_one_client_and_view(client, shop, make_image, db_session):
    before = make_image(shop.store_id, shop.client_id, view="face_front")
    after = make_image(shop.store_id, shop.client_id, view="face_front")
    res = _pair(client, shop, after.id, before.id)
    assert res.status_code == 200 and res.json["paired_with"] == before.id
    assert _get(client, shop, before.id)["paired_with"] == after.id
    assert events(db_session, "image.pair")[-1].subject_id == after.id
    # Pairing with a third image releases the earlier partner.
    third = make_image(shop.store_id, shop.client_id, view="face_front")
    assert _pair(client, shop, third.id, before.id).json["paired_with"] == before.id
    assert _get(client, shop, after.id)["paired_with"] is None
    assert _get(client, shop, before.id)["paired_with"] == third.id


def test_pairs_must_be_the_same_client_and_view(client, shop, make_image, consultant, store_of, new_client):
    mine = make_image(shop.store_id, shop.client_id, view="face_front")
    other_view = make_image(shop.store_id, shop.client_id, view="face_left")
    other_client = make_image(shop.store_id, shop.other_client_id, view="face_front")
    no_view = make_image(shop.store_id, shop.client_id, view=None)
    for other in (other_view, other_client, mine):
        res = _pair(client, shop, mine.id, other.id)
        assert (res.status_code, res.json["reason"]) == (422, "pair_mismatch")
    res = _pair(client, shop, no_view.id, make_image(shop.store_id, shop.client_id, view=None).id)
    assert (res.status_code, res.json["reason"]) == (422, "pair_mismatch")
    owner = consultant()
    store = store_of(owner)
    theirs = make_image(store, new_client(owner, store), view="face_front")
    res = _pair(client, shop, mine.id, theirs.id)
    assert (res.status_code, res.json["reason"]) == (404, "image_not_found")
    assert _get(client, shop, mine.id)["paired_with"] is None


def test_unpairing_releases_both_and_is_idempotent(client, shop, make_image, db_session):
    a = make_image(shop.store_id, shop.client_id)
    b = make_image(shop.store_id, shop.client_id)
    _pair(client, shop, a.id, b.id)
    url = f"/api/v1/stores/{shop.store_id}/images/{b.id}/pair"
    assert client.delete(url, headers=shop.staff.headers).status_code == 204
    assert _get(client, shop, a.id)["paired_with"] is None and _get(client, shop, b.id)["paired_with"] is None
    assert client.delete(url, headers=shop.staff.headers).status_code == 204
    assert len(events(db_session, "image.unpair")) == 1


def test_changing_the_view_ends_the_pairing(client, shop, make_image):
    a = make_image(shop.store_id, shop.client_id)
    b = make_image(shop.store_id, shop.client_id)
    _pair(client, shop, a.id, b.id)
    res = _patch(client, shop, a.id, {"view": "face_left"})
    assert res.status_code == 200 and res.json["view"] == "face_left" and res.json["paired_with"] is None
    assert _get(client, shop, b.id)["paired_with"] is None
