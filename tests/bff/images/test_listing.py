"""Listing and filtering images: store scoping, filters, keyset pages, what a page reveals."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from models import CaptureSession, Client, User
from models.images import DeviceKind, ImageStatus, LightMode
from tests.bff.images.conftest import events


def _list(client, shop, **query):  # type: ignore[no-untyped-def]
    res = client.get(f"/api/v1/stores/{shop.store_id}/images", query_string=query, headers=shop.staff.headers)
    assert res.status_code == 200, res.json
    return res.json


def _ids(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [i["id"] for i in page["items"]]


def _session(db_session, shop) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    client = db_session.scalar(select(Client).where(Client.public_id == shop.client_id))
    owner = db_session.scalar(select(User).where(User.public_id == shop.owner.user_id))
    visit = CaptureSession(store_id=client.store_id, client_id=client.id, consultant_id=owner.id,
                           device_kind=DeviceKind.phone_camera, device={"camera_model": "X"},
                           light_mode=LightMode.standard, settings={}, protocol="face3",
                           views=[{"view": "face_front", "region": "face", "angle": "front"}])
    db_session.add(visit)
    db_session.commit()
    return visit.id, visit.public_id


def test_the_list_shows_ready_images_newest_first_without_keys_or_urls(client, shop, make_image, db_session):
    first = make_image(shop.store_id, shop.client_id, tags=("术前",))
    second = make_image(shop.store_id, shop.other_client_id, view="face_left")
    make_image(shop.store_id, shop.client_id, status=ImageStatus.processing)
    page = _list(client, shop)
    assert _ids(page) == [second.id, first.id]
    assert page["next_cursor"] is None
    item = page["items"][1]
    assert item["client_id"] == shop.client_id and item["tags"] == ["术前"] and item["view"] == "face_front"
    assert item["sha256"] == first.sha256 and (item["width"], item["height"]) == (first.width, first.height)
    assert item["uploaded_by"] == shop.owner.user_id and item["status"] == "ready"
    text = json.dumps(page)
    assert "stores/" not in text and "http" not in text and "clean" not in text
    assert events(db_session, "image.list")[-1].subject_id == shop.store_id


def test_each_filter_narrows_the_list(client, shop, make_image, db_session):
    session_pk, session_id = _session(db_session, shop)
    old = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)  # 11:00 in Shanghai on 5 January
    a = make_image(shop.store_id, shop.client_id, view="face_front", region="face", tags=("痘痘", "术后"),
                   session_pk=session_pk, captured_at=old)
    b = make_image(shop.store_id, shop.client_id, view="face_left", region="face", tags=("痘痘",))
    c = make_image(shop.store_id, shop.other_client_id, view="back", region="trunk")
    late = datetime(2026, 1, 5, 16, 30, tzinfo=UTC)  # already 6 January in Shanghai
    d = make_image(shop.store_id, shop.other_client_id, view="back", region="trunk", captured_at=late)
    hidden = make_image(shop.store_id, shop.client_id, status=ImageStatus.processing)
    assert _ids(_list(client, shop, client_id=shop.client_id)) == [b.id, a.id]
    assert _ids(_list(client, shop, session_id=session_id)) == [a.id]
    assert _ids(_list(client, shop, view="back")) == [d.id, c.id]
    assert _ids(_list(client, shop, region="face")) == [b.id, a.id]
    assert _ids(_list(client, shop, tag="痘痘")) == [b.id, a.id]
    assert _ids(_list(client, shop, tag="术后")) == [a.id]
    assert _ids(_list(client, shop, captured_from="2026-01-05", captured_to="2026-01-05")) == [a.id]
    assert _ids(_list(client, shop, captured_from="2026-01-06", captured_to="2026-01-06")) == [d.id]
    assert _ids(_list(client, shop, captured_to="2026-01-06")) == [d.id, a.id]
    assert _ids(_list(client, shop, client_id=shop.client_id, tag="痘痘", view="face_left")) == [b.id]
    assert _ids(_list(client, shop, status="processing")) == [hidden.id]
    assert _ids(_list(client, shop, client_id="no-such-client")) == []


def test_pages_follow_a_cursor_without_gaps_or_repeats(client, shop, make_image):
    made = [make_image(shop.store_id, shop.client_id).id for _ in range(5)]
    seen, cursor = [], None
    for _ in range(3):
        page = _list(client, shop, limit=2, **({"cursor": cursor} if cursor else {}))
        seen += _ids(page)
        cursor = page["next_cursor"]
    assert seen == made[::-1] and cursor is None


def test_date_ordered_pages_follow_capture_time(client, shop, make_image):
    base = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    # Inserted out of capture order: the date path pages by capture time, ties broken by id.
    made = [make_image(shop.store_id, shop.client_id, captured_at=base + timedelta(minutes=m)).id for m in (2, 0, 1, 1)]
    seen, cursor = [], None
    while True:
        page = _list(client, shop, limit=1, captured_from="2026-03-01", **({"cursor": cursor} if cursor else {}))
        seen += _ids(page)
        if not (cursor := page["next_cursor"]):
            break
    assert seen == [made[0], made[3], made[2], made[1]]


def test_a_bad_cursor_is_refused(client, shop, make_image):
    for _ in range(2):
        make_image(shop.store_id, shop.client_id)
    url = f"/api/v1/stores/{shop.store_id}/images"
    id_cursor = _list(client, shop, limit=1)["next_cursor"]
    for cursor, extra in (("!!", {}), ("bm90LWEtY3Vyc29y", {}), (id_cursor, {"captured_from": "2026-01-01"})):
        res = client.get(url, query_string={"cursor": cursor, **extra}, headers=shop.staff.headers)
        assert (res.status_code, res.json["reason"]) == (422, "invalid_cursor"), cursor


def test_the_page_size_is_capped_at_50(client, shop, make_image):
    for _ in range(3):
        make_image(shop.store_id, shop.client_id)
    assert len(_list(client, shop, limit=10_000)["items"]) == 3
    res = client.get(f"/api/v1/stores/{shop.store_id}/images", query_string={"limit": 0}, headers=shop.staff.headers)
    assert res.status_code == 422


def test_another_stores_images_are_invisible(client, shop, make_image, consultant, store_of, new_client):
    other = consultant()
    other_store = store_of(other)
    theirs = make_image(other_store, new_client(other, other_store))
    assert _list(client, shop)["items"] == []
    res = client.get(f"/api/v1/stores/{shop.store_id}/images/{theirs.id}", headers=shop.owner.headers)
    assert (res.status_code, res.json["reason"]) == (404, "image_not_found")
    res = client.get(f"/api/v1/stores/{other_store}/images", headers=shop.owner.headers)
    assert (res.status_code, res.json["reason"]) == (404, "store_not_found")


def test_reading_one_image_is_audited(client, shop, make_image, db_session):
    image = make_image(shop.store_id, shop.client_id)
    res = client.get(f"/api/v1/stores/{shop.store_id}/images/{image.id}", headers=shop.staff.headers)
    assert res.status_code == 200 and res.json["id"] == image.id
    assert "key" not in json.dumps(res.json)
    assert [e.subject_id for e in events(db_session, "image.read")] == [image.id]
