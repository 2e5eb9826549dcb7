"""README command 1, `mirror demo`, as a newcomer uses it: a subprocess on its embedded default
(SQLite, in-process Redis and worker, sandbox mounted), driven over HTTP by the simulator."""

from __future__ import annotations

import io
import time

import pypdf
import pytest
import requests

from miniprogram_contract.simulator import MiniProgram
from tests.support import images

pytestmark = pytest.mark.e2e


def _eventually(read, done, *, wait: float = 15.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + wait
    while not done(value := read()):
        assert time.monotonic() < deadline, value
        time.sleep(0.1)
    return value


def _consent_and_photo(base: str) -> tuple[MiniProgram, str, str, dict, str]:
    """A consultant, a client who signs in WeChat, one photo processed: (consultant, store, client,
    consent record, image id)."""
    mp = MiniProgram(base, f"{base}/sandbox")
    mp.onboard("13600136000")
    store_id = mp.register_consultant()["store"]["id"]
    client_id = mp.add_client(store_id, name="林晓晴", phone="13600136001")["id"]
    request = mp.request_consent(store_id, client_id, template_code="facial_skin_imaging", scopes=["capture"])
    person = MiniProgram(base, f"{base}/sandbox")
    person.onboard("13600136001")
    record = person.scan_and_sign(request["qr_png"])
    session = mp.start_capture_session(store_id, client_id)
    photo = mp.capture_photo(store_id, client_id, session["id"], "face_front", images.jpeg(gps=True))
    status = _eventually(lambda: mp.api.images_get(store_id, photo["image_id"])["status"],
                         lambda s: s != "processing")
    assert status == "ready"
    return mp, store_id, client_id, record, photo["image_id"]


def test_the_embedded_default_runs_everything_and_buys_vip(start_demo, tmp_path):
    demo = start_demo()
    base = demo.url
    assert "已启动" in demo.banner and f"{base}/api/docs" in demo.banner and f"{base}/" in demo.banner
    assert requests.get(f"{base}/readyz", timeout=5).json()["checks"] == {"database": "ok", "redis": "ok"}
    assert requests.get(f"{base}/api/openapi.json", timeout=5).json()["info"]["title"]
    assert (demo.data_dir / "mirror.db").exists()
    for page in ("/", "/sandbox/", "/sandbox/wechat/", "/sandbox/wechatpay/", "/sandbox/oss/", "/api/docs"):
        res = requests.get(base + page, timeout=5)
        assert res.status_code == 200 and res.headers["Content-Type"].startswith("text/html"), page

    # The in-process worker delivers the welcome message queued after the registration commits.
    mp = MiniProgram(base, f"{base}/sandbox")
    mp.onboard("13600136010")
    requests.post(f"{base}/sandbox/control/wechat/subscribe",
                  json={"openid": mp.openid, "template_id": "TPL_WELCOME_0001"}, timeout=5)
    mp.register_consultant()
    messages = _eventually(lambda: requests.get(f"{base}/sandbox/control/wechat/messages",
                                                params={"openid": mp.openid}, timeout=5).json()["messages"], bool)
    assert [m["template_id"] for m in messages] == ["TPL_WELCOME_0001"]

    # Buying VIP: the order's prepay goes through wechatpayv3 to the mounted WeChat Pay sandbox;
    # the user pays; the sandbox's signed, encrypted notification alone makes the user VIP
    # (nobody polls the order, which would ask WeChat Pay instead).
    plans = mp.api.plans_list("android")
    assert plans["purchase_channels"] == ["wechatpay_jsapi"]
    created = mp.api.orders_create(plan_code="vip_month", platform="android")
    order, payment = created["order"], created["payment"]
    assert payment["package"].startswith("prepay_id=") and payment["signType"] == "RSA"
    assert mp.api.me_vip()["vip"] is False
    mp.wx_request_payment(payment, order["out_trade_no"])
    vip = _eventually(mp.api.me_vip, lambda v: v["vip"])
    assert vip["plan_code"] == "vip_month"
    [delivery] = requests.get(f"{base}/sandbox/control/wechatpay/deliveries",
                              params={"out_trade_no": order["out_trade_no"]}, timeout=5).json()["deliveries"]
    assert delivery["notify_url"] == f"{base}/api/v1/payments/wechatpay/notify"
    assert delivery["status"] == "delivered"
    assert [a["status_code"] for a in delivery["attempts"] if not a["probe"]] == [204]
    assert [o["status"] for o in mp.api.orders_list()] == ["paid"]

    # Capture and export: consent signed in WeChat, a photo through PostObject + callback, a ZIP.
    owner, store_id, _client_id, _record, image_id = _consent_and_photo(base)
    export = owner.export_images(store_id, [image_id], approval_reason="客户要求提供本次面诊影像副本")
    done = owner.wait_export(store_id, export["id"])
    assert done["status"] == "done" and owner.download_export(done)[:2] == b"PK"


def test_a_restart_keeps_the_database_and_every_stored_object(start_demo, tmp_path):
    data_dir = tmp_path / "instance"
    first = start_demo(data_dir)
    mp, store_id, client_id, record, image_id = _consent_and_photo(first.url)
    shown = mp.view_image(store_id, image_id)
    receipt = mp.api.consent_records_receipt(store_id, client_id, record["id"])
    objects = list((data_dir / "oss").rglob("*.data"))
    assert len(objects) >= 2  # the photo, the signature (and derivatives): on disk in the data dir
    first.stop()

    again = start_demo(data_dir, first.port)  # the same port, unless another program took it meanwhile
    back = MiniProgram(again.url, f"{again.url}/sandbox", openid=mp.openid)
    back.login()
    assert back.api.images_get(store_id, image_id)["status"] == "ready"
    # The watermarked view is derived from the stored original (it carries the time, so it differs).
    view = back.view_image(store_id, image_id)
    assert view[:2] == shown[:2] == b"\xff\xd8" and len(view) > 1000
    # The receipt embeds the signature image: it is read back from the stored object.
    again_receipt = back.api.consent_records_receipt(store_id, client_id, record["id"])
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(again_receipt)).pages)
    assert record["signature_sha256"] in text.replace("\n", " ")
    assert again_receipt[:4] == receipt[:4] == b"%PDF"
    assert {p.name for p in (data_dir / "oss").rglob("*.data")} >= {p.name for p in objects}
