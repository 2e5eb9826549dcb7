"""Viewing: signed, short-lived links to derivatives watermarked with the viewer and the time,
fetched over HTTP from the OSS emulator exactly as the mini-program would."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import cv2
import numpy as np
import pytest
import requests

from sandbox.oss.imaging import process
from tests.bff.images.conftest import events
from tests.support.image_records import photo, thumbnail

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _view(client, shop, image_id, variant="display", who=None):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/stores/{shop.store_id}/images/{image_id}/view-url", json={"variant": variant},
                       headers=(who or shop.staff).headers)


def _pixels(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR).astype(np.int16)


def _texts(spec: str) -> list[str]:
    out = []
    for action in spec.split("/"):
        for item in action.split(","):
            if item.startswith("text_"):
                raw = item[5:]
                out.append(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode())
    return out


def _with_query(url: str, change) -> str:  # type: ignore[no-untyped-def]
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=urlencode(change(parse_qsl(parts.query)))))


def test_the_link_shows_a_copy_watermarked_with_the_viewer_and_the_time(client, shop, make_image, grant_consent,
                                                                        db_session):
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    image = make_image(shop.store_id, shop.client_id)
    res = _view(client, shop, image.id)
    assert res.status_code == 200, res.json
    issued = datetime.now(UTC)
    expires = datetime.fromisoformat(res.json["expires_at"])
    assert timedelta(seconds=0) < expires - issued <= timedelta(seconds=300)
    url = res.json["url"]
    assert image.object_key not in url and urlsplit(url).path.endswith(image.clean_key)
    spec = dict(parse_qsl(urlsplit(url).query))["x-oss-process"]
    # SECURITY #20: the burnt-in text is the viewer's id and the time of issue (±60 s).
    viewer, stamp = _texts(spec)[::-1]
    assert viewer == shop.staff.user_id
    at = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S +08").replace(tzinfo=SHANGHAI)
    assert abs(at - issued) < timedelta(seconds=60)

    served = requests.get(url, timeout=10)
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/jpeg"
    got, clean = _pixels(served.content), _pixels(image.clean)
    assert got.shape == clean.shape  # 800 px wide: under 1280, never enlarged
    h, w = got.shape[:2]
    corner = np.abs(got[h - 90:, w - 420:] - clean[h - 90:, w - 420:]).mean()
    elsewhere = np.abs(got[: h // 2, : w // 2] - clean[: h // 2, : w // 2]).mean()
    assert corner > 4 * elsewhere and corner > 8, (corner, elsewhere)
    # And it is exactly that text, rendered by the emulator's OpenCV watermark.
    expected, _ = process(image.clean, spec)
    assert np.array_equal(got, _pixels(expected))
    audit = events(db_session, "image.view_link")
    assert [(e.subject_id, e.actor_id, e.purpose) for e in audit] == [
        (image.id, shop.staff.user_id, "variant: display")]


@pytest.mark.parametrize(("size", "shown"), [((1200, 1600), (960, 1280)), ((1600, 1200), (1280, 960)),
                                             ((2000, 2000), (1280, 1280))])
def test_the_display_variant_bounds_the_longest_edge(client, shop, make_image, grant_consent, size, shown):
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    image = make_image(shop.store_id, shop.client_id, content=photo(*size))
    res = _view(client, shop, image.id)
    assert res.status_code == 200, res.json
    served = requests.get(res.json["url"], timeout=10)
    assert served.status_code == 200
    h, w = _pixels(served.content).shape[:2]
    assert (w, h) == shown


def test_thumbnails_are_watermarked_too(client, shop, make_image, grant_consent):
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    image = make_image(shop.store_id, shop.client_id)
    res = _view(client, shop, image.id, "thumbnail")
    assert res.status_code == 200 and urlsplit(res.json["url"]).path.endswith(image.thumb_key)
    served = requests.get(res.json["url"], timeout=10)
    assert served.status_code == 200
    got, plain = _pixels(served.content), _pixels(thumbnail(image.clean))
    assert got.shape == plain.shape and got.shape[1] == 320
    assert np.abs(got[-40:, -180:] - plain[-40:, -180:]).mean() > 8
    assert shop.staff.user_id in _texts(dict(parse_qsl(urlsplit(res.json["url"]).query))["x-oss-process"])


def test_the_link_cannot_be_stripped_tampered_replayed_late_or_skipped(client, shop, make_image, grant_consent,
                                                                       sandbox_server):
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    image = make_image(shop.store_id, shop.client_id)
    url = _view(client, shop, image.id).json["url"]
    assert requests.get(url, timeout=10).status_code == 200
    no_watermark = _with_query(url, lambda q: [(k, v) for k, v in q if k != "x-oss-process"])
    other_text = _with_query(url, lambda q: [(k, v.replace("text_", "text_QQ") if k == "x-oss-process" else v)
                                             for k, v in q])
    forged = _with_query(url, lambda q: [(k, ("0" if v[0] != "0" else "1") + v[1:] if k == "x-oss-signature" else v)
                                         for k, v in q])
    parts = urlsplit(url)
    unsigned = urlunsplit(parts._replace(query=""))
    original = unsigned.replace(image.clean_key, image.object_key)
    for attempt in (no_watermark, other_text, forged, unsigned, original):
        assert requests.get(attempt, timeout=10).status_code == 403, attempt
    requests.post(f"{sandbox_server.url}/control/clock", json={"advance": 301}, timeout=5).raise_for_status()
    late = requests.get(url, timeout=10)
    assert late.status_code == 403 and b"expired" in late.content


def test_no_link_without_an_active_capture_consent(client, shop, make_image, grant_consent, withdraw_consent,
                                                   db_session):
    image = make_image(shop.store_id, shop.client_id)
    res = _view(client, shop, image.id)
    assert (res.status_code, res.json["reason"]) == (403, "consent_required")
    grant_consent(shop.store_id, shop.client_id, ["research", "showcase"])  # wrong scopes
    assert _view(client, shop, image.id).status_code == 403
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    assert _view(client, shop, image.id).status_code == 200
    withdraw_consent(shop.store_id, shop.client_id, ["capture"])
    res = _view(client, shop, image.id, who=shop.owner)
    assert (res.status_code, res.json["reason"]) == (403, "consent_required")
    assert len(events(db_session, "image.view_link")) == 1


def test_a_minor_needs_a_guardians_consent(client, shop, make_image, grant_consent, new_client):
    today = datetime.now(SHANGHAI).date()
    child = new_client(shop.owner, shop.store_id, name="小朋友", birth_date=today.replace(year=today.year - 10)
                       .isoformat())
    image = make_image(shop.store_id, child)
    grant_consent(shop.store_id, child, ["capture"])
    res = _view(client, shop, image.id)
    assert (res.status_code, res.json["reason"]) == (403, "guardian_consent_required")
    grant_consent(shop.store_id, child, ["capture"], guardian=True)
    assert _view(client, shop, image.id).status_code == 200


def test_unprocessed_deleted_and_foreign_images_get_no_link(client, shop, make_image, grant_consent, consultant,
                                                            store_of, new_client):
    from models.images import ImageStatus

    grant_consent(shop.store_id, shop.client_id, ["capture"])
    pending = make_image(shop.store_id, shop.client_id, status=ImageStatus.processing)
    res = _view(client, shop, pending.id)
    assert (res.status_code, res.json["reason"]) == (409, "image_not_ready")
    gone = make_image(shop.store_id, shop.client_id)
    assert client.delete(f"/api/v1/stores/{shop.store_id}/images/{gone.id}", headers=shop.owner.headers
                         ).status_code == 204
    assert _view(client, shop, gone.id).json["reason"] == "image_not_found"
    other = consultant()
    store = store_of(other)
    theirs = make_image(store, new_client(other, store))
    assert _view(client, shop, theirs.id).json["reason"] == "image_not_found"
    res = _view(client, shop, make_image(shop.store_id, shop.client_id).id, "original")
    assert res.status_code == 422
