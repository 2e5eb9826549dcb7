"""Consent objects in the authorization World: store A's client (linked to client_self) has a
signed grant with a stored signature, and a pending request that client_self has opened, with
its signature uploaded (so client_self can sign it)."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

from PIL import Image
from sqlalchemy import select

from bff.consent import chain, grants
from bff.db import session as db
from bff.deps import deps
from bff.stores.access import Membership
from bff.uploads import object_key
from models import Client, ConsentRecord, ConsentRequest, ConsentTemplate, UploadTicket, User
from models.base import new_public_id, utcnow
from models.consent import RecordKind, RequestStatus
from models.images import UploadPurpose


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("L", (120, 40), 255).save(out, format="PNG")
    return out.getvalue()


def _signature(staff: Membership, client: Client, request: ConsentRequest, signer: User) -> UploadTicket:
    public_id = new_public_id()
    key = object_key(staff.store, client, UploadPurpose.signature, public_id, "image/png")
    deps().oss.put(key, _png(), content_type="image/png")
    ticket = UploadTicket(public_id=public_id, store_id=staff.store.id, client_id=client.id,
                          purpose=UploadPurpose.signature, consent_request_id=request.id, content_type="image/png",
                          object_key=key, max_bytes=deps().settings.signature_max_bytes, issued_to=signer.id,
                          expires_at=utcnow() + timedelta(minutes=5))
    db().add(ticket)
    db().flush()
    return ticket


def _request(staff: Membership, client: Client, template: ConsentTemplate, **fields: object) -> ConsentRequest:
    request = ConsentRequest(store_id=staff.store.id, client_id=client.id, template_id=template.id,
                             scopes=["capture"], created_by=staff.member.user_id, scene=new_public_id(),
                             expires_at=utcnow() + timedelta(hours=1), **fields)
    db().add(request)
    db().flush()
    return request


def consent_values(staff: Membership, client: Client, signer: User) -> dict[str, str]:
    template = db().scalar(select(ConsentTemplate).where(ConsentTemplate.code == "facial_skin_imaging"))
    signed = _request(staff, client, template, status=RequestStatus.signed, viewed_by=signer.id)
    ticket = _signature(staff, client, signed, signer)
    record = chain.append(db(), deps().cipher, ConsentRecord(
        store_id=staff.store.id, kind=RecordKind.grant, client_id=client.id, request_id=signed.id,
        template_id=template.id, template_sha256=template.sha256, scopes=["capture"], actor_user_id=signer.id,
        actor_role="client", signer_openid=signer.openid, signature_object_key=ticket.object_key,
        signature_sha256=hashlib.sha256(_png()).hexdigest()), {"signer_phone": None, "guardian_name": None, "ip": None})
    grants.apply_grant(db(), record, guardian=False)
    pending = _request(staff, client, template, viewed_by=signer.id, viewed_at=utcnow())
    return {"consent_template_id": template.public_id, "consent_template_sha256": template.sha256,
            "consent_record_id": record.public_id, "consent_request_id": pending.public_id,
            "consent_scene": pending.scene, "signature_ticket_id": _signature(staff, client, pending, signer).public_id}
