"""The post-upload job, on files uploaded for real through the emulator and its verified callback."""

import hashlib
import io
import time

import pytest
from PIL import Image as Pil
from rq import Queue, SimpleWorker

from jobs import imagecheck, queues
from jobs.images import derived_keys, process_upload
from models.images import ImageStatus
from tests.support import images


@pytest.fixture
def uploaded(live_app, shop, capture):  # type: ignore[no-untyped-def]
    """Upload ``data`` as ``content_type`` in a new session; returns the image row (processing)."""

    def do(data: bytes, content_type: str = "image/jpeg", view: str = "face_front"):  # type: ignore[no-untyped-def]
        form = capture.form(shop, view=view, content_type=content_type)
        res = capture.upload(form, data)
        assert res.status_code == 200, res.text
        image = next(i for i in capture.images() if i.public_id == res.json()["image_id"])
        assert image.status == ImageStatus.processing
        return image

    return do


def _reload(capture, image):  # type: ignore[no-untyped-def]
    return next(i for i in capture.images() if i.id == image.id)


def test_the_queued_job_makes_a_clean_upright_original_without_exif_or_gps(app, uploaded, capture, shop, client):
    raw = images.jpeg(800, 600, gps=True, orientation=6)
    assert b"Exif" in raw and Pil.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)
    image = uploaded(raw)
    redis = app.extensions["mirror.deps"].redis
    assert SimpleWorker([Queue(queues.IMAGES, connection=redis)], connection=redis).work(burst=True)
    image = _reload(capture, image)
    assert image.status == ImageStatus.ready and image.reject_reason is None and image.processed_at
    assert (image.width, image.height) == (600, 800)  # orientation 6 applied: portrait
    clean = capture.stored(image.clean_key)
    assert clean is not None and image.clean_key == derived_keys(image.object_key)[0]
    assert hashlib.sha256(clean).hexdigest() == image.sha256 and image.size == len(clean)
    assert b"Exif\x00\x00" not in clean and b"PhoneCam" not in clean
    opened = Pil.open(io.BytesIO(clean))
    assert opened.format == "JPEG" and opened.size == (600, 800)
    assert not opened.getexif() and "exif" not in opened.info and "icc_profile" not in opened.info
    thumb = Pil.open(io.BytesIO(capture.stored(image.thumb_key)))
    assert thumb.size == (240, 320)
    assert capture.stored(image.object_key) is None, "the upload with its GPS is gone"
    res = client.get(f"/api/v1/stores/{shop.store_id}/capture-sessions/{_session_of(capture, image)}",
                     headers=shop.owner.headers)
    front = next(v for v in res.json["views"] if v["view"] == "face_front")
    assert front["ready"] == 1 and front["done"] and not res.json["complete"]


def _session_of(capture, image) -> str:  # type: ignore[no-untyped-def]
    from models import CaptureSession

    return capture.db.get(CaptureSession, image.session_id).public_id


@pytest.mark.parametrize(("data", "content_type"), [(images.png, "image/png"), (images.heic, "image/heic")])
def test_png_and_heic_become_clean_jpegs(uploaded, capture, data, content_type):
    image = uploaded(data(), content_type)
    assert process_upload(image.id) == "ready"
    image = _reload(capture, image)
    assert (image.status, image.width, image.height) == (ImageStatus.ready, 64, 48)
    assert capture.stored(image.clean_key).startswith(b"\xff\xd8\xff")


@pytest.mark.parametrize(("data", "content_type", "reason"), [
    (images.SVG, "image/png", "not_an_image"),
    (images.HTML, "image/jpeg", "not_an_image"),
    (images.png(), "image/jpeg", "type_mismatch"),
    (images.jpeg_then_html(), "image/jpeg", "polyglot"),
    (images.jpeg_then_zip(), "image/jpeg", "polyglot"),
    (images.jpeg_with_zip_in_comment(), "image/jpeg", "polyglot"),
    (images.jpeg()[:-200], "image/jpeg", "decode_failed"),
], ids=["svg", "html", "png-as-jpeg", "jpeg+html", "jpeg+zip", "zip-in-comment", "truncated"])
def test_files_that_are_not_clean_photos_are_rejected_and_deleted(uploaded, capture, data, content_type, reason):
    image = uploaded(data, content_type)
    assert process_upload(image.id) == f"rejected:{reason}"
    image = _reload(capture, image)
    assert (image.status, image.reject_reason) == (ImageStatus.rejected, reason)
    assert image.clean_key is None and image.sha256 is None and image.purged_at
    assert capture.stored(image.object_key) is None
    assert capture.stored(derived_keys(image.object_key)[0]) is None


