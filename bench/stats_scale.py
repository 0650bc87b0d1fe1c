"""Analysis at scale: 100,000 respondents x 40 statements x 12 invitation groups (SPEC section 10).

Builds a throw-away SQLite database (or ``--url``), writes the responses with one bulk insert per chunk, closes
the round, and times the bulk read, the in-memory computation and the whole :func:`analysis.analyse`.
Prints figures; asserts nothing (performance is measured here, never in tests).

    /work/venv/bin/python bench/stats_scale.py [--respondents 100000] [--groups 12] [--url URL]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import numpy as np
from sqlalchemy import insert

from scanengine import analysis, db, definition, rounds
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
    return definition.parse({
        "id": "bench", "version": "1", "title": t("Bench"),
        "scale": {"points": points, "labels": {"nl": [str(p) for p in range(1, points + 1)],
                                               "en": [str(p) for p in range(1, points + 1)]},
                  "dont_know": t("Weet niet")},
        "bands": [{"min": 4.0, "label": t("Sterk")}, {"min": 3.0, "label": t("Aandacht")}, {"min": 1.0, "label": t("Zorg")}],
        "background": [
            {"id": "role", "text": t("Rol"), "breakdown": True,
             "options": [{"id": o, "label": t(o)} for o in ("raad", "college", "ambtenaar", "directie", "partner")]},
            {"id": "years", "text": t("Jaren"), "breakdown": True,
             "options": [{"id": o, "label": t(o)} for o in ("y0", "y2", "y5", "y10")]},
        ],
        "dimensions": dims,
    }, "bench")


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--respondents", type=int, default=100_000)
    ap.add_argument("--groups", type=int, default=12)
    ap.add_argument("--url", help="database URL (default: a throw-away SQLite file)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="scanengine-bench-")
    url = args.url or f"sqlite:///{os.path.join(tmp, 'bench.sqlite')}"
    db.upgrade(url)
    q = bench_definition()
    n = args.respondents
    with db.session_scope(url) as s:
        rnd = rounds.create_round(s, q, name="bench", cooperation="bench",
                                  groups=[(f"Gemeente {g + 1}", n // args.groups + 10) for g in range(args.groups)])
        rounds.open_round(s, rnd)
        gids = [g.id for g in rounds.groups_of(s, rnd.id)]
        groups, ans, bg = synthetic(q, n, args.groups)
        t0 = time.perf_counter()
        chunk = 20_000
        for start in range(0, n, chunk):
            s.execute(insert(Response), [
                {"id": random_id(), "round_id": rnd.id, "group_id": gids[groups[i]], "answers": ans[i].tobytes(),
                 "background": bg[i].tobytes()} for i in range(start, min(start + chunk, n))])
        rounds.close_round(s, rnd)
        t_insert = time.perf_counter() - t0
        round_id = rnd.id
    print(f"respondents {n:,}  statements {len(q.items)}  dimensions {len(q.dimensions)}  invitation groups {args.groups}")
    print(f"bulk insert:                    {t_insert:6.2f} s")

    best = {"read": 1e9, "compute": 1e9, "analyse": 1e9, "summary": 1e9, "memory": 1e9, "memory_cpu": 1e9}
    for _ in range(args.repeat):
        with db.session_scope(url) as s:
            rnd = rounds.get_round(s, round_id)
            t0 = time.perf_counter()
            data = load_round_data(s, q, round_id)
            best["read"] = min(best["read"], time.perf_counter() - t0)
            t0 = time.perf_counter()
            analysis.compute(q, data)
            best["compute"] = min(best["compute"], time.perf_counter() - t0)
            t0 = time.perf_counter()
            res = analysis.analyse(s, rnd, include_benchmark=False)
            best["analyse"] = min(best["analyse"], time.perf_counter() - t0)
            # the statistics alone, in memory: analyse with the bulk read served from memory
            real_read = analysis.load_round_data
            analysis.load_round_data = lambda *_a, data=data: data
            try:
                t0, c0 = time.perf_counter(), time.process_time()
                analysis.analyse(s, rnd, include_benchmark=False)
                best["memory"] = min(best["memory"], time.perf_counter() - t0)
                best["memory_cpu"] = min(best["memory_cpu"], time.process_time() - c0)
            finally:
                analysis.load_round_data = real_read
            t0 = time.perf_counter()
            analysis.store_summary(s, rnd)
            best["summary"] = min(best["summary"], time.perf_counter() - t0)
    print(f"load_round_data (one query):    {best['read']:6.2f} s")
    print(f"compute (recode, show_if, scores): {best['compute']:6.2f} s")
    print(f"analyse (database -> Results):  {best['analyse']:6.2f} s   (best of {args.repeat})")
    print(f"analyse, answers in memory:     {best['memory']:6.2f} s wall, {best['memory_cpu']:.2f} s CPU")
    print(f"store_summary:                  {best['summary']:6.2f} s")
    d0 = res.dimensions[0]
    print(f"load average during the run:    {os.getloadavg()[0]:.1f} (2 cores; wall times above inflate with it)")
    print(f"check: dim0 n={d0.n} mean={d0.mean:.4f} alpha={d0.alpha:.3f} rwg_j={d0.rwg_j:.3f} icc1={d0.icc1:.4f}")
    import resource

    print(f"peak RSS of this process:       {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.0f} MB "
          "(includes building the synthetic data)")


if __name__ == "__main__":
    main()
