"""Request → scan → read → signature upload → sign, and every way signing is refused."""

import hashlib
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
import requests
from sqlalchemy import func, select, text, update

from bff.consent.gate import GuardianConsentRequired, granted, require
from bff.security.fields import aad_for
from miniprogram_contract.simulator import scene_from_qr
from models import AuditEvent, Client, ConsentRecord, ConsentRequest, ConsentTemplate
from models.base import utcnow
from tests.bff.consent.conftest import FACE, PRIVATE, post_object, signature_png


def _ids(db_session, shop):
    client = db_session.scalar(select(Client).where(Client.public_id == shop.client_id))
    return client.store_id, client.id


def test_a_client_scans_reads_uploads_and_signs(app, client, shop, signer, sandbox_server, db_session):
    asked = shop.ask(["capture", "analysis", "research"])
    assert len(asked["scene"]) <= 32 and asked["page"] == "pages/consent/sign"
    assert asked["share"]["path"] == f"pages/consent/sign?scene={asked['scene']}"
    # The QR code comes from the sandbox's wxacode (through wechatpy) and decodes to the scene.
    qr = client.get(f"{shop.base}/consent-requests/{asked['id']}/qrcode", headers=shop.staff.headers)
    assert qr.status_code == 200 and qr.mimetype == "image/png"
    assert qr.headers["Cache-Control"] == "no-store"  # the code works as a credential
    scene = scene_from_qr(qr.data)
    assert scene == asked["scene"]

    shown = signer.view(scene)
    assert shown["store_name"] == "美学镜·西湖店" and shown["client_name_masked"] == "张*丰"
    assert shown["minor"] is False and shown["requested_scopes"] == ["capture", "analysis", "research"]
    assert shown["template"]["sha256"] == shop.templates[FACE]["sha256"]
    assert [s["scope"] for s in shown["template"]["scopes"]] == ["capture", "analysis", "questionnaire",
                                                                 "research", "showcase"]
    png = signature_png()
    form = signer.upload_form(shown["id"])
    assert form["content_type"] == "image/png" and "/signatures/" in form["object_key"]
    assert form["object_key"].startswith(f"stores/{shop.store_id}/clients/{shop.client_id}/")
    assert post_object(form, png).status_code in (200, 203)
    record = signer.sign(shown["id"], ticket=form["ticket_id"], sha256=shown["template"]["sha256"],
                         decisions={"capture": True, "analysis": True, "research": False})

    assert record["kind"] == "grant" and record["scopes"] == ["capture", "analysis"]
    assert record["seq"] == 1 and record["prev_hash"] == "0" * 64 and len(record["hash"]) == 64
    assert record["signature_sha256"] == hashlib.sha256(png).hexdigest()
    store_id, client_id = _ids(db_session, shop)
    assert granted(db_session, store_id, client_id, "capture") is not None
    assert granted(db_session, store_id, client_id, "research") is None
    row = db_session.scalar(select(ConsentRecord).where(ConsentRecord.public_id == record["id"]))
    assert row.signer_openid == signer.who.openid and row.actor_role == "client" and row.minor is False
    cipher = app.extensions["mirror.deps"].cipher
    phone = cipher.decrypt(row.signer_phone_enc, aad_for("consent_records", "signer_phone", row.public_id))
    assert phone == "+8613700137000"
    assert cipher.decrypt(row.ip_enc, aad_for("consent_records", "ip", row.public_id)) == "127.0.0.1"
    assert row.signature_object_key == form["object_key"] and row.user_agent
    # No plaintext personal data in the evidence row.
    raw = repr(db_session.execute(text("SELECT * FROM consent_records")).all())
    assert "13700137000" not in raw and "127.0.0.1" not in raw
    # The request is used up, the client file is now linked to the signer, and it was all audited.
    req = db_session.scalar(select(ConsentRequest).where(ConsentRequest.public_id == asked["id"]))
    assert req.status == "signed" and req.viewed_by is not None and req.signed_at is not None
    assert db_session.get(Client, client_id).linked_user_id is not None
    actions = set(db_session.scalars(select(AuditEvent.action)))
    assert {"consent.request_create", "consent.request_view", "consent.sign", "client.link"} <= actions
    overview = shop.consents()
    assert overview["active_scopes"] == ["capture", "analysis"]
    assert [r["id"] for r in overview["records"]] == [record["id"]]
    assert overview["requests"][0]["status"] == "signed"


