"""Versioned Terms of Service / Privacy Policy and who accepted which version."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, BigId, UTCDateTime, utcnow


class DocumentKind(enum.StrEnum):
    terms = "terms"
    privacy = "privacy"


class LegalDocument(Base):
    """Immutable once published; a change is a new version with a new SHA-256."""

    __tablename__ = "legal_documents"
    __table_args__ = (UniqueConstraint("kind", "version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[DocumentKind] = mapped_column(Enum(DocumentKind, native_enum=False, length=16))
    version: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, deferred=True)  # hot paths need ids, not texts
    sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AgreementAcceptance(Base):
    """Append-only evidence of acceptance: user, exact document version, time."""

    __tablename__ = "agreement_acceptances"
    __table_args__ = (UniqueConstraint("user_id", "document_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    document_id: Mapped[int] = mapped_column(BigId, ForeignKey("legal_documents.id"))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    client_ip: Mapped[str | None] = mapped_column(String(45))

    document: Mapped[LegalDocument] = relationship(lazy="joined")
