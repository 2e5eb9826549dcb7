"""Short-lived, signed links to watermarked derivatives: the only way anyone sees an image.

OSS renders the derivative on the fly (``x-oss-process``): the clean original resized so its
longest edge is at most 1280 px, or the thumbnail, with two burnt-in lines at the bottom right: the
viewer's public user id and the time of issue in Asia/Shanghai. A screenshot that leaks
therefore names who looked and when, and the audit event names the image. The unprocessed
object is never linked (the process is part of the signed query string, so it cannot be
stripped without breaking the signature), nor is the upload as received.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bff.audit import service as audit
from bff.capture import gate as capture_gate
from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError
from bff.images.service import get_image
from bff.integrations.oss import urlsafe_b64
from bff.stores.access import Membership
from models import Client, Image, User
from models.base import utcnow
from models.images import ImageStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
DISPLAY_EDGE = 1280  # longest edge of the display variant
THUMB_WIDTH = 320


class ImageNotReady(DomainError):
    status, reason, message = 409, "image_not_ready", "影像尚未处理完成，暂不能查看"


def watermark_lines(viewer: User, at: datetime) -> tuple[str, str]:
    """(upper, lower) text: ASCII only, so every renderer draws it (OSS limits text to 64 b64 chars)."""
    return viewer.public_id, at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S +08")


def process_spec(image: Image, variant: str, viewer: User, at: datetime) -> str:
    """The x-oss-process value for a variant; text size follows the rendered width (~45% of it)."""
    if variant == "thumbnail":
        width, resize = THUMB_WIDTH, f"image/resize,m_lfit,w_{THUMB_WIDTH},limit_1"  # limit_1: never enlarged
    else:
        # lfit into a DISPLAY_EDGE square bounds the longest edge, portrait or landscape.
        src_w, src_h = image.width or DISPLAY_EDGE, image.height or DISPLAY_EDGE
        width = round(src_w * min(1.0, DISPLAY_EDGE / max(src_w, src_h)))
        resize = f"image/resize,m_lfit,w_{DISPLAY_EDGE},h_{DISPLAY_EDGE},limit_1"
    size = max(10, min(40, width // 30))
    upper, lower = watermark_lines(viewer, at)
    margin = max(6, size // 2)
    marks = [_mark(lower, size, margin), _mark(upper, size, margin + size + size // 2)]
    return "/".join([resize, *marks])


def _mark(text: str, size: int, y: int) -> str:
    # White with a shadow reads on light and dark skin alike; 80% opaque keeps the image usable.
    return f"watermark,text_{urlsafe_b64(text)},size_{size},color_FFFFFF,t_80,shadow_50,g_se,x_10,y_{y}"


def issue_view_url(m: Membership, public_id: str, *, variant: str, viewer: User) -> dict[str, object]:
    """A signed link (≤ view_url_ttl seconds) to a watermarked derivative; audited.

    :raise ImageNotFound: :raise ImageNotReady: :raise ConsentRequired: :raise GuardianConsentRequired:
    """
    image = get_image(m, public_id)
    key = image.thumb_key if variant == "thumbnail" else image.clean_key
    if image.status != ImageStatus.ready or key is None:
        raise ImageNotReady()
    # Checked on every issue: a withdrawal stops new links at once (issued ones die within the TTL).
    capture_gate.require_capture(db(), deps().cipher, db().get_one(Client, image.client_id),
                                 minor_age=deps().settings.minor_age)
    now, ttl = utcnow(), deps().settings.view_url_ttl
    url = deps().oss.signed_url(key, expires=ttl, process=process_spec(image, variant, viewer, now))
    audit.record("image.view_link", subject_type="image", subject_id=image.public_id, store=m.store,
                 actor_role=m.role.value, purpose=f"variant: {variant}")
    return {"url": url, "expires_at": now + timedelta(seconds=ttl)}
