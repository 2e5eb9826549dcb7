"""Client files: create, read (masked), reveal, update, soft delete and restore, search."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, select

from bff import cursors, tags
from bff.audit import service as audit
from bff.billing import quotas
from bff.clients import crypto
from bff.db import session as db
from bff.errors import DomainError
from bff.security import phones
from bff.stores.access import Membership, OwnerRequired
from bff.users.service import PhoneInvalid
from models import Client, ClientNamePrefix, ClientTag
from models.base import new_public_id, utcnow
from models.clients import ClientStatus

MAX_PAGE = 50


class ClientNotFound(DomainError):
    status, reason, message = 404, "client_not_found", "客户档案不存在"


ClientPhoneInvalid = PhoneInvalid  # one definition per reason


def _normalised_phone(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        return crypto.normalise_phone(raw)
    except phones.InvalidPhone as exc:
        raise ClientPhoneInvalid(errors={"phone": ["手机号格式不正确"]}) from exc


def create_client(m: Membership, data: dict[str, Any]) -> Client:
    quotas.enforce_store_clients(db(), m.store)  # free tier: 402 vip_required beyond its limit
    client = Client(public_id=new_public_id(), store_id=m.store.id, created_by=m.member.user_id,
                    gender=data.get("gender"), source=data.get("source"))
    _apply(m, client, data)
    db().add(client)
    db().flush()
    _write_indexes(m, client, data, new=True)
    audit.record("client.create", subject_type="client", subject_id=client.public_id, store=m.store,
                 actor_role=m.role.value)
    return client


def _apply(m: Membership, client: Client, data: dict[str, Any]) -> None:
    if "name" in data:
        crypto.seal(client, "name", data["name"].strip())
    if "phone" in data:
        e164 = _normalised_phone(data["phone"])
        crypto.seal(client, "phone", e164)
        client.phone_bidx = crypto.phone_index(m.store, e164) if e164 else None
    if "birth_date" in data:
        birth: date | None = data["birth_date"]
        crypto.seal(client, "birth_date", birth.isoformat() if birth else None)
    if "notes" in data:
        crypto.seal(client, "notes", data["notes"] or None)
    for plain in ("gender", "source"):
        if plain in data:
            setattr(client, plain, data[plain])


def _write_indexes(m: Membership, client: Client, data: dict[str, Any], *, new: bool = False) -> None:
    """Replace the client's name-prefix and tag rows.

    A new client has none, so nothing is deleted: deleting rows that do not exist locks the end
    of the index, and concurrent creates then deadlock on each other's inserts. An update deletes
    the rows it finds, by primary key.
    """
    if "name" in data:
        if not new:
            lengths = list(db().scalars(select(ClientNamePrefix.length).where(ClientNamePrefix.client_id == client.id)
                                        .with_for_update()))
            if lengths:
                db().execute(delete(ClientNamePrefix).where(ClientNamePrefix.client_id == client.id,
                                                            ClientNamePrefix.length.in_(lengths)))
        db().add_all(ClientNamePrefix(client_id=client.id, length=n, store_id=m.store.id, prefix_bidx=bidx)
                     for n, bidx in crypto.name_prefixes(m.store, data["name"]).items())
    if "tags" in data:
        if not new:
            ids = list(db().scalars(select(ClientTag.id).where(ClientTag.client_id == client.id).with_for_update()))
            if ids:
                db().execute(delete(ClientTag).where(ClientTag.id.in_(ids)))
        tags.write_tags(db(), ClientTag, [{"client_id": client.id, "store_id": m.store.id, "tag": t}
                                        for t in tags.unique_tags(data["tags"])])
    db().flush()


def get_client(m: Membership, client_public_id: str, *, include_deleted: bool = False) -> Client:
    """:raise ClientNotFound: unknown, in another store, or deleted."""
    client = db().scalar(select(Client).where(Client.public_id == client_public_id, Client.store_id == m.store.id))
    if client is None or (client.status == ClientStatus.deleted and not include_deleted):
        raise ClientNotFound()
    return client


def read_client(m: Membership, client_public_id: str) -> Client:
    client = get_client(m, client_public_id)
    audit.record("client.read", subject_type="client", subject_id=client.public_id, store=m.store,
                 actor_role=m.role.value)
    return client


def reveal(m: Membership, client_public_id: str, *, fields: list[str], reason: str) -> dict[str, Any]:
    """Full values of the asked fields; the reason goes on the audit trail."""
    client = get_client(m, client_public_id)
    audit.record("client.reveal", subject_type="client", subject_id=client.public_id, store=m.store,
                 actor_role=m.role.value, purpose=f"{','.join(sorted(fields))}: {reason}")
    return {"id": client.public_id} | {f: crypto.unseal(client, f) for f in fields}


def update_client(m: Membership, client_public_id: str, data: dict[str, Any]) -> Client:
    client = get_client(m, client_public_id)
    _apply(m, client, data)
    client.updated_at = utcnow()
    _write_indexes(m, client, data)
    audit.record("client.update", subject_type="client", subject_id=client.public_id, store=m.store,
                 actor_role=m.role.value, purpose="fields: " + ",".join(sorted(data)))
    return client


def delete_client(m: Membership, client_public_id: str) -> None:
    """Soft delete; owners only. :raise OwnerRequired, ClientNotFound:"""
    if not m.is_owner:
        raise OwnerRequired()
    client = get_client(m, client_public_id)
    client.status, client.deleted_at = ClientStatus.deleted, utcnow()
    audit.record("client.delete", subject_type="client", subject_id=client.public_id, store=m.store,
                 actor_role=m.role.value)


def restore_client(m: Membership, client_public_id: str) -> Client:
    """:raise OwnerRequired, ClientNotFound:"""
    if not m.is_owner:
        raise OwnerRequired()
    client = get_client(m, client_public_id, include_deleted=True)
    if client.status == ClientStatus.deleted:
        client.status, client.deleted_at = ClientStatus.active, None
        audit.record("client.restore", subject_type="client", subject_id=client.public_id, store=m.store,
                     actor_role=m.role.value)
    return client


def tags_of(client_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {cid: [] for cid in client_ids}
    if client_ids:
        for row in db().execute(select(ClientTag.client_id, ClientTag.tag).where(ClientTag.client_id.in_(client_ids))
                                .order_by(ClientTag.tag)):
            out[row.client_id].append(row.tag)
    return out


# What a list row shows: read as plain rows (no ORM entities: a page is read-only).
LIST_COLUMNS = (Client.id, Client.public_id, Client.name_enc, Client.phone_enc, Client.birth_date_enc,
                Client.notes_enc, Client.gender, Client.source, Client.linked_user_id, Client.status,
                Client.created_at, Client.updated_at)


def search_clients(m: Membership, *, q: str | None = None, phone: str | None = None, tag: str | None = None,
                   deleted: bool = False, cursor: str | None = None, limit: int = 20
                   ) -> tuple[list[Any], str | None]:
    """Newest first, id-keyset pagination; every filter is an index lookup within the store.

    The page is rows with the attributes of ``LIST_COLUMNS`` (read-only), not entities.
    """
    limit = max(1, min(limit, MAX_PAGE))
    status = ClientStatus.deleted if deleted else ClientStatus.active
    stmt = select(*LIST_COLUMNS).where(Client.store_id == m.store.id, Client.status == status)
    if deleted and not m.is_owner:
        raise OwnerRequired()
    if phone:
        stmt = stmt.where(Client.phone_bidx == crypto.phone_index(m.store, _normalised_phone(phone) or ""))
    if q:
        prefix = crypto.normalise_name(q)[: max(crypto.NAME_PREFIX_LENGTHS)]
        stmt = stmt.join(ClientNamePrefix, ClientNamePrefix.client_id == Client.id).where(
            ClientNamePrefix.store_id == m.store.id,
            ClientNamePrefix.prefix_bidx == crypto.name_prefix_index(m.store, prefix))
    if tag:
        stmt = stmt.join(ClientTag, ClientTag.client_id == Client.id).where(
            ClientTag.store_id == m.store.id, ClientTag.tag == tag)
    if (after := cursors.decode_id(cursor)) is not None:
        stmt = stmt.where(Client.id < after)
    rows = list(db().execute(stmt.order_by(Client.id.desc()).limit(limit + 1)))
    page, more = rows[:limit], len(rows) > limit
    next_cursor = cursors.encode_id(page[-1].id) if more else None
    if q and len(crypto.normalise_name(q)) > max(crypto.NAME_PREFIX_LENGTHS):
        # Longer than the indexed prefix: the index narrowed it, the exact prefix is checked here
        # (a page may come back shorter than the limit; the cursor still moves on correctly).
        wanted = crypto.normalise_name(q)
        page = [c for c in page if crypto.normalise_name(crypto.unseal(c, "name") or "").startswith(wanted)]
    audit.record("client.list", subject_type="store", subject_id=m.store.public_id, store=m.store,
                 actor_role=m.role.value,
                 purpose="filters: " + ",".join(k for k, v in (("q", q), ("phone", phone), ("tag", tag)) if v))
    return page, next_cursor
