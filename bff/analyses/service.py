"""Image analyses: request (consent, quota, idempotent), read, cancel, links to derivatives.

Plain functions taking the session and their collaborators; the job (``jobs/analysis.py``)
does the work. Every lookup is scoped to the caller's store (another store's analysis is
"not found").
"""

from __future__ import annotations

from datetime import timedelta

import redis as redis_lib
from sqlalchemy import select
from sqlalchemy.orm import Session

from bff.audit import service as audit
from bff.billing import quotas
from bff.capture import gate as capture_gate
from bff.consent import gate
from bff.errors import DomainError
from bff.images.service import ImageNotFound
from bff.images.viewing import ImageNotReady, process_spec
from bff.integrations.oss import OssGateway
from bff.security.fields import FieldCipher
from bff.stores.access import Membership
from jobs import analysis as analysis_job
from jobs import enqueue, outbox
from jobs.enqueue import JobSpec
from models import Analysis, Client, Comparison, Image, StoreMember, User
from models.analysis import FINISHED, AnalysisStatus
from models.base import utcnow
from models.consent import ConsentScope
from models.images import ImageStatus
from models.locking import for_update
from models.stores import StoreRole


class AnalysisNotFound(DomainError):
    status, reason, message = 404, "analysis_not_found", "分析记录不存在"


class AnalysisModelsUnavailable(DomainError):
    status, reason, message = 503, "analysis_models_unavailable", "分析模型暂不可用，请稍后再试"


class AnalysisNotCancellable(DomainError):
    status, reason, message = 409, "analysis_not_cancellable", "分析已结束，不能取消"


class AnalysisOutputMissing(DomainError):
    status, reason, message = 409, "analysis_output_missing", "该分析没有此衍生图（未通过拍摄质量检查或未检测到人脸）"


def follow_up(session: Session, job: JobSpec, *args: int) -> None:
    """A job written to the outbox with this transaction, handed to RQ after commit."""
    outbox.emit(session, job, *args)


def _image(session: Session, m: Membership, public_id: str) -> Image:
    image = session.scalar(for_update(select(Image).where(
        Image.public_id == public_id, Image.store_id == m.store.id, Image.status != ImageStatus.deleted)))
    if image is None:
        raise ImageNotFound()
    return image


def require_analysis_consent(session: Session, cipher: FieldCipher, client: Client, *, minor_age: int) -> None:
    """Capture and analysis both granted. :raise ConsentRequired, GuardianConsentRequired:"""
    minor = capture_gate.is_minor(cipher, client, minor_age)
    for scope in (ConsentScope.capture, ConsentScope.analysis):
        gate.require(session, client.store_id, client.id, scope, minor=minor)


def _store_owner(session: Session, store_id: int) -> User | None:
    owner_id = session.scalar(select(StoreMember.user_id).where(StoreMember.store_id == store_id,
                                                                StoreMember.role == StoreRole.owner))
    return session.get(User, owner_id) if owner_id is not None else None


