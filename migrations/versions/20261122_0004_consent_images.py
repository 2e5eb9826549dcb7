"""Consent (templates, requests, chained records, grants), capture sessions, upload tickets,
images with tags, exports.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 04:16:16.427741
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

TABLE_OPTS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci", "mysql_engine": "InnoDB"}

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('consent_chain_heads',
    sa.Column('store_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('store_id', name=op.f('pk_consent_chain_heads'))
    , **TABLE_OPTS)
    op.create_table('consent_templates',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'retired', name='templatestatus', native_enum=False, length=16), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('published_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('created_by_operator', sa.String(length=32), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_templates')),
    sa.UniqueConstraint('code', 'version', name=op.f('uq_consent_templates_code_version')),
    sa.UniqueConstraint('public_id', name=op.f('uq_consent_templates_public_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('consent_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_templates_sha256'), ['sha256'], unique=False)

    op.create_table('image_exports',
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('requested_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('mode', sa.Enum('original', 'deidentified', name='exportmode', native_enum=False, length=16), nullable=False),
    sa.Column('image_ids', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='exportstatus', native_enum=False, length=16), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.Integer(), nullable=False),
    sa.Column('object_key', sa.String(length=255), nullable=True),
    sa.Column('error', sa.String(length=64), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('finished_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_image_exports_requested_by_users')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_image_exports_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_image_exports')),
    sa.UniqueConstraint('public_id', name=op.f('uq_image_exports_public_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('image_exports', schema=None) as batch_op:
        batch_op.create_index('ix_image_exports_store_id', ['store_id', 'id'], unique=False)

    op.create_table('capture_sessions',
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('client_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('consultant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('device_kind', sa.Enum('phone_camera', 'imaging_device', name='devicekind', native_enum=False, length=16), nullable=False),
    sa.Column('device', sa.JSON(), nullable=False),
    sa.Column('light_mode', sa.Enum('standard', 'cross_polarized', 'uv', name='lightmode', native_enum=False, length=16), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('protocol', sa.String(length=32), nullable=False),
    sa.Column('views', sa.JSON(), nullable=False),
    sa.Column('started_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('ended_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_capture_sessions_client_id_clients')),
    sa.ForeignKeyConstraint(['consultant_id'], ['users.id'], name=op.f('fk_capture_sessions_consultant_id_users')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_capture_sessions_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capture_sessions')),
    sa.UniqueConstraint('public_id', name=op.f('uq_capture_sessions_public_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('capture_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_capture_sessions_store_client_id', ['store_id', 'client_id', 'id'], unique=False)

    op.create_table('consent_requests',
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('client_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('template_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('scene', sa.String(length=32), nullable=False),
    sa.Column('status', sa.Enum('pending', 'signed', 'cancelled', name='requeststatus', native_enum=False, length=16), nullable=False),
    sa.Column('expires_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('viewed_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('viewed_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('signed_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_consent_requests_client_id_clients')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_consent_requests_created_by_users')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_consent_requests_store_id_stores')),
    sa.ForeignKeyConstraint(['template_id'], ['consent_templates.id'], name=op.f('fk_consent_requests_template_id_consent_templates')),
    sa.ForeignKeyConstraint(['viewed_by'], ['users.id'], name=op.f('fk_consent_requests_viewed_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_requests')),
    sa.UniqueConstraint('public_id', name=op.f('uq_consent_requests_public_id')),
    sa.UniqueConstraint('scene', name=op.f('uq_consent_requests_scene'))
    , **TABLE_OPTS)
    with op.batch_alter_table('consent_requests', schema=None) as batch_op:
        batch_op.create_index('ix_consent_requests_store_client_id', ['store_id', 'client_id', 'id'], unique=False)

    op.create_table('consent_records',
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.Enum('grant', 'withdraw', 'deletion_request', name='recordkind', native_enum=False, length=24), nullable=False),
    sa.Column('client_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('request_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('template_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('template_sha256', sa.String(length=64), nullable=True),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('actor_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('actor_role', sa.String(length=16), nullable=False),
    sa.Column('signer_openid', sa.String(length=64), nullable=True),
    sa.Column('signer_phone_enc', sa.String(length=255), nullable=True),
    sa.Column('guardian_name_enc', sa.String(length=255), nullable=True),
    sa.Column('guardian_relationship', sa.String(length=16), nullable=True),
    sa.Column('minor', sa.Boolean(), nullable=False),
    sa.Column('signature_object_key', sa.String(length=255), nullable=True),
    sa.Column('signature_sha256', sa.String(length=64), nullable=True),
    sa.Column('ip_enc', sa.String(length=255), nullable=True),
    sa.Column('user_agent', sa.String(length=255), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('occurred_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_consent_records_actor_user_id_users')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_consent_records_client_id_clients')),
    sa.ForeignKeyConstraint(['request_id'], ['consent_requests.id'], name=op.f('fk_consent_records_request_id_consent_requests')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_consent_records_store_id_stores')),
    sa.ForeignKeyConstraint(['template_id'], ['consent_templates.id'], name=op.f('fk_consent_records_template_id_consent_templates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_records')),
    sa.UniqueConstraint('public_id', name=op.f('uq_consent_records_public_id')),
    sa.UniqueConstraint('store_id', 'seq', name=op.f('uq_consent_records_store_id_seq'))
    , **TABLE_OPTS)
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.create_index('ix_consent_records_store_client_id', ['store_id', 'client_id', 'id'], unique=False)

    op.create_table('images',
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('client_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('purpose', sa.Enum('photo', 'signature', name='uploadpurpose', native_enum=False, length=16), nullable=False),
    sa.Column('session_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('view', sa.String(length=32), nullable=True),
    sa.Column('region', sa.String(length=32), nullable=True),
    sa.Column('status', sa.Enum('processing', 'ready', 'rejected', 'blocked', 'deleted', name='imagestatus', native_enum=False, length=16), nullable=False),
    sa.Column('reject_reason', sa.String(length=32), nullable=True),
    sa.Column('object_key', sa.String(length=255), nullable=False),
    sa.Column('clean_key', sa.String(length=255), nullable=True),
    sa.Column('thumb_key', sa.String(length=255), nullable=True),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('paired_with_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('uploaded_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('captured_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('processed_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('deleted_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('purged_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_images_client_id_clients')),
    sa.ForeignKeyConstraint(['paired_with_id'], ['images.id'], name=op.f('fk_images_paired_with_id_images')),
    sa.ForeignKeyConstraint(['session_id'], ['capture_sessions.id'], name=op.f('fk_images_session_id_capture_sessions')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_images_store_id_stores')),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], name=op.f('fk_images_uploaded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_images')),
    sa.UniqueConstraint('object_key', name=op.f('uq_images_object_key')),
    sa.UniqueConstraint('public_id', name=op.f('uq_images_public_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.create_index('ix_images_store_captured_id', ['store_id', 'captured_at', 'id'], unique=False)
        batch_op.create_index('ix_images_store_client_status_id', ['store_id', 'client_id', 'status', 'id'], unique=False)
        batch_op.create_index('ix_images_store_region_id', ['store_id', 'region', 'id'], unique=False)
        batch_op.create_index('ix_images_store_session_id', ['store_id', 'session_id', 'id'], unique=False)
        batch_op.create_index('ix_images_store_status_id', ['store_id', 'status', 'id'], unique=False)
        batch_op.create_index('ix_images_store_view_id', ['store_id', 'view', 'id'], unique=False)

    op.create_table('consent_grants',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('client_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('scope', sa.Enum('capture', 'analysis', 'questionnaire', 'research', 'showcase', 'share', name='consentscope', native_enum=False, length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('guardian', sa.Boolean(), nullable=False),
    sa.Column('granted_record_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('withdrawn_record_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_consent_grants_client_id_clients')),
    sa.ForeignKeyConstraint(['granted_record_id'], ['consent_records.id'], name=op.f('fk_consent_grants_granted_record_id_consent_records')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_consent_grants_store_id_stores')),
    sa.ForeignKeyConstraint(['withdrawn_record_id'], ['consent_records.id'], name=op.f('fk_consent_grants_withdrawn_record_id_consent_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_grants')),
    sa.UniqueConstraint('store_id', 'client_id', 'scope', name=op.f('uq_consent_grants_store_id_client_id_scope'))
    , **TABLE_OPTS)
    op.create_table('image_tags',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('image_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tag', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['image_id'], ['images.id'], name=op.f('fk_image_tags_image_id_images')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_image_tags_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_image_tags')),
    sa.UniqueConstraint('image_id', 'tag', name=op.f('uq_image_tags_image_id_tag'))
    , **TABLE_OPTS)
    with op.batch_alter_table('image_tags', schema=None) as batch_op:
        batch_op.create_index('ix_image_tags_store_tag_image', ['store_id', 'tag', 'image_id'], unique=False)

    op.create_table('upload_tickets',
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('client_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('purpose', sa.Enum('photo', 'signature', name='uploadpurpose', native_enum=False, length=16), nullable=False),
    sa.Column('session_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('consent_request_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('view', sa.String(length=32), nullable=True),
    sa.Column('region', sa.String(length=32), nullable=True),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('object_key', sa.String(length=255), nullable=False),
    sa.Column('max_bytes', sa.BigInteger(), nullable=False),
    sa.Column('issued_to', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('issued_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('expires_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('image_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_upload_tickets_client_id_clients')),
    sa.ForeignKeyConstraint(['consent_request_id'], ['consent_requests.id'], name=op.f('fk_upload_tickets_consent_request_id_consent_requests')),
    sa.ForeignKeyConstraint(['image_id'], ['images.id'], name=op.f('fk_upload_tickets_image_id_images')),
    sa.ForeignKeyConstraint(['issued_to'], ['users.id'], name=op.f('fk_upload_tickets_issued_to_users')),
    sa.ForeignKeyConstraint(['session_id'], ['capture_sessions.id'], name=op.f('fk_upload_tickets_session_id_capture_sessions')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_upload_tickets_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_upload_tickets')),
    sa.UniqueConstraint('object_key', name=op.f('uq_upload_tickets_object_key')),
    sa.UniqueConstraint('public_id', name=op.f('uq_upload_tickets_public_id'))
    , **TABLE_OPTS)


def downgrade() -> None:
    op.drop_table('upload_tickets')
    with op.batch_alter_table('image_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_image_tags_store_tag_image')

    op.drop_table('image_tags')
    op.drop_table('consent_grants')
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.drop_index('ix_images_store_view_id')
        batch_op.drop_index('ix_images_store_status_id')
        batch_op.drop_index('ix_images_store_session_id')
        batch_op.drop_index('ix_images_store_region_id')
        batch_op.drop_index('ix_images_store_client_status_id')
        batch_op.drop_index('ix_images_store_captured_id')

    op.drop_table('images')
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_records_store_client_id')

    op.drop_table('consent_records')
    with op.batch_alter_table('consent_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_requests_store_client_id')

    op.drop_table('consent_requests')
    with op.batch_alter_table('capture_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_capture_sessions_store_client_id')

    op.drop_table('capture_sessions')
    with op.batch_alter_table('image_exports', schema=None) as batch_op:
        batch_op.drop_index('ix_image_exports_store_id')

    op.drop_table('image_exports')
    with op.batch_alter_table('consent_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_templates_sha256'))

    op.drop_table('consent_templates')
    op.drop_table('consent_chain_heads')
