"""Stores (tenants), their members and invitations."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, PublicIdMixin, UTCDateTime, utcnow


class StoreRole(enum.StrEnum):
    owner = "owner"
    staff = "staff"


class Store(PublicIdMixin, Base):
    __tablename__ = "stores"

    name: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(200))
    business_category: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # by an operator: members lose access


class StoreMember(Base):
    __tablename__ = "store_members"
    __table_args__ = (UniqueConstraint("store_id", "user_id"), Index("ix_store_members_user_id", "user_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    role: Mapped[StoreRole] = mapped_column(Enum(StoreRole, native_enum=False, length=16))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InvitationKind(enum.StrEnum):
    staff = "staff"  # join the store as staff
    client_link = "client_link"  # a person links their WeChat account to their client file


class Invitation(PublicIdMixin, Base):
    """Single-use, expiring, revocable. Only the hash of the short code is stored."""

    __tablename__ = "invitations"
    __table_args__ = (Index("ix_invitations_store_id", "store_id"),)

    kind: Mapped[InvitationKind] = mapped_column(Enum(InvitationKind, native_enum=False, length=16))
    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    client_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("clients.id"))
    # wxacode scene (<= 32 visible chars) and the typed short code both resolve here.
    scene: Mapped[str] = mapped_column(String(32), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
