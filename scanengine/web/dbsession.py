"""A SQLModel session per request, on ``g``: closed (and rolled back if uncommitted) at teardown.

Views commit explicitly *before* they answer with a success page, so an acknowledged change is durable.
The participant form's hot path uses a pooled DBAPI connection instead (:func:`get_raw_connection`), which
costs a fraction of a Session per request (``scanengine.rawsql``); it is released the same way.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlmodel import Session

from scanengine import db
from scanengine.rawsql import RawConnection


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = Session(db.get_engine(current_app.config["DATABASE_URL"]), expire_on_commit=False)
    return g.db_session


def get_raw_connection() -> RawConnection:
    if "db_raw" not in g:
        g.db_raw = RawConnection(db.get_engine(current_app.config["DATABASE_URL"]))
    return g.db_raw


def release_raw_connection() -> None:
    """Return the request's raw connection to the pool (rolling back whatever was not committed).

    Call it before taking a Session in the same request: a request never holds two pooled connections, or
    enough concurrent requests would each wait for a second one from an exhausted pool."""
    raw = g.pop("db_raw", None)
    if raw is not None:
        raw.close()


def close_session(exc: BaseException | None = None) -> None:
    release_raw_connection()
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.rollback()
        finally:
            session.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_session)
