"""``scanengine check``: is this instance ready for production? One finding per setting, each with what to do.

Run it as the service's user with the service's environment (``deploy/scanengine`` does that), after installing
and after every change of the environment file. It changes nothing: no key is generated, no schema migrated, no
folder created, no mail sent (the mail server is asked for a session and left). A finding is ``ok``, a
``problem`` (the command exits 1 and names each) or a ``note`` (worth knowing, not wrong in every installation).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from scanengine import cache, config, db, definition, mail, pool

OK, PROBLEM, NOTE = "ok", "problem", "note"
MIN_SECRET_LENGTH = 32
CONNECT_TIMEOUT_SECONDS = 5
SMTP_TIMEOUT_SECONDS = 10.0
_LOOPBACK = ("localhost", "127.0.0.1", "::1", "0.0.0.0")
_OFF = ("0", "false", "no", "off")


@dataclass(frozen=True)
class Finding:
    setting: str
    status: str  # OK, PROBLEM or NOTE
    text: str


def safe_url(url: str) -> str:
    """A database URL without its password."""
    return make_url(url).render_as_string(hide_password=True)


def head_revision() -> str:
    """The schema revision this code needs (the Alembic head)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(db.alembic_config("sqlite://")).get_current_head()
    assert head is not None  # the package ships its migrations
    return head


def _environment(env: Mapping[str, str]) -> Finding:
    value = env.get("SCANENGINE_ENV") or "development"
    if value == "production":
        return Finding("environment", OK, "SCANENGINE_ENV=production")
    return Finding(
        "environment",
        PROBLEM,
        f"SCANENGINE_ENV is {value!r}: set it to production (a missing secret key then stops the start instead "
        "of a key being generated)",
    )


def _secret_key(env: Mapping[str, str], settings: config.Settings) -> Finding:
    key = env.get("SCANENGINE_SECRET_KEY") or ""
    generated = settings.instance_path / "secret_key"
    if not key:
        return Finding(
            "secret key",
            PROBLEM,
            "SCANENGINE_SECRET_KEY is not set; generate one with "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(32))' (the same on every app host)",
        )
    try:
        development = generated.read_text().strip()
    except OSError:
        development = ""
    if development and key == development:
        return Finding(
            "secret key",
            PROBLEM,
            f"SCANENGINE_SECRET_KEY is the development key generated into {generated}; give production a key "
            "of its own (close open rounds first: their waiting submissions are sealed with the old key)",
        )
    if len(key) < MIN_SECRET_LENGTH:
        return Finding(
            "secret key",
            PROBLEM,
            f"SCANENGINE_SECRET_KEY has {len(key)} characters; use at least {MIN_SECRET_LENGTH} random ones",
        )
    return Finding("secret key", OK, f"set ({len(key)} characters), not a generated development key")


def _engine(url: str) -> Engine:
    if db.is_sqlite(url):
        return create_engine(url, poolclass=NullPool)
    return create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})


def _first_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"


def _database(env: Mapping[str, str], settings: config.Settings) -> list[Finding]:
    url = settings.database_url
    shown = safe_url(url)
    findings: list[Finding] = []
    if db.is_sqlite(url):
        path = url.split("///", 1)[-1]
        if not path or path == ":memory:" or not Path(path).is_file():
            return [
                Finding("database", PROBLEM, f"no SQLite database file at {path}: run scanengine db upgrade")
            ]
    else:
        try:
            db.server_pool_options(url)
        except ValueError as exc:
            findings.append(Finding("database pool", PROBLEM, str(exc)))
    from alembic.runtime.migration import MigrationContext

    engine = _engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = MigrationContext.configure(conn).get_current_revision()
    except Exception as exc:  # noqa: BLE001 - whatever stops the connection is the finding
        engine.dispose()
        return [*findings, Finding("database", PROBLEM, f"{shown} does not answer ({_first_line(exc)})")]
    kind = "SQLite: one app host only; PostgreSQL to scale out" if db.is_sqlite(url) else "PostgreSQL"
    findings.append(Finding("database", OK, f"{shown} answers ({kind})"))
    head = head_revision()
    if current != head:
        findings.append(
            Finding(
                "schema",
                PROBLEM,
                f"at revision {current or 'none'}, this version needs {head}: back up, then run "
                "scanengine db upgrade",
            )
        )
    else:
        findings.append(Finding("schema", OK, f"at revision {head}, the head of this version"))
        key = env.get("SCANENGINE_SECRET_KEY")
        if key:
            with Session(engine) as session:
                foreign = pool.sealed_with_other_key(session, key)
            if foreign:
                findings.append(
                    Finding(
                        "pool",
                        PROBLEM,
                        f"{foreign} waiting submissions are sealed with another secret key: closing their rounds "
                        "fails until SCANENGINE_SECRET_KEY is the key they were submitted under",
                    )
                )
            else:
                findings.append(Finding("pool", OK, "every waiting submission opens with this secret key"))
    engine.dispose()
    return findings


