"""Anonymity against the database itself: the submission pool, sealed drafts

A submission waits, sealed with a key derived from the server's secret key, in ``response_pool`` until a mixing
step moves it with at least k others into ``response``; drafts are sealed with a key derived from their link
(SECURITY.md; docs/architecture.md, "The anonymity model"). Drafts saved before this revision stay readable from their old
``page``/``answers`` columns until they are saved again (sealed) or deleted; the database alone cannot seal
them, because it never held the link secrets.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "response_pool",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("key_id", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["invitation_group.id"],
                                name="fk_response_pool_group_id_invitation_group", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"], name="fk_response_pool_round_id_round",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("round_id", "id", name="pk_response_pool"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_response_pool_group_id", "response_pool", ["group_id"])
    with op.batch_alter_table("draft") as batch:
        batch.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=True))
        batch.alter_column("answers", existing_type=sa.JSON(), nullable=True)


def downgrade() -> None:
    # Sealed drafts cannot be opened without their links: they are dropped. Pooled submissions would be lost,
    # so the downgrade refuses while any wait (close their rounds first: the close moves them into response).
    bind = op.get_bind()
    waiting = bind.execute(sa.text("SELECT count(*) FROM response_pool")).scalar_one()
    if waiting:
        raise RuntimeError(f"{waiting} submissions wait in response_pool; close their rounds before downgrading")
    op.execute("DELETE FROM draft WHERE sealed IS NOT NULL")
    with op.batch_alter_table("draft") as batch:
        batch.alter_column("answers", existing_type=sa.JSON(), nullable=False)
        batch.drop_column("sealed")
    op.drop_index("ix_response_pool_group_id", table_name="response_pool")
    op.drop_table("response_pool")
