"""Bulk exports of a store's images: requested by the owner with a recorded approval, built by
``jobs.exports.build_export``, downloaded through short-lived signed links.

Every request, and every download link issued, is an audit event; the approval reason the
owner typed is the event's purpose (SECURITY #18: bulk export needs a recorded approval).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bff.audit import service as audit
from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError
from bff.images import export_rules
from bff.stores.access import Membership
from jobs import enqueue, outbox
from models import ExportJob, Image
from models.base import utcnow
from models.images import ExportMode, ExportStatus, ImageStatus


class ExportNotFound(DomainError):
    status, reason, message = 404, "export_not_found", "导出任务不存在"


class ExportApprovalRequired(DomainError):
    status, reason, message = 403, "export_approval_required", "批量导出须填写审批说明"


class ExportImagesNotFound(DomainError):
    status, reason, message = 422, "export_images_not_found", "部分影像不存在或不可导出"


class ExportNotAllowed(DomainError):
    status, reason, message = 422, "export_not_allowed", "部分影像的客户同意范围不允许以该方式导出"


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def create_export(m: Membership, *, image_ids: list[str], mode: ExportMode, approval_reason: str | None
                  ) -> ExportJob:
    """Queue an export of ready images of the store (owner only: the caller checks).

    :raise ExportApprovalRequired: no approval reason.
    :raise ExportImagesNotFound: ids that are not ready images of this store (another store's
        included, indistinguishably), listed in ``errors.image_ids``.
    :raise ExportNotAllowed: images whose client's consent does not allow ``mode``, listed.
    """
    reason = (approval_reason or "").strip()
    if len(reason) < 2:
        raise ExportApprovalRequired()
    wanted = _unique(image_ids)
    found = {i.public_id: i for i in db().scalars(
        select(Image).where(Image.public_id.in_(wanted), Image.store_id == m.store.id,
                            Image.status == ImageStatus.ready))}
    if missing := [pid for pid in wanted if pid not in found]:
        raise ExportImagesNotFound(errors={"image_ids": missing})
    settings = deps().settings
    refused = export_rules.refused(db(), m.store.id, found.values(), mode, cipher=deps().cipher,
                                   minor_age=settings.minor_age)
    if refused:
        raise ExportNotAllowed(errors={"image_ids": [i.public_id for i in refused]})
    export = ExportJob(store_id=m.store.id, requested_by=m.member.user_id, mode=mode,
                       image_ids=[found[pid].id for pid in wanted], total=len(wanted), done=0, skipped=0,
                       status=ExportStatus.queued, created_at=utcnow())
    db().add(export)
    db().flush()
    audit.record("image.export", subject_type="export", subject_id=export.public_id, store=m.store,
                 actor_role=m.role.value, purpose=f"{mode.value} x{len(wanted)}: {reason}")
    outbox.emit(db(), enqueue.build_export, export.id)
    return export


def get_export(m: Membership, public_id: str) -> ExportJob:
    export = db().scalar(select(ExportJob).where(ExportJob.public_id == public_id, ExportJob.store_id == m.store.id))
    if export is None:
        raise ExportNotFound()
    return export


def export_out(m: Membership, export: ExportJob, *, with_link: bool) -> dict[str, Any]:
    """The export's state; once done (and asked for), a signed download link, audited."""
    finished = export.done + export.skipped
    progress = 100 if export.status == ExportStatus.done else min(99, 100 * finished // max(export.total, 1))
    out: dict[str, Any] = {
        "id": export.public_id, "mode": export.mode, "status": export.status, "total": export.total,
        "done": export.done, "skipped": export.skipped, "created_at": export.created_at,
        "finished_at": export.finished_at, "download_url": None, "download_expires_at": None,
        "progress": progress,
    }
    if with_link and export.status == ExportStatus.done and export.object_key:
        ttl = deps().settings.export_link_ttl
        out["download_url"] = deps().oss.signed_url(export.object_key, expires=ttl,
                                                    download_name=f"export-{export.public_id}.zip")
        out["download_expires_at"] = utcnow() + timedelta(seconds=ttl)
        audit.record("image.export_link", subject_type="export", subject_id=export.public_id, store=m.store,
                     actor_role=m.role.value)
    return out
