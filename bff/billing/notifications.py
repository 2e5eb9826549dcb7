"""WeChat Pay notifications: store the evidence, verify, decrypt, then apply idempotently.

Flow of one delivery (``receive``):

1. A request without any ``Wechatpay-*`` signature header is not a notification: 401, nothing
   stored (an unauthenticated route must not let anyone fill a table with junk).
2. Signature, probe, timestamp and serial checks (``wechatpay_verify.verify``) and then the
   AEAD_AES_256_GCM decryption, before anything is written. A failure stores the raw headers
   and body as a ``PaymentNotification`` with ``rejected:<why>`` in its OWN short transaction
   and answers 401 (400 if undecryptable): WeChat retries, nothing else is written.
3. Processing runs in the request transaction under a row lock on the order
   (``SELECT ... FOR UPDATE``), and the evidence row is inserted last in that same transaction
   with its outcome, so ``processed`` is committed together with its effects in one
   transaction (one INSERT, no second connection). 204 is answered only after that commit. Any
   error rolls it all back, stores the evidence with ``error:<reason>`` in its own transaction
   and answers 4xx/5xx so WeChat retries. Nothing is answered 204 without its evidence
   committed; a crash before the commit leaves nothing, and WeChat delivers again. Operators
   can replay stored evidence (``replay_notification``).

Decisions (see README "WeChat Pay notifications"):

* **Mismatches** (appid, mchid, currency, amount, unknown order, a second transaction id for one
  order): nothing is granted, a ``PaymentAlert`` is written and the answer is 204. The alert
  (with the stored evidence) IS the durable record; a retry could never succeed, so asking
  WeChat to retry for 24 hours would only add noise. A repeated delivery adds no second alert.
* **Order states only move forward.** ``created|closed → paid`` happens once, through
  ``service.fulfil_paid_order`` (the one fulfilment path; the ledger's unique cause makes a second
  grant impossible). ``closed → paid`` is allowed because WeChat says the money was taken: the
  customer gets what they paid for. A late TRANSACTION.SUCCESS for an order already refunded
  (a refund notification came first) never moves it back to ``paid`` and grants nothing; it only
  fills a missing transaction id, and alerts (``grant_missing``) when a partially refunded order
  never received its grant.
* **Refunds** go through ``refunds.apply_refund_final`` (idempotent: only ``processing`` moves to
  a final state; a late ABNORMAL/CLOSED after SUCCESS changes nothing).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bff import strictjson
from bff.billing import refunds as refund_service
from bff.billing import service as order_service
from bff.billing.wechatpay_verify import (
    SIGNED_HEADERS,
    KeyRing,
    NotificationRejected,
    NotificationUndecryptable,
    NotificationUnsigned,
    decrypt,
    verify,
)
from bff.config import Settings
from bff.errors import DomainError, MalformedJson, NotFound
from models import EntitlementEntry, Order, PaymentAlert, PaymentNotification, Refund
from models.base import utcnow
from models.billing import LedgerCause, OrderStatus, RefundStatus

log = logging.getLogger(__name__)

TRANSACTION, REFUND = "transaction", "refund"
REFUND_EVENTS = {"REFUND.SUCCESS": "SUCCESS", "REFUND.ABNORMAL": "ABNORMAL", "REFUND.CLOSED": "CLOSED"}
# Request headers never kept as evidence (they are credentials, and never WeChat's).
_DROPPED_HEADERS = {"authorization", "cookie"}
MAX_BODY = 60_000


class NotificationMalformed(DomainError):
    status, reason, message = 400, "notification_malformed", "通知内容格式无效"
    outcome = "rejected:malformed"


# --- evidence (own short transactions) ---------------------------------------------------------
def evidence_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() not in _DROPPED_HEADERS}


def _claimed_event_id(body: bytes) -> str | None:
    """The ``id`` the body claims, unverified: only a lookup key for operators replaying evidence."""
    try:
        value = strictjson.loads(body).get("id")
    except (MalformedJson, AttributeError):
        return None
    return value[:64] if isinstance(value, str) and value else None


def evidence_row(kind: str, headers: Mapping[str, str], body: bytes) -> PaymentNotification:
    return PaymentNotification(kind=kind, received_at=utcnow(), headers=evidence_headers(headers),
                               body=body.decode("utf-8", "replace"), verified=False,
                               event_id=_claimed_event_id(body))


def record_evidence(factory: sessionmaker, kind: str, headers: Mapping[str, str], body: bytes,
                    **fields: Any) -> int:
    """Store a delivery (with ``fields``: its outcome) in a transaction of its own."""
    with factory.begin() as s:
        row = evidence_row(kind, headers, body)
        for name, value in fields.items():
            setattr(row, name, value[:32] if name == "outcome" else value)
        s.add(row)
        s.flush()
        return row.id


def record_outcome(factory: sessionmaker, notification_id: int, outcome: str, **fields: Any) -> None:
    with factory.begin() as s:
        row = s.get(PaymentNotification, notification_id)
        if row is not None:
            row.outcome = outcome[:32]
            for name, value in fields.items():
                setattr(row, name, value)


# --- entry points ------------------------------------------------------------------------------
def is_signed(headers: Mapping[str, str]) -> bool:
    return any(headers.get(name) for name in SIGNED_HEADERS)


def receive(*, kind: str, headers: Mapping[str, str], body: bytes, session: Session, factory: sessionmaker,
            settings: Settings, keys: KeyRing, now: float | None = None) -> str:
    """One delivery; returns the outcome recorded, raises a DomainError to refuse it."""
    if not is_signed(headers):
        raise NotificationUnsigned()
    if len(body) > MAX_BODY:  # real notifications are about 1 KB; the evidence column holds 64 KB
        raise NotificationMalformed()
    try:
        verify(headers, body, keys=keys, now=time.time() if now is None else now,
               tolerance=settings.notification_tolerance_seconds)
        envelope, resource = _open(body, settings)
    except (NotificationRejected, NotificationUndecryptable, NotificationMalformed) as exc:
        notification_id = record_evidence(factory, kind, headers, body, outcome=exc.outcome,
                                          verified=not isinstance(exc, NotificationRejected))
        log.warning("wechatpay notification %s refused: %s", notification_id, exc.reason)
        raise
    except Exception as exc:
        record_evidence(factory, kind, headers, body, outcome=f"error:{type(exc).__name__}")
        raise
    return _process_or_record_failure(session, factory, evidence_row(kind, headers, body), envelope, resource,
                                      settings)


def replay_notification(session: Session, factory: sessionmaker, notification_id: int, *, settings: Settings,
                        keys: KeyRing) -> str:
    """Operators: process stored evidence again. The signature is still checked (on the stored
    bytes), the freshness window is not: the evidence is old by definition."""
    row = session.get(PaymentNotification, notification_id)
    if row is None:
        raise NotFound()
    body = row.body.encode("utf-8")
    verify(row.headers, body, keys=keys, now=time.time(), tolerance=None)
    envelope, resource = _open(body, settings)
    return _process_or_record_failure(session, factory, row, envelope, resource, settings)


def _open(body: bytes, settings: Settings) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        envelope = strictjson.loads(body)
    except MalformedJson:
        raise NotificationMalformed() from None
    if not isinstance(envelope, dict):
        raise NotificationMalformed()
    return envelope, decrypt(envelope.get("resource"), settings.wechatpay_apiv3_key.get_secret_value())


def _process_or_record_failure(session: Session, factory: sessionmaker, row: PaymentNotification,
                               envelope: dict[str, Any], resource: dict[str, Any], settings: Settings) -> str:
    """Apply a verified delivery and write its evidence ``row`` (new, or stored and replayed) with
    the outcome, in the session's transaction; on failure, roll back and store the failure."""
    evidence = _Evidence(session, row)
    try:
        # Locks first (the order row), the evidence row last: no snapshot read before the lock.
        # The event type decides, not the URL it came to: a misrouted notification still applies.
        if str(envelope.get("event_type") or "").startswith("REFUND."):
            outcome = _process_refund(session, evidence, envelope, resource, settings)
        else:
            outcome = _process_transaction(session, evidence, envelope, resource, settings)
        row.verified = True
        row.event_id = str(envelope.get("id") or "")[:64] or None
        row.event_type = str(envelope.get("event_type") or "")[:32] or None
        row.outcome, row.processed_at = outcome[:32], utcnow()
        if isinstance(resource.get("out_trade_no"), str):
            row.out_trade_no = resource["out_trade_no"][:32]
        evidence.write()
        return outcome
    except Exception as exc:
        stored = row.id if evidence.stored_before else None
        kind, headers, body = row.kind, row.headers, row.body
        # Release this transaction's locks before noting the failure (a new row rolls back too).
        session.rollback()
        outcome = f"error:{getattr(exc, 'reason', type(exc).__name__)}"
        if stored is not None:
            record_outcome(factory, stored, outcome, verified=True, out_trade_no=_out_trade_no(resource))
        else:
            record_evidence(factory, kind, headers, body.encode("utf-8"), outcome=outcome, verified=True,
                            out_trade_no=_out_trade_no(resource))
        raise


