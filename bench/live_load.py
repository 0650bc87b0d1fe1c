"""Live workshop load: 100 simulated phones in one room against gunicorn with 2 workers (SPEC section 10).

    .venv/bin/python bench/live_load.py                     # SQLite (WAL), 100 phones, 6 page turns
    .venv/bin/python bench/live_load.py --phones 200 --pages 4 --database-url postgresql+psycopg://postgres@127.0.0.1:55432/postgres

What one run does, all in this process and its children:

1. a fresh database migrated by Alembic, a facilitator, an open round of the shipped trust scan with two groups;
   ``gunicorn 'scanengine:create_app()'`` (2 gthread workers); the presenter logs in and starts the session.
2. 100 phones (one keep-alive connection and cookie jar each) open ``/j/<code>``, pick a group and join. Each
   then does what ``live.js`` does: poll ``/j/<code>/state`` every second with ``If-None-Match`` (304 while
   nothing changed); when the page changes, fetch the page, think 1-4 s, post its answers
   (``X-Requested-With: fetch``). The presenter's screen polls its panel every second with ``If-None-Match``.
3. the presenter turns a page every ``--page-seconds`` and finally ends the session.

Figures: from an answer's acknowledgement to the first presenter panel that counts it; from the presenter's
Next (sent) to each phone having the new page (polled and fetched); p50 / p95 of both against 2 s; latency of the
phones' requests (p50 / p95 / p99 against 200 ms); server and generator CPU; stored responses after the end
against the phones that answered (every one exactly once).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common  # noqa: E402

TARGET_VISIBLE_S = 2.0
TARGET_P99_MS = 200
POLL_S = 1.0  # as scanengine.web.live.POLL_MS
PASSWORD = "bench password 123"

CSRF_RE = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
GROUP_RE = re.compile(rb'name="group" id="group-(\d+)"')
RADIO_RE = re.compile(rb'<input type="radio" name="([a-z][a-z0-9_.]*)" id="[^"]*" value="([^"]*)"')
TEXTAREA_RE = re.compile(rb'<textarea name="([a-z][a-z0-9_]*)"')
PAGE_RE = re.compile(rb'name="page" value="(\d+)"')
COUNT_RE = re.compile(rb'data-page="(\d+)" data-count="(\d+)"')
CODE_RE = re.compile(rb'id="live-code">([A-Z0-9]{6})<')


def csrf(html: bytes) -> str:
    found = CSRF_RE.search(html)
    return (found.group(1) or found.group(2)).decode()


def prepare(url: str, base_url: str) -> int:
    """Schema, a facilitator and an open round of the trust scan with two groups; returns the round id."""
    from sqlmodel import Session

    from scanengine import accounts, db, definition, rounds

    db.upgrade(url)
    with Session(db.get_engine(url), expire_on_commit=False) as s:
        user = accounts.create_user(s, "presenter@bench.nl", PASSWORD, admin=False, actor="bench")
        rnd = rounds.create_round(
            s,
            definition.resolve("vertrouwensscan"),
            name="Werksessie",
            cooperation="Regio Bench",
            groups=[("Gemeente A", 60), ("Gemeente B", 60)],
            min_group_size=5,
            owner=user,
            actor="bench",
        )
        rounds.open_round(s, rnd, actor="bench")
        s.commit()
        rid = rnd.id
    db.dispose(url)
    return rid


def count_responses(url: str, round_id: int) -> int:
    from sqlalchemy import text

    from scanengine import db

    with db.get_engine(url).connect() as conn:
        n = conn.execute(
            text("SELECT count(*) FROM response WHERE round_id = :r"), {"r": round_id}
        ).scalar_one()
    db.dispose(url)
    return n


def form(data: dict) -> bytes:
    return urllib.parse.urlencode(data, doseq=True).encode()


@dataclass
class Run:
    """Everything measured in one run."""

    latencies: list[float] = field(default_factory=list)  # phones' requests, seconds
    errors: list[str] = field(default_factory=list)
    next_sent: dict[int, float] = field(default_factory=dict)  # page -> when the presenter sent Next
    phone_has_page: dict[int, list[float]] = field(
        default_factory=dict
    )  # page -> per phone, seconds after Next
    acks: dict[int, list[float]] = field(default_factory=dict)  # page -> when each answer was acknowledged
    panels: list[tuple[float, int, int]] = field(
        default_factory=list
    )  # (when, page, count) seen by the presenter
    answered: set = field(default_factory=set)  # phones that answered at least once
    stop: bool = False
    ended: bool = False
    end_sent: float = float("inf")


class PhoneConnection(common.Connection):
    """A phone's keep-alive connection: its poll and its answer take turns (one request at a time on it)."""

    def __init__(self, host: str, port: int):
        super().__init__(host, port)
        self.lock = asyncio.Lock()


