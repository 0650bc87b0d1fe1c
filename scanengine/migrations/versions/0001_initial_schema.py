"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 22:45:02.806322
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_round_id'), ['round_id'], unique=False)

    op.create_table('benchmark_aggregate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('questionnaire_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('cooperation', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('round_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('dimension_means', sa.JSON(), nullable=False),
    sa.Column('item_means', sa.JSON(), nullable=False),
    sa.Column('imported_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benchmark_aggregate')),
    sa.UniqueConstraint('source_key', name='uq_benchmark_aggregate_source_key')
    )
    with op.batch_alter_table('benchmark_aggregate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_benchmark_aggregate_questionnaire_id'), ['questionnaire_id'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_email'), ['email'], unique=True)

    op.create_table('round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('cooperation', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('questionnaire_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('questionnaire_version', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('definition', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('definition_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('min_group_size', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('purged_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'open', 'closed')", name=op.f('ck_round_status')),
    sa.CheckConstraint('min_group_size >= 3', name=op.f('ck_round_min_group_size')),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_round_owner_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round'))
    )
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_cooperation'), ['cooperation'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_questionnaire_id'), ['questionnaire_id'], unique=False)

    op.create_table('daily_count',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_daily_count_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'day', name=op.f('pk_daily_count'))
    )
    op.create_table('invitation_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('expected_size', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_invitation_group_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_group')),
    sa.UniqueConstraint('round_id', 'name', name='uq_invitation_group_round_name')
    )
    with op.batch_alter_table('invitation_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_group_round_id'), ['round_id'], unique=False)

    op.create_table('link_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('used', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['invitation_group.id'], name=op.f('fk_link_token_group_id_invitation_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_link_token_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_link_token_token_hash'))
    )
    with op.batch_alter_table('link_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_token_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_token_round_id'), ['round_id'], unique=False)

    op.create_table('response',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.LargeBinary(), nullable=False),
    sa.Column('background', sa.LargeBinary(), nullable=False),
    sa.Column('open_answers', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['invitation_group.id'], name=op.f('fk_response_group_id_invitation_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_response_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_group_id'), ['group_id'], unique=False)
        batch_op.create_index('ix_response_round_group', ['round_id', 'group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_round_id'), ['round_id'], unique=False)

    op.create_table('draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('token_id', sa.Integer(), nullable=True),
    sa.Column('resume_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.CheckConstraint('(token_id IS NULL) <> (resume_hash IS NULL)', name=op.f('ck_draft_one_key')),
    sa.ForeignKeyConstraint(['group_id'], ['invitation_group.id'], name=op.f('fk_draft_group_id_invitation_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_draft_round_id_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['token_id'], ['link_token.id'], name=op.f('fk_draft_token_id_link_token'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft')),
    sa.UniqueConstraint('resume_hash', name=op.f('uq_draft_resume_hash')),
    sa.UniqueConstraint('token_id', name=op.f('uq_draft_token_id'))
    )
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_round_id'), ['round_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_round_id'))

    op.drop_table('draft')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_round_id'))
        batch_op.drop_index('ix_response_round_group')
        batch_op.drop_index(batch_op.f('ix_response_group_id'))

    op.drop_table('response')
    with op.batch_alter_table('link_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_token_round_id'))
        batch_op.drop_index(batch_op.f('ix_link_token_group_id'))

    op.drop_table('link_token')
    with op.batch_alter_table('invitation_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_group_round_id'))

    op.drop_table('invitation_group')
    op.drop_table('daily_count')
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_questionnaire_id'))
        batch_op.drop_index(batch_op.f('ix_round_owner_id'))
        batch_op.drop_index(batch_op.f('ix_round_cooperation'))

    op.drop_table('round')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_email'))

    op.drop_table('user_account')
    with op.batch_alter_table('benchmark_aggregate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_benchmark_aggregate_questionnaire_id'))

    op.drop_table('benchmark_aggregate')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_round_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
