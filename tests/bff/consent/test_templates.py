"""Consent templates: bundled versions published once, drafts edited, published text immutable."""

import json

from sqlalchemy import func, select

from bff.consent.templates import DOCUMENTS_DIR, canonical_text, publish_bundled, template_sha256
from models import AuditEvent, ConsentTemplate
from tests.bff.admin.helpers import make_operator
from tests.bff.consent.conftest import FACE, PRIVATE

DRAFT = {
    "code": "body_contour_imaging", "title": "体态影像采集知情同意书",
    "body": "为记录体态变化，门店将拍摄您的体态影像。",
    "scopes": [{"scope": "capture", "title": "拍摄体态影像", "text": "同意拍摄并保存体态影像。"},
               {"scope": "analysis", "title": "算法分析体态", "text": "同意对体态影像做算法分析，结果仅供参考。"}],
}
ADMIN = "/api/admin/v1/consent-templates"


def test_two_realistic_templates_are_published_once(app, db_session):
    rows = db_session.scalars(select(ConsentTemplate).order_by(ConsentTemplate.code)).all()
    assert [(t.code, t.version, t.status.value) for t in rows] == [(FACE, 1, "published"), (PRIVATE, 1, "published")]
    face, private = rows
    assert face.title == "面部皮肤影像采集与分析知情同意书"
    assert [s["scope"] for s in face.scopes] == ["capture", "analysis", "questionnaire", "research", "showcase"]
    assert private.title == "私密健康影像采集知情同意书"
    assert [s["scope"] for s in private.scopes] == ["capture", "analysis", "questionnaire", "share"]
    for t in rows:
        assert t.sha256 == template_sha256(t.title, t.body, t.scopes)
        assert all(len(s["text"]) > 40 for s in t.scopes)  # each scope explains itself separately
    with app.extensions["mirror.db"].factory.begin() as session:
        assert publish_bundled(session) == []  # idempotent: boot, migrate and seed may all call it
    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(ConsentTemplate)) == 2


def test_the_hash_covers_title_body_and_every_scope_text_in_order():
    doc = json.loads((DOCUMENTS_DIR / f"{FACE}-1.json").read_text(encoding="utf-8"))
    base = template_sha256(doc["title"], doc["body"], doc["scopes"])
    changed_scope = [dict(s) for s in doc["scopes"]]
    changed_scope[-1]["text"] += "。"
    assert len({base, template_sha256(doc["title"] + " ", doc["body"], doc["scopes"]),
                template_sha256(doc["title"], doc["body"] + "\n", doc["scopes"]),
                template_sha256(doc["title"], doc["body"], changed_scope),
                template_sha256(doc["title"], doc["body"], list(reversed(doc["scopes"])))}) == 5
    text = canonical_text(doc["title"], doc["body"], doc["scopes"])
    assert text.startswith('{"body":"尊敬的客户') and '"scopes":[{"scope":"capture","text":' in text


def test_the_mini_program_lists_the_current_version_of_each_code(client, shop):
    listed = client.get("/api/v1/consent-templates", headers=shop.staff.headers).json["templates"]
    assert sorted(t["code"] for t in listed) == [FACE, PRIVATE]
    one = client.get(f"/api/v1/consent-templates/{listed[0]['id']}", headers=shop.staff.headers)
    assert one.status_code == 200 and one.json["sha256"] == listed[0]["sha256"]
    assert client.get("/api/v1/consent-templates").status_code == 401


def test_operators_draft_edit_publish_and_retire_versions(app, client, shop, db_session):
    admin = make_operator(app, client, "admin")
    created = client.post(ADMIN, headers=admin.headers, json=DRAFT)
    assert created.status_code == 201, created.json
    draft = created.json
    assert draft["status"] == "draft" and draft["version"] == 1 and draft["published_at"] is None
    # Drafts are invisible to the mini-program.
    assert client.get(f"/api/v1/consent-templates/{draft['id']}", headers=shop.staff.headers).status_code == 404
    edited = client.patch(f"{ADMIN}/{draft['id']}", headers=admin.headers,
                          json={"body": DRAFT["body"] + "请仔细阅读。"})
    assert edited.status_code == 200 and edited.json["sha256"] != draft["sha256"]
    assert edited.json["sha256"] == template_sha256(DRAFT["title"], DRAFT["body"] + "请仔细阅读。", DRAFT["scopes"])
    published = client.post(f"{ADMIN}/{draft['id']}/publish", headers=admin.headers)
    assert published.status_code == 200 and published.json["status"] == "published"
    # Once published the text never changes; a new version of the code is the way.
    for method, path, body in (("PATCH", f"{ADMIN}/{draft['id']}", {"title": "改标题"}),
                               ("POST", f"{ADMIN}/{draft['id']}/publish", None)):
        res = client.open(path, method=method, headers=admin.headers, json=body)
        assert (res.status_code, res.json["reason"]) == (409, "template_immutable")
    v2 = client.post(ADMIN, headers=admin.headers, json=DRAFT | {"title": "体态影像采集知情同意书（第二版）"}).json
    assert v2["version"] == 2
    client.post(f"{ADMIN}/{v2['id']}/publish", headers=admin.headers)
    current = {t["code"]: t for t in client.get("/api/v1/consent-templates", headers=shop.staff.headers)
               .json["templates"]}
    assert current[DRAFT["code"]]["id"] == v2["id"]
    retired = client.post(f"{ADMIN}/{v2['id']}/retire", headers=admin.headers)
    assert retired.status_code == 200 and retired.json["status"] == "retired"
    again = client.post(f"{ADMIN}/{v2['id']}/retire", headers=admin.headers)
    assert (again.status_code, again.json["reason"]) == (409, "template_not_published")
    listed = client.get(ADMIN, headers=admin.headers).json["templates"]
    assert [(t["code"], t["version"], t["status"]) for t in listed if t["code"] == DRAFT["code"]] == [
        (DRAFT["code"], 1, "published"), (DRAFT["code"], 2, "retired")]
    actions = db_session.scalars(select(AuditEvent.action).where(AuditEvent.subject_type == "consent_template")).all()
    assert sorted(actions) == ["consent_template.create", "consent_template.create", "consent_template.edit",
                               "consent_template.publish", "consent_template.publish", "consent_template.retire"]


def test_template_input_is_checked_and_roles_enforced(app, client, shop):
    admin, support = make_operator(app, client, "admin"), make_operator(app, client, "support")
    bad = [DRAFT | {"scopes": DRAFT["scopes"] * 2},  # a scope twice
           DRAFT | {"scopes": [{"scope": "marketing", "title": "营销", "text": "x"}]},
           DRAFT | {"code": "Bad Code"}, DRAFT | {"scopes": []}, DRAFT | {"sha256": "0" * 64}]
    for body in bad:
        assert client.post(ADMIN, headers=admin.headers, json=body).status_code == 422
    assert client.get(ADMIN, headers=support.headers).status_code == 200
    res = client.post(ADMIN, headers=support.headers, json=DRAFT)
    assert (res.status_code, res.json["reason"]) == (403, "operator_role_required")
    res = client.post(ADMIN, headers=shop.owner.headers, json=DRAFT)
    assert res.status_code == 401
