"""Shared fixtures: a fresh, migrated database per test, on SQLite (default) or PostgreSQL.

Select the database with ``SCANENGINE_TEST_DATABASE=sqlite|postgresql``. For PostgreSQL, ``SCANENGINE_TEST_PG_URL``
points at a server where the user may create databases (``.ci/run`` starts a throw-away cluster); each test gets
its own database cloned from a migrated template, each SQLite test its own copy of a migrated file.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlmodel import Session

from scanengine import db

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BACKEND = os.environ.get("SCANENGINE_TEST_DATABASE", "sqlite")
PG_URL = os.environ.get("SCANENGINE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def pytest_report_header(config):
    return f"scanengine test database: {BACKEND}" + (f" ({PG_URL.rsplit('@', 1)[-1]})" if BACKEND == "postgresql" else "")


def _pg_admin():
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    return PG_URL.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def _template(tmp_path_factory):
    """A migrated database to copy from (one Alembic run per test session)."""
    if BACKEND == "postgresql":
        name = f"scanengine_tmpl_{uuid.uuid4().hex[:8]}"
        admin = _pg_admin()
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        db.upgrade(_pg_url(name))
        db.dispose(_pg_url(name))
        yield name
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
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
    """A fresh database with the current schema, thrown away after the test."""
    if BACKEND == "postgresql":
        name = f"scanengine_t_{uuid.uuid4().hex[:12]}"
        admin = _pg_admin()
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_template}"'))
        url = _pg_url(name)
        yield url
        db.dispose(url)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = tmp_path / "scanengine.sqlite"
        shutil.copy(_template, path)
        url = f"sqlite:///{path}"
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
    return {"SCANENGINE_DATABASE_URL": database_url, "SCANENGINE_INSTANCE_PATH": str(instance_path),
            "SCANENGINE_BASE_URL": "http://localhost"}


@pytest.fixture
def app(env, database_url, tmp_path):
    from scanengine import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                      "BASE_URL": "http://localhost", "AUTO_MIGRATE": False,
                      "REPORTS_DIR": str(tmp_path / "reports")})
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

        result = self.runner.invoke(main, [str(a) for a in args], env={**self.env, **(env or {})}, input=input,
                                    catch_exceptions=False)
        assert result.exit_code == code, f"exit {result.exit_code} != {code}\n{result.output}"
        return result


@pytest.fixture
def cli(env):
    return Cli(env)


@pytest.fixture
def mini_path():
    return FIXTURES / "mini.json"
