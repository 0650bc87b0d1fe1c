"""Settings shared by the web app and the CLI, read from ``SCANENGINE_*`` environment variables.

Every ``SCANENGINE_*`` setting is listed here (``deploy/scanengine.env`` gives each with its meaning, and a test
keeps that file complete):

``SCANENGINE_DATABASE_URL``  default: SQLite file ``scanengine.sqlite`` in the instance folder
``SCANENGINE_INSTANCE_PATH`` default: the per-user data folder, ``$XDG_DATA_HOME/scanengine`` or
                             ``~/.local/share/scanengine`` (:func:`instance_path_from_env`), so every command
                             finds the same instance wherever it is run
``SCANENGINE_BASE_URL``      absolute base of participant links, default ``http://127.0.0.1:5000``
``SCANENGINE_ENV``           ``development`` (default) or ``production``
``SCANENGINE_SECRET_KEY``    required in production; generated into the instance folder in development
``SCANENGINE_PROXIES``       how many reverse proxies in front of the app set ``X-Forwarded-Proto/For`` (default 0:
                             the headers are ignored); see :func:`proxies`
``SCANENGINE_REPORTS_DIR``   where report PDFs land by default (CLI and dashboard alike), default ``reports/``
                             under the current directory
``SCANENGINE_QUESTIONNAIRES`` folder of the shipped definitions (see :func:`scanengine.definition.shipped_dir`)
``SCANENGINE_SMTP_URL``, ``SCANENGINE_MAIL_FROM``  the mail server and sender (:mod:`scanengine.mail`)
``SCANENGINE_DB_POOL_SIZE``, ``SCANENGINE_DB_MAX_OVERFLOW``  connections per process (:mod:`scanengine.db`)
``SCANENGINE_PAGE_CACHE``    ``0`` turns the page cache off (:mod:`scanengine.cache`)
``SCANENGINE_PASSWORD``      the password for ``scanengine user create`` (never in a service's environment)

The web app also reads any Flask setting as ``SCANENGINE_<NAME>`` (``app.config.from_prefixed_env``); those meant
to be set are ``SCANENGINE_LOGIN_MAX_ATTEMPTS``, ``SCANENGINE_LOGIN_WINDOW_SECONDS`` (the login rate limit),
``SCANENGINE_AUTO_MIGRATE`` (``false``: the app does not bring the schema to the head at start) and
``SCANENGINE_SESSION_COOKIE_SECURE`` (an explicit choice of the session cookie's ``Secure`` flag).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from scanengine.db import default_url

DEFAULT_BASE_URL = "http://127.0.0.1:5000"


class ConfigError(RuntimeError):
    """The configuration cannot be used (for example: production without a secret key)."""


@dataclass(frozen=True)
class Settings:
    instance_path: Path
    database_url: str
    base_url: str
    env: str
    reports_dir: Path

    @property
    def production(self) -> bool:
        return self.env == "production"


def instance_path_from_env(environ=os.environ) -> Path:
    """``SCANENGINE_INSTANCE_PATH``, else the per-user data folder (XDG Base Directory): the same folder from
    wherever a command is run, never an ``instance/`` that appears in the current directory."""
    explicit = environ.get("SCANENGINE_INSTANCE_PATH")
    if explicit:
        return Path(explicit).expanduser().resolve()
    data_home = environ.get("XDG_DATA_HOME", "")
    if not Path(data_home).is_absolute():  # unset, empty or relative: the XDG spec says to ignore it
        home = environ.get("HOME")
        data_home = str(Path(home) if home else Path.home()) + "/.local/share"
    return (Path(data_home) / "scanengine").resolve()


def proxies(value: object) -> int:
    """The number of trusted reverse proxies (``SCANENGINE_PROXIES``): a whole number, 0 or more.

    With n > 0 the app takes the scheme and the client's address from the last n values of ``X-Forwarded-Proto``
    and ``X-Forwarded-For`` (Werkzeug's ProxyFix); with 0 it ignores both, since anyone can send them.
    """
    raw = value.strip() if isinstance(value, str) else value
    if raw in (None, ""):
        return 0
    if isinstance(raw, str) and raw.isdigit():
        return int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return raw
    raise ConfigError(f"SCANENGINE_PROXIES must be a whole number of proxies (0 or more), not {value!r}")


def reports_dir_from_env(environ=os.environ) -> Path:
    """The one place that reads ``SCANENGINE_REPORTS_DIR``; made absolute, so a later ``chdir`` cannot move it."""
    return Path(environ.get("SCANENGINE_REPORTS_DIR") or "reports").resolve()


def load_settings(environ=os.environ) -> Settings:
    instance = instance_path_from_env(environ)
    return Settings(
        instance_path=instance,
        database_url=environ.get("SCANENGINE_DATABASE_URL") or default_url(instance),
        base_url=(environ.get("SCANENGINE_BASE_URL") or DEFAULT_BASE_URL).rstrip("/"),
        env=environ.get("SCANENGINE_ENV") or "development",
        reports_dir=reports_dir_from_env(environ),
    )


def secret_key(settings: Settings, environ=os.environ) -> str:
    """The signing key: from the environment, or (development only) generated once into the instance folder."""
    key = environ.get("SCANENGINE_SECRET_KEY")
    if key:
        return key
    if settings.production:
        raise ConfigError(
            "SCANENGINE_SECRET_KEY is not set. In production the secret key must come from the environment; "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    path = settings.instance_path / "secret_key"
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Several workers may start at once on a fresh folder: write a complete file under a private name, then
        # hard-link it into place (atomic, and refused if another worker won), so nobody reads a half-written key.
        tmp = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip()
