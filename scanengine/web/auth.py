"""Facilitator login and logout: the user id in the signed session cookie, failed attempts rate-limited.

Why no Flask-Login: one user id in Flask's signed session is all the dashboard needs. On login the session is
cleared first (no session fixation) and carries a fingerprint of the password hash, so changing a password ends
every session made with the old one.

Rate limit: failed attempts are written to the audit log (``login.failed``; detail = the e-mail tried, actor =
the client address, never the password). Counting them there works across gunicorn workers and hosts without
another table: more than ``LOGIN_MAX_ATTEMPTS`` failures for one e-mail (or four times as many from one
address) within ``LOGIN_WINDOW_SECONDS`` and further attempts get a 429 page, even with the right password.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for

from scanengine import accounts, audit
from scanengine.models import User, utcnow
from scanengine.web import i18n
from scanengine.web.dbsession import get_session
from scanengine.web.errors import render_error
from scanengine.web.facilitator_forms import ActionForm, LoginForm

bp = Blueprint("auth", __name__)

ADDRESS_FACTOR = 4  # one office behind one NAT address may hold several facilitators


def _fingerprint(user: User) -> str:
    """A short digest of the password hash: a changed password invalidates existing sessions."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


@bp.app_template_global("current_user")
def current_user() -> User | None:
    """The logged-in user of this request (loaded once per request), or ``None``."""
    if "current_user" not in g:
        user = None
        uid = session.get("user_id")
        if isinstance(uid, int):
            found = accounts.get_user(get_session(), uid)
            if found is not None and session.get("pw") == _fingerprint(found):
                user = found
        g.current_user = user
    return g.current_user


def logged_in_user() -> User:
    """The user of a view behind :func:`login_required`, where there always is one."""
    user = current_user()
    if user is None:
        raise RuntimeError("no user is logged in: the view lacks login_required")
    return user


def current_actor() -> str:
    """Who the audit log names for a change made on the dashboard: the logged-in user's e-mail."""
    return logged_in_user().email


def login_required(view):
    """Send anonymous visitors to the login page, with a way back to where they were going."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if current_user() is None:
            return redirect(
                url_for("auth.login", next=request.full_path if request.method == "GET" else None)
            )
        return view(*args, **kwargs)

    return wrapper


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (no scheme, no host, not ``//evil``): no open redirect after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return None
    return target.rstrip("?") or None


def _client_address() -> str:
    return (request.remote_addr or "unknown")[:64]


def _recent_failures(email: str, address: str) -> tuple[int, int]:
    """Failed attempts within the window: for this e-mail, and from this address."""
    since = utcnow() - timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    db = get_session()
    per_email = audit.count_since(db, "login.failed", since, detail=email)
    per_address = audit.count_since(db, "login.failed", since, actor=f"address:{address}")
    return per_email, per_address


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The login form. A failed attempt is counted; a blocked one is refused before the password is checked."""
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        email = accounts.normalise_email(form.email.data)[:254]
        address = _client_address()
        limit = current_app.config["LOGIN_MAX_ATTEMPTS"]
        per_email, per_address = _recent_failures(email, address)
        if per_email >= limit or per_address >= limit * ADDRESS_FACTOR:
            db = get_session()
            audit.record(db, f"address:{address}", "login.blocked", detail=email)
            db.commit()
            return render_error(429, i18n.gettext("too_many_title"), i18n.gettext("too_many_text"))
        db = get_session()
        user = accounts.authenticate(db, email, form.password.data)
        if user is None:
            audit.record(db, f"address:{address}", "login.failed", detail=email)
            db.commit()
            failed = True
        else:
            lang = session.get("lang")
            session.clear()  # a fresh session: nothing from before the login survives (fixation)
            session["user_id"] = user.id
            session["pw"] = _fingerprint(user)
            if lang:
                session["lang"] = lang
            audit.record(db, user.email, "login", detail=f"address:{address}")
            db.commit()
            target = _safe_next(request.args.get("next")) or url_for("facilitator.index")
            return redirect(target)
    status = 401 if failed else (400 if form.errors else 200)
    return render_template("auth/login.html", form=form, failed=failed), status


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """GET asks (a link must not log anyone out: that would be a CSRF); POST with the token logs out."""
    form = ActionForm()
    if request.method == "POST" and form.validate_on_submit():
        user = current_user()
        if user is not None:
            db = get_session()
            audit.record(db, user.email, "logout")
            db.commit()
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang
        return render_template("auth/logged_out.html")
    return render_template("auth/logout.html", form=form)
