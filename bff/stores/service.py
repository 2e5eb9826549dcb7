"""Stores, membership, ownership transfer and invitations (staff and client links)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import func, select

from bff.audit import service as audit
from bff.billing import service as billing
from bff.clients.crypto import phone_index
from bff.db import session as db
from bff.errors import DomainError
from bff.stores.access import Membership, OwnerRequired
from bff.users.service import PhoneRequired, phone_of
from models import Client, ConsultantProfile, Invitation, Store, StoreMember, User
from models.base import new_public_id, utcnow
from models.locking import for_update
from models.stores import InvitationKind, StoreRole

INVITATION_TTL = timedelta(hours=72)
INVITE_PAGE = "pages/invite/accept"
# Crockford-style alphabet: no 0/O, 1/I/L, U ambiguity when read aloud or typed.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
SCENE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


ConsultantRequired = billing.ConsultantRequired  # one definition per reason


class InvitationNotFound(DomainError):
    status, reason, message = 404, "invitation_not_found", "邀请不存在"


class InvitationExpired(DomainError):
    status, reason, message = 410, "invitation_expired", "邀请已过期，请联系门店负责人重新邀请"


class InvitationRevoked(DomainError):
    status, reason, message = 410, "invitation_revoked", "邀请已被撤销"


class InvitationUsed(DomainError):
    status, reason, message = 409, "invitation_used", "邀请已被使用"


class AlreadyMember(DomainError):
    status, reason, message = 409, "already_member", "您已是该门店成员"


class MemberNotFound(DomainError):
    status, reason, message = 404, "member_not_found", "成员不存在"


class CannotRemoveOwner(DomainError):
    status, reason, message = 409, "cannot_remove_owner", "不能移除门店负责人，请先转让负责人身份"


class PhoneMismatch(DomainError):
    status, reason, message = 403, "phone_mismatch", "您绑定的手机号与档案不一致"


def require_consultant(user: User) -> ConsultantProfile:
    profile = db().get(ConsultantProfile, user.id)
    if profile is None:
        raise ConsultantRequired()
    return profile


def create_store(user: User, *, name: str, address: str, business_category: str) -> Store:
    """The creator becomes the owner. :raise ConsultantRequired:"""
    require_consultant(user)
    store = Store(public_id=new_public_id(), name=name, address=address,
                  business_category=business_category, created_by=user.id)
    db().add(store)
    db().flush()
    db().add(StoreMember(store_id=store.id, user_id=user.id, role=StoreRole.owner))
    db().flush()
    audit.record("store.create", subject_type="store", subject_id=store.public_id, store=store,
                 actor_role=StoreRole.owner.value)
    return store


# The store's business category a consultant's industry implies (registration may override it).
CATEGORY_OF_INDUSTRY = {
    "health_management": "health_management", "beauty_consulting": "beauty_salon",
    "medical_aesthetics": "medical_aesthetics", "wellness": "wellness_center", "other": "other",
}


def open_first_store(user: User, profile: ConsultantProfile, business_category: str | None = None) -> Store:
    """The store a consultant described when registering, so the mini-program never asks twice."""
    city, address = profile.store_city, profile.store_address
    return create_store(user, name=profile.store_name,
                        address=address if address.startswith(city) else f"{city}{address}",
                        business_category=business_category or CATEGORY_OF_INDUSTRY.get(profile.industry, "other"))


def my_stores(user: User) -> list[tuple[Store, StoreMember]]:
    rows = db().execute(
        select(Store, StoreMember).join(StoreMember, StoreMember.store_id == Store.id)
        .where(StoreMember.user_id == user.id, Store.disabled_at.is_(None))  # disabled by an operator: gone
        .order_by(StoreMember.joined_at)
    )
    return [(r.Store, r.StoreMember) for r in rows]


def members(m: Membership) -> list[tuple[StoreMember, User, ConsultantProfile | None]]:
    rows = db().execute(
        select(StoreMember, User, ConsultantProfile)
        .join(User, User.id == StoreMember.user_id)
        .outerjoin(ConsultantProfile, ConsultantProfile.user_id == User.id)
        .where(StoreMember.store_id == m.store.id).order_by(StoreMember.joined_at)
    )
    return [(r.StoreMember, r.User, r.ConsultantProfile) for r in rows]


def _member_by_public_id(m: Membership, user_public_id: str) -> StoreMember:
    member = db().scalar(for_update(
        select(StoreMember).join(User, User.id == StoreMember.user_id)
        .where(StoreMember.store_id == m.store.id, User.public_id == user_public_id)
    ))
    if member is None:
        raise MemberNotFound()
    return member


def remove_member(m: Membership, user_public_id: str) -> None:
    """Owners remove staff; staff may only remove themselves (leave).

    :raise MemberNotFound, CannotRemoveOwner, OwnerRequired:
    """
    target = _member_by_public_id(m, user_public_id)
    if target.role == StoreRole.owner:
        raise CannotRemoveOwner()
    if not m.is_owner and target.user_id != m.member.user_id:
        raise OwnerRequired()
    db().delete(target)
    db().flush()
    audit.record("store.member_remove", subject_type="user", subject_id=user_public_id, store=m.store,
                 actor_role=m.role.value)


def transfer_ownership(m: Membership, user_public_id: str) -> None:
    """The owner hands the store to a staff member and becomes staff. :raise MemberNotFound, OwnerRequired:"""
    # Lock the caller's own membership and check it again: of two transfers sent at once only
    # the first finds its caller still the owner (otherwise the store would end with two).
    me = db().scalar(for_update(select(StoreMember).where(StoreMember.id == m.member.id)))
    if me is None or me.role != StoreRole.owner:
        raise OwnerRequired()
    target = _member_by_public_id(m, user_public_id)
    if target.id == m.member.id:
        return
    target.role, m.member.role = StoreRole.owner, StoreRole.staff
    db().flush()
    audit.record("store.ownership_transfer", subject_type="user", subject_id=user_public_id, store=m.store,
                 actor_role=StoreRole.owner.value)


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _hash_code(code: str) -> str:
    return hashlib.sha256(_normalise_code(code).encode()).hexdigest()


def create_invitation(m: Membership, *, kind: InvitationKind = InvitationKind.staff,
                      client: Client | None = None) -> tuple[Invitation, str]:
    """A single-use invitation; the short code is returned once and stored only as a hash."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    invitation = Invitation(
        public_id=new_public_id(), kind=kind, store_id=m.store.id, client_id=client.id if client else None,
        scene="i" + "".join(secrets.choice(SCENE_ALPHABET) for _ in range(22)),
        code_hash=_hash_code(raw), created_by=m.member.user_id, expires_at=utcnow() + INVITATION_TTL,
    )
    db().add(invitation)
    db().flush()
    audit.record(f"invitation.create_{kind.value}", subject_type="invitation", subject_id=invitation.public_id,
                 store=m.store, actor_role=m.role.value)
    return invitation, f"{raw[:5]}-{raw[5:]}"


