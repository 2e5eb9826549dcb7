"""Withdrawal by the client in WeChat or by the consultant on their behalf; deletion requests."""

from sqlalchemy import func, select

from bff.consent.gate import granted
from bff.consent.templates import template_sha256
from models import Client, ConsentGrant, ConsentRecord
from tests.bff.admin.helpers import make_operator
from tests.bff.consent.conftest import FACE, PRIVATE

SESSION = {"device_kind": "phone_camera", "device": {"camera_model": "iPhone 15"}, "light_mode": "standard",
           "protocol": "face_standard_5"}


def _ids(db_session, client_public_id):
    db_session.rollback()
    client = db_session.scalar(select(Client).where(Client.public_id == client_public_id))
    return client.store_id, client.id


def _upload_policy(client, shop, session_id):
    return client.post(f"/api/v1/stores/{shop.store_id}/uploads", headers=shop.staff.headers,
                       json={"client_id": shop.client_id, "session_id": session_id, "view": "face_front",
                             "content_type": "image/jpeg"})


def test_the_client_withdraws_in_wechat_and_capture_stops_at_once(client, shop, signer, db_session):
    grant = signer.sign_request(shop.ask(["capture", "analysis"]))
    session = client.post(f"{shop.base}/capture-sessions", headers=shop.staff.headers, json=SESSION)
    assert session.status_code == 201, session.json
    assert _upload_policy(client, shop, session.json["id"]).status_code == 201

    mine = client.get("/api/v1/me/consents", headers=signer.headers)
    assert mine.status_code == 200
    [entry] = mine.json["clients"]
    assert entry["client_id"] == shop.client_id and entry["store_id"] == shop.store_id
    assert entry["active_scopes"] == ["capture", "analysis"] and entry["client_name_masked"] == "张*丰"

    res = client.post("/api/v1/me/consents/withdraw", headers=signer.headers,
                      json={"client_id": shop.client_id, "scopes": ["capture"], "reason": "不想再拍照了"})
    assert res.status_code == 201, res.json
    assert res.json["kind"] == "withdraw" and res.json["scopes"] == ["capture"]
    assert res.json["seq"] == 2 and res.json["prev_hash"] == grant["hash"]
    # From that moment no upload policy is issued (a real request through the capture route).
    refused = _upload_policy(client, shop, session.json["id"])
    assert (refused.status_code, refused.json["reason"]) == (403, "consent_required")
    store_id, client_id = _ids(db_session, shop.client_id)
    assert granted(db_session, store_id, client_id, "capture") is None
    assert granted(db_session, store_id, client_id, "analysis") is not None
    row = db_session.scalar(select(ConsentGrant).where(ConsentGrant.client_id == client_id,
                                                       ConsentGrant.scope == "capture"))
    withdrawn = db_session.scalar(select(ConsentRecord).where(ConsentRecord.public_id == res.json["id"]))
    assert row.active is False and row.withdrawn_record_id == withdrawn.id
    assert withdrawn.actor_role == "client" and withdrawn.signer_openid == signer.who.openid
    # Earlier processing is not undone: the grant record is still there, unchanged.
    assert db_session.scalar(select(ConsentRecord.hash).where(ConsentRecord.public_id == grant["id"])) == grant["hash"]
    # Nothing left to withdraw for capture; "all" takes what is still active.
    again = client.post("/api/v1/me/consents/withdraw", headers=signer.headers,
                        json={"client_id": shop.client_id, "scopes": ["capture"]})
    assert (again.status_code, again.json["reason"]) == (409, "consent_not_active")
    rest = client.post("/api/v1/me/consents/withdraw", headers=signer.headers,
                       json={"client_id": shop.client_id, "all": True})
    assert rest.status_code == 201 and rest.json["scopes"] == ["analysis"]
    assert shop.consents()["active_scopes"] == []


def test_signing_again_restores_a_withdrawn_scope(client, shop, signer, db_session):
    signer.sign_request(shop.ask(["capture"]))
    client.post("/api/v1/me/consents/withdraw", headers=signer.headers, json={"client_id": shop.client_id,
                                                                             "all": True})
    store_id, client_id = _ids(db_session, shop.client_id)
    assert granted(db_session, store_id, client_id, "capture") is None
    again = signer.sign_request(shop.ask(["capture"]))
    assert again["seq"] == 3
    db_session.rollback()
    assert granted(db_session, store_id, client_id, "capture") is not None


def test_saying_no_on_a_new_form_withdraws_an_earlier_grant(client, shop, signer):
    signer.sign_request(shop.ask(["capture", "research"]))
    out = signer.sign_request(shop.ask(["capture", "research"]), agree={"capture": True, "research": False})
    assert out["scopes"] == ["capture"]
    records = shop.consents()["records"]
    assert [(r["kind"], r["scopes"]) for r in records][:2] == [("withdraw", ["research"]), ("grant", ["capture"])]
    assert shop.consents()["active_scopes"] == ["capture"]


