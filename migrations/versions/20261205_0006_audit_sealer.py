"""Audit events are sealed in batches: seal columns nullable, audit_batches, batch state on heads.

Existing chains stay valid (an event's hash formula is unchanged); each gets one batch covering
all its events, so the verifier has a batch to match from the start.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-05 07:00:00
"""

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import models.base

TABLE_OPTS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci", "mysql_engine": "InnoDB"}
GENESIS = "0" * 64

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _digest(fields: dict, prev: str) -> str:
    # Frozen copy of bff.audit.chain.batch_digest as of this revision.
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((canonical + prev).encode("utf-8")).hexdigest()


def upgrade() -> None:
    op.create_table('audit_batches',
    sa.Column('chain_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('batch', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('first_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.Column('sealed_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('prev_digest', sa.String(length=64), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('chain_id', 'batch', name=op.f('pk_audit_batches'))
    , **TABLE_OPTS)
    with op.batch_alter_table('audit_chain_heads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_batch', sa.BigInteger(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('last_digest', sa.String(length=64), nullable=False,
                                      server_default=GENESIS))
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.BigInteger(), nullable=True)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=True)
        batch_op.create_index('ix_audit_events_unsealed', ['seq', 'chain_id'], unique=False)
        batch_op.create_index('ix_audit_events_chain', ['chain_id', 'id'], unique=False)

    conn = op.get_bind()
    heads = sa.table('audit_chain_heads', sa.column('chain_id'), sa.column('last_seq'), sa.column('last_hash'),
                     sa.column('last_batch'), sa.column('last_digest'))
    batches = sa.table('audit_batches', sa.column('chain_id'), sa.column('batch'), sa.column('first_seq'),
                       sa.column('last_seq'), sa.column('last_hash'),
                       sa.column('sealed_at', models.base.UTCDateTime()), sa.column('prev_digest'),
                       sa.column('digest'))
    sealed_at = datetime.now(UTC)
    for chain_id, last_seq, last_hash in conn.execute(
            sa.select(heads.c.chain_id, heads.c.last_seq, heads.c.last_hash).where(heads.c.last_seq > 0)).all():
        digest = _digest({"chain_id": chain_id, "batch": 1, "first_seq": 1, "last_seq": last_seq,
                          "last_hash": last_hash, "sealed_at": sealed_at.isoformat(timespec="microseconds")},
                         GENESIS)
        conn.execute(batches.insert().values(chain_id=chain_id, batch=1, first_seq=1, last_seq=last_seq,
                                             last_hash=last_hash, sealed_at=sealed_at, prev_digest=GENESIS,
                                             digest=digest))
        conn.execute(heads.update().where(heads.c.chain_id == chain_id).values(last_batch=1, last_digest=digest))


def downgrade() -> None:
    # Fails while events are unsealed: run `mirror audit seal` first.
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_chain')
        batch_op.drop_index('ix_audit_events_unsealed')
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('seq', existing_type=sa.BigInteger(), nullable=False)
    with op.batch_alter_table('audit_chain_heads', schema=None) as batch_op:
        batch_op.drop_column('last_digest')
        batch_op.drop_column('last_batch')
    op.drop_table('audit_batches')
