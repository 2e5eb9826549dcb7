"""Rows for audit tests: users, stores with members, client files, recorded events."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bff.audit.sealer import SealReport, seal
from bff.audit.service import record
from models import AuditEvent, Client, Store, StoreMember, User
from models.stores import StoreRole


def new_user(s: Session, public_id: str | None = None) -> User:
    if public_id is not None:
        return s.scalars(select(User).where(User.public_id == public_id)).one()
    user = User(openid=f"o-{uuid.uuid4().hex}")
    s.add(user)
    s.flush()
    return user


def new_store(s: Session, owner: User, *, staff: tuple[User, ...] = ()) -> Store:
    store = Store(name="店", address="地址", business_category="beauty_consulting", created_by=owner.id)
    s.add(store)
    s.flush()
    s.add(StoreMember(store_id=store.id, user_id=owner.id, role=StoreRole.owner))
    s.add_all(StoreMember(store_id=store.id, user_id=u.id, role=StoreRole.staff) for u in staff)
    s.flush()
    return store


def new_client(s: Session, store: Store, creator: User, *, linked_to: User | None = None) -> Client:
    client = Client(store_id=store.id, name_enc="sealed", created_by=creator.id,
                    linked_user_id=linked_to.id if linked_to else None)
    s.add(client)
    s.flush()
    return client


def chain(s: Session, chain_id: int) -> list[AuditEvent]:
    """The chain's sealed events in seq order."""
    return list(s.scalars(select(AuditEvent).where(AuditEvent.chain_id == chain_id, AuditEvent.seq.is_not(None))
                          .order_by(AuditEvent.seq)))


def seal_all(factory: sessionmaker) -> SealReport:
    """What the periodic job does, run now."""
    return seal(factory)


def record_many(s: Session, store: Store | None, n: int, *, action: str = "client.read") -> list[AuditEvent]:
    return [record(action, subject_type="client", subject_id=f"c{i}", store=store, session=s,
                   actor_id="actor1") for i in range(n)]