def test_a_pixel_flood_is_refused_from_its_header_without_decoding(uploaded, capture, monkeypatch):
    flood = images.pixel_flood_png()
    assert len(flood) < 200_000
    image = uploaded(flood, "image/png")
    monkeypatch.setattr(imagecheck, "_decode", lambda *_: pytest.fail("a bomb must never be decoded"))
    started = time.monotonic()
    assert process_upload(image.id) == "rejected:pixel_limit"
    assert time.monotonic() - started < 5
    assert _reload(capture, image).reject_reason == "pixel_limit"
    assert capture.stored(image.object_key) is None


def test_running_the_job_twice_changes_nothing(uploaded, capture):
    image = uploaded(images.jpeg(gps=True))
    assert process_upload(image.id) == "ready"
    first = _reload(capture, image)
    before = {c: getattr(first, c) for c in ("status", "clean_key", "thumb_key", "sha256", "width", "height",
                                              "size", "processed_at", "purged_at")}
    clean = capture.stored(first.clean_key)
    assert process_upload(image.id) == "nothing"
    again = _reload(capture, image)
    assert {c: getattr(again, c) for c in before} == before
    assert capture.stored(again.clean_key) == clean and capture.stored(again.thumb_key)
    assert process_upload(image.id + 10_000) == "nothing"


def test_a_rejected_image_stays_rejected_on_a_second_run(uploaded, capture):
    image = uploaded(images.SVG, "image/png")
    assert process_upload(image.id) == "rejected:not_an_image"
    assert process_upload(image.id) == "nothing"
    assert _reload(capture, image).status == ImageStatus.rejected


def test_a_withdrawal_before_the_job_runs_blocks_the_image_and_deletes_the_upload(uploaded, capture, shop,
                                                                                  withdraw_consent):
    image = uploaded(images.jpeg(gps=True))
    withdraw_consent(shop.store_id, shop.client_id, ["capture"])
    assert process_upload(image.id) == "blocked"
    image = _reload(capture, image)
    assert image.status == ImageStatus.blocked and image.purged_at and image.clean_key is None
    assert capture.stored(image.object_key) is None
    assert capture.stored(derived_keys(image.object_key)[0]) is None
    assert process_upload(image.id) == "nothing"


def test_an_image_born_blocked_has_its_upload_deleted_by_the_job(live_app, shop, capture, withdraw_consent):
    form = capture.form(shop)
    withdraw_consent(shop.store_id, shop.client_id, ["capture"])
    assert capture.upload(form, images.jpeg()).json()["status"] == "blocked"
    [image] = capture.images()
    assert capture.stored(image.object_key) is not None
    assert process_upload(image.id) == "blocked"
    assert capture.stored(image.object_key) is None and _reload(capture, image).purged_at
    assert process_upload(image.id) == "nothing"


def test_a_withdrawal_while_the_job_works_leaves_nothing_behind(uploaded, capture, shop, withdraw_consent,
                                                                monkeypatch):
    image = uploaded(images.jpeg())
    real_clean = imagecheck.clean

    def withdraw_midway(*args, **kwargs):  # type: ignore[no-untyped-def]
        out = real_clean(*args, **kwargs)
        withdraw_consent(shop.store_id, shop.client_id, ["capture"])
        return out

    monkeypatch.setattr(imagecheck, "clean", withdraw_midway)
    assert process_upload(image.id) == "blocked"
    image = _reload(capture, image)
    assert image.status == ImageStatus.blocked and image.clean_key is None
    clean_key, thumb_key = derived_keys(image.object_key)
    assert [capture.stored(k) for k in (image.object_key, clean_key, thumb_key)] == [None, None, None]
