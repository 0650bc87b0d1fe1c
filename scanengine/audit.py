"""The audit log: who changed what and when. Never participant data (no answers, no tokens).

It also counts failed logins for the login's rate limit (web/auth.py): counted here, the limit holds across
gunicorn workers and hosts without a table of its own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from scanengine.models import AuditEntry


def record(session: Session, actor: str, action: str, round_id: int | None = None, detail: str = "") -> None:
    """Add an audit entry to the current transaction (it commits with the change it describes)."""
    session.add(AuditEntry(actor=actor, action=action, round_id=round_id, detail=detail[:2000]))


def entries(session: Session, round_id: int | None = None, limit: int = 200) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    if round_id is not None:
        stmt = stmt.where(AuditEntry.round_id == round_id)
    return list(session.exec(stmt))


def count_since(
    session: Session, action: str, since: datetime, *, actor: str | None = None, detail: str | None = None
) -> int:
    """How many entries of ``action`` were recorded at or after ``since`` (for this ``actor`` and/or
    ``detail`` when given)."""
    stmt = (
        select(func.count())
        .select_from(AuditEntry)
        .where(col(AuditEntry.action) == action, col(AuditEntry.at) >= since)
    )
    if actor is not None:
        stmt = stmt.where(col(AuditEntry.actor) == actor)
    if detail is not None:
        stmt = stmt.where(col(AuditEntry.detail) == detail)
    return int(session.execute(stmt).scalar_one())
