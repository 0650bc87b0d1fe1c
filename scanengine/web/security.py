"""Security headers on every response, and a clear refusal when the configuration is unsafe.

Why each header (docs/architecture.md, "Security"):

* ``Content-Security-Policy``: only same-origin script, style, images and fonts; no inline script or style
  (not even ``style=""`` attributes), so an answer text that slips through escaping still cannot run. No
  framing (``frame-ancestors 'none'``) against click-jacking of the submit button.
* ``X-Content-Type-Options: nosniff``: a browser never guesses a script out of an export or a PDF.
* ``Referrer-Policy: no-referrer``: the participant's personal link (``/s/<token>``) never leaks to another site
  in a ``Referer`` header, not even to our own static files.
* ``Cache-Control: no-store`` on every non-static response: a form page with answers, a dashboard with results
  or a thank-you page is never kept by a shared computer's browser cache or a proxy.
* ``Strict-Transport-Security`` only when the request came over https (otherwise it would be ignored anyway).

Cookies are HttpOnly and SameSite=Lax (set in :func:`scanengine.web.create_app`), and ``Secure`` whenever the
request came over https or the base URL is https (:class:`SessionInterface`). The session cookie carries the CSRF
token too (Flask-WTF keeps it in the session), so one flag covers both. A participant's link page sets no session
cookie at all: its session is the link itself (:class:`LinkSession`). Behind a reverse proxy the request counts as
https when the proxy says so in ``X-Forwarded-Proto`` and the app trusts it (``SCANENGINE_PROXIES``, see
:func:`scanengine.web.create_app`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
from collections.abc import Callable

from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from scanengine.texts import LANGUAGES

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_HEADER_ITEMS = tuple(HEADERS.items())
NO_STORE = "no-store"
HSTS = "max-age=31536000"
CONFIG_EXIT_CODE = 4  # gunicorn.arbiter.Arbiter.APP_LOAD_ERROR


def _is_static() -> bool:
    endpoint = request.endpoint or ""
    return endpoint == "static" or endpoint.endswith(".static")


def add_headers(response: Response) -> Response:
    """The fixed headers, plus ``no-store`` for everything but static files (which hold no answers)."""
    h = response.headers
    present = {name.lower() for name in h.keys()}
    h.extend([item for item in _HEADER_ITEMS if item[0].lower() not in present])  # setdefault each: 7 scans
    if not _is_static():
        # a view's own, weaker Cache-Control never wins: answers and results are never cached
        h["Cache-Control"] = NO_STORE
        h.pop("Expires", None)
        h["Pragma"] = "no-cache"
    if request.is_secure:
        h.setdefault("Strict-Transport-Security", HSTS)
    return response


#: The participant blueprint's links, ``/s/<token>`` (scanengine.web.participant routes under it).
LINK_PATH = "/s/"


#: The cookie that remembers a participant's chosen language on their link's pages (and nothing else).
LANG_COOKIE = "scanengine_lang"


class LinkSession(SecureCookieSession):
    """The session of a participant's link page: derived from the link, signed by nobody, sent as no cookie.

    A personal or group link is a capability: whoever holds it may answer, and nobody else can even name the page.
    What a participant's page keeps in a session is Flask-WTF's raw CSRF token, so it is derived from the secret
    key and the link's path (HMAC-SHA256) instead of being drawn at random and carried in a signed cookie: the
    form's token is still Flask-WTF's signed one and is still checked on every post; it fits this link only; a site
    that does not know the link cannot post to it. The one other thing kept is the language a participant chose
    (``?lang=en``): in a plain cookie of the link's own path, set only when the choice differs from what the
    browser already sent (the default language sets none). So answering in Dutch sets no cookie at all (a group
    link's resume cookie, set when its draft is saved, is the other exception), and the two requests of a complete
    response neither sign nor verify one (docs/architecture.md, "Security").
    """

    def __init__(self, secret_key: str | bytes, path: str, lang: str | None, cookie_path: str = ""):
        key = secret_key.encode() if isinstance(secret_key, str) else secret_key
        raw = hmac.new(key, b"scanengine link csrf\x00" + path.encode(), hashlib.sha256).hexdigest()
        super().__init__({"csrf_token": raw, **({"lang": lang} if lang else {})})
        self.cookie_path = cookie_path or path  # the link's pages (under the app's script root)
        self.sent_lang = lang  # what the browser's cookie said
        self.modified = False


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with the cookie ``Secure`` on every request that came over https.

    ``SESSION_COOKIE_SECURE`` is one value for the whole app; a request's scheme is known only per request (behind
    a proxy, from ``X-Forwarded-Proto``). A cookie set over https never needs to travel over plain http.
    """

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer] = {}

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)

    def open_session(self, app: Flask, request) -> SecureCookieSession | None:
        if request.path.startswith(LINK_PATH) and app.secret_key:
            lang = request.cookies.get(LANG_COOKIE)
            return LinkSession(
                app.secret_key,
                request.path,
                lang if lang in LANGUAGES else None,
                request.script_root + request.path,
            )
        return super().open_session(app, request)

    def save_session(self, app: Flask, session, response: Response) -> None:
        if isinstance(session, LinkSession):  # only a changed language choice: see LinkSession
            lang = session.get("lang")
            if lang != session.sent_lang and lang in LANGUAGES:
                response.set_cookie(
                    LANG_COOKIE,
                    lang,
                    path=session.cookie_path,
                    httponly=True,
                    samesite="Lax",
                    secure=self.get_cookie_secure(app),
                )
            return
        super().save_session(app, session, response)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, made once per secret key (and fallbacks) instead of twice per request: building
        one signs a test value to learn its type, a measurable part of a participant's form page."""
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = self._serializers.get(key)
        if cached is None:
            cached = super().get_signing_serializer(app)
            if cached is not None:
                self._serializers = {key: cached}  # the last key only: a changed key replaces it
        return cached


def init_app(app: Flask) -> None:
    """Register the headers; make cookies Secure when the app is served over https.

    Flask's defaults already contain ``SESSION_COOKIE_SECURE = False``, so a ``setdefault`` in the factory never
    switches it on: it is decided here from the base URL (an explicit ``SCANENGINE_SESSION_COOKIE_SECURE`` wins),
    and :class:`SessionInterface` adds the flag to every request that came over https whatever the setting says.
    """
    if (
        str(app.config.get("BASE_URL", "")).startswith("https://")
        and "SCANENGINE_SESSION_COOKIE_SECURE" not in os.environ
    ):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.session_interface = SessionInterface()
    app.after_request(add_headers)


def app_or_exit(factory: Callable[[], Flask]) -> Flask:
    """``factory()``, or a one-line message on stderr and exit code 4 when the configuration is refused.

    Used by ``wsgi.py`` (gunicorn) and ``scanengine serve``: a production start without
    ``SCANENGINE_SECRET_KEY`` must say so plainly instead of ending in a traceback between worker logs.
    Exit code 4 is gunicorn's "App failed to load": its master stops instead of respawning the worker forever.
    """
    from scanengine.config import ConfigError

    try:
        return factory()
    except ConfigError as exc:
        print(f"scanengine: configuration refused: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(CONFIG_EXIT_CODE) from None
