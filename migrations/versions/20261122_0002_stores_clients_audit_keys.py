"""Stores, memberships, invitations, client files, audit chains, wrapped data keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:16:04.047142
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

TABLE_OPTS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci", "mysql_engine": "InnoDB"}

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_chain_heads',
    sa.Column('chain_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('chain_id', name=op.f('pk_audit_chain_heads'))
    , **TABLE_OPTS)
    op.create_table('audit_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('chain_id', sa.BigInteger(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('occurred_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.String(length=32), nullable=True),
    sa.Column('actor_role', sa.String(length=16), nullable=False),
    sa.Column('store_id', sa.String(length=32), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('subject_type', sa.String(length=24), nullable=False),
    sa.Column('subject_id', sa.String(length=32), nullable=False),
    sa.Column('purpose', sa.String(length=200), nullable=True),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('chain_id', 'seq', name=op.f('uq_audit_events_chain_id_seq'))
    , **TABLE_OPTS)
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_subject', ['subject_type', 'subject_id', 'id'], unique=False)

    op.create_table('data_keys',
    sa.Column('kid', sa.String(length=16), nullable=False),
    sa.Column('kek_id', sa.String(length=16), nullable=False),
    sa.Column('wrapped_key', sa.String(length=255), nullable=False),
    sa.Column('status', sa.Enum('primary', 'active', 'retired', name='datakeystatus', native_enum=False, length=16), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('kid', name=op.f('pk_data_keys'))
    , **TABLE_OPTS)
    op.create_table('stores',
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('business_category', sa.String(length=32), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_stores_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stores')),
    sa.UniqueConstraint('public_id', name=op.f('uq_stores_public_id'))
    , **TABLE_OPTS)
    op.create_table('clients',
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name_enc', sa.String(length=255), nullable=False),
    sa.Column('phone_enc', sa.String(length=255), nullable=True),
    sa.Column('birth_date_enc', sa.String(length=255), nullable=True),
    sa.Column('notes_enc', sa.String(length=4096), nullable=True),
    sa.Column('phone_bidx', sa.String(length=64), nullable=True),
    sa.Column('gender', sa.Enum('female', 'male', 'other', 'undisclosed', name='gender', native_enum=False, length=16), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=True),
    sa.Column('status', sa.Enum('active', 'deleted', name='clientstatus', native_enum=False, length=16), nullable=False),
    sa.Column('linked_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_clients_created_by_users')),
    sa.ForeignKeyConstraint(['linked_user_id'], ['users.id'], name=op.f('fk_clients_linked_user_id_users')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_clients_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clients')),
    sa.UniqueConstraint('public_id', name=op.f('uq_clients_public_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clients_linked_user_id'), ['linked_user_id'], unique=False)
        batch_op.create_index('ix_clients_store_phone_bidx', ['store_id', 'phone_bidx'], unique=False)
        batch_op.create_index('ix_clients_store_status_id', ['store_id', 'status', 'id'], unique=False)

    op.create_table('store_members',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('role', sa.Enum('owner', 'staff', name='storerole', native_enum=False, length=16), nullable=False),
    sa.Column('joined_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_store_members_store_id_stores')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_store_members_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_store_members')),
    sa.UniqueConstraint('store_id', 'user_id', name=op.f('uq_store_members_store_id_user_id'))
    , **TABLE_OPTS)
    with op.batch_alter_table('store_members', schema=None) as batch_op:
        batch_op.create_index('ix_store_members_user_id', ['user_id'], unique=False)

    op.create_table('client_name_prefixes',
    sa.Column('client_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('prefix_bidx', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_name_prefixes_client_id_clients')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_client_name_prefixes_store_id_stores')),
    sa.PrimaryKeyConstraint('client_id', 'length', name=op.f('pk_client_name_prefixes'))
    , **TABLE_OPTS)
    with op.batch_alter_table('client_name_prefixes', schema=None) as batch_op:
        batch_op.create_index('ix_client_name_prefixes_store_bidx', ['store_id', 'prefix_bidx', 'client_id'], unique=False)

    op.create_table('client_tags',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('client_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tag', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_tags_client_id_clients')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_client_tags_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_tags')),
    sa.UniqueConstraint('client_id', 'tag', name=op.f('uq_client_tags_client_id_tag'))
    , **TABLE_OPTS)
    with op.batch_alter_table('client_tags', schema=None) as batch_op:
        batch_op.create_index('ix_client_tags_store_tag_client', ['store_id', 'tag', 'client_id'], unique=False)

    op.create_table('invitations',
    sa.Column('kind', sa.Enum('staff', 'client_link', name='invitationkind', native_enum=False, length=16), nullable=False),
    sa.Column('store_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('client_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('scene', sa.String(length=32), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('expires_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('used_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('used_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('revoked_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_invitations_client_id_clients')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_invitations_created_by_users')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_invitations_store_id_stores')),
    sa.ForeignKeyConstraint(['used_by'], ['users.id'], name=op.f('fk_invitations_used_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_invitations_code_hash')),
    sa.UniqueConstraint('public_id', name=op.f('uq_invitations_public_id')),
    sa.UniqueConstraint('scene', name=op.f('uq_invitations_scene'))
    , **TABLE_OPTS)
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index('ix_invitations_store_id', ['store_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index('ix_invitations_store_id')

    op.drop_table('invitations')
    with op.batch_alter_table('client_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_client_tags_store_tag_client')

    op.drop_table('client_tags')
    with op.batch_alter_table('client_name_prefixes', schema=None) as batch_op:
        batch_op.drop_index('ix_client_name_prefixes_store_bidx')

    op.drop_table('client_name_prefixes')
    with op.batch_alter_table('store_members', schema=None) as batch_op:
        batch_op.drop_index('ix_store_members_user_id')

    op.drop_table('store_members')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index('ix_clients_store_status_id')
        batch_op.drop_index('ix_clients_store_phone_bidx')
        batch_op.drop_index(batch_op.f('ix_clients_linked_user_id'))

    op.drop_table('clients')
    op.drop_table('stores')
    op.drop_table('data_keys')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_subject')

    op.drop_table('audit_events')
    op.drop_table('audit_chain_heads')
