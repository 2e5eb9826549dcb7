"""Daily reconciliation of WeChat Pay bills: runs, mismatches, resolutions, exports.

``run_reconciliation`` is what the daily job, the CLI and the admin API call. It owns its
transactions (it takes a ``sessionmaker``): the run row is committed first, so a crash still
leaves a visible ``running``/``failed`` run; the matching runs in one transaction holding the
date's row lock (two runs of one date never overlap) and is rolled back whole when the bill
turns out untrustworthy (digest, summary, malformed row); safe repairs run last, one order or
refund per transaction, each only after WeChat's query API confirms the payment or refund.

Re-running a date adds a run (history is kept) and repeats nothing harmful: fulfilment and
refund application are idempotent, and mismatches an operator resolved stay resolved.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bff import cursors
from bff.billing import refunds as refund_service
from bff.billing import service as order_service
from bff.errors import DomainError
from bff.integrations.wechatpay import WechatPayGateway, WechatPayRejected, WechatPayUnavailable
from bff.reconciliation import matching as m
from bff.reconciliation.bill import REFUND_COLUMNS, TRADE_COLUMNS, BillReader, BillRejected
from models import Order, ReconciliationDay, ReconciliationMismatch, ReconciliationRun, Refund
from models.base import utcnow
from models.billing import RefundStatus

log = logging.getLogger(__name__)
HISTORY_DAYS = 92  # WeChat keeps three months of bills
RUNNING, SUCCEEDED, FAILED = "running", "succeeded", "failed"
TRIGGERS = ("schedule", "operator", "cli")


class ReconciliationDateInvalid(DomainError):
    status, reason, message = 422, "reconciliation_date_invalid", "只能对账最近三个月内、今天之前的日期"


class ReconciliationRunNotFound(DomainError):
    status, reason, message = 404, "reconciliation_run_not_found", "对账记录不存在"


class MismatchNotFound(DomainError):
    status, reason, message = 404, "reconciliation_mismatch_not_found", "差异记录不存在"


class MismatchNotOpen(DomainError):
    status, reason, message = 409, "reconciliation_mismatch_not_open", "该差异已处理，无需再次处理"


class BillSource(Protocol):
    """What reconciliation needs from WeChat Pay (``WechatPayGateway`` provides it)."""

    def trade_bill(self, bill_date: str, bill_type: str = "ALL") -> dict[str, Any] | None: ...
    def download_bill(self, download_url: str) -> bytes: ...
    def query(self, out_trade_no: str) -> dict[str, Any]: ...
    def query_refund(self, out_refund_no: str) -> dict[str, Any]: ...


def today_shanghai(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(m.SHANGHAI).date()


def check_date(day: date, *, now: datetime | None = None) -> None:
    """:raise ReconciliationDateInvalid: not in the last three months before today (Shanghai)."""
    today = today_shanghai(now)
    if not today - timedelta(days=HISTORY_DAYS) <= day < today:
        raise ReconciliationDateInvalid(errors={"bill_date": [f"须在 {today - timedelta(days=HISTORY_DAYS)} 至 "
                                                              f"{today - timedelta(days=1)} 之间"]})


# --- a run ------------------------------------------------------------------------------------
def run_reconciliation(factory: sessionmaker, day: date, *, gateway: BillSource, trigger: str,
                       operator_id: str | None = None, now: datetime | None = None) -> str:
    """Reconcile one bill date; returns the run's public id (the run says how it went)."""
    now = now or utcnow()
    run_id, public_id = _start(factory, day, trigger, operator_id, now)
    try:
        trade = _fetch(gateway, day, "ALL")
        refund = _fetch(gateway, day, "REFUND")
    except BillRejected as exc:
        _fail(factory, run_id, exc.reason, exc.detail)
        return public_id
    except WechatPayRejected as exc:
        reason = "bill_not_ready" if exc.code == "STATEMENT_CREATING" else "wechatpay_rejected"
        _fail(factory, run_id, reason, f"{exc.code}: {exc.wechat_message}")
        return public_id
    except WechatPayUnavailable:
        _fail(factory, run_id, "wechatpay_unavailable", "微信支付暂不可用，账单未能下载")
        return public_id
    try:
        repairs = _match(factory, run_id, trade, refund, now)
    except BillRejected as exc:
        _fail(factory, run_id, exc.reason, exc.detail)
        return public_id
    _repair(factory, run_id, repairs, gateway)
    return public_id


