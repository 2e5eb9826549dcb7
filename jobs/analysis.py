"""Run an image analysis (queue ``analysis``): ``run_analysis(analysis_id)``.

The ``analyses`` row is the state: ``queued → running (stage, percent) → succeeded | failed``.
The job claims the row by bumping ``attempt``; progress and the result are written only while
the row is still ``running`` with that attempt, so a worker SIGKILLed mid-job, whose row the
sweeper (``requeue_stale``) hands to a new attempt, can never store a second result.

Consent for ``analysis`` (and ``capture``) is checked when the job starts and again before the
result is stored: withdrawn in between, nothing is stored and derivatives already written are
deleted. Input that can never be analysed (corrupt, over the pixel limit, not the bytes the
image record names) and models that fail verification fail the row with a stable ``reason``
and do not retry; storage errors raise so RQ retries, and ``analysis_failed`` records the
last one.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import cv2
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bff.capture.gate import capture_allowed, is_minor
from bff.consent.gate import granted
from bff.integrations.wechat import WechatRejected
from jobs import enqueue, outbox, runtime
from jobs.vision import pipeline, registry
from models import Analysis, AnalysisModel, CaptureSession, Client, Image, Store, User
from models.analysis import FINISHED, AnalysisStatus
from models.base import utcnow
from models.consent import ConsentScope
from models.images import ImageStatus
from models.transient import retry_once

log = logging.getLogger(__name__)
SHANGHAI = ZoneInfo("Asia/Shanghai")
STALE_AFTER = timedelta(seconds=enqueue.ANALYSIS_TIMEOUT + 60)  # a running row this quiet lost its worker
# A comparison beats once, when it starts: past its job timeout plus a minute, its worker is gone.
COMPARISON_STALE_AFTER = timedelta(seconds=enqueue.run_comparison.timeout + 60)


def models_key(specs: list[registry.ModelSpec]) -> str:
    parts = sorted(f"{s.name}:{s.version}:{s.sha256[:12]}" for s in specs)
    return ",".join([f"pipeline:{pipeline.PIPELINE_VERSION}", *parts])


def spec_of(row: AnalysisModel) -> registry.ModelSpec:
    return registry.ModelSpec(row.name, row.version, row.task, row.file, row.sha256, list(row.input_shape),
                              dict(row.normalisation), list(row.labels), runtime=row.runtime)


def active_specs(session: Session) -> list[registry.ModelSpec]:
    """The newest active version of each task the pipeline needs (none missing)."""
    rows = session.scalars(select(AnalysisModel).where(AnalysisModel.status == "active",
                                                       AnalysisModel.task.in_(registry.REQUIRED_TASKS))
                           .order_by(AnalysisModel.id.desc()))
    newest: dict[str, AnalysisModel] = {}
    for row in rows:
        newest.setdefault(row.task, row)
    return [spec_of(newest[t]) for t in registry.REQUIRED_TASKS if t in newest]


def specs_for_key(session: Session, key: str) -> list[registry.ModelSpec]:
    """The exact versions an analysis was requested with (retired since is fine: it finishes)."""
    names = [tuple(p.split(":")[:2]) for p in key.split(",")[1:]]
    rows = session.scalars(select(AnalysisModel).where(
        or_(*[(AnalysisModel.name == n) & (AnalysisModel.version == v) for n, v in names])))
    return [spec_of(r) for r in rows]


def consented(session: Session, client: Client) -> bool:
    rt = runtime.current()
    if not capture_allowed(session, rt.cipher, client, minor_age=rt.settings.minor_age):
        return False
    grant = granted(session, client.store_id, client.id, ConsentScope.analysis)
    return grant is not None and (grant.guardian or not is_minor(rt.cipher, client, rt.settings.minor_age))


def _fail(analysis_id: int, attempt: int | None, reason: str) -> str:
    with runtime.current().transaction() as s:
        fence = [Analysis.id == analysis_id, Analysis.status.in_([AnalysisStatus.queued, AnalysisStatus.running])]
        if attempt is not None:
            fence.append(Analysis.attempt == attempt)
        s.execute(update(Analysis).where(*fence).values(status=AnalysisStatus.failed, reason=reason,
                                                          finished_at=utcnow(), stage=None))
    log.info("analysis failed", extra={"analysis_id": analysis_id, "reason": reason})
    return f"failed:{reason}"


def _progress(analysis_id: int, attempt: int, stage: str, percent: int) -> None:
    with runtime.current().transaction() as s:
        s.execute(update(Analysis).where(Analysis.id == analysis_id, Analysis.attempt == attempt,
                                         Analysis.status == AnalysisStatus.running)
                  .values(stage=stage, percent=percent, heartbeat_at=utcnow()))


def _claim(analysis_id: int) -> dict[str, Any] | str:
    """Start an attempt: (what the job needs) or the outcome when there is nothing to do."""
    with runtime.current().transaction() as s:
        a = s.get(Analysis, analysis_id, with_for_update=True)
        if a is None or a.status in FINISHED:
            return "nothing"
        image = s.get(Image, a.image_id)
        if image is None or image.status != ImageStatus.ready or not image.clean_key:
            a.status, a.reason, a.finished_at = AnalysisStatus.failed, "image_unavailable", utcnow()
            return "failed:image_unavailable"
        if not consented(s, s.get_one(Client, a.client_id)):
            a.status, a.reason, a.finished_at = AnalysisStatus.failed, "consent_withdrawn", utcnow()
            return "failed:consent_withdrawn"
        capture = s.get(CaptureSession, image.session_id) if image.session_id else None
        a.status, a.stage, a.percent, a.attempt = AnalysisStatus.running, "fetch", 5, a.attempt + 1
        a.started_at = a.heartbeat_at = utcnow()
        folder = image.clean_key.rsplit("/", 1)[0]
        return {"attempt": a.attempt, "key": image.clean_key, "sha256": image.sha256, "region": image.region,
                "light_mode": capture.light_mode.value if capture else "standard",
                "specs": specs_for_key(s, a.models_key), "models_key": a.models_key,
                "overlay_key": f"{folder}/analysis-{a.public_id}/overlay.jpg",
                "deid_key": f"{folder}/analysis-{a.public_id}/deidentified.jpg"}


def load_models(specs: list[registry.ModelSpec]) -> pipeline.Models:
    """:raise registry.ModelRefused:"""
    by_task = {s.task: registry.load(s) for s in specs}
    missing = [t for t in registry.REQUIRED_TASKS if t not in by_task]
    if missing:
        raise registry.ModelRefused("model_missing", ",".join(missing))
    return pipeline.Models(quality=by_task[registry.QUALITY], face=by_task[registry.FACE])


@retry_once
def run_analysis(analysis_id: int) -> str:
    rt = runtime.current()
    job = _claim(analysis_id)
    if isinstance(job, str):
        return job
    attempt, started = job["attempt"], time.perf_counter()
    try:
        models = load_models(job["specs"])
    except registry.ModelRefused as exc:
        return _fail(analysis_id, attempt, exc.reason)
    data = rt.oss.get(job["key"])  # raises on storage errors: RQ retries
    fetched = time.perf_counter()
    if job["sha256"] and hashlib.sha256(data).hexdigest() != job["sha256"]:
        return _fail(analysis_id, attempt, "input_mismatch")
    _progress(analysis_id, attempt, "analyse", 30)
    try:
        outcome = pipeline.analyse(data, models, light_mode=job["light_mode"], region=job["region"],
                                   max_pixels=rt.settings.image_max_pixels, input_sha256=job["sha256"] or "")
    except pipeline.Refused as exc:
        return _fail(analysis_id, attempt, exc.reason)
    del data
    analysed = time.perf_counter()
    written = []
    if outcome.overlay_jpeg is not None:
        rt.oss.put(job["overlay_key"], outcome.overlay_jpeg, content_type="image/jpeg")
        written.append(job["overlay_key"])
    if outcome.deidentified_jpeg is not None:
        rt.oss.put(job["deid_key"], outcome.deidentified_jpeg, content_type="image/jpeg")
        written.append(job["deid_key"])
    outcome.result["timings_ms"] |= {"fetch": round((fetched - started) * 1000, 2),
                                     "store": round((time.perf_counter() - analysed) * 1000, 2)}
    return _finish(analysis_id, attempt, outcome.result, job, written)


def _finish(analysis_id: int, attempt: int, result: dict[str, Any], job: dict[str, Any], written: list[str]) -> str:
    rt = runtime.current()
    with rt.transaction() as s:
        a = s.get(Analysis, analysis_id, with_for_update=True)
        if a is None or a.status != AnalysisStatus.running or a.attempt != attempt:
            return "nothing"  # a newer attempt owns the row (same keys, same bytes: leave them)
        if not consented(s, s.get_one(Client, a.client_id)):
            rt.oss.delete_many(written)  # inside the transaction: a storage error retries the whole step
            a.status, a.reason, a.finished_at, a.stage = AnalysisStatus.failed, "consent_withdrawn", utcnow(), None
            return "failed:consent_withdrawn"
        a.status, a.stage, a.percent, a.finished_at = AnalysisStatus.succeeded, None, 100, utcnow()
        a.result = result
        a.overlay_key = job["overlay_key"] if job["overlay_key"] in written else None
        a.deidentified_key = job["deid_key"] if job["deid_key"] in written else None
        outbox.emit(s, enqueue.notify_analysis, analysis_id)
    return "succeeded" if result["quality"]["passed"] else "succeeded:retake"


def analysis_failed(job: Any, connection: Any, exc_type: Any, exc_value: Any, traceback: Any) -> None:
    """RQ on_failure after the last retry: a storage outage that outlasted the retries."""
    _fail(job.args[0], None, "transient_failure_exhausted")


def requeue_stale(now: Any = None) -> int:
    """Queue again the analyses (and comparisons) whose worker died: running with no heartbeat
    for STALE_AFTER (a SIGKILLed worker, an OOM kill). Every minute (jobs/schedule.py). A lost hand-off of a
    queued analysis is the outbox relay's to re-send; the attempt fence makes both safe."""
    from models import Comparison

    now = now or utcnow()
    with runtime.current().transaction() as s:
        ids = list(s.scalars(select(Analysis.id).where(
            Analysis.status == AnalysisStatus.running, Analysis.heartbeat_at < now - STALE_AFTER)
            .limit(500).with_for_update(skip_locked=True)))
        if ids:
            s.execute(update(Analysis).where(Analysis.id.in_(ids))
                      .values(status=AnalysisStatus.queued, stage="requeued", heartbeat_at=now))
        for analysis_id in ids:
            outbox.emit(s, enqueue.run_analysis, analysis_id)
        # Comparisons alike: queued again; the attempt fence stops the dead attempt from writing.
        pairs = list(s.scalars(select(Comparison.id).where(
            Comparison.status == AnalysisStatus.running, Comparison.heartbeat_at < now - COMPARISON_STALE_AFTER)
            .limit(500).with_for_update(skip_locked=True)))
        if pairs:
            s.execute(update(Comparison).where(Comparison.id.in_(pairs))
                      .values(status=AnalysisStatus.queued, heartbeat_at=now))
        for comparison_id in pairs:
            outbox.emit(s, enqueue.run_comparison, comparison_id)
    return len(ids) + len(pairs)


