"""Image analysis: the model registry (seeded with the shipped models), analyses, before/after comparisons.

Revision ID: 0007
Revises: 0008
Create Date: 2026-12-05 06:53:52.517686
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

TABLE_OPTS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci", "mysql_engine": "InnoDB"}

revision: str = '0007'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('analysis_models',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('task', sa.String(length=32), nullable=False),
    sa.Column('runtime', sa.String(length=32), nullable=False),
    sa.Column('file', sa.String(length=128), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('input_shape', sa.JSON(), nullable=False),
    sa.Column('normalisation', sa.JSON(), nullable=False),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('active', 'retired', name='modelstatus', native_enum=False, length=16), nullable=False),
    sa.Column('registered_by', sa.String(length=32), nullable=True),
    sa.Column('registered_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('retired_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_models')),
    sa.UniqueConstraint('name', 'version', name=op.f('uq_analysis_models_name_version')),
    sa.UniqueConstraint('public_id', name=op.f('uq_analysis_models_public_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('analysis_models', schema=None) as batch_op:
        batch_op.create_index('ix_analysis_models_task_status', ['task', 'status'], unique=False)

    op.create_table('analyses',
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('client_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('image_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('requested_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('models_key', sa.String(length=255), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'succeeded', 'failed', 'cancelled', name='analysisstatus', native_enum=False, length=16), nullable=False),
    sa.Column('stage', sa.String(length=32), nullable=True),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=True),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('overlay_key', sa.String(length=255), nullable=True),
    sa.Column('deidentified_key', sa.String(length=255), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('started_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('heartbeat_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('finished_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('notified_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_analyses_client_id_clients')),
    sa.ForeignKeyConstraint(['image_id'], ['images.id'], name=op.f('fk_analyses_image_id_images')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_analyses_requested_by_users')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_analyses_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analyses')),
    sa.UniqueConstraint('image_id', 'models_key', name=op.f('uq_analyses_image_id_models_key')),
    sa.UniqueConstraint('public_id', name=op.f('uq_analyses_public_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('analyses', schema=None) as batch_op:
        batch_op.create_index('ix_analyses_status_heartbeat', ['status', 'heartbeat_at'], unique=False)
        batch_op.create_index('ix_analyses_store_image_id', ['store_id', 'image_id', 'id'], unique=False)

    op.create_table('analysis_comparisons',
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('client_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('before_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('after_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('requested_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'succeeded', 'failed', 'cancelled', name='analysisstatus', native_enum=False, length=16), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=True),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('before_key', sa.String(length=255), nullable=True),
    sa.Column('after_key', sa.String(length=255), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('heartbeat_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('finished_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['after_id'], ['analyses.id'], name=op.f('fk_analysis_comparisons_after_id_analyses')),
    sa.ForeignKeyConstraint(['before_id'], ['analyses.id'], name=op.f('fk_analysis_comparisons_before_id_analyses')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_analysis_comparisons_client_id_clients')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_analysis_comparisons_requested_by_users')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_analysis_comparisons_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_comparisons')),
    sa.UniqueConstraint('before_id', 'after_id', name=op.f('uq_analysis_comparisons_before_id_after_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_analysis_comparisons_public_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('analysis_comparisons', schema=None) as batch_op:
        batch_op.create_index('ix_analysis_comparisons_store_id', ['store_id', 'id'], unique=False)

    # The models the code ships (jobs/vision/weights); their hashes are checked on every load.
    models_table = sa.table('analysis_models', *(sa.column(c) for c in (
        'public_id', 'name', 'version', 'task', 'runtime', 'file', 'sha256', 'status')),
        *(sa.column(c, sa.JSON) for c in ('input_shape', 'normalisation', 'labels')),
        sa.column('registered_at', models.base.UTCDateTime))
    now = models.base.utcnow()
    op.bulk_insert(models_table, [
        {'public_id': models.base.new_public_id(), 'name': 'capture-quality', 'version': '1', 'task': 'capture_quality',
         'runtime': 'onnxruntime', 'file': 'quality-1.onnx',
         'sha256': '9075ae3511c9ed5f853e82fadc751676d4dcc1b93db07d6becbf9e2fd65461e5', 'input_shape': ['N', 1, 256, 256],
         'normalisation': {'colour': 'grey', 'crop': 'five 256x256 patches of the working image', 'scale': 'pixel / 255'},
         'labels': ['good', 'blurred', 'dark', 'overexposed', 'noisy'], 'status': 'active', 'registered_at': now},
        {'public_id': models.base.new_public_id(), 'name': 'face-lbp', 'version': '1', 'task': 'face_detection',
         'runtime': 'skimage-lbp-cascade', 'file': 'lbpcascade_frontalface_opencv.xml',
         'sha256': '03097789a3dcbb0e40d20b9ef82537dbc3b670b6a7f2268d735470f22e003a91', 'input_shape': ['H', 'W'],
         'normalisation': {'colour': 'grey', 'scale': 'pixel / 255', 'min_face': '25% of the short side'},
         'labels': ['face'], 'status': 'active', 'registered_at': now},
    ])


def downgrade() -> None:
    with op.batch_alter_table('analysis_comparisons', schema=None) as batch_op:
        batch_op.drop_index('ix_analysis_comparisons_store_id')

    op.drop_table('analysis_comparisons')
    with op.batch_alter_table('analyses', schema=None) as batch_op:
        batch_op.drop_index('ix_analyses_store_image_id')
        batch_op.drop_index('ix_analyses_status_heartbeat')

    op.drop_table('analyses')
    with op.batch_alter_table('analysis_models', schema=None) as batch_op:
        batch_op.drop_index('ix_analysis_models_task_status')

    op.drop_table('analysis_models')