async def timed(run: Run, conn: PhoneConnection, method: str, path: str, body: bytes = b"", headers=None):
    async with conn.lock:
        t0 = time.perf_counter()
        try:
            status, hdrs, data = await conn.request(method, path, body, headers=headers)
        except Exception as exc:  # noqa: BLE001 - counted and reported
            run.errors.append(f"{method} {path}: {type(exc).__name__}")
            raise
        run.latencies.append(time.perf_counter() - t0)
    return status, hdrs, data


def answers_for(html: bytes, rng: random.Random) -> dict:
    """A random answer to every radio group and open question of the page."""
    choices: dict[str, list[str]] = {}
    for name, value in RADIO_RE.findall(html):
        choices.setdefault(name.decode(), []).append(value.decode())
    out = {name: rng.choice(values) for name, values in choices.items()}
    for name in TEXTAREA_RE.findall(html):
        out[name.decode()] = "Meer tijd voor overleg tussen de partners."
    return out


async def phone(
    i: int, run: Run, host: str, port: int, code: str, rng: random.Random, joined: asyncio.Barrier
):
    conn = PhoneConnection(host, port)
    path = f"/j/{code}"
    try:
        _, _, html = await timed(run, conn, "GET", path)
        groups = GROUP_RE.findall(html)
        data = {"csrf_token": csrf(html), "group": groups[i % len(groups)].decode()}
        status, _, _ = await timed(run, conn, "POST", f"{path}/join", form(data))
        if status != 303:
            run.errors.append(f"join {status}")
            return
        _, _, html = await timed(run, conn, "GET", path)
    except Exception:  # noqa: BLE001 - counted in timed()
        return
    await joined.wait()
    page, etag, answer_task = 0, None, None

    async def answer(html: bytes, page: int):
        await asyncio.sleep(rng.uniform(1.0, 4.0))
        fields = answers_for(html, rng)
        if not fields:
            return
        body = form({"csrf_token": csrf(html), "page": str(page), **fields})
        status, _, _ = await timed(run, conn, "POST", path, body, {"X-Requested-With": "fetch"})
        if status == 200:
            run.acks.setdefault(page, []).append(time.perf_counter())
            run.answered.add(i)
        elif status not in (409, 410):
            run.errors.append(f"answer {status}")

    answer_task = asyncio.create_task(answer(html, 0))
    await asyncio.sleep(rng.uniform(0, POLL_S))  # phones do not poll in step
    while not run.stop:
        t_tick = time.perf_counter()
        try:
            status, hdrs, body = await timed(
                run, conn, "GET", f"{path}/state", headers={"If-None-Match": etag} if etag else None
            )
        except Exception:  # noqa: BLE001
            await asyncio.sleep(POLL_S)
            continue
        if status == 200:
            etag = hdrs.get("etag")
            state = json.loads(body)
            if state["ended"]:
                break
            if state["page"] != page:
                await answer_task  # a phone answers one page at a time (it shares one connection)
                try:
                    _, _, html = await timed(run, conn, "GET", path)
                except Exception:  # noqa: BLE001
                    continue
                found = PAGE_RE.search(html)
                page = int(found.group(1)) if found else state["page"]
                if page in run.next_sent:
                    run.phone_has_page.setdefault(page, []).append(time.perf_counter() - run.next_sent[page])
                answer_task = asyncio.create_task(answer(html, page))
        elif status != 304:
            run.errors.append(f"state {status}")
        await asyncio.sleep(max(0.0, POLL_S - (time.perf_counter() - t_tick)))
    await conn.close()


