"""SQLAlchemy Core statements compiled once per dialect and run straight on the DBAPI connection.

Why: the participant form runs a few small statements per request (link lookup, draft read, draft upsert; the
submission's link update, round read, pool insert, day counter, submission key and mixing step). Through a
``Session`` each cost ~120 µs of CPU in SQLAlchemy (cache key, execution context, result wrapping) and the
``Session`` itself ~160 µs a request, against ~15 µs for the statement on the DBAPI cursor
(bench/participant_cpu.py; BENCHMARKS.md section 1). The statements stay SQLAlchemy Core constructs, so they
are written once for SQLite and PostgreSQL and compiled for whichever dialect (and paramstyle) runs them.

DBAPI errors are wrapped in SQLAlchemy's exception classes (``OperationalError`` for a lock timeout, …), without
the parameters, as on the ordinary path. What the caller gives up, and must do itself: SQLAlchemy's type processing (pass JSON as text, read JSON that
may come back as text, read booleans that may come back as 0/1) and statement logging (which the product keeps
off for parameters anyway). Only for statements on a few plain columns.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlmodel import Session

from scanengine import writequeue
from scanengine.db import SQLITE_BUSY_TIMEOUT_MS


class RawConnection:
    """One pooled DBAPI connection and its dialect: the database handle of one participant request.

    ``commit``/``rollback`` act on the DBAPI connection; ``close`` rolls back whatever is open and returns the
    connection to the engine's pool (its reset-on-return). On a SQLite file, a transaction's first write takes
    the database's writers' queue (:mod:`scanengine.writequeue`) and its end gives it back.
    """

    __slots__ = ("dbapi", "dialect", "engine", "_queue", "_queued")

    def __init__(self, engine: Engine):
        self.dbapi = engine.raw_connection()
        self.dialect = engine.dialect
        self.engine = engine
        self._queue = writequeue.for_engine(engine)
        self._queued = False

    def queue_for_writing(self) -> None:
        """Wait for this connection's turn to write (idempotent within a transaction; no-op on PostgreSQL)."""
        if self._queue is not None and not self._queued:
            self._queue.acquire(SQLITE_BUSY_TIMEOUT_MS / 1000)
            self._queued = True

    def _leave_queue(self) -> None:
        if self._queued:
            self._queued = False
            assert self._queue is not None
            self._queue.release()

    def commit(self) -> None:
        try:
            self.dbapi.commit()
        except self.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(
                "COMMIT",
                None,
                exc,
                self.dialect.loaded_dbapi.Error,
                hide_parameters=True,
                dialect=self.dialect,
            ) from exc
        finally:
            self._leave_queue()

    def rollback(self) -> None:
        try:
            self.dbapi.rollback()
        finally:
            self._leave_queue()

    def close(self) -> None:
        try:
            self.dbapi.close()
        finally:
            self._leave_queue()


Database = Session | RawConnection | Connection


def dbapi_of(db: Database) -> tuple[Any, Dialect]:
    """The DBAPI connection and dialect behind a Session (its current transaction's connection), a Core
    Connection or a :class:`RawConnection`."""
    if isinstance(db, RawConnection):
        return db.dbapi, db.dialect
    conn = db.connection() if isinstance(db, Session) else db
    return conn.connection, conn.dialect


