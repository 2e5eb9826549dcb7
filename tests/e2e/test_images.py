"""Image management through the simulator over real HTTP: browse and filter, view through a
watermarked signed link, pair, delete, and export (owner) with the ZIP downloaded and opened."""

import io
import zipfile

import cv2
import numpy as np
import pytest
from rq import Queue, SimpleWorker

from jobs import queues
from miniprogram_contract.client import ApiError
from miniprogram_contract.simulator import MiniProgram
from tests.support.faces import face_capture, jpeg

pytestmark = pytest.mark.e2e


def _work(app, queue: str) -> None:  # type: ignore[no-untyped-def]
    redis = app.extensions["mirror.deps"].redis
    assert SimpleWorker([Queue(queue, connection=redis)], connection=redis).work(burst=True)


def test_a_store_browses_views_pairs_deletes_and_exports_images(app, live_app, sandbox_server, make_image,
                                                                 grant_consent):
    owner = MiniProgram(live_app.url, sandbox_server.url)
    owner.onboard("13600136300")
    owner.register_consultant()
    store_id = owner.create_store()
    client_id = owner.add_client(store_id, name="赵女士", phone="13600136301")["id"]
    staff = MiniProgram(live_app.url, sandbox_server.url)
    staff.onboard("13600136302")
    staff.register_consultant()
    staff.scan_invitation(owner.invite_staff(store_id)["qr_png"])

    grant_consent(store_id, client_id, ["capture"])
    # Face pictures: a de-identified export pixelates faces and skips a face view where none is found.
    before = make_image(store_id, client_id, view="face_front", tags=("术前",), content=jpeg(face_capture(width=800)))
    after = make_image(store_id, client_id, view="face_front", uploader=staff.profile()["user_id"])
    side = make_image(store_id, client_id, view="face_left_45", content=jpeg(face_capture(width=800, seed=5)))

    assert [i["id"] for i in staff.list_images(store_id)] == [side.id, after.id, before.id]
    assert [i["id"] for i in staff.list_images(store_id, view="face_front", tag="术前")] == [before.id]

    shown = cv2.imdecode(np.frombuffer(staff.view_image(store_id, before.id), np.uint8), cv2.IMREAD_COLOR)
    clean = cv2.imdecode(np.frombuffer(before.clean, np.uint8), cv2.IMREAD_COLOR)
    assert shown.shape == clean.shape and not np.array_equal(shown[-60:, -300:], clean[-60:, -300:])

    assert staff.api.images_pair(store_id, after.id, before.id)["paired_with"] == before.id
    staff.api.images_update(store_id, side.id, tags=["复诊"])
    staff.api.images_delete(store_id, after.id)  # staff may delete what they uploaded
    with pytest.raises(ApiError) as refused:
        staff.api.images_delete(store_id, before.id)
    assert refused.value.reason == "owner_required"
    assert owner.api.images_get(store_id, before.id)["paired_with"] is None

    with pytest.raises(ApiError) as staff_export:
        staff.export_images(store_id, [before.id], approval_reason="导出")
    assert staff_export.value.reason == "owner_required"
    export = owner.export_images(store_id, [before.id, side.id], approval_reason="客户索取副本",
                                 mode="deidentified")
    assert export["status"] == "queued"
    _work(app, queues.EXPORTS)
    done = owner.wait_export(store_id, export["id"])
    assert (done["status"], done["done"], done["progress"]) == ("done", 2, 100)
    archive = zipfile.ZipFile(io.BytesIO(owner.download_export(done)))
    assert sorted(archive.namelist()) == ["images/image-0001.jpg", "images/image-0002.jpg", "manifest.csv",
                                          "manifest.json"]
    assert client_id.encode() not in archive.read("manifest.json")
