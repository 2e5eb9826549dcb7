"""What the panel pages read and do, without Flask: dashboard figures, alerts, one-time code
export, stores, users, the audit trail. Orders are searched and read with the admin API's own
``bff.admin.order_search``."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bff.errors import DomainError, NotFound
from bff.security.fields import aad_for
from models import (
    ActivationBatch,
    AuditEvent,
    ConsultantProfile,
    Order,
    PaymentAlert,
    PaymentNotification,
    Plan,
    ReconciliationMismatch,
    Refund,
    Store,
    StoreMember,
    User,
)
from models.base import utcnow
from models.billing import RefundStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
PAGE = 50
CHART_DAYS = 30
NOTE_MIN, NOTE_MAX = 2, 200


class NoteRequired(DomainError):
    status, reason, message = 422, "operator_note_required", "请填写说明（2–200 个字符）"


class AlertNotFound(DomainError):
    status, reason, message = 404, "payment_alert_not_found", "支付告警不存在"


class AlertAlreadyAcknowledged(DomainError):
    status, reason, message = 409, "payment_alert_acknowledged", "该告警已确认"


class CodesAlreadyExported(DomainError):
    status, reason, message = 410, "activation_codes_exported", "该批次的激活码已导出过，出于安全原因不能再次导出"


class PanelStoreNotFound(DomainError):
    status, reason, message = 404, "panel_store_not_found", "门店不存在"


class UserNotFound(DomainError):
    status, reason, message = 404, "panel_user_not_found", "用户不存在"


def check_note(note: str | None) -> str:
    note = (note or "").strip()
    if not NOTE_MIN <= len(note) <= NOTE_MAX:
        raise NoteRequired()
    return note


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """A Shanghai calendar day as a UTC [start, end)."""
    start = datetime.combine(day, time(), SHANGHAI)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(SHANGHAI).date()


# -- dashboard ---------------------------------------------------------------------------------

@dataclass
class Figures:
    orders: int = 0
    paid_orders: int = 0
    revenue_fen: int = 0
    refunds: int = 0
    refunded_fen: int = 0


@dataclass
class Dashboard:
    today: Figures
    month: Figures
    open_alerts: int
    open_mismatches: int
    failed_jobs: int | None  # None when Redis cannot be asked
    revenue_by_day: list[tuple[date, int]] = field(default_factory=list)


def _figures(s: Session, start: datetime, end: datetime) -> Figures:
    orders = s.scalar(select(func.count()).select_from(Order).where(Order.created_at >= start, Order.created_at < end))
    paid, revenue = s.execute(select(func.count(), func.coalesce(func.sum(Order.amount_fen), 0))
                              .where(Order.paid_at >= start, Order.paid_at < end)).one()
    refunds, refunded = s.execute(select(func.count(), func.coalesce(func.sum(Refund.amount_fen), 0))
                                  .where(Refund.status == RefundStatus.success, Refund.completed_at >= start,
                                         Refund.completed_at < end)).one()
    return Figures(int(orders or 0), int(paid), int(revenue), int(refunds), int(refunded))


def dashboard(s: Session, *, failed_jobs: int | None, now: datetime | None = None) -> Dashboard:
    day = today(now)
    start, end = day_bounds(day)
    month_start, _ = day_bounds(day.replace(day=1))
    first = day - timedelta(days=CHART_DAYS - 1)
    chart_start, _ = day_bounds(first)
    by_day = {first + timedelta(days=i): 0 for i in range(CHART_DAYS)}
    # Streams two columns of the window's paid orders; bucketed by Shanghai day here, the same on
    # SQLite and MySQL (no time-zone tables needed).
    for paid_at, amount in s.execute(select(Order.paid_at, Order.amount_fen)
                                     .where(Order.paid_at >= chart_start, Order.paid_at < end)):
        if paid_at is None:  # excluded by the range; narrows the type
            continue
        key = paid_at.astimezone(SHANGHAI).date()
        if key in by_day:
            by_day[key] += amount
    open_alerts = s.scalar(select(func.count()).select_from(PaymentAlert)
                           .where(PaymentAlert.acknowledged_at.is_(None)))
    open_mismatches = s.scalar(select(func.count()).select_from(ReconciliationMismatch)
                               .where(ReconciliationMismatch.state == "open"))
    return Dashboard(_figures(s, start, end), _figures(s, month_start, end), int(open_alerts or 0),
                     int(open_mismatches or 0), failed_jobs, sorted(by_day.items()))


def failed_job_count(redis: Any) -> int | None:
    from rq.registry import FailedJobRegistry

    from jobs import queues

    try:
        return sum(FailedJobRegistry(name, connection=redis).count for name in queues.ALL)
    except Exception:  # noqa: BLE001 - the dashboard shows "unknown" rather than failing
        return None


# -- orders ------------------------------------------------------------------------------------

def notification_of(s: Session, order: Order, notification_id: int) -> PaymentNotification:
    row = s.get(PaymentNotification, notification_id)
    if row is None or row.out_trade_no != order.out_trade_no:
        raise NotFound()
    return row


def list_refunds(s: Session, *, status: str | None = None, limit: int = 200) -> list[tuple[Refund, Order]]:
    q = select(Refund, Order).join(Order, Order.id == Refund.order_id).order_by(Refund.id.desc()).limit(limit)
    if status:
        q = q.where(Refund.status == RefundStatus(status))
    return [(r, o) for r, o in s.execute(q)]


# -- alerts ------------------------------------------------------------------------------------

def list_alerts(s: Session, *, open_only: bool, limit: int = 200) -> list[tuple[PaymentAlert, str | None]]:
    q = (select(PaymentAlert, Order.public_id).outerjoin(Order, Order.id == PaymentAlert.order_id)
         .order_by(PaymentAlert.id.desc()).limit(limit))
    if open_only:
        q = q.where(PaymentAlert.acknowledged_at.is_(None))
    return [(a, oid) for a, oid in s.execute(q)]


def acknowledge_alert(s: Session, alert_id: int, *, operator_id: str, note: str | None) -> PaymentAlert:
    """:raise NoteRequired, AlertNotFound, AlertAlreadyAcknowledged:"""
    note = check_note(note)
    alert = s.scalar(select(PaymentAlert).where(PaymentAlert.id == alert_id).with_for_update())
    if alert is None:
        raise AlertNotFound()
    if alert.acknowledged_at is not None:
        raise AlertAlreadyAcknowledged()
    alert.acknowledged_at, alert.acknowledged_by, alert.acknowledge_note = utcnow(), operator_id, note
    s.flush()
    return alert


# -- activation codes: sealed until the one export ---------------------------------------------

def _codes_aad(batch: ActivationBatch) -> bytes:
    return aad_for("activation_batches", "codes", batch.public_id)


def seal_codes(batch: ActivationBatch, codes: list[str], cipher: Any) -> None:
    batch.codes_enc = cipher.encrypt("\n".join(codes), _codes_aad(batch))


def export_codes(s: Session, batch_public_id: str, *, operator_id: str, cipher: Any) -> tuple[ActivationBatch, str]:
    """The batch's codes as CSV, once: the sealed codes are erased in the same transaction.

    :raise BatchNotFound, CodesAlreadyExported:
    """
    from bff.billing.activation import BatchNotFound

    batch = s.scalar(select(ActivationBatch).where(ActivationBatch.public_id == batch_public_id).with_for_update()
                     .execution_options(populate_existing=True))
    if batch is None:
        raise BatchNotFound()
    if batch.codes_enc is None:
        raise CodesAlreadyExported()
    codes = cipher.decrypt(batch.codes_enc, _codes_aad(batch)).split("\n")
    plan = s.get(Plan, batch.plan_id)
    batch.codes_enc, batch.codes_exported_at, batch.codes_exported_by = None, utcnow(), operator_id
    s.flush()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["激活码", "套餐", "生效时间", "失效时间", "批次"])
    for code in codes:
        writer.writerow([code, plan.code if plan else "", batch.valid_from.isoformat(), batch.valid_until.isoformat(),
                         batch.public_id])
    return batch, "\ufeff" + out.getvalue()  # BOM: spreadsheet software reads the CSV as UTF-8


# -- stores and users (never unmasked personal data) -------------------------------------------

def list_stores(s: Session, *, query: str | None = None, limit: int = 200) -> list[tuple[Store, int]]:
    counts = (select(StoreMember.store_id, func.count().label("n")).group_by(StoreMember.store_id).subquery())
    q = (select(Store, func.coalesce(counts.c.n, 0)).outerjoin(counts, counts.c.store_id == Store.id)
         .order_by(Store.id.desc()).limit(limit))
    if query:
        q = q.where((Store.public_id == query) | Store.name.contains(query, autoescape=True))
    return [(store, int(n)) for store, n in s.execute(q)]


def find_store(s: Session, public_id: str) -> Store:
    store = s.scalar(select(Store).where(Store.public_id == public_id))
    if store is None:
        raise PanelStoreNotFound()
    return store


def store_members(s: Session, store: Store) -> list[tuple[StoreMember, User, ConsultantProfile | None]]:
    rows = s.execute(select(StoreMember, User, ConsultantProfile).join(User, User.id == StoreMember.user_id)
                     .outerjoin(ConsultantProfile, ConsultantProfile.user_id == User.id)
                     .where(StoreMember.store_id == store.id).order_by(StoreMember.id))
    return [(m, u, p) for m, u, p in rows]


def disable_store(s: Session, store: Store) -> bool:
    if store.disabled_at is not None:
        return False
    store.disabled_at = utcnow()
    s.flush()
    return True


def list_users(s: Session, *, query: str | None = None, limit: int = 200
               ) -> list[tuple[User, ConsultantProfile | None]]:
    q = (select(User, ConsultantProfile).outerjoin(ConsultantProfile, ConsultantProfile.user_id == User.id)
         .order_by(User.id.desc()).limit(limit))
    if query:
        q = q.where(User.public_id == query)
    return [(u, p) for u, p in s.execute(q)]


def find_user(s: Session, public_id: str) -> User:
    user = s.scalar(select(User).where(User.public_id == public_id))
    if user is None:
        raise UserNotFound()
    return user


def user_stores(s: Session, user: User) -> list[tuple[Store, StoreMember]]:
    rows = s.execute(select(Store, StoreMember).join(StoreMember, StoreMember.store_id == Store.id)
                     .where(StoreMember.user_id == user.id))
    return [(st, m) for st, m in rows]


def user_orders(s: Session, user: User, limit: int = 50) -> list[tuple[Order, str]]:
    return [(o, c) for o, c in s.execute(select(Order, Plan.code).join(Plan, Plan.id == Order.plan_id)
                                         .where(Order.user_id == user.id).order_by(Order.id.desc()).limit(limit))]


# -- audit -------------------------------------------------------------------------------------

@dataclass
class AuditFilters:
    store_id: str | None = None  # a store public id, or "platform" for chain 0
    action: str | None = None
    subject_type: str | None = None
    subject_id: str | None = None
    actor_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def search_audit(s: Session, f: AuditFilters, *, limit: int = PAGE, before: int | None = None
                 ) -> tuple[list[AuditEvent], int | None]:
    q = select(AuditEvent).order_by(AuditEvent.id.desc())
    if f.store_id == "platform":
        q = q.where(AuditEvent.store_id.is_(None))
    elif f.store_id:
        q = q.where(AuditEvent.store_id == f.store_id)
    for column, value in ((AuditEvent.action, f.action), (AuditEvent.subject_type, f.subject_type),
                          (AuditEvent.subject_id, f.subject_id), (AuditEvent.actor_id, f.actor_id)):
        if value:
            q = q.where(column == value)
    if f.date_from:
        q = q.where(AuditEvent.occurred_at >= day_bounds(f.date_from)[0])
    if f.date_to:
        q = q.where(AuditEvent.occurred_at < day_bounds(f.date_to)[1])
    if before is not None:
        q = q.where(AuditEvent.id < before)
    rows = list(s.scalars(q.limit(limit + 1)))
    return rows[:limit], (rows[limit - 1].id if len(rows) > limit else None)
