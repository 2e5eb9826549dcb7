"""After an upload lands: check it, make the clean original and thumbnail, or refuse it.

``process_upload(image_id)`` moves an image out of ``processing`` exactly once:
- ``ready``: clean original (re-encoded JPEG, no metadata) and thumbnail stored; width, height,
  size and SHA-256 are of the clean original. The upload as received (with its EXIF/GPS) is
  then deleted: only ``clean_key`` and ``thumb_key`` remain in storage.
- ``rejected`` (+ ``reject_reason``): the upload is deleted, nothing derived.
- ``blocked``: capture consent is no longer active; the upload is deleted, nothing derived.
Deleted objects are recorded by ``purged_at``. A second run finds nothing to do. Storage
errors raise so RQ retries; a bad file never raises (retrying cannot fix it).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bff.capture.gate import capture_allowed
from jobs import imagecheck, runtime
from models import Client, Image
from models.base import utcnow
from models.images import ImageStatus
from models.transient import retry_once

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Upload:
    key: str
    content_type: str
    clean_key: str
    thumb_key: str


def derived_keys(object_key: str) -> tuple[str, str]:
    """Next to the upload: ``.../<ticket>/original.clean.jpg`` and ``.../<ticket>/thumb.jpg``."""
    folder = object_key.rsplit("/", 1)[0]
    return f"{folder}/original.clean.jpg", f"{folder}/thumb.jpg"


def _allowed(session: Session, image: Image) -> bool:
    rt = runtime.current()
    client = session.get_one(Client, image.client_id)
    return capture_allowed(session, rt.cipher, client, minor_age=rt.settings.minor_age)


def _block(image_id: int, keys: list[str]) -> str:
    """Consent is gone: remove what exists and record that nothing may be derived."""
    rt = runtime.current()
    with rt.transaction() as session:
        image = session.get(Image, image_id, with_for_update=True)
        if image is None or image.purged_at is not None or image.status not in (
                ImageStatus.processing, ImageStatus.blocked):
            return "nothing"
        rt.oss.delete_many(keys)  # inside the transaction: if storage fails, the retry redoes it
        image.status, image.purged_at = ImageStatus.blocked, utcnow()
    return "blocked"


def _reject(image_id: int, key: str, reason: str) -> str:
    rt = runtime.current()
    with rt.transaction() as session:
        image = session.get(Image, image_id, with_for_update=True)
        if image is None or image.status != ImageStatus.processing:
            return "nothing"
        rt.oss.delete_many([key])
        now = utcnow()
        image.status, image.reject_reason, image.processed_at, image.purged_at = (
            ImageStatus.rejected, reason, now, now)
    log.info("upload rejected", extra={"image_id": image_id, "reason": reason})
    return f"rejected:{reason}"


@retry_once
def process_upload(image_id: int) -> str:
    rt = runtime.current()
    with rt.transaction() as session:
        image = session.get(Image, image_id)
        if image is None or image.purged_at is not None or image.status not in (
                ImageStatus.processing, ImageStatus.blocked):
            return "nothing"
        upload = _Upload(image.object_key, image.content_type, *derived_keys(image.object_key))
        # Born blocked (consent withdrawn before the upload landed), or withdrawn since.
        allowed = image.status == ImageStatus.processing and _allowed(session, image)
    if not allowed:
        return _block(image_id, [upload.key])
    started = time.monotonic()
    if rt.oss.head(upload.key) is None:
        return _reject(image_id, upload.key, "decode_failed")  # gone before we could look at it
    data = rt.oss.get(upload.key)
    fetched = time.monotonic()
    try:
        cleaned = imagecheck.clean(data, upload.content_type, max_pixels=rt.settings.image_max_pixels)
    except imagecheck.Rejected as exc:
        return _reject(image_id, upload.key, exc.reason)
    checked = time.monotonic()
    rt.oss.put(upload.clean_key, cleaned.jpeg, content_type="image/jpeg")
    rt.oss.put(upload.thumb_key, cleaned.thumb, content_type="image/jpeg")
    outcome = _finish(image_id, upload, cleaned)
    log.info("upload processed", extra={"image_id": image_id, "outcome": outcome,
                                        "fetch_s": round(fetched - started, 3), "check_s": round(checked - fetched, 3),
                                        "store_s": round(time.monotonic() - checked, 3)})
    return outcome


def _finish(image_id: int, upload: _Upload, cleaned: imagecheck.Cleaned) -> str:
    rt = runtime.current()
    with rt.transaction() as session:
        image = session.get(Image, image_id, with_for_update=True)
        if image is None or image.status != ImageStatus.processing:
            # Finished by a concurrent run (same keys: keep them) or deleted meanwhile (drop ours).
            if image is None or image.clean_key != upload.clean_key:
                rt.oss.delete_many([upload.clean_key, upload.thumb_key])
            return "nothing"
        if not _allowed(session, image):  # withdrawn while we were working
            rt.oss.delete_many([upload.key, upload.clean_key, upload.thumb_key])
            image.status, image.purged_at = ImageStatus.blocked, utcnow()
            return "blocked"
        image.status, image.processed_at = ImageStatus.ready, utcnow()
        image.clean_key, image.thumb_key = upload.clean_key, upload.thumb_key
        image.width, image.height, image.size, image.sha256 = (
            cleaned.width, cleaned.height, len(cleaned.jpeg), cleaned.sha256)
        # The upload as received still carries its metadata (GPS...); the clean original replaces
        # it. Deleted before the commit so a storage error retries the whole step.
        rt.oss.delete_many([upload.key])
    return "ready"
