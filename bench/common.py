"""Shared pieces of the benchmark scripts: the machine line, a gunicorn harness, CPU accounting per process,
a small keep-alive HTTP/1.1 client on asyncio, and latency percentiles.

Why a hand-written client: on a 2-core machine the load generator competes with the server for CPU. A client
library (requests, httpx, aiohttp) spends several times more CPU per request than a raw keep-alive connection,
and would then measure itself instead of the server. Its CPU share is reported next to every figure, so a reader
can see that it was not the bottleneck.

Nothing here imports the scanengine web layer: the harness starts gunicorn as a separate process.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


# -- the machine --------------------------------------------------------------------------------------------------


def machine_line() -> str:
    """Cores, memory, CPU model, Python and date: printed first by every script (BENCHMARKS.md copies it)."""
    cores = os.cpu_count()
    try:
        import psutil

        mem = f"{psutil.virtual_memory().total / 2**30:.1f} GiB"
    except ImportError:  # pragma: no cover - psutil is in the bench extra
        mem = "?"
    model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    today = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"machine: {cores} cores ({model}), {mem} RAM, Python {platform.python_version()}, {today}"


def load_line() -> str:
    """The machine's load average: wall times inflate with it on a shared 2-core machine (CPU times much less)."""
    one, five, _ = os.getloadavg()
    return f"load average: {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


@dataclass
class Quiet:
    """How quiet the machine was when a phase started: the 1-minute load average then, and how long we waited."""

    load: float
    waited_s: float
    quiet: bool
    limit: float


def wait_for_quiet(phase: str, limit: float = 1.0, timeout: float = 300.0, poll: float = 5.0) -> Quiet:
    """Wait until the 1-minute load average is at most ``limit`` before ``phase`` starts, up to ``timeout`` s.

    Why: a phase measured while another one (or another job) still loads the machine is slowed by it, and the
    light bare endpoint more than the heavy flows, so the ratio of two phases means something only when each
    started quiet. The load average follows the CPU use of the last minute with a time constant of 60 s, so
    after a phase that kept both cores busy the next one waits about 40-60 s. Says what it does; when the load
    never falls, a NOTE says that this phase's figures are not for the record.
    """
    one = os.getloadavg()[0]
    if one <= limit:
        return Quiet(one, 0.0, True, limit)
    print(
        f"  [{phase}] load average {one:.2f} (1 min) is above {limit:g}: waiting for it to fall "
        f"(at most {timeout:.0f} s)",
        flush=True,
    )
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        time.sleep(min(poll, max(0.0, timeout - (time.monotonic() - t0))))
        one = os.getloadavg()[0]
        if one <= limit:
            waited = time.monotonic() - t0
            print(f"  [{phase}] load average {one:.2f} after {waited:.0f} s: starting", flush=True)
            return Quiet(one, waited, True, limit)
    waited = time.monotonic() - t0
    print(
        f"  [{phase}] NOTE: the load average is still {one:.2f} after {waited:.0f} s: this phase runs on a busy "
        "machine and its figures (and every ratio with it) are not for the record",
        flush=True,
    )
    return Quiet(one, waited, False, limit)