class _Evidence:
    """The delivery's evidence row: written last, or earlier when an alert must refer to it."""

    def __init__(self, session: Session, row: PaymentNotification) -> None:
        self.session, self.row = session, row
        self.stored_before = row.id is not None  # a replay of stored evidence

    def id(self) -> int:
        self.write()
        return self.row.id

    def write(self) -> None:
        self.session.add(self.row)
        self.session.flush()


def _out_trade_no(resource: dict[str, Any]) -> str | None:
    value = resource.get("out_trade_no")
    return value[:32] if isinstance(value, str) and value else None


# --- processing (request transaction) ----------------------------------------------------------
def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else None


def _alert(session: Session, evidence: _Evidence, order: Order | None, kind: str, detail: str) -> str:
    """One alert per (kind, order, detail): a repeated delivery of the same mismatch is a duplicate."""
    detail = detail[:500]
    existing = session.scalar(select(PaymentAlert.id).where(
        PaymentAlert.kind == kind, PaymentAlert.detail == detail,
        PaymentAlert.order_id.is_(None) if order is None else PaymentAlert.order_id == order.id).limit(1))
    if existing is not None:
        return "duplicate"
    notification_id = evidence.id()
    session.add(PaymentAlert(kind=kind, order_id=order.id if order else None, notification_id=notification_id,
                             detail=detail, created_at=utcnow()))
    session.flush()
    log.warning("payment alert %s (notification %s)", kind, notification_id)
    return f"alert:{kind}"


