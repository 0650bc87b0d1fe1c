"""The web layer: a thin Flask app over the domain (``create_app`` in the flaskr shape).

Configuration: defaults, then ``SCANENGINE_*`` environment variables (``app.config.from_prefixed_env``), then
the mapping passed in (tests). The schema is brought to the Alembic head at start-up (serialised between
workers), so a fresh instance folder works without a separate step. ``PAGE_CACHE`` (``SCANENGINE_PAGE_CACHE=0``
turns it off) switches the app's one page cache (:mod:`scanengine.cache`); off, templates are also re-read when
they change, so someone working on a template or a definition sees the change at once.

Behind a reverse proxy (docs/deploy.md): ``SCANENGINE_PROXIES=n`` wraps the app in Werkzeug's ``ProxyFix`` for
exactly n proxies, so the scheme (https: Secure cookies, HSTS) and the client's address (the login rate limit)
come from the last n values of ``X-Forwarded-Proto`` and ``X-Forwarded-For``. ``X-Forwarded-Host`` is not
trusted: the proxy passes ``Host`` itself, and links are built from ``SCANENGINE_BASE_URL``, never from a request.
With 0 (the default) the headers are ignored, since any client can send them.
"""

from __future__ import annotations

from flask import Flask, g
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from scanengine import cache, db, logsafe, texts
from scanengine.config import ConfigError, load_settings, proxies, secret_key

csrf = CSRFProtect()

PAGE_CACHE_KEY = (
    "scanengine_page_cache"  # app.extensions[PAGE_CACHE_KEY]: the app's scanengine.cache.PageCache
)
MAX_BODY_BYTES = (
    256 * 1024
)  # a 60-statement form with long open answers stays far below this; uploads use their own limit
# (the nginx site of `scanengine deploy nginx` has the same limit: scanengine/deploy.py)


def create_app(config: dict | None = None) -> Flask:
    settings = load_settings()
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    app = Flask(__name__, instance_path=str(settings.instance_path))
    app.config.from_mapping(
        DATABASE_URL=settings.database_url,
        BASE_URL=settings.base_url,
        ENV=settings.env,
        AUTO_MIGRATE=True,
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_BODY_BYTES,
        WTF_CSRF_TIME_LIMIT=None,  # a participant may leave a page open for hours; the token is tied to the session
        # Flask-WTF's extra check over https wants a Referer from this host, and our pages send none
        # (Referrer-Policy: no-referrer keeps the link out of every Referer): every POST would be refused. The
        # token stays bound to the session, whose cookie is SameSite=Lax, HttpOnly and Secure (web/security.py).
        WTF_CSRF_SSL_STRICT=False,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="scanengine_session",
        LOGIN_MAX_ATTEMPTS=5,
        LOGIN_WINDOW_SECONDS=300,
        REPORTS_DIR=str(settings.reports_dir),  # SCANENGINE_REPORTS_DIR, as in the CLI
        PAGE_CACHE=True,
        PROXIES=0,  # SCANENGINE_PROXIES: trusted reverse proxies (module docstring)
    )
    app.config.from_prefixed_env("SCANENGINE")
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        if app.config.get("ENV") == "production":
            raise ConfigError(
                "SCANENGINE_SECRET_KEY is not set: refusing to start in production without a secret key"
            )
        app.config["SECRET_KEY"] = secret_key(settings)
    if str(app.config.get("BASE_URL", "")).startswith("https://"):
        app.config.setdefault("SESSION_COOKIE_SECURE", True)

    trusted = proxies(app.config["PROXIES"])
    if trusted:
        fixed = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted, x_host=0, x_port=0, x_prefix=0)
        app.wsgi_app = fixed  # type: ignore[method-assign]
    logsafe.install()  # no participant link in any log record of this process (scanengine/logsafe.py)

    texts.init()  # every area's texts, registered once (see docs/architecture.md, "Texts")
    from scanengine.web import health

    health.init_app(app)  # first of the request hooks: the probe needs no language, cache or session
    _init_page_cache(app)
    csrf.init_app(app)
    from scanengine.web import dbsession, errors, i18n, security

    dbsession.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)

    if app.config["AUTO_MIGRATE"]:
        db.upgrade(app.config["DATABASE_URL"])
    return app


def _init_page_cache(app: Flask) -> None:
    """The app's page cache, handed to the domain code for each request (see scanengine/cache.py)."""
    page_cache = cache.PageCache(enabled=cache.switch(app.config["PAGE_CACHE"]))
    app.extensions[PAGE_CACHE_KEY] = page_cache
    if not page_cache.enabled:
        if app.config.get("TEMPLATES_AUTO_RELOAD") is None:
            app.config["TEMPLATES_AUTO_RELOAD"] = True
        app.jinja_env.auto_reload = bool(app.config["TEMPLATES_AUTO_RELOAD"])

    @app.before_request
    def _hand_in_cache():
        g._page_cache_token = cache.activate(page_cache)

    @app.teardown_request
    def _take_back_cache(_exc):
        token = g.pop("_page_cache_token", None)
        if token is not None:
            cache.deactivate(token)


def _register_blueprints(app: Flask) -> None:
    from scanengine.web import admin, auth, editor, facilitator, invitations, live, participant, preview

    for module in (participant, auth, facilitator, admin, invitations, live, editor, preview):
        app.register_blueprint(module.bp)
