"""Cluster responses by round: primary key (round_id, id) instead of (id)

Reading a closed round is then one range scan of the table itself instead of an index lookup per row
(2.3 s -> see BENCHMARKS.md for 100,000 responses on SQLite). Within a round the rows are ordered by their
random id, so the storage order still says nothing about when a response arrived.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _response_table(name: str, pk: list[str]) -> None:
    op.create_table(
        name,
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.LargeBinary(), nullable=False),
        sa.Column("background", sa.LargeBinary(), nullable=False),
        sa.Column("open_answers", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["invitation_group.id"],
                                name="fk_response_group_id_invitation_group", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"], name="fk_response_round_id_round", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint(*pk, name="pk_response"),
        sqlite_with_rowid=False,
    )


def _rebuild_sqlite(pk: list[str], indexes: list[tuple[str, list[str]]]) -> None:
    """SQLite cannot change a primary key in place: copy into a new WITHOUT ROWID table."""
    _response_table("response_new", pk)
    op.execute("INSERT INTO response_new (round_id, id, group_id, answers, background, open_answers) "
               "SELECT round_id, id, group_id, answers, background, open_answers FROM response")
    op.drop_table("response")
    op.rename_table("response_new", "response")
    for name, cols in indexes:
        op.create_index(name, "response", cols)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(["round_id", "id"], [("ix_response_group_id", ["group_id"])])
        return
    op.drop_index("ix_response_round_group", table_name="response")
    op.drop_index("ix_response_round_id", table_name="response")
    op.drop_constraint("pk_response", "response", type_="primary")
    op.create_primary_key("pk_response", "response", ["round_id", "id"])


def downgrade() -> None:
    old_indexes = [("ix_response_group_id", ["group_id"]), ("ix_response_round_group", ["round_id", "group_id"]),
                   ("ix_response_round_id", ["round_id"])]
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(["id"], old_indexes)
        return
    op.drop_constraint("pk_response", "response", type_="primary")
    op.create_primary_key("pk_response", "response", ["id"])
    op.create_index("ix_response_round_id", "response", ["round_id"])
    op.create_index("ix_response_round_group", "response", ["round_id", "group_id"])
