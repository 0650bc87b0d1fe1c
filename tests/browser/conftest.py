"""Real-browser fixtures: Debian's Chromium driven by Playwright against a real server over the test database.

Why a real server and a real browser: the test client never runs the browser's half of the contract — tab
order, radio groups moved with arrow keys, what a 360 px screen shows, the CSP blocking anything inline, the
download of the links CSV and the PDF. These tests walk the participant and facilitator journeys as a person
would and run axe-core on every page.

* ``live_server``: the app served by werkzeug's ``make_server`` in a thread on 127.0.0.1 (a free port), over the
  ``database_url`` fixture (a fresh migrated SQLite file, or the emptied PostgreSQL test database) and a fresh
  instance folder. Links issued during the test point at it.
* ``browser``: Chromium from ``/usr/bin/chromium`` (``SCANENGINE_CHROMIUM`` to override), never a downloaded
  build. When Chromium, Playwright or axe-core (``tests/browser/node_modules``, from ``npm install`` in this
  folder) is missing the tests skip with the reason; with ``SCANENGINE_REQUIRE_BROWSER=1`` (CI) they fail.
* ``shots``: screenshots of each step under ``test-artifacts/browser/<test>/``; with
  ``SCANENGINE_UPDATE_DOCS=1`` the chosen ones are also written to ``docs/`` for the README.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser import axe

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM = Path(os.environ.get("SCANENGINE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts" / "browser"
DOCS = ROOT / "docs"
REQUIRE_BROWSER = os.environ.get("SCANENGINE_REQUIRE_BROWSER", "") not in ("", "0")
UPDATE_DOCS = os.environ.get("SCANENGINE_UPDATE_DOCS", "") not in ("", "0")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "browser test password 1"

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser is a browser test (``-m "not browser"`` leaves them out)."""
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def missing() -> str | None:
    """Why the browser tests cannot run here, or ``None``."""
    reasons = []
    if not os.access(CHROMIUM, os.X_OK):
        reasons.append(f"{CHROMIUM} is missing (Debian: apt-get install chromium)")
    if not axe.AXE_JS.is_file():
        reasons.append(f"{axe.AXE_JS.relative_to(ROOT)} is missing (run npm install in tests/browser)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reasons.append("Playwright for Python is not installed (pip install -e '.[test]')")
    return "; ".join(reasons) or None


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session; each test opens its own contexts (no shared cookies)."""
    reason = missing()
    if reason:
        if REQUIRE_BROWSER:
            pytest.fail(
                f"SCANENGINE_REQUIRE_BROWSER is set but the browser tests cannot run: {reason}", pytrace=False
            )
        pytest.skip(
            f"browser tests skipped: {reason}; set SCANENGINE_REQUIRE_BROWSER=1 to make this an error"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def new_context(browser, device: dict, **kwargs):
    """A fresh browser profile. ``bypass_csp`` only so that axe-core can be added by Playwright: the app's CSP
    rightly refuses any script it did not serve itself."""
    context = browser.new_context(bypass_csp=True, locale="nl-NL", accept_downloads=True, **device, **kwargs)
    context.set_default_timeout(15_000)
    return context


def log_in(page, base: str, email: str, password: str = PASSWORD) -> None:
    """A facilitator logs in through the login form."""
    assert page.goto(base + "/login").status == 200
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


BROWSER_SECRET = "browser-test-secret"  # the live app's and the CLI's secret key: the same, as in production


@dataclass
class LiveServer:
    url: str
    database_url: str
    app: object


@pytest.fixture
def live_server(database_url, env, instance_path, tmp_path, monkeypatch):
    """The real app on a free loopback port, in a thread, over this test's database and instance folder."""
    from werkzeug.serving import make_server

    from scanengine import create_app

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": BROWSER_SECRET,
            "AUTO_MIGRATE": False,
            "REPORTS_DIR": str(tmp_path / "reports"),
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url  # links issued in the dashboard point here
    monkeypatch.setenv("SCANENGINE_BASE_URL", url)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url, database_url, app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture
def live_cli(cli, live_server):
    """The ``cli`` fixture with links pointing at the live server."""

    def run(*args, **kwargs):
        env = {
            "SCANENGINE_BASE_URL": live_server.url,
            "SCANENGINE_SECRET_KEY": BROWSER_SECRET,
            **kwargs.pop("env", {}),
        }
        return cli(*args, env=env, **kwargs)

    return run


class Shots:
    """Numbered full-page screenshots of one test; ``doc=`` also keeps a copy in docs/ when asked to."""

    def __init__(self, name: str):
        self.dir = ARTIFACTS / name
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        self.n = 0

    def take(
        self,
        page,
        name: str,
        *,
        doc: str | None = None,
        full_page: bool = True,
        doc_height: int | None = None,
    ) -> Path:
        """The whole page as an artefact; for docs/ optionally only its top ``doc_height`` CSS pixels."""
        self.n += 1
        path = self.dir / f"{self.n:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page, timeout=60_000)
        if doc and UPDATE_DOCS:
            DOCS.mkdir(exist_ok=True)
            if doc_height:
                clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": doc_height}
                page.screenshot(path=str(DOCS / doc), full_page=True, clip=clip, timeout=60_000)
            else:
                shutil.copyfile(path, DOCS / doc)
        return path


@pytest.fixture
def shots(request):
    return Shots(re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name))
