"""Capture sessions (visits): start one under consent, list a client's, show per-view progress, end."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select

from bff import cursors
from bff.audit import service as audit
from bff.capture import gate
from bff.capture.protocols import PROTOCOLS
from bff.clients import service as clients
from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError
from bff.stores.access import Membership
from models import CaptureSession, Client, Image, User
from models.base import new_public_id, utcnow
from models.images import ImageStatus

MAX_PAGE = 50


class CaptureSessionNotFound(DomainError):
    status, reason, message = 404, "capture_session_not_found", "拍摄记录不存在"


class CaptureSessionEnded(DomainError):
    status, reason, message = 409, "capture_session_ended", "本次拍摄已结束，请新建拍摄"




def require_capture_consent(client: Client) -> None:
    """:raise ConsentRequired, GuardianConsentRequired:"""
    gate.require_capture(db(), deps().cipher, client, minor_age=deps().settings.minor_age)


def start_session(m: Membership, client_public_id: str, data: dict[str, Any]) -> CaptureSession:
    """:raise ClientNotFound, ConsentRequired, GuardianConsentRequired:"""
    client = clients.get_client(m, client_public_id)
    require_capture_consent(client)
    protocol = PROTOCOLS[data["protocol"]]
    session = CaptureSession(
        public_id=new_public_id(), store_id=m.store.id, client_id=client.id, consultant_id=m.member.user_id,
        device_kind=data["device_kind"], device=data["device"], light_mode=data["light_mode"],
        settings=data.get("settings") or {}, protocol=protocol.code, views=[v.as_dict() for v in protocol.views])
    db().add(session)
    db().flush()
    audit.record("capture_session.create", subject_type="capture_session", subject_id=session.public_id,
                 store=m.store, actor_role=m.role.value, purpose=f"protocol: {protocol.code}")
    return session


def get_session(m: Membership, session_public_id: str) -> CaptureSession:
    """:raise CaptureSessionNotFound: unknown, or in another store."""
    session = db().scalar(select(CaptureSession).where(
        CaptureSession.public_id == session_public_id, CaptureSession.store_id == m.store.id))
    if session is None:
        raise CaptureSessionNotFound()
    return session


def read_session(m: Membership, session_public_id: str) -> CaptureSession:
    session = get_session(m, session_public_id)
    audit.record("capture_session.read", subject_type="capture_session", subject_id=session.public_id,
                 store=m.store, actor_role=m.role.value)
    return session


def end_session(m: Membership, session_public_id: str) -> CaptureSession:
    """Idempotent: ending an ended session changes nothing."""
    session = get_session(m, session_public_id)
    if session.ended_at is None:
        session.ended_at = utcnow()
        audit.record("capture_session.end", subject_type="capture_session", subject_id=session.public_id,
                     store=m.store, actor_role=m.role.value)
    return session


def list_sessions(m: Membership, client_public_id: str, *, cursor: str | None = None, limit: int = 20
                  ) -> tuple[list[CaptureSession], str | None]:
    """A client's sessions, newest first (id keyset)."""
    client = clients.get_client(m, client_public_id)
    limit = max(1, min(limit, MAX_PAGE))
    stmt = select(CaptureSession).where(CaptureSession.store_id == m.store.id, CaptureSession.client_id == client.id)
    if (after := cursors.decode_id(cursor)) is not None:
        stmt = stmt.where(CaptureSession.id < after)
    rows = list(db().scalars(stmt.order_by(CaptureSession.id.desc()).limit(limit + 1)))
    page = rows[:limit]
    next_cursor = cursors.encode_id(page[-1].id) if len(rows) > limit else None
    audit.record("capture_session.list", subject_type="client", subject_id=client.public_id, store=m.store,
                 actor_role=m.role.value)
    return page, next_cursor


def describe(sessions: list[CaptureSession]) -> list[dict[str, Any]]:
    """Sessions as the API shows them, with per-view counts of ready and in-check images."""
    if not sessions:
        return []
    ids = [s.id for s in sessions]
    counts: dict[tuple[int | None, str | None, ImageStatus], int] = defaultdict(int)
    for row in db().execute(
        select(Image.session_id, Image.view, Image.status, func.count())
        .where(Image.store_id == sessions[0].store_id, Image.session_id.in_(ids),
               Image.status.in_((ImageStatus.ready, ImageStatus.processing)))
        .group_by(Image.session_id, Image.view, Image.status)
    ):
        counts[(row[0], row[1], row[2])] = row[3]
    people = dict(db().execute(select(User.id, User.public_id).where(
        User.id.in_({s.consultant_id for s in sessions}))).all())
    client_ids = dict(db().execute(select(Client.id, Client.public_id).where(
        Client.id.in_({s.client_id for s in sessions}))).all())
    out = []
    for s in sessions:
        views = [v | {"ready": counts[(s.id, v["view"], ImageStatus.ready)],
                      "processing": counts[(s.id, v["view"], ImageStatus.processing)]} for v in s.views]
        for v in views:
            v["done"] = v["ready"] > 0
        out.append({
            "id": s.public_id, "client_id": client_ids[s.client_id], "consultant_id": people[s.consultant_id],
            "device_kind": s.device_kind, "device": s.device, "light_mode": s.light_mode, "settings": s.settings,
            "protocol": s.protocol, "views": views, "complete": all(v["done"] for v in views),
            "started_at": s.started_at, "ended_at": s.ended_at,
        })
    return out
