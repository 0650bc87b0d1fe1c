"""Fault tolerance: gunicorn workers killed with SIGKILL under load lose no acknowledged response.

The test starts a real gunicorn (3 workers x 4 threads) on a free loopback port over a temporary SQLite database,
lets client threads walk the participant flow over plain HTTP (``http.client``, one cookie jar per participant,
CSRF tokens read from the pages), and kills a worker with SIGKILL several times while they run. A participant
whose request dies with the worker does what a person would do: opens the link again and carries on (the draft
is kept; a link whose submission had committed answers 410).

Afterwards the round is closed, which moves every submission still waiting in the pool into ``response`` (the
workers mix a group's submissions k at a time, so kills also land between a submission and its mixing step, and
inside mixing steps). Then: every participant that saw the thank-you page has its response stored exactly once
(each participant's open answer carries a unique marker), there are no more responses than used links, the pool
is empty, and SQLite's ``integrity_check`` is ok. Bounded: at most ~60 s of load; it prints how many were
acknowledged, how many had been mixed before the close, and how many were found.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from sqlmodel import Session

from scanengine import closing, db
from scanengine.models import Round
from tests.flow import CSRF_RE, PAGE_RE, fields_on, make_round

ROOT = Path(__file__).resolve().parents[1]
WORKERS, THREADS = 3, 4
CLIENTS = 12
PER_GROUP = 50  # links per group; two groups
KILLS = 4
LOAD_SECONDS = 60  # hard bound on the load phase
ANSWERS = {"role": "ambtenaar", "c1": "3", "c2": "dk", "i1": "2", "i2": "4"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[tuple[int, int]]:
    """(start time, pid) of the gunicorn master's workers, oldest first (the ones that are serving)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append((int(fields[19]), int(entry)))  # field 22 of stat: start time in clock ticks
    return sorted(out)


class Participant:
    """One person with one link: a keep-alive connection, a cookie jar, the form walked page by page."""

    def __init__(self, port: int, link: str, marker: str):
        self.port, self.path, self.marker = port, urlsplit(link).path, marker
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def _request(self, method: str, body: dict | None = None) -> tuple[int, str]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, self.path, body=data, headers=headers)
            resp = self.conn.getresponse()
            text = resp.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, text

    def walk(self) -> str:
        """``acknowledged`` (thank-you page seen), ``gone`` (410: committed earlier, reply lost) or an error."""
        status, html = self._request("GET")
        for _ in range(20):
            if status == 410:
                return "gone"
            if status != 200:
                return f"status {status}"
            if 'id="thanks-title"' in html:
                return "acknowledged"
            form = {"csrf_token": CSRF_RE.search(html).group(1), "page": PAGE_RE.search(html).group(1)}
            if 'name="action" value="submit"' in html:
                form["action"] = "submit"
            else:
                form["action"] = "next"
                for f in fields_on(html):
                    if f == "improve":
                        form[f] = self.marker
                    elif f in ANSWERS:
                        form[f] = ANSWERS[f]
            status, html = self._request("POST", form)
        return "too many steps"

    def run(self, attempts: int = 12) -> tuple[str, int]:
        errors = 0
        for attempt in range(attempts):
            try:
                return self.walk(), errors
            except (OSError, http.client.HTTPException):
                errors += 1  # the worker died under us: come back to the link, as a person would
                time.sleep(min(0.2 * 2**attempt, 3.0))  # a replacement worker may take seconds to boot
        return "gave up", errors


def _wait_until_up(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"gunicorn exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not come up in time")


