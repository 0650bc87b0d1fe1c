"""Live workshop mode: live_presence, the phones seen lately (the presenter's participant count)

A slot is a hash of the phone's key apart from its participant row, with the time it was last seen; the rows
are deleted when the session ends (docs/architecture.md, "Live workshop mode").

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_presence",
        sa.Column("slot", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("seen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.id"],
                                name="fk_live_presence_session_id_live_session", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("slot", name="pk_live_presence"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_live_presence_session_id", "live_presence", ["session_id"])


def downgrade() -> None:
    op.drop_index("ix_live_presence_session_id", table_name="live_presence")
    op.drop_table("live_presence")
