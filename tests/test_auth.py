"""Facilitator login and logout: hashed passwords, signed sessions, rate limit, CSRF, safe redirects."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from scanengine.models import AuditEntry, User, utcnow
from tests.auth_helpers import PASSWORD, csrf_token, login, make_user


def _actions(session):
    session.expire_all()
    return [(a.action, a.detail) for a in session.exec(select(AuditEntry).order_by(AuditEntry.id))]


def test_login_page_dutch_first_english_on_request(client):
    assert "Inloggen" in client.get("/login").get_data(as_text=True)
    assert "Log in" in client.get("/login?lang=en").get_data(as_text=True)


def test_anonymous_is_sent_to_login(client):
    assert client.get("/").headers["Location"].endswith("/dashboard/")
    resp = client.get("/dashboard/")
    assert resp.status_code == 302 and "/login?next=" in resp.headers["Location"]


def test_login_and_logout(client, session):
    make_user(session, "fac@gemeente.nl")
    resp = login(client, "Fac@Gemeente.nl ")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/dashboard/")
    assert client.get("/dashboard/").status_code == 200
    # logging out needs a POST with a token; a bare link does nothing
    assert client.get("/logout").status_code == 200 and client.get("/dashboard/").status_code == 200
    assert client.post("/logout").status_code == 400
    assert client.get("/dashboard/").status_code == 200
    resp = client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    assert resp.status_code == 200
    assert client.get("/dashboard/").status_code == 302
    actions = [a for a, _ in _actions(session)]
    assert actions[-2:] == ["login", "logout"]


def test_password_is_hashed(session):
    user = make_user(session, "hash@gemeente.nl")
    stored = session.exec(select(User.password_hash).where(User.id == user.id)).one()
    assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_wrong_password_and_unknown_account(client, session):
    make_user(session, "fac@gemeente.nl")
    for email in ("fac@gemeente.nl", "nobody@gemeente.nl"):
        resp = login(client, email, "wrong password")
        assert resp.status_code == 401
        assert "Onbekend e-mailadres of onjuist wachtwoord" in resp.get_data(as_text=True)
    assert client.get("/dashboard/").status_code == 302
    failed = [(a, d) for a, d in _actions(session) if a == "login.failed"]
    assert failed == [("login.failed", "fac@gemeente.nl"), ("login.failed", "nobody@gemeente.nl")]
    assert all("wrong password" not in (d or "") for _, d in _actions(session))


def test_login_without_csrf_token_is_refused(client, session):
    make_user(session, "fac@gemeente.nl")
    client.get("/login")
    resp = client.post("/login", data={"email": "fac@gemeente.nl", "password": PASSWORD})
    assert resp.status_code == 400
    assert client.get("/dashboard/").status_code == 302


def test_rate_limit_blocks_even_the_right_password(app, client, session):
    make_user(session, "fac@gemeente.nl")
    limit = app.config["LOGIN_MAX_ATTEMPTS"]
    for _ in range(limit):
        assert login(client, "fac@gemeente.nl", "guess").status_code == 401
    resp = login(client, "fac@gemeente.nl")
    assert resp.status_code == 429 and "Te veel pogingen" in resp.get_data(as_text=True)
    assert client.get("/dashboard/").status_code == 302
    # another account from another address is not affected
    make_user(session, "other@gemeente.nl")
    other = app.test_client()
    token = csrf_token(other, "/login")
    resp = other.post(
        "/login",
        data={"csrf_token": token, "email": "other@gemeente.nl", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert resp.status_code == 302


def test_rate_limit_window_expires(app, client, session):
    make_user(session, "fac@gemeente.nl")
    old = utcnow() - timedelta(seconds=app.config["LOGIN_WINDOW_SECONDS"] + 60)
    for _ in range(app.config["LOGIN_MAX_ATTEMPTS"] + 3):
        session.add(
            AuditEntry(at=old, actor="address:127.0.0.1", action="login.failed", detail="fac@gemeente.nl")
        )
    session.commit()
    assert login(client, "fac@gemeente.nl").status_code == 302


def test_rate_limit_per_address(app, client, session):
    make_user(session, "fac@gemeente.nl")
    for i in range(app.config["LOGIN_MAX_ATTEMPTS"] * 4):
        session.add(AuditEntry(actor="address:127.0.0.1", action="login.failed", detail=f"x{i}@gemeente.nl"))
    session.commit()
    assert login(client, "fac@gemeente.nl").status_code == 429


def test_session_is_renewed_on_login(client, session):
    make_user(session, "fac@gemeente.nl")
    with client.session_transaction() as s:
        s["planted"] = "by an attacker"
    login(client, "fac@gemeente.nl")
    with client.session_transaction() as s:
        assert "planted" not in s and isinstance(s["user_id"], int)


def test_changed_password_ends_sessions(client, session):
    from werkzeug.security import generate_password_hash

    user = make_user(session, "fac@gemeente.nl")
    login(client, "fac@gemeente.nl")
    assert client.get("/dashboard/").status_code == 200
    user.password_hash = generate_password_hash("a brand new password")
    session.add(user)
    session.commit()
    assert client.get("/dashboard/").status_code == 302


def test_next_only_redirects_within_the_site(client, session):
    make_user(session, "fac@gemeente.nl")
    token = csrf_token(client, "/login")
    for target, expected in (
        ("/dashboard/rounds/new", "/dashboard/rounds/new"),
        ("//evil.example/x", "/dashboard/"),
        ("https://evil.example/", "/dashboard/"),
    ):
        client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
        token = csrf_token(client, "/login")
        resp = client.post(
            f"/login?next={target}",
            data={"csrf_token": token, "email": "fac@gemeente.nl", "password": PASSWORD},
        )
        assert resp.status_code == 302 and resp.headers["Location"] == expected, target
