"""A closed decision round's results page, PDF and export at 2,000 and 20,000 respondents (target in BENCHMARKS.md).

    /work/venv/bin/python bench/decision_time.py [--sizes 2000,20000] [--repeat 2]

Setup, in a throw-away SQLite database: the shipped ``rechtsvorm`` (seven legal forms, six criteria, three
knock-outs), 12 invitation groups, filled by :func:`scanengine.simulate.simulate_round` and closed the way the CLI
and the dashboard close a round (:func:`scanengine.closing.close_round`, then :func:`scanengine.closing.after_close`,
which keeps the summary with the decision's stability and writes the PDF). The close is timed on its own: the
stability's seconds are spent there, once.

Then per size, each from a fresh process state (page cache emptied):
* ``analysis``: :func:`analysis.analyse`, database -> Results, the stability taken from the summary;
* ``PDF``: analysis and :func:`report.build_pdf` (charts drawn, not cached);
* ``page``: the dashboard's results page, a real request through the Flask test client (logged in);
* ``export``: analysis and the JSON export;
* ``HTML``: analysis and the HTML report, when the installed report has one (``report.build_html``);
* ``without kept``: the analysis as before the stability was kept (the summary's decision set aside): what the
  first view of a closed round cost, for comparison in the same run.
Best of ``--repeat``. Target: page, PDF and HTML each <= 3 s at 20,000 respondents.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common  # noqa: E402

TARGET_SECONDS = 3.0
TARGET_SIZE = 20_000
GROUPS = 12
EMAIL, PASSWORD = "bench@example.org", "bench password 123"


def seed(url: str, sizes: list[int], reports: Path) -> tuple[dict[int, int], dict[int, float]]:
    """One closed rechtsvorm round per size; returns the round ids and how long each close took."""
    from scanengine import accounts, closing, db, definition, rounds, simulate

    db.upgrade(url)
    q = definition.resolve("rechtsvorm")
    ids: dict[int, int] = {}
    close_seconds: dict[int, float] = {}
    with db.session_scope(url) as s:
        accounts.create_user(s, EMAIL, PASSWORD, admin=True, actor="bench")
    for n in sizes:
        groups = [(f"Gemeente {g + 1}", max(5, n // GROUPS + 5)) for g in range(GROUPS)]
        with db.session_scope(url) as s:
            rnd = rounds.create_round(s, q, name="Rechtsvorm", cooperation=f"Regio {n}", groups=groups)
            rounds.open_round(s, rnd)
            simulate.simulate_round(s, rnd, n, seed=n)
            closing.close_round(s, rnd)
            ids[n] = rnd.id
        with db.session_scope(url) as s:
            t0 = time.perf_counter()
            done = closing.after_close(s, rounds.get_round(s, ids[n]), reports)
            close_seconds[n] = time.perf_counter() - t0
            if done.problems:
                raise SystemExit(f"closing round {ids[n]} failed: {done.problems}")
    return ids, close_seconds


def timed(fn) -> float:
    from scanengine import cache

    cache.active().clear()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="2000,20000", help="respondents per round, comma-separated")
    p.add_argument("--repeat", type=int, default=2)
    args = p.parse_args(argv)
    try:
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    except ValueError:
        p.error("--sizes must be whole numbers separated by commas, e.g. 2000,20000")
    if not sizes or any(not 10 <= n <= 200_000 for n in sizes) or not 1 <= args.repeat <= 10:
        p.error("--sizes must be 10..200000 each and --repeat 1..10")

    print(common.machine_line())
    print(common.load_line())
    import matplotlib  # noqa: F401  - imported once, outside every measurement

    from scanengine import analysis, create_app, db, export, report, rounds
    from scanengine.analysis.summary import RoundSummary

    html = getattr(report, "build_html", None)
    with tempfile.TemporaryDirectory(prefix="scanengine-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'decision.sqlite'}"
        t0 = time.perf_counter()
        ids, close_seconds = seed(url, sizes, Path(tmp) / "reports")
        print(f"setup: rechtsvorm, {GROUPS} groups, seeded and closed in {time.perf_counter() - t0:.1f} s")
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "SECRET_KEY": "bench-secret",
                "BASE_URL": "http://localhost",
                "AUTO_MIGRATE": False,
                "REPORTS_DIR": str(Path(tmp) / "reports"),
                "WTF_CSRF_ENABLED": False,
            }
        )
        client = app.test_client()
        login = client.post("/login", data={"email": EMAIL, "password": PASSWORD})
        if login.status_code not in (302, 303):
            raise SystemExit(f"logging in failed: HTTP {login.status_code}")

        def analyse(rid: int, *, kept: bool = True):
            with db.session_scope(url) as s:
                rnd = rounds.get_round(s, rid)
                if not kept:  # as before: no decision in the summary, the stability computed on first view
                    summary = dict(rnd.summary or {})
                    summary.pop("decision", None)
                    rnd.summary = summary
                    s.expunge(rnd)
                results = analysis.analyse(s, rnd)
                assert results.decision is not None and results.decision.stability is not None
                return results

        def page(rid: int) -> None:
            resp = client.get(f"/dashboard/rounds/{rid}/results")
            if resp.status_code != 200 or "varianten" not in resp.get_data(as_text=True):
                raise SystemExit(f"results page of round {rid}: HTTP {resp.status_code}, no stability shown")

        header = f"{'respondents':>11} {'close':>7} {'analysis':>9} {'PDF':>7} {'page':>7} {'export':>7}"
        print("\n" + header + (f" {'HTML':>7}" if html else "") + f" {'without kept':>13}")
        rows: dict[int, dict[str, float]] = {}
        for n in sizes:
            rid = ids[n]
            with db.session_scope(url) as s:
                kept = RoundSummary.current(rounds.get_round(s, rid))
                assert kept is not None and kept.decision is not None, "the close kept no decision"
            measures = {
                "analysis": lambda rid=rid: analyse(rid),
                "PDF": lambda rid=rid: report.build_pdf(analyse(rid), "nl"),
                "page": lambda rid=rid: page(rid),
                "export": lambda rid=rid: export.to_json(analyse(rid)),
                "without kept": lambda rid=rid: analyse(rid, kept=False),
            }
            if html:
                measures["HTML"] = lambda rid=rid: html(analyse(rid), "nl")
            rows[n] = {name: min(timed(fn) for _ in range(args.repeat)) for name, fn in measures.items()}
            r = rows[n]
            print(
                f"{n:>11,} {close_seconds[n]:6.2f}s {r['analysis']:8.2f}s {r['PDF']:6.2f}s {r['page']:6.2f}s "
                f"{r['export']:6.2f}s"
                + (f" {r['HTML']:6.2f}s" if html else "")
                + f" {r['without kept']:12.2f}s"
            )
    print(common.load_line())
    print("\n[targets, BENCHMARKS.md]")
    if TARGET_SIZE in rows:
        for name in ("page", "PDF", "HTML"):
            if name in rows[TARGET_SIZE]:
                t = rows[TARGET_SIZE][name]
                print(
                    f"  {name} of a closed decision round at {TARGET_SIZE:,} respondents  {t:5.2f} s   "
                    f"target <= {TARGET_SECONDS:.0f} s   {common.verdict(t <= TARGET_SECONDS)}"
                )
        if not html:
            print("  HTML: the installed report has no build_html yet (not measured)")
    else:
        print(f"  (the target is at {TARGET_SIZE:,} respondents: add it to --sizes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
