"""A SQLModel session per request, on ``g``: closed (and rolled back if uncommitted) at teardown.

Views commit explicitly *before* they answer with a success page, so an acknowledged change is durable.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlmodel import Session

from scanengine import db


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = Session(db.get_engine(current_app.config["DATABASE_URL"]), expire_on_commit=False)
    return g.db_session


def close_session(exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.rollback()
        finally:
            session.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_session)
