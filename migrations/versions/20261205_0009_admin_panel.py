"""Admin panel: operators' TOTP and browser sessions, alert acknowledgements, one-time export of
activation codes, disabled stores.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

import models.base

TABLE_OPTS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci", "mysql_engine": "InnoDB"}

revision: str = '0009'
down_revision: str | None = '0007'  # after 0008 (reconciliation) and 0007 (analysis)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('operator_sessions',
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('operator_id', BIG_ID, nullable=False),
    sa.Column('stage', sa.String(length=8), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('last_seen_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_operator_sessions_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_operator_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_operator_sessions_token_hash'))
    , **TABLE_OPTS)
    op.create_index('ix_operator_sessions_operator_id', 'operator_sessions', ['operator_id'], unique=False)
    with op.batch_alter_table('operators') as batch:
        batch.add_column(sa.Column('totp_secret_enc', sa.String(length=255), nullable=True))
        batch.add_column(sa.Column('totp_enrolled_at', models.base.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column('last_login_at', models.base.UTCDateTime(), nullable=True))
    with op.batch_alter_table('payment_alerts') as batch:
        batch.add_column(sa.Column('acknowledged_by', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('acknowledge_note', sa.String(length=200), nullable=True))
    with op.batch_alter_table('activation_batches') as batch:
        batch.add_column(sa.Column('codes_enc', sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql', 'mariadb'), nullable=True))
        batch.add_column(sa.Column('codes_exported_at', models.base.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('codes_exported_by', sa.String(length=32), nullable=True))
    with op.batch_alter_table('stores') as batch:
        batch.add_column(sa.Column('disabled_at', models.base.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('stores') as batch:
        batch.drop_column('disabled_at')
    with op.batch_alter_table('activation_batches') as batch:
        for name in ('codes_exported_by', 'codes_exported_at', 'codes_enc'):
            batch.drop_column(name)
    with op.batch_alter_table('payment_alerts') as batch:
        batch.drop_column('acknowledge_note')
        batch.drop_column('acknowledged_by')
    with op.batch_alter_table('operators') as batch:
        for name in ('last_login_at', 'totp_last_step', 'totp_enrolled_at', 'totp_secret_enc'):
            batch.drop_column(name)
    op.drop_index('ix_operator_sessions_operator_id', table_name='operator_sessions')
    op.drop_table('operator_sessions')
