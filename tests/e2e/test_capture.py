"""A consultant captures a visit through the simulator: oss2-signed forms, the emulator's
PostObject and callback, the confirm fallback, and the post-upload job."""

import pytest
import requests
from rq import Queue, SimpleWorker

from jobs import queues
from miniprogram_contract.client import ApiError
from miniprogram_contract.simulator import MiniProgram
from tests.support import images

pytestmark = pytest.mark.e2e


def test_a_consultant_captures_a_face_protocol_session(app, live_app, sandbox_server, grant_consent):
    mp = MiniProgram(live_app.url, sandbox_server.url)
    mp.onboard("13600136000")
    mp.register_consultant()
    store_id = mp.create_store()
    client_id = mp.add_client(store_id, name="周小姐", phone="13600136001")["id"]
    protocol = next(p for p in mp.api.capture_protocols_list() if p["code"] == "face_standard_5")
    with pytest.raises(ApiError) as refused:
        mp.start_capture_session(store_id, client_id)
    assert refused.value.reason == "consent_required"

    grant_consent(store_id, client_id, ["capture"])
    session = mp.start_capture_session(store_id, client_id, light_mode="cross_polarized")
    results = []
    for i, view in enumerate(v["view"] for v in protocol["views"]):
        if i == 2:  # OSS cannot reach the app for this one: the photo is confirmed instead
            requests.post(f"{sandbox_server.url}/control/oss/faults", json={"mode": "callback_unreachable"},
                          timeout=5).raise_for_status()
        results.append(mp.capture_photo(store_id, client_id, session["id"], view, images.jpeg(gps=True)))
    assert [r["status"] for r in results] == ["processing"] * 5
    assert len({r["image_id"] for r in results}) == 5

    redis = app.extensions["mirror.deps"].redis
    assert SimpleWorker([Queue(queues.IMAGES, connection=redis)], connection=redis).work(burst=True)
    progress = mp.api.capture_sessions_get(store_id, session["id"])
    assert progress["complete"] and all(v["ready"] == 1 for v in progress["views"])
    ended = mp.api.capture_sessions_end(store_id, session["id"])
    assert ended["ended_at"]
    with pytest.raises(ApiError) as closed:
        mp.request_upload_policy(store_id, client_id, session["id"], "face_front")
    assert closed.value.reason == "capture_session_ended"
    listed = mp.api.capture_sessions_list(store_id, client_id)
    assert [s["id"] for s in listed["items"]] == [session["id"]]
