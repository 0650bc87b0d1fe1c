"""The web layer: a thin Flask app over the domain (``create_app`` in the flaskr shape).

Configuration: defaults, then ``SCANENGINE_*`` environment variables (``app.config.from_prefixed_env``), then
the mapping passed in (tests). The schema is brought to the Alembic head at start-up (serialised between
workers), so a fresh instance folder works without a separate step.
"""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from scanengine import db
from scanengine.config import ConfigError, load_settings, secret_key

csrf = CSRFProtect()

MAX_BODY_BYTES = 256 * 1024  # a 60-statement form with long open answers stays far below this; uploads use their own limit


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
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="scanengine_session",
        LOGIN_MAX_ATTEMPTS=5,
        LOGIN_WINDOW_SECONDS=300,
        REPORTS_DIR="reports",
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


def _register_blueprints(app: Flask) -> None:
    from scanengine.web import admin, auth, facilitator, live, participant

    for module in (participant, auth, facilitator, admin, live):
        app.register_blueprint(module.bp)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}
