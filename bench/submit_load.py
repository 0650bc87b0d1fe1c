"""Submission throughput: 32 concurrent participants answer the real form under gunicorn, without and with
JavaScript, side by side with a bare Flask endpoint that inserts one row per POST on the same server setup.

    /work/venv/bin/python bench/submit_load.py                       # SQLite (WAL), defaults below
    /work/venv/bin/python bench/submit_load.py --database-url postgresql+psycopg://postgres@127.0.0.1:55432/postgres

What one run does, all in this process and its children:

1. baseline: ``gunicorn bench.baseline_app:app`` (same worker class, workers, threads, keep-alive, database
   pragmas), 32 keep-alive clients POST for ``--baseline-seconds``; requests/s and latency.
2. flow: a fresh database migrated by Alembic, a round of a 40-statement definition (8 pages of 5, plus the
   background and open-question pages the product adds), one personal link per response, the round opened;
   ``gunicorn 'scanengine:create_app()'``; 32 clients, each with its own cookies, take links from a shared queue
   and walk the participant flow exactly as a browser without JavaScript does: GET the form, read the controls
   and the CSRF token from the HTML, POST every page (following redirects), submit.
3. flow with JavaScript: a second round on the same server setup; each client does what static/form.js does:
   GET the form once (the whole questionnaire in its data block), fill every page of it, and POST one
   submission with every answer and a random submission id. (The browser also fetches form.js and the two
   style sheets once; they are static files, cached, and the same for both paths, so they are not counted.)
4. figures per run: requests/s, complete responses/s, p50/p95/p99 latency per HTTP request, errors, stored
   responses vs acknowledged ones (counted in the database afterwards), CPU seconds of the server processes vs
   this load generator (psutil / os.times); then the targets: complete responses/s of each path as a share of
   the bare endpoint's requests/s, from this one run.

For PostgreSQL, ``--database-url`` names a server where the user may create databases; a scratch database is
created for the run and dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import sys
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common  # noqa: E402

# complete responses/s as a share of the bare endpoint's requests/s (docs/architecture.md, "Participant form")
TARGET_SHARE = {"js": 0.15, "nojs": 0.029}
TARGET_P99_MS = 100


# -- the definition measured --------------------------------------------------------------------------------------


def bench_definition(dimensions: int = 8, per_dimension: int = 5, points: int = 5) -> dict:
    """A valid definition of the SPEC's survey shape (8 pages of 5 statements), with a reverse and a show_if item."""
    labels_nl = ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"]
    labels_en = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    if points != 5:
        labels_nl = [f"Punt {i}" for i in range(1, points + 1)]
        labels_en = [f"Point {i}" for i in range(1, points + 1)]
    dims = []
    for d in range(dimensions):
        items = []
        for i in range(per_dimension):
            item = {
                "id": f"d{d}_{i}",
                "text": {"nl": f"Stelling {d + 1}.{i + 1}", "en": f"Statement {d + 1}.{i + 1}"},
            }
            if i == 1:
                item["reverse"] = True
            if d == 0 and i == 4:
                item["show_if"] = {"role": ["raad", "college"]}
            items.append(item)
        dims.append(
            {
                "id": f"dim{d}",
                "title": {"nl": f"Dimensie {d + 1}", "en": f"Dimension {d + 1}"},
                "items": items,
            }
        )
    return {
        "id": "benchscan",
        "version": "1.0",
        "title": {"nl": "Benchmarkscan", "en": "Benchmark scan"},
        "intro": {"nl": "Scan voor de belastingtest.", "en": "Scan for the load test."},
        "scale": {
            "points": points,
            "labels": {"nl": labels_nl, "en": labels_en},
            "dont_know": {"nl": "Weet niet", "en": "Don't know"},
        },
        "bands": [
            {"min": points * 0.8, "label": {"nl": "Sterk", "en": "Strength"}},
            {"min": points * 0.6, "label": {"nl": "Aandachtspunt", "en": "Attention"}},
            {"min": 1.0, "label": {"nl": "Zorgpunt", "en": "Concern"}},
        ],
        "background": [
            {
                "id": "role",
                "text": {"nl": "Wat is uw rol?", "en": "What is your role?"},
                "breakdown": True,
                "options": [
                    {"id": r, "label": {"nl": r.title(), "en": r.title()}}
                    for r in ("raad", "college", "ambtenaar", "partner")
                ],
            }
        ],
        "dimensions": dims,
        "open_questions": [
            {
                "id": "improve",
                "text": {"nl": "Wat kan beter?", "en": "What could be better?"},
                "max_length": 500,
            }
        ],
    }


