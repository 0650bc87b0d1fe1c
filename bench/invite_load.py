"""Invitations: 1,000 e-mails through a local SMTP server with ``scanengine invite`` (target in BENCHMARKS.md).

    python bench/invite_load.py [--addresses 1000] [--database-url URL]

Setup, in a throw-away SQLite database (or ``--database-url``, e.g. an empty PostgreSQL database): the shipped
vertrouwensscan in an open round with one group, a CSV of ``--addresses`` addresses, and an aiosmtpd server on
loopback in this process that accepts everything. The command runs as a user runs it, in its own process with
its progress bar (on stderr, not shown here), so the time includes starting Python, the migrations check,
reading the CSV, storing the invitations and links, composing and sending every message, and one commit per
message (the record that makes a repeated run skip it).

Then: the same command again (nothing may be sent twice), and ``scanengine remind`` after the invitations are
dated back two days (every link unused, so every address gets its reminder). Target: <= 30 s for 1,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email
import email.policy
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiosmtpd.controller import Controller  # noqa: E402

from bench import common  # noqa: E402

TARGET_SECONDS = 30.0


class Sink:
    """Accepts every message and remembers its recipient (parsed, as a mail client would)."""

    def __init__(self) -> None:
        self.recipients: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert msg["Message-ID"] and msg["Date"] and msg.get_body(("html",)) is not None
        with self.lock:
            self.recipients.append(str(msg["To"]))
        return "250 2.0.0 accepted"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(env: dict, *args: str) -> tuple[float, str]:
    """Run ``scanengine ARGS`` in its own process; wall seconds and its last line of output."""
    started = time.perf_counter()
    out = subprocess.run(
        [str(common.VENV_BIN / "scanengine"), *args], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"scanengine {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
    return seconds, out.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=1000)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    args = parser.parse_args()
    print(common.machine_line())
    print(common.load_line())

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = args.database_url or f"sqlite:///{folder / 'bench.sqlite'}"
        env = {
            **os.environ,
            "SCANENGINE_DATABASE_URL": url,
            "SCANENGINE_INSTANCE_PATH": str(folder / "instance"),
            "SCANENGINE_BASE_URL": "https://scan.example.nl",
            "SCANENGINE_SECRET_KEY": "bench-secret",
            "SCANENGINE_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "SCANENGINE_MAIL_FROM": "scan@example.nl",
        }
        _, rid = run(
            env,
            "round",
            "create",
            "--questionnaire",
            "vertrouwensscan",
            "--name",
            "Bench",
            "--cooperation",
            "Regio Bench",
            "--group",
            f"Gemeente A={args.addresses}",
        )
        run(env, "round", "open", rid)
        csv_path = folder / "adressen.csv"
        csv_path.write_text(
            "naam,email\n"
            + "".join(f"Deelnemer {n},deelnemer{n}@gemeente-a.nl\n" for n in range(args.addresses)),
            encoding="utf-8",
        )

        invite_s, invite_line = run(env, "invite", rid, "--group", "Gemeente A", "--emails", str(csv_path))
        sent_first = len(sink.recipients)
        again_s, again_line = run(env, "invite", rid, "--group", "Gemeente A", "--emails", str(csv_path))
        sent_again = len(sink.recipients) - sent_first

        from sqlalchemy import create_engine, text  # dating back two days, as a day between reminders would

        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE invitation SET sent_at = :t"),
                {"t": dt.datetime.now(dt.UTC) - dt.timedelta(days=2)},
            )
        engine.dispose()
        remind_s, remind_line = run(env, "remind", rid)
        reminders = len(sink.recipients) - sent_first - sent_again
    controller.stop()

    per_address = Counter(sink.recipients)
    twice_at_invite = sum(1 for n in Counter(sink.recipients[:sent_first]).values() if n > 1)
    print(
        f"database: {'SQLite' if url.startswith('sqlite') else url.split(':', 1)[0]}; addresses: {args.addresses}"
    )
    print(
        f"invite  {invite_s:6.1f} s  {invite_line}   ({args.addresses / invite_s:.0f} mails/s; "
        f"target <= {TARGET_SECONDS:.0f} s: {'met' if invite_s <= TARGET_SECONDS else 'MISSED'})"
    )
    print(f"again   {again_s:6.1f} s  {again_line}   (mails sent twice: {sent_again + twice_at_invite})")
    print(f"remind  {remind_s:6.1f} s  {remind_line}")
    print(
        f"server received {len(sink.recipients)} messages for {len(per_address)} addresses "
        f"(each {min(per_address.values())}-{max(per_address.values())} times: invitation + reminder)"
    )
    if sent_first != args.addresses or sent_again or twice_at_invite or reminders != args.addresses:
        sys.exit("FAILED: not every address got exactly one invitation and one reminder")


if __name__ == "__main__":
    main()
