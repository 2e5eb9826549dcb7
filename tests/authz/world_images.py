"""Image objects in the authorization World: two ready images of store A's client (same view,
uploaded by the owner, not paired) and a queued export. No objects are stored: routes here
only sign links to them, and a deletion's purge job is enqueued, not run."""

from __future__ import annotations

from sqlalchemy import select

from bff.db import session as db
from bff.stores.access import Membership
from models import Client, ExportJob, Image, StoreMember
from models.base import new_public_id, utcnow
from models.images import ExportMode, ImageStatus
from models.stores import StoreRole


def _image(m: Membership, client: Client, owner_id: int) -> Image:
    prefix = f"stores/{m.store.public_id}/clients/{client.public_id}/images/{new_public_id()}"
    image = Image(store_id=m.store.id, client_id=client.id, view="face_front", region="face",
                  status=ImageStatus.ready, object_key=f"{prefix}/original.jpg", clean_key=f"{prefix}/clean.jpg",
                  thumb_key=f"{prefix}/thumb.jpg", content_type="image/jpeg", size=1000, sha256="0" * 64,
                  width=800, height=600, uploaded_by=owner_id, processed_at=utcnow())
    db().add(image)
    return image


def image_values(m: Membership, client: Client) -> dict[str, str]:
    owner_id = db().scalar(select(StoreMember.user_id).where(StoreMember.store_id == m.store.id,
                                                             StoreMember.role == StoreRole.owner))
    first, second = _image(m, client, owner_id), _image(m, client, owner_id)
    db().flush()
    export = ExportJob(store_id=m.store.id, requested_by=owner_id, mode=ExportMode.original, image_ids=[first.id],
                       total=1)
    db().add(export)
    db().flush()
    return {"image_id": first.public_id, "other_image_id": second.public_id, "export_id": export.public_id}
