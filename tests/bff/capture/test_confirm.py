"""Confirming an upload: only the uploader, only an object that exists and fits its ticket."""

import base64
from datetime import timedelta

import requests
from sqlalchemy import update

from models import UploadTicket
from models.base import utcnow
from tests.support import images


def _url(store_id: str, ticket_id: str) -> str:
    return f"/api/v1/stores/{store_id}/uploads/{ticket_id}/confirm"


def _seed(capture, key: str, data: bytes, content_type: str) -> None:  # type: ignore[no-untyped-def]
    requests.post(f"{capture.sandbox_url}/control/oss/objects", timeout=5, json={
        "key": key, "content_base64": base64.b64encode(data).decode(), "content_type": content_type,
    }).raise_for_status()


def test_confirming_before_anything_was_uploaded_is_a_conflict(shop, capture, client):
    form = capture.form(shop)
    res = client.post(_url(shop.store_id, form["ticket_id"]), headers=shop.owner.headers)
    assert res.status_code == 409 and res.json["reason"] == "upload_missing"
    assert capture.images() == []


def test_only_the_uploader_in_the_tickets_store_can_confirm(live_app, shop, other_shop, capture, client, consultant,
                                                             join):
    staff = consultant()
    join(shop.owner, shop.store_id, staff)
    form = capture.form(shop, who=staff)
    capture.fault("callback_unreachable")
    assert capture.upload(form, images.jpeg()).status_code == 203
    res = client.post(_url(shop.store_id, form["ticket_id"]), headers=shop.owner.headers)
    assert res.status_code == 404 and res.json["reason"] == "upload_not_found"  # the owner did not upload it
    res = client.post(_url(other_shop.store_id, form["ticket_id"]), headers=other_shop.owner.headers)
    assert res.status_code == 404 and res.json["reason"] == "upload_not_found"
    res = client.post(_url(shop.store_id, form["ticket_id"]), headers=other_shop.owner.headers)
    assert res.status_code == 404 and res.json["reason"] == "store_not_found"
    assert capture.images() == []
    assert client.post(_url(shop.store_id, form["ticket_id"]), headers=staff.headers).status_code == 200


def test_an_object_that_does_not_fit_its_ticket_is_refused_and_removed(shop, capture, client, db_session):
    form = capture.form(shop)
    _seed(capture, form["object_key"], images.png(), "image/png")  # the ticket says image/jpeg
    res = client.post(_url(shop.store_id, form["ticket_id"]), headers=shop.owner.headers)
    assert res.status_code == 422 and res.json["reason"] == "upload_type_mismatch"
    assert capture.stored(form["object_key"]) is None

    form = capture.form(shop)
    db_session.execute(update(UploadTicket).where(UploadTicket.public_id == form["ticket_id"]).values(max_bytes=10))
    db_session.commit()
    _seed(capture, form["object_key"], images.jpeg(), "image/jpeg")
    res = client.post(_url(shop.store_id, form["ticket_id"]), headers=shop.owner.headers)
    assert res.status_code == 422 and res.json["reason"] == "upload_too_large"
    assert capture.stored(form["object_key"]) is None and capture.images() == []


def _expired_ago(db_session, ticket_id: str, minutes: int) -> None:  # type: ignore[no-untyped-def]
    db_session.execute(update(UploadTicket).where(UploadTicket.public_id == ticket_id)
                       .values(expires_at=utcnow() - timedelta(minutes=minutes)))
    db_session.commit()


def test_a_confirm_long_after_the_policy_expired_is_gone(live_app, shop, capture, client, db_session):
    form = capture.form(shop)
    capture.fault("callback_unreachable")
    assert capture.upload(form, images.jpeg()).status_code == 203
    _expired_ago(db_session, form["ticket_id"], 61)
    res = client.post(_url(shop.store_id, form["ticket_id"]), headers=shop.owner.headers)
    assert res.status_code == 410 and res.json["reason"] == "upload_expired"
    _expired_ago(db_session, form["ticket_id"], 59)  # within the hour of grace: still fine
    res = client.post(_url(shop.store_id, form["ticket_id"]), headers=shop.owner.headers)
    assert res.status_code == 200 and len(capture.images()) == 1
    _expired_ago(db_session, form["ticket_id"], 600)  # once it became an image, confirm just answers
    again = client.post(_url(shop.store_id, form["ticket_id"]), headers=shop.owner.headers)
    assert again.status_code == 200 and again.json["image_id"] == res.json["image_id"]