def _lock_order(session: Session, **where: Any) -> Order | None:
    stmt = select(Order).filter_by(**where).with_for_update().execution_options(populate_existing=True)
    return session.scalar(stmt)


def _merchant_mismatch(resource: dict[str, Any], settings: Settings, *, check_appid: bool) -> str | None:
    if resource.get("mchid") != settings.wechatpay_mchid:
        return f"mchid {resource.get('mchid')!r} is not ours"
    if check_appid and resource.get("appid") != settings.wechat_appid:
        return f"appid {resource.get('appid')!r} is not ours"
    return None


def _process_transaction(session: Session, evidence: _Evidence, envelope: dict[str, Any],
                         resource: dict[str, Any], settings: Settings) -> str:
    if envelope.get("event_type") != "TRANSACTION.SUCCESS" or resource.get("trade_state") != "SUCCESS":
        return "ignored"
    out_trade_no, txid = resource.get("out_trade_no"), resource.get("transaction_id")
    amount = a if isinstance(a := resource.get("amount"), dict) else {}
    total, currency = amount.get("total"), amount.get("currency")
    where = f"out_trade_no {out_trade_no!r}, transaction {txid!r}"
    order = _lock_order(session, out_trade_no=out_trade_no) if isinstance(out_trade_no, str) else None
    if order is None:
        return _alert(session, evidence, None, "unknown_order",
                      f"WeChat reports a payment for an unknown order: {where}")
    if problem := _merchant_mismatch(resource, settings, check_appid=True):
        return _alert(session, evidence, order, "merchant_mismatch", f"{problem}: {where}")
    if currency != order.currency:
        return _alert(session, evidence, order, "currency_mismatch",
                      f"expected {order.currency}, WeChat reports {currency!r}: {where}")
    if type(total) is not int or total != order.amount_fen:
        return _alert(session, evidence, order, "amount_mismatch",
                      f"expected {order.amount_fen} fen, WeChat reports {total!r}: {where}")
    if not isinstance(txid, str) or not txid:
        return _alert(session, evidence, order, "missing_transaction_id", f"no transaction id: {where}")
    if order.transaction_id is not None and order.transaction_id != txid:
        return _alert(session, evidence, order, "second_transaction",
                      f"order already paid by {order.transaction_id!r}: {where}")
    paid_at = _parse_time(resource.get("success_time"))
    result = order_service.fulfil_paid_order(session, order, transaction_id=txid, paid_at=paid_at,
                                             amount_fen=total, locked=True)
    if result == order_service.FULFILLED:
        return "processed"
    if result != order_service.ALREADY_PAID:
        return f"alert:{result}"
    # Already beyond created|closed: never move back. Fill what a refund-first ordering left out.
    if order.transaction_id is None:
        order.transaction_id = txid
    if order.paid_at is None:
        order.paid_at = paid_at or utcnow()
    if order.status == OrderStatus.paid:
        return "duplicate"
    if order.status == OrderStatus.partially_refunded and not _has_grant(session, order):
        return _alert(session, evidence, order, "grant_missing",
                      f"payment arrived after a partial refund and no grant exists: {where}")
    return "late"


