"""Reconciliation runs, days and mismatches; indexes for the admin order search and for
finding a day's payments, refunds and grants; the order a payment notification names.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-05 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

TABLE_OPTS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci", "mysql_engine": "InnoDB"}
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')

revision: str = '0008'
down_revision: str | None = '0006'  # rechained after main's 0005 (outbox) and 0006 (audit sealer)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('reconciliation_runs',
    sa.Column('bill_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('trigger', sa.String(length=16), nullable=False),
    sa.Column('operator_id', sa.String(length=32), nullable=True),
    sa.Column('started_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('finished_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('failure_reason', sa.String(length=32), nullable=True),
    sa.Column('failure_detail', sa.String(length=500), nullable=True),
    sa.Column('bill_rows', sa.Integer(), nullable=False),
    sa.Column('refund_rows', sa.Integer(), nullable=False),
    sa.Column('totals', sa.JSON(), nullable=False),
    sa.Column('mismatches', sa.Integer(), nullable=False),
    sa.Column('repaired', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Integer(), nullable=False),
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reconciliation_runs')),
    sa.UniqueConstraint('public_id', name=op.f('uq_reconciliation_runs_public_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('reconciliation_runs', schema=None) as batch_op:
        batch_op.create_index('ix_reconciliation_runs_bill_date', ['bill_date', 'id'], unique=False)

    op.create_table('reconciliation_days',
    sa.Column('bill_date', sa.Date(), nullable=False),
    sa.Column('latest_run_id', BIG_ID, nullable=True),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['latest_run_id'], ['reconciliation_runs.id'],
                            name=op.f('fk_reconciliation_days_latest_run_id_reconciliation_runs')),
    sa.PrimaryKeyConstraint('bill_date', name=op.f('pk_reconciliation_days'))
    , **TABLE_OPTS)

    op.create_table('reconciliation_mismatches',
    sa.Column('run_id', BIG_ID, nullable=False),
    sa.Column('bill_date', sa.Date(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('out_trade_no', sa.String(length=32), nullable=True),
    sa.Column('out_refund_no', sa.String(length=64), nullable=True),
    sa.Column('transaction_id', sa.String(length=64), nullable=True),
    sa.Column('bill_amount_fen', sa.Integer(), nullable=True),
    sa.Column('local_amount_fen', sa.Integer(), nullable=True),
    sa.Column('bill_evidence', sa.JSON(), nullable=True),
    sa.Column('local_evidence', sa.JSON(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('resolved_by', sa.String(length=32), nullable=True),
    sa.Column('resolved_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['reconciliation_runs.id'],
                            name=op.f('fk_reconciliation_mismatches_run_id_reconciliation_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reconciliation_mismatches')),
    sa.UniqueConstraint('public_id', name=op.f('uq_reconciliation_mismatches_public_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('reconciliation_mismatches', schema=None) as batch_op:
        batch_op.create_index('ix_reconciliation_mismatches_run_id', ['run_id', 'id'], unique=False)
        batch_op.create_index('ix_reconciliation_mismatches_out_trade_no', ['out_trade_no'], unique=False)
        batch_op.create_index('ix_reconciliation_mismatches_state', ['state', 'bill_date'], unique=False)

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_created_at', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_orders_paid_at', ['paid_at'], unique=False)
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.create_index('ix_refunds_completed_at', ['completed_at'], unique=False)
    with op.batch_alter_table('entitlement_ledger', schema=None) as batch_op:
        batch_op.create_index('ix_entitlement_ledger_created_at', ['created_at'], unique=False)
    with op.batch_alter_table('payment_notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('out_trade_no', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_payment_notifications_out_trade_no', ['out_trade_no'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('payment_notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_notifications_out_trade_no')
        batch_op.drop_column('out_trade_no')
    with op.batch_alter_table('entitlement_ledger', schema=None) as batch_op:
        batch_op.drop_index('ix_entitlement_ledger_created_at')
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_index('ix_refunds_completed_at')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_paid_at')
        batch_op.drop_index('ix_orders_created_at')
    op.drop_table('reconciliation_mismatches')
    op.drop_table('reconciliation_days')
    op.drop_table('reconciliation_runs')
