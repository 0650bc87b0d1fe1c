"""py-spy around a measured window, and a summary of what it recorded: where the server's CPU goes.

    python bench/submit_load.py --only js --profile /tmp/prof     # py-spy on the gunicorn workers per phase
    python bench/pyspy.py /tmp/prof/js.txt                         # the summary of a recorded file again

Why py-spy: it samples a running process from outside (no instrumentation in the server, so the server runs the
code it runs in production) and follows gunicorn's workers (``--subprocesses``). By default only the thread that
holds the GIL is sampled (``--gil``): a gthread worker's other threads spend their time waiting for the GIL, for
a socket or for SQLite, and py-spy's idle detection counts much of that waiting as running (the first profiles
put 18 % in an 8 µs SQLite query). So the shares are shares of the Python work of the workers; C code that
releases the GIL (SQLite executing a statement, the kernel copying a response) is not in them. Shares are
relative and so hold on a loaded machine too; the absolute cost per request is what ``submit_load.py`` measures
with psutil beside them.

The summary has three parts: the functions with the largest *own* share (samples in which the function itself
was running), the frames of the product and of the libraries on the request path with the largest *total* share
(samples in which the frame was anywhere on the stack), and the share of each package by the frame that was
running (the leaf; a C function counts for the Python frame that called it).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PY_SPY = Path(sys.executable).parent / "py-spy"
#: frames whose total share is listed: the product and the libraries a participant request passes through
REQUEST_PATH = (
    "scanengine/",
    "flask/",
    "flask_wtf/",
    "werkzeug/",
    "wtforms/",
    "jinja2/",
    "sqlalchemy/",
    "itsdangerous/",
    "gunicorn/",
    "markupsafe/",
    "cryptography/",
)
_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*)\)$")


def available() -> bool:
    return PY_SPY.is_file() and os.access(PY_SPY, os.X_OK)


@dataclass
class Recorder:
    """``py-spy record`` attached to ``pid`` and its children until :meth:`stop` (SIGINT makes it write)."""

    pid: int
    out: Path
    rate: int = 100
    gil: bool = True
    proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [
                str(PY_SPY),
                "record",
                "--pid",
                str(self.pid),
                "--subprocesses",
                "--nolineno",
                "--nonblocking",
                *(["--gil"] if self.gil else []),
                "--rate",
                str(self.rate),
                "--format",
                "raw",
                "--output",
                str(self.out),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def stop(self) -> str:
        """Stop sampling; returns py-spy's own messages when it failed (empty when the file was written)."""
        if self.proc is None:
            return "py-spy was not started"
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            _, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        if self.out.is_file() and self.out.stat().st_size:
            return ""
        return (err or b"").decode(errors="replace").strip()[-500:] or "py-spy wrote nothing"


def parse(path: Path) -> list[tuple[list[tuple[str, str]], int]]:
    """The raw (collapsed) stacks: per line the frames from the root as (function, file), and the sample count."""
    stacks = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = []
        for part in stack.split(";"):
            m = _FRAME.match(part)
            frames.append((m["func"], m["file"]) if m else (part, ""))
        stacks.append((frames, int(count)))
    return stacks


def package(file: str) -> str:
    """The package a frame's file belongs to (``flask/app.py`` -> ``flask``; a stdlib module by its name)."""
    if not file:
        return "?"
    head = file.split("/", 1)[0]
    return head.removesuffix(".py") if "/" in file or file.endswith(".py") else head


def summarize(path: Path, top: int = 15) -> list[str]:
    """The summary as printed lines (see the module doc)."""
    stacks = parse(path)
    total = sum(n for _, n in stacks)
    if not total:
        return [f"  {path}: no samples"]
    own: Counter = Counter()
    inclusive: Counter = Counter()
    leaf_package: Counter = Counter()
    for frames, n in stacks:
        if not frames:
            continue
        leaf = frames[-1]
        own[leaf] += n
        leaf_package[package(leaf[1])] += n
        for frame in set(frames):
            if frame[1].startswith(REQUEST_PATH):
                inclusive[frame] += n
    lines = [f"  {total} samples ({path})", "  own share (the function itself was running):"]
    lines += [f"    {n / total:6.1%}  {func} ({file})" for (func, file), n in own.most_common(top)]
    lines.append("  total share (anywhere on the stack), product and request-path libraries:")
    lines += [f"    {n / total:6.1%}  {func} ({file})" for (func, file), n in inclusive.most_common(top + 10)]
    lines.append("  by package of the running frame:")
    lines.append("    " + ", ".join(f"{name} {n / total:.1%}" for name, n in leaf_package.most_common(12)))
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("raw", nargs="+", type=Path, help="files written by py-spy record --format raw")
    p.add_argument("--top", type=int, default=15)
    args = p.parse_args(argv)
    for path in args.raw:
        print("\n".join(summarize(path, args.top)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