def test_the_consultant_withdraws_on_the_clients_behalf_with_a_reason(client, shop, signer, db_session):
    signer.sign_request(shop.ask(["capture", "analysis"]))
    url = f"{shop.base}/consents/withdraw"
    missing_reason = client.post(url, headers=shop.staff.headers, json={"scopes": ["capture"]})
    assert missing_reason.status_code == 422
    neither = client.post(url, headers=shop.staff.headers, json={"reason": "客户电话要求"})
    assert neither.status_code == 422
    both = client.post(url, headers=shop.staff.headers, json={"reason": "客户电话要求", "all": True,
                                                              "scopes": ["capture"]})
    assert both.status_code == 422
    res = client.post(url, headers=shop.owner.headers, json={"all": True, "reason": "客户电话要求撤回"})
    assert res.status_code == 201, res.json
    assert res.json["actor_role"] == "owner" and res.json["reason"] == "客户电话要求撤回"
    assert res.json["scopes"] == ["capture", "analysis"]
    row = db_session.scalar(select(ConsentRecord).where(ConsentRecord.public_id == res.json["id"]))
    assert row.signer_openid is None and row.signer_phone_enc is None and row.ip_enc is not None
    # The client sees it in WeChat.
    [entry] = client.get("/api/v1/me/consents", headers=signer.headers).json["clients"]
    assert entry["active_scopes"] == [] and entry["records"][0]["kind"] == "withdraw"


def test_me_routes_reach_only_files_linked_to_me(client, shop, signer, make_signer, db_session):
    signer.sign_request(shop.ask(["capture"]))
    other = make_signer(phone="13900139995")
    assert client.get("/api/v1/me/consents", headers=other.headers).json == {"clients": []}
    for path, body in (("/api/v1/me/consents/withdraw", {"client_id": shop.client_id, "all": True}),
                       ("/api/v1/me/consents/deletion-request", {"client_id": shop.client_id})):
        res = client.post(path, headers=other.headers, json=body)
        assert (res.status_code, res.json["reason"]) == (404, "client_not_found")
    # The consultant's own account is not the client either.
    res = client.post("/api/v1/me/consents/withdraw", headers=shop.staff.headers,
                      json={"client_id": shop.client_id, "all": True})
    assert res.status_code == 404
    store_id, client_id = _ids(db_session, shop.client_id)
    assert granted(db_session, store_id, client_id, "capture") is not None


def test_a_deletion_request_is_recorded_and_undoes_nothing(client, shop, signer, db_session):
    signer.sign_request(shop.ask(["capture"]))
    wrong_store = client.post("/api/v1/me/consents/deletion-request", headers=signer.headers,
                              json={"client_id": shop.client_id, "store_id": "another-store"})
    assert (wrong_store.status_code, wrong_store.json["reason"]) == (404, "client_not_found")
    res = client.post("/api/v1/me/consents/deletion-request", headers=signer.headers,
                      json={"client_id": shop.client_id, "store_id": shop.store_id,
                            "reason": "不再到店，请删除我的资料"})
    assert res.status_code == 201, res.json
    assert res.json["kind"] == "deletion_request" and res.json["scopes"] == [] and res.json["seq"] == 2
    store_id, client_id = _ids(db_session, shop.client_id)
    assert granted(db_session, store_id, client_id, "capture") is not None
    kinds = db_session.scalars(select(ConsentRecord.kind).order_by(ConsentRecord.seq)).all()
    assert [k.value for k in kinds] == ["grant", "deletion_request"]


def test_a_new_version_with_a_new_scope_needs_new_consent(app, client, shop, signer, db_session, template_row):
    """Old grants cover only what they named: `showcase` added in v2 is not granted until signed."""
    signer.sign_request(shop.ask(["capture", "analysis"], code=PRIVATE))
    v1 = template_row(PRIVATE)
    assert "showcase" not in [s["scope"] for s in v1.scopes]
    admin = make_operator(app, client, "admin")
    scopes = v1.scopes + [{"scope": "showcase", "title": "前后对比展示", "text": "同意门店展示护理前后对比。"}]
    v2 = client.post("/api/admin/v1/consent-templates", headers=admin.headers,
                     json={"code": PRIVATE, "title": v1.title, "body": v1.body, "scopes": scopes}).json
    assert v2["version"] == 2 and v2["sha256"] == template_sha256(v1.title, v1.body, scopes)
    assert client.post(f"/api/admin/v1/consent-templates/{v2['id']}/publish", headers=admin.headers).status_code == 200
    store_id, client_id = _ids(db_session, shop.client_id)
    assert granted(db_session, store_id, client_id, "capture") is not None
    assert granted(db_session, store_id, client_id, "showcase") is None
    current = {t["code"]: t for t in client.get("/api/v1/consent-templates", headers=shop.staff.headers)
               .json["templates"]}
    assert current[PRIVATE]["id"] == v2["id"] and current[FACE]["version"] == 1
    shop.templates[PRIVATE] = current[PRIVATE]
    signer.sign_request(shop.ask(["showcase"], code=PRIVATE))
    db_session.rollback()
    assert granted(db_session, store_id, client_id, "showcase") is not None
    assert db_session.scalar(select(func.count()).select_from(ConsentRecord)) == 2