def request_analysis(session: Session, m: Membership, image_public_id: str, *, user: User, cipher: FieldCipher,
                     minor_age: int, redis: redis_lib.Redis) -> Analysis:
    """Queue an analysis of a ready image, or return the one already asked for with the same
    model versions (no second quota use, nothing recomputed). A failed or cancelled one is
    queued again.

    :raise ImageNotFound: :raise ImageNotReady: :raise ConsentRequired: :raise GuardianConsentRequired:
    :raise QuotaExceeded: (429, the store owner's monthly ``analyses``) :raise AnalysisModelsUnavailable:
    """
    image = _image(session, m, image_public_id)  # locked: two requests at once serialise here
    if image.status != ImageStatus.ready or not image.clean_key:
        raise ImageNotReady()
    require_analysis_consent(session, cipher, session.get_one(Client, image.client_id), minor_age=minor_age)
    specs = analysis_job.active_specs(session)
    if len(specs) != len(analysis_job.registry.REQUIRED_TASKS):
        raise AnalysisModelsUnavailable()
    key = analysis_job.models_key(specs)
    existing = session.scalar(select(Analysis).where(Analysis.image_id == image.id, Analysis.models_key == key))
    if existing is not None and existing.status not in (AnalysisStatus.failed, AnalysisStatus.cancelled):
        return existing
    owner = _store_owner(session, m.store.id)  # the store owner's plan governs the store, as for client files
    quotas.enforce(session, owner or user, "analyses", redis=redis)
    if existing is None:
        existing = Analysis(store_id=m.store.id, client_id=image.client_id, image_id=image.id,
                            requested_by=user.id, models_key=key)
        session.add(existing)
    else:
        existing.status, existing.reason, existing.result, existing.stage, existing.percent = (
            AnalysisStatus.queued, None, None, None, 0)
        existing.requested_by, existing.created_at, existing.finished_at = user.id, utcnow(), None
    session.flush()
    audit.record("analysis.request", subject_type="image", subject_id=image.public_id, store=m.store,
                 actor_role=m.role.value, session=session)
    follow_up(session, enqueue.run_analysis, existing.id)
    return existing


def get_analysis(session: Session, m: Membership, public_id: str, *, lock: bool = False) -> Analysis:
    stmt = select(Analysis).where(Analysis.public_id == public_id, Analysis.store_id == m.store.id)
    found = session.scalar(for_update(stmt) if lock else stmt)
    if found is None:
        raise AnalysisNotFound()
    return found


def read_analysis(session: Session, m: Membership, public_id: str) -> Analysis:
    found = get_analysis(session, m, public_id)
    audit.record("analysis.read", subject_type="analysis", subject_id=found.public_id, store=m.store,
                 actor_role=m.role.value, session=session)
    return found


def list_for_image(session: Session, m: Membership, image_public_id: str) -> list[Analysis]:
    image = session.scalar(select(Image).where(Image.public_id == image_public_id, Image.store_id == m.store.id,
                                               Image.status != ImageStatus.deleted))
    if image is None:
        raise ImageNotFound()
    return list(session.scalars(select(Analysis).where(Analysis.store_id == m.store.id, Analysis.image_id == image.id)
                                .order_by(Analysis.id.desc()).limit(50)))


def cancel_analysis(session: Session, m: Membership, public_id: str) -> Analysis:
    """A queued or running analysis stops storing anything (its attempt is fenced off).

    :raise AnalysisNotFound: :raise AnalysisNotCancellable:
    """
    found = get_analysis(session, m, public_id, lock=True)
    if found.status in FINISHED:
        raise AnalysisNotCancellable()
    found.status, found.stage, found.finished_at, found.reason = AnalysisStatus.cancelled, None, utcnow(), "cancelled"
    return found


def issue_output_url(session: Session, m: Membership, public_id: str, *, variant: str, viewer: User,
                     oss: OssGateway, cipher: FieldCipher, minor_age: int, ttl: int) -> dict[str, object]:
    """A short-lived watermarked link to the overlay or the de-identified copy (as for images).

    :raise AnalysisNotFound: :raise AnalysisOutputMissing: :raise ConsentRequired: :raise GuardianConsentRequired:
    """
    found = get_analysis(session, m, public_id)
    key = found.overlay_key if variant == "overlay" else found.deidentified_key
    if found.status != AnalysisStatus.succeeded or key is None:
        raise AnalysisOutputMissing()
    image = session.get_one(Image, found.image_id)
    if image.status != ImageStatus.ready:
        raise AnalysisNotFound()
    capture_gate.require_capture(session, cipher, session.get_one(Client, found.client_id), minor_age=minor_age)
    now = utcnow()
    work = (found.result or {}).get("work_size") or [image.width, image.height]
    sized = Image(width=work[0], height=work[1])  # the derivative's size, for the watermark's scale
    url = oss.signed_url(key, expires=ttl, process=process_spec(sized, "display", viewer, now))
    audit.record("analysis.view_link", subject_type="analysis", subject_id=found.public_id, store=m.store,
                 actor_role=m.role.value, purpose=f"variant: {variant}", session=session)
    return {"url": url, "expires_at": now + timedelta(seconds=ttl)}


