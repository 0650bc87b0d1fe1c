"""The production recipe, run for real: Debian's nginx with a throw-away certificate in front of gunicorn on
PostgreSQL, each started from what ``scanengine deploy nginx`` and ``scanengine deploy systemd`` print.

A participant walks the form through HTTPS with a link from ``scanengine links`` (and sends a form too large, a
link spelled ``/%73/``, a request line gunicorn refuses), a phone joins a live session, a facilitator logs in,
sees the dashboard and closes the round. Checked on the way: HTTP is redirected to HTTPS, a participant gets no
cookie and every other cookie is ``Secure``, HSTS is sent once, static files come from nginx, ``/healthz`` is 200 (and 503 once the database is
gone), and afterwards no participant token or live code is in any log: nginx's access and error logs (the main
one included), gunicorn's access and error log. Controls show the check can fail: the same requests through a
server block without the site's rules leave the token in its access and error log, and the logs that must have
lines (the dashboard's requests, an upstream error, a redacted request line) have them.

Needs nginx, openssl and the PostgreSQL server of the tests (``SCANENGINE_TEST_PG_URL``), where it makes its own
database; skipped with the reason when one is missing, a failure instead when ``SCANENGINE_REQUIRE_NGINX=1``
(``.ci/run``). About 20 s; nginx runs in the foreground on free loopback ports, its pid, logs and temporary files
in the test's folder, and every process is stopped by its own pid.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from scanengine import db
from scanengine.cli import main as cli_main
from tests.conftest import PG_URL, _pg_unreachable
from tests.flow import PAGE_RE, fields_on

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini.json"
REQUIRE = os.environ.get("SCANENGINE_REQUIRE_NGINX", "") not in ("", "0")
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ANSWERS = {"role": "raad", "c1": "3", "c2": "dk", "c3": "4", "i1": "2", "i2": "1", "improve": "Beter overleg"}
PASSWORD = "deploy-test-password-1"
FACILITATOR = "facilitator@example.nl"


def _unavailable(reason: str):
    if REQUIRE:
        pytest.fail(f"SCANENGINE_REQUIRE_NGINX is set but {reason}")
    pytest.skip(f"{reason} (SCANENGINE_REQUIRE_NGINX=1 makes this a failure)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


def _cli(env: dict, *args: str) -> str:
    result = CliRunner().invoke(cli_main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
    return result.output


def exec_start(unit: str) -> list[str]:
    """The unit's ``ExecStart`` as an argument list (continuation lines joined)."""
    joined = unit.replace("\\\n", " ")
    line = next(ln for ln in joined.splitlines() if ln.startswith("ExecStart="))
    return shlex.split(line[len("ExecStart=") :])


# -- a small HTTPS client that keeps cookies and shows every Set-Cookie ---------------------------------------------


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


