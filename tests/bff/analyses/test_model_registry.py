"""Operators register and retire analysis model versions; a file whose hash differs is refused;
new analyses use the newest active version and record exactly which ran."""

from __future__ import annotations

from sqlalchemy import select

from jobs import analysis as job
from jobs.vision import registry
from models import Analysis
from tests.bff.admin.helpers import make_operator
from tests.support.faces import face_capture, jpeg

QUALITY = next(s for s in registry.SHIPPED if s.task == registry.QUALITY)
BODY = {"name": "capture-quality", "version": "2", "task": "capture_quality", "file": QUALITY.file,
        "sha256": QUALITY.sha256, "input_shape": ["N", 1, 256, 256], "normalisation": {"scale": "pixel / 255"},
        "labels": list(QUALITY.labels)}


def test_only_admin_operators_register_and_a_wrong_hash_is_refused(app, client):
    admin, finance = make_operator(app, client, "admin"), make_operator(app, client, "finance")
    path = "/api/admin/v1/analysis-models"
    assert client.post(path, json=BODY, headers=finance.headers).status_code == 403
    wrong = client.post(path, json=BODY | {"sha256": "0" * 64}, headers=admin.headers)
    assert (wrong.status_code, wrong.json["reason"]) == (422, "model_hash_mismatch")
    missing = client.post(path, json=BODY | {"file": "nothing-here.onnx"}, headers=admin.headers)
    assert missing.json["reason"] == "model_hash_mismatch"
    escape = client.post(path, json=BODY | {"file": "..%2F..%2Fpyproject.toml"}, headers=admin.headers)
    assert escape.status_code == 422
    made = client.post(path, json=BODY, headers=admin.headers)
    assert made.status_code == 201 and made.json["status"] == "active"
    again = client.post(path, json=BODY, headers=admin.headers)
    assert (again.status_code, again.json["reason"]) == (409, "analysis_model_exists")
    listed = client.get(path, headers=admin.headers).json["items"]
    assert [(m["name"], m["version"]) for m in listed][-1] == ("capture-quality", "2")


def test_a_retired_version_stops_being_used_and_results_name_the_versions_that_ran(
        app, client, shop, grant_consent, make_image):
    admin = make_operator(app, client, "admin")
    grant_consent(shop.store_id, shop.client_id, ("capture", "analysis"))
    made = client.post("/api/admin/v1/analysis-models", json=BODY, headers=admin.headers).json
    image = make_image(shop.store_id, shop.client_id, content=jpeg(face_capture()))
    first = client.post(f"/api/v1/stores/{shop.store_id}/images/{image.id}/analyses", headers=shop.owner.headers).json
    retired = client.post(f"/api/admin/v1/analysis-models/{made['id']}/retire", headers=admin.headers)
    assert retired.status_code == 200 and retired.json["status"] == "retired"
    second = client.post(f"/api/v1/stores/{shop.store_id}/images/{image.id}/analyses", headers=shop.owner.headers).json
    assert second["id"] != first["id"]  # other model versions: another analysis
    with app.extensions["mirror.db"].factory() as s:
        keys = {row[0]: row[1] for row in s.execute(select(Analysis.public_id, Analysis.models_key))}
    assert "capture-quality:2:" in keys[first["id"]] and "capture-quality:1:" in keys[second["id"]]
    for analysis_id in (first["id"], second["id"]):
        with app.extensions["mirror.db"].factory() as s:
            pk = s.scalar(select(Analysis.id).where(Analysis.public_id == analysis_id))
        assert job.run_analysis(pk) == "succeeded"  # the first still runs with the version it was asked with
    out = client.get(f"/api/v1/stores/{shop.store_id}/analyses/{first['id']}", headers=shop.owner.headers).json
    assert {m["name"]: m["version"] for m in out["result"]["models"]}["capture-quality"] == "2"
