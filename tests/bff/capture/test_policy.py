from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy import update as sa_update

from bff.capture import upload_routes
from bff.capture.gate import today_in_shanghai
from models import UploadTicket
from tests.bff.capture.conftest import decode_policy


def _tickets(db_session) -> int:  # type: ignore[no-untyped-def]
    db_session.rollback()
    return db_session.scalar(select(func.count()).select_from(UploadTicket))


def test_a_policy_is_issued_under_consent_for_one_exact_key_type_and_size(app, shop, capture, db_session):
    session_id = capture.session(shop)
    res = capture.policy(shop, session_id, view="face_left_45", content_type="image/png")
    assert res.status_code == 201, res.json
    form = res.json
    prefix = f"stores/{shop.store_id}/clients/{shop.client_id}/images/{form['ticket_id']}/"
    assert form["object_key"] == prefix + "original.png" and form["file_field"] == "file"
    assert form["form_data"]["key"] == form["object_key"]
    policy = decode_policy(form)
    conditions = policy["conditions"]
    settings = app.extensions["mirror.settings"]
    assert ["eq", "$key", form["object_key"]] in conditions
    assert ["content-length-range", 1, settings.upload_max_bytes] in conditions
    assert ["eq", "$Content-Type", "image/png"] in conditions
    assert ["in", "$content-type", ["image/jpeg", "image/png", "image/heic"]] in conditions
    assert ["eq", "$x:ticket", form["ticket_id"]] in conditions
    expires = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%S.000Z").replace(tzinfo=UTC)
    assert timedelta(0) < expires - datetime.now(UTC) <= timedelta(seconds=300)
    ticket = capture.ticket(form["ticket_id"])
    assert (ticket.view, ticket.region, ticket.content_type) == ("face_left_45", "face", "image/png")
    assert ticket.image_id is None


def test_no_consent_no_policy(shop, capture, db_session):
    res = capture.policy(shop, "any-session")
    assert res.status_code == 403 and res.json["reason"] == "consent_required"
    assert _tickets(db_session) == 0


def test_a_withdrawn_consent_stops_new_policies(shop, capture, withdraw_consent, db_session):
    session_id = capture.session(shop)
    assert capture.policy(shop, session_id).status_code == 201
    withdraw_consent(shop.store_id, shop.client_id, ["capture"])
    res = capture.policy(shop, session_id)
    assert res.status_code == 403 and res.json["reason"] == "consent_required"
    assert _tickets(db_session) == 1


def test_consent_to_another_scope_does_not_cover_capture(shop, capture, db_session):
    capture.grant(shop.store_id, shop.client_id, ["analysis", "research", "showcase"])
    res = capture.policy(shop, "any-session")
    assert res.status_code == 403 and res.json["reason"] == "consent_required"
    assert res.json["errors"] == {"scope": "capture"}


def test_a_minor_needs_a_guardians_consent(shop, capture, client, db_session):
    today = today_in_shanghai()  # ages count on the Asia/Shanghai calendar
    birth = date(today.year - 13, 1, 1).isoformat()
    minor = capture.add_client(shop, name="小明", phone="13800002222", birth_date=birth)
    capture.grant(shop.store_id, minor, ["capture"])  # signed by the child alone
    res = capture.start(shop, minor)
    assert res.status_code == 403 and res.json["reason"] == "guardian_consent_required"
    res = capture.policy(shop, "any-session", client_id=minor)
    assert res.status_code == 403 and res.json["reason"] == "guardian_consent_required"
    capture.grant(shop.store_id, minor, ["capture"], guardian=True)
    session = capture.start(shop, minor)
    assert session.status_code == 201
    assert capture.policy(shop, session.json["id"], client_id=minor).status_code == 201


def test_a_client_of_the_minor_age_or_older_needs_no_guardian(shop, capture):
    today = today_in_shanghai()  # ages count on the Asia/Shanghai calendar
    adult = capture.add_client(shop, name="小红", phone="13800003333",
                               birth_date=date(today.year - 15, 1, 1).isoformat())
    capture.grant(shop.store_id, adult, ["capture"])
    assert capture.start(shop, adult).status_code == 201


def test_the_view_must_belong_to_the_sessions_protocol(shop, capture):
    session_id = capture.session(shop)
    res = capture.policy(shop, session_id, view="body_back")
    assert res.status_code == 422 and res.json["reason"] == "view_not_in_protocol"
    assert "face_front" in res.json["errors"]["view"]


def test_only_photo_types_are_accepted(shop, capture):
    session_id = capture.session(shop)
    for content_type in ("image/gif", "image/svg+xml", "text/html"):
        res = capture.policy(shop, session_id, content_type=content_type)
        assert res.status_code == 422 and "content_type" in res.json["errors"]


def test_a_session_of_another_client_or_store_is_not_found(shop, other_shop, capture, db_session):
    session_id = capture.session(shop)
    sibling = capture.add_client(shop, name="赵六", phone="13800004444")
    capture.grant(shop.store_id, sibling, ["capture"])
    res = capture.policy(shop, session_id, client_id=sibling)
    assert res.status_code == 404 and res.json["reason"] == "capture_session_not_found"
    theirs = capture.session(other_shop)
    res = capture.policy(shop, theirs)
    assert res.status_code == 404 and res.json["reason"] == "capture_session_not_found"
    res = capture.policy(other_shop, session_id, client_id=shop.client_id)
    assert res.status_code == 404 and res.json["reason"] == "client_not_found"
    res = capture.policy(shop, session_id, who=other_shop.owner)
    assert res.status_code == 404 and res.json["reason"] == "store_not_found"
    assert _tickets(db_session) == 0


def test_policy_issuance_is_rate_limited_per_user(shop, capture, monkeypatch):
    session_id = capture.session(shop)
    monkeypatch.setattr(upload_routes, "UPLOAD_RATE_LIMIT", "2/minute")
    assert [capture.policy(shop, session_id).status_code for _ in range(2)] == [201, 201]
    res = capture.policy(shop, session_id)
    assert res.status_code == 429 and res.headers.get("Retry-After")


def test_the_plans_image_limit_is_enforced_when_a_policy_is_asked_for(shop, capture, make_image, db_session):
    from models import Plan

    plan = db_session.scalar(select(Plan).where(Plan.code == "free"))
    db_session.execute(sa_update(Plan).where(Plan.code == "free").values(limits={**plan.limits, "images": 2}))
    db_session.commit()
    session_id = capture.session(shop)
    make_image(shop.store_id, shop.client_id)
    assert capture.policy(shop, session_id).status_code == 201
    make_image(shop.store_id, shop.client_id)  # the store now keeps 2 images
    refused = capture.policy(shop, session_id)
    assert (refused.status_code, refused.json["reason"]) == (402, "vip_required")
    assert refused.json["errors"] == {"resource": "images", "limit": 2, "used": 2}
    assert _tickets(db_session) == 1  # nothing issued