async def presenter_screen(run: Run, conn: common.Connection, round_id: int):
    """The screen's script: poll the panel every second with If-None-Match; record page and count."""
    etag = None
    last = (0, 0)
    while not run.stop:
        t_tick = time.perf_counter()
        status, hdrs, body = await conn.request(
            "GET", f"/live/{round_id}/panel", headers={"If-None-Match": etag} if etag else None
        )
        now = time.perf_counter()
        if status not in (200, 304) and not run.ended:
            run.errors.append(f"panel {status}")
        if status == 200:
            etag = hdrs.get("etag")
            found = COUNT_RE.search(body)
            if found:
                last = (int(found.group(1)), int(found.group(2)))
        run.panels.append((now, *last))
        await asyncio.sleep(max(0.0, POLL_S - (time.perf_counter() - t_tick)))


async def presenter_login(host: str, port: int, round_id: int) -> tuple[common.Connection, str, str]:
    conn = common.Connection(host, port)
    _, _, html = await conn.request("GET", "/login")
    token = csrf(html)
    status, _, _ = await conn.request(
        "POST", "/login", form({"csrf_token": token, "email": "presenter@bench.nl", "password": PASSWORD})
    )
    assert status in (302, 303), f"login failed: {status}"
    _, _, html = await conn.request("GET", f"/live/{round_id}")
    token = csrf(html)
    await conn.request("POST", f"/live/{round_id}/start", form({"csrf_token": token}))
    _, _, html = await conn.request("GET", f"/live/{round_id}")
    return conn, CODE_RE.search(html).group(1).decode(), csrf(html)


def visible_after_ack(run: Run) -> tuple[list[float], int]:
    """Per answer: seconds from its acknowledgement to the first presenter panel whose count includes it; and
    how many answers were censored (acknowledged less than the 2 s target before the presenter left the page,
    so the screen may rightly never show them on that page).

    Within a page every phone answers once and counts only grow, so the i-th acknowledged answer of a page is
    shown by the first panel, fetched after it, with that page's count >= i."""
    out, censored = [], 0
    for page, acks in run.acks.items():
        leave = run.next_sent.get(page + 1, run.end_sent)
        for i, t_ack in enumerate(sorted(acks), start=1):
            seen = next((t for t, p, c in run.panels if t > t_ack and p == page and c >= i), None)
            if t_ack > leave - TARGET_VISIBLE_S:
                censored += 1
            elif seen is not None:
                out.append(seen - t_ack)
            else:
                run.errors.append(f"answer {i} of page {page} never counted on the screen")
    return out, censored


