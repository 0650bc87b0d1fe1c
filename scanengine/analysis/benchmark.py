"""Benchmark and trend: this round against the other closed rounds of its questionnaire, and against the previous
round of its cooperation. Both read the other rounds' stored summaries (:mod:`scanengine.analysis.summary`), so a
purged round still counts. See docs/architecture.md, "Benchmark".
"""

from __future__ import annotations

import numpy as np
from sqlmodel import Session, col, select

from scanengine import rounds as _rounds
from scanengine import stats
from scanengine.analysis.compute import compute, num
from scanengine.analysis.results import Benchmark, Results, Trend
from scanengine.analysis.summary import summary_of
from scanengine.models import STATUS_CLOSED, BenchmarkAggregate, Round, stored_id
from scanengine.responses import load_round_data
from scanengine.texts import Note


def benchmark_sources(session: Session, rnd: Round) -> list[dict[str, float]]:
    """Dimension means of every other closed round with the same questionnaire id (those that may be shown), and
    of imported aggregates."""
    others = session.exec(
        select(Round)
        .where(
            Round.questionnaire_id == rnd.questionnaire_id, Round.status == STATUS_CLOSED, Round.id != rnd.id
        )
        .order_by(col(Round.id))
    ).all()
    sources = []
    for other in others:
        summary = summary_of(session, other)
        means = summary.usable_means() if summary else {}
        if means:
            sources.append(means)
    for agg in session.exec(
        select(BenchmarkAggregate)
        .where(BenchmarkAggregate.questionnaire_id == rnd.questionnaire_id)
        .order_by(col(BenchmarkAggregate.id))
    ).all():
        means = {d: float(m) for d, m in agg.dimension_means.items() if m is not None}
        if means:
            sources.append(means)
    return sources


def add_benchmark(session: Session, rnd: Round, results: Results) -> None:
    """Benchmark per dimension: mean, quartiles (:func:`stats.quartiles`, Hyndman & Fan type 7) of the other
    rounds' means, and this round's mid-rank percentile (:func:`stats.percentile_rank`)."""
    sources = benchmark_sources(session, rnd)
    results.benchmark_rounds = len(sources)
    if not sources:
        results.notes.append(Note("analysis.note.no_benchmark"))
        return
    for dim in results.dimensions:
        values = np.array([s[dim.id] for s in sources if dim.id in s], dtype=np.float64)
        if values.size == 0:
            continue
        q1, med, q3 = stats.quartiles(values)
        dim.benchmark = Benchmark(
            rounds=int(values.size),
            mean=num(values.mean()),
            q1=num(q1),
            median=num(med),
            q3=num(q3),
            percentile=num(stats.percentile_rank(dim.mean, values)) if dim.mean is not None else None,
        )


def previous_round(session: Session, rnd: Round) -> Round | None:
    """The last closed round of the same cooperation and questionnaire id that closed before this one."""
    stmt = select(Round).where(
        Round.cooperation == rnd.cooperation,
        Round.questionnaire_id == rnd.questionnaire_id,
        Round.status == STATUS_CLOSED,
        Round.id != rnd.id,
    )
    if rnd.closed_at is not None:
        stmt = stmt.where(col(Round.closed_at) < rnd.closed_at)
    return session.exec(stmt.order_by(col(Round.closed_at).desc(), col(Round.id).desc())).first()


def add_trend(session: Session, rnd: Round, scores: np.ndarray | None, results: Results) -> None:
    """Trend per dimension: difference with the previous round's mean (from its summary) and the two-sided
    Mann-Whitney p on the respondent scores of both rounds (:func:`stats.mann_whitney`; none after a purge)."""
    prev = previous_round(session, rnd)
    if prev is None:
        return
    summary = summary_of(session, prev)
    if not summary:
        return
    results.previous_round = {"id": prev.id, "name": prev.name, "closed_at": prev.closed_at, "n": summary.n}
    means = summary.usable_means()
    if not means:
        return
    prev_scores: dict[str, np.ndarray] = {}
    if prev.purged_at is None and scores is not None:
        pq = _rounds.questionnaire_of(prev)
        pc = compute(pq, load_round_data(session, pq, stored_id(prev)))
        prev_scores = {dim.id: pc.scores[:, j] for j, dim in enumerate(pq.dimensions)}
    for d, dim in enumerate(results.dimensions):
        if dim.mean is None or dim.id not in means:
            continue
        p = None
        if dim.id in prev_scores and scores is not None:
            p = num(stats.mann_whitney(scores[:, d], prev_scores[dim.id]).p)
        dim.trend = Trend(prev.id, prev.name, means[dim.id], num(dim.mean - means[dim.id]), p)
