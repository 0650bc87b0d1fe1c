"""Shared fixtures: a fresh, migrated database per test, on SQLite (default) or PostgreSQL.

Select the database with ``SCANENGINE_TEST_DATABASE=sqlite|postgresql``. For PostgreSQL, ``SCANENGINE_TEST_PG_URL``
points at a server where the user may create databases (``.ci/run`` starts a throw-away cluster). When that server
cannot be reached the PostgreSQL run skips the database tests with the reason, unless
``SCANENGINE_REQUIRE_POSTGRES=1`` (CI), which makes it an error before any test runs.

Each SQLite test gets its own copy of a migrated file. Each PostgreSQL test gets the session's migrated database
emptied: every table deleted and every sequence restarted, after checking the schema is still at the Alembic head.
Cloning a database per test (``CREATE DATABASE ... TEMPLATE``) measured 170-600 ms a test on the 2-core machine,
a ``TRUNCATE`` of all tables 42 ms, this reset 7 ms; it is a real database, so tests that start gunicorn or
threads see the same data. A test that leaves locks behind or changes the schema gets the database dropped
(``WITH (FORCE)``) and re-created from the migrations instead. Migration tests use ``empty_database_url``.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from scanengine import db
from tests import factories

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BACKEND = os.environ.get("SCANENGINE_TEST_DATABASE", "sqlite")
PG_URL = os.environ.get("SCANENGINE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def pytest_report_header(config):
    return f"scanengine test database: {BACKEND}" + (
        f" ({PG_URL.rsplit('@', 1)[-1]})" if BACKEND == "postgresql" else ""
    )


REQUIRE_PG = os.environ.get("SCANENGINE_REQUIRE_POSTGRES", "") not in ("", "0")
PG_RESET_LOCK_TIMEOUT = "5s"


def _pg_admin():
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _pg_url(name: str) -> str:
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def _pg_unreachable() -> str | None:
    """Why the test server cannot be used, or ``None``."""
    try:
        engine = create_engine(PG_URL, poolclass=NullPool, connect_args={"connect_timeout": 5})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means: not usable
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    return None


_PG_STATE: dict = {}


def pytest_configure(config):
    if BACKEND == "postgresql":
        reason = _pg_unreachable()
        _PG_STATE["unreachable"] = reason
        if reason and REQUIRE_PG:
            raise pytest.UsageError(
                f"SCANENGINE_REQUIRE_POSTGRES is set but PostgreSQL at {PG_URL.rsplit('@', 1)[-1]} is unreachable: {reason}"
            )


def _pg_create(name: str, *, migrate: bool) -> None:
    with _pg_admin().connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    if migrate:
        db.upgrade(_pg_url(name))
        db.dispose(_pg_url(name))


def _pg_drop(name: str) -> None:
    db.dispose(_pg_url(name))
    with _pg_admin().connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


class _PgTestDatabase:
    """The session's PostgreSQL test database and how to give each test an empty copy of the schema."""

    def __init__(self, name: str):
        self.name = name
        self.url = _pg_url(name)
        _pg_create(name, migrate=True)
        engine = create_engine(self.url, poolclass=NullPool)
        with engine.connect() as conn:
            self.head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            reflected = MetaData()
            reflected.reflect(conn)
            self.tables = [t.name for t in reversed(reflected.sorted_tables) if t.name != "alembic_version"]
            self.sequences = list(
                conn.execute(
                    text(
                        "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) FROM pg_sequences"
                        " WHERE schemaname = current_schema()"
                    )
                ).scalars()
            )
        engine.dispose()
        self.recreated = 0
        self.resets = 0

    def reset(self) -> None:
        """Empty every table and restart every sequence; re-create the database when that is not possible."""
        db.dispose(self.url)
        self.resets += 1
        engine = create_engine(self.url, poolclass=NullPool)
        try:
            with engine.begin() as conn:
                conn.execute(text(f"SET LOCAL lock_timeout = '{PG_RESET_LOCK_TIMEOUT}'"))
                head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
                if head != self.head:
                    raise RuntimeError(f"schema at {head!r}, not {self.head!r}")
                for table in self.tables:
                    conn.execute(text(f'DELETE FROM "{table}"'))
                for seq in self.sequences:
                    conn.execute(text(f"ALTER SEQUENCE {seq} RESTART"))
        except Exception:  # noqa: BLE001 - locks left behind or a changed schema: start from scratch
            engine.dispose()
            _pg_create(self.name, migrate=True)
            self.recreated += 1
        finally:
            engine.dispose()


