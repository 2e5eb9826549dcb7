"""Terms of Service and Privacy Policy: served, accepted per version, and gating personal data."""

import hashlib
from datetime import UTC, datetime

from sqlalchemy import select

from models import AgreementAcceptance, LegalDocument
from models.agreements import DocumentKind


def _publish(db_session, kind, version, body):
    db_session.add(LegalDocument(kind=kind, version=version, title=f"{kind} {version}", body=body,
                                 sha256=hashlib.sha256(body.encode()).hexdigest()))
    db_session.commit()


def test_current_documents_are_served_with_their_hash(client):
    docs = {d["kind"]: d for d in client.get("/api/v1/agreements").json["documents"]}
    assert set(docs) == {"terms", "privacy"}
    full = client.get("/api/v1/agreements/privacy").json
    assert full["title"] == "美学镜影像工作站隐私政策"
    assert hashlib.sha256(full["body"].encode()).hexdigest() == full["sha256"] == docs["privacy"]["sha256"]
    assert client.get("/api/v1/agreements/cookies").status_code == 404


def test_acceptance_is_recorded_per_version_with_time(client, login, db_session):
    who = login(agree=True)
    rows = db_session.scalars(select(AgreementAcceptance)).all()
    assert {r.document.kind for r in rows} == {DocumentKind.terms, DocumentKind.privacy}
    assert all(r.accepted_at <= datetime.now(UTC) for r in rows)
    assert client.get("/api/v1/me/agreements", headers=who.headers).json["pending"] == []


def test_accepting_a_version_other_than_the_current_one_is_refused(client, login):
    who = login(agree=False)
    doc = client.get("/api/v1/agreements/terms").json
    wrong = [{"kind": "terms", "version": doc["version"], "sha256": "0" * 64}]
    res = client.post("/api/v1/me/agreements", json={"accepted": wrong}, headers=who.headers)
    assert res.status_code == 409 and res.json["reason"] == "agreement_outdated"


def test_a_new_version_must_be_accepted_again_before_personal_data(client, login, wx, db_session):
    who = login(agree=True)
    _publish(db_session, DocumentKind.privacy, "2027.01", "# 隐私政策（新版）\n新增条款。")
    pending = client.get("/api/v1/me/agreements", headers=who.headers).json["pending"]
    assert [(p["kind"], p["version"]) for p in pending] == [("privacy", "2027.01")]
    res = client.post("/api/v1/me/phone", json={"code": wx.phone_code(who.openid, "13800138000")},
                      headers=who.headers)
    assert res.status_code == 403 and res.json["errors"]["pending"] == ["privacy"]
    new = client.get("/api/v1/agreements/privacy").json
    client.post("/api/v1/me/agreements", headers=who.headers,
                json={"accepted": [{"kind": "privacy", "version": new["version"], "sha256": new["sha256"]}]})
    res = client.post("/api/v1/me/phone", json={"code": wx.phone_code(who.openid, "13800138000")},
                      headers=who.headers)
    assert res.status_code == 200


def test_the_profile_lists_pending_agreements(client, login):
    who = login(agree=False)
    assert sorted(client.get("/api/v1/me", headers=who.headers).json["pending_agreements"]) == ["privacy", "terms"]
