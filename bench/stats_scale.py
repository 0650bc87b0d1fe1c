"""Analysis at scale: 100,000 respondents x 40 statements x 12 invitation groups (targets in BENCHMARKS.md).

Builds a throw-away SQLite database (or ``--url``), writes the responses with one bulk insert per chunk, closes
the round, and times the bulk read, the in-memory computation and the whole :func:`analysis.analyse`.
Prints figures; asserts nothing (performance is measured here, never in tests).

    /work/venv/bin/python bench/stats_scale.py [--respondents 100000] [--groups 12] [--url URL]

Before the database part, the in-memory statistics are measured at ``--sizes`` (default 1,000, 10,000 and
100,000 respondents), each in a fresh subprocess so its peak memory (tracemalloc peak during the analysis, and
the child's ``ru_maxrss``) belongs to that size alone. In the same child the same alphas, ICC(1)s and group
means are computed independently with pandas and pingouin on the same arrays (recoding, show_if and the
half-answered rule redone in pandas), timed, and compared number by number (largest absolute difference).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc

import numpy as np
from sqlalchemy import insert

from scanengine import analysis, closing, db, definition, rounds
from scanengine.models import Response, random_id
from scanengine.responses import load_round_data


def bench_definition(points: int = 5, n_dims: int = 8, per_dim: int = 5) -> definition.Questionnaire:
    """A 40-statement definition with reverse items, a show_if item per dimension and two breakdowns."""
    t = lambda s: {"nl": s, "en": s}  # noqa: E731
    dims = []
    for d in range(n_dims):
        items = []
        for i in range(per_dim):
            item = {"id": f"d{d}i{i}", "text": t(f"Stelling {d}.{i}")}
            if i == 1:
                item["reverse"] = True
            if i == per_dim - 1:
                item["show_if"] = {"role": ["raad", "college"]}
            items.append(item)
        dims.append({"id": f"dim{d}", "title": t(f"Dimensie {d}"), "items": items})
    return definition.parse(
        {
            "id": "bench",
            "version": "1",
            "title": t("Bench"),
            "scale": {
                "points": points,
                "labels": {
                    "nl": [str(p) for p in range(1, points + 1)],
                    "en": [str(p) for p in range(1, points + 1)],
                },
                "dont_know": t("Weet niet"),
            },
            "bands": [
                {"min": 4.0, "label": t("Sterk")},
                {"min": 3.0, "label": t("Aandacht")},
                {"min": 1.0, "label": t("Zorg")},
            ],
            "background": [
                {
                    "id": "role",
                    "text": t("Rol"),
                    "breakdown": True,
                    "options": [
                        {"id": o, "label": t(o)}
                        for o in ("raad", "college", "ambtenaar", "directie", "partner")
                    ],
                },
                {
                    "id": "years",
                    "text": t("Jaren"),
                    "breakdown": True,
                    "options": [{"id": o, "label": t(o)} for o in ("y0", "y2", "y5", "y10")],
                },
            ],
            "dimensions": dims,
        },
        "bench",
    )


def synthetic(q: definition.Questionnaire, n: int, n_groups: int, seed: int = 7):
    """Answers with a group effect, 5% don't know, 3% skipped; show_if items blank when not shown."""
    rng = np.random.default_rng(seed)
    points = q.scale.points
    groups = rng.integers(0, n_groups, n)
    bg = np.stack([rng.integers(0, 6, n), rng.integers(0, 5, n)], axis=1).astype(np.uint8)  # 0 = no answer
    latent = 3 + 0.3 * (groups[:, None] % 4 - 1.5) + rng.normal(0, 0.9, (n, len(q.items)))
    ans = np.clip(np.rint(latent), 1, points).astype(np.uint8)
    for i, item in enumerate(q.items):
        if item.reverse:
            ans[:, i] = points + 1 - ans[:, i]
    u = rng.random(ans.shape)
    ans[u < 0.05] = 255
    ans[(u >= 0.05) & (u < 0.08)] = 0
    shown = analysis.shown_mask(q, bg)
    ans[~shown] = 0
    return groups, ans, bg


TARGET_MEMORY_SECONDS = 1.0
TARGET_PEAK_MB = 500
TARGET_DATABASE_SECONDS = 5.0


