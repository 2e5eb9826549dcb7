"""Image analyses, before/after comparisons and the registry of models they run.

An analysis row is the truth about a job: the API answers from it (a Redis flush loses
nothing), a sweeper re-enqueues rows whose worker died, and ``attempt`` fences a late writer
so a result is stored exactly once.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, PublicIdMixin, UTCDateTime, utcnow


class ModelStatus(enum.StrEnum):
    active = "active"
    retired = "retired"


class AnalysisModel(PublicIdMixin, Base):
    """A registered model file: what it is, how to feed it, and the hash it must have."""

    __tablename__ = "analysis_models"
    __table_args__ = (UniqueConstraint("name", "version"), Index("ix_analysis_models_task_status", "task", "status"))

    name: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    task: Mapped[str] = mapped_column(String(32))
    runtime: Mapped[str] = mapped_column(String(32))
    file: Mapped[str] = mapped_column(String(128))
    sha256: Mapped[str] = mapped_column(String(64))
    input_shape: Mapped[list[Any]] = mapped_column(JSON)
    normalisation: Mapped[dict[str, Any]] = mapped_column(JSON)
    labels: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[ModelStatus] = mapped_column(Enum(ModelStatus, native_enum=False, length=16),
                                                default=ModelStatus.active)
    registered_by: Mapped[str | None] = mapped_column(String(32))  # operator public id; None = shipped
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AnalysisStatus(enum.StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


FINISHED = (AnalysisStatus.succeeded, AnalysisStatus.failed, AnalysisStatus.cancelled)


class Analysis(PublicIdMixin, Base):
    __tablename__ = "analyses"
    __table_args__ = (
        # One analysis per image and set of model versions: asking again returns it.
        UniqueConstraint("image_id", "models_key"),
        Index("ix_analyses_store_image_id", "store_id", "image_id", "id"),
        Index("ix_analyses_status_heartbeat", "status", "heartbeat_at"),
    )

    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    client_id: Mapped[int] = mapped_column(BigId, ForeignKey("clients.id"))
    image_id: Mapped[int] = mapped_column(BigId, ForeignKey("images.id"))
    requested_by: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    # "name:version:sha256[:12]" of every model, sorted, joined by "," (plus the pipeline version).
    models_key: Mapped[str] = mapped_column(String(255))
    status: Mapped[AnalysisStatus] = mapped_column(Enum(AnalysisStatus, native_enum=False, length=16),
                                                   default=AnalysisStatus.queued)
    stage: Mapped[str | None] = mapped_column(String(32))
    percent: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str | None] = mapped_column(String(64))  # why it failed (stable code)
    attempt: Mapped[int] = mapped_column(Integer, default=0)  # fences writers: only the current attempt stores
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    overlay_key: Mapped[str | None] = mapped_column(String(255))
    deidentified_key: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Comparison(PublicIdMixin, Base):
    """Before/after: two succeeded analyses of one client and view, aligned."""

    __tablename__ = "analysis_comparisons"
    __table_args__ = (UniqueConstraint("before_id", "after_id"), Index("ix_analysis_comparisons_store_id", "store_id", "id"))  # noqa: E501

    store_id: Mapped[int] = mapped_column(BigId, ForeignKey("stores.id"))
    client_id: Mapped[int] = mapped_column(BigId, ForeignKey("clients.id"))
    before_id: Mapped[int] = mapped_column(BigId, ForeignKey("analyses.id"))
    after_id: Mapped[int] = mapped_column(BigId, ForeignKey("analyses.id"))
    requested_by: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    status: Mapped[AnalysisStatus] = mapped_column(Enum(AnalysisStatus, native_enum=False, length=16),
                                                   default=AnalysisStatus.queued)
    reason: Mapped[str | None] = mapped_column(String(64))
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    before_key: Mapped[str | None] = mapped_column(String(255))  # the aligned pair, side by side
    after_key: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
