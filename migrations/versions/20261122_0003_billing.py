"""Billing: plans (with the free tier), orders, payment evidence, refunds, entitlement ledger,
activation codes, payment alerts, operators.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 03:14:12.153851
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

TABLE_OPTS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci", "mysql_engine": "InnoDB"}

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('operators',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('disabled_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_operators')),
    sa.UniqueConstraint('public_id', name=op.f('uq_operators_public_id')),
    sa.UniqueConstraint('username', name=op.f('uq_operators_username'))
    , **TABLE_OPTS)
    op.create_table('payment_notifications',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('received_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=True),
    sa.Column('event_type', sa.String(length=32), nullable=True),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('processed_at', models.base.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_notifications'))
    , **TABLE_OPTS)
    with op.batch_alter_table('payment_notifications', schema=None) as batch_op:
        batch_op.create_index('ix_payment_notifications_event_id', ['event_id'], unique=False)

    op.create_table('plans',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('price_fen', sa.Integer(), nullable=False),
    sa.Column('duration_days', sa.Integer(), nullable=False),
    sa.Column('limits', sa.JSON(), nullable=False),
    sa.Column('purchasable', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('code', name=op.f('uq_plans_code'))
    , **TABLE_OPTS)
    op.create_table('activation_batches',
    sa.Column('plan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('valid_from', models.base.UTCDateTime(), nullable=False),
    sa.Column('valid_until', models.base.UTCDateTime(), nullable=False),
    sa.Column('channel_note', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('disabled_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_activation_batches_plan_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activation_batches')),
    sa.UniqueConstraint('public_id', name=op.f('uq_activation_batches_public_id'))
    , **TABLE_OPTS)
    op.create_table('entitlement_ledger',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('plan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('delta_seconds', sa.Integer(), nullable=False),
    sa.Column('ends_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('cause_type', sa.Enum('order', 'activation_code', 'refund', 'operator', name='ledgercause', native_enum=False, length=24), nullable=False),
    sa.Column('cause_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_entitlement_ledger_plan_id_plans')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_entitlement_ledger_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entitlement_ledger')),
    sa.UniqueConstraint('cause_type', 'cause_id', 'kind', name=op.f('uq_entitlement_ledger_cause_type_cause_id_kind'))
    , **TABLE_OPTS)
    with op.batch_alter_table('entitlement_ledger', schema=None) as batch_op:
        batch_op.create_index('ix_entitlement_ledger_user_id', ['user_id', 'id'], unique=False)

    op.create_table('orders',
    sa.Column('out_trade_no', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('plan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('channel', sa.String(length=24), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=8), nullable=False),
    sa.Column('status', sa.Enum('created', 'paid', 'partially_refunded', 'refunded', 'closed', name='orderstatus', native_enum=False, length=24), nullable=False),
    sa.Column('prepay_id', sa.String(length=64), nullable=True),
    sa.Column('transaction_id', sa.String(length=64), nullable=True),
    sa.Column('refunded_fen', sa.Integer(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('expires_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('paid_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('closed_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_orders_plan_id_plans')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_orders_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('out_trade_no', name=op.f('uq_orders_out_trade_no')),
    sa.UniqueConstraint('public_id', name=op.f('uq_orders_public_id')),
    sa.UniqueConstraint('transaction_id', name=op.f('uq_orders_transaction_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_status_expires_at', ['status', 'expires_at'], unique=False)
        batch_op.create_index('ix_orders_user_id', ['user_id', 'id'], unique=False)

    op.create_table('activation_codes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('redeemed_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('redeemed_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['activation_batches.id'], name=op.f('fk_activation_codes_batch_id_activation_batches')),
    sa.ForeignKeyConstraint(['redeemed_by'], ['users.id'], name=op.f('fk_activation_codes_redeemed_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activation_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_activation_codes_code_hash'))
    , **TABLE_OPTS)
    with op.batch_alter_table('activation_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activation_codes_batch_id'), ['batch_id'], unique=False)

    op.create_table('payment_alerts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('notification_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('acknowledged_at', models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['notification_id'], ['payment_notifications.id'], name=op.f('fk_payment_alerts_notification_id_payment_notifications')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_payment_alerts_order_id_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_alerts'))
    , **TABLE_OPTS)
    op.create_table('refunds',
    sa.Column('order_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('out_refund_no', sa.String(length=64), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('operator_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.Enum('processing', 'success', 'closed', 'abnormal', 'failed', name='refundstatus', native_enum=False, length=24), nullable=False),
    sa.Column('refund_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('completed_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_refunds_order_id_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refunds')),
    sa.UniqueConstraint('out_refund_no', name=op.f('uq_refunds_out_refund_no')),
    sa.UniqueConstraint('public_id', name=op.f('uq_refunds_public_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.create_index('ix_refunds_order_id', ['order_id'], unique=False)

    # Starting catalogue; operators change prices and limits as data afterwards.
    plans = sa.table("plans", sa.column("code", sa.String), sa.column("name", sa.String),
                     sa.column("price_fen", sa.Integer), sa.column("duration_days", sa.Integer),
                     sa.column("limits", sa.JSON), sa.column("purchasable", sa.Boolean),
                     sa.column("sort_order", sa.Integer))
    unlimited = {"clients": None, "images": None, "analyses_per_month": None, "exports_per_month": None}
    op.bulk_insert(plans, [
        {"code": "free", "name": "基础版", "price_fen": 0, "duration_days": 0, "purchasable": False, "sort_order": 0,
         "limits": {"clients": 50, "images": 500, "analyses_per_month": 20, "exports_per_month": 2}},
        {"code": "vip_month", "name": "VIP 月卡", "price_fen": 6800, "duration_days": 31, "purchasable": True,
         "sort_order": 1, "limits": unlimited},
        {"code": "vip_quarter", "name": "VIP 季卡", "price_fen": 18800, "duration_days": 92, "purchasable": True,
         "sort_order": 2, "limits": unlimited},
        {"code": "vip_year", "name": "VIP 年卡", "price_fen": 58800, "duration_days": 366, "purchasable": True,
         "sort_order": 3, "limits": unlimited},
    ])


def downgrade() -> None:
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_index('ix_refunds_order_id')

    op.drop_table('refunds')
    op.drop_table('payment_alerts')
    with op.batch_alter_table('activation_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activation_codes_batch_id'))

    op.drop_table('activation_codes')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_user_id')
        batch_op.drop_index('ix_orders_status_expires_at')

    op.drop_table('orders')
    with op.batch_alter_table('entitlement_ledger', schema=None) as batch_op:
        batch_op.drop_index('ix_entitlement_ledger_user_id')

    op.drop_table('entitlement_ledger')
    op.drop_table('activation_batches')
    op.drop_table('plans')
    with op.batch_alter_table('payment_notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_notifications_event_id')

    op.drop_table('payment_notifications')
    op.drop_table('operators')
