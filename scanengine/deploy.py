"""The production recipe as text: the nginx site and the systemd unit that ``scanengine deploy`` prints.

``deploy/`` holds both for the example of docs/deploy.md (a test checks they equal this module's output), the
environment file's template and the backup scripts. The site and the unit are made here, from their options, so
that one command on the target machine gives the files for that machine (its package's static folder, its
virtual environment), and so that CI runs exactly the site and the gunicorn command that an installation gets
(tests/test_deploy_nginx.py). Why each line is there: docs/deploy.md, "The nginx site" and "The service".

Nothing is written to disk and nothing is started: the administrator reads, installs and reloads.
"""

from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

from scanengine import logsafe
from scanengine.web import MAX_BODY_BYTES
from scanengine.web.security import HSTS

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"
DEFAULT_UPSTREAM = "127.0.0.1:8000"
DEFAULT_LOG_DIR = "/var/log/nginx"
DEFAULT_ENV_FILE = "/etc/scanengine/scanengine.env"
DEFAULT_USER = "scanengine"
DEFAULT_WORKERS = 2
DEFAULT_THREADS = 8
GUNICORN_APP = "scanengine.wsgi:app"
GUNICORN_LOGGER = "scanengine.deploy_gunicorn.Logger"
# gunicorn's worker timeout: a close writes the report inside the request; nginx waits as long
REQUEST_TIMEOUT_SECONDS = 120
# nginx keeps idle upstream connections for less time than gunicorn does, so it never sends a request on a
# connection gunicorn is closing (a POST would fail with 502: nginx does not retry non-idempotent requests)
UPSTREAM_KEEPALIVE_SECONDS = 30
GUNICORN_KEEPALIVE_SECONDS = 60
# Mozilla's "intermediate" TLS profile without DHE (no dhparam file to manage): TLS 1.2 and 1.3, forward secrecy,
# AEAD ciphers only; rated "good" by NCSC-NL's TLS guidelines
TLS_PROTOCOLS = "TLSv1.2 TLSv1.3"
TLS_CIPHERS = (
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
)
# the app's body limit: nginx refuses a larger body (413) before a worker sees it. A higher limit here would let
# the app refuse it instead, while nginx is still sending the body: the connection is cut and the participant
# gets a 502 now and then instead of a 413
NGINX_BODY_LIMIT_KB = MAX_BODY_BYTES // 1024
# nginx's location for the participant pages: the decoded path, as nginx matches locations (logsafe's rule,
# without the percent-encoded spellings that nginx has already decoded)
PARTICIPANT_LOCATION = "^/[sjp](/|$)"

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_NAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$")  # a DNS host name, label by label
_HOST_PORT = re.compile(r"^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")
_UNSAFE_IN_PATH = re.compile(r"[\s;{}\"'$#\\]")


class DeployError(ValueError):
    """An option that would make a broken or unsafe file; the message names it."""


def _path(option: str, value: str) -> str:
    if not value.startswith("/"):
        raise DeployError(f"{option} must be an absolute path, not {value!r}")
    if _UNSAFE_IN_PATH.search(value):
        raise DeployError(f"{option} {value!r} holds a space, quote, ';', '{{', '}}', '$', '#' or '\\'")
    return value


def _port(option: str, value: int) -> int:
    if not 1 <= value <= 65535:
        raise DeployError(f"{option} must be a port between 1 and 65535, not {value}")
    return value


def _upstream(value: str) -> str:
    if value.startswith("unix:"):
        _path("--upstream", value[len("unix:") :])
        return value
    found = _HOST_PORT.match(value)
    if not found or not 1 <= int(found.group(1)) <= 65535:
        raise DeployError(f"--upstream must be HOST:PORT (or unix:/path/to.sock), not {value!r}")
    return value


def _command(words: list[str]) -> str:
    return " ".join(shlex.quote(w) for w in words)


