"""Analyses through the API and the real job: consent at request and at job start, quota,
idempotent re-runs, transient retries, permanent reasons, a dead worker's row recovered once,
the subscribe message, the de-identified copy with the face pixelated, store isolation."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import cv2
import numpy as np
import pytest
import requests
from rq import Queue, SimpleWorker
from sqlalchemy import select, update

from bff.integrations.oss import OssGateway
from jobs import analysis as job
from jobs import queues
from jobs.vision import registry
from models import Analysis, Image, Plan
from models.base import utcnow
from tests.support.faces import degraded, face_capture, jpeg


def _drain(app) -> None:  # type: ignore[no-untyped-def]
    redis = app.extensions["mirror.deps"].redis
    SimpleWorker([Queue(n, connection=redis) for n in (queues.ANALYSIS, queues.NOTIFICATIONS)],
                 connection=redis).work(burst=True)


def _request(client, shop, image_id, who=None):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/stores/{shop.store_id}/images/{image_id}/analyses",
                       headers=(who or shop.owner).headers)


def _get(client, shop, analysis_id, who=None):  # type: ignore[no-untyped-def]
    return client.get(f"/api/v1/stores/{shop.store_id}/analyses/{analysis_id}", headers=(who or shop.owner).headers)


@pytest.fixture
def consented(shop, grant_consent):  # type: ignore[no-untyped-def]
    grant_consent(shop.store_id, shop.client_id, ("capture", "analysis"))
    return shop


@pytest.fixture
def face_image(consented, make_image):  # type: ignore[no-untyped-def]
    return make_image(consented.store_id, consented.client_id, content=jpeg(face_capture()))


def test_an_analysis_runs_to_a_result_with_metrics_models_and_the_disclaimer(app, client, consented, face_image, wx):
    wx.subscribe(consented.owner.openid, app.extensions["mirror.deps"].settings.wechat_analysis_template)
    res = _request(client, consented, face_image.id)
    assert res.status_code == 202, res.json
    assert res.json["status"] == "queued"
    assert res.json["disclaimer"]["text"].startswith("本结果是基于图像特征的算法参考")
    _drain(app)
    out = _get(client, consented, res.json["id"]).json
    assert out["status"] == "succeeded" and out["percent"] == 100 and out["retake_recommended"] is False
    result = out["result"]
    assert result["input_sha256"] == face_image.sha256
    assert {m["name"]: m["sha256"] for m in result["models"]} == {s.name: s.sha256 for s in registry.SHIPPED}
    assert set(result["features"]) >= {"l_star", "a_star", "b_star", "ita_deg", "redness_index", "tone_evenness",
                                       "spot_count", "spot_area_pct", "texture"}
    assert 40 < result["features"]["l_star"]["value"] < 95 and result["features"]["b_star"]["value"] > 0
    assert set(result["timings_ms"]) >= {"fetch", "decode", "quality", "features", "store"}
    assert result["disclaimer_version"] == out["disclaimer"]["version"]
    assert out["has_overlay"] and out["has_deidentified"]
    [sent] = wx.messages(consented.owner.openid)
    assert sent["data"]["thing1"]["value"] == "影像分析已完成" and out["id"] in sent["page"]
    # The overlay and the de-identified copy are seen through short-lived watermarked links.
    link = client.post(f"/api/v1/stores/{consented.store_id}/analyses/{out['id']}/view-url",
                       json={"variant": "deidentified"}, headers=consented.owner.headers)
    assert link.status_code == 200
    assert "x-oss-process" in link.json["url"]
    # The image API lists it.
    listed = client.get(f"/api/v1/stores/{consented.store_id}/images/{face_image.id}/analyses",
                        headers=consented.staff.headers).json["items"]
    assert [a["id"] for a in listed] == [out["id"]]


def test_the_deidentified_copy_has_the_face_pixelated(app, client, consented, face_image):
    analysis_id = _request(client, consented, face_image.id).json["id"]
    _drain(app)
    with app.extensions["mirror.db"].factory() as s:
        row = s.scalar(select(Analysis).where(Analysis.public_id == analysis_id))
        key, faces = row.deidentified_key, None
    oss: OssGateway = app.extensions["mirror.deps"].oss
    deid = cv2.imdecode(np.frombuffer(oss.get(key), np.uint8), cv2.IMREAD_GRAYSCALE)
    original = cv2.cvtColor(face_capture(), cv2.COLOR_BGR2GRAY)
    assert deid.shape == original.shape
    models = job.load_models(list(registry.SHIPPED))
    faces = job.pipeline.detect_faces(original, models.face)
    assert faces and job.pipeline.detect_faces(deid, models.face) == []
    x, y, w, h = faces[0]
    # Inside the face: flat blocks, no fine detail left (the median ignores the few block edges).
    def detail(img):  # type: ignore[no-untyped-def]
        inner = img[y + h // 4:y + 3 * h // 4, x + w // 4:x + 3 * w // 4].astype(np.float32)
        return float(np.median(np.abs(cv2.Laplacian(inner, cv2.CV_32F))))

    assert detail(deid) < 0.2 * detail(original)
    # Away from the face the picture is untouched (but for JPEG).
    assert np.abs(deid[-60:, :60].astype(int) - original[-60:, :60].astype(int)).mean() < 8


def test_asking_twice_returns_the_same_analysis_and_changes_nothing(app, client, consented, face_image):
    first = _request(client, consented, face_image.id).json
    _drain(app)
    done = _get(client, consented, first["id"]).json
    again = _request(client, consented, face_image.id)
    assert again.status_code == 202 and again.json["id"] == first["id"] and again.json["status"] == "succeeded"
    # Running the job again for the same row is harmless too.
    with app.extensions["mirror.db"].factory() as s:
        pk = s.scalar(select(Analysis.id).where(Analysis.public_id == first["id"]))
    assert job.run_analysis(pk) == "nothing"
    assert _get(client, consented, first["id"]).json == done


def test_consent_is_required_when_asking(client, shop, grant_consent, make_image):
    grant_consent(shop.store_id, shop.client_id, ("capture",))
    image = make_image(shop.store_id, shop.client_id, content=jpeg(face_capture()))
    res = _request(client, shop, image.id)
    assert res.status_code == 403 and res.json["reason"] == "consent_required"
    assert res.json["errors"] == {"scope": "analysis"}


def test_consent_withdrawn_before_the_job_starts_computes_and_stores_nothing(app, client, consented, face_image,
                                                                             withdraw_consent):
    analysis_id = _request(client, consented, face_image.id).json["id"]
    withdraw_consent(consented.store_id, consented.client_id, ["analysis"])
    _drain(app)
    out = _get(client, consented, analysis_id).json
    assert (out["status"], out["reason"], out["result"], out["has_overlay"]) == (
        "failed", "consent_withdrawn", None, False)


def test_the_monthly_quota_answers_429_quota_exceeded(app, client, consented, make_image, db_session):
    db_session.execute(update(Plan).where(Plan.code == "free").values(
        limits=(db_session.scalar(select(Plan.limits).where(Plan.code == "free")) or {}) | {"analyses_per_month": 1}))
    db_session.commit()
    images = [make_image(consented.store_id, consented.client_id, content=jpeg(face_capture(seed=n))) for n in (1, 2)]
    assert _request(client, consented, images[0].id).status_code == 202
    assert _request(client, consented, images[0].id).status_code == 202  # the same analysis: no second use
    refused = _request(client, consented, images[1].id)
    assert refused.status_code == 429 and refused.json["reason"] == "quota_exceeded"
    assert int(refused.headers["Retry-After"]) > 0


@pytest.mark.parametrize("kind", ["blurred", "dark", "overexposed"])
def test_a_poor_capture_is_told_to_retake_instead_of_analysed(app, client, consented, make_image, kind):
    image = make_image(consented.store_id, consented.client_id, content=jpeg(degraded(face_capture(), kind)))
    analysis_id = _request(client, consented, image.id).json["id"]
    _drain(app)
    out = _get(client, consented, analysis_id).json
    assert out["status"] == "succeeded" and out["retake_recommended"] is True
    assert out["result"]["features"] is None and not out["has_overlay"]
    quality = out["result"]["quality"]
    assert quality["recommendation"] == "retake" and "learned_quality" in quality["failed_checks"]
    expected = {"blurred": "sharpness", "dark": "brightness", "overexposed": "clipped_high_pct"}[kind]
    assert expected in quality["failed_checks"]


def test_a_corrupt_original_fails_with_a_reason_and_is_not_retried(app, client, consented, face_image):
    oss: OssGateway = app.extensions["mirror.deps"].oss
    with app.extensions["mirror.db"].factory.begin() as s:
        s.execute(update(Image).where(Image.public_id == face_image.id).values(sha256=None))
    oss.put(face_image.clean_key, b"\xff\xd8\xff\xe0garbage", content_type="image/jpeg")
    analysis_id = _request(client, consented, face_image.id).json["id"]
    _drain(app)
    out = _get(client, consented, analysis_id).json
    assert (out["status"], out["reason"]) == ("failed", "decode_failed")
    assert Queue(queues.ANALYSIS, connection=app.extensions["mirror.deps"].redis).count == 0


def test_bytes_that_are_not_the_recorded_original_are_refused(app, client, consented, face_image):
    app.extensions["mirror.deps"].oss.put(face_image.clean_key, jpeg(face_capture(seed=9)), content_type="image/jpeg")
    analysis_id = _request(client, consented, face_image.id).json["id"]
    _drain(app)
    assert _get(client, consented, analysis_id).json["reason"] == "input_mismatch"


def test_a_storage_outage_is_retried_and_then_succeeds(app, client, consented, face_image, monkeypatch):
    from bff.integrations.oss import StorageUnavailable

    oss = app.extensions["mirror.deps"].oss
    real_get, calls = oss.get, []

    def flaky(key):  # type: ignore[no-untyped-def]
        calls.append(key)
        if len(calls) == 1:
            raise StorageUnavailable()
        return real_get(key)

    monkeypatch.setattr(job.runtime.current().oss, "get", flaky)
    with app.extensions["mirror.db"].factory() as s:
        analysis_id = _request(client, consented, face_image.id).json["id"]
        pk = s.scalar(select(Analysis.id).where(Analysis.public_id == analysis_id))
    with pytest.raises(StorageUnavailable):
        job.run_analysis(pk)  # what RQ sees: an exception, so it retries with backoff
    assert _get(client, consented, analysis_id).json["status"] == "running"
    assert job.run_analysis(pk) == "succeeded"  # the retry
    assert _get(client, consented, analysis_id).json["status"] == "succeeded"


def test_a_tampered_model_file_is_refused_with_a_reason(app, client, consented, face_image, tmp_path, monkeypatch):
    bad = tmp_path / "weights"
    bad.mkdir()
    for spec in registry.SHIPPED:
        data = (registry.WEIGHTS / spec.file).read_bytes()
        (bad / spec.file).write_bytes(data[:-1] + bytes([data[-1] ^ 1]) if spec.task == registry.QUALITY else data)
    monkeypatch.setattr(registry, "WEIGHTS", bad)
    registry.forget()
    try:
        analysis_id = _request(client, consented, face_image.id).json["id"]
        _drain(app)
    finally:
        registry.forget()
    out = _get(client, consented, analysis_id).json
    assert (out["status"], out["reason"], out["result"]) == ("failed", "model_hash_mismatch", None)


def test_a_worker_killed_mid_job_is_recovered_by_the_sweeper_and_finishes_once(app, client, consented, face_image, wx):
    analysis_id = _request(client, consented, face_image.id).json["id"]
    redis = app.extensions["mirror.deps"].redis
    Queue(queues.ANALYSIS, connection=redis).empty()  # the job died with its worker
    with app.extensions["mirror.db"].factory() as s:
        pk = s.scalar(select(Analysis.id).where(Analysis.public_id == analysis_id))
    claimed = job._claim(pk)  # what the killed worker had done: the row is running, attempt 1
    assert isinstance(claimed, dict) and claimed["attempt"] == 1
    assert job.requeue_stale() == 0  # still fresh: left alone
    assert job.requeue_stale(utcnow() + job.STALE_AFTER + timedelta(seconds=1)) == 1
    _drain(app)
    out = _get(client, consented, analysis_id).json
    assert out["status"] == "succeeded"
    # The killed attempt, were it to wake up, can no longer store anything.
    assert job._finish(pk, 1, {"quality": {"passed": True}}, claimed, []) == "nothing"
    assert _get(client, consented, analysis_id).json["result"] == out["result"]


def test_cancel_stops_a_queued_analysis(app, client, consented, face_image):
    analysis_id = _request(client, consented, face_image.id).json["id"]
    res = client.post(f"/api/v1/stores/{consented.store_id}/analyses/{analysis_id}/cancel",
                      headers=consented.staff.headers)
    assert res.status_code == 200 and res.json["status"] == "cancelled"
    _drain(app)
    assert _get(client, consented, analysis_id).json["status"] == "cancelled"
    again = client.post(f"/api/v1/stores/{consented.store_id}/analyses/{analysis_id}/cancel",
                        headers=consented.staff.headers)
    assert again.status_code == 409 and again.json["reason"] == "analysis_not_cancellable"


def test_another_store_sees_nothing(app, client, consented, face_image, consultant, store_of):
    analysis_id = _request(client, consented, face_image.id).json["id"]
    stranger = consultant()
    other_store = store_of(stranger)
    for path in (f"/api/v1/stores/{consented.store_id}/analyses/{analysis_id}",
                 f"/api/v1/stores/{other_store}/analyses/{analysis_id}"):
        res = client.get(path, headers=stranger.headers)
        assert res.status_code == 404
    res = client.post(f"/api/v1/stores/{other_store}/images/{face_image.id}/analyses", headers=stranger.headers)
    assert res.status_code == 404 and res.json["reason"] == "image_not_found"


def test_the_metric_catalogue_documents_every_reported_metric(app, client, consented, face_image):
    catalogue = client.get("/api/v1/analysis-metrics").json
    names = {m["name"] for m in catalogue["metrics"]}
    analysis_id = _request(client, consented, face_image.id).json["id"]
    _drain(app)
    result = _get(client, consented, analysis_id).json["result"]
    assert set(result["features"]) | set(result["quality"]["checks"]) <= names


def _analysed(app, client, shop, make_image, **capture):  # type: ignore[no-untyped-def]
    image = make_image(shop.store_id, shop.client_id, content=jpeg(face_capture(**capture)))
    analysis_id = _request(client, shop, image.id).json["id"]
    _drain(app)
    return analysis_id


def test_before_and_after_are_aligned_with_deltas_and_a_side_by_side_pair(app, client, consented, make_image):
    before = _analysed(app, client, consented, make_image, seed=1)
    after = _analysed(app, client, consented, make_image, seed=2, shift=(25, 15), angle=-4, scale=1.05)
    body = {"before_analysis_id": before, "after_analysis_id": after}
    res = client.post(f"/api/v1/stores/{consented.store_id}/comparisons", json=body, headers=consented.staff.headers)
    assert res.status_code == 202, res.json
    _drain(app)
    out = client.get(f"/api/v1/stores/{consented.store_id}/comparisons/{res.json['id']}",
                     headers=consented.staff.headers).json
    assert out["status"] == "succeeded" and out["has_aligned_pair"]
    result = out["result"]
    assert result["alignment"]["score"] > 0.5 and result["flags"] == [] and result["comparable"] is True
    assert abs(abs(result["alignment"]["rotation_deg"]) - 4) < 1 and abs(result["alignment"]["scale"] - 1 / 1.05) < 0.02
    assert {"l_star", "ita_deg", "spot_count"} <= set(result["deltas"])
    delta = result["deltas"]["l_star"]
    assert delta["delta"] == round(delta["after"] - delta["before"], 3)
    urls = [client.post(f"/api/v1/stores/{consented.store_id}/comparisons/{out['id']}/view-url",
                        json={"side": side}, headers=consented.staff.headers) for side in ("before", "after")]
    assert [u.status_code for u in urls] == [200, 200]
    sizes = []
    for u in urls:
        fetched = requests.get(u.json["url"], timeout=10)
        assert fetched.status_code == 200
        sizes.append(cv2.imdecode(np.frombuffer(fetched.content, np.uint8), cv2.IMREAD_COLOR).shape)
    assert sizes[0] == sizes[1]  # the same frame: shown side by side
    again = client.post(f"/api/v1/stores/{consented.store_id}/comparisons", json=body, headers=consented.owner.headers)
    assert again.json["id"] == out["id"] and again.json["status"] == "succeeded"


def test_a_comparison_whose_worker_died_is_queued_again_and_finishes_once(app, client, consented, make_image):
    from models import Comparison

    before = _analysed(app, client, consented, make_image, seed=1)
    after = _analysed(app, client, consented, make_image, seed=2, shift=(10, 5))
    res = client.post(f"/api/v1/stores/{consented.store_id}/comparisons",
                      json={"before_analysis_id": before, "after_analysis_id": after}, headers=consented.staff.headers)
    redis = app.extensions["mirror.deps"].redis
    Queue(queues.ANALYSIS, connection=redis).empty()  # the job died with its worker
    with app.extensions["mirror.db"].factory() as s, s.begin():
        row = s.scalar(select(Comparison).where(Comparison.public_id == res.json["id"]))
        row.status, row.attempt, row.heartbeat_at = "running", 1, utcnow()  # what the killed worker had done
        pk = row.id
    assert job.requeue_stale() == 0  # still within its time limit: left alone
    assert job.requeue_stale(utcnow() + job.COMPARISON_STALE_AFTER + timedelta(seconds=1)) == 1
    _drain(app)
    out = client.get(f"/api/v1/stores/{consented.store_id}/comparisons/{res.json['id']}",
                     headers=consented.staff.headers).json
    assert out["status"] == "succeeded"
    with app.extensions["mirror.db"].factory() as s:
        assert s.get_one(Comparison, pk).attempt == 2
    assert job.run_comparison(pk) == "nothing"  # finished: running it again changes nothing


def test_pairs_that_cannot_be_compared_are_refused_or_flagged(app, client, consented, make_image, grant_consent):
    sharp = _analysed(app, client, consented, make_image, seed=1)
    closer = _analysed(app, client, consented, make_image, seed=2, angle=8, scale=1.4)  # much closer: not comparable
    blurred_image = make_image(consented.store_id, consented.client_id,
                               content=jpeg(degraded(face_capture(seed=3), "blurred")))
    blurred = _request(client, consented, blurred_image.id).json["id"]
    _drain(app)
    path = f"/api/v1/stores/{consented.store_id}/comparisons"
    refused = client.post(path, json={"before_analysis_id": sharp, "after_analysis_id": blurred},
                          headers=consented.owner.headers)
    assert refused.status_code == 422 and refused.json["reason"] == "comparison_not_comparable"
    assert refused.json["errors"]["problems"] == ["not_analysed"]
    grant_consent(consented.store_id, consented.other_client_id, ("capture", "analysis"))
    other = make_image(consented.store_id, consented.other_client_id, content=jpeg(face_capture(seed=4)))
    other_analysis = _request(client, consented, other.id).json["id"]
    _drain(app)
    refused = client.post(path, json={"before_analysis_id": sharp, "after_analysis_id": other_analysis},
                          headers=consented.owner.headers)
    assert refused.json["errors"]["problems"] == ["different_client"]
    flagged = client.post(path, json={"before_analysis_id": sharp, "after_analysis_id": closer},
                          headers=consented.owner.headers).json
    _drain(app)
    out = client.get(f"{path}/{flagged['id']}", headers=consented.owner.headers).json
    assert out["status"] == "succeeded" and "pose" in out["result"]["flags"] and out["result"]["comparable"] is False


def test_another_store_cannot_compare_or_read_a_comparison(app, client, consented, make_image, consultant, store_of):
    before = _analysed(app, client, consented, make_image, seed=1)
    after = _analysed(app, client, consented, make_image, seed=2)
    made = client.post(f"/api/v1/stores/{consented.store_id}/comparisons",
                       json={"before_analysis_id": before, "after_analysis_id": after},
                       headers=consented.owner.headers).json
    stranger = consultant()
    theirs = store_of(stranger)
    res = client.post(f"/api/v1/stores/{theirs}/comparisons", json={"before_analysis_id": before,
                                                                   "after_analysis_id": after},
                      headers=stranger.headers)
    assert res.status_code == 404 and res.json["reason"] == "analysis_not_found"
    assert client.get(f"/api/v1/stores/{theirs}/comparisons/{made['id']}", headers=stranger.headers).status_code == 404


def test_a_deidentified_export_carries_faces_pixelated_and_skips_a_face_view_without_a_face(
        app, client, consented, face_image, make_image):
    analysed_id = _request(client, consented, face_image.id).json["id"]  # this one has the analysis' copy
    _drain(app)
    unanalysed = make_image(consented.store_id, consented.client_id, content=jpeg(face_capture(seed=8)))
    faceless = make_image(consented.store_id, consented.client_id, content=jpeg(np.full((600, 800, 3), 128, np.uint8)))
    assert _get(client, consented, analysed_id).json["has_deidentified"]
    made = client.post(f"/api/v1/stores/{consented.store_id}/exports", headers=consented.owner.headers, json={
        "image_ids": [face_image.id, unanalysed.id, faceless.id], "mode": "deidentified",
        "approval_reason": "科研合作，已获负责人批准"})
    assert made.status_code == 202, made.json
    redis = app.extensions["mirror.deps"].redis
    SimpleWorker([Queue(queues.EXPORTS, connection=redis)], connection=redis).work(burst=True)
    out = client.get(f"/api/v1/stores/{consented.store_id}/exports/{made.json['id']}",
                     headers=consented.owner.headers).json
    assert (out["status"], out["done"], out["skipped"]) == ("done", 2, 1)
    archive = zipfile.ZipFile(io.BytesIO(requests.get(out["download_url"], timeout=10).content))
    face = job.load_models(list(registry.SHIPPED)).face
    copies = [n for n in archive.namelist() if n.startswith("images/")]
    assert len(copies) == 2
    for name in copies:
        grey = cv2.imdecode(np.frombuffer(archive.read(name), np.uint8), cv2.IMREAD_GRAYSCALE)
        assert job.pipeline.detect_faces(grey, face) == []  # no face left to find
