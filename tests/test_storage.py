"""The schema: created by Alembic, anonymity visible in the columns, SQLite pragmas on every connection."""

from __future__ import annotations

from sqlalchemy import inspect, text

from scanengine import db
from scanengine.models import Response


def test_alembic_creates_schema_on_empty_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    db.upgrade(url)
    try:
        names = set(inspect(db.get_engine(url)).get_table_names())
        assert {
            "round",
            "invitation_group",
            "link_token",
            "draft",
            "response",
            "daily_count",
            "user_account",
            "audit_log",
            "benchmark_aggregate",
            "alembic_version",
        } <= names
        assert db.current_revision(url) is not None
        db.upgrade(url)  # idempotent
    finally:
        db.dispose(url)


def test_schema_matches_models(database_url):
    """The migrations and the models describe the same schema (autogenerate finds nothing to do)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from scanengine.models import metadata

    with db.get_engine(database_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_response_columns_carry_no_token_time_or_client(database_url):
    cols = {c["name"] for c in inspect(db.get_engine(database_url)).get_columns("response")}
    assert cols == {"id", "round_id", "group_id", "answers", "background", "open_answers"}
    fks = inspect(db.get_engine(database_url)).get_foreign_keys("response")
    assert {fk["referred_table"] for fk in fks} == {"round", "invitation_group"}
    assert Response.__table__.c.id.type.length == 32


def test_sqlite_pragmas(database_url):
    if not database_url.startswith("sqlite"):
        return
    with db.get_engine(database_url).connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == db.SQLITE_BUSY_TIMEOUT_MS
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'response'")).scalar()
        assert "WITHOUT ROWID" in sql.upper()
