"""The transactional outbox, and the indexes the sweeper scans with.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

TABLE_OPTS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci", "mysql_engine": "InnoDB"}

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('job', sa.String(length=128), nullable=False),
    sa.Column('args', sa.JSON(), nullable=False),
    sa.Column('key', sa.String(length=191), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('last_sent_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('acked_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    , **TABLE_OPTS)
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_acked_next', ['acked_at', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_outbox_key_id', ['key', 'id'], unique=False)
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.create_index('ix_images_status_purged_captured', ['status', 'purged_at', 'captured_at'], unique=False)
    with op.batch_alter_table('image_exports', schema=None) as batch_op:
        batch_op.create_index('ix_image_exports_status_created', ['status', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('image_exports', schema=None) as batch_op:
        batch_op.drop_index('ix_image_exports_status_created')
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.drop_index('ix_images_status_purged_captured')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_key_id')
        batch_op.drop_index('ix_outbox_acked_next')
    op.drop_table('outbox')
