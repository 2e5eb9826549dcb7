"""Tags the database collation (utf8mb4_unicode_ci) takes for one are stored once, never a 500.

The unique keys on (client, tag) and (image, tag) compare case-, accent-, width- and
kana-insensitively; a list naming one tag twice under that rule used to fail the insert with a
500 whose logged exception carried the tag text (possibly health data, e.g. 孕期).
"""

from __future__ import annotations

import io
import json
import logging

import pytest
from sqlalchemy import text

from bff import logs
from bff.tags import collation_key, unique_tags

TWINS = [
    (["VIP", "vip"], ["VIP"]),
    (["Before", "before"], ["Before"]),
    (["vip", "ＶＩＰ", "Vîp", "VIP "], ["vip"]),
    (["孕期", "孕期", "术后"], ["孕期", "术后"]),
    (["か", "カ", "ｶ"], ["か"]),
    (["①", "1"], ["1"]),
]


def _client_tags(client, shop, body):  # type: ignore[no-untyped-def]
    return client.patch(f"/api/v1/stores/{shop.store_id}/clients/{shop.client_id}", json=body,
                        headers=shop.owner.headers)


@pytest.mark.parametrize(("given", "stored"), TWINS)
def test_client_and_image_tags_equal_under_the_collation_are_stored_once(client, shop, make_image, given, stored):
    res = _client_tags(client, shop, {"tags": given})
    assert res.status_code == 200, res.json
    assert sorted(res.json["tags"]) == sorted(stored)
    image = make_image(shop.store_id, shop.client_id)
    res = client.patch(f"/api/v1/stores/{shop.store_id}/images/{image.id}", json={"tags": given},
                       headers=shop.staff.headers)
    assert res.status_code == 200, res.json
    assert sorted(res.json["tags"]) == sorted(stored)
    made = client.post(f"/api/v1/stores/{shop.store_id}/clients", headers=shop.owner.headers,
                       json={"name": "赵小姐", "tags": given})
    assert made.status_code == 201 and sorted(made.json["tags"]) == sorted(stored)


def test_tags_the_collation_cannot_tell_apart_or_ignores_are_refused_with_a_field_error(client, shop):
    for bad in (["😀"], ["VIP", "V\u00adIP"], ["\u202eabc"], ["a\x00b"], ["  "]):
        res = _client_tags(client, shop, {"tags": bad})
        assert res.status_code == 422 and res.json["reason"] == "validation_error", bad
        assert "tags" in res.json["errors"], res.json


def test_the_python_key_agrees_with_the_database_collation(db_session):
    """``collation_key`` equal exactly when MariaDB's utf8mb4_unicode_ci says equal."""
    words = ["VIP", "vip", "ＶＩＰ", "Vîp", "Before", "before", "befóre", "孕期", "孕朞", "か", "カ", "ｶ", "ァ", "ア",
             "ss", "ß", "Æ", "ae", "ø", "o", "ı", "i", "①", "1", "ﬁ", "fi", "a-b", "ab", "Ａ Ｂ", "a b", "x ", "x",
             "é", "e\u0301", "Ǆ", "DŽ", "ǆ", "ö", "oe", "ŉ", "'n"]
    words = [w for w in words if not any(ord(c) > 0xFFFF for c in w)]
    for a in words:
        for b in words:
            same = db_session.execute(text("SELECT :a = :b COLLATE utf8mb4_unicode_ci"), {"a": a, "b": b}).scalar()
            assert bool(same) == (collation_key(a) == collation_key(b)), (a, b)
    assert unique_tags(["VIP", " vip", "ＶＩＰ"]) == ["VIP"]


def test_a_database_error_never_logs_bound_parameters_or_the_values_in_its_message(app, caplog):
    """Whatever still reaches the unique key (here, a direct duplicate insert) logs no tag text."""
    stream = io.StringIO()
    logs.configure_logging("INFO")
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "mirror-json"]
    handler.setStream(stream)
    engine = app.extensions["mirror.db"].engine
    tag = "".join(["孕", "期"])  # not spelled out on the lines a traceback quotes
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TEMPORARY TABLE t_tags (tag VARCHAR(20) UNIQUE)"))
            conn.execute(text("INSERT INTO t_tags VALUES (:t)"), {"t": tag})
            try:
                conn.execute(text("INSERT INTO t_tags VALUES (:t)"), {"t": tag})
            except Exception:
                logging.getLogger("bff.api").exception("unhandled error")
    finally:
        logs.configure_logging("WARNING")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert any("IntegrityError" in line.get("exc_info", "") for line in lines)
    assert any("Duplicate entry [redacted] for key 'tag'" in line.get("exc_info", "") for line in lines)
    assert "孕期" not in stream.getvalue()
    leaked = [(r.name, r.getMessage(), r.exc_text) for r in caplog.records
              if "孕期" in (r.exc_text or "") + r.getMessage()]
    assert not leaked