def _start(factory: sessionmaker, day: date, trigger: str, operator_id: str | None, now: datetime) -> tuple[int, str]:
    for attempt in range(2):
        try:
            with factory.begin() as session:
                if session.get(ReconciliationDay, day) is None:
                    session.add(ReconciliationDay(bill_date=day, updated_at=now))
                run = ReconciliationRun(bill_date=day, status=RUNNING, trigger=trigger, operator_id=operator_id,
                                        started_at=now, totals={})
                session.add(run)
                session.flush()
                return run.id, run.public_id
        except IntegrityError:  # another run created the day row at the same moment
            if attempt:
                raise
    raise AssertionError("unreachable")


def _fetch(gateway: BillSource, day: date, bill_type: str) -> tuple[bytes, str] | None:
    applied = gateway.trade_bill(day.isoformat(), bill_type)
    if applied is None:  # "No Bill Exist": nothing happened that day at WeChat
        return None
    if str(applied.get("hash_type", "")).upper() != "SHA1" or not applied.get("hash_value"):
        raise BillRejected("digest_missing", f"不支持的摘要：{applied.get('hash_type')!r}")
    return gateway.download_bill(str(applied["download_url"])), str(applied["hash_value"])


def _fail(factory: sessionmaker, run_id: int, reason: str, detail: str) -> None:
    log.error("reconciliation run %s failed: %s: %s", run_id, reason, detail)
    with factory.begin() as session:
        run = session.get(ReconciliationRun, run_id)
        assert run is not None
        run.status, run.failure_reason, run.failure_detail = FAILED, reason[:32], detail[:500]
        run.finished_at = utcnow()
        _set_latest(session, run)


def _set_latest(session: Session, run: ReconciliationRun) -> None:
    day = session.get(ReconciliationDay, run.bill_date)
    if day is not None:
        day.latest_run_id, day.updated_at = run.id, utcnow()


def _reader(bill: tuple[bytes, str] | None, required: tuple[str, ...]) -> BillReader | None:
    return None if bill is None else BillReader(bill[0], expected_sha1=bill[1], required=required)


def _match(factory: sessionmaker, run_id: int, trade: tuple[bytes, str] | None,
           refund: tuple[bytes, str] | None, now: datetime) -> list[tuple[str, str, str]]:
    with factory.begin() as session:
        run = session.get(ReconciliationRun, run_id)
        assert run is not None
        session.execute(select(ReconciliationDay.bill_date).where(ReconciliationDay.bill_date == run.bill_date)
                        .with_for_update())
        matcher = m.Matcher(session, run, now=now)
        trade_reader, refund_reader = _reader(trade, TRADE_COLUMNS), _reader(refund, REFUND_COLUMNS)
        matcher.trade_bill(trade_reader, (lambda: BillReader(trade[0], expected_sha1=None, required=TRADE_COLUMNS))
                           if trade is not None else None)
        matcher.refund_bill(refund_reader)
        for reader in (trade_reader, refund_reader):
            if reader is not None:
                reader.finish()  # before anything is committed: a bad digest rolls all of it back
        matcher.entitlements()
        matcher.flush()
        _record(session, run, matcher, trade_reader, refund_reader)
        return matcher.repairs


def _bill_totals(reader: BillReader | None) -> dict[str, Any] | None:
    if reader is None:
        return None
    return {"rows": reader.count, "summary": reader.summary, "detail_sums_fen": reader.sums}


