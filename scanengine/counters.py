"""The per-day response counter of a round: the only record of progress over time.

A response carries no timestamp (see ``docs/architecture.md#the-anonymity-model``); what the dashboard shows
per day comes from ``daily_count``, written here and nowhere else. The day is the UTC calendar day, so every
server of an installation, the participant path and ``scanengine simulate`` count on the same key.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Table
from sqlmodel import Session

from scanengine.models import DailyCount
from scanengine.rawsql import upsert_insert

_TABLE: Table = DailyCount.metadata.tables["daily_count"]


def today() -> date:
    """The day a response is counted on: the UTC calendar day."""
    return datetime.now(UTC).date()


def count_day(session: Session, round_id: int, n: int = 1) -> None:
    """Add ``n`` responses to today's counter of the round, in the caller's transaction (one upsert).

    An upsert rather than update-then-insert: two first submissions of a day on different workers would
    otherwise both find no row, and one of them would fail on the primary key.
    """
    if n < 1:
        raise ValueError(f"count_day needs n >= 1, got {n}")
    row = {"round_id": round_id, "day": today(), "count": n}
    key = [_TABLE.c.round_id, _TABLE.c.day]
    add = {"count": _TABLE.c.count + n}
    stmt = upsert_insert(session.get_bind().dialect, _TABLE).values(row)
    session.execute(stmt.on_conflict_do_update(index_elements=key, set_=add))