def _records(db_session) -> int:
    db_session.rollback()
    return db_session.scalar(select(func.count()).select_from(ConsentRecord))


def _viewed(shop, signer, scopes=None):
    asked = shop.ask(scopes or ["capture", "analysis"])
    shown = signer.view(asked["scene"])
    return asked, shown, shown["template"]["sha256"]


def _refused(res, status, reason):
    assert (res.status_code, res.json["reason"]) == (status, reason), res.json


def test_an_expired_request_cannot_be_read_or_signed(client, shop, signer, db_session):
    asked, shown, sha = _viewed(shop, signer)
    ticket = signer.upload(shown["id"])
    db_session.execute(update(ConsentRequest).where(ConsentRequest.public_id == asked["id"])
                       .values(expires_at=utcnow() - timedelta(seconds=1)))
    db_session.commit()
    _refused(client.post(f"/api/v1/consent-requests/{shown['id']}/sign", headers=signer.headers,
                         json={"template_sha256": sha, "signature_ticket_id": ticket,
                               "scopes_agreed": [{"scope": "capture", "agreed": True},
                                                 {"scope": "analysis", "agreed": True}]}),
             410, "consent_request_expired")
    _refused(client.get(f"/api/v1/consent-requests/by-scene/{asked['scene']}", headers=signer.headers),
             410, "consent_request_expired")
    _refused(client.post(f"/api/v1/consent-requests/{shown['id']}/signature-upload", headers=signer.headers),
             410, "consent_request_expired")
    _refused(client.get(f"{shop.base}/consent-requests/{asked['id']}/qrcode", headers=shop.staff.headers),
             410, "consent_request_expired")
    assert _records(db_session) == 0


def test_a_signed_request_cannot_be_used_again(client, shop, signer, db_session):
    asked, shown, sha = _viewed(shop, signer)
    ticket = signer.upload(shown["id"])
    decisions = {"capture": True, "analysis": True}
    signer.sign(shown["id"], ticket=ticket, sha256=sha, decisions=decisions)
    again = signer.sign(shown["id"], ticket=ticket, sha256=sha, decisions=decisions, expect=409)
    assert again["reason"] == "consent_request_used"
    _refused(client.get(f"/api/v1/consent-requests/by-scene/{asked['scene']}", headers=signer.headers),
             409, "consent_request_used")
    assert _records(db_session) == 1


def test_requested_scopes_must_belong_to_the_template(client, shop):
    template = shop.templates[FACE]
    url = f"{shop.base}/consent-requests"
    for scopes, status, reason in ((["capture", "share"], 422, "scope_not_in_template"),
                                   (["capture", "capture"], 422, "validation_error"),
                                   (["marketing"], 422, "validation_error"),
                                   ([], 422, "validation_error")):
        res = client.post(url, headers=shop.staff.headers, json={"template_id": template["id"], "scopes": scopes})
        _refused(res, status, reason)
    res = client.post(url, headers=shop.staff.headers, json={"template_id": "no-such-template", "scopes": ["capture"]})
    _refused(res, 404, "consent_template_not_found")
    # The private template does offer `share`.
    assert shop.ask(["capture", "share"], code=PRIVATE)["scopes"] == ["capture", "share"]


def test_every_requested_scope_is_answered_once_and_at_least_one_agreed(shop, signer, db_session):
    _asked, shown, sha = _viewed(shop, signer, ["capture", "analysis"])
    ticket = signer.upload(shown["id"])
    for decisions, reason in (({"capture": True}, "scopes_mismatch"),
                              ({"capture": True, "analysis": True, "showcase": True}, "scopes_mismatch"),
                              ({"capture": False, "analysis": False}, "no_scope_agreed")):
        out = signer.sign(shown["id"], ticket=ticket, sha256=sha, decisions=decisions, expect=422)
        assert out["reason"] == reason
    assert _records(db_session) == 0


def test_a_text_other_than_the_one_shown_is_refused(app, client, shop, signer, db_session):
    _asked, shown, sha = _viewed(shop, signer)
    ticket = signer.upload(shown["id"])
    decisions = {"capture": True, "analysis": True}
    out = signer.sign(shown["id"], ticket=ticket, sha256="0" * 64, decisions=decisions, expect=409)
    assert out["reason"] == "template_changed"
    # A template retired after the request was made can no longer be signed either.
    db_session.execute(update(ConsentTemplate).where(ConsentTemplate.public_id == shown["template"]["id"])
                       .values(status="retired"))
    db_session.commit()
    out = signer.sign(shown["id"], ticket=ticket, sha256=sha, decisions=decisions, expect=409)
    assert out["reason"] == "template_changed"
    assert _records(db_session) == 0


