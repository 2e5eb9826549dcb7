"""OSS upload callbacks: verified, bound to their ticket, idempotent, consent re-checked."""

import base64
from datetime import timedelta

import requests
from sqlalchemy import update

from bff import uploads
from bff.db import session as db
from bff.stores.access import Membership
from models import Client, Store, StoreMember, UploadTicket
from models.base import utcnow
from models.images import ImageStatus, UploadPurpose
from tests.bff.capture.conftest import callback_body, sign_callback
from tests.support import images

PATH = "/api/v1/oss/callback"


def _callback_body(form, **overrides):  # type: ignore[no-untyped-def]
    fields = {"bucket": "mirror-dev", "object": form["object_key"], "size": "1234", "mimeType": form["content_type"],
              "etag": '"ABC"', "ticket": form["ticket_id"]}
    return callback_body(**(fields | overrides))


def test_a_verified_callback_creates_exactly_one_image(live_app, shop, capture, client):
    form = capture.form(shop)
    data = images.jpeg()
    res = capture.upload(form, data)
    assert res.status_code == 200, res.text
    [image] = capture.images()
    assert res.json() == {"ticket_id": form["ticket_id"], "image_id": image.public_id, "status": "processing"}
    assert (image.status, image.object_key, image.size, image.view, image.region) == (
        ImageStatus.processing, form["object_key"], len(data), "face_front", "face")
    assert capture.ticket(form["ticket_id"]).image_id == image.id
    assert capture.stored(form["object_key"]) == data
    [logged] = capture.callbacks()
    assert logged["ok"] and logged["url"] == f"{live_app.url}{PATH}"
    # OSS never retries, but a replay of the very same signed request must not make a second image.
    replay = requests.post(logged["url"], data=logged["body"].encode(), headers=logged["request_headers"], timeout=5)
    assert replay.status_code == 200 and replay.json()["image_id"] == image.public_id
    assert len(capture.images()) == 1


def test_a_forged_signature_is_refused_and_creates_nothing(live_app, shop, capture, client):
    form = capture.form(shop)
    capture.fault("callback_unreachable")  # the object lands; only our forged call reaches the app
    assert capture.upload(form, images.jpeg()).status_code == 203
    body = _callback_body(form)
    headers = sign_callback(PATH, body)
    tampered = client.post(PATH, data=body.replace(b"1234", b"1235"), headers=headers)
    assert tampered.status_code == 403 and tampered.json["reason"] == "callback_signature_invalid"
    other_key = sign_callback(PATH + "x", body)
    res = client.post(PATH, data=body, headers=headers | {"Authorization": other_key["Authorization"]})
    assert res.status_code == 403 and res.json["reason"] == "callback_signature_invalid"
    res = client.post(PATH, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert res.status_code == 403 and res.json["reason"] == "callback_signature_missing"
    assert capture.images() == []
    assert client.post(PATH, data=body, headers=headers).status_code == 200  # the genuine one still works


def test_a_public_key_url_off_the_allow_list_is_refused_without_fetching_it(app, shop, capture, client, monkeypatch):
    fetched = []
    verifier = app.extensions["mirror.deps"].oss_callbacks
    monkeypatch.setattr(verifier, "_fetch", lambda url: fetched.append(url) or b"")
    form = capture.form(shop)
    body = _callback_body(form)
    for url in ("http://evil.example/k.pem", "https://gosspublic.alicdn.com.evil.example/k.pem",
                "https://gosspublic.alicdn.com@evil.example/k.pem", "file:///etc/passwd"):
        headers = sign_callback(PATH, body) | {"x-oss-pub-key-url": base64.b64encode(url.encode()).decode()}
        res = client.post(PATH, data=body, headers=headers)
        assert res.status_code == 403 and res.json["reason"] == "pub_key_url_not_allowed", url
    assert fetched == [] and capture.images() == []


def test_a_signed_callback_must_match_its_ticket(app, shop, capture, client):
    form = capture.form(shop)
    other = capture.form(shop)
    for overrides in ({"object": other["object_key"]}, {"ticket": "no-such-ticket"}, {"bucket": "another-bucket"},
                      {"mimeType": "text/html"}):
        body = _callback_body(form, **overrides)
        res = client.post(PATH, data=body, headers=sign_callback(PATH, body))
        assert res.status_code == 403 and res.json["reason"] == "callback_mismatch", overrides
    assert capture.images() == []


def test_a_callback_after_the_ticket_expired_is_still_recorded(app, shop, capture, client, db_session):
    form = capture.form(shop)
    db_session.execute(update(UploadTicket).where(UploadTicket.public_id == form["ticket_id"])
                       .values(expires_at=utcnow() - timedelta(hours=3)))
    db_session.commit()
    body = _callback_body(form)
    res = client.post(PATH, data=body, headers=sign_callback(PATH, body))
    assert res.status_code == 200 and res.json["status"] == "processing"
    assert len(capture.images()) == 1


def test_a_signature_upload_is_acknowledged_without_an_image(app, shop, capture, client, db_session):
    with app.test_request_context():
        store = db().query(Store).filter_by(public_id=shop.store_id).one()
        person = db().query(Client).filter_by(public_id=shop.client_id).one()
        member = db().query(StoreMember).filter_by(store_id=store.id).one()
        ticket, form = uploads.issue(db(), app.extensions["mirror.deps"].oss, public_base_url="http://x",
                                     store=store, client=person, purpose=UploadPurpose.signature,
                                     content_type="image/png", max_bytes=1024, issued_to=Membership(store, member)
                                     .member.user_id)
        form_json = uploads.form_out(ticket, form)
        db().commit()
    body = _callback_body(form_json)
    res = client.post(PATH, data=body, headers=sign_callback(PATH, body))
    assert res.status_code == 200
    assert res.json == {"ticket_id": form_json["ticket_id"], "image_id": None, "status": "uploaded"}
    assert capture.images() == []


def test_consent_withdrawn_between_policy_and_upload_blocks_the_image(live_app, shop, capture, withdraw_consent):
    form = capture.form(shop)
    withdraw_consent(shop.store_id, shop.client_id, ["capture"])
    res = capture.upload(form, images.jpeg())
    assert res.status_code == 200 and res.json()["status"] == "blocked"
    [image] = capture.images()
    assert image.status == ImageStatus.blocked and image.clean_key is None


def test_when_the_callback_cannot_reach_the_app_the_upload_is_confirmed(live_app, shop, capture, client):
    form = capture.form(shop)
    capture.fault("callback_unreachable")
    res = capture.upload(form, images.jpeg())
    assert res.status_code == 203 and b"CallbackFailed" in res.content
    assert capture.images() == []
    url = f"/api/v1/stores/{shop.store_id}/uploads/{form['ticket_id']}/confirm"
    confirmed = client.post(url, headers=shop.owner.headers)
    assert confirmed.status_code == 200, confirmed.json
    [image] = capture.images()
    assert confirmed.json == {"ticket_id": form["ticket_id"], "image_id": image.public_id, "status": "processing"}
    assert image.size == len(images.jpeg())
    again = client.post(url, headers=shop.owner.headers)
    assert again.status_code == 200 and again.json["image_id"] == image.public_id and len(capture.images()) == 1