@dataclass(frozen=True)
class NginxSite:
    """The options of ``scanengine deploy nginx``; :meth:`render` gives the site."""

    server_names: tuple[str, ...]
    certificate: str
    key: str
    upstreams: tuple[str, ...] = (DEFAULT_UPSTREAM,)
    https_port: int = 443
    http_port: int = 80
    static: str = str(STATIC_DIR)
    log_dir: str = DEFAULT_LOG_DIR
    ipv6: bool = True

    def __post_init__(self) -> None:
        if not self.server_names:
            raise DeployError("give the server's name: --server-name scan.example.nl")
        for name in self.server_names:
            if not _NAME.match(name):
                raise DeployError(f"--server-name {name!r} is not a host name")
        _path("--certificate", self.certificate)
        _path("--key", self.key)
        _path("--static", self.static)
        _path("--log-dir", self.log_dir)
        for upstream in self.upstreams:
            _upstream(upstream)
        if not self.upstreams:
            raise DeployError("give at least one --upstream")
        _port("--https-port", self.https_port)
        _port("--http-port", self.http_port)
        if self.https_port == self.http_port:
            raise DeployError("--https-port and --http-port must differ")
        if self.static == str(STATIC_DIR) and not (STATIC_DIR / "style.css").is_file():
            raise DeployError(f"this installation has no static files in {STATIC_DIR}: reinstall the package")

    def warnings(self) -> list[str]:
        """What looks wrong on this machine but may be right on the web server (the site is often made elsewhere)."""
        found = []
        if not (Path(self.static) / "style.css").is_file():
            found.append(
                f"--static {self.static} holds no style.css here; on this machine the static folder is {STATIC_DIR}"
            )
        for option, path in (("--certificate", self.certificate), ("--key", self.key)):
            if not Path(path).exists():
                found.append(f"{option} {path} does not exist here (nginx reads it when it starts)")
        return found

    def command(self) -> str:
        """The command line that prints this site (written into the site's first lines)."""
        words = ["scanengine", "deploy", "nginx"]
        for name in self.server_names:
            words += ["--server-name", name]
        words += ["--certificate", self.certificate, "--key", self.key]
        if self.upstreams != (DEFAULT_UPSTREAM,):
            for upstream in self.upstreams:
                words += ["--upstream", upstream]
        if self.https_port != 443:
            words += ["--https-port", str(self.https_port)]
        if self.http_port != 80:
            words += ["--http-port", str(self.http_port)]
        words += ["--static", self.static]
        if self.log_dir != DEFAULT_LOG_DIR:
            words += ["--log-dir", self.log_dir]
        if not self.ipv6:
            words.append("--no-ipv6")
        return _command(words)

    def _listen(self, port: int, ssl: bool) -> str:
        suffix = " ssl" if ssl else ""
        lines = [f"    listen {port}{suffix};"]
        if self.ipv6:
            lines.append(f"    listen [::]:{port}{suffix};")
        return "\n".join(lines)

    def render(self) -> str:
        names = " ".join(self.server_names)
        canonical = self.server_names[0] + ("" if self.https_port == 443 else f":{self.https_port}")
        access_log = f"{self.log_dir}/scanengine.access.log scanengine if=$scanengine_loggable"
        error_log = f"{self.log_dir}/scanengine.error.log error"
        upstream_servers = "\n".join(f"    server {u};" for u in self.upstreams)
        static = self.static.rstrip("/") + "/"
        return f"""\
# Scanengine behind nginx: the map, upstream and server blocks for inside http {{}} (on Debian: save as
# /etc/nginx/sites-available/scanengine and link it into sites-enabled). Generated by
#   {self.command()}
# Change the command's options rather than this file. Why each part is here: docs/deploy.md, "The nginx site".

# No access-log line for a participant's request (/s/<link>, /j/<code>, /p/<preview>): with an address and a time it would tie
# a participant to a link and a moment. Matched on the decoded path and on the URI as it was sent.
map "$uri $request_uri" $scanengine_loggable {{
    "~*{logsafe.PARTICIPANT_PATH}" 0;
    default 1;
}}

# The combined format without the Referer, which could hold a page's address.
log_format scanengine '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
                      '"$http_user_agent" $request_time';

# The app: gunicorn on one host, or one server line per app host (they share PostgreSQL).
upstream scanengine {{
{upstream_servers}
    keepalive 16;
    keepalive_timeout {UPSTREAM_KEEPALIVE_SECONDS}s;
}}

# Plain HTTP: every request moves to HTTPS.
server {{
{self._listen(self.http_port, ssl=False)}
    server_name {names};
    server_tokens off;
    access_log {access_log};
    error_log {error_log};

    location / {{
        return 301 https://{canonical}$request_uri;
    }}
    location ~ {PARTICIPANT_LOCATION} {{
        error_log /dev/null;
        return 301 https://{canonical}$request_uri;
    }}
}}

server {{
{self._listen(self.https_port, ssl=True)}
    server_name {names};
    server_tokens off;

    ssl_certificate {self.certificate};
    ssl_certificate_key {self.key};
    ssl_protocols {TLS_PROTOCOLS};
    ssl_ciphers {TLS_CIPHERS};
    ssl_prefer_server_ciphers off;
    ssl_session_cache shared:scanengine_tls:10m;
    ssl_session_timeout 1d;
    ssl_session_tickets off;

    access_log {access_log};
    error_log {error_log};

    # On every answer, nginx's own (413, 502, static files) too; the app's copy is replaced by this one.
    add_header Strict-Transport-Security "{HSTS}" always;

    # The app's own limit: a larger body is refused here (413), before a worker reads it.
    client_max_body_size {NGINX_BODY_LIMIT_KB}k;

    # Pages carry the link and the CSRF token: not compressed (BREACH). Static files are.
    gzip off;

    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_hide_header Strict-Transport-Security;
    proxy_connect_timeout 5s;
    proxy_read_timeout {REQUEST_TIMEOUT_SECONDS}s;

    location / {{
        proxy_pass http://scanengine;
    }}

    # Participant pages. nginx's error log writes the request line ('request: "POST /s/<link> HTTP/1.1"'), so
    # their errors (a form too large, the app unreachable) are not logged; the same errors elsewhere still are.
    location ~ {PARTICIPANT_LOCATION} {{
        error_log /dev/null;
        proxy_pass http://scanengine;
    }}

    # Static files of the installed package, served by nginx; their names do not change between versions, so
    # browsers revalidate them (ETag) as the app would.
    location ^~ /static/ {{
        alias {static};
        add_header Cache-Control "no-cache" always;
        add_header X-Content-Type-Options "nosniff" always;
        add_header Cross-Origin-Resource-Policy "same-origin" always;
        add_header Strict-Transport-Security "{HSTS}" always;
        gzip on;
        gzip_vary on;
        gzip_types text/css application/javascript;
    }}
}}
"""


