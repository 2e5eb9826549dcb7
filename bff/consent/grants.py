"""Current grants (what the gate reads), derived from the records as they are appended.

Called right after ``chain.append`` in the same transaction: the store's chain head is locked
then, so grant rows of one store are never changed concurrently. No Flask here.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ConsentGrant, ConsentRecord
from models.consent import ConsentScope

ORDER = {scope.value: i for i, scope in enumerate(ConsentScope)}


def ordered(scopes: Iterable[str]) -> list[str]:
    """Scopes deduplicated, in the canonical order (records store them like this)."""
    return sorted({str(ConsentScope(s)) for s in scopes}, key=ORDER.__getitem__)


def active_scopes(session: Session, store_id: int, client_id: int) -> list[str]:
    rows = session.scalars(select(ConsentGrant.scope).where(
        ConsentGrant.store_id == store_id, ConsentGrant.client_id == client_id, ConsentGrant.active.is_(True)))
    return ordered(rows)


def of_client(session: Session, store_id: int, client_id: int) -> list[ConsentGrant]:
    grants = session.scalars(select(ConsentGrant).where(
        ConsentGrant.store_id == store_id, ConsentGrant.client_id == client_id))
    return sorted(grants, key=lambda g: ORDER[g.scope.value])


def apply_grant(session: Session, record: ConsentRecord, *, guardian: bool) -> None:
    """Each scope of a grant record becomes active, pointing at the record."""
    current = {g.scope.value: g for g in of_client(session, record.store_id, record.client_id)}
    for scope in record.scopes:
        row = current.get(scope)
        if row is None:
            session.add(ConsentGrant(store_id=record.store_id, client_id=record.client_id, scope=ConsentScope(scope),
                                     active=True, guardian=guardian, granted_record_id=record.id))
        else:
            row.active, row.guardian, row.granted_record_id, row.withdrawn_record_id = True, guardian, record.id, None
    session.flush()


def apply_withdrawal(session: Session, record: ConsentRecord) -> None:
    """Each scope of a withdraw record stops being granted from now on."""
    for row in of_client(session, record.store_id, record.client_id):
        if row.active and row.scope.value in record.scopes:
            row.active, row.withdrawn_record_id = False, record.id
    session.flush()
