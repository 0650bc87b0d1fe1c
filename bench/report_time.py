"""Report time: the PDF and the HTML report of a round at 200, 2,000 and 20,000 respondents (targets in
BENCHMARKS.md).

    /work/venv/bin/python bench/report_time.py [--sizes 200,2000,20000] [--benchmark-rounds 50] [--repeat 3]

Setup, in a throw-away SQLite database: the shipped vertrouwensscan (42 statements, 8 dimensions), 12 invitation
groups, ``--benchmark-rounds`` benchmark rounds of the same questionnaire (imported aggregates, as another
installation would share them), and a previous closed round of the same cooperation, so the report has its
trend column. Each round is filled by :func:`scanengine.simulate.simulate_round` and closed.

For every size and each rendering (PDF, HTML) the report is built from scratch (analysis included):
* cold: the chart cache emptied first (matplotlib already imported: its ~0.3 s import is paid once per process);
* warm: the same report again, every chart served from the cache.
Each build is split into analysis (:func:`analysis.analyse`, database -> Results), charts (time inside the chart
drawing functions) and render (the document and its writer: ReportLab for the PDF, the HTML writer with its inline
SVG). Best of ``--repeat``. Targets: the PDF <= 3 s at 2,000 respondents, cost growing sub-linearly with
respondents; the HTML report no slower than the PDF.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common  # noqa: E402

TARGET_SECONDS_AT_2000 = 3.0
GROUPS = 12


class ChartTimer:
    """Times the drawing inside :mod:`scanengine.report.charts` (cache hits cost nothing and count nothing)."""

    def __init__(self, charts):
        self.charts = charts
        self.seconds = 0.0
        self.drawn = 0
        self.by_kind: dict[str, list[float]] = {}
        self._orig = charts._cached

    def __enter__(self):
        orig = self._orig

        def timed_cached(kind, data, draw):
            def timed_draw(d):
                t0, c0 = time.perf_counter(), time.process_time()
                try:
                    return draw(d)
                finally:
                    self.seconds += time.perf_counter() - t0
                    self.drawn += 1
                    self.by_kind.setdefault(kind, []).append(time.process_time() - c0)

            return orig(kind, data, timed_draw)

        self.charts._cached = timed_cached
        return self

    def __exit__(self, *exc):
        self.charts._cached = self._orig
        return False


def seed_database(url: str, sizes: list[int], benchmark_rounds: int) -> dict[int, int]:
    """Rounds of each size (closed), a previous round for the trend, and the benchmark aggregates."""
    import numpy as np

    from scanengine import analysis, closing, db, definition, rounds, simulate
    from scanengine.models import BenchmarkAggregate

    db.upgrade(url)
    q = definition.resolve("vertrouwensscan")
    rng = np.random.default_rng(11)
    out: dict[int, int] = {}
    with db.session_scope(url) as s:
        for i in range(benchmark_rounds):
            dims = {d.id: float(np.clip(rng.normal(3.5, 0.35), 1, q.scale.points)) for d in q.dimensions}
            items = {it.id: float(np.clip(rng.normal(3.5, 0.5), 1, q.scale.points)) for it in q.items}
            s.add(
                BenchmarkAggregate(
                    source_key=hashlib.sha256(f"bench-{i}".encode()).hexdigest(),
                    questionnaire_id=q.id,
                    cooperation=f"Regio {i + 1}",
                    round_name="Najaar",
                    n=int(rng.integers(40, 400)),
                    dimension_means=dims,
                    item_means=items,
                )
            )
        for n in sizes:
            coop = f"Regio Bench {n}"
            groups = [(f"Gemeente {g + 1}", max(5, n // GROUPS + 5)) for g in range(GROUPS)]
            prev = rounds.create_round(s, q, name="Voorjaar", cooperation=coop, groups=groups)
            rounds.open_round(s, prev)
            simulate.simulate_round(s, prev, max(60, n // 4), seed=n + 1)
            closing.close_round(s, prev)
            analysis.store_summary(s, prev)
            rnd = rounds.create_round(s, q, name="Najaar", cooperation=coop, groups=groups)
            rounds.open_round(s, rnd)
            simulate.simulate_round(s, rnd, n, seed=n)
            closing.close_round(s, rnd)
            out[n] = rnd.id
    return out


def build_once(url: str, round_id: int, charts, *, cold: bool, fmt: str = "pdf") -> dict:
    from scanengine import analysis, db, rounds
    from scanengine.report import build_html, build_pdf

    if cold:
        charts.clear_cache()
    c0 = time.process_time()
    with db.session_scope(url) as s:
        rnd = rounds.get_round(s, round_id)
        t0 = time.perf_counter()
        results = analysis.analyse(s, rnd)
        t_analysis = time.perf_counter() - t0
    with ChartTimer(charts) as timer:
        t0 = time.perf_counter()
        out = build_pdf(results, "nl") if fmt == "pdf" else build_html(results, "nl").encode("utf-8")
        t_render = time.perf_counter() - t0
    return {
        "analysis": t_analysis,
        "charts": timer.seconds,
        "layout": t_render - timer.seconds,
        "total": t_analysis + t_render,
        "cpu": time.process_time() - c0,
        "drawn": timer.drawn,
        "bytes": len(out),
        "pdf": out if fmt == "pdf" else None,
        "by_kind": timer.by_kind,
    }


def pages_of(pdf: bytes | None) -> int | str | None:
    if pdf is None:
        return "–"
    try:
        import io

        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="200,2000,20000", help="respondents per round, comma-separated")
    p.add_argument("--benchmark-rounds", type=int, default=50)
    p.add_argument("--repeat", type=int, default=2)
    args = p.parse_args(argv)
    try:
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    except ValueError:
        p.error("--sizes must be whole numbers separated by commas, e.g. 200,2000,20000")
    if not sizes or any(not 1 <= n <= 200_000 for n in sizes) or not 0 <= args.benchmark_rounds <= 1000:
        p.error("--sizes must be 1..200000 each and --benchmark-rounds 0..1000")

    print(common.machine_line())
    print(common.load_line())
    import matplotlib  # noqa: F401  - imported once, outside every measurement

    from scanengine.report import charts

    with tempfile.TemporaryDirectory(prefix="scanengine-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'report.sqlite'}"
        t0 = time.perf_counter()
        round_ids = seed_database(url, sizes, args.benchmark_rounds)
        print(
            f"setup: vertrouwensscan, {GROUPS} groups, {args.benchmark_rounds} benchmark rounds, a previous round "
            f"per cooperation; seeded in {time.perf_counter() - t0:.1f} s"
        )
        build_once(
            url, round_ids[sizes[0]], charts, cold=True
        )  # first-use costs (fonts, caches) out of the way
        print(
            f"\n{'respondents':>11} {'':4} {'':5} {'analysis':>9} {'charts':>8} {'render':>8} {'total':>8} "
            f"{'CPU':>7} {'charts drawn':>12} {'pages':>6} {'KB':>7}"
        )
        rows: dict[tuple, dict] = {}
        for n in sizes:
            for fmt in ("pdf", "html"):
                for label, cold in (("cold", True), ("warm", False)):
                    runs = []
                    for _ in range(args.repeat):
                        if not cold:
                            build_once(url, round_ids[n], charts, cold=False, fmt=fmt)  # fill the cache
                        runs.append(build_once(url, round_ids[n], charts, cold=cold, fmt=fmt))
                    best = min(runs, key=lambda r: r["total"])
                    rows[(n, label) if fmt == "pdf" else (n, label, fmt)] = best
                    print(
                        f"{n:>11,} {fmt:4} {label:5} {best['analysis']:8.2f}s {best['charts']:7.2f}s "
                        f"{best['layout']:7.2f}s {best['total']:7.2f}s {best['cpu']:6.2f}s {best['drawn']:>12} "
                        f"{pages_of(best['pdf']) or '?':>6} {best['bytes'] / 1024:7.0f}"
                    )
    print(common.load_line())
    probe = rows[(sizes[len(sizes) // 2], "cold")]
    print(
        "chart CPU per kind (cold, "
        + f"{sizes[len(sizes) // 2]:,} respondents): "
        + ", ".join(
            f"{kind} {len(v)} x {sum(v) / len(v) * 1000:.0f} ms" for kind, v in probe["by_kind"].items()
        )
    )
    print("\n[targets, BENCHMARKS.md]")
    if 2000 in sizes:
        t = rows[(2000, "cold")]["total"]
        cpu = rows[(2000, "cold")]["cpu"]
        print(
            f"  PDF at 2,000 respondents (cold cache)  {t:5.2f} s wall ({cpu:.2f} s CPU)   target <= "
            f"{TARGET_SECONDS_AT_2000:.0f} s   {common.verdict(t <= TARGET_SECONDS_AT_2000)}"
        )
        h, hc = rows[(2000, "cold", "html")]["total"], rows[(2000, "cold", "html")]["cpu"]
        print(
            f"  HTML at 2,000 respondents (cold cache) {h:5.2f} s wall ({hc:.2f} s CPU)   target <= the PDF's "
            f"{t:.2f} s   {common.verdict(h <= t)}"
        )
    ordered = sorted(sizes)
    for a, b in zip(ordered, ordered[1:], strict=False):
        ta, tb = rows[(a, "cold")]["total"], rows[(b, "cold")]["total"]
        print(
            f"  growth {a:,} -> {b:,} respondents (x{b / a:.0f}): time x{tb / ta:.2f}   "
            f"{'sub-linear' if tb / ta < b / a else 'NOT sub-linear'}"
        )
    for n in sizes:
        c, w = rows[(n, "cold")]["total"], rows[(n, "warm")]["total"]
        print(f"  chart cache at {n:,}: cold {c:.2f} s -> warm {w:.2f} s ({1 - w / c:.0%} saved)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
