"""Cost of one submission in-process (no HTTP): ``participation.submit`` after a saved draft, on SQLite.

    python bench/submit_cost.py [N]        # N submissions (default 600), 12 groups, k = 5

Why: the pool and its mixing step (scanengine.pool) add work to the submit path — sealing, a count, and every
k-th submission of a group a mixing transaction followed by a WAL checkpoint. ``bench/submit_load.py`` measures
the whole flow under gunicorn; on a loaded machine its wall-clock figures say more about the other processes,
so this script times the submission alone, CPU (``time.process_time``) and wall, the first 50 left out as
warm-up. BENCHMARKS.md ("anonymity at rest") has the figures before and after.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.submit_load import bench_definition, prepare_round  # noqa: E402


def main(n: int) -> None:
    from sqlmodel import Session

    from scanengine import db, participation

    tmp = Path(tempfile.mkdtemp(prefix="submit-cost-"))
    url = f"sqlite:///{tmp / 'bench.sqlite'}"
    (tmp / "definition.json").write_text(json.dumps(bench_definition()), encoding="utf-8")
    _, tokens = prepare_round(url, tmp / "definition.json", n, 12)
    rng = random.Random(1)
    cpu, wall = [], []
    with Session(db.get_engine(url)) as s:
        for token in tokens:
            link = participation.resolve_link(s, token)
            q = link.questionnaire
            answers = {item.id: str(rng.randint(1, 5)) for item in q.items if not item.show_if}
            answers.update({b.id: b.options[0].id for b in q.background})
            participation.save_draft(s, link, participation.DraftState(answers=answers, page=3))
            c0, w0 = time.process_time(), time.perf_counter()
            participation.submit(
                s,
                link,
                {"improve": "Een open antwoord van gemiddelde lengte."},
                secret="bench-secret-key-not-for-production",
            )
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
    cpu, wall = cpu[50:], wall[50:]

    def pct(xs: list[float], p: float) -> float:
        return 1000 * sorted(xs)[int(p * (len(xs) - 1))]

    print(
        f"submissions {len(cpu)}: CPU mean {1000 * statistics.fmean(cpu):.2f} ms, median {pct(cpu, 0.5):.2f} ms, "
        f"p99 {pct(cpu, 0.99):.2f} ms; wall mean {1000 * statistics.fmean(wall):.2f} ms, median "
        f"{pct(wall, 0.5):.2f} ms, p99 {pct(wall, 0.99):.2f} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 600)
