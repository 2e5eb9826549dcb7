"""Informed consent end to end through the simulator: wxacode from the sandbox (wechatpy),
the signature through a real PostObject to the OSS emulator, then withdrawal in WeChat."""

import io

import pypdf
import pytest

from miniprogram_contract.client import ApiError
from miniprogram_contract.simulator import MiniProgram

pytestmark = pytest.mark.e2e


def test_a_client_signs_in_wechat_and_later_withdraws(app, live_app, sandbox_server):
    consultant = MiniProgram(live_app.url, sandbox_server.url)
    consultant.onboard("13600136100")
    consultant.register_consultant()
    store_id = consultant.create_store()
    client_id = consultant.add_client(store_id, name="周晓雨", phone="13600136101")["id"]
    request = consultant.request_consent(store_id, client_id, template_code="facial_skin_imaging",
                                         scopes=["capture", "analysis", "showcase"])
    assert request["qr_png"].startswith(b"\x89PNG")

    person = MiniProgram(live_app.url, sandbox_server.url)
    person.onboard("13600136101")
    shown = person.scan_consent(request["qr_png"])
    assert shown["client_name_masked"] == "周*雨" and shown["requested_scopes"] == ["capture", "analysis", "showcase"]
    record = person.sign_consent(shown, agree={"capture": True, "analysis": True, "showcase": False})
    assert record["scopes"] == ["capture", "analysis"] and record["kind"] == "grant"
    with pytest.raises(ApiError) as reused:
        person.sign_consent(shown)
    assert reused.value.reason == "consent_request_used"

    # Capture now works for this client; the receipt carries the record's hashes.
    session = consultant.start_capture_session(store_id, client_id)
    receipt = consultant.api.consent_records_receipt(store_id, client_id, record["id"])
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(receipt)).pages).replace("\n", " ")
    assert record["hash"] in text and record["signature_sha256"] in text

    [mine] = person.my_consents()
    assert mine["active_scopes"] == ["capture", "analysis"]
    withdrawn = person.withdraw_consent(client_id, ["capture"], reason="不想再拍照了")
    assert withdrawn["prev_hash"] == record["hash"]
    with pytest.raises(ApiError) as refused:
        consultant.request_upload_policy(store_id, client_id, session["id"], "face_front")
    assert refused.value.reason == "consent_required"
    assert person.api.me_consent_records_receipt(withdrawn["id"]).startswith(b"%PDF")
