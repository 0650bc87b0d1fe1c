"""``scanengine demo`` on a fresh instance folder: seeds once, writes the PDF, and its links and login work."""

from __future__ import annotations

import re
import sys

import pytest
from click.testing import CliRunner
from sqlalchemy import func
from sqlmodel import Session, select

from scanengine import db
from scanengine.demo import BENCHMARK, DEMO_EMAIL, DEMO_PASSWORD
from scanengine.models import DailyCount, LinkToken, Response, Round


@pytest.fixture
def demo_env(tmp_path, monkeypatch):
    """A fresh instance folder with the embedded default database (no SCANENGINE_DATABASE_URL)."""
    instance = tmp_path / "instance"
    monkeypatch.delenv("SCANENGINE_DATABASE_URL", raising=False)
    env = {
        "SCANENGINE_INSTANCE_PATH": str(instance),
        "SCANENGINE_REPORTS_DIR": str(tmp_path / "reports"),
        "SCANENGINE_BASE_URL": "http://localhost",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    url = f"sqlite:///{instance / 'scanengine.sqlite'}"
    yield env, url
    db.dispose(url)


def _run(env, *args, code=0):
    from scanengine.cli import main

    result = CliRunner().invoke(main, ["demo", *args], env=env, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def _counts(url):
    with Session(db.get_engine(url)) as s:
        return (
            s.exec(select(func.count()).select_from(Round)).one(),
            s.exec(select(func.count()).select_from(Response)).one(),
            s.exec(select(func.count()).select_from(LinkToken)).one(),
        )


@pytest.mark.slow
def test_demo_seeds_once_writes_pdf_and_works_in_the_browser(demo_env):
    env, url = demo_env
    first = _run(env).stdout
    pdf = re.search(r"(?:Rapport / report:)\s+(\S+\.pdf)", first).group(1)
    with open(pdf, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert DEMO_EMAIL in first and DEMO_PASSWORD in first
    links = re.findall(r"http://localhost/s/\S+", first)
    assert len(links) == 4  # three personal links and one group link

    with Session(db.get_engine(url)) as s:
        all_rounds = s.exec(select(Round).order_by(Round.id)).all()
        closed = [r for r in all_rounds if r.status == "closed"]
        assert len(all_rounds) == len(BENCHMARK) + 3 and len(closed) == len(BENCHMARK) + 2
        assert len({r.cooperation for r in closed}) == len(BENCHMARK) + 1
        assert all(r.summary and r.summary.get("n") for r in closed)  # the benchmark reads these
        trend = [r for r in closed if r.cooperation == "Regio Rivierzoom"]
        assert len(trend) == 2 and trend[0].closed_at < trend[1].closed_at
        (open_round,) = [r for r in all_rounds if r.status == "open"]
        for r in closed:  # progress counters lie within the (back-dated) fieldwork period and add up
            daily = s.exec(select(DailyCount).where(DailyCount.round_id == r.id)).all()
            n = s.exec(select(func.count()).select_from(Response).where(Response.round_id == r.id)).one()
            assert sum(d.count for d in daily) == n
            assert all(r.opened_at.date() <= d.day <= r.closed_at.date() for d in daily)
    rounds_before, responses_before, links_before = _counts(url)

    # the web app on the same instance folder: login and a participant link work
    from scanengine import create_app

    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    page = client.get(links[0].removeprefix("http://localhost"))
    assert page.status_code == 200 and b"<form" in page.data
    login = client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert login.status_code == 302
    dashboard = client.get("/dashboard/")
    assert dashboard.status_code == 200 and b"Regio Rivierzoom" in dashboard.data

    # a second run: nothing duplicated, fresh links for the open round, the PDF rewritten
    second = _run(env).stdout
    assert "nothing duplicated" in second
    rounds_after, responses_after, links_after = _counts(url)
    assert (rounds_after, responses_after) == (rounds_before, responses_before)
    assert links_after == links_before + 3  # three new personal links; the group link is rotated in place
    new_links = re.findall(r"http://localhost/s/\S+", second)
    assert len(new_links) == 4 and not set(new_links) & set(links)
    assert re.search(r"Rapport / report:\s+(\S+\.pdf)", second).group(1) == pdf
    assert client.get(links[3].removeprefix("http://localhost")).status_code == 404  # rotated group link
    assert client.get(new_links[3].removeprefix("http://localhost")).status_code == 200
    assert f"{open_round.id:>5}" in second


def test_demo_without_the_report_module_fails_loudly_and_changes_nothing(demo_env, monkeypatch):
    env, url = demo_env
    monkeypatch.setitem(sys.modules, "scanengine.report", None)  # as if the module were missing
    result = _run(env, code=1)
    assert "report module is not available" in result.output
    db.upgrade(url)
    assert _counts(url) == (0, 0, 0)
