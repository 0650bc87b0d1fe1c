"""The audit log: who changed what and when. Never participant data (no answers, no tokens)."""

from __future__ import annotations

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
