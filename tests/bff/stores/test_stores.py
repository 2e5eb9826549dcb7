"""Stores, invitations (code, QR scene, expiry, reuse, revocation), membership and roles."""

import pytest
from sqlalchemy import select

from miniprogram_contract.simulator import decode_qr
from models import Invitation


def test_a_consultant_creates_a_store_and_owns_it(client, consultant, store_of):
    owner = consultant()
    store_id = store_of(owner)
    stores = client.get("/api/v1/stores", headers=owner.headers).json["stores"]
    # The first store comes with the registration; this one is the second.
    assert [(s["name"], s["my_role"]) for s in stores] == [("美学镜体验店", "owner"), ("美学镜·西湖店", "owner")]
    assert stores[1]["id"] == store_id
    assert len(store_id) >= 22  # 128 random bits, never a sequence


def test_only_registered_consultants_create_stores(client, login):
    who = login(phone="13800138000")
    res = client.post("/api/v1/stores", headers=who.headers,
                      json={"name": "店", "address": "地址", "business_category": "beauty_salon"})
    assert res.status_code == 403 and res.json["reason"] == "consultant_required"


def test_staff_join_by_code_and_see_the_store(client, consultant, store_of, join):
    owner, staff = consultant(), consultant()
    store_id = store_of(owner)
    join(owner, store_id, staff)
    members = client.get(f"/api/v1/stores/{store_id}/members", headers=staff.headers).json["members"]
    assert {(m["user_id"], m["role"]) for m in members} == {(owner.user_id, "owner"), (staff.user_id, "staff")}


def test_an_invitation_works_by_scanned_scene_and_its_qr_code_decodes_to_that_scene(client, consultant, store_of):
    owner, staff = consultant(), consultant()
    store_id = store_of(owner)
    inv = client.post(f"/api/v1/stores/{store_id}/invitations", headers=owner.headers).json
    assert len(inv["scene"]) <= 32
    png = client.get(f"/api/v1/stores/{store_id}/invitations/{inv['invitation_id']}/qrcode", headers=owner.headers)
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert png.headers["Cache-Control"] == "no-store"  # the code works as a credential
    decoded = decode_qr(png.data)
    assert f"scene={inv['scene']}" in decoded and "page=pages%2Finvite%2Faccept" in decoded
    res = client.post("/api/v1/invitations/accept", json={"scene": inv["scene"]}, headers=staff.headers)
    assert res.status_code == 200 and res.json["kind"] == "staff"


def test_an_invitation_is_single_use(client, consultant, store_of):
    owner, first, second = consultant(), consultant(), consultant()
    store_id = store_of(owner)
    code = client.post(f"/api/v1/stores/{store_id}/invitations", headers=owner.headers).json["invite_code"]
    assert client.post("/api/v1/invitations/accept", json={"code": code}, headers=first.headers).status_code == 200
    res = client.post("/api/v1/invitations/accept", json={"code": code}, headers=second.headers)
    assert res.status_code == 409 and res.json["reason"] == "invitation_used"


def test_an_expired_invitation_is_refused(client, consultant, store_of, db_session):
    from datetime import UTC, datetime, timedelta

    owner, staff = consultant(), consultant()
    store_id = store_of(owner)
    inv = client.post(f"/api/v1/stores/{store_id}/invitations", headers=owner.headers).json
    row = db_session.scalar(select(Invitation).where(Invitation.public_id == inv["invitation_id"]))
    row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db_session.commit()
    res = client.post("/api/v1/invitations/accept", json={"code": inv["invite_code"]}, headers=staff.headers)
    assert res.status_code == 410 and res.json["reason"] == "invitation_expired"


def test_a_revoked_invitation_is_refused_and_leaves_the_pending_list(client, consultant, store_of):
    owner, staff = consultant(), consultant()
    store_id = store_of(owner)
    inv = client.post(f"/api/v1/stores/{store_id}/invitations", headers=owner.headers).json
    pending = client.get(f"/api/v1/stores/{store_id}/invitations", headers=owner.headers).json["invitations"]
    assert [i["invitation_id"] for i in pending] == [inv["invitation_id"]] and "invite_code" not in pending[0]
    assert client.delete(f"/api/v1/stores/{store_id}/invitations/{inv['invitation_id']}",
                         headers=owner.headers).status_code == 204
    res = client.post("/api/v1/invitations/accept", json={"code": inv["invite_code"]}, headers=staff.headers)
    assert res.status_code == 410 and res.json["reason"] == "invitation_revoked"
    assert client.get(f"/api/v1/stores/{store_id}/invitations", headers=owner.headers).json["invitations"] == []


