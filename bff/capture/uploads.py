"""Photo uploads: a policy per photo under consent, and the one idempotent way an upload
becomes an Image (from the OSS callback or the uploader's confirm).

An Image is created once per ticket: the ticket row is locked first (callback and confirm may
race) and ``images.object_key`` is unique. Consent is checked again when the upload lands: if
capture was withdrawn meanwhile the image is born ``blocked`` and the job only deletes the object.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bff import uploads
from bff.audit import service as audit
from bff.billing import quotas
from bff.capture import gate
from bff.capture.service import CaptureSessionEnded, CaptureSessionNotFound, get_session, require_capture_consent
from bff.clients import service as clients
from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError, StorageDown
from bff.integrations.oss import PostForm, StorageUnavailable
from bff.stores.access import Membership
from jobs import enqueue, outbox
from jobs.images_purge import ORIGINAL_GONE
from models import Client, Image, Store, UploadTicket
from models.base import new_public_id, utcnow
from models.images import ImageStatus, UploadPurpose

log = logging.getLogger(__name__)

# A confirm may come a while after the policy expired (a slow network, the app in background),
# but not indefinitely: a ticket id found later must not still be able to create an image.
CONFIRM_GRACE = timedelta(hours=1)


class ViewNotInProtocol(DomainError):
    status, reason, message = 422, "view_not_in_protocol", "该角度不属于本次拍摄的协议"


class UploadNotFound(DomainError):
    status, reason, message = 404, "upload_not_found", "上传凭证不存在"


class UploadMissing(DomainError):
    status, reason, message = 409, "upload_missing", "未找到已上传的文件，请重新上传"


class UploadTooLarge(DomainError):
    status, reason, message = 422, "upload_too_large", "上传的文件超过大小限制"


class UploadTypeMismatch(DomainError):
    status, reason, message = 422, "upload_type_mismatch", "上传的文件类型与申请时不一致"


class UploadExpired(DomainError):
    status, reason, message = 410, "upload_expired", "上传凭证已过期，请重新上传"




def issue_policy(m: Membership, *, client_id: str, session_id: str, view: str,
                 content_type: str) -> tuple[UploadTicket, PostForm]:
    """A PostObject form for one photo of ``view`` in a running session.

    :raise ClientNotFound, ConsentRequired, GuardianConsentRequired, CaptureSessionNotFound,
        CaptureSessionEnded, ViewNotInProtocol, VipRequired, PlanLimitReached:
    """
    client = clients.get_client(m, client_id)
    require_capture_consent(client)
    session = get_session(m, session_id)
    if session.client_id != client.id:
        raise CaptureSessionNotFound()
    if session.ended_at is not None:
        raise CaptureSessionEnded()
    spec = next((v for v in session.views if v["view"] == view), None)
    if spec is None:
        raise ViewNotInProtocol(errors={"view": sorted(v["view"] for v in session.views)})
    quotas.enforce_store(db(), m.store, "images")  # the plan's image limit (402 / 403)
    settings = deps().settings
    try:
        ticket, form = uploads.issue(
            db(), deps().oss, public_base_url=settings.public_base_url, store=m.store, client=client,
            purpose=UploadPurpose.photo, content_type=content_type, max_bytes=settings.upload_max_bytes,
            issued_to=m.member.user_id, capture_session_id=session.id, view=spec["view"], region=spec["region"])
    except StorageUnavailable as exc:
        raise StorageDown() from exc
    audit.record("upload.policy", subject_type="upload_ticket", subject_id=ticket.public_id, store=m.store,
                 actor_role=m.role.value, purpose=f"view: {spec['view']}")
    return ticket, form


def result(ticket: UploadTicket, image: Image | None) -> dict[str, str | None]:
    if image is None:
        return {"ticket_id": ticket.public_id, "image_id": None, "status": "uploaded"}
    return {"ticket_id": ticket.public_id, "image_id": image.public_id, "status": image.status.value}


def record_upload(s: Session, ticket: UploadTicket, *, size: int | None, locked: bool = False) -> Image:
    """The ticket's Image, created on first call (processing, or blocked without consent).

    The post-upload job is emitted to the outbox (jobs/outbox.py) while there is work left for
    it, in this transaction; the job itself is idempotent, so a repeated callback is harmless.
    ``locked``: the caller read ``ticket`` with ``SELECT ... FOR UPDATE`` in this transaction.
    """
    if not locked:
        s.refresh(ticket, with_for_update=True)
    if ticket.image_id is not None:
        # A repeated callback or confirm changes nothing. The image row lock waits for a
        # processing step that is finishing, so its outcome is seen.
        image = s.get_one(Image, ticket.image_id, with_for_update=True, populate_existing=True)
        if image.purged_at is not None or image.status in ORIGINAL_GONE:
            # The same form posted again after processing removed the original: nothing refers
            # to the object now at the key, so it goes (OSS forbids overwriting only while the
            # object exists).
            outbox.emit(s, enqueue.remove_replayed_upload, ticket.id)
    else:
        client = s.get_one(Client, ticket.client_id)
        allowed = gate.capture_allowed(s, deps().cipher, client, minor_age=deps().settings.minor_age)
        image = Image(public_id=new_public_id(), store_id=ticket.store_id, client_id=ticket.client_id,
                      purpose=UploadPurpose.photo, session_id=ticket.session_id, view=ticket.view,
                      region=ticket.region, status=ImageStatus.processing if allowed else ImageStatus.blocked,
                      object_key=ticket.object_key, content_type=ticket.content_type, size=size,
                      uploaded_by=ticket.issued_to, captured_at=utcnow())
        s.add(image)
        s.flush()
        ticket.image_id = image.id
        audit.record("image.upload", subject_type="image", subject_id=image.public_id, session=s,
                     store=s.get_one(Store, ticket.store_id), result="ok" if allowed else "blocked")
    if image.status == ImageStatus.processing or (image.status == ImageStatus.blocked and image.purged_at is None):
        outbox.emit(s, enqueue.process_upload, image.id)
    return image


def confirm(m: Membership, ticket_id: str) -> tuple[UploadTicket, Image]:
    """The uploader says the PostObject succeeded (OSS does not retry a failed callback).

    :raise UploadNotFound: unknown ticket, another store's, someone else's, or a signature.
    :raise UploadExpired: first confirmed more than CONFIRM_GRACE after the policy expired.
    :raise UploadMissing, UploadTooLarge, UploadTypeMismatch, StorageDown:
    """
    ticket = db().scalar(select(UploadTicket).where(
        UploadTicket.public_id == ticket_id, UploadTicket.store_id == m.store.id,
        UploadTicket.issued_to == m.member.user_id, UploadTicket.purpose == UploadPurpose.photo))
    if ticket is None:
        raise UploadNotFound()
    size = None
    if ticket.image_id is None:
        if utcnow() > ticket.expires_at + CONFIRM_GRACE:
            raise UploadExpired()
        size = _checked_size(ticket)
    return ticket, record_upload(db(), ticket, size=size)


def _checked_size(ticket: UploadTicket) -> int:
    """HEAD the object: it must exist and be what the signed policy allowed."""
    try:
        info = deps().oss.head(ticket.object_key)
        if info is None:
            raise UploadMissing()
        declared = (info.content_type or "").split(";")[0].strip().lower()
        if info.size > ticket.max_bytes or declared != ticket.content_type:
            # Not what the policy allowed, so nothing will ever use it: it goes now.
            deps().oss.delete_many([ticket.object_key])
            raise UploadTooLarge() if info.size > ticket.max_bytes else UploadTypeMismatch()
    except StorageUnavailable as exc:
        raise StorageDown() from exc
    return info.size
