"""The nightly backup and the restore drill of ``deploy/bin``, run against the test PostgreSQL server: a dump of a
real round (responses, a closed and an open round) restores row for row and is read by the app; a damaged dump
and a dump of some other database fail the drill; old dumps are deleted, recent ones kept.

Needs the PostgreSQL client programs and the server of ``SCANENGINE_TEST_PG_URL``; skipped with the reason
otherwise (a failure instead with ``SCANENGINE_REQUIRE_NGINX=1``, as in ``.ci/run``, which has them all)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from scanengine import db
from scanengine.cli import main as cli_main
from tests.conftest import PG_URL, _pg_unreachable

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / "deploy" / "bin"
REQUIRE = os.environ.get("SCANENGINE_REQUIRE_NGINX", "") not in ("", "0")
TOOLS = ("pg_dump", "pg_restore", "psql")


def _unavailable(reason: str):
    if REQUIRE:
        pytest.fail(f"SCANENGINE_REQUIRE_NGINX is set but {reason}")
    pytest.skip(f"{reason} (SCANENGINE_REQUIRE_NGINX=1 makes this a failure)")


@pytest.fixture
def server():
    """An admin engine on the test server and a way to make databases that are dropped afterwards."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        _unavailable(f"the PostgreSQL client programs are missing ({', '.join(missing)})")
    problem = _pg_unreachable()
    if problem:
        _unavailable(f"PostgreSQL at {PG_URL.rsplit('@', 1)[-1]} is unreachable ({problem})")
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    made: list[str] = []

    def database(kind: str) -> str:
        name = f"scanengine_{kind}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return name

    yield database
    for name in made:
        db.dispose(PG_URL.rsplit("/", 1)[0] + "/" + name)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _libpq_env() -> dict:
    url = make_url(PG_URL)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCANENGINE_", "PG"))}
    env.update(PGHOST=url.host or "", PGPORT=str(url.port or 5432), PGUSER=url.username or "postgres")
    return env


def _url(name: str) -> str:
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def _run(script: str, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sh", str(BIN / script), *args], env=env, capture_output=True, text=True, timeout=300
    )


def _a_scan(url: str, tmp_path: Path) -> None:
    """Two rounds made with the CLI: one closed with 30 responses, one open with 12 answered."""
    env = {"SCANENGINE_DATABASE_URL": url, "SCANENGINE_INSTANCE_PATH": str(tmp_path / "inst"),
           "SCANENGINE_REPORTS_DIR": str(tmp_path / "reports")}  # fmt: skip
    mini = str(ROOT / "tests" / "fixtures" / "mini.json")
    for round_id, n, close in (("1", "30", True), ("2", "12", False)):
        for args in (
            ["round", "create", "--questionnaire", mini, "--name", f"R{round_id}", "--cooperation", "C",
             "--group", "A=40", "--group", "B=40", "--min-group-size", "3"],
            ["links", round_id, "--group", "A", "--count", "3"],
            ["round", "open", round_id],
            ["simulate", round_id, "--respondents", n, "--seed", "7"],
            *([["round", "close", round_id]] if close else []),
        ):  # fmt: skip
            result = CliRunner().invoke(cli_main, args, env=env, catch_exceptions=False)
            assert result.exit_code == 0, (args, result.output)
    db.dispose(url)


def test_backup_and_restore_drill(server, tmp_path):
    source, scratch = server("backup_src"), server("backup_drill")
    db.upgrade(_url(source))
    _a_scan(_url(source), tmp_path)
    dumps = tmp_path / "dumps"
    env = {**_libpq_env(), "SCANENGINE_DATABASE_URL": _url(source), "SCANENGINE_BACKUP_DIR": str(dumps),
           "SCANENGINE_BACKUP_KEEP_DAYS": "7"}  # fmt: skip
    dumps.mkdir()
    old, recent = dumps / "scanengine-20200101T000000Z.dump", dumps / "scanengine-recent.dump"
    for path, age_days in ((old, 20), (recent, 2)):
        path.write_bytes(b"an earlier dump")
        stamp = time.time() - age_days * 86400
        os.utime(path, (stamp, stamp))

    backup = _run("scanengine-backup", env)
    assert backup.returncode == 0, backup.stderr
    made = sorted(p for p in dumps.glob("scanengine-2*.dump") if p != old)
    assert len(made) == 1 and made[0].stat().st_size > 1000
    assert oct(made[0].stat().st_mode & 0o777) == "0o600"
    assert not old.exists() and recent.exists()  # older than 7 days: gone; 2 days: kept
    assert not list(dumps.glob(".*partial"))
    recent.unlink()

    drill_env = {**_libpq_env(), "SCANENGINE_BACKUP_DIR": str(dumps), "SCANENGINE_RESTORE_DB": scratch,
                 "SCANENGINE_VENV": sys.prefix}  # fmt: skip
    drill = _run("scanengine-restore-drill", drill_env)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    lines = drill.stdout.splitlines()
    assert [ln.split()[0] + " " + ln.split()[1] for ln in lines[:4]] == [
        "ok restore:", "ok data:", "ok schema:", "ok app:"
    ], lines  # fmt: skip
    assert "2 rounds" in lines[2] and lines[-1] == "restore drill passed"
    with create_engine(_url(scratch), poolclass=NullPool).connect() as conn:  # emptied again afterwards
        left = conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar_one()
    assert left == 0

    # the controls: a damaged dump, and a dump of a database that is not Scanengine's
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(made[0].read_bytes()[: made[0].stat().st_size // 2])
    broken = _run("scanengine-restore-drill", drill_env, str(damaged))
    assert broken.returncode == 1 and broken.stdout.startswith("FAIL  restore"), broken.stdout
    other = server("backup_other")
    with create_engine(_url(other), poolclass=NullPool).begin() as conn:
        conn.execute(text("CREATE TABLE notes (id int PRIMARY KEY, body text)"))
        conn.execute(text("INSERT INTO notes VALUES (1, 'not a scan')"))
    other_dump = tmp_path / "other.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={other_dump}", other], env=_libpq_env(), check=True
    )
    foreign = _run("scanengine-restore-drill", drill_env, str(other_dump))
    assert foreign.returncode == 1 and "FAIL  schema" in foreign.stdout, foreign.stdout
    assert "ok    data" in foreign.stdout  # restored row for row, but not a Scanengine database


def test_backup_refuses_what_it_cannot_dump(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCANENGINE_")}
    missing = _run("scanengine-backup", env)
    assert missing.returncode == 1 and "SCANENGINE_DATABASE_URL is not set" in missing.stderr
    sqlite = _run("scanengine-backup", {**env, "SCANENGINE_DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite"})
    assert sqlite.returncode == 1 and "scanengine db backup FILE" in sqlite.stderr
    days = _run("scanengine-backup", {**env, "SCANENGINE_DATABASE_URL": "postgresql:///x",
                                      "SCANENGINE_BACKUP_KEEP_DAYS": "two"})  # fmt: skip
    assert days.returncode == 1 and "must be a number of days" in days.stderr
