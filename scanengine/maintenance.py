"""Data protection chores for an admin: purge a closed round's raw answers, back up the SQLite database.

Purging exists because raw answers are personal data under the GDPR (a small group's answer pattern can point to
a person) and have a retention period, while the aggregated results and the report are what the council keeps.
So a purge deletes every :class:`~scanengine.models.Response` and :class:`~scanengine.models.Draft` of the round
and keeps ``Round.summary`` (computed first when missing), the per-day counters, the links' hashes and any PDF
under ``reports/``. It is refused for a draft or open round: answers still arriving must never be thrown away.

The backup is SQLite's ``VACUUM INTO``: consistent while the web app keeps writing (WAL mode), and holding only
live rows (no free pages, no WAL), so nothing deleted travels into it. It is written to a temporary file first:
a failed backup never leaves a half file under the requested name. Purges scrub the storage after their commit
(``secure_delete`` and a WAL checkpoint on SQLite, ``VACUUM`` on PostgreSQL): deleted means gone.
No Flask here: the CLI and the dashboard call the same functions.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.engine import make_url
from sqlmodel import Session, col

from scanengine import audit, db, invitations, pool
from scanengine.models import STATUS_CLOSED, Draft, Response, Round, stored_id, utcnow
from scanengine.rounds import RoundError


class PurgeError(RoundError):
    """A refused purge; nothing was deleted."""


class BackupError(ValueError):
    """A refused or failed backup; no file was written under the requested name."""


# -- purge ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurgeResult:
    round_id: int
    responses: int
    drafts: int
    summary_computed: bool
    purged_at: datetime


def _ensure_summary(session: Session, rnd: Round) -> bool:
    """Store the aggregated results before the answers go; ``True`` when they had to be computed now (none kept,
    or one the analysis cannot read: a purged round is analysed from its summary alone)."""
    from scanengine import analysis  # numpy: only when purging

    if analysis.RoundSummary.current(rnd) is not None:
        return False
    analysis.store_summary(session, rnd)
    session.flush()
    session.refresh(rnd)
    if not rnd.summary:
        raise PurgeError(f"round {rnd.id}: the aggregated results could not be stored; nothing was purged")
    return True


def purge_round(session: Session, rnd: Round, *, actor: str = "cli") -> PurgeResult:
    """Delete the raw answers and drafts of a closed round, keeping its aggregated results and report.

    Runs in the caller's transaction: the summary, the deletes, ``purged_at`` and the audit entry commit together
    or not at all.
    """
    if rnd.status != STATUS_CLOSED:
        raise PurgeError(
            f"round {rnd.id} is {rnd.status}; only a closed round can be purged (close it first, after the "
            "retention period)"
        )
    if rnd.purged_at is not None:
        raise PurgeError(f"round {rnd.id} was already purged on {rnd.purged_at:%Y-%m-%d}")
    computed = _ensure_summary(session, rnd)
    n_responses = session.execute(
        select(func.count()).select_from(Response).where(col(Response.round_id) == rnd.id)
    ).scalar_one()
    n_drafts = session.execute(
        select(func.count()).select_from(Draft).where(col(Draft.round_id) == rnd.id)
    ).scalar_one()
    session.execute(delete(Response).where(col(Response.round_id) == rnd.id))
    session.execute(delete(Draft).where(col(Draft.round_id) == rnd.id))
    invitations.erase_addresses(session, rnd)  # left over only when the erase after the close failed
    db.scrub_after_commit(session, pool.SCRUBBED_TABLES)  # deleted means gone: WAL and old row versions too
    now = utcnow()
    rnd.purged_at = now
    session.add(rnd)
    audit.record(
        session,
        actor,
        "round.purge",
        rnd.id,
        f"deleted {n_responses} responses and {n_drafts} drafts; aggregated results kept"
        + (" (computed before the purge)" if computed else ""),
        params={"responses": n_responses, "drafts": n_drafts},
    )
    session.flush()
    return PurgeResult(stored_id(rnd), n_responses, n_drafts, computed, now)


# -- backup -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    pages: int


def sqlite_path(url: str) -> Path:
    """The database file of a SQLite URL; :class:`BackupError` for other databases or in-memory ones."""
    if not db.is_sqlite(url):
        safe = make_url(url).render_as_string(hide_password=True)
        raise BackupError(
            f"{safe} is not a SQLite database; back up PostgreSQL with its own tool, for example: "
            "pg_dump --format=custom --file=FILE DBNAME"
        )
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def backup_sqlite(url: str, dest: str | Path, *, overwrite: bool = False) -> BackupResult:
    """A consistent copy of the live SQLite database at ``dest`` (online: readers and writers keep working).

    Written by ``VACUUM INTO``: a compact copy of the live rows only, without the free pages and the WAL in
    which deleted data (a submitted draft, a purged round) could otherwise travel along. The copy is checked
    with ``PRAGMA integrity_check`` and switched to a rollback journal so it is one self-contained file; only
    then is it renamed to ``dest``.
    """
    source = sqlite_path(url)
    dest = Path(dest)
    if not source.is_file():
        raise BackupError(f"database file {source} does not exist")
    if dest.exists() and not overwrite:
        raise BackupError(f"{dest} exists; choose a new file name (a backup never overwrites)")
    if dest.resolve() == source.resolve():
        raise BackupError("the backup file cannot be the database itself")
    if not dest.parent.is_dir():
        raise BackupError(f"folder {dest.parent} does not exist")
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    try:
        src = sqlite3.connect(
            f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=db.SQLITE_BUSY_TIMEOUT_MS / 1000
        )
        try:
            src.execute("VACUUM INTO ?", (str(tmp),))
            out = sqlite3.connect(tmp)
            try:
                out.execute("PRAGMA journal_mode = DELETE")
                check = out.execute("PRAGMA integrity_check").fetchall()
                pages = out.execute("PRAGMA page_count").fetchone()[0]
            finally:
                out.close()
        finally:
            src.close()
        if check != [("ok",)]:
            raise BackupError(f"the backup failed its integrity check: {check[:3]}")
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        raise BackupError(f"backup of {source} failed: {exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return BackupResult(dest, dest.stat().st_size, pages)
