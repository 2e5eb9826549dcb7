from sqlalchemy import func, select

from models import AuditEvent, CaptureSession
from tests.bff.capture.conftest import SESSION


def test_the_protocol_catalogue_lists_standard_views_by_region_and_angle(client, shop):
    res = client.get("/api/v1/capture-protocols", headers=shop.owner.headers)
    assert res.status_code == 200
    protocols = {p["code"]: p for p in res.json["protocols"]}
    face = protocols["face_standard_5"]
    assert [v["angle"] for v in face["views"]] == ["front", "left_45", "right_45", "left_90", "right_90"]
    assert {v["region"] for v in face["views"]} == {"face"}
    assert {"body_standard", "intimate_care"} <= set(protocols)
    views = [v["view"] for p in protocols.values() for v in p["views"]]
    assert len(views) == len(set(views)), "view names are unique across protocols"


def test_a_session_cannot_start_without_capture_consent(client, shop, capture, db_session):
    res = capture.start(shop)
    assert res.status_code == 403 and res.json["reason"] == "consent_required"
    capture.grant(shop.store_id, shop.client_id, ["analysis", "questionnaire"])
    res = capture.start(shop)
    assert res.status_code == 403 and res.json["reason"] == "consent_required"
    assert db_session.scalar(select(func.count()).select_from(CaptureSession)) == 0


def test_a_session_records_device_light_settings_and_the_protocol_views(client, shop, capture, db_session):
    capture.grant(shop.store_id, shop.client_id, ["capture"])
    res = capture.start(shop)
    assert res.status_code == 201, res.json
    body = res.json
    assert body["client_id"] == shop.client_id and body["consultant_id"] == shop.owner.user_id
    assert body["device"] == {"camera_model": "iPhone 15 Pro"} and body["light_mode"] == "standard"
    assert body["settings"]["white_balance"] == "5500K" and body["ended_at"] is None
    assert [v["view"] for v in body["views"]][:2] == ["face_front", "face_left_45"]
    assert all(v["ready"] == 0 and not v["done"] for v in body["views"]) and not body["complete"]
    audit = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "capture_session.create")).one()
    assert audit.subject_id == body["id"]


def test_an_imaging_device_needs_maker_model_and_serial(client, shop, capture):
    capture.grant(shop.store_id, shop.client_id, ["capture"])
    device = {"maker": "Canfield", "model": "VISIA-CR", "serial": "SN-2024-0001"}
    res = capture.start(shop, device_kind="imaging_device", device=device, light_mode="cross_polarized")
    assert res.status_code == 201 and res.json["device"] == device
    for bad in ({"maker": "Canfield", "model": "VISIA-CR"}, {"camera_model": "x"}):
        res = capture.start(shop, device_kind="imaging_device", device=bad)
        assert res.status_code == 422 and "device" in res.json["errors"]
    res = capture.start(shop, device={"camera_model": "x", "serial": "1"})
    assert res.status_code == 422
    assert capture.start(shop, protocol="no_such_protocol").status_code == 422
    assert capture.start(shop, light_mode="infrared").status_code == 422


def test_sessions_of_a_client_are_listed_newest_first_a_page_at_a_time(client, shop, capture):
    capture.grant(shop.store_id, shop.client_id, ["capture"])
    ids = [capture.start(shop, protocol=p).json["id"] for p in ("face_standard_5", "body_standard", "skin_closeup")]
    url = f"/api/v1/stores/{shop.store_id}/clients/{shop.client_id}/capture-sessions"
    first = client.get(url + "?limit=2", headers=shop.owner.headers).json
    assert [s["id"] for s in first["items"]] == ids[::-1][:2]
    second = client.get(url + f"?limit=2&cursor={first['next_cursor']}", headers=shop.owner.headers).json
    assert [s["id"] for s in second["items"]] == [ids[0]] and second["next_cursor"] is None
    assert client.get(url + "?cursor=%%%", headers=shop.owner.headers).status_code == 422


def test_ending_a_session_is_idempotent_and_stops_new_policies(client, shop, capture):
    session_id = capture.session(shop)
    url = f"/api/v1/stores/{shop.store_id}/capture-sessions/{session_id}"
    ended = client.post(url + "/end", headers=shop.owner.headers)
    assert ended.status_code == 200 and ended.json["ended_at"]
    again = client.post(url + "/end", headers=shop.owner.headers)
    assert again.status_code == 200 and again.json["ended_at"] == ended.json["ended_at"]
    res = capture.policy(shop, session_id)
    assert res.status_code == 409 and res.json["reason"] == "capture_session_ended"


def test_another_store_cannot_see_or_end_a_session(client, shop, other_shop, capture):
    session_id = capture.session(shop)
    theirs = other_shop.owner.headers
    res = client.get(f"/api/v1/stores/{shop.store_id}/capture-sessions/{session_id}", headers=theirs)
    assert res.status_code == 404 and res.json["reason"] == "store_not_found"
    for action in ("", "/end"):
        res = client.open(f"/api/v1/stores/{other_shop.store_id}/capture-sessions/{session_id}{action}",
                          method="POST" if action else "GET", headers=theirs)
        assert res.status_code == 404 and res.json["reason"] == "capture_session_not_found"
    res = client.get(f"/api/v1/stores/{other_shop.store_id}/clients/{shop.client_id}/capture-sessions",
                     headers=theirs)
    assert res.status_code == 404 and res.json["reason"] == "client_not_found"
    mine = client.get(f"/api/v1/stores/{shop.store_id}/capture-sessions/{session_id}", headers=shop.owner.headers)
    assert mine.status_code == 200 and mine.json["ended_at"] is None


def test_unknown_fields_are_refused(client, shop, capture):
    capture.grant(shop.store_id, shop.client_id, ["capture"])
    res = capture.start(shop, store_id="x", consultant_id="y")
    assert res.status_code == 422 and {"store_id", "consultant_id"} <= set(res.json["errors"])
    assert SESSION["protocol"] == "face_standard_5"
