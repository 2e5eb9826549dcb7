"""Operators' browser sessions for the admin panel (separate from WeChat users' sessions).

The cookie holds a random token; only its SHA-256 is stored. A session passes the password
stage first (``stage`` ``totp``, or ``enrol`` while the operator has no confirmed TOTP secret)
and becomes ``full`` after the second factor, with a fresh token each time (no fixation).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, UTCDateTime, utcnow


class OperatorSession(Base):
    __tablename__ = "operator_sessions"
    __table_args__ = (Index("ix_operator_sessions_operator_id", "operator_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    operator_id: Mapped[int] = mapped_column(BigId, ForeignKey("operators.id"))
    stage: Mapped[str] = mapped_column(String(8))  # totp | enrol | full
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
