"""The mini-program simulator drives the app over real HTTP; the app reaches the
sandbox through wechatpy over real HTTP, exactly as it reaches WeChat in production."""

import pytest

from miniprogram_contract.client import ApiError
from miniprogram_contract.simulator import MiniProgram

pytestmark = pytest.mark.e2e


def test_a_client_onboards_login_agreements_phone_profile(live_app, sandbox_server):
    mp = MiniProgram(live_app.url, sandbox_server.url)
    first = mp.login()
    assert first["is_new_user"] is True
    with pytest.raises(ApiError) as refused:
        mp.bind_phone("13800138000")  # personal data before the agreements
    assert refused.value.reason == "agreement_required"
    mp.accept_agreements()
    mp.bind_phone("+86 138-0013-8000")
    profile = mp.profile()
    assert profile["phone_masked"] == "138****8000" and profile["pending_agreements"] == []
    assert profile["consultant"] is None


def test_a_consultant_registers_refreshes_and_logs_out(live_app, sandbox_server):
    mp = MiniProgram(live_app.url, sandbox_server.url)
    mp.onboard("13900139000")
    profile = mp.register_consultant()
    assert profile["consultant"]["display_name"] == "林顾问"
    pair = mp.api.auth_refresh(mp.refresh_token)
    assert mp.profile()["user_id"] == profile["user_id"]
    mp.api.auth_logout()
    with pytest.raises(ApiError) as ended:
        mp.profile()
    assert ended.value.reason == "session_revoked"
    with pytest.raises(ApiError):
        mp.api.auth_refresh(pair["refresh_token"])


def test_a_returning_user_on_a_second_device_keeps_one_account(live_app, sandbox_server):
    phone = MiniProgram(live_app.url, sandbox_server.url)
    phone.onboard("13700137000")
    tablet = MiniProgram(live_app.url, sandbox_server.url, openid=phone.openid)
    again = tablet.login()
    assert again["is_new_user"] is False and again["user_id"] == phone.profile()["user_id"]


def test_consultants_create_a_store_invite_by_qr_and_manage_clients(live_app, sandbox_server):
    owner = MiniProgram(live_app.url, sandbox_server.url)
    owner.onboard("13800138001")
    owner.register_consultant()
    store_id = owner.create_store()
    invitation = owner.invite_staff(store_id)

    staff = MiniProgram(live_app.url, sandbox_server.url)
    staff.onboard("13800138002")
    staff.register_consultant(display_name="王顾问")
    joined = staff.scan_invitation(invitation["qr_png"])
    assert joined["kind"] == "staff" and joined["store"]["id"] == store_id
    assert {m["role"] for m in owner.api.stores_members(store_id)} == {"owner", "staff"}

    made = staff.add_client(store_id, name="张三丰", phone="+86 139-0013-9000", tags=["敏感肌"])
    staff.add_client(store_id, name="李四", phone="13700137000")
    assert [c["id"] for c in staff.search_clients(store_id, phone="13900139000")] == [made["id"]]
    assert [c["id"] for c in staff.search_clients(store_id, q="张")] == [made["id"]]
    assert [c["id"] for c in owner.search_clients(store_id, tag="敏感肌")] == [made["id"]]
    revealed = owner.api.clients_reveal(store_id, made["id"], fields=["phone"], reason="预约复诊")
    assert revealed["phone"] == "+8613900139000"
    history = owner.api.stores_audit_events(store_id, action="client.reveal")["items"]
    assert [e["subject_id"] for e in history] == [made["id"]]