def _record(session: Session, run: ReconciliationRun, matcher: m.Matcher, trade: BillReader | None,
            refund: BillReader | None) -> None:
    """Counters from what was written, checked against the rows themselves: they must agree."""
    stored = dict(session.execute(select(ReconciliationMismatch.state, func.count())
                                  .where(ReconciliationMismatch.run_id == run.id)
                                  .group_by(ReconciliationMismatch.state)).all())
    counted: dict[str, int] = {}
    for (_, state), n in matcher.counts.items():
        counted[state] = counted.get(state, 0) + n
    if stored != counted:
        raise BillRejected("count_mismatch", f"写入的差异 {stored} ≠ 统计 {counted}")
    start, end = matcher.start, matcher.end
    paid = session.execute(select(func.count(), func.coalesce(func.sum(Order.amount_fen), 0))
                           .where(Order.paid_at >= start, Order.paid_at < end, Order.status.in_(m.PAID))).one()
    refunded = session.execute(select(func.count(), func.coalesce(func.sum(Refund.amount_fen), 0)).where(
        Refund.status == RefundStatus.success, Refund.completed_at >= start, Refund.completed_at < end)).one()
    categories: dict[str, int] = {}
    for (category, _), n in matcher.counts.items():
        categories[category] = categories.get(category, 0) + n
    run.totals = {"trade_bill": _bill_totals(trade), "refund_bill": _bill_totals(refund),
                  "local": {"paid_orders": paid[0], "paid_fen": int(paid[1]), "refunds": refunded[0],
                            "refunded_fen": int(refunded[1])},
                  "categories": categories}
    run.bill_rows = trade.count if trade else 0
    run.refund_rows = refund.count if refund else 0
    run.mismatches = counted.get(m.OPEN, 0) + counted.get(m.RESOLVED, 0)
    run.pending = counted.get(m.PENDING, 0)
    run.status, run.finished_at = SUCCEEDED, utcnow()
    _set_latest(session, run)


@dataclass(frozen=True)
class _Gateways:
    wechatpay: Any


def _repair(factory: sessionmaker, run_id: int, repairs: list[tuple[str, str, str]], gateway: BillSource) -> None:
    """Only what WeChat's query API confirms: a payment it reports as made is fulfilled through
    the normal path; a refund it reports as successful is applied as a notification would."""
    for mismatch_id, kind, key in repairs:
        try:
            with factory.begin() as session:
                done = (_repair_order if kind == "order" else _repair_refund)(session, key, gateway)
                if done:
                    row = session.scalar(select(ReconciliationMismatch).where(
                        ReconciliationMismatch.public_id == mismatch_id).with_for_update())
                    run = session.get(ReconciliationRun, run_id)
                    assert row is not None and run is not None
                    if row.state == m.OPEN:
                        row.state, row.note, row.resolved_at = m.REPAIRED, done, utcnow()
                        run.repaired, run.mismatches = run.repaired + 1, run.mismatches - 1
        except DomainError as exc:  # WeChat down or refusing: the mismatch stays open for an operator
            log.warning("reconciliation repair of %s %s skipped: %s", kind, key, exc.reason)


def _repair_order(session: Session, out_trade_no: str, gateway: BillSource) -> str | None:
    order = session.scalar(select(Order).where(Order.out_trade_no == out_trade_no))
    if order is None:
        return None
    state = order_service.channel(order.channel, _Gateways(gateway)).query(order)  # type: ignore[arg-type]
    if state.state != "paid" or state.amount_fen != order.amount_fen:
        return None
    outcome = order_service.fulfil_paid_order(session, order, transaction_id=state.transaction_id or "",
                                              paid_at=state.paid_at, amount_fen=state.amount_fen)
    if outcome == order_service.FULFILLED:
        return "微信支付查询确认已支付，已按正常流程履约"
    if outcome == order_service.ALREADY_PAID:  # a notification, the expiry job or another run got there first
        return "微信支付查询确认已支付，订单已由正常流程履约"
    return None


def _repair_refund(session: Session, out_refund_no: str, gateway: BillSource) -> str | None:
    refund = session.scalar(select(Refund).where(Refund.out_refund_no == out_refund_no))
    if refund is None or refund.status == RefundStatus.success:
        return None
    answer = gateway.query_refund(out_refund_no)
    if answer.get("status") != "SUCCESS" or (answer.get("amount") or {}).get("refund") != refund.amount_fen:
        return None
    if answer.get("refund_id") and not refund.refund_id:
        refund.refund_id = answer["refund_id"]
    refund_service.apply_refund_final(session, refund, "SUCCESS")
    return "微信支付查询确认退款成功，已按退款通知的流程处理"


def gateway_for(settings: Any) -> WechatPayGateway:
    return WechatPayGateway(settings)


# --- reading and resolving --------------------------------------------------------------------
def find_run(session: Session, public_id: str) -> ReconciliationRun:
    run = session.scalar(select(ReconciliationRun).where(ReconciliationRun.public_id == public_id))
    if run is None:
        raise ReconciliationRunNotFound()
    return run


