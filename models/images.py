"""Capture sessions (visits), upload tickets, images and their derivatives, exports.

Every row carries its store; every object key starts with the store's prefix
(``stores/<store public id>/``), so data can be partitioned or purged per tenant.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Enum, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, PublicIdMixin, UTCDateTime, utcnow


class DeviceKind(enum.StrEnum):
    phone_camera = "phone_camera"
    imaging_device = "imaging_device"


class LightMode(enum.StrEnum):
    standard = "standard"
    cross_polarized = "cross_polarized"
    uv = "uv"


class CaptureSession(PublicIdMixin, Base):
    """One visit: who captured, with which device and light, following which protocol."""

    __tablename__ = "capture_sessions"
    __table_args__ = (Index("ix_capture_sessions_store_client_id", "store_id", "client_id", "id"),)

    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    client_id: Mapped[int] = mapped_column(BigId, ForeignKey("clients.id"))
    consultant_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    device_kind: Mapped[DeviceKind] = mapped_column(Enum(DeviceKind, native_enum=False, length=16))
    # {"camera_model"} for a phone; {"maker", "model", "serial"} for an imaging device.
    device: Mapped[dict[str, Any]] = mapped_column(JSON)
    light_mode: Mapped[LightMode] = mapped_column(Enum(LightMode, native_enum=False, length=16))
    # {"exposure", "white_balance", "resolution"}
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    protocol: Mapped[str] = mapped_column(String(32))
    # [{"view": "face_front", "region": "face", "angle": "front"}]: the standard views to take.
    views: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UploadPurpose(enum.StrEnum):
    photo = "photo"
    signature = "signature"


class UploadTicket(PublicIdMixin, Base):
    """An issued upload policy: the exact key, what may be put there, and until when."""

    __tablename__ = "upload_tickets"

    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    client_id: Mapped[int] = mapped_column(BigId, ForeignKey("clients.id"))
    purpose: Mapped[UploadPurpose] = mapped_column(Enum(UploadPurpose, native_enum=False, length=16))
    session_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("capture_sessions.id"))
    consent_request_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("consent_requests.id"))
    view: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(32))
    content_type: Mapped[str] = mapped_column(String(32))
    object_key: Mapped[str] = mapped_column(String(255), unique=True)
    max_bytes: Mapped[int] = mapped_column(BigInteger)
    issued_to: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set once the upload is known (callback or confirm); the image it became.
    image_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("images.id"))


class ImageStatus(enum.StrEnum):
    processing = "processing"  # uploaded, being checked
    ready = "ready"
    rejected = "rejected"  # failed the checks; the object is deleted, reject_reason says why
    blocked = "blocked"  # consent withdrawn before processing; nothing derived
    deleted = "deleted"  # soft-deleted; objects removed by a job


class Image(PublicIdMixin, Base):
    __tablename__ = "images"
    __table_args__ = (
        # Keyset pages (newest first) per filter; every filter starts with the store.
        Index("ix_images_store_status_id", "store_id", "status", "id"),
        Index("ix_images_store_client_status_id", "store_id", "client_id", "status", "id"),
        Index("ix_images_store_session_id", "store_id", "session_id", "id"),
        Index("ix_images_store_view_id", "store_id", "view", "id"),
        Index("ix_images_store_region_id", "store_id", "region", "id"),
        Index("ix_images_store_captured_id", "store_id", "captured_at", "id"),
    )

    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    client_id: Mapped[int] = mapped_column(BigId, ForeignKey("clients.id"))
    purpose: Mapped[UploadPurpose] = mapped_column(
        Enum(UploadPurpose, native_enum=False, length=16), default=UploadPurpose.photo
    )
    session_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("capture_sessions.id"))
    view: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[ImageStatus] = mapped_column(
        Enum(ImageStatus, native_enum=False, length=16), default=ImageStatus.processing
    )
    reject_reason: Mapped[str | None] = mapped_column(String(32))
    object_key: Mapped[str] = mapped_column(String(255), unique=True)  # the upload as received
    clean_key: Mapped[str | None] = mapped_column(String(255))  # re-encoded, metadata stripped
    thumb_key: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))  # of the clean original
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    paired_with_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("images.id"))
    uploaded_by: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # objects removed from storage


class ImageTag(Base):
    __tablename__ = "image_tags"
    __table_args__ = (
        UniqueConstraint("image_id", "tag"),
        Index("ix_image_tags_store_tag_image", "store_id", "tag", "image_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    image_id: Mapped[int] = mapped_column(BigId, ForeignKey("images.id"))
    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    tag: Mapped[str] = mapped_column(String(20))


class ExportMode(enum.StrEnum):
    original = "original"  # clean originals with the manifest's metadata
    deidentified = "deidentified"  # copies with no metadata, manifest without personal fields


class ExportStatus(enum.StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class ExportJob(PublicIdMixin, Base):
    __tablename__ = "image_exports"
    __table_args__ = (Index("ix_image_exports_store_id", "store_id", "id"),)

    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    requested_by: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    mode: Mapped[ExportMode] = mapped_column(Enum(ExportMode, native_enum=False, length=16))
    image_ids: Mapped[list[int]] = mapped_column(JSON)  # internal ids, never leave the server
    status: Mapped[ExportStatus] = mapped_column(
        Enum(ExportStatus, native_enum=False, length=16), default=ExportStatus.queued
    )
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)  # images no longer allowed at run time
    object_key: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
