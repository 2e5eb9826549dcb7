"""Client files (客户档案): personal fields encrypted, searchable through blind indexes."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, PublicIdMixin, UTCDateTime, utcnow


class Gender(enum.StrEnum):
    female = "female"
    male = "male"
    other = "other"
    undisclosed = "undisclosed"


class ClientStatus(enum.StrEnum):
    active = "active"
    deleted = "deleted"


class Client(PublicIdMixin, Base):
    __tablename__ = "clients"
    __table_args__ = (
        # Every lookup is scoped to one store; id breaks ties for stable cursor pages.
        Index("ix_clients_store_status_id", "store_id", "status", "id"),
        Index("ix_clients_store_phone_bidx", "store_id", "phone_bidx"),
    )

    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    # Encrypted (AAD: clients|<column>|<public_id>).
    name_enc: Mapped[str] = mapped_column(String(255))
    phone_enc: Mapped[str | None] = mapped_column(String(255))
    birth_date_enc: Mapped[str | None] = mapped_column(String(255))
    notes_enc: Mapped[str | None] = mapped_column(String(4096))
    # HMAC under the store's own blind-index key: exact phone match only.
    phone_bidx: Mapped[str | None] = mapped_column(String(64))
    # Not indexed on purpose: low-cardinality personal fields get no index.
    gender: Mapped[Gender] = mapped_column(Enum(Gender, native_enum=False, length=16), default=Gender.undisclosed)
    source: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[ClientStatus] = mapped_column(
        Enum(ClientStatus, native_enum=False, length=16), default=ClientStatus.active
    )
    linked_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"), index=True)
    created_by: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ClientNamePrefix(Base):
    """Blind indexes of the first 1..4 characters of a client's name, for prefix search."""

    __tablename__ = "client_name_prefixes"
    __table_args__ = (Index("ix_client_name_prefixes_store_bidx", "store_id", "prefix_bidx", "client_id"),)

    client_id: Mapped[int] = mapped_column(BigId, ForeignKey("clients.id"), primary_key=True)
    length: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    prefix_bidx: Mapped[str] = mapped_column(String(64))


class ClientTag(Base):
    __tablename__ = "client_tags"
    __table_args__ = (
        UniqueConstraint("client_id", "tag"),
        Index("ix_client_tags_store_tag_client", "store_id", "tag", "client_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    client_id: Mapped[int] = mapped_column(BigId, ForeignKey("clients.id"))
    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    tag: Mapped[str] = mapped_column(String(20))
