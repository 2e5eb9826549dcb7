"""Image pages: one index drives each query, keyset pagination, no OFFSET, no per-row queries.

At 10M images a page must cost an index range read of about ``limit`` entries. So the most
selective filter picks its index (declared on ``models/images.py``, store first) and the
plan is pinned with an index hint; the other filters are checked on the rows that index
yields. Pages are newest first by id; when a capture-date range is the only narrowing
filter, the capture-time index drives and pages are newest first by (captured_at, id).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, bindparam, or_, select
from sqlalchemy.orm import Session, aliased

from bff.cursors import InvalidCursor  # one invalid_cursor for every list
from models import CaptureSession, Client, Image, ImageTag, User
from models.images import ImageStatus

MAX_PAGE = 50
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Filters:
    store_id: int
    status: ImageStatus = ImageStatus.ready
    client_id: int | None = None
    session_id: int | None = None
    view: str | None = None
    region: str | None = None
    tag: str | None = None
    captured_from: date | None = None
    captured_to: date | None = None

    @property
    def by_capture_time(self) -> bool:
        dated = self.captured_from is not None or self.captured_to is not None
        return dated and self.session_id is None and self.client_id is None and self.tag is None


# --- cursor: "i.<id>" or "c.<captured_at µs>.<id>", base64url so clients treat it as opaque

def encode_cursor(image: Any, by_time: bool) -> str:
    raw = f"c.{_micros(image.captured_at)}.{image.id}" if by_time else f"i.{image.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, by_time: bool) -> tuple[datetime | None, int] | None:
    """:raise InvalidCursor: malformed, or made for the other ordering."""
    if not cursor:
        return None
    try:
        kind, *parts = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii").split(".")
        numbers = [int(p) for p in parts]
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor() from exc
    if by_time and kind == "c" and len(numbers) == 2 and min(numbers) >= 0:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=numbers[0]), numbers[1]
    if not by_time and kind == "i" and len(numbers) == 1 and numbers[0] >= 0:
        return None, numbers[0]
    raise InvalidCursor()


def _micros(moment: datetime) -> int:
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def day_bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """Shanghai calendar days → [start, end) in UTC."""
    start = datetime.combine(first, time(), SHANGHAI).astimezone(UTC) if first else None
    end = datetime.combine(last + timedelta(days=1), time(), SHANGHAI).astimezone(UTC) if last else None
    return start, end


# --- the query -----------------------------------------------------------------------------

# What a list row shows: read as plain rows (a page is read-only; no ORM entities to build).
PAGE_COLUMNS = (Image.id, Image.public_id, Image.view, Image.region, Image.status, Image.content_type, Image.width,
                Image.height, Image.sha256, Image.captured_at, Image.deleted_at)


def _hint(stmt: Select, entity: Any, index: str) -> Select:  # bare: any row shape
    return stmt.with_hint(entity, f"FORCE INDEX ({index})", "mysql")


def _driven(f: Filters) -> tuple[Select[Any], Any]:
    """The statement read through the best index for ``f``, and the id column it is ordered by."""
    if f.tag is not None:
        stmt = (select(*PAGE_COLUMNS).select_from(ImageTag).join(Image, Image.id == ImageTag.image_id)
                .where(ImageTag.store_id == f.store_id, ImageTag.tag == f.tag)
                .prefix_with("STRAIGHT_JOIN", dialect="mysql"))  # read the tag index first, in its order
        # Each tag entry then reads its image by primary key (small tables would tempt a scan).
        stmt = _hint(stmt, Image, "PRIMARY")
        return _hint(stmt, ImageTag, "ix_image_tags_store_tag_image"), ImageTag.image_id
    stmt = select(*PAGE_COLUMNS).where(Image.store_id == f.store_id)
    if f.session_id is not None:
        return _hint(stmt, Image, "ix_images_store_session_id"), Image.id
    if f.client_id is not None:
        return _hint(stmt, Image, "ix_images_store_client_status_id"), Image.id
    if f.by_capture_time:
        return _hint(stmt, Image, "ix_images_store_captured_id"), Image.id
    if f.view is not None:
        return _hint(stmt, Image, "ix_images_store_view_id"), Image.id
    if f.region is not None:
        return _hint(stmt, Image, "ix_images_store_region_id"), Image.id
    return _hint(stmt, Image, "ix_images_store_status_id"), Image.id


def page_query(f: Filters, *, cursor: str | None, limit: int) -> Select[Any]:
    stmt, id_column = _driven(f)
    stmt = stmt.where(Image.store_id == f.store_id, Image.status == f.status)
    for column, value in ((Image.session_id, f.session_id), (Image.client_id, f.client_id),
                          (Image.view, f.view), (Image.region, f.region)):
        if value is not None:
            stmt = stmt.where(column == value)
    start, end = day_bounds(f.captured_from, f.captured_to)
    if start is not None:
        stmt = stmt.where(Image.captured_at >= start)
    if end is not None:
        stmt = stmt.where(Image.captured_at < end)
    after = decode_cursor(cursor, f.by_capture_time)
    if f.by_capture_time:
        if after is not None:
            at, last_id = after
            # The <= bound keeps this a range on the index; the OR only settles ties.
            stmt = stmt.where(Image.captured_at <= at, or_(Image.captured_at < at,
                                                           and_(Image.captured_at == at, Image.id < last_id)))
        return stmt.order_by(Image.captured_at.desc(), Image.id.desc()).limit(limit + 1)
    if after is not None:
        stmt = stmt.where(id_column < after[1])
    return stmt.order_by(id_column.desc()).limit(limit + 1)


def list_page(s: Session, f: Filters, *, cursor: str | None, limit: int) -> tuple[list[Any], str | None]:
    """A page of rows with the attributes of ``PAGE_COLUMNS``, and the next cursor."""
    limit = max(1, min(limit, MAX_PAGE))
    rows = list(s.execute(page_query(f, cursor=cursor, limit=limit)))
    page = rows[:limit]
    return page, encode_cursor(page[-1], f.by_capture_time) if len(rows) > limit else None


# --- what a page shows besides its rows: two queries, whatever the page size ----------------

@dataclass(frozen=True)
class Refs:
    client: str
    session: str | None
    paired_with: str | None
    uploaded_by: str
    tags: list[str]


# Built once (an alias builds a proxy of every column; statements cost CPU to construct).
_PAIRED = aliased(Image)
_TAGS = (select(ImageTag.image_id, ImageTag.tag).where(ImageTag.image_id.in_(bindparam("ids", expanding=True)))
         .order_by(ImageTag.image_id, ImageTag.tag))
_REFS = (select(Image.id, Client.public_id, CaptureSession.public_id, _PAIRED.public_id, User.public_id)
         .join(Client, Client.id == Image.client_id)
         .join(User, User.id == Image.uploaded_by)
         .outerjoin(CaptureSession, CaptureSession.id == Image.session_id)
         .outerjoin(_PAIRED, _PAIRED.id == Image.paired_with_id)
         .where(Image.id.in_(bindparam("ids", expanding=True))))


def refs_of(s: Session, images: list[Any]) -> dict[int, Refs]:
    """Public ids of the rows an image points to, and its tags, for a whole page at once."""
    ids = [i.id for i in images]
    if not ids:
        return {}
    tags: dict[int, list[str]] = {i: [] for i in ids}
    for image_id, tag in s.execute(_TAGS, {"ids": ids}):
        tags[image_id].append(tag)
    rows = s.execute(_REFS, {"ids": ids})
    return {row[0]: Refs(row[1], row[2], row[3], row[4], tags[row[0]]) for row in rows}
