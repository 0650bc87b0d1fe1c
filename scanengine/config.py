"""Settings shared by the web app and the CLI, read from ``SCANENGINE_*`` environment variables.

``SCANENGINE_DATABASE_URL``  default: SQLite file ``scanengine.sqlite`` in the instance folder
``SCANENGINE_INSTANCE_PATH`` default: ``instance/`` under the current directory
``SCANENGINE_BASE_URL``      absolute base of participant links, default ``http://127.0.0.1:5000``
``SCANENGINE_ENV``           ``development`` (default) or ``production``
``SCANENGINE_SECRET_KEY``    required in production; generated into the instance folder in development
``SCANENGINE_REPORTS_DIR``   where report PDFs land by default (CLI and dashboard alike), default ``reports/``
                             under the current directory
``SCANENGINE_QUESTIONNAIRES`` folder of the shipped definitions (see :func:`scanengine.definition.shipped_dir`)
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
    return Path(environ.get("SCANENGINE_INSTANCE_PATH") or "instance").resolve()


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