def test_a_signature_must_be_uploaded_and_be_a_png(shop, signer, db_session):
    _asked, shown, sha = _viewed(shop, signer)
    decisions = {"capture": True, "analysis": True}
    never_uploaded = signer.upload_form(shown["id"])["ticket_id"]
    out = signer.sign(shown["id"], ticket=never_uploaded, sha256=sha, decisions=decisions, expect=422)
    assert out["reason"] == "signature_missing"
    out = signer.sign(shown["id"], ticket="not-a-ticket", sha256=sha, decisions=decisions, expect=422)
    assert out["reason"] == "signature_missing"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    polyglot = b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(1)</script></html>"
    for data in (svg, polyglot):
        ticket = signer.upload(shown["id"], data)
        out = signer.sign(shown["id"], ticket=ticket, sha256=sha, decisions=decisions, expect=422)
        assert out["reason"] == "signature_invalid"
    assert _records(db_session) == 0


def test_another_requests_signature_cannot_be_reused(shop, signer, db_session):
    _a1, first, _sha = _viewed(shop, signer)
    ticket = signer.upload(first["id"])
    _a2, second, sha = _viewed(shop, signer)
    out = signer.sign(second["id"], ticket=ticket, sha256=sha, decisions={"capture": True, "analysis": True},
                      expect=422)
    assert out["reason"] == "signature_missing"


def test_a_minor_needs_a_guardian_who_is_recorded(app, shop, signer, db_session):
    today = date.today()
    birth = date(today.year - 13, 1, 1).isoformat()
    client_id = shop.add_client(name="王小明", phone="13700137000", birth_date=birth)
    asked = shop.ask(["capture"], client_id=client_id)
    shown = signer.view(asked["scene"])
    assert shown["minor"] is True and shown["guardian_required"] is True
    ticket = signer.upload(shown["id"])
    sha = shown["template"]["sha256"]
    out = signer.sign(shown["id"], ticket=ticket, sha256=sha, decisions={"capture": True}, expect=403)
    assert out["reason"] == "guardian_required"
    assert _records(db_session) == 0
    record = signer.sign(shown["id"], ticket=ticket, sha256=sha, decisions={"capture": True},
                         guardian={"name": "王大明", "relationship": "parent"})
    assert record["minor"] is True and record["actor_role"] == "guardian"
    assert record["guardian_relationship"] == "parent"
    db_session.rollback()
    row = db_session.scalar(select(ConsentRecord).where(ConsentRecord.public_id == record["id"]))
    name = app.extensions["mirror.deps"].cipher.decrypt(
        row.guardian_name_enc, aad_for("consent_records", "guardian_name", row.public_id))
    assert name == "王大明" and "王大明" not in repr(db_session.execute(text("SELECT * FROM consent_records")).all())
    grant = require(db_session, row.store_id, row.client_id, "capture", minor=True)
    assert grant.guardian is True


def test_a_minors_grant_signed_without_a_guardian_does_not_pass_the_gate(shop, signer, db_session):
    """The birth date was unknown at signing and corrected later: the gate asks for a guardian."""
    signer.sign_request(shop.ask(["capture"]))
    store_id, client_id = _ids(db_session, shop)
    with pytest.raises(GuardianConsentRequired):
        require(db_session, store_id, client_id, "capture", minor=True)
    assert require(db_session, store_id, client_id, "capture", minor=False).guardian is False


def test_only_the_person_of_the_file_may_read_and_sign(client, shop, signer, make_signer, db_session):
    asked = shop.ask()
    stranger = make_signer(phone="13900139999")  # a forwarded link, someone else's phone
    assert stranger.view(asked["scene"], expect=403)["reason"] == "signer_mismatch"
    no_phone = make_signer()
    assert no_phone.view(asked["scene"], expect=403)["reason"] == "phone_required"
    not_agreed = make_signer(agree=False)
    assert not_agreed.view(asked["scene"], expect=403)["reason"] == "agreement_required"
    # Someone who did not open the request cannot get an upload form or sign it.
    shown = signer.view(asked["scene"])
    _refused(client.post(f"/api/v1/consent-requests/{shown['id']}/signature-upload", headers=stranger.headers),
             404, "consent_request_not_found")
    _refused(client.post(f"/api/v1/consent-requests/{shown['id']}/sign", headers=stranger.headers,
                         json={"template_sha256": shown["template"]["sha256"], "signature_ticket_id": "x",
                               "scopes_agreed": [{"scope": "capture", "agreed": True}]}),
             404, "consent_request_not_found")
    assert signer.view("no-such-scene", expect=404)["reason"] == "consent_request_not_found"