async def drive(args, host: str, port: int, round_id: int, server) -> Run:
    run = Run()
    presenter, code, token = await presenter_login(host, port, round_id)
    rng = random.Random(args.seed)
    joined = asyncio.Barrier(args.phones + 1)
    tasks = [
        asyncio.create_task(phone(i, run, host, port, code, random.Random(rng.random()), joined))
        for i in range(args.phones)
    ]
    await joined.wait()
    print(f"{args.phones} phones joined session {code}")
    screen_conn = common.Connection(
        host, port
    )  # the screen's script: the presenter's browser, its own connection
    screen_conn.cookies = presenter.cookies
    screen = asyncio.create_task(presenter_screen(run, screen_conn, round_id))
    with common.CpuMeter(server.processes()) as cpu:
        await asyncio.sleep(args.page_seconds)
        for page in range(1, args.pages + 1):
            run.next_sent[page] = time.perf_counter()
            status, _, _ = await presenter.request(
                "POST",
                f"/live/{round_id}/action",
                form({"csrf_token": token, "action": "next"}),
                headers={"X-Requested-With": "fetch"},
            )
            assert status == 204, status
            await asyncio.sleep(args.page_seconds)
    run.ended = True
    run.end_sent = time.perf_counter()
    status, _, _ = await presenter.request(
        "POST", f"/live/{round_id}/action", form({"csrf_token": token, "action": "end"})
    )
    assert status == 200, status
    await asyncio.sleep(POLL_S * 2)
    run.stop = True
    await asyncio.gather(*tasks, screen, return_exceptions=True)
    run.cpu = cpu
    return run


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phones", type=int, default=100)
    ap.add_argument("--pages", type=int, default=6, help="page turns after the first page")
    ap.add_argument("--page-seconds", type=float, default=8.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--database-url", default=None, help="PostgreSQL server URL (a scratch database is made)")
    args = ap.parse_args(argv)
    print(common.machine_line())
    print(common.load_line())

    tmp = Path(tempfile.mkdtemp(prefix="live_load_"))
    scratch = None
    if args.database_url:
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        scratch = f"live_load_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.database_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{scratch}"'))
        url = args.database_url.rsplit("/", 1)[0] + "/" + scratch
    else:
        url = f"sqlite:///{tmp / 'live.sqlite'}"
    port = common.free_port()
    base = f"http://127.0.0.1:{port}"
    round_id = prepare(url, base)
    server = common.Gunicorn(
        "scanengine:create_app()",
        port,
        {
            "SCANENGINE_DATABASE_URL": url,
            "SCANENGINE_BASE_URL": base,
            "SCANENGINE_SECRET_KEY": "bench-secret",
            "SCANENGINE_INSTANCE_PATH": str(tmp / "instance"),
            "SCANENGINE_LOGIN_MAX_ATTEMPTS": "1000",
        },
        workers=args.workers,
        threads=args.threads,
        log_path=tmp / "gunicorn.log",
    )
    server.start()
    try:
        print(
            f"server: {server.describe()}, database {url.split(':', 1)[0]}; {args.phones} phones, "
            f"{args.pages + 1} pages of {args.page_seconds:.0f} s, polling every {POLL_S:.0f} s"
        )
        run = asyncio.run(drive(args, "127.0.0.1", port, round_id, server))
    finally:
        server.stop()
    stored = count_responses(url, round_id)
    if scratch:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))

    visible, censored = visible_after_ack(run)
    visible.sort()
    follow = sorted(x for xs in run.phone_has_page.values() for x in xs)
    missing_pages = sum(args.phones - len(run.phone_has_page.get(p, [])) for p in range(1, args.pages + 1))
    lat = sorted(run.latencies)
    p = common.percentile
    print(
        f"answer -> presenter's count: {len(visible)} answers ({censored} acknowledged < 2 s before Next left out), p50 {p(visible, 50):.2f} s, "
        f"p95 {p(visible, 95):.2f} s, max {visible[-1] if visible else float('nan'):.2f} s "
        f"(target p95 <= {TARGET_VISIBLE_S:.0f} s: {common.verdict(p(visible, 95) <= TARGET_VISIBLE_S)})"
    )
    print(
        f"presenter's Next -> phone has the page: {len(follow)} page loads ({missing_pages} missing), "
        f"p50 {p(follow, 50):.2f} s, p95 {p(follow, 95):.2f} s, max {follow[-1] if follow else float('nan'):.2f} s "
        f"(target p95 <= {TARGET_VISIBLE_S:.0f} s: {common.verdict(p(follow, 95) <= TARGET_VISIBLE_S and not missing_pages)})"
    )
    print(
        f"phone requests: {len(lat)} in {run.cpu.wall_s:.0f} s ({len(lat) / run.cpu.wall_s:.0f}/s), "
        f"{common.latency_line(lat)} (target p99 <= {TARGET_P99_MS} ms: "
        f"{common.verdict(p(lat, 99) * 1000 <= TARGET_P99_MS)})"
    )
    print(run.cpu.line())
    print(
        f"stored responses after the end: {stored} of {len(run.answered)} phones that answered "
        f"({'every one exactly once' if stored == len(run.answered) else 'MISMATCH'}); errors: {len(run.errors)}"
        + (f" (first: {run.errors[:3]})" if run.errors else "")
    )
    ok = (
        stored == len(run.answered)
        and not run.errors
        and p(visible, 95) <= TARGET_VISIBLE_S
        and p(follow, 95) <= TARGET_VISIBLE_S
        and p(lat, 99) * 1000 <= TARGET_P99_MS
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
