"""What an export may contain, decided by the clients' consent scopes. Flask-free: the request
checks it (and refuses what is not allowed) and the export job checks it again (and skips).

- ``original``: clean originals, client public ids and consent receipts leave the store, so the
  client's active ``capture`` grant is required (the consent to take and keep the images).
- ``deidentified``: re-encoded copies under pseudonyms, so an active ``capture`` or ``research``
  grant is enough (research is the consent to de-identified use).

A minor's grant counts only if a guardian signed it, as for capture itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bff.capture.gate import is_minor
from bff.security.fields import FieldCipher
from models import Client, ConsentGrant, Image
from models.consent import ConsentScope
from models.images import ExportMode, ImageStatus

SCOPES = {
    ExportMode.original: (ConsentScope.capture,),
    ExportMode.deidentified: (ConsentScope.capture, ConsentScope.research),
}


def allowed_clients(session: Session, store_id: int, client_ids: Iterable[int], mode: ExportMode, *,
                    cipher: FieldCipher, minor_age: int) -> set[int]:
    """The clients among ``client_ids`` whose consent covers an export in ``mode``."""
    wanted = set(client_ids)
    if not wanted:
        return set()
    grants: dict[int, list[bool]] = {}
    for client_id, guardian in session.execute(
            select(ConsentGrant.client_id, ConsentGrant.guardian).where(
                ConsentGrant.store_id == store_id, ConsentGrant.client_id.in_(wanted),
                ConsentGrant.scope.in_(SCOPES[mode]), ConsentGrant.active.is_(True))):
        grants.setdefault(client_id, []).append(guardian)
    if not grants:
        return set()
    clients = session.scalars(select(Client).where(Client.id.in_(grants), Client.store_id == store_id))
    return {c.id for c in clients
            if any(grants[c.id]) or not is_minor(cipher, c, minor_age)}


def refused(session: Session, store_id: int, images: Iterable[Image], mode: ExportMode, *,
            cipher: FieldCipher, minor_age: int) -> list[Image]:
    """The images that may not go into the export: not ready, or not covered by consent."""
    images = list(images)
    ok = allowed_clients(session, store_id, {i.client_id for i in images}, mode, cipher=cipher,
                         minor_age=minor_age)
    return [i for i in images if i.status != ImageStatus.ready or i.client_id not in ok]
