"""Analysis end to end through the simulator: capture (oss2-signed form, emulator PostObject and
callback, post-upload job) → request an analysis → poll → result with metrics, overlay, model
versions and the disclaimer → the subscribe message recorded by the sandbox; then a second
visit and a before/after comparison shown side by side."""

import cv2
import numpy as np
import pytest
from rq import Queue, SimpleWorker

from jobs import queues
from jobs.vision import registry
from miniprogram_contract.simulator import MiniProgram
from tests.support.faces import face_capture, jpeg

pytestmark = pytest.mark.e2e


def _work(app) -> None:  # type: ignore[no-untyped-def]
    redis = app.extensions["mirror.deps"].redis
    names = (queues.IMAGES, queues.ANALYSIS, queues.NOTIFICATIONS)
    SimpleWorker([Queue(n, connection=redis) for n in names], connection=redis).work(burst=True)


def _visit(app, mp, store_id, client_id, picture: bytes) -> str:  # type: ignore[no-untyped-def]
    session = mp.start_capture_session(store_id, client_id)
    photo = mp.capture_photo(store_id, client_id, session["id"], "face_front", picture)
    _work(app)
    return photo["image_id"]


def test_capture_analyse_notify_and_compare_before_and_after(app, live_app, sandbox_server, grant_consent, wx):
    mp = MiniProgram(live_app.url, sandbox_server.url)
    mp.onboard("13600136400")
    mp.register_consultant()
    store_id = mp.create_store()
    client_id = mp.add_client(store_id, name="钱女士", phone="13600136401")["id"]
    grant_consent(store_id, client_id, ["capture", "analysis"])
    template = app.extensions["mirror.deps"].settings.wechat_analysis_template
    mp.wx_request_subscribe_message(template)

    first = _visit(app, mp, store_id, client_id, jpeg(face_capture(width=900, seed=1)))
    asked = mp.request_analysis(store_id, first)
    assert (asked["status"], asked["percent"]) == ("queued", 0)
    assert asked["disclaimer"]["text"] and asked["metrics_url"] == "/api/v1/analysis-metrics"
    _work(app)
    before = mp.wait_analysis(store_id, asked["id"])
    assert before["status"] == "succeeded" and before["retake_recommended"] is False
    assert {m["name"]: m["version"] for m in before["result"]["models"]} == {
        s.name: s.version for s in registry.SHIPPED}
    assert before["result"]["features"]["ita_deg"]["light_mode"] == "standard"
    overlay = cv2.imdecode(np.frombuffer(mp.view_analysis(store_id, before["id"]), np.uint8), cv2.IMREAD_COLOR)
    assert overlay is not None and overlay.shape[0] > 0
    [message] = wx.messages(mp.openid)
    assert message["template_id"] == template and before["id"] in message["page"]
    metrics = {m["name"] for m in mp.api.analysis_metrics()["metrics"]}
    assert set(before["result"]["features"]) <= metrics

    second = _visit(app, mp, store_id, client_id,
                    jpeg(face_capture(width=900, seed=2, shift=(20, 10), angle=3, scale=1.04)))
    after = mp.request_analysis(store_id, second)
    _work(app)
    after = mp.wait_analysis(store_id, after["id"])
    assert after["status"] == "succeeded"
    comparison = mp.compare(store_id, before["id"], after["id"])
    _work(app)
    done = mp.wait_comparison(store_id, comparison["id"])
    assert done["status"] == "succeeded" and done["result"]["comparable"] is True
    assert done["result"]["alignment"]["score"] > 0.5 and "l_star" in done["result"]["deltas"]
    left, right = (cv2.imdecode(np.frombuffer(b, np.uint8), cv2.IMREAD_COLOR) for b in mp.view_pair(store_id,
                                                                                                    done["id"]))
    assert left.shape == right.shape
