"""The PDF evidence receipt: opens, shows the hashes, and only the people concerned can get it."""

import io

import pypdf
from sqlalchemy import select

from bff.consent.receipts import render_receipt
from models import AuditEvent, ConsentRecord
from tests.bff.consent.conftest import signature_png


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _hashes_shown(text: str, record: dict) -> None:
    flat = text.replace("\n", " ")
    for value in (record["hash"], record["prev_hash"], record["template_sha256"], record["signature_sha256"]):
        if value:
            assert value in flat, value


def test_the_consultant_and_the_client_download_a_receipt_with_the_hashes(client, shop, signer, db_session):
    record = signer.sign_request(shop.ask(["capture", "analysis", "research"]),
                                 agree={"capture": True, "analysis": True, "research": False})
    res = client.get(f"{shop.base}/consent-records/{record['id']}/receipt", headers=shop.staff.headers)
    assert res.status_code == 200 and res.mimetype == "application/pdf", res.data[:200]
    assert res.data.startswith(b"%PDF") and record["id"] in res.headers["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(res.data))
    assert len(reader.pages) >= 2  # the facts, then the full text of the template
    assert record["hash"] in (reader.metadata.subject or "")
    shown = _text(res.data)
    _hashes_shown(shown, record)
    for words in ("知情同意电子存证回执", "美学镜·西湖店", "张*丰", "不同意：去标识化后用于改进分析算法（research）",
                  "面部皮肤影像采集与分析知情同意书", "UTC", "北京时间"):
        assert words in shown, words
    assert "张三丰" not in shown and "13700137000" not in shown
    mine = client.get(f"/api/v1/me/consent-records/{record['id']}/receipt", headers=signer.headers)
    assert mine.status_code == 200 and mine.mimetype == "application/pdf"
    _hashes_shown(_text(mine.data), record)
    receipts = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "consent.receipt")).all()
    assert sorted(e.actor_role for e in receipts) == ["client", "staff"]


def test_a_withdrawal_has_a_receipt_too(client, shop, signer):
    signer.sign_request(shop.ask(["capture"]))
    withdrawn = client.post("/api/v1/me/consents/withdraw", headers=signer.headers,
                            json={"client_id": shop.client_id, "all": True, "reason": "不再需要"}).json
    res = client.get(f"/api/v1/me/consent-records/{withdrawn['id']}/receipt", headers=signer.headers)
    assert res.status_code == 200
    _hashes_shown(_text(res.data), withdrawn)


def test_nobody_else_gets_a_receipt(client, shop, signer, make_signer, consultant, store_of):
    record = signer.sign_request(shop.ask(["capture"]))
    stranger = make_signer(phone="13900139994")
    res = client.get(f"/api/v1/me/consent-records/{record['id']}/receipt", headers=stranger.headers)
    assert (res.status_code, res.json["reason"]) == (404, "consent_record_not_found")
    rival = consultant()
    rival_store = store_of(rival, "别家店")
    res = client.get(f"{shop.base}/consent-records/{record['id']}/receipt", headers=rival.headers)
    assert (res.status_code, res.json["reason"]) == (404, "store_not_found")
    path = f"/api/v1/stores/{rival_store}/clients/{shop.client_id}/consent-records/{record['id']}/receipt"
    assert client.get(path, headers=rival.headers).json["reason"] == "client_not_found"
    other_client = shop.add_client(name="孙八")
    path = f"/api/v1/stores/{shop.store_id}/clients/{other_client}/consent-records/{record['id']}/receipt"
    assert client.get(path, headers=shop.staff.headers).json["reason"] == "consent_record_not_found"


class _OfflineOss:
    """What a job passes in: only the signature is read, and nothing else is fetched."""

    def __init__(self, objects):
        self.objects, self.fetched = objects, []

    def head(self, key):
        return object() if key in self.objects else None

    def get(self, key, process=None):
        self.fetched.append(key)
        return self.objects[key]


def test_the_renderer_needs_no_flask_and_no_network(app, shop, signer, db_session):
    record = signer.sign_request(shop.ask(["capture"]))
    db_session.rollback()
    row = db_session.scalar(select(ConsentRecord).where(ConsentRecord.public_id == record["id"]))
    oss = _OfflineOss({row.signature_object_key: signature_png()})
    pdf = render_receipt(db_session, row, oss=oss, cipher=app.extensions["mirror.deps"].cipher)
    assert oss.fetched == [row.signature_object_key]
    _hashes_shown(_text(pdf), record)


def test_a_receipt_still_renders_when_the_signature_image_is_gone(app, client, shop, signer, db_session):
    record = signer.sign_request(shop.ask(["capture"]))
    key = db_session.scalar(select(ConsentRecord.signature_object_key).where(ConsentRecord.public_id == record["id"]))
    app.extensions["mirror.deps"].oss.delete_many([key])
    res = client.get(f"{shop.base}/consent-records/{record['id']}/receipt", headers=shop.staff.headers)
    assert res.status_code == 200
    text = _text(res.data)
    assert "签名图片已不在存储中" in text
    _hashes_shown(text, record)
