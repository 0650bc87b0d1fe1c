"""Security headers on every route, cookie flags, the production secret-key rule, same-origin pages."""

from __future__ import annotations

import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scanengine.config import ConfigError
from scanengine.web import security

TEMPLATES = Path(__file__).resolve().parents[1] / "scanengine" / "web" / "templates"
PLACEHOLDERS = {"int": 1, "float": 1.0, "path": "x/y", "uuid": "00000000-0000-0000-0000-000000000000"}


def assert_security_headers(response, where: str = "") -> None:
    h = response.headers
    csp = h.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp, where
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, where
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"):
        assert directive in csp, (where, directive)
    assert h.get("X-Content-Type-Options") == "nosniff", where
    assert h.get("Referrer-Policy") == "no-referrer", where
    assert h.get("X-Frame-Options") == "DENY", where


def _placeholder_args(rule) -> dict:
    from werkzeug.routing import converters as c

    args = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, c.AnyConverter):
            args[name] = sorted(converter.items)[0] if hasattr(converter, "items") else "x"
        elif isinstance(converter, c.NumberConverter):
            args[name] = PLACEHOLDERS["float" if isinstance(converter, c.FloatConverter) else "int"]
        elif isinstance(converter, c.UUIDConverter):
            args[name] = PLACEHOLDERS["uuid"]
        elif isinstance(converter, c.PathConverter):
            args[name] = PLACEHOLDERS["path"]
        else:
            args[name] = "placeholder"
    if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
        args["filename"] = "style.css"
    return args


def _routes(app):
    """Every rule of the app with a URL built from placeholder arguments."""
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            yield rule, url_for(rule.endpoint, **_placeholder_args(rule))


def test_every_route_sends_security_headers(app, client):
    seen = 0
    for rule, url in _routes(app):
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        assert_security_headers(response, url)
        if rule.endpoint != "static":
            assert response.headers.get("Cache-Control") == "no-store", url
        seen += 1
    assert seen >= 2  # at least /static and /healthz


def test_every_route_sends_security_headers_to_a_logged_in_facilitator(app, client, session):
    """The same scan behind the login (pages with results must not be cached either)."""
    from scanengine import accounts

    accounts.create_user(session, "fac@example.org", "correct horse battery", admin=True)
    session.commit()
    page = client.get("/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    form = {"email": "fac@example.org", "password": "correct horse battery", "csrf_token": token.group(1)}
    assert client.post("/login", data=form).status_code == 302  # logged in: redirected to the dashboard
    with client.session_transaction() as s:
        assert s.get("user_id")
    for rule, url in _routes(app):
        if rule.endpoint.endswith("logout"):
            continue
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        assert_security_headers(response, url)
        if rule.endpoint != "static":
            assert response.headers.get("Cache-Control") == "no-store", url


def test_error_responses_carry_headers(app, client):
    for response in (
        client.get("/no/such/page"),
        client.post("/healthz"),
        client.post("/healthz", data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)),
    ):
        assert response.status_code in (404, 405, 413)
        assert_security_headers(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_unhandled_exception_page_carries_headers(app):
    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("boom")

    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom-for-test")
    assert response.status_code == 500
    assert_security_headers(response)
    assert b"boom" not in response.data  # no traceback or message leaks to the page


def test_view_cannot_weaken_no_store(app, client):
    @app.get("/cache-for-test")
    def cached():
        return "x", 200, {"Cache-Control": "public, max-age=3600"}

    assert client.get("/cache-for-test").headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached_and_hsts_only_over_https(client):
    r = client.get("/static/style.css")
    assert r.status_code == 200
    assert r.headers.get("Cache-Control") != "no-store"
    assert "Strict-Transport-Security" not in r.headers
    r = client.get("/healthz", base_url="https://localhost")
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")


# -- cookies ----------------------------------------------------------------------------------------------------


def _session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("scanengine_session=")]
    assert cookies, response.headers
    return cookies[0]


def test_session_cookie_is_httponly_and_samesite(client):
    cookie = _session_cookie(client.get("/login?lang=en"))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # served over http in this test: a Secure cookie would never come back


def test_session_cookie_is_secure_with_https_base_url(env, database_url, monkeypatch):
    from scanengine import create_app

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "k" * 32,
            "BASE_URL": "https://scan.example.nl",
            "AUTO_MIGRATE": False,
        }
    )
    cookie = _session_cookie(app.test_client().get("/login?lang=en", base_url="https://scan.example.nl"))
    assert "Secure" in cookie and "HttpOnly" in cookie


