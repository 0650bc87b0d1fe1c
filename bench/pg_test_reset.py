"""How long it costs to give a test a clean PostgreSQL database, by the schemes tests/conftest.py chose between.

    python bench/pg_test_reset.py postgresql+psycopg://postgres@127.0.0.1:5432/postgres [--repeat 20]

Prints milliseconds per test for: cloning a migrated template (``CREATE DATABASE ... TEMPLATE``, both
strategies of PostgreSQL 15), ``TRUNCATE`` of every table, and the scheme in use (``DELETE`` every table and
restart the sequences, on a fresh connection). Each scheme first writes a row, so there is something to remove.
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid

from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.pool import NullPool

from scanengine import db


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:7.1f} ms   max {max(samples) * 1000:7.1f} ms"


def _dirty(url: str) -> None:
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO user_account (email, password_hash, is_admin, created_at)"
                f" VALUES ('{uuid.uuid4().hex}@x.nl', 'x', false, now())"
            )
        )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("admin_url", help="a PostgreSQL URL whose user may create databases")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    base = args.admin_url.rsplit("/", 1)[0]
    admin = create_engine(args.admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    template = f"bench_tmpl_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{template}"'))
    url = f"{base}/{template}"
    try:
        db.upgrade(url)
        db.dispose(url)
        engine = create_engine(url, poolclass=NullPool)
        with engine.connect() as conn:
            meta = MetaData()
            meta.reflect(conn)
            tables = [t.name for t in reversed(meta.sorted_tables) if t.name != "alembic_version"]
            seqs = list(
                conn.execute(
                    text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
                ).scalars()
            )
        engine.dispose()
        print(f"PostgreSQL test reset, {args.repeat} repetitions, {len(tables)} tables")

        for strategy in ("WAL_LOG", "FILE_COPY"):
            samples = []
            for _ in range(args.repeat):
                name = f"bench_t_{uuid.uuid4().hex[:8]}"
                t0 = time.perf_counter()
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY {strategy}'))
                samples.append(time.perf_counter() - t0)
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            print(f"  clone template ({strategy:9s})        {_ms(samples)}")

        def reset_time(label: str, reset) -> None:
            """Dirty the database, then time a fresh connection running ``reset(conn)`` in one transaction."""
            samples = []
            for _ in range(args.repeat):
                _dirty(url)
                t0 = time.perf_counter()
                engine = create_engine(url, poolclass=NullPool)
                with engine.begin() as conn:
                    reset(conn)
                engine.dispose()
                samples.append(time.perf_counter() - t0)
            print(f"  {label:<36s}{_ms(samples)}")

        def truncate(conn) -> None:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY"))

        def delete_and_restart(conn) -> None:
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            for t in tables:
                conn.execute(text(f'DELETE FROM "{t}"'))
            for s in seqs:
                conn.execute(text(f'ALTER SEQUENCE "{s}" RESTART'))

        reset_time("TRUNCATE all tables", truncate)
        reset_time("DELETE + restart sequences (used)", delete_and_restart)
    finally:
        db.dispose(url)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