def list_runs(session: Session, *, bill_date: date | None = None, status: str | None = None,
              cursor: str | None = None, limit: int = 50) -> tuple[list[ReconciliationRun], str | None]:
    """Newest first; every run of a date is kept, the latest one is what the date shows."""
    stmt = select(ReconciliationRun)
    if bill_date is not None:
        stmt = stmt.where(ReconciliationRun.bill_date == bill_date)
    if status is not None:
        stmt = stmt.where(ReconciliationRun.status == status)
    if (after := cursors.decode_id(cursor)) is not None:
        stmt = stmt.where(ReconciliationRun.id < after)
    rows = list(session.scalars(stmt.order_by(ReconciliationRun.id.desc()).limit(limit + 1)))
    page = rows[:limit]
    return page, cursors.encode_id(page[-1].id) if len(rows) > limit else None


def latest_run_ids(session: Session, runs: list[ReconciliationRun]) -> set[int]:
    dates = {r.bill_date for r in runs}
    if not dates:
        return set()
    return set(session.scalars(select(ReconciliationDay.latest_run_id).where(ReconciliationDay.bill_date.in_(dates))))


def list_mismatches(session: Session, run: ReconciliationRun, *, category: str | None = None,
                    state: str | None = None, cursor: str | None = None,
                    limit: int = 100) -> tuple[list[ReconciliationMismatch], str | None]:
    stmt = select(ReconciliationMismatch).where(ReconciliationMismatch.run_id == run.id)
    if category is not None:
        stmt = stmt.where(ReconciliationMismatch.category == category)
    if state is not None:
        stmt = stmt.where(ReconciliationMismatch.state == state)
    if (after := cursors.decode_id(cursor)) is not None:
        stmt = stmt.where(ReconciliationMismatch.id > after)
    rows = list(session.scalars(stmt.order_by(ReconciliationMismatch.id).limit(limit + 1)))
    page = rows[:limit]
    return page, cursors.encode_id(page[-1].id) if len(rows) > limit else None


def resolve_mismatch(session: Session, public_id: str, *, note: str, operator_id: str,
                     now: datetime | None = None) -> ReconciliationMismatch:
    """Close an open mismatch with the operator's note (audited by the caller).

    :raise MismatchNotFound: unknown id. :raise MismatchNotOpen: already resolved or repaired.
    """
    row = session.scalar(select(ReconciliationMismatch).where(ReconciliationMismatch.public_id == public_id)
                         .with_for_update().execution_options(populate_existing=True))
    if row is None:
        raise MismatchNotFound()
    if row.state != m.OPEN:
        raise MismatchNotOpen(errors={"state": row.state})
    row.state, row.note, row.resolved_by, row.resolved_at = m.RESOLVED, note[:500], operator_id, now or utcnow()
    session.flush()
    return row


EXPORT_COLUMNS = ("差异ID", "账单日期", "类别", "状态", "商户订单号", "商户退款单号", "微信订单号", "账单金额（分）",
                  "本地金额（分）", "备注", "处理人", "处理时间", "微信侧证据", "本地证据")


def _safe_cell(value: Any) -> str:
    """Spreadsheet-safe: a leading = + - @ would be run as a formula when the CSV is opened."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(session: Session, run: ReconciliationRun) -> Iterator[str]:
    """The run's mismatches as CSV (UTF-8 with BOM so spreadsheet software reads the Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow(EXPORT_COLUMNS)
    last_id = 0
    while True:
        rows = list(session.scalars(select(ReconciliationMismatch).where(
            ReconciliationMismatch.run_id == run.id, ReconciliationMismatch.id > last_id)
            .order_by(ReconciliationMismatch.id).limit(1000)))
        for r in rows:
            writer.writerow([_safe_cell(v) for v in (
                r.public_id, r.bill_date.isoformat(), r.category, r.state, r.out_trade_no, r.out_refund_no,
                r.transaction_id, r.bill_amount_fen, r.local_amount_fen, r.note, r.resolved_by,
                r.resolved_at.isoformat() if r.resolved_at else None,
                json.dumps(r.bill_evidence, ensure_ascii=False) if r.bill_evidence is not None else None,
                json.dumps(r.local_evidence, ensure_ascii=False) if r.local_evidence is not None else None)])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        if len(rows) < 1000:
            return
        last_id = rows[-1].id