def _has_grant(session: Session, order: Order) -> bool:
    return session.scalar(select(EntitlementEntry.id).where(
        EntitlementEntry.cause_type == LedgerCause.order,
        EntitlementEntry.cause_id.in_([order.out_trade_no, order.public_id]),
        EntitlementEntry.kind == "grant").limit(1)) is not None


def _process_refund(session: Session, evidence: _Evidence, envelope: dict[str, Any],
                    resource: dict[str, Any], settings: Settings) -> str:
    status = REFUND_EVENTS.get(str(envelope.get("event_type")))
    if status is None:
        return "ignored"
    out_refund_no, out_trade_no = resource.get("out_refund_no"), resource.get("out_trade_no")
    amount = a if isinstance(a := resource.get("amount"), dict) else {}
    where = f"out_refund_no {out_refund_no!r}, out_trade_no {out_trade_no!r}"
    order = _lock_order(session, out_trade_no=out_trade_no) if isinstance(out_trade_no, str) else None
    refund = (session.scalar(select(Refund).where(Refund.out_refund_no == out_refund_no).with_for_update())
              if isinstance(out_refund_no, str) else None)
    if order is None or refund is None or refund.order_id != order.id:
        return _alert(session, evidence, order, "unknown_refund", f"WeChat reports an unknown refund: {where}")
    if problem := _merchant_mismatch(resource, settings, check_appid=False):
        return _alert(session, evidence, order, "merchant_mismatch", f"{problem}: {where}")
    if amount.get("refund") != refund.amount_fen:
        return _alert(session, evidence, order, "refund_amount_mismatch",
                      f"expected {refund.amount_fen} fen, WeChat reports {amount.get('refund')!r}: {where}")
    if not refund.refund_id and isinstance(resource.get("refund_id"), str):
        refund.refund_id = resource["refund_id"]
    if order.transaction_id is None and isinstance(resource.get("transaction_id"), str):
        order.transaction_id = resource["transaction_id"]  # the refund proves the payment happened
    before = refund.status
    refund_service.apply_refund_final(session, refund, status)
    session.flush()
    if refund.status != before:
        return "processed"
    final = {"SUCCESS": RefundStatus.success, "ABNORMAL": RefundStatus.abnormal, "CLOSED": RefundStatus.closed}
    return "duplicate" if refund.status == final[status] else "stale"
