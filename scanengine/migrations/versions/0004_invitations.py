"""Invitations by e-mail: invited addresses (erased at close), their counts, the round's own message

The invitation row holds the address, its link (by ``link_token`` id) and its send and remind times, nothing of a
response. ``invitation_tally`` keeps the counts per group once the addresses are gone.

Revision ID: 0004
Revises: 0002 (re-chained after 0003 when the branches are merged)
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('invitation_message',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('body_nl', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=True),
    sa.Column('body_en', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_invitation_message_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', name=op.f('pk_invitation_message'))
    )
    op.create_table('invitation_tally',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('invited', sa.Integer(), nullable=False),
    sa.Column('reminded', sa.Integer(), nullable=False),
    sa.Column('refused', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['invitation_group.id'], name=op.f('fk_invitation_tally_group_id_invitation_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_invitation_tally_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', name=op.f('pk_invitation_tally'))
    )
    with op.batch_alter_table('invitation_tally', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_tally_round_id'), ['round_id'], unique=False)

    op.create_table('invitation',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('link_token_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('refused', sa.Boolean(), nullable=False),
    sa.Column('reminded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('reminders', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['invitation_group.id'], name=op.f('fk_invitation_group_id_invitation_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['link_token_id'], ['link_token.id'], name=op.f('fk_invitation_link_token_id_link_token'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_invitation_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('link_token_id', name=op.f('uq_invitation_link_token_id')),
    sa.UniqueConstraint('round_id', 'email', name='uq_invitation_round_email')
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_round_id'), ['round_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_round_id'))

    op.drop_table('invitation')
    with op.batch_alter_table('invitation_tally', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_tally_round_id'))

    op.drop_table('invitation_tally')
    op.drop_table('invitation_message')
