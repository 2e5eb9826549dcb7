"""WeChat users and the consultant registration that some of them complete."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, BigId, PublicIdMixin, UTCDateTime, utcnow


class UserStatus(enum.StrEnum):
    active = "active"
    disabled = "disabled"


class User(PublicIdMixin, Base):
    __tablename__ = "users"

    openid: Mapped[str] = mapped_column(String(64), unique=True)
    unionid: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[UserStatus] = mapped_column(
        Enum(UserStatus, native_enum=False, length=16), default=UserStatus.active
    )
    # Encrypted with the field cipher; AAD binds table, column and public_id.
    session_key_enc: Mapped[str | None] = mapped_column(String(255))
    phone_enc: Mapped[str | None] = mapped_column(String(255))
    # HMAC blind index of the E.164 phone: equality lookup without plaintext.
    phone_bidx: Mapped[str | None] = mapped_column(String(64), unique=True)
    phone_bound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultant: Mapped[ConsultantProfile | None] = relationship(back_populates="user", lazy="raise")


class ConsultantProfile(Base):
    """Registration data the terms require of consultants (18+, industry, store)."""

    __tablename__ = "consultant_profiles"

    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(40))
    industry: Mapped[str] = mapped_column(String(32))
    store_name: Mapped[str] = mapped_column(String(80))
    store_city: Mapped[str] = mapped_column(String(40))
    store_address: Mapped[str] = mapped_column(String(200))
    # Data minimisation: the terms need an 18+ attestation, not a birth date.
    adult_attested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="consultant")
