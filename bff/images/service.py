"""Image records of a store: list, read, edit tags and view, pair before/after, soft delete.

Every lookup is scoped to the caller's store: an image of another store is "not found".
Deleting is allowed to the store's owner and to whoever uploaded the image (the consultant
who took it can take back a mistake); other staff get 403 owner_required. The objects are
removed by ``jobs.images_purge.purge_image`` once the deletion is committed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from bff.audit import service as audit
from bff.db import session as db
from bff.errors import DomainError
from bff.images import listing
from bff.stores.access import Membership, OwnerRequired
from jobs import enqueue, outbox
from models import CaptureSession, Client, Image, ImageTag
from models.base import utcnow
from models.images import ImageStatus
from models.locking import for_update


class ImageNotFound(DomainError):
    status, reason, message = 404, "image_not_found", "影像不存在"


class PairMismatch(DomainError):
    status, reason, message = 422, "pair_mismatch", "只能配对同一客户、同一拍摄角度的两张影像"


def get_image(m: Membership, public_id: str, *, lock: bool = False) -> Image:
    """A live (not deleted) image of the store. :raise ImageNotFound:"""
    stmt = select(Image).where(Image.public_id == public_id, Image.store_id == m.store.id,
                               Image.status != ImageStatus.deleted)
    image = db().scalar(for_update(stmt) if lock else stmt)
    if image is None:
        raise ImageNotFound()
    return image


def _internal_id(model: type[Client] | type[CaptureSession], m: Membership, public_id: str | None) -> int | None:
    if public_id is None:
        return None
    found = db().scalar(select(model.id).where(model.public_id == public_id, model.store_id == m.store.id))
    return found if found is not None else -1  # unknown or another store's: an empty page, no probing


def list_images(m: Membership, query: dict[str, Any]) -> tuple[list[Any], str | None]:
    filters = listing.Filters(
        store_id=m.store.id, status=query["status"],
        client_id=_internal_id(Client, m, query.get("client_id")),
        session_id=_internal_id(CaptureSession, m, query.get("session_id")),
        **{k: query.get(k) for k in ("view", "region", "tag", "captured_from", "captured_to")})
    page, next_cursor = listing.list_page(db(), filters, cursor=query.get("cursor"), limit=query["limit"])
    given = sorted(k for k in query if k not in ("limit", "cursor") and query[k] is not None)
    audit.record("image.list", subject_type="store", subject_id=m.store.public_id, store=m.store,
                 actor_role=m.role.value, purpose="filters: " + ",".join(given))
    return page, next_cursor


def read_image(m: Membership, public_id: str) -> Image:
    image = get_image(m, public_id)
    audit.record("image.read", subject_type="image", subject_id=image.public_id, store=m.store,
                 actor_role=m.role.value)
    return image


def update_image(m: Membership, public_id: str, data: dict[str, Any]) -> Image:
    """Replace tags and/or change the view. A new view ends the image's pairing (a pair is
    two images of one view)."""
    image = get_image(m, public_id, lock=True)
    if "tags" in data:
        db().execute(delete(ImageTag).where(ImageTag.image_id == image.id))
        db().add_all(ImageTag(image_id=image.id, store_id=m.store.id, tag=t) for t in sorted(set(data["tags"])))
    if "view" in data and data["view"] != image.view:
        image.view = data["view"]
        _unpair(image)
    db().flush()
    audit.record("image.update", subject_type="image", subject_id=image.public_id, store=m.store,
                 actor_role=m.role.value, purpose="fields: " + ",".join(sorted(data)))
    return image


def pair_images(m: Membership, public_id: str, other_public_id: str) -> Image:
    """Pair two images as before/after; either one's earlier partner is released.

    :raise ImageNotFound: either image is not a live image of the store.
    :raise PairMismatch: the same image, different clients, different (or no) views, or not ready.
    """
    image, other = _lock_two(m, public_id, other_public_id)
    if (image.id == other.id or image.client_id != other.client_id or image.view is None
            or image.view != other.view or {image.status, other.status} != {ImageStatus.ready}):
        raise PairMismatch()
    if image.paired_with_id != other.id:
        _unpair(image)
        _unpair(other)
        image.paired_with_id, other.paired_with_id = other.id, image.id
        db().flush()
        audit.record("image.pair", subject_type="image", subject_id=image.public_id, store=m.store,
                     actor_role=m.role.value, purpose=f"with {other.public_id}")
    return image


def _lock_two(m: Membership, first: str, second: str) -> tuple[Image, Image]:
    """Both images, row-locked in id order so two opposite pairings cannot deadlock."""
    rows = {i.public_id: i for i in db().scalars(for_update(
        select(Image).where(Image.public_id.in_({first, second}), Image.store_id == m.store.id,
                            Image.status != ImageStatus.deleted).order_by(Image.id)))}
    if first not in rows or second not in rows:
        raise ImageNotFound()
    return rows[first], rows[second]


def unpair_image(m: Membership, public_id: str) -> None:
    """Release the image and its partner; nothing to do if it is not paired."""
    image = get_image(m, public_id, lock=True)
    if image.paired_with_id is not None:
        _unpair(image)
        audit.record("image.unpair", subject_type="image", subject_id=image.public_id, store=m.store,
                     actor_role=m.role.value)


def _unpair(image: Image) -> None:
    if image.paired_with_id is None:
        return
    db().execute(update(Image).where(Image.id == image.paired_with_id, Image.paired_with_id == image.id)
                 .values(paired_with_id=None).execution_options(synchronize_session="fetch"))
    image.paired_with_id = None
    db().flush()


def delete_image(m: Membership, public_id: str) -> None:
    """Soft delete, then purge the objects after commit.

    :raise ImageNotFound: :raise OwnerRequired: staff deleting an image someone else uploaded.
    """
    image = get_image(m, public_id, lock=True)
    if not m.is_owner and image.uploaded_by != m.member.user_id:
        raise OwnerRequired()
    _unpair(image)
    image.status, image.deleted_at = ImageStatus.deleted, utcnow()
    db().flush()
    audit.record("image.delete", subject_type="image", subject_id=image.public_id, store=m.store,
                 actor_role=m.role.value)
    outbox.emit(db(), enqueue.purge_image, image.id)