# -- the secret key ---------------------------------------------------------------------------------------------


def test_production_without_secret_key_refuses_to_start(env, database_url, monkeypatch):
    from scanengine import create_app

    monkeypatch.setenv("SCANENGINE_ENV", "production")
    monkeypatch.delenv("SCANENGINE_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SCANENGINE_SECRET_KEY"):
        create_app({"DATABASE_URL": database_url, "AUTO_MIGRATE": False})


def test_app_or_exit_prints_the_refusal(env, database_url, monkeypatch, capsys):
    """What ``wsgi.py`` (gunicorn) and ``scanengine serve`` do: one clear line, exit code 4, no traceback."""
    from scanengine import create_app

    monkeypatch.setenv("SCANENGINE_ENV", "production")
    monkeypatch.delenv("SCANENGINE_SECRET_KEY", raising=False)
    with pytest.raises(SystemExit) as info:
        security.app_or_exit(lambda: create_app({"DATABASE_URL": database_url, "AUTO_MIGRATE": False}))
    assert info.value.code == security.CONFIG_EXIT_CODE == 4
    err = capsys.readouterr().err
    assert err.startswith("scanengine: configuration refused:") and "SCANENGINE_SECRET_KEY" in err
    assert "Traceback" not in err


def test_production_with_secret_key_starts(env, database_url, monkeypatch):
    from scanengine import create_app

    monkeypatch.setenv("SCANENGINE_ENV", "production")
    monkeypatch.setenv("SCANENGINE_SECRET_KEY", "from-the-environment-" + "x" * 20)
    app = create_app({"DATABASE_URL": database_url, "AUTO_MIGRATE": False})
    assert app.config["SECRET_KEY"] == "from-the-environment-" + "x" * 20


