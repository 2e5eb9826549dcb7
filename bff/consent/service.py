"""Consent errors and lookups shared by the consultant's and the client's routes.

Lookups never reveal what the caller may not see: an object of another store, or of a client
file not linked to the caller, is simply not found (404).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select

from bff.clients import crypto
from bff.clients import service as clients
from bff.consent import chain
from bff.consent.gate import is_minor
from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError, StorageDown
from bff.integrations.oss import StorageUnavailable
from bff.stores.access import Membership
from models import Client, ConsentRecord, ConsentRequest, Store, User
from models.base import utcnow
from models.consent import RequestStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")


class ConsentRequestNotFound(DomainError):
    status, reason, message = 404, "consent_request_not_found", "同意请求不存在"


class ConsentRequestExpired(DomainError):
    status, reason, message = 410, "consent_request_expired", "同意请求已过期，请让顾问重新发起"


class ConsentRequestUsed(DomainError):
    status, reason, message = 409, "consent_request_used", "该同意请求已签署，不能重复使用"


class ConsentRecordNotFound(DomainError):
    status, reason, message = 404, "consent_record_not_found", "同意记录不存在"




def today_in_shanghai() -> datetime:
    return datetime.now(SHANGHAI)


def client_is_minor(client: Client) -> bool:
    """Under the configured age (default 14, PIPL art. 31) on today's Asia/Shanghai date."""
    return is_minor(crypto.unseal(client, "birth_date"), today_in_shanghai().date(), deps().settings.minor_age)


def require_usable(request: ConsentRequest) -> None:
    """:raise ConsentRequestUsed: signed or cancelled. :raise ConsentRequestExpired:"""
    if request.status != RequestStatus.pending:
        raise ConsentRequestUsed()
    if request.expires_at <= utcnow():
        raise ConsentRequestExpired()


def request_of_member(m: Membership, client_public_id: str, request_public_id: str) -> ConsentRequest:
    """:raise ClientNotFound, ConsentRequestNotFound: not this store's, or not this client's."""
    client = clients.get_client(m, client_public_id)
    found = db().scalar(select(ConsentRequest).where(
        ConsentRequest.public_id == request_public_id, ConsentRequest.client_id == client.id,
        ConsentRequest.store_id == m.store.id))
    if found is None:
        raise ConsentRequestNotFound()
    return found


def record_of_member(m: Membership, client_public_id: str, record_public_id: str) -> ConsentRecord:
    """:raise ClientNotFound, ConsentRecordNotFound:"""
    client = clients.get_client(m, client_public_id, include_deleted=True)
    found = db().scalar(select(ConsentRecord).where(
        ConsentRecord.public_id == record_public_id, ConsentRecord.client_id == client.id,
        ConsentRecord.store_id == m.store.id))
    if found is None:
        raise ConsentRecordNotFound()
    return found


def linked_client(user: User, client_public_id: str, store_public_id: str | None = None) -> tuple[Client, Store]:
    """A client file linked to ``user`` (deleted files too: withdrawal stays possible) and its store.

    :raise ClientNotFound: not linked to ``user``, or not in the store named.
    """
    row = db().execute(select(Client, Store).join(Store, Store.id == Client.store_id).where(
        Client.public_id == client_public_id, Client.linked_user_id == user.id)).first()
    if row is None or store_public_id not in (None, row.Store.public_id):
        raise clients.ClientNotFound()
    return row.Client, row.Store


def record_of_user(user: User, record_public_id: str) -> ConsentRecord:
    """A record about a client file linked to ``user``, or one ``user`` signed.

    :raise ConsentRecordNotFound:
    """
    linked = select(Client.id).where(Client.linked_user_id == user.id)
    found = db().scalar(select(ConsentRecord).where(
        ConsentRecord.public_id == record_public_id,
        or_(ConsentRecord.client_id.in_(linked), ConsentRecord.actor_user_id == user.id)))
    if found is None:
        raise ConsentRecordNotFound()
    return found


def append(record: ConsentRecord, sealed: dict[str, str | None]) -> ConsentRecord:
    return chain.append(db(), deps().cipher, record, sealed)


def fetch_object(key: str) -> bytes:
    """:raise StorageDown:"""
    try:
        return deps().oss.get(key)
    except StorageUnavailable as exc:
        raise StorageDown() from exc
