"""One reports folder (``SCANENGINE_REPORTS_DIR``), read by the CLI and the dashboard alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanengine import definition, report, rounds
from scanengine.config import load_settings
from scanengine.models import Round
from tests.auth_helpers import login, make_user, post


def test_setting_is_absolute_and_defaults_to_reports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings({}).reports_dir == tmp_path / "reports"
    assert load_settings({"SCANENGINE_REPORTS_DIR": "out/pdf"}).reports_dir == tmp_path / "out" / "pdf"
    assert load_settings({"SCANENGINE_REPORTS_DIR": "/srv/r"}).reports_dir == Path("/srv/r")


def test_app_reads_the_setting(env, tmp_path, monkeypatch):
    from scanengine import create_app

    monkeypatch.setenv("SCANENGINE_REPORTS_DIR", str(tmp_path / "from-env"))
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "AUTO_MIGRATE": False})
    assert Path(app.config["REPORTS_DIR"]) == tmp_path / "from-env"


@pytest.fixture
def open_round(session, mini_path):
    user = make_user(session, "fac@gemeente.nl")
    rnd = rounds.create_round(
        session,
        definition.load(mini_path),
        name="R",
        cooperation="Regio Reports",
        groups=[("Gemeente A", 10)],
        owner=user,
    )
    rounds.open_round(session, rnd)
    session.commit()
    return rnd.id


def test_dashboard_close_writes_the_pdf_into_the_configured_folder(
    app, client, session, open_round, env, tmp_path, monkeypatch
):
    configured = tmp_path / "configured"
    app.config["REPORTS_DIR"] = str(configured)
    cwd = tmp_path / "server-cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)  # before the fix the PDF landed in <cwd>/reports
    login(client, "fac@gemeente.nl")
    page = f"/dashboard/rounds/{open_round}"
    post(client, f"{page}/close", token_from=f"{page}/close")
    session.expire_all()
    rnd = session.get(Round, open_round)
    assert rnd.status == "closed"
    written = report.default_path(rnd, "nl", configured)
    assert written.is_file() and written.read_bytes().startswith(b"%PDF")
    assert [p.name for p in configured.iterdir()] == [written.name]
    assert not any(cwd.rglob("*.pdf")) and not Path(env["SCANENGINE_REPORTS_DIR"]).exists()


def test_cli_close_and_report_use_the_setting(cli, session, mini_path, env, tmp_path):
    rid = (
        cli(
            "round",
            "create",
            "--questionnaire",
            mini_path,
            "--name",
            "R",
            "--cooperation",
            "Regio CLI",
            "--group",
            "A",
        )
        .output.strip()
        .splitlines()[-1]
    )
    cli("round", "open", rid)
    target = tmp_path / "cli-reports"
    out = cli("round", "close", rid, env={"SCANENGINE_REPORTS_DIR": str(target)}).output
    rnd = session.get(Round, int(rid))
    expected = report.default_path(rnd, "nl", target)
    assert f"report written to {expected}" in out and expected.is_file()
    assert cli(
        "report", rid, "--lang", "en", env={"SCANENGINE_REPORTS_DIR": str(target)}
    ).output.strip() == str(report.default_path(rnd, "en", target))
