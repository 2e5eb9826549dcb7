"""At 10M images a page must be an index range read: check the plans MariaDB really uses.

The statements the app executes are captured and EXPLAINed with their own parameters. Each
filter must be served by its declared index (store first), with no filesort and no full scan,
and a page costs the same number of queries whatever its size (no per-row queries).
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from tests.bff.images.test_listing import _session

FILTERS = [
    ({}, "images", "ix_images_store_status_id"),
    ({"client_id": "{client}"}, "images", "ix_images_store_client_status_id"),
    ({"session_id": "{session}"}, "images", "ix_images_store_session_id"),
    ({"view": "face_front"}, "images", "ix_images_store_view_id"),
    ({"region": "face"}, "images", "ix_images_store_region_id"),
    ({"captured_from": "2026-01-01", "captured_to": "2026-12-31"}, "images", "ix_images_store_captured_id"),
    ({"tag": "痘痘"}, "image_tags", "ix_image_tags_store_tag_image"),
    ({"tag": "痘痘", "client_id": "{client}", "view": "face_front"}, "image_tags", "ix_image_tags_store_tag_image"),
    ({"client_id": "{client}", "captured_from": "2026-01-01"}, "images", "ix_images_store_client_status_id"),
]


@contextmanager
def captured(app):  # type: ignore[no-untyped-def]
    statements: list[tuple[str, object]] = []
    engine = app.extensions["mirror.db"].engine

    def keep(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def _explain(app, statement: str, parameters: object) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    raw = app.extensions["mirror.db"].engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("EXPLAIN " + statement, parameters)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        raw.close()


@pytest.mark.parametrize(("query", "table", "index"), FILTERS, ids=[",".join(q) or "none" for q, _, _ in FILTERS])
def test_every_filter_reads_its_index_in_order(app, client, shop, make_image, db_session, query, table, index):
    session_pk, session_id = _session(db_session, shop)
    for _ in range(3):
        make_image(shop.store_id, shop.client_id, tags=("痘痘",), session_pk=session_pk)
    values = {k: v.format(client=shop.client_id, session=session_id) for k, v in query.items()}
    with captured(app) as statements:
        res = client.get(f"/api/v1/stores/{shop.store_id}/images", query_string=values | {"limit": 2},
                         headers=shop.staff.headers)
    assert res.status_code == 200 and len(res.json["items"]) == 2, res.json
    page = [(s, p) for s, p in statements if "FORCE INDEX" in s]
    assert len(page) == 1, [s for s, _ in statements]
    plan = _explain(app, *page[0])
    first = plan[0]
    assert (first["table"], first["key"]) == (table, index), plan
    assert first["type"] in ("range", "ref"), plan
    assert all("filesort" not in str(row["Extra"]) and "temporary" not in str(row["Extra"]) for row in plan), plan
    assert all(row["type"] in ("eq_ref", "const") and row["key"] == "PRIMARY" for row in plan[1:]), plan
    assert "OFFSET" not in page[0][0].upper()


def test_a_page_costs_the_same_number_of_queries_whatever_its_size(app, client, shop, make_image):
    def count() -> int:
        with captured(app) as statements:
            res = client.get(f"/api/v1/stores/{shop.store_id}/images", query_string={"limit": 50},
                             headers=shop.staff.headers)
        assert res.status_code == 200
        return len(statements)

    make_image(shop.store_id, shop.client_id, tags=("a",))
    small = count()
    for n in range(12):
        make_image(shop.store_id, shop.client_id if n % 2 else shop.other_client_id, tags=("a", f"t{n}"))
    assert count() == small
