"""Data-encryption keys, stored only wrapped by a key-encryption key from configuration."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class DataKeyStatus(enum.StrEnum):
    primary = "primary"  # encrypts new values; exactly one
    active = "active"  # decrypts old values until re-encryption finishes
    retired = "retired"  # no value references it any more


class DataKey(Base):
    __tablename__ = "data_keys"

    kid: Mapped[str] = mapped_column(String(16), primary_key=True)
    kek_id: Mapped[str] = mapped_column(String(16))
    wrapped_key: Mapped[str] = mapped_column(String(255))
    status: Mapped[DataKeyStatus] = mapped_column(Enum(DataKeyStatus, native_enum=False, length=16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
