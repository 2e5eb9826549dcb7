"""The whole promise end to end, through the simulator over real HTTP with wechatpy and oss2
against the sandbox: consent request → the client scans, reads and signs → upload policy →
PostObject to the OSS emulator → verified callback → image listed → watermarked view →
export ZIP downloaded and checked; then a withdrawal closes every door again."""

import csv
import hashlib
import io
import json
import zipfile

import cv2
import numpy as np
import pytest
import requests
from rq import Queue, SimpleWorker

from jobs import queues
from miniprogram_contract.client import ApiError
from miniprogram_contract.simulator import MiniProgram
from tests.support import images

pytestmark = pytest.mark.e2e


def _work(app, queue: str) -> None:  # type: ignore[no-untyped-def]
    redis = app.extensions["mirror.deps"].redis
    assert SimpleWorker([Queue(queue, connection=redis)], connection=redis).work(burst=True)


def _decode(data: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    return image


def test_from_signed_consent_to_a_checked_export(app, live_app, sandbox_server):
    consultant = MiniProgram(live_app.url, sandbox_server.url)
    consultant.onboard("13600136200")
    consultant.register_consultant()
    store_id = consultant.create_store()
    client_id = consultant.add_client(store_id, name="林晓晴", phone="13600136201")["id"]

    # No consent yet: no capture session, so no upload policy either.
    with pytest.raises(ApiError) as refused:
        consultant.start_capture_session(store_id, client_id)
    assert refused.value.reason == "consent_required"

    # The client scans the wxacode in WeChat, reads the exact text, draws a signature and signs.
    request = consultant.request_consent(store_id, client_id, template_code="facial_skin_imaging",
                                         scopes=["capture", "analysis"])
    person = MiniProgram(live_app.url, sandbox_server.url)
    person.onboard("13600136201")
    record = person.scan_and_sign(request["qr_png"])
    assert record["scopes"] == ["capture", "analysis"]

    # Capture: policy → PostObject to the emulator → OSS calls the app back (verified) → job.
    session = consultant.start_capture_session(store_id, client_id)
    photos = {}
    for view in ("face_front", "face_left_45"):
        uploaded = consultant.capture_photo(store_id, client_id, session["id"], view, images.jpeg(gps=True))
        photos[view] = uploaded["image_id"]
    callbacks = requests.get(f"{sandbox_server.url}/control/oss/callbacks", timeout=5).json()["callbacks"]
    assert [c["status"] for c in callbacks if "/oss/callback" in c["url"]][-2:] == [200, 200]
    _work(app, queues.IMAGES)

    listed = consultant.api.images_list(store_id, client_id=client_id)
    assert {i["id"] for i in listed["items"]} == set(photos.values())
    assert all(i["status"] == "ready" for i in listed["items"])

    # Viewing: a short-lived signed URL of a watermarked derivative, never the original.
    front = consultant.api.images_get(store_id, photos["face_front"])
    link = consultant.api.images_view_url(store_id, photos["face_front"])
    assert "x-oss-process=" in link["url"] and "watermark" in link["url"]
    shown = requests.get(link["url"], timeout=5)
    assert shown.status_code == 200
    assert hashlib.sha256(shown.content).hexdigest() != front["sha256"]
    assert requests.get(link["url"].split("?")[0], timeout=5).status_code == 403

    # Export (owner): a ZIP of the clean originals, a manifest and the consent receipt.
    export = consultant.api.exports_create(store_id, image_ids=list(photos.values()), mode="original",
                                           approval_reason="客户要求提供本次面诊影像副本")
    _work(app, queues.EXPORTS)
    done = consultant.api.exports_get(store_id, export["id"])
    assert done["status"] == "done" and done["done"] == done["total"] == 2
    archive = zipfile.ZipFile(io.BytesIO(requests.get(done["download_url"], timeout=10).content))
    names = archive.namelist()
    manifest = json.loads(archive.read(next(n for n in names if n.endswith("manifest.json"))))
    rows = manifest["images"] if isinstance(manifest, dict) else manifest
    assert {row["image_id"] for row in rows} == set(photos.values())
    with archive.open(next(n for n in names if n.endswith("manifest.csv"))) as raw:
        assert len(list(csv.DictReader(io.TextIOWrapper(raw, "utf-8-sig")))) == 2
    for row in rows:
        data = archive.read(row["file"])
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        assert b"Exif" not in data[:2048] and _decode(data).shape[:2] == (row["height"], row["width"])
    receipts = [n for n in names if n.endswith(".pdf")]
    assert receipts and archive.read(receipts[0]).startswith(b"%PDF")

    # The client withdraws capture in WeChat: no policy, no new view links from that moment.
    person.withdraw_consent(client_id, ["capture"])
    with pytest.raises(ApiError) as closed:
        consultant.request_upload_policy(store_id, client_id, session["id"], "face_right_45")
    assert closed.value.reason == "consent_required"
    with pytest.raises(ApiError) as no_view:
        consultant.api.images_view_url(store_id, photos["face_front"])
    assert no_view.value.reason == "consent_required"
