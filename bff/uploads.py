"""Upload tickets: the one way an object gets a key, a PostObject form and a callback.

Photos (capture) and consent signatures both come through here, so every upload is bound to
an exact server-chosen key under its store's prefix, a type allowlist, a size range, a short
expiry and a signed callback naming its ticket. Callers check consent and access first.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from bff.integrations.oss import OssGateway, PostForm
from models import Client, Store, UploadTicket
from models.base import new_public_id, utcnow
from models.images import UploadPurpose

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/heic": "heic"}
CALLBACK_PATH = "/api/v1/oss/callback"
# OSS fills these in; x:ticket is the ticket's public id, the only thing the callback trusts.
CALLBACK_BODY = "bucket=${bucket}&object=${object}&size=${size}&mimeType=${mimeType}&etag=${etag}&ticket=${x:ticket}"


def store_prefix(store: Store) -> str:
    return f"stores/{store.public_id}/"


def object_key(store: Store, client: Client, purpose: UploadPurpose, ticket_public_id: str, content_type: str) -> str:
    folder = "signatures" if purpose == UploadPurpose.signature else "images"
    return (f"{store_prefix(store)}clients/{client.public_id}/{folder}/{ticket_public_id}/"
            f"original.{EXTENSIONS[content_type]}")


def issue(session: Session, oss: OssGateway, *, public_base_url: str, store: Store, client: Client,
          purpose: UploadPurpose, content_type: str, max_bytes: int, issued_to: int,
          capture_session_id: int | None = None, consent_request_id: int | None = None,
          view: str | None = None, region: str | None = None) -> tuple[UploadTicket, PostForm]:
    """Record a ticket and sign its form; the policy expires with the ticket."""
    if content_type not in EXTENSIONS:
        raise ValueError(f"content type {content_type!r} is not allowed")
    public_id = new_public_id()
    key = object_key(store, client, purpose, public_id, content_type)
    now = utcnow()
    form = oss.post_form(
        key, content_type=content_type, max_bytes=max_bytes, now=now,
        callback={"callbackUrl": public_base_url.rstrip("/") + CALLBACK_PATH, "callbackBody": CALLBACK_BODY,
                  "callbackBodyType": "application/x-www-form-urlencoded"},
        variables={"ticket": public_id},
    )
    ticket = UploadTicket(
        public_id=public_id, store_id=store.id, client_id=client.id, purpose=purpose,
        session_id=capture_session_id, consent_request_id=consent_request_id, view=view, region=region,
        content_type=content_type, object_key=key, max_bytes=max_bytes, issued_to=issued_to,
        issued_at=now, expires_at=now + timedelta(seconds=oss.settings.upload_policy_ttl),
    )
    session.add(ticket)
    session.flush()
    return ticket, form


def form_out(ticket: UploadTicket, form: PostForm) -> dict[str, object]:
    """What the mini-program needs for wx.uploadFile (file field name "file", sent last)."""
    return {"ticket_id": ticket.public_id, "upload_url": form.url, "form_data": form.fields,
            "file_field": "file", "object_key": ticket.object_key, "content_type": ticket.content_type,
            "max_bytes": ticket.max_bytes, "expires_at": form.expires_at}
