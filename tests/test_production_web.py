"""The web app behind a reverse proxy: the trusted proxies (``SCANENGINE_PROXIES``), Secure cookies over https,
forms that post over https, and the health probe."""

from __future__ import annotations

import pytest

from scanengine.config import ConfigError, proxies
from tests.flow import answer_round, make_round, path_of, post

FORWARDED_HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9, 198.51.100.7"}


def _app(database_url, **config):
    from scanengine import create_app

    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "k" * 32,
            "BASE_URL": "http://localhost",
            "AUTO_MIGRATE": False,
            **config,
        }
    )


def _seen(app):
    """A route of the test's own that tells what the app made of the request."""
    from flask import jsonify, request

    @app.get("/seen-for-test")
    def seen():
        return jsonify(secure=request.is_secure, address=request.remote_addr, host=request.host)

    return app.test_client()


@pytest.mark.parametrize("value, expected", [(None, 0), ("", 0), ("0", 0), ("1", 1), (" 2 ", 2), (3, 3)])
def test_proxies_setting(value, expected):
    assert proxies(value) == expected


@pytest.mark.parametrize("value", ["-1", "one", "1.5", True, -2, "1 2"])
def test_proxies_setting_refuses_what_is_not_a_count(value):
    with pytest.raises(ConfigError, match="SCANENGINE_PROXIES must be a whole number"):
        proxies(value)


def test_a_bad_proxies_setting_refuses_to_start(env, database_url, monkeypatch):
    monkeypatch.setenv("SCANENGINE_PROXIES", "yes")
    with pytest.raises(ConfigError, match="SCANENGINE_PROXIES"):
        _app(database_url)


def test_forwarded_headers_are_ignored_by_default(env, database_url):
    """The control: without trusted proxies anyone could claim https or another address."""
    client = _seen(_app(database_url))
    seen = client.get("/seen-for-test", headers=FORWARDED_HTTPS).get_json()
    assert seen == {"secure": False, "address": "127.0.0.1", "host": "localhost"}
    assert "Strict-Transport-Security" not in client.get("/healthz", headers=FORWARDED_HTTPS).headers


def test_one_trusted_proxy_gives_scheme_and_the_address_it_saw(env, database_url, monkeypatch):
    monkeypatch.setenv("SCANENGINE_PROXIES", "1")
    client = _seen(_app(database_url))
    headers = {**FORWARDED_HTTPS, "X-Forwarded-Host": "evil.example"}
    seen = client.get("/seen-for-test", headers=headers).get_json()
    # the last X-Forwarded-For value is the one the proxy added; X-Forwarded-Host is not trusted
    assert seen == {"secure": True, "address": "198.51.100.7", "host": "localhost"}
    login = client.get("/login?lang=en", headers=FORWARDED_HTTPS)
    assert login.headers["Strict-Transport-Security"] == "max-age=31536000"
    cookie = next(c for c in login.headers.getlist("Set-Cookie") if c.startswith("scanengine_session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_two_trusted_proxies_take_the_address_before_the_last(env, database_url):
    client = _seen(_app(database_url, PROXIES=2))
    assert client.get("/seen-for-test", headers=FORWARDED_HTTPS).get_json()["address"] == "203.0.113.9"


def test_session_cookie_is_secure_on_an_https_request_whatever_the_base_url(env, database_url):
    app = _app(database_url)
    over_https = app.test_client().get("/login?lang=en", base_url="https://localhost")
    over_http = app.test_client().get("/login?lang=en")
    cookie = [c for c in over_https.headers.getlist("Set-Cookie") if c.startswith("scanengine_session=")]
    assert cookie and "Secure" in cookie[0]
    plain = [c for c in over_http.headers.getlist("Set-Cookie") if c.startswith("scanengine_session=")]
    assert plain and "Secure" not in plain[0]  # the control: over http a Secure cookie would never come back


class _OverHttps:
    """The test client with every request over https (as the proxy forwards it), and no Referer."""

    def __init__(self, client):
        self.client = client

    def get(self, *args, **kwargs):
        return self.client.get(*args, base_url="https://localhost", **kwargs)

    def post(self, *args, **kwargs):
        return self.client.post(*args, base_url="https://localhost", **kwargs)


@pytest.mark.parametrize("strict", [False, True])
def test_forms_post_over_https_without_a_referer(env, database_url, strict):
    """Our pages send no Referer (Referrer-Policy: no-referrer), so Flask-WTF's Referer check over https refuses
    every form (the control: ``strict``, its default); the app turns it off, and the CSRF token is still required."""
    config = {"WTF_CSRF_ENABLED": True, "BASE_URL": "https://localhost"}
    if strict:
        config["WTF_CSRF_SSL_STRICT"] = True
    app = _app(database_url, **config)
    setup = make_round(database_url, personal=2)
    client = _OverHttps(app.test_client())
    links = setup.links["Gemeente A"]
    page = client.get(path_of(links[0]))
    assert page.status_code == 200 and page.request.is_secure
    answers = {"role": "ambtenaar", "c1": "3", "c2": "dk", "i1": "2", "i2": "4"}
    if strict:
        assert post(client, links[0], page.get_data(as_text=True), "next", answers).status_code == 400
        return
    done = answer_round(client, links[0], answers)
    assert done.status_code == 200 and 'id="thanks-title"' in done.get_data(as_text=True)
    refused = client.post(path_of(links[1]), data={"action": "next", "page": "0"})
    assert refused.status_code == 400  # no CSRF token: still refused


# -- the health probe ---------------------------------------------------------------------------------------------


def test_healthz_says_ok_and_nothing_more(client):
    r = client.get("/healthz?lang=en")
    assert r.status_code == 200 and r.get_json() == {"status": "ok"}
    assert r.headers.getlist("Set-Cookie") == []  # not even with a language to remember
    assert r.headers["Cache-Control"] == "no-store"


def test_healthz_is_503_when_the_database_does_not_answer(env, tmp_path):
    down = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # nothing listens on port 1
    client = _app(down).test_client()
    r = client.get("/healthz")
    assert r.status_code == 503 and r.get_json() == {"status": "unavailable"}
    assert r.headers.getlist("Set-Cookie") == []