@pytest.mark.slow
def test_sigkill_workers_under_load_loses_no_acknowledged_response(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    url = f"sqlite:///{instance / 'scanengine.sqlite'}"
    db.upgrade(url)
    setup = make_round(url, personal=PER_GROUP, k=3)
    db.dispose(url)
    links = [link for group in setup.links.values() for link in group]
    markers = {link: f"fault-marker-{i:04d}" for i, link in enumerate(links)}

    port = _free_port()
    secret = "fault-test-" + "k" * 32
    env = {
        **os.environ,
        "SCANENGINE_DATABASE_URL": url,
        "SCANENGINE_INSTANCE_PATH": str(instance),
        "SCANENGINE_BASE_URL": f"http://127.0.0.1:{port}",
        "SCANENGINE_SECRET_KEY": secret,
        "SCANENGINE_ENV": "production",
    }
    log = open(tmp_path / "gunicorn.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "-b",
            f"127.0.0.1:{port}",
            "--graceful-timeout",
            "5",
            "--chdir",
            str(ROOT),
            "wsgi:app",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    results: dict[str, str] = {}
    reconnects = 0
    kills: list[int] = []
    started = time.monotonic()
    try:
        _wait_until_up(port, proc)
        queue = list(links)
        random.Random(7).shuffle(queue)
        lock = threading.Lock()
        stop = threading.Event()

        def client() -> None:
            nonlocal reconnects
            while not stop.is_set():
                with lock:
                    if not queue:
                        return
                    link = queue.pop()
                outcome, errors = Participant(port, link, markers[link]).run()
                with lock:
                    results[link] = outcome
                    reconnects += errors

        def killer() -> None:
            """Kill the longest-running worker each time some more participants have finished: under load."""
            for i in range(KILLS):
                while len(results) < 5 + i * 10:
                    if stop.wait(0.05) or not queue and len(results) >= len(links):
                        return
                workers = _children(proc.pid)
                if workers:
                    os.kill(workers[0][1], signal.SIGKILL)
                    kills.append(workers[0][1])

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)] + [
            threading.Thread(target=killer)
        ]
        for t in threads:
            t.start()
        deadline = started + LOAD_SECONDS
        for t in threads:
            t.join(max(0.1, deadline - time.monotonic()))
        stop.set()
        for t in threads:
            t.join(30)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
        log.close()
    elapsed = time.monotonic() - started

    con = sqlite3.connect(instance / "scanengine.sqlite")
    try:
        mixed_before_close = con.execute("SELECT count(*) FROM response").fetchone()[0]
    finally:
        con.close()
    with Session(db.get_engine(url)) as session:  # the close moves what still waits in the pool
        closing.close_round(session, session.get(Round, setup.round_id), secret=secret)
        session.commit()
    db.dispose(url)
    con = sqlite3.connect(instance / "scanengine.sqlite")
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("SELECT count(*) FROM response_pool").fetchone()[0] == 0
        stored = [
            row[0]
            for row in con.execute("SELECT open_answers FROM response WHERE round_id = ?", (setup.round_id,))
        ]
        used = con.execute(
            "SELECT count(*) FROM link_token WHERE round_id = ? AND used", (setup.round_id,)
        ).fetchone()[0]
    finally:
        con.close()
    found = {}
    for blob in stored:
        for marker in re.findall(r"fault-marker-\d{4}", blob or ""):
            found[marker] = found.get(marker, 0) + 1
    acknowledged = [link for link, outcome in results.items() if outcome == "acknowledged"]
    gone = [link for link, outcome in results.items() if outcome == "gone"]
    other = {link: outcome for link, outcome in results.items() if outcome not in ("acknowledged", "gone")}
    print(
        f"\nfault test: {len(kills)} workers SIGKILLed, {reconnects} broken requests retried, "
        f"{len(acknowledged)} responses acknowledged, {sum(found.get(markers[x], 0) for x in acknowledged)} of them "
        f"found; {len(gone)} committed with the reply lost; {len(stored)} stored in all ({mixed_before_close} "
        f"mixed before the close), {used} links used; "
        f"{elapsed:.1f} s"
    )
    log_text = (tmp_path / "gunicorn.log").read_text()
    assert len(kills) >= 3, f"only {len(kills)} kills happened\n{log_text[-2000:]}"
    assert "Traceback" not in log_text, log_text[-3000:]
    assert not other, other
    assert acknowledged, "no response was acknowledged"
    for link in acknowledged:
        assert found.get(markers[link]) == 1, (markers[link], found.get(markers[link]))
    assert all(count == 1 for count in found.values())  # nothing stored twice
    assert len(stored) == used  # exactly one response per used link
    assert len(stored) == len(acknowledged) + len(gone)
    assert elapsed < 120


@pytest.mark.slow
def test_gunicorn_refuses_production_without_secret_key(tmp_path):
    """``gunicorn wsgi:app`` with SCANENGINE_ENV=production and no key stops with one clear line."""
    env = {k: v for k, v in os.environ.items() if k != "SCANENGINE_SECRET_KEY"}
    env.update(
        SCANENGINE_ENV="production",
        SCANENGINE_INSTANCE_PATH=str(tmp_path / "instance"),
        SCANENGINE_DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite'}",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{_free_port()}",
            "--chdir",
            str(ROOT),
            "wsgi:app",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    out = done.stdout + done.stderr
    assert done.returncode != 0
    assert "scanengine: configuration refused: SCANENGINE_SECRET_KEY is not set" in out, out[-2000:]
    assert "Traceback" not in out, out[-2000:]
    assert not (tmp_path / "instance" / "secret_key").exists()
