"""Remove a soft-deleted image's objects from storage (the upload, clean original, thumbnail).

Enqueued after the deletion commits. Idempotent: an image already purged, or no longer
deleted, is left alone; a batch delete of keys that are already gone succeeds, so a retry
after a failure half-way is harmless. OSS errors raise, and RQ retries.
"""

from __future__ import annotations

import logging

from jobs import runtime
from models import Image
from models.base import utcnow
from models.images import ImageStatus
from models.transient import retry_once

log = logging.getLogger(__name__)


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