def gunicorn_args(workers: int, threads: int, bind: str) -> list[str]:
    """gunicorn's arguments (after the program): the unit's command, and what CI starts behind nginx."""
    return [
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        bind,
        "--timeout",
        str(REQUEST_TIMEOUT_SECONDS),
        "--graceful-timeout",
        "30",
        "--keep-alive",
        str(GUNICORN_KEEPALIVE_SECONDS),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "--logger-class",
        GUNICORN_LOGGER,
        GUNICORN_APP,
    ]


@dataclass(frozen=True)
class SystemdUnit:
    """The options of ``scanengine deploy systemd``; :meth:`render` gives the unit."""

    workers: int = DEFAULT_WORKERS
    threads: int = DEFAULT_THREADS
    bind: str = DEFAULT_UPSTREAM
    venv: str = field(default_factory=lambda: sys.prefix)
    user: str = DEFAULT_USER
    env_file: str = DEFAULT_ENV_FILE

    def __post_init__(self) -> None:
        if not 1 <= self.workers <= 64:
            raise DeployError(f"--workers must be between 1 and 64, not {self.workers}")
        if not 1 <= self.threads <= 64:
            raise DeployError(f"--threads must be between 1 and 64, not {self.threads}")
        _upstream(self.bind)
        _path("--venv", self.venv)
        _path("--env-file", self.env_file)
        if not re.match(r"^[a-z_][a-z0-9_-]{0,31}$", self.user):
            raise DeployError(f"--user {self.user!r} is not a system user name")

    def command(self) -> str:
        words = ["scanengine", "deploy", "systemd", "--workers", str(self.workers)]
        if self.threads != DEFAULT_THREADS:
            words += ["--threads", str(self.threads)]
        if self.bind != DEFAULT_UPSTREAM:
            words += ["--bind", self.bind]
        words += ["--venv", self.venv]
        if self.user != DEFAULT_USER:
            words += ["--user", self.user]
        if self.env_file != DEFAULT_ENV_FILE:
            words += ["--env-file", self.env_file]
        return _command(words)

    def render(self) -> str:
        args = gunicorn_args(self.workers, self.threads, self.bind)
        gunicorn = f"{self.venv.rstrip('/')}/bin/gunicorn"
        # one option and its value per line, as an administrator reads them
        lines, i = [], 0
        while i < len(args) - 1:
            lines.append(f"{args[i]} {args[i + 1]}")
            i += 2
        lines.append(args[-1])
        exec_start = " \\\n    ".join([gunicorn, *lines])
        return f"""\
# Scanengine's web service: gunicorn with threaded workers. Save as /etc/systemd/system/scanengine.service.
# Generated by
#   {self.command()}
# Change the command's options rather than this file. Why each part is here: docs/deploy.md, "The service".

[Unit]
Description=Scanengine (gunicorn)
After=network-online.target postgresql.service
Wants=network-online.target

[Service]
Type=notify
NotifyAccess=main
User={self.user}
Group={self.user}
# Every SCANENGINE_* setting (template: deploy/scanengine.env); readable by root and this group only.
EnvironmentFile={self.env_file}
# /var/lib/scanengine: the instance folder and the reports (SCANENGINE_INSTANCE_PATH, SCANENGINE_REPORTS_DIR).
StateDirectory=scanengine
StateDirectoryMode=0700
CacheDirectory=scanengine
Environment=MPLCONFIGDIR=/var/cache/scanengine/matplotlib
WorkingDirectory=/var/lib/scanengine
UMask=0077
# Access log on stdout, error log on stderr: both go to the journal. Participant requests are not logged.
ExecStart={exec_start}
ExecReload=/bin/kill -s HUP $MAINPID
KillMode=mixed
TimeoutStopSec=45
Restart=on-failure
RestartSec=5s
# Exit status 4 is a refused configuration (production without a secret key): a restart would not help.
RestartPreventExitStatus=4

# Hardening (systemd-analyze security scanengine rates it). MemoryDenyWriteExecute is left out: C extensions
# that make callbacks through libffi may need writable code pages.
NoNewPrivileges=yes
CapabilityBoundingSet=
PrivateTmp=yes
PrivateDevices=yes
ProtectSystem=strict
ProtectHome=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
ProtectProc=invisible
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RemoveIPC=yes
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM

[Install]
WantedBy=multi-user.target
"""
