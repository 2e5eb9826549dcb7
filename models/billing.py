"""VIP plans, orders, WeChat Pay evidence, refunds, the entitlement ledger, activation codes.

Money is integer fen. Every grant or revocation of VIP time is an append-only ledger
entry naming its cause; an account's current entitlement is derived from its ledger.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.mysql import MEDIUMTEXT
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, PublicIdMixin, UTCDateTime, utcnow

# TEXT holds 64 KB on MySQL; a batch's sealed codes need more.
LongText = Text().with_variant(MEDIUMTEXT(), "mysql", "mariadb")


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=24)


class Plan(Base):
    """Operators edit plans as data; ``free`` carries the free tier's limits."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    price_fen: Mapped[int] = mapped_column(Integer)
    duration_days: Mapped[int] = mapped_column(Integer)
    # {"clients": 50, "images": 200, "analyses_per_month": 10, "exports_per_month": 2}; null = unlimited
    limits: Mapped[dict[str, Any]] = mapped_column(JSON)
    purchasable: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class OrderStatus(enum.StrEnum):
    created = "created"
    paid = "paid"
    partially_refunded = "partially_refunded"
    refunded = "refunded"
    closed = "closed"


class Order(PublicIdMixin, Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_user_id", "user_id", "id"),
        Index("ix_orders_status_expires_at", "status", "expires_at"),
        Index("ix_orders_created_at", "created_at", "id"),  # admin search by date range
        Index("ix_orders_paid_at", "paid_at"),  # reconciliation: the orders paid on a bill date
    )

    out_trade_no: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    plan_id: Mapped[int] = mapped_column(BigId, ForeignKey("plans.id"))
    channel: Mapped[str] = mapped_column(String(24))  # "wechatpay_jsapi"; others can be added
    amount_fen: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(8), default="CNY")
    status: Mapped[OrderStatus] = mapped_column(_enum(OrderStatus), default=OrderStatus.created)
    prepay_id: Mapped[str | None] = mapped_column(String(64))
    transaction_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    refunded_fen: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PaymentNotification(Base):
    """Every notification as received (raw headers and body), stored before processing."""

    __tablename__ = "payment_notifications"
    __table_args__ = (Index("ix_payment_notifications_event_id", "event_id"),
                      Index("ix_payment_notifications_out_trade_no", "out_trade_no"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # "transaction" | "refund"
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    headers: Mapped[dict[str, str]] = mapped_column(JSON)
    body: Mapped[str] = mapped_column(Text)
    event_id: Mapped[str | None] = mapped_column(String(64))
    event_type: Mapped[str | None] = mapped_column(String(32))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(String(32))  # processed, duplicate, rejected:<why>, ...
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The order the verified resource names (set when processed): the order's notification history.
    out_trade_no: Mapped[str | None] = mapped_column(String(32))


class RefundStatus(enum.StrEnum):
    processing = "processing"
    success = "success"
    closed = "closed"
    abnormal = "abnormal"
    failed = "failed"  # the request to WeChat itself failed; a new attempt gets a new out_refund_no


class Refund(PublicIdMixin, Base):
    __tablename__ = "refunds"
    __table_args__ = (Index("ix_refunds_order_id", "order_id"), Index("ix_refunds_completed_at", "completed_at"))

    order_id: Mapped[int] = mapped_column(BigId, ForeignKey("orders.id"))
    out_refund_no: Mapped[str] = mapped_column(String(64), unique=True)
    amount_fen: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    operator_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[RefundStatus] = mapped_column(_enum(RefundStatus), default=RefundStatus.processing)
    refund_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LedgerCause(enum.StrEnum):
    order = "order"
    activation_code = "activation_code"
    refund = "refund"
    operator = "operator"


class EntitlementEntry(Base):
    """Append-only. ``delta_seconds`` > 0 grants, < 0 revokes; ``ends_at`` is the account's
    VIP end after this entry (a snapshot the ledger replay must reproduce)."""

    __tablename__ = "entitlement_ledger"
    __table_args__ = (
        Index("ix_entitlement_ledger_user_id", "user_id", "id"),
        Index("ix_entitlement_ledger_created_at", "created_at"),  # reconciliation: grants of a day
        UniqueConstraint("cause_type", "cause_id", "kind"),  # one effect per cause: no double grants
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    plan_id: Mapped[int] = mapped_column(BigId, ForeignKey("plans.id"))
    kind: Mapped[str] = mapped_column(String(16))  # grant | revoke
    delta_seconds: Mapped[int] = mapped_column(Integer)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cause_type: Mapped[LedgerCause] = mapped_column(_enum(LedgerCause))
    cause_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ActivationBatch(PublicIdMixin, Base):
    __tablename__ = "activation_batches"

    plan_id: Mapped[int] = mapped_column(BigId, ForeignKey("plans.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime)
    channel_note: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The panel's one-time CSV export: the codes sealed with the field cipher until the first
    # export, then erased (only their hashes remain).
    codes_enc: Mapped[str | None] = mapped_column(LongText)  # up to QUANTITY_MAX codes
    codes_exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    codes_exported_by: Mapped[str | None] = mapped_column(String(32))


class ActivationCode(Base):
    """Only a hash of the code is stored; redemption flips ``redeemed_at`` exactly once."""

    __tablename__ = "activation_codes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(BigId, ForeignKey("activation_batches.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    redeemed_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))


class PaymentAlert(Base):
    """Something operators must look at: a mismatched amount or merchant never grants anything."""

    __tablename__ = "payment_alerts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    order_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("orders.id"))
    notification_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("payment_notifications.id"))
    detail: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(32))  # operator public id
    acknowledge_note: Mapped[str | None] = mapped_column(String(200))


class OperatorRole(enum.StrEnum):
    admin = "admin"
    finance = "finance"
    support = "support"


class Operator(PublicIdMixin, Base):
    """Platform staff (admin panel). Separate from WeChat users; passwords stored as argon2id hashes."""

    __tablename__ = "operators"

    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    roles: Mapped[list[str]] = mapped_column(JSON)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # TOTP second factor: the secret sealed with the field cipher (confirmed once
    # ``totp_enrolled_at`` is set); the last accepted time step, so a code is accepted once.
    totp_secret_enc: Mapped[str | None] = mapped_column(String(255))
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