class Prepared:
    """A statement built by ``build(dialect)``, compiled once per dialect, executed with a dict of parameters."""

    def __init__(self, build: Callable[[Dialect], ClauseElement]):
        self._build = build
        self._compiled: dict[tuple[str, str], tuple[str, tuple[str, ...] | None, bool]] = {}

    def _for(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None, bool]:
        """(SQL text, parameter order for a positional paramstyle, whether the statement writes)."""
        key = (dialect.name, dialect.paramstyle)
        found = self._compiled.get(key)
        if found is None:
            compiled = self._build(dialect).compile(dialect=dialect)
            assert isinstance(compiled, SQLCompiler)  # statements compile with the SQL compiler
            order = compiled.positiontup if compiled.positional else None
            writes = bool(compiled.isinsert or compiled.isupdate or compiled.isdelete)
            found = (compiled.string, tuple(order) if order is not None else None, writes)
            self._compiled[key] = found
        return found

    def _target(self, db: Database) -> tuple[Any, Dialect, str, tuple[str, ...] | None]:
        """The DBAPI connection, dialect, SQL and parameter order; a write on a RawConnection queues first."""
        dbapi, dialect = dbapi_of(db)
        sql, order, writes = self._for(dialect)
        if writes and isinstance(db, RawConnection):
            db.queue_for_writing()
        return dbapi, dialect, sql, order

    def execute(self, db: Database, params: Mapping[str, Any]):
        """Run on ``db``'s DBAPI connection; returns the (open) DBAPI cursor."""
        dbapi, dialect, sql, order = self._target(db)
        values = tuple(params[k] for k in order) if order is not None else dict(params)
        cursor = dbapi.cursor()
        try:
            cursor.execute(sql, values)
        except dialect.loaded_dbapi.Error as exc:  # the same exception types as through SQLAlchemy
            cursor.close()
            raise DBAPIError.instance(
                sql, None, exc, dialect.loaded_dbapi.Error, hide_parameters=True, dialect=dialect
            ) from exc
        return cursor

    def run_many(self, db: Database, rows: list[Mapping[str, Any]]) -> None:
        """Execute the statement once per row of parameters (one ``executemany``: the rows of a mixing batch)."""
        if not rows:
            return
        dbapi, dialect, sql, order = self._target(db)
        values = [tuple(row[k] for k in order) if order is not None else dict(row) for row in rows]
        cursor = dbapi.cursor()
        try:
            cursor.executemany(sql, values)
        except dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(
                sql, None, exc, dialect.loaded_dbapi.Error, hide_parameters=True, dialect=dialect
            ) from exc
        finally:
            cursor.close()

    def all(self, db: Database, params: Mapping[str, Any]) -> list[tuple]:
        cursor = self.execute(db, params)
        try:
            return cursor.fetchall()
        finally:
            cursor.close()

    def first(self, db: Database, params: Mapping[str, Any]) -> tuple | None:
        cursor = self.execute(db, params)
        try:
            return cursor.fetchone()
        finally:
            cursor.close()

    def one(self, db: Database, params: Mapping[str, Any]) -> tuple:
        """The row of a query that always has one (a count, the row of a round known to exist)."""
        row = self.first(db, params)
        if row is None:
            raise LookupError("the query returned no row")
        return row

    def run(self, db: Database, params: Mapping[str, Any]) -> int:
        """Execute a statement without result rows; returns the row count."""
        cursor = self.execute(db, params)
        try:
            return cursor.rowcount
        finally:
            cursor.close()


def dialect_name(db: Database) -> str:
    """``sqlite`` or ``postgresql``: the database behind ``db`` (statements that differ by engine ask this)."""
    if isinstance(db, RawConnection):
        return db.dialect.name
    return (db.get_bind() if isinstance(db, Session) else db).dialect.name


def json_value(value: Any) -> Any:
    """A JSON column's value as read from the DBAPI: SQLite gives text, psycopg gives the parsed value."""
    if isinstance(value, (str, bytes, bytearray)):
        return json.loads(value)
    return value


def upsert_insert(dialect: Dialect, table: Any) -> Any:
    """``INSERT`` of the dialect that knows ``ON CONFLICT ... DO UPDATE`` (the drafts, the live answers, the day
    counter: the upserts of the product), or a clear error on a database we do not support."""
    module = {"postgresql": postgresql, "sqlite": sqlite}.get(dialect.name)
    if module is None:
        raise NotImplementedError(f"upsert is not implemented for {dialect.name}")
    return module.insert(table)