def _base_url(settings: config.Settings) -> Finding:
    parts = urlsplit(settings.base_url)
    where = settings.base_url
    if parts.scheme != "https":
        return Finding(
            "base URL",
            PROBLEM,
            f"SCANENGINE_BASE_URL is {where}: participants' links must use https (cookies are Secure only then)",
        )
    if not parts.hostname or parts.hostname in _LOOPBACK:
        return Finding(
            "base URL", PROBLEM, f"SCANENGINE_BASE_URL is {where}: name the host participants reach"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return Finding(
            "base URL",
            PROBLEM,
            f"SCANENGINE_BASE_URL is {where}: the app is served at the root of its host, give no path",
        )
    return Finding("base URL", OK, f"{where} (links {where}/s/..., Secure cookies)")


def _cookies(env: Mapping[str, str], settings: config.Settings) -> Finding | None:
    value = env.get("SCANENGINE_SESSION_COOKIE_SECURE")
    if value is None:
        return None
    if value.strip().lower() in _OFF and settings.base_url.startswith("https://"):
        return Finding(
            "cookies",
            PROBLEM,
            "SCANENGINE_SESSION_COOKIE_SECURE turns the Secure flag off: remove it (the session cookie also "
            "carries the CSRF token)",
        )
    return Finding("cookies", OK, f"SCANENGINE_SESSION_COOKIE_SECURE={value}")


def _proxies(env: Mapping[str, str]) -> Finding:
    try:
        n = config.proxies(env.get("SCANENGINE_PROXIES"))
    except config.ConfigError as exc:
        return Finding("proxies", PROBLEM, str(exc))
    if n == 0:
        return Finding(
            "proxies",
            NOTE,
            "SCANENGINE_PROXIES=0: X-Forwarded-Proto/For are ignored. Behind nginx set 1 (otherwise every "
            "client has the proxy's address, and one address's failed logins block everyone's)",
        )
    return Finding("proxies", OK, f"X-Forwarded-Proto/For trusted from {n} prox{'y' if n == 1 else 'ies'}")


def _writable_folder(setting: str, variable: str, folder: Path) -> Finding:
    if folder.is_dir():
        try:
            fd, probe = tempfile.mkstemp(prefix=".scanengine-check-", dir=folder)
        except OSError as exc:
            return Finding(setting, PROBLEM, f"{folder} ({variable}) is not writable: {exc.strerror}")
        os.close(fd)
        os.unlink(probe)
        return Finding(setting, OK, f"{folder} is writable")
    if folder.exists():
        return Finding(setting, PROBLEM, f"{folder} ({variable}) is not a folder")
    parent = next((p for p in folder.parents if p.exists()), None)
    if parent is not None and parent.is_dir() and os.access(parent, os.W_OK | os.X_OK):
        return Finding(setting, OK, f"{folder} does not exist yet; it is created when first needed")
    return Finding(setting, PROBLEM, f"{folder} ({variable}) does not exist and cannot be created")


def _questionnaires() -> Finding:
    folder = definition.shipped_dir()
    found = definition.shipped()
    if not found:
        return Finding(
            "questionnaires", PROBLEM, f"no definitions (*.json) in {folder} (SCANENGINE_QUESTIONNAIRES)"
        )
    return Finding("questionnaires", OK, f"{len(found)} definitions in {folder}")


def _smtp(env: Mapping[str, str], timeout: float) -> Finding:
    if not env.get("SCANENGINE_SMTP_URL") and not env.get("SCANENGINE_MAIL_FROM"):
        return Finding(
            "mail", NOTE, "SCANENGINE_SMTP_URL is not set: invitations and reminders by e-mail are off"
        )
    try:
        settings = mail.settings_from_env(env)
    except mail.MailConfigError as exc:
        return Finding("mail", PROBLEM, str(exc))
    try:
        with mail.Mailer(settings, retries=0, timeout=timeout):
            pass
    except mail.MailError as exc:
        return Finding("mail", PROBLEM, str(exc))
    login = ", login accepted" if settings.username else ""
    return Finding("mail", OK, f"{settings.safe_url} answers{login}; sender {settings.sender}")


def _page_cache(env: Mapping[str, str]) -> Finding:
    if cache.enabled_by_env(dict(env)):
        return Finding("page cache", OK, "on")
    return Finding(
        "page cache", NOTE, "SCANENGINE_PAGE_CACHE is off: templates are re-read, pages are slower"
    )


def _migrations(env: Mapping[str, str]) -> Finding:
    value = (env.get("SCANENGINE_AUTO_MIGRATE") or "").strip().lower()
    if value in ("false", "0"):
        return Finding(
            "upgrades", NOTE, "SCANENGINE_AUTO_MIGRATE=false: run scanengine db upgrade after each upgrade"
        )
    return Finding("upgrades", OK, "the app brings the schema to the head at start (after your backup)")


def run(
    environ: Mapping[str, str] | None = None, *, smtp_timeout: float = SMTP_TIMEOUT_SECONDS
) -> list[Finding]:
    """Every finding, in the order an administrator fixes them."""
    env = os.environ if environ is None else environ
    settings = config.load_settings(env)
    steps: list[Callable[[], Finding | list[Finding] | None]] = [
        lambda: _environment(env),
        lambda: _secret_key(env, settings),
        lambda: _database(env, settings),
        lambda: _migrations(env),
        lambda: _base_url(settings),
        lambda: _cookies(env, settings),
        lambda: _proxies(env),
        lambda: _writable_folder("instance folder", "SCANENGINE_INSTANCE_PATH", settings.instance_path),
        lambda: _writable_folder("reports folder", "SCANENGINE_REPORTS_DIR", settings.reports_dir),
        _questionnaires,
        lambda: _smtp(env, smtp_timeout),
        lambda: _page_cache(env),
    ]
    findings: list[Finding] = []
    for step in steps:
        found = step()
        if isinstance(found, Finding):
            findings.append(found)
        elif found:
            findings.extend(found)
    return findings