@dataclass
class Browser:
    port: int
    context: ssl.SSLContext | None  # None: plain HTTP
    cookies: dict[str, str] = field(default_factory=dict)
    set_cookies: list[str] = field(default_factory=list)

    def request(self, method: str, path: str, form: dict | None = None, body: bytes | None = None) -> Reply:
        if self.context is None:
            conn: http.client.HTTPConnection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        else:
            conn = http.client.HTTPSConnection("localhost", self.port, timeout=60, context=self.context)
        headers = {"Host": "localhost" if self.context is None else f"localhost:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urlencode(form, doseq=True).encode()
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            text_ = resp.read().decode("utf-8", "replace")
        finally:
            conn.close()
        reply = Reply(resp.status, resp.headers, text_)
        for cookie in reply.cookies():
            self.set_cookies.append(cookie)
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return reply


def csrf(html: str) -> str:
    found = CSRF.search(html)
    assert found, html[:2000]
    return found.group(1)


def walk_form(browser: Browser, path: str) -> Reply:
    """GET the form and POST every page with its CSRF token until the thank-you page."""
    reply = browser.request("GET", path)
    for _ in range(20):
        assert reply.status == 200, (reply.status, reply.body[:500])
        if 'id="thanks-title"' in reply.body:
            return reply
        page = PAGE_RE.search(reply.body)
        assert page, reply.body[:2000]
        form = {"csrf_token": csrf(reply.body), "page": page.group(1)}
        if 'name="action" value="submit"' in reply.body:
            form["action"] = "submit"
        else:
            form["action"] = "next"
            form.update({f: ANSWERS[f] for f in fields_on(reply.body) if f in ANSWERS})
        reply = browser.request("POST", path, form=form)
    raise AssertionError("the form did not end in 20 steps")


# -- the processes ------------------------------------------------------------------------------------------------


def _wait_for(predicate, what: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{what} exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what} did not come up in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def nginx_conf(tmp: Path, site: Path, control_port: int) -> str:
    """A minimal nginx.conf around the site, as Debian's includes it, plus a control server without its rules.

    Like Debian's nginx.conf it sets an access log for all of http {}: the site's own must replace it. The main
    error log is at ``info``, more than any installation logs, so a request line nginx writes there is caught.
    """
    logs, control = tmp / "logs", tmp / "control"
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers read the test's private folder
    temp = "\n".join(
        f"    {kind}_temp_path {tmp / 'nginx-temp' / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes 1;
daemon off;
pid {tmp / "nginx.pid"};
error_log {logs / "nginx-main-error.log"} info;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {logs / "nginx-http-access.log"};
{temp}
    include {site};

    # the control: the same app without the site's rules, to show that the log check finds what it looks for
    server {{
        listen 127.0.0.1:{control_port};
        access_log {control / "access.log"};
        error_log {control / "error.log"} error;
        client_max_body_size 256k;
        location / {{
            proxy_pass http://scanengine;
            proxy_set_header Host $host;
        }}
    }}
}}
"""


def test_participant_and_facilitator_through_nginx_leave_no_token_in_any_log(tmp_path):
    if NGINX is None:
        _unavailable("nginx is not installed (Debian: apt-get install nginx)")
    if shutil.which("openssl") is None:
        _unavailable("openssl is not installed")
    problem = _pg_unreachable()
    if problem:
        _unavailable(f"PostgreSQL at {PG_URL.rsplit('@', 1)[-1]} is unreachable ({problem})")

    logs, control = tmp_path / "logs", tmp_path / "control"
    for folder in (
        logs,
        control,
        tmp_path / "run",
        tmp_path / "instance",
        *(tmp_path / "nginx-temp" / k for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
    ):
        folder.mkdir(parents=True, exist_ok=True)
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    app_port, https_port, http_port, control_port = (_free_port() for _ in range(4))

    name = f"scanengine_deploy_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    base = f"https://localhost:{https_port}"
    env = {
        "SCANENGINE_DATABASE_URL": url,
        "SCANENGINE_ENV": "production",
        "SCANENGINE_SECRET_KEY": "deploy-test-" + "s" * 40,
        "SCANENGINE_BASE_URL": base,
        "SCANENGINE_PROXIES": "1",
        "SCANENGINE_INSTANCE_PATH": str(tmp_path / "instance"),
        "SCANENGINE_REPORTS_DIR": str(tmp_path / "reports"),
    }
    gunicorn = nginx = None
    tokens: list[str] = []
    try:
        # -- the round, the links and the account, as an administrator makes them -------------------------------
        _cli({**env, "SCANENGINE_PASSWORD": PASSWORD}, "user", "create", "--email", FACILITATOR)
        created = _cli(env, "round", "create", "--questionnaire", str(MINI), "--name", "Deploy-ronde",
                       "--cooperation", "Regio Deploy", "--group", "Gemeente A=10", "--group", "Gemeente B=10",
                       "--min-group-size", "3", "--owner", FACILITATOR)  # fmt: skip
        round_id = created.strip().splitlines()[-1].split()[-1]
        csv = _cli(env, "links", round_id, "--group", "Gemeente A", "--count", "6")
        links = [line.split(",", 1)[1] for line in csv.splitlines()[1:]]
        assert len(links) == 6 and all(link.startswith(f"{base}/s/") for link in links)
        tokens = [urlsplit(link).path.rsplit("/", 1)[1] for link in links]
        _cli(env, "round", "open", round_id)
        db.dispose(url)

        # -- gunicorn as the unit starts it, from an empty folder (no wsgi.py to fall back on) -------------------
        unit = _cli(env, "deploy", "systemd", "--workers", "2", "--threads", "4", "--bind",
                    f"127.0.0.1:{app_port}", "--venv", sys.prefix)  # fmt: skip
        argv = exec_start(unit)
        assert argv[0] == f"{sys.prefix}/bin/gunicorn" and "--logger-class" in argv
        gunicorn_log = logs / "gunicorn.log"
        with open(gunicorn_log, "wb") as out:
            gunicorn = subprocess.Popen(
                argv, cwd=tmp_path / "run", env={**os.environ, **env, "HOME": str(tmp_path)}, stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

        def app_up() -> bool:
            conn = http.client.HTTPConnection("127.0.0.1", app_port, timeout=5)
            conn.request("GET", "/healthz")
            return conn.getresponse().status == 200

        _wait_for(app_up, "gunicorn", gunicorn, gunicorn_log)

        # -- nginx with the site ------------------------------------------------------------------------------------
        site_args = ["deploy", "nginx", "--server-name", "localhost", "--certificate", str(cert), "--key",
                     str(key), "--upstream", f"127.0.0.1:{app_port}", "--https-port", str(https_port),
                     "--http-port", str(http_port), "--log-dir", str(logs)]  # fmt: skip
        if not _ipv6():
            site_args.append("--no-ipv6")
        site = tmp_path / "site.conf"
        site.write_text(_cli(env, *site_args))
        conf = tmp_path / "nginx.conf"
        conf.write_text(nginx_conf(tmp_path, site, control_port))
        startup = logs / "nginx-startup.log"
        checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(startup)],
                                 capture_output=True, text=True)  # fmt: skip
        assert checked.returncode == 0, checked.stderr
        with open(logs / "nginx-stderr.log", "wb") as out:
            nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf), "-e", str(startup)],
                                     stdout=out, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        tls = ssl.create_default_context(cafile=str(cert))
        visitor = Browser(https_port, tls)
        _wait_for(lambda: visitor.request("GET", "/healthz").status == 200, "nginx", nginx, startup)

        # -- HTTP moves to HTTPS, a participant's link too ---------------------------------------------------------
        plain = Browser(http_port, None)
        for path in (f"/s/{tokens[5]}", "/healthz"):
            moved = plain.request("GET", path)
            assert moved.status == 301 and moved.headers["Location"] == f"{base}{path}", moved.headers

        # -- the probe: ok, nothing more, no cookie; HSTS once ------------------------------------------------------
        probe = visitor.request("GET", "/healthz?lang=en")
        assert probe.status == 200 and json.loads(probe.body) == {"status": "ok"}
        assert probe.cookies() == [], probe.cookies()
        assert probe.headers.get_all("Strict-Transport-Security") == ["max-age=31536000"]

        # -- static files come from nginx (no app header), with HSTS ------------------------------------------------
        style = visitor.request("GET", "/static/style.css")
        assert style.status == 200 and "Content-Security-Policy" not in style.headers
        assert style.headers["Cache-Control"] == "no-cache" and style.headers["Strict-Transport-Security"]

        # -- participants through HTTPS ---------------------------------------------------------------------------
        first = Browser(https_port, tls)
        thanks = walk_form(first, f"/s/{tokens[0]}")
        assert thanks.headers.get_all("Strict-Transport-Security") == ["max-age=31536000"]
        second = Browser(https_port, tls)
        encoded = second.request("GET", f"/%73/{tokens[1]}")  # the app decodes it: the form, not a 404
        assert encoded.status == 200 and 'name="page"' in encoded.body
        # just over the app's 256 KB limit: refused by nginx (its error log would write the request line)
        big = second.request("POST", f"/s/{tokens[1]}", body=b"improve=" + b"x" * (256 * 1024))
        assert big.status == 413 and "nginx" in big.body
        for participant in (
            first,
            second,
        ):  # a link's page sets no cookie at all (web/security.py LinkSession)
            assert participant.set_cookies == [], participant.set_cookies
        # a request line gunicorn refuses, sent to it directly: its error log writes the line (redacted)
        with socket.create_connection(("127.0.0.1", app_port), timeout=10) as raw:
            raw.sendall(f"GET /s/{tokens[2]}\r\nHost: localhost\r\n\r\n".encode())
            raw.recv(4096)
        # the control server, without the site's rules, does log a token (access log and error log)
        controlled = Browser(control_port, None)
        assert controlled.request("GET", f"/s/{tokens[3]}").status == 200
        assert (
            controlled.request("POST", f"/s/{tokens[3]}", body=b"improve=" + b"x" * (256 * 1024)).status
            == 413
        )

        # -- a facilitator: login, dashboard, a live session a phone joins, the close ------------------------------
        fac = Browser(https_port, tls)
        login = fac.request("GET", "/login")
        assert login.status == 200
        landed = fac.request("POST", "/login", form={"csrf_token": csrf(login.body), "email": FACILITATOR,
                                                     "password": PASSWORD})  # fmt: skip
        assert landed.status in (302, 303), (landed.status, landed.body[:500])
        dashboard = fac.request("GET", "/dashboard/")
        assert dashboard.status == 200 and "Deploy-ronde" in dashboard.body
        start_page = fac.request("GET", f"/live/{round_id}")
        assert start_page.status == 200
        assert (
            fac.request("POST", f"/live/{round_id}/start", form={"csrf_token": csrf(start_page.body)}).status
            == 303
        )
        presenter = fac.request("GET", f"/live/{round_id}")
        code = re.search(r"/j/([A-Z0-9]{6})", presenter.body)
        assert code, presenter.body[:2000]
        live_code = code.group(1)
        phone = Browser(https_port, tls)
        assert phone.request("GET", f"/j?code={live_code}").status == 303
        join = phone.request("GET", f"/j/{live_code}")
        assert join.status == 200
        group = re.search(r'name="group" id="[^"]+" value="(\d+)"', join.body)
        assert group, join.body[:2000]
        joined = phone.request("POST", f"/j/{live_code}/join", form={"csrf_token": csrf(join.body),
                                                                     "group": group.group(1)})  # fmt: skip
        assert joined.status == 303 and phone.request("GET", f"/j/{live_code}").status == 200
        assert len(phone.cookies) == 2  # the session and the phone's key, both Secure (below)
        confirm = fac.request("GET", f"/dashboard/rounds/{round_id}/close")
        assert confirm.status == 200
        closed = fac.request(
            "POST", f"/dashboard/rounds/{round_id}/close", form={"csrf_token": csrf(confirm.body)}
        )
        assert closed.status == 303, (closed.status, closed.body[:500])
        assert "closed" in _cli(env, "round", "status", round_id).splitlines()[0]
        db.dispose(url)
        for cookies in (fac.set_cookies, phone.set_cookies):
            assert cookies and all("; Secure" in c for c in cookies), cookies

        # -- the probe says 503 when the database is gone -----------------------------------------------------------
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        down = visitor.request("GET", "/healthz")
        assert down.status == 503 and json.loads(down.body) == {"status": "unavailable"}, down.body

        # -- the app gone: nginx's upstream errors (logged for the dashboard, not for a participant) --------------
        _stop(gunicorn)
        assert visitor.request("GET", f"/s/{tokens[4]}").status == 502
        assert visitor.request("GET", "/dashboard/").status == 502
    finally:
        _stop(gunicorn)
        _stop(nginx, signal.SIGQUIT)  # graceful: the logs are complete
        db.dispose(url)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    secrets = [*tokens, f"/j/{live_code}", f"code={live_code}"]
    product_logs = {p.name: p.read_text(errors="replace") for p in sorted(logs.iterdir()) if p.is_file()}
    assert set(product_logs) >= {"gunicorn.log", "scanengine.access.log", "scanengine.error.log"}
    for log_name, content in product_logs.items():
        for secret in secrets:
            assert secret not in content, f"{secret} is in {log_name}"

    # the logs are on: the dashboard and static requests are there, nginx's upstream error, gunicorn's redacted line
    access = product_logs["scanengine.access.log"]
    assert "GET /dashboard/ " in access and "GET /static/style.css " in access and "GET /healthz" in access
    assert (
        "connect() failed" in product_logs["scanengine.error.log"]
        and "/dashboard/" in product_logs["scanengine.error.log"]
    )
    served = product_logs["gunicorn.log"]
    assert "GET /dashboard/ " in served and "/static/" not in served  # static files never reach gunicorn
    assert "/s/[redacted]" in served  # the refused request line, written without its token
    # the control: without the site's rules, nginx writes the token into both logs
    assert tokens[3] in (control / "access.log").read_text()
    assert tokens[3] in (control / "error.log").read_text()
