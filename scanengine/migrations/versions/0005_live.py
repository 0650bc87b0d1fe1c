"""Live workshop mode: live_session, live_participant, live_answer (scanengine.live)

A participant's live state has a random key and no time column, and is deleted in the transaction that
stores its anonymous response (docs/architecture.md, "Live workshop mode").

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("show_results", sa.Boolean(), nullable=False),
        sa.Column("ended", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"], name="fk_live_session_round_id_round", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_live_session"),
        sa.UniqueConstraint("code", name="uq_live_session_code"),
        sa.UniqueConstraint("round_id", name="uq_live_session_round_id"),
    )
    op.create_table(
        "live_participant",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["invitation_group.id"],
                                name="fk_live_participant_group_id_invitation_group", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.id"],
                                name="fk_live_participant_session_id_live_session", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_live_participant"),
        sa.UniqueConstraint("key_hash", name="uq_live_participant_key_hash"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_live_participant_session_id", "live_participant", ["session_id"])
    op.create_table(
        "live_answer",
        sa.Column("participant_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["live_participant.id"],
                                name="fk_live_answer_participant_id_live_participant", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.id"],
                                name="fk_live_answer_session_id_live_session", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("participant_id", "page", name="pk_live_answer"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_live_answer_session_id", "live_answer", ["session_id"])


def downgrade() -> None:
    op.drop_index("ix_live_answer_session_id", table_name="live_answer")
    op.drop_table("live_answer")
    op.drop_index("ix_live_participant_session_id", table_name="live_participant")
    op.drop_table("live_participant")
    op.drop_table("live_session")
