"""``scanengine check``: one line per production setting, exit 1 naming each problem, and nothing changed."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scanengine import db, deploy_check
from scanengine.cli import main
from tests.flow import make_round
from tests.smtp_helpers import SmtpServer

KEY = "production-key-" + "p" * 40


@pytest.fixture
def ready(database_url, tmp_path):
    """The environment of a production instance that passes every check (mail not configured)."""
    instance = tmp_path / "instance"
    instance.mkdir()
    return {
        "SCANENGINE_ENV": "production",
        "SCANENGINE_SECRET_KEY": KEY,
        "SCANENGINE_DATABASE_URL": database_url,
        "SCANENGINE_BASE_URL": "https://scan.example.nl",
        "SCANENGINE_PROXIES": "1",
        "SCANENGINE_INSTANCE_PATH": str(instance),
        "SCANENGINE_REPORTS_DIR": str(tmp_path / "reports"),
    }


def _check(env: dict):
    result = CliRunner().invoke(main, ["check"], env=env, catch_exceptions=False)
    lines = result.output.strip().splitlines()
    return result.exit_code, lines


def _status(lines: list[str], setting: str) -> str:
    found = [ln for ln in lines if ln.split(None, 1)[-1].startswith(setting + ":")]
    assert len(found) == 1, (setting, lines)
    return found[0].split()[0]


def test_a_ready_instance_passes(ready):
    code, lines = _check(ready)
    assert code == 0, lines
    assert lines[-1] == "ready for production"
    for setting in ("environment", "secret key", "database", "schema", "pool", "base URL", "proxies",
                    "instance folder", "reports folder", "questionnaires", "upgrades", "page cache"):  # fmt: skip
        assert _status(lines, setting) == "ok", (setting, lines)
    assert _status(lines, "mail") == "note"
    assert "secret" not in " ".join(lines).replace("secret key", "")  # the key itself is never printed
    assert KEY not in "\n".join(lines)


def test_every_problem_is_named_and_the_exit_is_1(ready, tmp_path):
    generated = tmp_path / "instance" / "secret_key"
    generated.write_text("a-generated-development-key-of-enough-length-xyz")
    env = {
        **ready,
        "SCANENGINE_ENV": "development",
        "SCANENGINE_SECRET_KEY": generated.read_text(),
        "SCANENGINE_BASE_URL": "http://scan.example.nl",
        "SCANENGINE_PROXIES": "many",
        "SCANENGINE_REPORTS_DIR": str(generated),  # a file, not a folder
        "SCANENGINE_SESSION_COOKIE_SECURE": "false",
    }
    code, lines = _check(env)
    assert code == 1
    for setting in ("environment", "secret key", "base URL", "proxies", "reports folder"):
        assert _status(lines, setting) == "problem", (setting, lines)
    assert lines[-1] == "Error: 5 problems: environment, secret key, base URL, proxies, reports folder"
    assert "development key generated into" in "\n".join(lines)


@pytest.mark.parametrize(
    "changes, setting, words",
    [
        ({"SCANENGINE_SECRET_KEY": ""}, "secret key", "is not set"),
        ({"SCANENGINE_SECRET_KEY": "short"}, "secret key", "has 5 characters"),
        ({"SCANENGINE_BASE_URL": "https://localhost"}, "base URL", "name the host"),
        ({"SCANENGINE_BASE_URL": "https://scan.example.nl/scan"}, "base URL", "give no path"),
        ({"SCANENGINE_SMTP_URL": "smtp://mail.example.nl"}, "mail", "SCANENGINE_MAIL_FROM"),
        ({"SCANENGINE_DB_POOL_SIZE": "0"}, "database pool", "at least 1"),
    ],
)
def test_one_problem_at_a_time(ready, changes, setting, words):
    if setting == "database pool" and db.is_sqlite(ready["SCANENGINE_DATABASE_URL"]):
        pytest.skip("the pool settings are for a database server")
    code, lines = _check({**ready, **changes})
    assert code == 1
    line = next(ln for ln in lines if ln.split(None, 1)[-1].startswith(setting + ":"))
    assert line.startswith("problem") and words in line, lines


def test_database_unreachable_and_not_migrated(ready, empty_database_url, tmp_path):
    down = _check({**ready, "SCANENGINE_DATABASE_URL": "postgresql+psycopg://x@127.0.0.1:1/none"})
    assert (
        down[0] == 1 and _status(down[1], "database") == "problem" and "does not answer" in "\n".join(down[1])
    )
    missing = _check({**ready, "SCANENGINE_DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite'}"})
    assert missing[0] == 1 and "run scanengine db upgrade" in "\n".join(missing[1])
    assert not (tmp_path / "none.sqlite").exists()  # check creates nothing
    if db.is_sqlite(empty_database_url):
        db.get_engine(empty_database_url).connect().close()  # an empty file: reachable, no schema
    empty = _check({**ready, "SCANENGINE_DATABASE_URL": empty_database_url})
    assert _status(empty[1], "database") == "ok"
    assert _status(empty[1], "schema") == "problem" and "at revision none" in "\n".join(empty[1])
    assert db.current_revision(empty_database_url) is None  # nothing was migrated


def test_submissions_sealed_with_another_key_are_found(ready, database_url, monkeypatch):
    from scanengine import create_app
    from tests.flow import answer_round

    monkeypatch.setenv("SCANENGINE_INSTANCE_PATH", ready["SCANENGINE_INSTANCE_PATH"])
    setup = make_round(database_url, personal=2, k=5)  # k=5: one submission waits in the pool
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "the-old-key-" + "o" * 30,
                      "AUTO_MIGRATE": False})  # fmt: skip
    answers = {"role": "ambtenaar", "c1": "3", "c2": "dk", "i1": "2", "i2": "4"}
    assert answer_round(app.test_client(), setup.links["Gemeente A"][0], answers).status_code == 200
    code, lines = _check(ready)
    assert code == 1 and _status(lines, "pool") == "problem" and "1 waiting submissions" in "\n".join(lines)
    old = _check({**ready, "SCANENGINE_SECRET_KEY": "the-old-key-" + "o" * 30})
    assert _status(old[1], "pool") == "ok"


def test_smtp_is_asked_for_a_session(ready):
    """A real SMTP server on loopback: reachable gives ok; once it is gone, the problem."""
    server = SmtpServer().start()
    try:
        env = {**ready, "SCANENGINE_SMTP_URL": server.url(), "SCANENGINE_MAIL_FROM": "scan@example.nl"}
        code, lines = _check(env)
        assert code == 0 and _status(lines, "mail") == "ok", lines
        assert f"127.0.0.1:{server.port} answers" in "\n".join(lines)
    finally:
        server.stop()
    assert server.handler.received == []  # asked for a session, sent nothing
    findings = deploy_check.run(env, smtp_timeout=2)
    mail = next(f for f in findings if f.setting == "mail")
    assert mail.status == deploy_check.PROBLEM and "could not be reached" in mail.text


def test_check_generates_no_key_and_creates_no_folder(tmp_path, database_url):
    env = {"SCANENGINE_INSTANCE_PATH": str(tmp_path / "new" / "instance"), "SCANENGINE_DATABASE_URL": database_url,
           "SCANENGINE_REPORTS_DIR": str(tmp_path / "new" / "reports")}  # fmt: skip
    code, lines = _check(env)
    assert code == 1 and _status(lines, "secret key") == "problem"
    assert not (tmp_path / "new").exists()