def pytest_terminal_summary(terminalreporter):
    pg = _PG_STATE.get("database")
    if pg is not None:  # a re-creation means a test left locks behind or changed the schema: worth a look
        terminalreporter.write_line(
            f"PostgreSQL test database: {pg.resets} resets, {pg.recreated} re-created from the migrations"
        )


@pytest.fixture(scope="session")
def _template(tmp_path_factory):
    """The migrated database tests start from (one Alembic run per test session)."""
    if BACKEND == "postgresql":
        if _PG_STATE.get("unreachable"):
            pytest.skip(
                f"PostgreSQL at {PG_URL.rsplit('@', 1)[-1]} is unreachable ({_PG_STATE['unreachable']});"
                " set SCANENGINE_REQUIRE_POSTGRES=1 to make this an error"
            )
        pg = _PgTestDatabase(f"scanengine_test_{os.getpid()}_{uuid.uuid4().hex[:8]}")
        _PG_STATE["database"] = pg
        yield pg
        _pg_drop(pg.name)
    elif BACKEND == "sqlite":
        path = tmp_path_factory.mktemp("template") / "template.sqlite"
        url = f"sqlite:///{path}"
        db.upgrade(url)
        db.dispose(url)
        yield path
    else:
        raise pytest.UsageError(f"SCANENGINE_TEST_DATABASE must be sqlite or postgresql, not {BACKEND!r}")


@pytest.fixture
def database_url(_template, tmp_path):
    """A clean database with the current schema: no rows, sequences restarted."""
    if BACKEND == "postgresql":
        _template.reset()
        yield _template.url
        db.dispose(_template.url)
    else:
        path = tmp_path / "scanengine.sqlite"
        shutil.copy(_template, path)
        url = f"sqlite:///{path}"
        yield url
        db.dispose(url)


@pytest.fixture
def empty_database_url(tmp_path):
    """A database without any schema (migration tests), on the backend under test; dropped afterwards."""
    if BACKEND == "postgresql":
        if _PG_STATE.get("unreachable"):
            pytest.skip(f"PostgreSQL is unreachable ({_PG_STATE['unreachable']})")
        name = f"scanengine_empty_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        _pg_create(name, migrate=False)
        yield _pg_url(name)
        _pg_drop(name)
    else:
        url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
        yield url
        db.dispose(url)


@pytest.fixture
def instance_path(tmp_path, monkeypatch):
    path = tmp_path / "instance"
    path.mkdir()
    monkeypatch.setenv("SCANENGINE_INSTANCE_PATH", str(path))
    return path


@pytest.fixture
def env(database_url, instance_path, monkeypatch):
    """Environment for CLI runs against the test database."""
    monkeypatch.setenv("SCANENGINE_DATABASE_URL", database_url)
    monkeypatch.setenv("SCANENGINE_BASE_URL", "http://localhost")
    reports = str(instance_path.parent / "reports")  # `round close` writes its PDF here, not into the repo
    monkeypatch.setenv("SCANENGINE_REPORTS_DIR", reports)
    return {
        "SCANENGINE_DATABASE_URL": database_url,
        "SCANENGINE_INSTANCE_PATH": str(instance_path),
        "SCANENGINE_BASE_URL": "http://localhost",
        "SCANENGINE_REPORTS_DIR": reports,
    }


@pytest.fixture
def app(env, database_url, tmp_path):
    from scanengine import create_app

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "BASE_URL": "http://localhost",
            "AUTO_MIGRATE": False,
            "REPORTS_DIR": str(tmp_path / "reports"),
        }
    )
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(database_url):
    with Session(db.get_engine(database_url), expire_on_commit=False) as s:
        yield s


class Cli:
    """Runs ``scanengine ...`` in-process against the test database; asserts the exit code."""

    def __init__(self, env: dict):
        self.env = env
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0, input: str | None = None, env: dict | None = None):
        from scanengine.cli import main

        result = self.runner.invoke(
            main, [str(a) for a in args], env={**self.env, **(env or {})}, input=input, catch_exceptions=False
        )
        assert result.exit_code == code, f"exit {result.exit_code} != {code}\n{result.output}"
        return result


@pytest.fixture
def cli(env):
    return Cli(env)


@pytest.fixture
def mini_path():
    return FIXTURES / "mini.json"


@pytest.fixture
def mini():
    """The small test definition, loaded (see tests/factories.py)."""
    return factories.mini()