def pandas_reference(
    q: definition.Questionnaire, groups: np.ndarray, ans: np.ndarray, bg: np.ndarray
) -> dict:
    """Alphas, ICC(1)s and group means per dimension with pandas and pingouin, independently of scanengine.

    Recoding (0 and 255 missing, reverse ``points + 1 - v``), show_if (from the background codes) and the
    half-answered rule are redone here in pandas; ICC(1) comes from pingouin's one-way ANOVA table with the
    unbalanced ``n_bar`` (Bliese 2000); alpha is ``pingouin.cronbach_alpha`` with listwise deletion.
    """
    import pandas as pd
    import pingouin as pg

    points = q.scale.points
    cols = [item.id for item in q.items]
    df = pd.DataFrame(ans, columns=cols).astype("float64").replace({0: np.nan, 255: np.nan})
    shown = pd.DataFrame(True, index=df.index, columns=cols)
    options = {bq.id: (j, [o.id for o in bq.options]) for j, bq in enumerate(q.background)}
    for item in q.items:
        if item.reverse:
            df[item.id] = points + 1 - df[item.id]
        for qid, allowed in (item.show_if or {}).items():
            j, ids = options[qid]
            ok = pd.Series(bg[:, j]).isin([ids.index(o) + 1 for o in allowed])
            shown[item.id] &= ok
    df = df.where(shown)
    out = {"alpha": [], "icc1": [], "group_means": []}
    for dim in q.dimensions:
        ids = [item.id for item in dim.items]
        block = df[ids]
        answered = block.notna().sum(axis=1)
        n_shown = shown[ids].sum(axis=1)
        score = block.mean(axis=1).where((answered > 0) & (answered * 2 >= n_shown))
        frame = pd.DataFrame({"score": score, "group": groups}).dropna()
        out["group_means"].append(frame.groupby("group")["score"].mean().to_dict())
        aov = pg.anova(data=frame, dv="score", between="group", detailed=True)
        msb, msw = float(aov["MS"].iloc[0]), float(aov["MS"].iloc[1])
        sizes = frame.groupby("group").size().to_numpy(dtype=float)
        n_total, n_groups = sizes.sum(), sizes.size
        n_bar = (n_total - (sizes**2).sum() / n_total) / (n_groups - 1)
        out["icc1"].append((msb - msw) / (msb + (n_bar - 1) * msw))
        out["alpha"].append(float(pg.cronbach_alpha(data=block, nan_policy="listwise")[0]))
    return out