def test_a_file_linked_to_someone_else_cannot_be_signed_by_another_account(shop, signer, make_signer, db_session):
    signer.sign_request(shop.ask())  # links the file to the signer
    # The same person on a second WeChat account (same phone cannot be bound twice, so a new one).
    other = make_signer(phone="13900139997")
    db_session.execute(update(Client).where(Client.public_id == shop.client_id).values(phone_enc=None,
                                                                                         phone_bidx=None))
    db_session.commit()
    assert other.view(shop.ask()["scene"], expect=403)["reason"] == "signer_mismatch"


def test_a_file_without_phone_is_linked_to_whoever_signs(shop, make_signer, db_session):
    client_id = shop.add_client(name="赵六")
    someone = make_signer(phone="13900139996")
    someone.sign_request(shop.ask(client_id=client_id))
    db_session.rollback()
    client = db_session.scalar(select(Client).where(Client.public_id == client_id))
    assert client.linked_user_id is not None


def test_requests_are_made_only_for_the_current_version(client, shop, db_session, template_row):
    old = shop.templates[FACE]
    row = template_row(FACE)
    db_session.add(ConsentTemplate(code=FACE, version=row.version + 1, title=row.title, body=row.body + "（修订）",
                                   scopes=row.scopes, sha256="f" * 64, status="published", published_at=utcnow()))
    db_session.commit()
    res = client.post(f"{shop.base}/consent-requests", headers=shop.staff.headers,
                      json={"template_id": old["id"], "scopes": ["capture"]})
    _refused(res, 409, "template_not_current")


def test_another_stores_consultant_sees_nothing(client, shop, consultant, store_of):
    rival = consultant()
    rival_store = store_of(rival, "别家店")
    asked = shop.ask()
    for path in (f"{shop.base}/consents", f"{shop.base}/consent-requests/{asked['id']}/qrcode"):
        _refused(client.get(path, headers=rival.headers), 404, "store_not_found")
    res = client.post(f"{shop.base}/consent-requests", headers=rival.headers,
                      json={"template_id": shop.templates[FACE]["id"], "scopes": ["capture"]})
    _refused(res, 404, "store_not_found")
    # Their own store with our client's id: the client does not exist there.
    other_base = f"/api/v1/stores/{rival_store}/clients/{shop.client_id}"
    _refused(client.get(f"{other_base}/consents", headers=rival.headers), 404, "client_not_found")
    _refused(client.get(f"{other_base}/consent-requests/{asked['id']}/qrcode", headers=rival.headers),
             404, "client_not_found")
    # Our store, another client of ours: the request is not that client's.
    second = shop.add_client(name="钱七")
    path = f"/api/v1/stores/{shop.store_id}/clients/{second}/consent-requests/{asked['id']}/qrcode"
    _refused(client.get(path, headers=shop.staff.headers), 404, "consent_request_not_found")


def test_two_simultaneous_signatures_of_one_request_make_one_record(live_app, shop, signer, db_session):
    """The request row is locked while signing: the loser sees it used, and nothing is doubled."""
    _asked, shown, sha = _viewed(shop, signer)
    tickets = [signer.upload(shown["id"]) for _ in range(2)]

    def sign(ticket):
        return requests.post(f"{live_app.url}/api/v1/consent-requests/{shown['id']}/sign", headers=signer.headers,
                             timeout=10, json={"template_sha256": sha, "signature_ticket_id": ticket,
                                               "scopes_agreed": [{"scope": "capture", "agreed": True},
                                                                 {"scope": "analysis", "agreed": True}]})

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(sign, tickets))
    assert sorted(r.status_code for r in answers) == [201, 409]
    assert [r.json()["reason"] for r in answers if r.status_code == 409] == ["consent_request_used"]
    assert _records(db_session) == 1


def test_a_deleted_client_file_cannot_be_signed_for(client, shop, signer):
    asked = shop.ask()
    res = client.delete(shop.base, headers=shop.owner.headers)
    assert res.status_code == 204
    assert signer.view(asked["scene"], expect=404)["reason"] == "consent_request_not_found"