def test_codes_are_typo_tolerant_and_unknown_codes_404(client, consultant, store_of):
    owner, staff = consultant(), consultant()
    store_id = store_of(owner)
    code = client.post(f"/api/v1/stores/{store_id}/invitations", headers=owner.headers).json["invite_code"]
    typed = code.lower().replace("-", " ")
    assert client.post("/api/v1/invitations/accept", json={"code": typed}, headers=staff.headers).status_code == 200
    res = client.post("/api/v1/invitations/accept", json={"code": "ZZZZZ-ZZZZZ"}, headers=staff.headers)
    assert res.status_code == 404 and res.json["reason"] == "invitation_not_found"


def test_staff_cannot_invite_remove_or_transfer(client, consultant, store_of, join):
    owner, staff, other = consultant(), consultant(), consultant()
    store_id = store_of(owner)
    join(owner, store_id, staff)
    join(owner, store_id, other)
    h = staff.headers
    assert client.post(f"/api/v1/stores/{store_id}/invitations", headers=h).json["reason"] == "owner_required"
    removal = client.delete(f"/api/v1/stores/{store_id}/members/{other.user_id}", headers=h)
    assert removal.json["reason"] == "owner_required"
    res = client.post(f"/api/v1/stores/{store_id}/ownership", json={"user_id": staff.user_id}, headers=h)
    assert res.json["reason"] == "owner_required"


def test_owner_removes_staff_and_staff_can_leave(client, consultant, store_of, join):
    owner, staff, leaver = consultant(), consultant(), consultant()
    store_id = store_of(owner)
    join(owner, store_id, staff)
    join(owner, store_id, leaver)
    assert client.delete(f"/api/v1/stores/{store_id}/members/{staff.user_id}", headers=owner.headers).status_code == 204
    assert client.get(f"/api/v1/stores/{store_id}", headers=staff.headers).json["reason"] == "store_not_found"
    leaving = client.delete(f"/api/v1/stores/{store_id}/members/{leaver.user_id}", headers=leaver.headers)
    assert leaving.status_code == 204
    res = client.delete(f"/api/v1/stores/{store_id}/members/{owner.user_id}", headers=owner.headers)
    assert res.status_code == 409 and res.json["reason"] == "cannot_remove_owner"


def test_ownership_transfer_swaps_roles(client, consultant, store_of, join):
    owner, staff = consultant(), consultant()
    store_id = store_of(owner)
    join(owner, store_id, staff)
    assert client.post(f"/api/v1/stores/{store_id}/ownership", json={"user_id": staff.user_id},
                       headers=owner.headers).status_code == 204
    assert client.get(f"/api/v1/stores/{store_id}", headers=staff.headers).json["my_role"] == "owner"
    assert client.get(f"/api/v1/stores/{store_id}", headers=owner.headers).json["my_role"] == "staff"


def test_a_consultant_in_two_stores_picks_the_store_per_request(client, consultant, store_of, join):
    a_owner, b_owner, both = consultant(), consultant(), consultant()
    a, b = store_of(a_owner, "A 店"), store_of(b_owner, "B 店")
    join(a_owner, a, both)
    join(b_owner, b, both)
    client.post(f"/api/v1/stores/{a}/clients", json={"name": "甲客户"}, headers=both.headers)
    client.post(f"/api/v1/stores/{b}/clients", json={"name": "乙客户"}, headers=both.headers)
    names_a = [c["name_masked"] for c in client.get(f"/api/v1/stores/{a}/clients", headers=both.headers).json["items"]]
    names_b = [c["name_masked"] for c in client.get(f"/api/v1/stores/{b}/clients", headers=both.headers).json["items"]]
    assert names_a == ["甲*户"] and names_b == ["乙*户"]


def test_joining_twice_is_a_conflict(client, consultant, store_of, join):
    owner, staff = consultant(), consultant()
    store_id = store_of(owner)
    join(owner, store_id, staff)
    code = client.post(f"/api/v1/stores/{store_id}/invitations", headers=owner.headers).json["invite_code"]
    res = client.post("/api/v1/invitations/accept", json={"code": code}, headers=staff.headers)
    assert res.status_code == 409 and res.json["reason"] == "already_member"


@pytest.mark.parametrize("body", [{}, {"code": "AAAAA-AAAAA", "scene": "x"}])
def test_accept_needs_exactly_one_of_code_and_scene(client, consultant, body):
    assert client.post("/api/v1/invitations/accept", json=body, headers=consultant().headers).status_code == 422


def test_guessing_invite_codes_is_rate_limited(make_app, wx):
    from tests.support.wechat import accept_agreements

    client = make_app(invite_rate_limit="3/minute").test_client()
    code, _ = wx.login_code()
    token = client.post("/api/v1/auth/login", json={"code": code}).json["tokens"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    accept_agreements(client, headers)
    statuses = [client.post("/api/v1/invitations/accept", json={"code": f"AAAAA-AAAA{i}"}, headers=headers).status_code
                for i in range(2, 6)]
    assert statuses == [404, 404, 404, 429]
