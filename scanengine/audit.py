"""The audit log: who changed what and when. Never participant data (no answers, no tokens).

An entry keeps an English ``detail`` line (logs, scripts, the tests that read it) and, for the pages, its facts as
``params``: :func:`describe` writes the entry in the reader's language from the text ``audit_<action>`` of the
catalogue (``scanengine/texts/audit.py``), so a Dutch page never shows ``round.simulate: 38 synthetic
responses``. An entry written before it had parameters shows its action in words and its detail as it was
written.

It also counts failed logins for the login's rate limit (web/auth.py): counted here, the limit holds across
gunicorn workers and hosts without a table of its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from scanengine import texts
from scanengine.models import AuditEntry


def record(
    session: Session,
    actor: str,
    action: str,
    round_id: int | None = None,
    detail: str = "",
    *,
    params: dict[str, Any] | None = None,
    questionnaire_id: str | None = None,
) -> None:
    """Add an audit entry to the current transaction (it commits with the change it describes)."""
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            round_id=round_id,
            detail=detail[:2000],
            params=params,
            questionnaire_id=questionnaire_id,
        )
    )


def entries(session: Session, round_id: int | None = None, limit: int = 200) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    if round_id is not None:
        stmt = stmt.where(AuditEntry.round_id == round_id)
    return list(session.exec(stmt))


def questionnaire_entries(session: Session, questionnaire_id: str, limit: int = 100) -> list[AuditEntry]:
    """The saves, imports and copies of one kept definition, newest first."""
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.questionnaire_id == questionnaire_id)
        .order_by(col(AuditEntry.id).desc())
        .limit(limit)
    )
    return list(session.exec(stmt))


def action_key(action: str) -> str:
    """The catalogue key of an action: ``round.simulate`` -> ``audit_round_simulate``."""
    return "audit_" + action.replace(".", "_")


def describe(entry: AuditEntry, lang: str) -> str:
    """The entry in words in ``lang``: its action's text with its parameters (``variant`` among them picks a
    variant of the text); an entry whose parameters were not kept (written before they were) as its action's
    name in words followed by its detail as written."""
    params = dict(entry.params or {})
    key = action_key(entry.action)
    variant = params.pop("variant", None)
    full = f"{key}_{variant}" if variant else key
    if texts.has(full):
        try:
            return texts.t(lang, full, **params)
        except (KeyError, IndexError, ValueError):
            pass  # a text that needs parameters this entry does not have: name and detail
    if texts.has(key + "_name"):
        name = texts.t(lang, key + "_name")
        return f"{name}: {entry.detail}" if entry.detail else name
    return f"{entry.action}: {entry.detail}" if entry.detail else entry.action


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
