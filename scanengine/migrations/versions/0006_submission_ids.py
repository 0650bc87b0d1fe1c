"""Remember submitted submission ids (a hash with the link), so a retried submission is stored once

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submission_id",
        sa.Column("key_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"], name="fk_submission_id_round_id_round",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key_hash", name="pk_submission_id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_submission_id_round_id", "submission_id", ["round_id"])


def downgrade() -> None:
    op.drop_index("ix_submission_id_round_id", table_name="submission_id")
    op.drop_table("submission_id")