def notify_analysis(analysis_id: int) -> str:
    """Tell the consultant who asked that the result is ready (a subscribe message). Never
    fails the analysis: it is its own job, and a refusal (not subscribed) is only logged."""
    rt = runtime.current()
    with rt.transaction() as s:
        a = s.get(Analysis, analysis_id, with_for_update=True)
        if a is None or a.status != AnalysisStatus.succeeded or a.notified_at is not None:
            return "nothing"
        user = s.get_one(User, a.requested_by)
        store = s.get_one(Store, a.store_id)
        passed = bool(a.result and a.result["quality"]["passed"])
        a.notified_at = utcnow()  # at most once; a lost message is not worth a duplicate
        openid, public_id, store_pid = user.openid, a.public_id, store.public_id
    try:
        rt.wechat.send_subscribe_message(
            openid=openid, template_id=rt.settings.wechat_analysis_template,
            data={"thing1": "影像分析已完成" if passed else "建议重新拍摄", "time2": utcnow().astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")},  # noqa: E501
            page=f"pages/analysis/detail?store={store_pid}&id={public_id}")
    except WechatRejected as exc:
        log.info("analysis message not sent", extra={"errcode": exc.errcode})
        return f"rejected:{exc.errcode}"
    except Exception:  # noqa: BLE001 - a failure to notify never fails the analysis
        log.exception("analysis message failed")
        return "error"
    return "sent"



# --- before / after ------------------------------------------------------------------------


def _capture_of(s: Session, image: Image) -> dict[str, Any]:
    capture = s.get(CaptureSession, image.session_id) if image.session_id else None
    if capture is None:
        return {"device": None, "light_mode": "standard", "settings": None}
    return {"device": capture.device, "light_mode": capture.light_mode.value, "settings": capture.settings}


@retry_once
def run_comparison(comparison_id: int) -> str:
    """Align the after image onto the before image, report every metric's delta and what makes
    the pair hard to compare. Idempotent: a finished comparison is left alone."""
    from jobs.vision import align
    from models import Comparison

    rt = runtime.current()
    with rt.transaction() as s:
        c = s.get(Comparison, comparison_id, with_for_update=True)
        if c is None or c.status in FINISHED:
            return "nothing"
        before, after = s.get_one(Analysis, c.before_id), s.get_one(Analysis, c.after_id)
        images = [s.get_one(Image, before.image_id), s.get_one(Image, after.image_id)]
        if any(i.status != ImageStatus.ready or not i.clean_key for i in images):
            c.status, c.reason, c.finished_at = AnalysisStatus.failed, "image_unavailable", utcnow()
            return "failed:image_unavailable"
        if not consented(s, s.get_one(Client, c.client_id)):
            c.status, c.reason, c.finished_at = AnalysisStatus.failed, "consent_withdrawn", utcnow()
            return "failed:consent_withdrawn"
        c.status, c.attempt, c.heartbeat_at = AnalysisStatus.running, c.attempt + 1, utcnow()
        attempt, keys = c.attempt, [i.clean_key for i in images if i.clean_key]  # all set: checked above
        captures = [_capture_of(s, i) for i in images]
        results = [before.result or {}, after.result or {}]
        folder = keys[1].rsplit("/", 1)[0]
        out_keys = [f"{folder}/comparison-{c.public_id}/before.jpg", f"{folder}/comparison-{c.public_id}/after.jpg"]
    try:
        works = [pipeline.decode(rt.oss.get(k), max_pixels=rt.settings.image_max_pixels)[0] for k in keys]
    except pipeline.Refused as exc:
        return _fail_comparison(comparison_id, attempt, exc.reason)
    b, a = works
    if a.shape != b.shape:  # one working scale, so the homography is in before's pixels
        a = cv2.resize(a, (b.shape[1], b.shape[0]), interpolation=cv2.INTER_AREA)
    alignment = align.align(b, a)
    flags = [name for name in ("device", "light_mode", "settings") if captures[0][name] != captures[1][name]]
    if align.too_different(alignment):
        flags.append("pose")
    deltas = {}
    for name, metric in ((results[0].get("features")) or {}).items():
        other = ((results[1].get("features")) or {}).get(name)
        if other is not None and metric.get("light_mode") == other.get("light_mode"):
            deltas[name] = {"before": metric["value"], "after": other["value"],
                            "delta": round(other["value"] - metric["value"], 3), "light_mode": metric["light_mode"]}
    result = {"alignment": alignment.describe(), "flags": flags, "comparable": not flags, "deltas": deltas,
              "captures": captures, "disclaimer_version": pipeline.DISCLAIMER_VERSION}
    written = []
    if alignment.matrix is not None:
        rt.oss.put(out_keys[0], pipeline._jpeg(b), content_type="image/jpeg")
        rt.oss.put(out_keys[1], pipeline._jpeg(align.warp(a, alignment, (b.shape[1], b.shape[0]))),
                   content_type="image/jpeg")
        written = out_keys
    with rt.transaction() as s:
        c = s.get(Comparison, comparison_id, with_for_update=True)
        if c is None or c.status != AnalysisStatus.running or c.attempt != attempt:
            return "nothing"
        c.status, c.result, c.finished_at = AnalysisStatus.succeeded, result, utcnow()
        c.before_key, c.after_key = (written[0], written[1]) if written else (None, None)
    return "succeeded"


def _fail_comparison(comparison_id: int, attempt: int | None, reason: str) -> str:
    from models import Comparison

    with runtime.current().transaction() as s:
        fence = [Comparison.id == comparison_id, Comparison.status.in_([AnalysisStatus.queued, AnalysisStatus.running])]
        if attempt is not None:
            fence.append(Comparison.attempt == attempt)
        s.execute(update(Comparison).where(*fence).values(status=AnalysisStatus.failed, reason=reason,
                                                            finished_at=utcnow()))
    return f"failed:{reason}"


def comparison_failed(job: Any, connection: Any, exc_type: Any, exc_value: Any, traceback: Any) -> None:
    _fail_comparison(job.args[0], None, "transient_failure_exhausted")
