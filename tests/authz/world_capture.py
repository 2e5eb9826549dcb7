"""Capture objects in the authorization World: store A's client has consented to capture,
and its staff member has a running session and an upload ticket (nothing uploaded yet)."""

from __future__ import annotations

from bff.capture import service, uploads
from bff.db import session as db
from bff.stores.access import Membership
from models import Client
from tests.support.consent import insert_grant


def capture_values(staff: Membership, client: Client) -> dict[str, str]:
    insert_grant(db(), staff.store.id, client.id, ["capture"])
    session = service.start_session(staff, client.public_id, {
        "device_kind": "phone_camera", "device": {"camera_model": "iPhone 15"}, "light_mode": "standard",
        "protocol": "face_standard_5"})
    ticket, _form = uploads.issue_policy(staff, client_id=client.public_id, session_id=session.public_id,
                                         view="face_front", content_type="image/jpeg")
    return {"capture_session_id": session.public_id, "upload_ticket_id": ticket.public_id}
