"""Database engine and sessions.

One engine per process (re-created after a fork, so gunicorn workers never share a pool), SQLite pragmas on
every connection, and the schema managed only by Alembic: the same migrations create SQLite and PostgreSQL.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlmodel import Session, create_engine

SQLITE_BUSY_TIMEOUT_MS = 15000
SCRUB_BUSY_TIMEOUT_MS = 250

_engines: dict[str, tuple[int, Engine]] = {}
_lock = threading.Lock()


def default_url(instance_path: str | Path) -> str:
    return f"sqlite:///{Path(instance_path).resolve() / 'scanengine.sqlite'}"


def is_sqlite(url_or_engine) -> bool:
    url = url_or_engine.url if isinstance(url_or_engine, Engine) else url_or_engine
    return str(url).startswith("sqlite")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")  # durable in WAL mode across process crashes
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute(
        "PRAGMA secure_delete = ON"
    )  # deleted rows are overwritten with zeros: they leave the file too
    cur.close()


# Statement parameters hold answers and open answers: never put them in a log line or an error message, even
# when someone turns on SQLAlchemy's logging at DEBUG (tests/test_security.py::test_open_answers_never_logged).
HIDE_PARAMETERS = True


def _no_result_rows(record: logging.LogRecord) -> bool:
    """Drop SQLAlchemy's DEBUG lines that print fetched rows (drafts and answers are rows too)."""
    return record.msg != "Row %r"


logging.getLogger("sqlalchemy.engine.Engine").addFilter(_no_result_rows)


def make_engine(url: str) -> Engine:
    """A new engine for ``url`` with the settings this product relies on."""
    if is_sqlite(url):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            hide_parameters=HIDE_PARAMETERS,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, hide_parameters=HIDE_PARAMETERS, **server_pool_options(url))


def _env_int(name: str, default: int, minimum: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def server_pool_options(url: str) -> dict:
    """Pool settings for a database server (PostgreSQL), per process.

    A gunicorn sync worker uses one connection at a time and a gthread worker one per thread, so
    ``SCANENGINE_DB_POOL_SIZE`` (default 5) kept connections plus ``SCANENGINE_DB_MAX_OVERFLOW`` (default 5)
    temporary ones cover ``--threads`` up to 10. The server must allow hosts x workers x (size + overflow)
    connections (PostgreSQL's default ``max_connections`` is 100). ``pool_pre_ping`` replaces connections the
    server closed (restart, failover), ``pool_recycle`` those a firewall may have cut while idle.
    """
    pool_size = _env_int("SCANENGINE_DB_POOL_SIZE", 5, 1)
    options: dict = {
        "pool_pre_ping": True,
        "pool_size": pool_size,
        "max_overflow": _env_int("SCANENGINE_DB_MAX_OVERFLOW", 5, 0),
        "pool_timeout": 30,
        "pool_recycle": 1800,
    }
    if url.startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": 10, "application_name": "scanengine"}
    return options


def get_engine(url: str) -> Engine:
    """The process-wide engine for ``url``; a forked child gets its own (pools must not cross a fork)."""
    pid = os.getpid()
    found = _engines.get(url)  # every request asks: no lock when this process has its engine
    if found and found[0] == pid:
        return found[1]
    with _lock:
        found = _engines.get(url)
        if found and found[0] == pid:
            return found[1]
        if found:
            found[1].dispose(close=False)  # leave the parent's connections alone
        engine = make_engine(url)
        _engines[url] = (pid, engine)
        return engine


def _forget_parent_engines() -> None:
    """In a forked child: drop the parent's pools without closing their connections, and the parent's lock.

    The parent's sockets stay the parent's (psycopg does not close a connection from another pid when it is
    garbage-collected); the child opens its own on first use. ``get_engine`` also checks the pid, for engines
    created by code that forks without ``os.fork`` hooks.
    """
    global _lock
    _lock = threading.Lock()  # a lock held by another thread at fork time would never be released here
    for _pid, engine in list(_engines.values()):
        engine.dispose(close=False)
    _engines.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_parent_engines)


