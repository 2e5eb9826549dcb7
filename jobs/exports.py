"""Build an export ZIP (queue ``exports``): ``build_export(export_id)``.

The consent rules are checked again here (``bff.images.export_rules``): an image whose client
withdrew since the request, or that was deleted, is skipped and counted in ``skipped``. Images
stream from OSS one at a time into a spooled ZIP (``jobs.export_archive``), and ``done`` is
committed after each, so the API shows progress. The ZIP goes to
``stores/<store pid>/exports/<export pid>.zip``.

Idempotent: a done export is left alone; any other state starts over and overwrites the same
key. Transient failures raise and RQ retries; after the last retry ``export_failed`` marks
the export failed so nobody polls forever.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, aliased

from bff.consent.receipts import render_receipt
from bff.images.export_rules import refused
from jobs import runtime
from jobs.export_archive import Archive, Item, shuffled
from models import Analysis, CaptureSession, Client, ConsentGrant, ConsentRecord, ExportJob, Image, Store
from models.analysis import AnalysisStatus
from models.base import utcnow
from models.consent import ConsentScope
from models.images import ExportMode, ExportStatus
from models.transient import retry_once

log = logging.getLogger(__name__)
SPOOL_IN_MEMORY = 32 * 1024 * 1024  # beyond this the ZIP is spooled to a temporary file


@retry_once
def build_export(export_id: int) -> str:
    rt = runtime.current()
    with rt.transaction() as s:
        export = s.get(ExportJob, export_id, with_for_update=True)
        if export is None or export.status == ExportStatus.done:
            return "nothing"
        items, receipts = _plan(s, rt, export)
        export.status, export.done, export.error = ExportStatus.running, 0, None
        export.skipped = export.total - len(items)
        mode, key = export.mode, f"stores/{s.get_one(Store, export.store_id).public_id}/exports/{export.public_id}.zip"
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        archive = Archive(spool, mode.value)
        try:
            written = _write(rt, export_id, archive, shuffled(items) if mode == ExportMode.deidentified else items)
            for record_id, record_public_id in receipts:
                archive.add_receipt(record_public_id, _receipt_pdf(rt, record_id))
            archive.close()
        except BaseException:
            archive.abandon()
            raise
        spool.seek(0)
        rt.oss.put(key, spool, content_type="application/zip")
    with rt.transaction() as s:
        s.execute(update(ExportJob).where(ExportJob.id == export_id).values(
            status=ExportStatus.done, object_key=key, finished_at=utcnow()))
    return f"exported={written}"


def _write(rt: runtime.Runtime, export_id: int, archive: Archive, items: list[Item]) -> int:
    written = 0
    for item in items:
        data = _source(rt, item, archive.mode == ExportMode.deidentified.value)
        if data is None:
            _count(rt, export_id, skipped=1)
            continue
        archive.add_image(item, data, written + 1)
        written += 1
        _count(rt, export_id, done=1)  # committed: the API shows progress
    return written


def _source(rt: runtime.Runtime, item: Item, deidentified: bool) -> bytes | None:
    """The bytes to export, or None to skip the image. A de-identified export takes the analysis'
    copy with faces pixelated, or pixelates the faces of the clean original now; a face view in
    which no face is found is skipped rather than exported with a face nobody blurred."""
    if deidentified and item.deidentified_key:
        return rt.oss.get(item.deidentified_key)
    data = rt.oss.get(item.clean_key)
    if item.sha256 and hashlib.sha256(data).hexdigest() != item.sha256:
        # Stored bytes differ from the record: never ship them as "the original".
        log.error("export: clean original does not match its sha256", extra={"image_id": item.image_id})
        return None
    if not deidentified:
        return data
    from jobs import analysis
    from jobs.vision import pipeline

    with rt.transaction() as s:
        models = analysis.load_models(analysis.active_specs(s))
    try:
        blurred = pipeline.deidentify_original(data, models.face, max_pixels=rt.settings.image_max_pixels)
    except pipeline.Refused:
        return None
    if blurred is None and (item.region == "face" or (item.view or "").startswith("face")):
        return None
    return blurred or data


def _plan(s: Session, rt: runtime.Runtime, export: ExportJob) -> tuple[list[Item], list[tuple[int, str]]]:
    """The images still allowed, in request order, and the consent records whose receipts go in."""
    images = list(s.scalars(select(Image).where(Image.id.in_(export.image_ids), Image.store_id == export.store_id)))
    refused_ids = {i.id for i in refused(s, export.store_id, images, export.mode, cipher=rt.cipher,
                                         minor_age=rt.settings.minor_age)}
    allowed = [i for i in images if i.id not in refused_ids and i.clean_key]
    refs = _public_ids(s, allowed)
    records: dict[int, tuple[int, str]] = {}
    if export.mode == ExportMode.original:
        records = {row[0]: (row[1], row[2]) for row in s.execute(
            select(ConsentGrant.client_id, ConsentRecord.id, ConsentRecord.public_id)
            .join(ConsentRecord, ConsentRecord.id == ConsentGrant.granted_record_id)
            .where(ConsentGrant.store_id == export.store_id, ConsentGrant.scope == ConsentScope.capture,
                   ConsentGrant.active.is_(True), ConsentGrant.client_id.in_({i.client_id for i in allowed})))}
    deid: dict[int, str] = {}
    if export.mode == ExportMode.deidentified and allowed:
        # The newest succeeded analysis' copy with faces pixelated (jobs/analysis.py).
        for image_id, key in s.execute(select(Analysis.image_id, Analysis.deidentified_key).where(
                Analysis.image_id.in_([i.id for i in allowed]), Analysis.status == AnalysisStatus.succeeded,
                Analysis.deidentified_key.is_not(None)).order_by(Analysis.id)):
            assert key is not None  # the query excludes NULL keys
            deid[image_id] = key
    position = {image_id: n for n, image_id in enumerate(export.image_ids)}
    items = [Item(image_id=i.id, public_id=i.public_id, client=refs[i.id][0], session=refs[i.id][1], view=i.view,
                  region=i.region, captured_at=i.captured_at, sha256=i.sha256, width=i.width, height=i.height,
                  clean_key=i.clean_key or "", deidentified_key=deid.get(i.id),
                  receipt=records[i.client_id][1] if i.client_id in records else None)
             for i in sorted(allowed, key=lambda i: position[i.id])]
    return items, sorted(set(records.values()))


def _public_ids(s: Session, images: list[Image]) -> dict[int, tuple[str, str | None]]:
    if not images:
        return {}
    session = aliased(CaptureSession)
    rows = s.execute(select(Image.id, Client.public_id, session.public_id)
                     .join(Client, Client.id == Image.client_id)
                     .outerjoin(session, session.id == Image.session_id)
                     .where(Image.id.in_([i.id for i in images])))
    return {row[0]: (row[1], row[2]) for row in rows}


def _count(rt: runtime.Runtime, export_id: int, *, done: int = 0, skipped: int = 0) -> None:
    with rt.transaction() as s:
        s.execute(update(ExportJob).where(ExportJob.id == export_id).values(
            done=ExportJob.done + done, skipped=ExportJob.skipped + skipped))


def _receipt_pdf(rt: runtime.Runtime, record_id: int) -> bytes:
    with rt.transaction() as s:
        return render_receipt(s, s.get_one(ConsentRecord, record_id), oss=rt.oss, cipher=rt.cipher)


def export_failed(job: Any, connection: Any, exc_type: Any, exc: Any, traceback: Any) -> None:
    """RQ on_failure: runs after every failed attempt; only the last one marks the export failed."""
    if job.retries_left:
        return
    with runtime.current().transaction() as s:
        s.execute(update(ExportJob).where(ExportJob.id == job.args[0], ExportJob.status != ExportStatus.done)
                  .values(status=ExportStatus.failed, error=(getattr(exc_type, "__name__", None) or "error")[:64],
                          finished_at=utcnow()))