def test_development_key_is_generated_once_into_instance_folder(
    env, database_url, instance_path, monkeypatch
):
    from scanengine import create_app

    monkeypatch.delenv("SCANENGINE_SECRET_KEY", raising=False)
    monkeypatch.delenv("SCANENGINE_ENV", raising=False)
    first = create_app({"DATABASE_URL": database_url, "AUTO_MIGRATE": False}).config["SECRET_KEY"]
    second = create_app({"DATABASE_URL": database_url, "AUTO_MIGRATE": False}).config["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 32
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_no_secret_committed():
    """The repository holds no generated key (the instance folder is ignored)."""
    root = Path(__file__).resolve().parents[1]
    assert "/instance/" in (root / ".gitignore").read_text().splitlines()


# -- same-origin pages without inline script or style -------------------------------------------------------------


class _Resources(HTMLParser):
    """Collects every URL a page loads or links to, and any inline script or style."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if "style" in attrs:
            self.inline.append(f"style attribute on <{tag}>")
        if any(name.startswith("on") for name in attrs):
            self.inline.append(f"event handler on <{tag}>")
        if tag == "style":
            self.inline.append("<style> element")
        if tag == "script" and not attrs.get("src"):
            self._in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append("inline <script>")


def assert_same_origin_page(html: str, origin: str = "http://localhost") -> None:
    """Every src/href is relative or same-origin, and nothing inline would need 'unsafe-inline'."""
    parser = _Resources()
    parser.feed(html)
    for url in parser.urls:
        parts = urlsplit(url.strip())
        if parts.scheme in ("", "data") and not parts.netloc:
            continue
        assert f"{parts.scheme}://{parts.netloc}" == origin, f"third-party resource {url!r}"
    assert not parser.inline, parser.inline


def test_error_page_is_same_origin(client):
    r = client.get("/no/such/page?lang=en")
    assert r.status_code == 404
    assert_same_origin_page(r.get_data(as_text=True))


def test_checker_catches_third_party_and_inline():
    with pytest.raises(AssertionError, match="third-party"):
        assert_same_origin_page('<link rel="stylesheet" href="https://cdn.example.com/x.css">')
    with pytest.raises(AssertionError, match="third-party"):
        assert_same_origin_page('<img src="//tracker.example.com/p.gif">')
    with pytest.raises(AssertionError):
        assert_same_origin_page('<p style="color:red">x</p>')
    with pytest.raises(AssertionError):
        assert_same_origin_page("<script>alert(1)</script>")
    assert_same_origin_page(
        '<a href="/s/abc?lang=en">x</a><img src="data:image/png;base64,AA"><a href="#main">'
    )


def test_templates_have_no_inline_script_or_style():
    """The CSP would block them in the browser; catch them before a participant sees a broken page."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\sstyle\s*=", r"<style[\s>]", r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*="):
            if re.search(pattern, text, re.IGNORECASE):
                offenders.append(f"{path.relative_to(TEMPLATES)}: {pattern}")
    assert not offenders, offenders


# -- open answers never reach the logs ----------------------------------------------------------------------------

MARKER = "OPEN-ANSWER-MARKER-9f3c"


def test_open_answers_never_logged(app, client, database_url, caplog):
    """An open answer (accepted, too long, or with a bad statement value next to it) appears in no log record,
    at DEBUG level for every logger (SQLAlchemy's statement logging included)."""
    import logging

    from tests.flow import answer_round, csrf_token, make_round, path_of

    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy.engine", "sqlalchemy.pool", "werkzeug", "flask.app", "scanengine"):
        caplog.set_level(logging.DEBUG, logger=name)
    setup = make_round(database_url, personal=3)
    links = setup.links["Gemeente A"]
    answers = {
        "role": "raad",
        "c1": "3",
        "c2": "dk",
        "c3": "4",
        "i1": "2",
        "i2": "1",
        "improve": f"Beter {MARKER}",
    }
    used_token = csrf_token(client.get(path_of(links[0])).get_data(as_text=True))  # a token is the link's own
    assert answer_round(client, links[0], answers).status_code == 200
    # refused requests carrying the marker: too long, bad value next to it, submit after use
    html = client.get(path_of(links[1])).get_data(as_text=True)
    token = csrf_token(html)
    for data in (
        {"improve": MARKER * 40, "action": "next", "page": "0"},
        {"improve": MARKER, "c1": "9", "action": "submit", "page": "0"},
        {"improve": MARKER, "role": MARKER, "action": "submit", "page": "0"},
    ):
        assert client.post(path_of(links[1]), data={"csrf_token": token, **data}).status_code in (400, 422)
    assert (
        client.post(
            path_of(links[0]),
            data={"csrf_token": used_token, "improve": MARKER, "action": "submit", "page": "0"},
        ).status_code
        == 410
    )
    assert caplog.records, "nothing was captured: the test would pass vacuously"
    for record in caplog.records:
        assert MARKER not in record.getMessage(), (record.name, record.getMessage()[:300])
        assert MARKER not in caplog.text


def test_no_logging_call_formats_request_form_data():
    """A static check: no logging call in the package mentions request.form, request.values or the answers."""
    package = Path(__file__).resolve().parents[1] / "scanengine"
    pattern = re.compile(
        r"(logger|logging|log)\.(debug|info|warning|error|exception|critical)\((?P<args>[^\n]*)"
    )
    offenders = []
    for path in package.rglob("*.py"):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = pattern.search(line)
            if m and re.search(
                r"request\.(form|values|data|get_data|json)|\bform\b|open_answers|answers", m["args"]
            ):
                offenders.append(f"{path.relative_to(package)}:{lineno}: {line.strip()}")
    assert not offenders, offenders


def test_participant_pages_load_nothing_from_other_origins(client, database_url):
    """Every page of the participant flow (each step, an error page, the thank-you page), in both languages."""
    from tests.flow import fields_on, make_round, path_of, post

    setup = make_round(database_url, personal=2)
    for lang, link in zip(("nl", "en"), setup.links["Gemeente A"], strict=True):
        r = client.get(path_of(link) + f"?lang={lang}")
        pages = 0
        while True:
            assert r.status_code == 200
            html = r.get_data(as_text=True)
            assert_same_origin_page(html)
            assert r.headers["Cache-Control"] == "no-store"
            pages += 1
            if 'id="thanks-title"' in html:
                break
            if 'name="action" value="submit"' in html:
                r = post(client, link, html, "submit")
                continue
            data = {
                f: ("raad" if f == "role" else "tekst" if f == "improve" else "3") for f in fields_on(html)
            }
            r = post(client, link, html, "next", data)
        assert pages >= 5
        for refused in (client.get(path_of(link)), client.post(path_of(link), data={"action": "next"})):
            assert refused.status_code in (400, 410)  # link used; missing CSRF
            assert_same_origin_page(refused.get_data(as_text=True))