def pending_invitations(m: Membership) -> list[Invitation]:
    return list(db().scalars(
        select(Invitation).where(
            Invitation.store_id == m.store.id, Invitation.used_at.is_(None), Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(), Invitation.kind == InvitationKind.staff,
        ).order_by(Invitation.created_at.desc())
    ))


def invitation_of(m: Membership, invitation_public_id: str) -> Invitation:
    invitation = db().scalar(select(Invitation).where(
        Invitation.public_id == invitation_public_id, Invitation.store_id == m.store.id))
    if invitation is None:
        raise InvitationNotFound()
    return invitation


def revoke_invitation(m: Membership, invitation_public_id: str) -> None:
    invitation = invitation_of(m, invitation_public_id)
    if invitation.used_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record("invitation.revoke", subject_type="invitation", subject_id=invitation.public_id,
                     store=m.store, actor_role=m.role.value)


def accept_invitation(user: User, *, code: str | None = None, scene: str | None = None) -> tuple[Store, Invitation]:
    """Join a store as staff, or link the caller's WeChat account to their client file.

    :raise InvitationNotFound, InvitationExpired, InvitationRevoked, InvitationUsed,
        AlreadyMember, ConsultantRequired, PhoneMismatch:
    """
    where = Invitation.scene == scene if scene else Invitation.code_hash == _hash_code(code or "")
    invitation = db().scalar(for_update(select(Invitation).where(where)))
    if invitation is None:
        raise InvitationNotFound()
    if invitation.revoked_at is not None:
        raise InvitationRevoked()
    if invitation.used_at is not None:
        raise InvitationUsed()
    if invitation.expires_at <= utcnow():
        raise InvitationExpired()
    store = db().get_one(Store, invitation.store_id)
    if invitation.kind == InvitationKind.staff:
        _join_as_staff(user, store)
    else:
        _link_client(user, store, invitation)
    invitation.used_at, invitation.used_by = utcnow(), user.id
    db().flush()
    return store, invitation


def _join_as_staff(user: User, store: Store) -> None:
    require_consultant(user)
    exists = db().scalar(select(func.count()).select_from(StoreMember).where(
        StoreMember.store_id == store.id, StoreMember.user_id == user.id))
    if exists:
        raise AlreadyMember()
    db().add(StoreMember(store_id=store.id, user_id=user.id, role=StoreRole.staff))
    db().flush()
    audit.record("store.member_join", subject_type="user", subject_id=user.public_id, store=store,
                 actor_role=StoreRole.staff.value)


def _link_client(user: User, store: Store, invitation: Invitation) -> None:
    client = db().get_one(Client, invitation.client_id)
    if user.phone_bidx is None:
        raise PhoneRequired()
    if client.phone_bidx is None or client.phone_bidx != phone_index(store, phone_of(user) or ""):
        raise PhoneMismatch()
    client.linked_user_id = user.id
    audit.record("client.link", subject_type="client", subject_id=client.public_id, store=store,
                 actor_role="client")
