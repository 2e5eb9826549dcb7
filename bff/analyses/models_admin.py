"""The model registry for operators: list, register and retire analysis model versions.

A version is registered only when its file is shipped in ``jobs/vision/weights`` and hashes
to the SHA-256 the operator states; the job checks the hash again on every load, so a file
swapped afterwards is refused (``model_hash_mismatch``) instead of run.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bff.errors import DomainError
from jobs.vision import registry
from models import AnalysisModel
from models.analysis import ModelStatus
from models.base import utcnow


class ModelNotFound(DomainError):
    status, reason, message = 404, "analysis_model_not_found", "分析模型版本不存在"


class ModelFileRefused(DomainError):
    status, reason, message = 422, "model_hash_mismatch", "模型文件不存在或其 SHA-256 与登记的不一致"


class ModelVersionExists(DomainError):
    status, reason, message = 409, "analysis_model_exists", "该模型版本已登记"


def list_models(session: Session) -> list[AnalysisModel]:
    return list(session.scalars(select(AnalysisModel).order_by(AnalysisModel.id)))


def register_model(session: Session, data: dict[str, Any], *, operator_id: str) -> AnalysisModel:
    """:raise ModelFileRefused: :raise ModelVersionExists:"""
    if data["task"] not in registry.REQUIRED_TASKS or registry.file_sha256(data["file"]) != data["sha256"].lower():
        raise ModelFileRefused(errors={"file": data["file"]})
    row = AnalysisModel(name=data["name"], version=data["version"], task=data["task"], file=data["file"],
                        sha256=data["sha256"].lower(), runtime=data["runtime"], input_shape=data["input_shape"],
                        normalisation=data["normalisation"], labels=data["labels"], registered_by=operator_id)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise ModelVersionExists() from None
    return row


def retire_model(session: Session, public_id: str) -> AnalysisModel:
    """New analyses stop using it; analyses already requested with it still finish. :raise ModelNotFound:"""
    row = session.scalar(select(AnalysisModel).where(AnalysisModel.public_id == public_id).with_for_update())
    if row is None:
        raise ModelNotFound()
    if row.status != ModelStatus.retired:
        row.status, row.retired_at = ModelStatus.retired, utcnow()
    return row
