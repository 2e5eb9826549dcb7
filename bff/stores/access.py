"""Store membership checks: an object of a store the caller is not in does not exist (404)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from sqlalchemy import select

from bff.auth.guard import current_user
from bff.db import session as db
from bff.errors import DomainError
from models import Store, StoreMember
from models.stores import StoreRole


class StoreNotFound(DomainError):
    status, reason, message = 404, "store_not_found", "门店不存在"


class OwnerRequired(DomainError):
    status, reason, message = 403, "owner_required", "仅门店负责人可以执行此操作"


@dataclass(frozen=True)
class Membership:
    store: Store
    member: StoreMember

    @property
    def role(self) -> StoreRole:
        return self.member.role

    @property
    def is_owner(self) -> bool:
        return self.member.role == StoreRole.owner


def membership(store_public_id: str, *, owner: bool = False) -> Membership:
    """The caller's membership of a store.

    :raise StoreNotFound: no such store, the caller is not a member (never 403: no probing), or the
        store was disabled by an operator.
    :raise OwnerRequired: ``owner`` is asked and the caller is staff.
    """
    user_id = current_user().id
    prefetched = g.get("prefetched_membership")
    if prefetched is not None and prefetched[:2] == (store_public_id, user_id):
        # Read by authenticate() in this request's transaction, with the user and session.
        store, member = prefetched[2:]
    else:
        row = db().execute(
            select(Store, StoreMember)
            .join(StoreMember, StoreMember.store_id == Store.id)
            .where(Store.public_id == store_public_id, StoreMember.user_id == user_id)
        ).first()
        store, member = (row.Store, row.StoreMember) if row is not None else (None, None)
    if store is None or member is None or store.disabled_at is not None:  # disabled by an operator
        raise StoreNotFound()
    found = Membership(store, member)
    if owner and not found.is_owner:
        raise OwnerRequired()
    return found
