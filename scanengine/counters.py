"""The per-day response counter of a round: the only record of progress over time.

A response carries no timestamp (see ``docs/architecture.md#the-anonymity-model``); what the dashboard shows
per day comes from ``daily_count``, written here and nowhere else. The day is the UTC calendar day, so every
server of an installation, the participant path and ``scanengine simulate`` count on the same key.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Table, bindparam

from scanengine.models import DailyCount
from scanengine.rawsql import Database, Prepared, upsert_insert

_TABLE: Table = DailyCount.metadata.tables["daily_count"]


def today() -> date:
    """The day a response is counted on: the UTC calendar day."""
    return datetime.now(UTC).date()


def _build_count(dialect):
    stmt = upsert_insert(dialect, _TABLE).values(
        round_id=bindparam("round_id"), day=bindparam("day"), count=bindparam("n")
    )
    return stmt.on_conflict_do_update(
        index_elements=[_TABLE.c.round_id, _TABLE.c.day],
        set_={"count": _TABLE.c.count + stmt.excluded.count},
    )


# Every submission runs it: built once and compiled once per dialect (scanengine.rawsql).
_COUNT = Prepared(_build_count)


def count_day(db: Database, round_id: int, n: int = 1) -> None:
    """Add ``n`` responses to today's counter of the round, in the caller's transaction (one upsert).

    An upsert rather than update-then-insert: two first submissions of a day on different workers would
    otherwise both find no row, and one of them would fail on the primary key. ``db`` is a Session or the
    participant request's raw connection; the day is passed as ISO text, as SQLAlchemy's SQLite ``Date`` stores it
    (and PostgreSQL casts it to the column's ``date``).
    """
    if n < 1:
        raise ValueError(f"count_day needs n >= 1, got {n}")
    _COUNT.run(db, {"round_id": round_id, "day": today().isoformat(), "n": n})
