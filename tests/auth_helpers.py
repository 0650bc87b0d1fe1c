"""Test helpers for the facilitator pages: accounts, the CSRF token of a page, logging in."""

from __future__ import annotations

import re

from sqlmodel import Session

from scanengine import accounts
from scanengine.models import User

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def make_user(session: Session, email: str, *, admin: bool = False, password: str = PASSWORD) -> User:
    user = accounts.create_user(session, email, password, admin=admin, actor="test")
    session.commit()
    return user


def csrf_token(client, path: str) -> str:
    """The CSRF token rendered in the page at ``path`` (the way a browser gets it)."""
    html = client.get(path).get_data(as_text=True)
    m = _CSRF.search(html)
    assert m, f"no csrf_token on {path}"
    return m.group(1) or m.group(2)


def login(client, email: str, password: str = PASSWORD, *, follow: bool = False):
    """Log in through the real login form (CSRF token included)."""
    token = csrf_token(client, "/login")
    return client.post(
        "/login", data={"csrf_token": token, "email": email, "password": password}, follow_redirects=follow
    )


def post(client, path: str, data: dict | None = None, *, token_from: str = "/dashboard/", **kwargs):
    """POST with a valid CSRF token taken from a page of the logged-in session."""
    return client.post(path, data={"csrf_token": csrf_token(client, token_from), **(data or {})}, **kwargs)
