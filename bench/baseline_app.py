"""The baseline of the submit benchmark: a bare Flask endpoint that inserts one row per POST.

BENCHMARKS.md's target asks for the participant flow's requests/s as a share of what the same server setup does with
the least possible work per request. "Least" still means a real write: the row goes through the same engine
(:func:`scanengine.db.get_engine`, so the same SQLite pragmas: WAL, busy timeout, ``synchronous=NORMAL``) into a
table shaped like ``response`` (random text key, packed blob, no rowid on SQLite) and is committed before the
answer, exactly as the participant view must do. Everything else of the product (templates, CSRF, sessions,
security headers) is absent on purpose.

Run by ``bench/submit_load.py`` as ``gunicorn bench.baseline_app:app`` with ``BENCH_DATABASE_URL`` set.
"""

from __future__ import annotations

import os
import secrets

from flask import Flask, request
from sqlalchemy import text

from scanengine import db

TABLE = "bench_row"


def create_table(url: str) -> None:
    """Create (or empty) the baseline table before the server starts, so workers never race on DDL."""
    engine = db.get_engine(url)
    extra = " WITHOUT ROWID" if db.is_sqlite(url) else ""
    blob = "BLOB" if db.is_sqlite(url) else "BYTEA"
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
        conn.execute(
            text(f"CREATE TABLE {TABLE} (id VARCHAR(32) PRIMARY KEY, payload {blob} NOT NULL){extra}")
        )


def count_rows(url: str) -> int:
    with db.get_engine(url).connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {TABLE}")).scalar_one())


def make_app(url: str) -> Flask:
    app = Flask(__name__)
    insert = text(f"INSERT INTO {TABLE} (id, payload) VALUES (:id, :payload)")

    @app.post("/insert")
    def insert_row():
        payload = request.form.get("payload", "").encode()[:256]
        with db.get_engine(url).begin() as conn:  # committed before the 201 goes out
            conn.execute(insert, {"id": secrets.token_hex(16), "payload": payload})
        return "stored", 201

    return app


app = make_app(os.environ["BENCH_DATABASE_URL"]) if "BENCH_DATABASE_URL" in os.environ else None