def dispose_all() -> None:
    with _lock:
        for _pid, engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextlib.contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session for one command: commit on success, roll back on any exception."""
    session = Session(get_engine(url), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# -- scrubbing: what was deleted leaves the storage (SECURITY.md; docs/architecture.md, "The anonymity model") --------------


def scrub(
    engine: Engine, tables: tuple[str, ...] = (), *, full: bool = False, wait_seconds: float = 0.0
) -> bool:
    """Remove the traces of deleted and rewritten rows that the engine keeps outside the live tables.

    SQLite: a ``TRUNCATE`` checkpoint copies the WAL into the main file (where ``secure_delete`` has zeroed what
    was deleted) and empties the WAL file; it is retried for ``wait_seconds`` while a reader holds an old snapshot.
    PostgreSQL: ``VACUUM`` of ``tables`` removes old row versions (their transaction ids and contents); ``full``
    rewrites the tables into new files, so that not even the bytes of deleted rows stay (erased addresses). Best
    effort: returns ``False`` when the checkpoint stayed busy; the next scrub completes it.
    """
    if is_sqlite(engine):
        with engine.connect() as conn:
            return checkpoint(conn.connection.dbapi_connection, wait_seconds)
    if tables:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in tables:
                conn.exec_driver_sql(f'VACUUM {"FULL " if full else ""}"{table}"')
    return True


def checkpoint(dbapi_connection, wait_seconds: float = 0.0) -> bool:
    """SQLite's part of :func:`scrub` on a DBAPI connection that has no transaction open (just committed): the
    ``TRUNCATE`` checkpoint, retried for ``wait_seconds`` while a reader holds an old snapshot. The mixing step
    runs it on its own connection right after its commit, so a request never takes a second pooled connection.
    """
    deadline = time.monotonic() + wait_seconds
    cursor = dbapi_connection.cursor()
    # Wait briefly for readers to move on, not the full busy timeout: this runs after a participant's commit,
    # and a checkpoint left unfinished is completed by the next one.
    cursor.execute(f"PRAGMA busy_timeout = {SCRUB_BUSY_TIMEOUT_MS}")
    try:
        while True:
            busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if not busy or time.monotonic() > deadline:
                return not busy
            time.sleep(0.05)
    finally:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()


def rowcount(result: Result) -> int:
    """Rows matched by an UPDATE or DELETE run through ``Session.execute``, whose stubs return a plain ``Result``."""
    assert isinstance(result, CursorResult)
    return result.rowcount


_SCRUB = "scanengine_scrub"


def scrub_after_commit(session: Session, tables: tuple[str, ...] = ()) -> None:
    """Run :func:`scrub` once the session's current transaction has committed (never after a rollback).

    Domain functions that delete or move answers run in their caller's transaction (close, purge, mix); the
    scrub must see the committed state and, on PostgreSQL, cannot run inside a transaction at all.
    """
    pending = session.info.get(_SCRUB)
    if pending is None:
        pending = session.info[_SCRUB] = set()
        event.listen(session, "after_commit", _scrub_committed)
        event.listen(session, "after_rollback", _forget_scrub)
    pending.update(tables)
    session.info[_SCRUB + "_due"] = True


def _scrub_committed(session: Session) -> None:
    if not session.info.pop(_SCRUB + "_due", False):
        return
    tables = tuple(sorted(session.info[_SCRUB]))
    session.info[_SCRUB].clear()
    try:
        scrub(session.get_bind().engine, tables)
    except Exception:  # noqa: BLE001 - the commit stands; the next scrub finishes the job
        logging.getLogger(__name__).exception(
            "scrubbing after a commit failed; the next mix, close or purge retries"
        )


def _forget_scrub(session: Session) -> None:
    session.info.pop(_SCRUB + "_due", None)
    session.info[_SCRUB].clear()


# -- migrations -------------------------------------------------------------------------------------------------


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    return cfg


@contextlib.contextmanager
def _migration_lock(url: str, engine: Engine) -> Iterator[None]:
    """Serialise concurrent upgrades (several gunicorn workers starting at once)."""
    if is_sqlite(url):
        path = url.split("///", 1)[-1]
        if path in ("", ":memory:"):
            yield
            return
        import fcntl

        with open(path + ".migrate-lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    else:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(715517)"))
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(715517)"))
                conn.commit()


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with Alembic (the only way the schema is created)."""
    from alembic import command

    engine = get_engine(url)
    with _migration_lock(url, engine):
        command.upgrade(alembic_config(url), revision)
    # The pooled connections of the migration are not needed afterwards: a gunicorn master with --preload
    # would otherwise keep them open (idle, counted against max_connections) for its whole life.
    engine.dispose()


def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def dispose(url: str) -> None:
    """Close the pool of ``url`` in this process (tests that throw databases away)."""
    with _lock:
        found = _engines.pop(url, None)
    if found:
        found[1].dispose()


def answers(url: str) -> bool:
    """Whether the database answers a ``SELECT 1`` now (the health probe; any failure means no)."""
    try:
        with get_engine(url).connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - unreachable, refused, dropped, misconfigured: all mean "not healthy"
        return False
    return True
