"""The mini-program simulator drives the app over real HTTP; the app reaches the
sandbox through wechatpy over real HTTP, exactly as it reaches WeChat in production."""

import os
import socket
import subprocess
import sys
import time

import pytest
import requests

from miniprogram_contract.client import ApiError
from miniprogram_contract.simulator import MiniProgram
from tests.support import images

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


def _free_port_pair() -> int:
    """A port whose next port is free too: the demo serves its OSS emulator on port + 1."""
    for _ in range(50):
        with socket.socket() as first, socket.socket() as second:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            try:
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise RuntimeError("no two adjacent free ports")


def test_the_embedded_default_runs_with_no_mysql_or_redis(tmp_path):
    """README command 1: SQLite, in-process Redis and worker, sandbox mounted, demo seeded."""
    port = _free_port_pair()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIRROR_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bff.cli", "demo", "--port", str(port), "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        banner = ""
        deadline = time.time() + 60
        while "演示登录" not in banner and time.time() < deadline and proc.poll() is None:
            banner += proc.stdout.readline()
        assert "已启动" in banner, banner[-2000:]
        assert f"{base}/api/docs" in banner
        assert requests.get(f"{base}/readyz", timeout=5).json()["checks"] == {"database": "ok", "redis": "ok"}
        assert requests.get(f"{base}/api/openapi.json", timeout=5).json()["info"]["title"]

        mp = MiniProgram(base, f"{base}/sandbox")
        mp.onboard("13600136000")
        requests.post(f"{base}/sandbox/control/wechat/subscribe",
                      json={"openid": mp.openid, "template_id": "TPL_WELCOME_0001"}, timeout=5)
        mp.register_consultant()
        # The in-process worker delivers the welcome message queued after commit.
        messages = []
        for _ in range(100):
            messages = requests.get(f"{base}/sandbox/control/wechat/messages",
                                    params={"openid": mp.openid}, timeout=5).json()["messages"]
            if messages:
                break
            time.sleep(0.1)
        assert [m["template_id"] for m in messages] == ["TPL_WELCOME_0001"]
        assert (tmp_path / "mirror.db").exists()

        # Storage is the OSS emulator: a signed consent, a photo uploaded, called back and processed.
        store_id = mp.create_store()
        client_id = mp.add_client(store_id, name="林晓晴", phone="13600136001")["id"]
        request = mp.request_consent(store_id, client_id, template_code="facial_skin_imaging", scopes=["capture"])
        person = MiniProgram(base, f"{base}/sandbox")
        person.onboard("13600136001")
        person.scan_and_sign(request["qr_png"])
        session = mp.start_capture_session(store_id, client_id)
        photo = mp.capture_photo(store_id, client_id, session["id"], "face_front", images.jpeg(gps=True))
        status = None
        for _ in range(100):
            status = mp.api.images_get(store_id, photo["image_id"])["status"]
            if status != "processing":
                break
            time.sleep(0.1)
        assert status == "ready"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()


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