# -- the database -----------------------------------------------------------------------------------------------------


@dataclass
class Target:
    """Where one run writes: a SQLite file in a temp dir, or a scratch PostgreSQL database."""

    url: str
    admin_url: str | None = None
    scratch_name: str | None = None

    @classmethod
    def create(cls, database_url: str | None, tmp: Path) -> Target:
        if not database_url:
            return cls(f"sqlite:///{tmp / 'bench.sqlite'}")
        from sqlalchemy import create_engine, text

        name = f"scanengine_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return cls(database_url.rsplit("/", 1)[0] + "/" + name, database_url, name)

    def drop(self) -> None:
        from scanengine import db

        db.dispose_all()
        if self.admin_url and self.scratch_name:
            from sqlalchemy import create_engine, text

            admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.scratch_name}" WITH (FORCE)'))
            admin.dispose()


def prepare_round(url: str, definition_path: Path, n_links: int, groups: int) -> tuple[int, list[str]]:
    """Migrate, create and open a round, issue ``n_links`` personal links spread over ``groups`` groups."""
    from scanengine import db, definition, rounds

    db.upgrade(url)
    q = definition.load(definition_path)
    tokens: list[str] = []
    with db.session_scope(url) as s:
        rnd = rounds.create_round(
            s,
            q,
            name="Belastingtest",
            cooperation="Bench",
            groups=[(f"Partner {g + 1}", None) for g in range(groups)],
        )
        per_group = -(-n_links // groups)
        for g in range(groups):
            left = per_group
            while left > 0:
                batch = min(left, rounds.MAX_LINKS_PER_CALL)
                links = rounds.issue_links(s, rnd, f"Partner {g + 1}", batch, "http://bench")
                tokens += [link.rsplit("/", 1)[1] for link in links]
                left -= batch
        rounds.open_round(s, rnd)
        rid = rnd.id
    db.dispose(url)
    random.Random(1).shuffle(tokens)
    return rid, tokens[:n_links]


def stored_responses(url: str, round_id: int) -> int:
    from sqlalchemy import func, select

    from scanengine import db, models

    # a submission is stored once it is in the pool; mixing moves it into response k at a time (scanengine.pool)
    with db.session_scope(url) as s:
        return sum(
            int(s.execute(select(func.count()).select_from(t).where(t.round_id == round_id)).scalar_one())
            for t in (models.Response, models.PooledResponse)
        )


# -- the load ---------------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    errors: int = 0
    completed: int = 0
    latencies: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(what[:300])


async def timed(conn: common.Connection, tally: Tally, method: str, path: str, body: bytes = b""):
    t0 = time.perf_counter()
    status, headers, data = await conn.request(method, path, body)
    tally.latencies.append(time.perf_counter() - t0)
    tally.requests += 1
    return status, headers, data


def fill_page(html: bytes, rng: random.Random) -> tuple[list[tuple[str, str]], list[str]]:
    """The form fields of one page filled the way a participant would, and the submit actions it offers."""
    fields: list[tuple[str, str]] = []
    radios: dict[str, list[str]] = {}
    actions: list[str] = []
    for tag, attrs, after in common.form_controls(html):
        name = attrs.get("name")
        kind = attrs.get("type", "text" if tag == "input" else tag).lower()
        if tag == "button" or kind == "submit":
            if name == "action":
                actions.append(attrs.get("value", ""))
            continue
        if not name:
            continue
        if kind == "hidden":
            fields.append((name, common.unescape_attr(attrs.get("value", ""))))
        elif kind == "radio":
            radios.setdefault(name, []).append(attrs.get("value", ""))
        elif kind == "checkbox":
            continue
        elif tag == "select":
            options = [o for o in common.select_options(after) if o]
            if options:
                fields.append((name, rng.choice(options)))
        elif tag == "textarea":
            if rng.random() < 0.3:
                fields.append((name, "Meer overleg & <b>duidelijkheid</b> over de taken."))
    for name, values in radios.items():
        numeric = [v for v in values if v.isdigit()]
        if numeric and rng.random() < 0.05 and "dk" in values:
            fields.append((name, "dk"))
        elif numeric:  # a respondent with a leaning, not uniform noise
            fields.append((name, str(min(len(numeric), max(1, round(rng.gauss(len(numeric) * 0.7, 1.0)))))))
        elif values:
            fields.append((name, rng.choice(values)))
    return fields, actions


_FORM_ACTION_RE = re.compile(rb'<form\b[^>]*method="post"', re.I)


async def participant(
    conn: common.Connection, token: str, tally: Tally, rng: random.Random, max_steps: int = 40
) -> bool:
    """Walk one link from the first page to the thank-you page; True when the submission was acknowledged."""
    path = f"/s/{token}"
    status, headers, body = await timed(conn, tally, "GET", path)
    if status != 200:
        tally.error(f"GET {path}: {status}")
        return False
    for _ in range(max_steps):
        if not _FORM_ACTION_RE.search(body):
            tally.error(f"no form on the page: {body[:200]!r}")
            return False
        fields, actions = fill_page(body, rng)
        action = "submit" if "submit" in actions else "next" if "next" in actions else None
        if action is None:
            tally.error(f"no next/submit button among {actions}")
            return False
        fields.append(("action", action))
        payload = urllib.parse.urlencode(fields).encode()
        status, headers, body = await timed(conn, tally, "POST", path, payload)
        hops = 0
        while status in (301, 302, 303) and hops < 3:
            location = urllib.parse.urlsplit(headers.get("location", path))
            target = location.path + (f"?{location.query}" if location.query else "")
            status, headers, body = await timed(conn, tally, "GET", target)
            hops += 1
        if status != 200:
            tally.error(f"POST {action} -> {status}: {body[:200]!r}")
            return False
        if action == "submit":
            if _FORM_ACTION_RE.search(body) and b'name="page"' in body:
                tally.error("submit answered with the form again (validation error?)")
                return False
            return True
    tally.error(f"no thank-you page after {max_steps} pages")
    return False


_FORM_DATA_RE = re.compile(rb'<div id="form-data" hidden data-form="([^"]*)"></div>')
_ENTITIES = ((b"&#34;", b'"'), (b"&#39;", b"'"), (b"&lt;", b"<"), (b"&gt;", b">"), (b"&amp;", b"&"))


def attribute_text(value: bytes) -> str:
    """The data block's attribute value as the browser reads it (markupsafe escapes only these five, and
    html.unescape cost the load generator more CPU than the server spent on the request)."""
    for entity, char in _ENTITIES:
        value = value.replace(entity, char)
    return value.decode()


async def participant_js(conn: common.Connection, token: str, tally: Tally, rng: random.Random) -> bool:
    """What static/form.js does: one GET (every page in the data block), answers filled in the browser, one POST
    with every answer and a random submission id. True when the thank-you page came back."""
    path = f"/s/{token}"
    status, headers, body = await timed(conn, tally, "GET", path)
    found = _FORM_DATA_RE.search(body) if status == 200 else None
    if found is None:
        tally.error(f"GET {path}: {status}, data block {'missing' if status == 200 else '-'}")
        return False
    data = json.loads(attribute_text(found.group(1)))
    controls, _ = fill_page(body, rng)  # the form's hidden fields: CSRF token, page, language
    answers, _ = fill_page(data["html"].encode(), rng)
    fields = [(n, v) for n, v in controls if n in ("csrf_token", "page", "lang")] + answers
    fields += [("action", "submit"), ("all_answers", "1"), ("submission", secrets.token_urlsafe(16))]
    status, headers, body = await timed(conn, tally, "POST", path, urllib.parse.urlencode(fields).encode())
    if status != 200 or _FORM_ACTION_RE.search(body):
        tally.error(f"POST submit -> {status}: {body[:200]!r}")
        return False
    return True


WALKERS = {"nojs": participant, "js": participant_js}


async def run_flow(
    port: int, tokens: list[str], clients: int, max_seconds: float, seed: int, walker=participant
) -> tuple[Tally, float]:
    tally = Tally()
    queue: asyncio.Queue[str] = asyncio.Queue()
    for t in tokens:
        queue.put_nowait(t)
    deadline = time.monotonic() + max_seconds

    async def client(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        while time.monotonic() < deadline:
            try:
                token = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            conn = common.Connection("127.0.0.1", port)  # a new participant: new connection, empty cookie jar
            try:
                if await walker(conn, token, tally, rng):
                    tally.completed += 1
            except Exception as exc:  # transport failures count as errors, the run goes on
                tally.error(f"{type(exc).__name__}: {exc}")
            finally:
                await conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    return tally, time.perf_counter() - t0


async def run_baseline(port: int, clients: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    deadline = time.monotonic() + seconds
    payload = urllib.parse.urlencode({"payload": "3" * 40}).encode()

    async def client() -> None:
        conn = common.Connection("127.0.0.1", port)
        try:
            while time.monotonic() < deadline:
                try:
                    status, _, body = await timed(conn, tally, "POST", "/insert", payload)
                except Exception as exc:
                    tally.error(f"{type(exc).__name__}: {exc}")
                    await conn.close()
                    continue
                if status == 201:
                    tally.completed += 1
                else:
                    tally.error(f"POST /insert -> {status}: {body[:200]!r}")
        finally:
            await conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return tally, time.perf_counter() - t0


# -- main --------------------------------------------------------------------------------------------------------------


def warm_up(port: int, path: str, method: str = "GET", body: bytes = b"", n: int = 20) -> None:
    """A few requests so each worker has imported and compiled what it needs before the clock starts."""

    async def go():
        conns = [common.Connection("127.0.0.1", port) for _ in range(4)]
        for _ in range(n // 4):
            await asyncio.gather(*(c.request(method, path, body) for c in conns))
        for c in conns:
            await c.close()

    asyncio.run(go())


def measure_baseline(args, target: Target, tmp: Path) -> dict:
    from bench import baseline_app

    baseline_app.create_table(target.url)
    server = common.Gunicorn(
        "bench.baseline_app:app",
        common.free_port(),
        {"BENCH_DATABASE_URL": target.url},
        workers=args.workers,
        threads=args.threads,
        log_path=tmp / "baseline-gunicorn.log",
    )
    server.start()
    try:
        warm_up(server.port, "/insert", "POST", b"payload=x")
        warm = baseline_app.count_rows(target.url)
        with common.CpuMeter(server.processes()) as cpu:
            tally, wall = asyncio.run(run_baseline(server.port, args.clients, args.baseline_seconds))
    finally:
        server.stop()
    stored = baseline_app.count_rows(target.url) - warm
    return {"tally": tally, "wall": wall, "cpu": cpu, "stored": stored, "server": server.describe()}


def measure_flow(args, target: Target, tmp: Path, mode: str) -> dict:
    """One participant path (``nojs``: page by page; ``js``: one load and one submission) on its own round."""
    definition_path = Path(args.questionnaire) if args.questionnaire else tmp / "benchscan.json"
    if not args.questionnaire:
        definition_path.write_text(json.dumps(bench_definition(), ensure_ascii=False))
    warm_links = 8
    responses = args.js_responses if mode == "js" else args.responses
    walker = WALKERS[mode]
    round_id, tokens = prepare_round(target.url, definition_path, responses + warm_links, args.groups)
    env = {
        "SCANENGINE_DATABASE_URL": target.url,
        "SCANENGINE_INSTANCE_PATH": str(tmp / "instance"),
        "SCANENGINE_SECRET_KEY": "bench-secret-key-not-for-production",
        "SCANENGINE_ENV": "production",
        "SCANENGINE_BASE_URL": "http://127.0.0.1",
    }
    server = common.Gunicorn(
        "scanengine:create_app()",
        common.free_port(),
        env,
        workers=args.workers,
        threads=args.threads,
        log_path=tmp / f"flow-{mode}-gunicorn.log",
    )
    server.start()
    try:
        warm_tally, _ = asyncio.run(
            run_flow(server.port, tokens[:warm_links], 4, 60, seed=999, walker=walker)
        )
        if warm_tally.errors:
            raise SystemExit(f"the participant flow fails before the measurement: {warm_tally.error_samples}")
        with common.CpuMeter(server.processes()) as cpu:
            tally, wall = asyncio.run(
                run_flow(
                    server.port, tokens[warm_links:], args.clients, args.max_seconds, args.seed, walker=walker
                )
            )
    finally:
        server.stop()
    stored = stored_responses(target.url, round_id) - warm_tally.completed
    return {
        "tally": tally,
        "wall": wall,
        "cpu": cpu,
        "stored": stored,
        "server": server.describe(),
        "log": server.log_path,
    }


def report(name: str, m: dict, unit: str) -> None:
    t: Tally = m["tally"]
    print(f"\n[{name}] {m['server']}")
    print(
        f"  {t.requests} requests in {m['wall']:.2f} s = {t.requests / m['wall']:.0f} requests/s; "
        f"{t.completed} {unit} = {t.completed / m['wall']:.1f} {unit}/s"
    )
    print(f"  {common.latency_line(t.latencies)}")
    print(
        f"  errors {t.errors}; acknowledged {t.completed}, stored {m['stored']}, lost {t.completed - m['stored']}"
    )
    for sample in t.error_samples:
        print(f"    error: {sample}")
    print(f"  {m['cpu'].line()}")
    print(
        f"  server CPU per request {m['cpu'].server_s / max(1, t.requests) * 1000:.2f} ms"
        + (f", per complete response {m['cpu'].server_s / t.completed * 1000:.0f} ms" if t.completed else "")
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--clients", type=int, default=32)
    p.add_argument(
        "--responses",
        type=int,
        default=1500,
        help="complete responses to submit without JavaScript (one link each)",
    )
    p.add_argument(
        "--js-responses", type=int, default=6000, help="complete responses to submit with JavaScript"
    )
    p.add_argument("--baseline-seconds", type=float, default=10.0)
    p.add_argument("--max-seconds", type=float, default=120.0, help="stop the flow run after this long")
    p.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 2)))
    p.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", 4)))
    p.add_argument("--groups", type=int, default=12)
    p.add_argument(
        "--questionnaire", help="definition file (default: a generated 40-statement, 8x5 definition)"
    )
    p.add_argument(
        "--database-url", help="PostgreSQL server URL (a scratch database is created); default SQLite"
    )
    p.add_argument(
        "--only", choices=("baseline", "nojs", "js"), help="run one side only (development of this script)"
    )
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    if (
        not 1 <= args.clients <= 256
        or not 1 <= args.responses <= 100_000
        or not 1 <= args.js_responses <= 100_000
    ):
        p.error("--clients must be 1..256 and --responses, --js-responses 1..100000")

    print(common.machine_line())
    print(common.load_line())
    print(
        f"database: {'PostgreSQL' if args.database_url else 'SQLite (WAL, synchronous=NORMAL)'}; "
        f"{args.clients} concurrent clients; loopback only"
    )
    with tempfile.TemporaryDirectory(prefix="scanengine-bench-") as tmpdir:
        tmp = Path(tmpdir)
        target = Target.create(args.database_url, tmp)
        try:
            base = None
            flows: dict[str, dict] = {}
            if args.only in (None, "baseline"):
                base = measure_baseline(args, target, tmp)
                report("baseline: bare Flask endpoint, one INSERT per POST", base, "rows")
            for mode, title in (
                ("nojs", "without JavaScript: GET form + POST every page + submit"),
                ("js", "with JavaScript: GET the whole form + POST one submission"),
            ):
                if args.only in (None, mode):
                    flows[mode] = measure_flow(args, target, tmp, mode)
                    report(f"participant flow {title}", flows[mode], "complete responses")
        finally:
            target.drop()
    print(common.load_line())
    if base and flows:
        bt = base["tally"]
        base_rps = bt.requests / base["wall"]
        print(
            f"\n[targets: complete responses/s as a share of the bare endpoint's {base_rps:.0f} requests/s, one run]"
        )
        for mode, flow in flows.items():
            ft = flow["tally"]
            resp_s = ft.completed / flow["wall"]
            share = resp_s / base_rps
            p99 = common.percentile(sorted(ft.latencies), 99) * 1000
            lost = ft.completed - flow["stored"]
            label = "with JavaScript   " if mode == "js" else "without JavaScript"
            print(
                f"  {label} {resp_s:7.1f} responses/s = {share:6.1%}  target >= {TARGET_SHARE[mode]:.1%}  "
                f"{common.verdict(share >= TARGET_SHARE[mode])};  p99 {p99:5.1f} ms (<= {TARGET_P99_MS}) "
                f"{common.verdict(p99 <= TARGET_P99_MS)};  errors {ft.errors} / lost {lost} "
                f"{common.verdict(ft.errors == 0 and lost == 0)};  "
                f"{ft.requests / max(1, ft.completed):.1f} requests per response"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
