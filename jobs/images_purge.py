"""Remove objects nothing refers to any more: a soft-deleted image's (the upload, clean
original, thumbnail), and an upload form replayed after processing removed the original.

Emitted to the outbox with the change that orphans them. Idempotent: an image already purged, or no longer
deleted, is left alone; a batch delete of keys that are already gone succeeds, so a retry
after a failure half-way is harmless. OSS errors raise, and RQ retries.
"""

from __future__ import annotations

import logging

from jobs import runtime
from models import Image, UploadTicket
from models.base import utcnow
from models.images import ImageStatus
from models.transient import retry_once

log = logging.getLogger(__name__)

# Processing has consumed (or purge removed) the upload as received: its key is free again.
ORIGINAL_GONE = (ImageStatus.ready, ImageStatus.rejected, ImageStatus.deleted)


@retry_once
def purge_image(image_id: int) -> str:
    rt = runtime.current()
    with rt.transaction() as session:
        image = session.get(Image, image_id, with_for_update=True)
        if image is None or image.status != ImageStatus.deleted or image.purged_at is not None:
            return "nothing"
        keys = [k for k in (image.object_key, image.clean_key, image.thumb_key) if k]
        # Inside the transaction: if storage fails, purged_at stays empty and the retry redoes it.
        rt.oss.delete_many(keys)
        image.purged_at = utcnow()
    log.info("image purged", extra={"image_id": image_id, "objects": len(keys)})
    return f"purged={len(keys)}"


@retry_once
def remove_replayed_upload(ticket_id: int) -> str:
    """An object at a ticket's key after processing removed the original is the same form posted
    again (OSS forbids overwriting only while the object exists): nothing refers to it."""
    rt = runtime.current()
    with rt.transaction() as session:
        ticket = session.get(UploadTicket, ticket_id)
        if ticket is None or ticket.image_id is None:
            return "nothing"
        image = session.get(Image, ticket.image_id, with_for_update=True)  # waits for a processing step
        if image is None or (image.purged_at is None and image.status not in ORIGINAL_GONE):
            return "nothing"  # the upload as received is still the image's: never remove it
        rt.oss.delete_many([ticket.object_key])
    return "removed"
