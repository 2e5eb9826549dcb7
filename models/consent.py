"""Informed consent: versioned templates, signing requests, append-only evidence, current grants.

``consent_records`` is evidence: the application inserts rows and never updates or deletes
them; each store's records form a hash chain (``consent_chain_heads`` holds its head).
``consent_grants`` is the current state the gate reads (one row per client, store and scope),
derived from the records and rebuilt from them if ever in doubt.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, PublicIdMixin, UTCDateTime, utcnow


class ConsentScope(enum.StrEnum):
    capture = "capture"  # taking and storing images
    analysis = "analysis"  # algorithmic analysis
    questionnaire = "questionnaire"  # health self-assessment
    research = "research"  # de-identified use
    showcase = "showcase"  # before/after display to other people
    share = "share"  # another store may see the data


class TemplateStatus(enum.StrEnum):
    draft = "draft"
    published = "published"
    retired = "retired"


class ConsentTemplate(PublicIdMixin, Base):
    """One version of a consent document; ``sha256`` identifies its exact text."""

    __tablename__ = "consent_templates"
    __table_args__ = (UniqueConstraint("code", "version"),)

    code: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # [{"scope": "capture", "title": "...", "text": "..."}]: each scope is agreed separately.
    scopes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[TemplateStatus] = mapped_column(
        Enum(TemplateStatus, native_enum=False, length=16), default=TemplateStatus.draft
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_operator: Mapped[str | None] = mapped_column(String(32))  # operator public id


class RequestStatus(enum.StrEnum):
    pending = "pending"
    signed = "signed"
    cancelled = "cancelled"


class ConsentRequest(PublicIdMixin, Base):
    """A consultant asks one client to sign one template for chosen scopes; single use."""

    __tablename__ = "consent_requests"
    __table_args__ = (Index("ix_consent_requests_store_client_id", "store_id", "client_id", "id"),)

    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    client_id: Mapped[int] = mapped_column(BigId, ForeignKey("clients.id"))
    template_id: Mapped[int] = mapped_column(BigId, ForeignKey("consent_templates.id"))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_by: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    # wxacode scene (<= 32 chars) that opens the signing page; random, so it cannot be guessed.
    scene: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[RequestStatus] = mapped_column(
        Enum(RequestStatus, native_enum=False, length=16), default=RequestStatus.pending
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    viewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    viewed_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RecordKind(enum.StrEnum):
    grant = "grant"
    withdraw = "withdraw"
    deletion_request = "deletion_request"


class ConsentChainHead(Base):
    __tablename__ = "consent_chain_heads"

    store_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class ConsentRecord(PublicIdMixin, Base):
    """Append-only evidence of one grant, withdrawal or deletion request, chained per store."""

    __tablename__ = "consent_records"
    __table_args__ = (
        UniqueConstraint("store_id", "seq"),
        Index("ix_consent_records_store_client_id", "store_id", "client_id", "id"),
    )

    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[RecordKind] = mapped_column(Enum(RecordKind, native_enum=False, length=24))
    client_id: Mapped[int] = mapped_column(BigId, ForeignKey("clients.id"))
    request_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("consent_requests.id"))
    template_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("consent_templates.id"))
    template_sha256: Mapped[str | None] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    actor_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(16))  # client, guardian, staff, owner
    signer_openid: Mapped[str | None] = mapped_column(String(64))
    # Encrypted (AAD: consent_records|<column>|<public_id>).
    signer_phone_enc: Mapped[str | None] = mapped_column(String(255))
    guardian_name_enc: Mapped[str | None] = mapped_column(String(255))
    guardian_relationship: Mapped[str | None] = mapped_column(String(16))
    minor: Mapped[bool] = mapped_column(Boolean, default=False)
    signature_object_key: Mapped[str | None] = mapped_column(String(255))
    signature_sha256: Mapped[str | None] = mapped_column(String(64))
    ip_enc: Mapped[str | None] = mapped_column(String(255))
    user_agent: Mapped[str | None] = mapped_column(String(255))
    reason: Mapped[str | None] = mapped_column(String(200))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ConsentGrant(Base):
    """Whether a scope is currently granted for a client in a store: what the gate reads."""

    __tablename__ = "consent_grants"
    __table_args__ = (UniqueConstraint("store_id", "client_id", "scope"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    client_id: Mapped[int] = mapped_column(BigId, ForeignKey("clients.id"))
    scope: Mapped[ConsentScope] = mapped_column(Enum(ConsentScope, native_enum=False, length=16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A guardian signed (the client was a minor when signing).
    guardian: Mapped[bool] = mapped_column(Boolean, default=False)
    granted_record_id: Mapped[int] = mapped_column(BigId, ForeignKey("consent_records.id"))
    withdrawn_record_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("consent_records.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