def in_memory_child(n: int, n_groups: int, repeat: int) -> dict:
    """One size, measured in this (fresh) process: analyse() with the answers in memory, then pandas/pingouin."""
    tmp = tempfile.mkdtemp(prefix="scanengine-bench-")
    url = f"sqlite:///{os.path.join(tmp, 'mem.sqlite')}"
    db.upgrade(url)
    q = bench_definition()
    groups, ans, bg = synthetic(q, n, n_groups)
    with db.session_scope(url) as s:
        rnd = rounds.create_round(
            s,
            q,
            name="mem",
            cooperation="mem",
            groups=[(f"Gemeente {g + 1}", n // n_groups + 10) for g in range(n_groups)],
        )
        rounds.open_round(s, rnd)
        closing.close_round(s, rnd)
        gids = np.array([g.id for g in rounds.groups_of(s, rnd.id)], dtype=np.int64)
        round_id = rnd.id
    data = analysis.RoundData(ans, bg, gids[groups])
    real_read = analysis.presentation.load_round_data
    analysis.presentation.load_round_data = lambda *_a, **_k: data
    try:
        with db.session_scope(url) as s:
            rnd = rounds.get_round(s, round_id)
            analysis.analyse(
                s, rnd, include_benchmark=False
            )  # first-use costs (scipy imports) out of the clock
            wall, cpu = [], []
            for _ in range(repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                res = analysis.analyse(s, rnd, include_benchmark=False)
                wall.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            tracemalloc.start()
            analysis.analyse(s, rnd, include_benchmark=False)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    finally:
        analysis.presentation.load_round_data = real_read
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before pandas is even imported
    pandas_reference(q, groups, ans, bg)  # imports and first-use costs out of the clock
    pd_wall, pd_cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        ref = pandas_reference(q, groups, ans, bg)
        pd_wall.append(time.perf_counter() - t0)
        pd_cpu.append(time.process_time() - c0)
    name_of = {g: f"Gemeente {g + 1}" for g in range(n_groups)}
    d_alpha = max(abs(d.alpha - a) for d, a in zip(res.dimensions, ref["alpha"], strict=True))
    d_icc = max(abs(d.icc1 - i) for d, i in zip(res.dimensions, ref["icc1"], strict=True))
    d_mean = 0.0
    for d, means in zip(res.dimensions, ref["group_means"], strict=True):
        ours = {
            g.key: g.mean for g in d.groups if g.breakdown == analysis.GROUP_BREAKDOWN and not g.suppressed
        }
        for g, m in means.items():
            d_mean = max(d_mean, abs(ours[name_of[g]] - m))
    return {
        "n": n,
        "wall": min(wall),
        "cpu": min(cpu),
        "tracemalloc_peak_mb": peak / 2**20,
        "maxrss_mb": maxrss_mb,
        "pandas": min(pd_wall),
        "pandas_cpu": min(pd_cpu),
        "diff_alpha": d_alpha,
        "diff_icc1": d_icc,
        "diff_group_mean": d_mean,
    }


def scale_table(sizes: list[int], n_groups: int, repeat: int) -> list[dict]:
    """Each size in its own interpreter (clean peak memory); prints one row per size."""
    print(
        f"\n[in memory] analyse() with the answers in memory vs pandas/pingouin computing alphas, ICC(1)s and "
        f"group means on the same arrays; {n_groups} groups, 40 statements, best of {repeat}"
    )
    print(
        "(wall and CPU seconds; the ratio is scanengine / pandas+pingouin in CPU seconds, which a busy shared machine "
        "distorts less than wall time)"
    )
    print(
        f"{'respondents':>11} {'analyse':>9} {'CPU':>7} {'pandas+pg':>10} {'CPU':>7} {'ratio':>6} {'peak (tracemalloc)':>19} "
        f"{'ru_maxrss':>10}   largest difference: alpha, ICC(1), group mean"
    )
    rows = []
    for n in sizes:
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child-in-memory",
                str(n),
                "--groups",
                str(n_groups),
                "--repeat",
                str(repeat),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise SystemExit(f"the in-memory measurement at {n} respondents failed:\n{proc.stderr[-3000:]}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(
            f"{n:>11,} {r['wall']:8.3f}s {r['cpu']:6.3f}s {r['pandas']:9.3f}s {r['pandas_cpu']:6.3f}s "
            f"{r['cpu'] / r['pandas_cpu']:5.2f}x "
            f"{r['tracemalloc_peak_mb']:16.0f} MB {r['maxrss_mb']:7.0f} MB   "
            f"{r['diff_alpha']:.1e}, {r['diff_icc1']:.1e}, {r['diff_group_mean']:.1e}"
        )
    for a, b in zip(rows, rows[1:], strict=False):
        growth = b["cpu"] / a["cpu"]
        print(
            f"  {a['n']:,} -> {b['n']:,} respondents (x{b['n'] / a['n']:.0f}): CPU x{growth:.1f} "
            f"({'linear or better' if growth <= 1.15 * b['n'] / a['n'] else 'WORSE than linear'})"
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--respondents", type=int, default=100_000)
    ap.add_argument("--groups", type=int, default=12)
    ap.add_argument("--url", help="database URL (default: a throw-away SQLite file)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--sizes", default="1000,10000,100000", help="in-memory sizes (comma-separated); '' skips"
    )
    ap.add_argument("--child-in-memory", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_in_memory:
        print(json.dumps(in_memory_child(args.child_in_memory, args.groups, args.repeat)))
        return
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from bench import common

    print(common.machine_line())
    print(common.load_line())
    try:
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    except ValueError:
        ap.error("--sizes must be whole numbers separated by commas")
    mem_rows = scale_table(sizes, args.groups, args.repeat) if sizes else []
    print("\n[database] a closed round, SQLite unless --url")
    tmp = tempfile.mkdtemp(prefix="scanengine-bench-")
    url = args.url or f"sqlite:///{os.path.join(tmp, 'bench.sqlite')}"
    db.upgrade(url)
    q = bench_definition()
    n = args.respondents
    with db.session_scope(url) as s:
        rnd = rounds.create_round(
            s,
            q,
            name="bench",
            cooperation="bench",
            groups=[(f"Gemeente {g + 1}", n // args.groups + 10) for g in range(args.groups)],
        )
        rounds.open_round(s, rnd)
        gids = [g.id for g in rounds.groups_of(s, rnd.id)]
        groups, ans, bg = synthetic(q, n, args.groups)
        t0 = time.perf_counter()
        chunk = 20_000
        for start in range(0, n, chunk):
            s.execute(
                insert(Response),
                [
                    {
                        "id": random_id(),
                        "round_id": rnd.id,
                        "group_id": gids[groups[i]],
                        "answers": ans[i].tobytes(),
                        "background": bg[i].tobytes(),
                    }
                    for i in range(start, min(start + chunk, n))
                ],
            )
        closing.close_round(s, rnd)
        t_insert = time.perf_counter() - t0
        round_id = rnd.id
    print(
        f"respondents {n:,}  statements {len(q.items)}  dimensions {len(q.dimensions)}  invitation groups {args.groups}"
    )
    print(f"bulk insert:                    {t_insert:6.2f} s")

    best = {
        "read": 1e9,
        "compute": 1e9,
        "analyse": 1e9,
        "analyse_cpu": 1e9,
        "summary": 1e9,
        "memory": 1e9,
        "memory_cpu": 1e9,
    }
    for _ in range(args.repeat):
        with db.session_scope(url) as s:
            rnd = rounds.get_round(s, round_id)
            t0 = time.perf_counter()
            data = load_round_data(s, q, round_id)
            best["read"] = min(best["read"], time.perf_counter() - t0)
            t0 = time.perf_counter()
            analysis.compute(q, data)
            best["compute"] = min(best["compute"], time.perf_counter() - t0)
            t0, c0 = time.perf_counter(), time.process_time()
            res = analysis.analyse(s, rnd, include_benchmark=False)
            best["analyse"] = min(best["analyse"], time.perf_counter() - t0)
            best["analyse_cpu"] = min(best["analyse_cpu"], time.process_time() - c0)
            # the statistics alone, in memory: analyse with the bulk read served from memory
            real_read = analysis.presentation.load_round_data
            analysis.presentation.load_round_data = lambda *_a, data=data: data
            try:
                t0, c0 = time.perf_counter(), time.process_time()
                analysis.analyse(s, rnd, include_benchmark=False)
                best["memory"] = min(best["memory"], time.perf_counter() - t0)
                best["memory_cpu"] = min(best["memory_cpu"], time.process_time() - c0)
            finally:
                analysis.presentation.load_round_data = real_read
            t0 = time.perf_counter()
            analysis.store_summary(s, rnd)
            best["summary"] = min(best["summary"], time.perf_counter() - t0)
    print(f"load_round_data (one query):    {best['read']:6.2f} s")
    print(f"compute (recode, show_if, scores): {best['compute']:6.2f} s")
    print(
        f"analyse (database -> Results):  {best['analyse']:6.2f} s wall, {best['analyse_cpu']:.2f} s CPU   "
        f"(best of {args.repeat})"
    )
    print(f"analyse, answers in memory:     {best['memory']:6.2f} s wall, {best['memory_cpu']:.2f} s CPU")
    print(f"store_summary:                  {best['summary']:6.2f} s")
    d0 = res.dimensions[0]
    print(
        f"load average during the run:    {os.getloadavg()[0]:.1f} (2 cores; wall times above inflate with it)"
    )
    print(
        f"check: dim0 n={d0.n} mean={d0.mean:.4f} alpha={d0.alpha:.3f} rwg_j={d0.rwg_j:.3f} icc1={d0.icc1:.4f}"
    )
    print(
        f"peak RSS of this process:       {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.0f} MB "
        "(includes building the synthetic data)"
    )
    print(common.load_line())
    print("\n[targets, BENCHMARKS.md]")
    big = next((r for r in mem_rows if r["n"] == 100_000), None)
    if big:
        print(
            f"  statistics in memory, 100,000 x 40 x {args.groups}: {big['wall']:.2f} s wall ({big['cpu']:.2f} s CPU)"
            f"   target <= {TARGET_MEMORY_SECONDS:.0f} s   wall {common.verdict(big['wall'] <= TARGET_MEMORY_SECONDS)}, "
            f"CPU {common.verdict(big['cpu'] <= TARGET_MEMORY_SECONDS)}"
        )
        print(
            f"  vs pandas/pingouin on the same subset: {big['cpu']:.2f} s vs {big['pandas_cpu']:.2f} s CPU"
            f" ({big['wall']:.2f} s vs {big['pandas']:.2f} s wall)   target: no slower   "
            f"{common.verdict(big['cpu'] <= big['pandas_cpu'])}"
        )
        print(
            f"  peak memory: {big['tracemalloc_peak_mb']:.0f} MB during the analysis, {big['maxrss_mb']:.0f} MB "
            f"process maximum   target <= {TARGET_PEAK_MB} MB   {common.verdict(big['maxrss_mb'] <= TARGET_PEAK_MB)}"
        )
        same = max(big["diff_alpha"], big["diff_icc1"], big["diff_group_mean"]) < 1e-9
        print(f"  equal numbers (alpha, ICC(1), group means within 1e-9): {common.verdict(same)}")
    if n == 100_000:
        print(
            f"  closed round of 100,000 from the database to Results: {best['analyse']:.2f} s "
            f"({best['analyse_cpu']:.2f} s CPU)"
            f"   target <= {TARGET_DATABASE_SECONDS:.0f} s   {common.verdict(best['analyse'] <= TARGET_DATABASE_SECONDS)}"
        )


if __name__ == "__main__":
    main()