# -- processes ----------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Gunicorn:
    """A gunicorn master started for one measurement, stopped by :meth:`stop` (its own pid, never by name)."""

    app: str
    port: int
    env: dict
    workers: int = 2
    threads: int = 8
    worker_class: str = "gthread"
    cwd: Path = ROOT
    proc: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def argv(self) -> list[str]:
        return [
            str(VENV_BIN / "gunicorn"),
            self.app,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--worker-class",
            self.worker_class,
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--keep-alive",
            "30",
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ]

    def describe(self) -> str:
        return f"gunicorn --worker-class {self.worker_class} --workers {self.workers} --threads {self.threads} --keep-alive 30"

    def start(self, timeout: float = 30.0) -> None:
        log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    pass
                if len(self.processes()) >= self.workers + 1:
                    time.sleep(0.3)  # workers import the app after binding; let them finish
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not start within {timeout:.0f} s; see {self.log_path}")

    def processes(self):
        import psutil

        try:
            master = psutil.Process(self.proc.pid)
            return [master, *master.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class CpuMeter:
    """CPU seconds of the server's processes and of this (generator) process over one measured window."""

    server_procs: list
    _server0: dict = field(default_factory=dict)
    _self0: float = 0.0
    _wall0: float = 0.0
    _sys0: float = 0.0
    server_s: float = 0.0
    generator_s: float = 0.0
    other_s: float = 0.0
    wall_s: float = 0.0

    @staticmethod
    def _cpu(p) -> float:
        t = p.cpu_times()
        return t.user + t.system

    @staticmethod
    def _self_cpu() -> float:
        t = os.times()
        return t.user + t.system

    @staticmethod
    def _system_busy() -> float:
        import psutil

        t = psutil.cpu_times()
        return sum(t) - t.idle - getattr(t, "iowait", 0.0)

    def __enter__(self):
        self._sys0 = self._system_busy()
        self._server0 = {p.pid: self._cpu(p) for p in self.server_procs}
        self._self0 = self._self_cpu()
        self._wall0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall_s = time.perf_counter() - self._wall0
        self.generator_s = self._self_cpu() - self._self0
        total = 0.0
        for p in self.server_procs:
            try:
                total += self._cpu(p) - self._server0.get(p.pid, 0.0)
            except Exception:  # a worker that died during the run (reported as errors elsewhere)
                pass
        self.server_s = total
        self.other_s = max(0.0, self._system_busy() - self._sys0 - total - self.generator_s)
        return False

    def line(self) -> str:
        cores = os.cpu_count() or 1
        busy = self.server_s + self.generator_s
        share = self.generator_s / busy if busy else 0.0
        return (
            f"CPU: server {self.server_s:.1f} s, load generator {self.generator_s:.1f} s "
            f"(generator = {share:.0%} of the benchmark's CPU); other processes on the machine {self.other_s:.1f} s; "
            f"{cores} cores {(busy + self.other_s) / (self.wall_s * cores):.0%} busy over {self.wall_s:.1f} s"
        )


# -- a raw keep-alive HTTP/1.1 client --------------------------------------------------------------------------------


class HttpError(Exception):
    """A transport-level failure (connection reset, malformed response)."""


class Connection:
    """One keep-alive HTTP/1.1 connection with its own cookie jar (one per simulated participant)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.cookies: dict[str, str] = {}

    async def _connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except Exception:
                pass
            self.writer = None

    async def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        content_type: str = "application/x-www-form-urlencoded",
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict, bytes]:
        """Send one request (with extra ``headers``, e.g. If-None-Match); reconnect once if the server closed an
        idle keep-alive connection."""
        for attempt in (0, 1):
            if self.writer is None:
                await self._connect()
            try:
                return await self._roundtrip(method, path, body, content_type, headers)
            except (ConnectionError, asyncio.IncompleteReadError, HttpError):
                await self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _roundtrip(self, method, path, body, content_type, extra=None):
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive"]
        head += [f"{k}: {v}" for k, v in (extra or {}).items()]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method == "POST":
            head.append(f"Content-Type: {content_type}")
            head.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        try:
            status = int(lines[0].split(" ", 2)[1])
        except (IndexError, ValueError):
            raise HttpError(f"bad status line {lines[0]!r}") from None
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if not line:
                continue
            k, _, v = line.partition(":")
            k, v = k.strip().lower(), v.strip()
            if k == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                if "expires=thu, 01 jan 1970" in v.lower() or "max-age=0" in v.lower():
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
            headers[k] = v
        if status in (204, 304) or method == "HEAD":
            data = b""  # no body by definition (RFC 9110 6.4.1), whatever the headers say
        elif "content-length" in headers:
            data = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            data = b"".join(parts)
        else:
            data = await self.reader.read()
            await self.close()
            return status, headers, data
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, headers, data


# -- figures --------------------------------------------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list (``q`` in 0..100)."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(q / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def latency_line(latencies_s: Iterable[float]) -> str:
    xs = sorted(latencies_s)
    return (
        f"latency p50 {percentile(xs, 50) * 1000:.1f} ms, p95 {percentile(xs, 95) * 1000:.1f} ms, "
        f"p99 {percentile(xs, 99) * 1000:.1f} ms, max {(xs[-1] if xs else float('nan')) * 1000:.1f} ms"
    )


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


_INPUT_RE = re.compile(rb"<(input|button|textarea|select)\b([^>]*)>", re.I)
_ATTR_RE = re.compile(rb'([a-zA-Z_:-]+)\s*=\s*"([^"]*)"')
_OPTION_RE = re.compile(rb'<option\b[^>]*value="([^"]*)"', re.I)


def form_controls(html: bytes) -> list[tuple[str, dict[str, str], bytes]]:
    """(tag, attributes, following markup up to the next control) for each form control of a page."""
    out = []
    matches = list(_INPUT_RE.finditer(html))
    for i, m in enumerate(matches):
        attrs = {k.decode().lower(): v.decode() for k, v in _ATTR_RE.findall(m.group(2))}
        nxt = matches[i + 1].start() if i + 1 < len(matches) else len(html)
        out.append((m.group(1).decode().lower(), attrs, html[m.end() : nxt]))
    return out


def select_options(fragment: bytes) -> list[str]:
    return [v.decode() for v in _OPTION_RE.findall(fragment)]


def unescape_attr(value: str) -> str:
    import html

    return html.unescape(value)


def spawn_python(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a helper in a fresh interpreter (for ru_maxrss of one measurement alone)."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