# --- before / after ------------------------------------------------------------------------


class ComparisonNotFound(DomainError):
    status, reason, message = 404, "comparison_not_found", "前后对比不存在"


class NotComparable(DomainError):
    status, reason = 422, "comparison_not_comparable"
    message = "只能对比同一客户、同一视图、均已完成且拍摄质量合格的两次分析"


def request_comparison(session: Session, m: Membership, before_public_id: str, after_public_id: str, *, user: User,
                       cipher: FieldCipher, minor_age: int) -> Comparison:
    """Queue the before/after comparison of two analyses (or return the one already asked for).

    :raise AnalysisNotFound: :raise NotComparable: :raise ConsentRequired: :raise GuardianConsentRequired:
    """
    before = get_analysis(session, m, before_public_id)
    after = get_analysis(session, m, after_public_id)
    images = [session.get_one(Image, a.image_id) for a in (before, after)]
    problems = []
    if before.id == after.id:
        problems.append("same_analysis")
    if before.client_id != after.client_id:
        problems.append("different_client")
    if images[0].view != images[1].view:
        problems.append("different_view")
    if any(a.status != AnalysisStatus.succeeded or not (a.result or {}).get("quality", {}).get("passed")
           for a in (before, after)):
        problems.append("not_analysed")
    if problems:
        raise NotComparable(errors={"problems": problems})
    require_analysis_consent(session, cipher, session.get_one(Client, before.client_id), minor_age=minor_age)
    found = session.scalar(for_update(select(Comparison).where(Comparison.before_id == before.id,
                                                                Comparison.after_id == after.id)))
    if found is not None and found.status not in (AnalysisStatus.failed, AnalysisStatus.cancelled):
        return found
    if found is None:
        found = Comparison(store_id=m.store.id, client_id=before.client_id, before_id=before.id, after_id=after.id,
                           requested_by=user.id)
        session.add(found)
    else:
        found.status, found.reason, found.result, found.finished_at = AnalysisStatus.queued, None, None, None
    session.flush()
    audit.record("comparison.request", subject_type="analysis", subject_id=after.public_id, store=m.store,
                 actor_role=m.role.value, session=session)
    follow_up(session, enqueue.run_comparison, found.id)
    return found


def get_comparison(session: Session, m: Membership, public_id: str) -> Comparison:
    found = session.scalar(select(Comparison).where(Comparison.public_id == public_id,
                                                    Comparison.store_id == m.store.id))
    if found is None:
        raise ComparisonNotFound()
    return found


def issue_pair_url(session: Session, m: Membership, public_id: str, *, side: str, viewer: User, oss: OssGateway,
                   cipher: FieldCipher, minor_age: int, ttl: int) -> dict[str, object]:
    """A watermarked short-lived link to one side of the aligned pair.

    :raise ComparisonNotFound: :raise AnalysisOutputMissing: :raise ConsentRequired: :raise GuardianConsentRequired:
    """
    found = get_comparison(session, m, public_id)
    key = found.before_key if side == "before" else found.after_key
    if found.status != AnalysisStatus.succeeded or key is None:
        raise AnalysisOutputMissing()
    capture_gate.require_capture(session, cipher, session.get_one(Client, found.client_id), minor_age=minor_age)
    now = utcnow()
    before_image = session.get_one(Image, session.get_one(Analysis, found.before_id).image_id)
    url = oss.signed_url(key, expires=ttl, process=process_spec(before_image, "display", viewer, now))
    audit.record("comparison.view_link", subject_type="comparison", subject_id=found.public_id, store=m.store,
                 actor_role=m.role.value, purpose=f"side: {side}", session=session)
    return {"url": url, "expires_at": now + timedelta(seconds=ttl)}
