"""Exports: owner only, approval recorded, consent scopes decide, the job builds a ZIP that is
downloaded over HTTP from the OSS emulator and checked file by file."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
import zipfile
from collections import Counter
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from PIL import Image as PILImage
from pypdf import PdfReader
from rq import Queue, SimpleWorker
from sqlalchemy import func, select, update

from bff.integrations.oss import StorageUnavailable
from jobs import queues, runtime
from jobs.exports import build_export, export_failed
from models import ConsentGrant, ConsentRecord, ExportJob
from tests.bff.images.conftest import events
from tests.support.image_records import photo

REASON = "年度合规审查，经负责人批准（审批单 2026-031）"


def _create(client, shop, ids, mode="original", who=None, reason=REASON):  # type: ignore[no-untyped-def]
    body = {"image_ids": ids, "mode": mode, **({"approval_reason": reason} if reason is not None else {})}
    return client.post(f"/api/v1/stores/{shop.store_id}/exports", json=body, headers=(who or shop.owner).headers)


def _get(client, shop, export_id, who=None):  # type: ignore[no-untyped-def]
    return client.get(f"/api/v1/stores/{shop.store_id}/exports/{export_id}", headers=(who or shop.owner).headers)


def _run_exports(app) -> None:  # type: ignore[no-untyped-def]
    redis = app.extensions["mirror.deps"].redis
    assert SimpleWorker([Queue(queues.EXPORTS, connection=redis)], connection=redis).work(burst=True)


def _download(out) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    res = requests.get(out["download_url"], timeout=10)
    assert res.status_code == 200, res.text
    assert "attachment" in res.headers.get("Content-Disposition", "")
    return zipfile.ZipFile(io.BytesIO(res.content))


def _manifests(archive: zipfile.ZipFile) -> tuple[list[dict], list[dict]]:
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))
    return rows, json.loads(archive.read("manifest.json"))["images"]


def _export_count(db_session) -> int:  # type: ignore[no-untyped-def]
    db_session.rollback()
    return db_session.scalar(select(func.count()).select_from(ExportJob))


def test_an_original_export_holds_clean_originals_manifests_and_receipts(app, client, shop, make_image,
                                                                        grant_consent, db_session, sandbox_server,
                                                                        settings):
    grant_consent(shop.store_id, shop.client_id, ["capture", "research"])
    grant_consent(shop.store_id, shop.other_client_id, ["capture"])
    made = [make_image(shop.store_id, shop.client_id, view="face_front"),
            make_image(shop.store_id, shop.client_id, view="face_left", region="face", content=photo(640, 480, seed=3)),
            make_image(shop.store_id, shop.other_client_id, view="back", region="trunk")]
    res = _create(client, shop, [m.id for m in made])
    assert res.status_code == 202, res.json
    out = res.json
    assert (out["status"], out["total"], out["done"], out["progress"], out["download_url"]) == ("queued", 3, 0, 0,
                                                                                                 None)
    assert events(db_session, "image.export")[0].purpose == f"original x3: {REASON}"
    assert _get(client, shop, out["id"]).json["download_url"] is None
    _run_exports(app)
    out = _get(client, shop, out["id"]).json
    assert (out["status"], out["done"], out["skipped"], out["progress"]) == ("done", 3, 0, 100)
    assert int(dict(parse_qsl(urlsplit(out["download_url"]).query))["x-oss-expires"]) <= settings.export_link_ttl
    archive = _download(out)
    names = set(archive.namelist())
    records = list(db_session.scalars(select(ConsentRecord.public_id).join(
        ConsentGrant, ConsentGrant.granted_record_id == ConsentRecord.id).where(ConsentGrant.scope == "capture")))
    assert names == ({f"images/{m.id}.jpg" for m in made} | {"manifest.csv", "manifest.json"}
                     | {f"receipts/{r}.pdf" for r in records})
    rows, json_rows = _manifests(archive)
    assert [r["image_id"] for r in rows] == [m.id for m in made]
    for row, data, m in zip(json_rows, rows, made, strict=True):
        content = archive.read(f"images/{m.id}.jpg")
        assert hashlib.sha256(content).hexdigest() == m.sha256 == row["sha256"] == data["sha256"]
        assert content == m.clean
        assert (row["width"], row["height"]) == (m.width, m.height)
        assert {k: str(v) for k, v in row.items() if v is not None} == {k: v for k, v in data.items() if v}
    assert [r["client_id"] for r in rows] == [shop.client_id, shop.client_id, shop.other_client_id]
    assert [r["view"] for r in rows] == ["face_front", "face_left", "back"]
    text = archive.read("manifest.csv").decode("utf-8-sig") + archive.read("manifest.json").decode()
    assert "王小美" not in text and "13800138000" not in text and "138****" not in text
    for record in records:
        pdf = PdfReader(io.BytesIO(archive.read(f"receipts/{record}.pdf")))
        assert record in pdf.metadata.subject
    key = f"stores/{shop.store_id}/exports/{out['id']}.zip"
    assert requests.get(f"{sandbox_server.url}/control/oss/objects/{settings.oss_bucket}/{key}",
                        timeout=5).status_code == 200
    assert len(events(db_session, "image.export_link")) == 1
    _get(client, shop, out["id"])
    assert len(events(db_session, "image.export_link")) == 2  # every link issued is audited
    db_session.rollback()
    export_pk = db_session.scalar(select(ExportJob.id))
    assert build_export(export_pk) == "nothing"  # idempotent once done


def test_a_deidentified_export_carries_no_metadata_and_no_identifiers(app, client, shop, make_image,
                                                                      grant_consent):
    grant_consent(shop.store_id, shop.client_id, ["research"])
    grant_consent(shop.store_id, shop.other_client_id, ["capture"])
    back = {"view": "back", "region": "back"}  # no face to pixelate (tests/bff/analyses covers faces)
    made = [make_image(shop.store_id, shop.client_id, content=photo(exif=True), session_pk=None, **back),
            make_image(shop.store_id, shop.client_id, content=photo(exif=True, seed=2), **back),
            make_image(shop.store_id, shop.other_client_id, content=photo(exif=True, seed=5), **back)]
    assert PILImage.open(io.BytesIO(made[0].clean)).getexif()  # there is metadata to strip
    out = _create(client, shop, [m.id for m in made], mode="deidentified").json
    _run_exports(app)
    out = _get(client, shop, out["id"]).json
    assert (out["status"], out["done"]) == ("done", 3)
    archive = _download(out)
    assert sorted(archive.namelist()) == ["images/image-0001.jpg", "images/image-0002.jpg", "images/image-0003.jpg",
                                          "manifest.csv", "manifest.json"]
    rows, json_rows = _manifests(archive)
    for row in json_rows:
        content = archive.read(row["file"])
        assert hashlib.sha256(content).hexdigest() == row["sha256"]
        with PILImage.open(io.BytesIO(content)) as copy:
            assert not copy.getexif() and "exif" not in copy.info and "icc_profile" not in copy.info
            assert (copy.width, copy.height) == (row["width"], row["height"]) == (800, 600)
        assert b"Exif" not in content and b"PhoneCam" not in content
        assert row["captured_date"] and "captured_at" not in row
    everything = b"".join(archive.read(n) for n in archive.namelist()) + "".join(archive.namelist()).encode()
    for secret in [shop.client_id, shop.other_client_id, shop.store_id, *(m.id for m in made),
                   *(m.sha256 for m in made)]:
        assert secret.encode() not in everything
    # One pseudonym per person, consistent within the export: two images of one client, one of the other.
    assert sorted(Counter(r["subject"] for r in rows).values()) == [1, 2]


def test_only_owners_export_and_only_with_a_recorded_approval(client, shop, make_image, grant_consent, db_session):
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    image = make_image(shop.store_id, shop.client_id)
    res = _create(client, shop, [image.id], who=shop.staff)
    assert (res.status_code, res.json["reason"]) == (403, "owner_required")
    for reason in (None, "", "x"):  # the schema requires it: 422 naming the field
        res = _create(client, shop, [image.id], reason=reason)
        assert (res.status_code, res.json["reason"]) == (422, "validation_error"), reason
        assert list(res.json["errors"]) == ["approval_reason"]
    for reason in ("  ", " \t\n "):  # long enough, but blank
        res = _create(client, shop, [image.id], reason=reason)
        assert (res.status_code, res.json["reason"]) == (403, "export_approval_required"), reason
    assert _export_count(db_session) == 0
    export_id = _create(client, shop, [image.id]).json["id"]
    res = _get(client, shop, export_id, who=shop.staff)
    assert (res.status_code, res.json["reason"]) == (403, "owner_required")
    res = _create(client, shop, [image.id] * 2 + [f"x{n}" for n in range(199)])
    assert res.status_code == 422  # more than 200


def test_images_the_consent_does_not_cover_are_refused_and_listed(client, shop, make_image, grant_consent,
                                                                  db_session):
    none = make_image(shop.store_id, shop.client_id)
    research = make_image(shop.store_id, shop.other_client_id)
    grant_consent(shop.store_id, shop.other_client_id, ["research", "showcase"])
    res = _create(client, shop, [none.id, research.id])
    assert (res.status_code, res.json["reason"]) == (422, "export_not_allowed")
    assert res.json["errors"]["image_ids"] == [none.id, research.id]
    res = _create(client, shop, [none.id, research.id], mode="deidentified")
    assert res.json["errors"]["image_ids"] == [none.id]
    assert _export_count(db_session) == 0
    assert _create(client, shop, [research.id], mode="deidentified").status_code == 202


def test_another_stores_images_are_refused_without_telling_them_apart(client, shop, make_image, grant_consent,
                                                                     consultant, store_of, new_client):
    other = consultant()
    other_store = store_of(other)
    other_client = new_client(other, other_store)
    grant_consent(other_store, other_client, ["capture"])
    theirs = make_image(other_store, other_client)
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    mine = make_image(shop.store_id, shop.client_id)
    res = _create(client, shop, [mine.id, theirs.id, "no-such-image"])
    assert (res.status_code, res.json["reason"]) == (422, "export_images_not_found")
    assert res.json["errors"]["image_ids"] == [theirs.id, "no-such-image"]
    export_id = _create(client, shop, [mine.id]).json["id"]
    res = client.get(f"/api/v1/stores/{other_store}/exports/{export_id}", headers=other.headers)
    assert (res.status_code, res.json["reason"]) == (404, "export_not_found")


def test_a_withdrawal_before_the_job_runs_skips_those_images(app, client, shop, make_image, grant_consent,
                                                             withdraw_consent):
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    grant_consent(shop.store_id, shop.other_client_id, ["capture"])
    kept = make_image(shop.store_id, shop.client_id)
    dropped = make_image(shop.store_id, shop.other_client_id)
    export_id = _create(client, shop, [kept.id, dropped.id]).json["id"]
    withdraw_consent(shop.store_id, shop.other_client_id, ["capture"])
    _run_exports(app)
    out = _get(client, shop, export_id).json
    assert (out["status"], out["total"], out["done"], out["skipped"], out["progress"]) == ("done", 2, 1, 1, 100)
    archive = _download(out)
    assert [n for n in archive.namelist() if n.startswith("images/")] == [f"images/{kept.id}.jpg"]
    assert len([n for n in archive.namelist() if n.startswith("receipts/")]) == 1


def test_progress_is_visible_while_the_job_runs(app, client, shop, make_image, grant_consent, db_session,
                                                monkeypatch):
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    made = [make_image(shop.store_id, shop.client_id) for _ in range(3)]
    export_id = _create(client, shop, [m.id for m in made]).json["id"]
    oss = runtime.current().oss
    real_get, second_read, carry_on = oss.get, threading.Event(), threading.Event()

    def get(key, **kwargs):  # type: ignore[no-untyped-def]
        if key == made[1].clean_key:  # the first image is written; hold the job here
            second_read.set()
            assert carry_on.wait(10)
        return real_get(key, **kwargs)

    monkeypatch.setattr(oss, "get", get)
    worker = threading.Thread(target=build_export, args=(db_session.scalar(select(ExportJob.id)),))
    worker.start()
    try:
        assert second_read.wait(10)
        out = _get(client, shop, export_id).json
        assert (out["status"], out["done"], out["progress"], out["download_url"]) == ("running", 1, 33, None)
    finally:
        carry_on.set()
        worker.join(10)
    assert _get(client, shop, export_id).json["status"] == "done"


def test_an_export_that_keeps_failing_ends_failed(client, shop, make_image, grant_consent, db_session,
                                                   sandbox_server):
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    export_id = _create(client, shop, [make_image(shop.store_id, shop.client_id).id]).json["id"]
    pk = db_session.scalar(select(ExportJob.id))
    requests.post(f"{sandbox_server.url}/control/oss/faults", json={"mode": "internal_error", "op": "GetObject"},
                  timeout=5).raise_for_status()
    with pytest.raises(StorageUnavailable):
        build_export(pk)
    export_failed(SimpleNamespace(args=[pk], retries_left=2), None, StorageUnavailable, None, None)
    assert _get(client, shop, export_id).json["status"] == "running"  # RQ will try again
    export_failed(SimpleNamespace(args=[pk], retries_left=0), None, StorageUnavailable, None, None)
    out = _get(client, shop, export_id).json
    assert (out["status"], out["download_url"]) == ("failed", None)


def test_exports_are_rate_limited_per_user(make_app, shop, make_image, grant_consent, db_session):
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    image = make_image(shop.store_id, shop.client_id)
    limited = make_app(export_rate_limit="2/minute").test_client()
    assert [_create(limited, shop, [image.id]).status_code for _ in range(2)] == [202, 202]
    res = _create(limited, shop, [image.id])
    assert (res.status_code, res.json["reason"]) == (429, "rate_limited") and res.headers["Retry-After"]
    assert _export_count(db_session) == 2


def test_the_monthly_export_limit_answers_429_quota_exceeded(client, shop, make_image, grant_consent, db_session):
    from models import Plan

    plan = db_session.scalar(select(Plan).where(Plan.code == "free"))
    db_session.execute(update(Plan).where(Plan.code == "free").values(limits={**plan.limits, "exports_per_month": 1}))
    db_session.commit()
    grant_consent(shop.store_id, shop.client_id, ["capture"])
    image = make_image(shop.store_id, shop.client_id)
    assert _create(client, shop, [image.id]).status_code == 202
    refused = _create(client, shop, [image.id])
    assert (refused.status_code, refused.json["reason"]) == (429, "quota_exceeded")
    assert int(refused.headers["Retry-After"]) > 0 and refused.json["errors"]["resource"] == "exports"
    assert _export_count(db_session) == 1


def test_owners_of_two_stores_behind_one_address_do_not_share_the_limit(make_app, shop, consultant, store_of,
                                                                        new_client, make_image, grant_consent):
    from types import SimpleNamespace

    other_owner = consultant()
    other = SimpleNamespace(owner=other_owner, store_id=store_of(other_owner))
    other.client_id = new_client(other_owner, other.store_id)
    images = {}
    for s in (shop, other):
        grant_consent(s.store_id, s.client_id, ["capture"])
        images[s.store_id] = make_image(s.store_id, s.client_id).id
    limited = make_app(export_rate_limit="2/minute", export_ip_rate_limit="3/minute").test_client()
    assert [_create(limited, shop, [images[shop.store_id]]).status_code for _ in range(2)] == [202, 202]
    # The same address (every test request comes from 127.0.0.1), another user: the first owner's
    # used-up allowance is not theirs.
    assert _create(limited, other, [images[other.store_id]]).status_code == 202
    assert _create(limited, shop, [images[shop.store_id]]).status_code == 429  # per user
    # The coarse per-address bound (3) holds across users: the other owner has used 1 of 2.
    res = _create(limited, other, [images[other.store_id]])
    assert (res.status_code, res.json["reason"]) == (429, "rate_limited")
