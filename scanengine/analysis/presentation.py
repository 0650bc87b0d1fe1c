"""A round -> :class:`Results`: its figures (live, or kept after a purge) with the anonymity rules applied, once.

* a round of fewer than ``k`` respondents shows no figure at all;
* a group of fewer than ``k`` respondents is suppressed, with complementary suppression
  (:func:`scanengine.analysis.suppression.suppress`), per breakdown and again per dimension cell;
* respondents without an answer to a background question form their own ``_unknown`` group, under the same rules;
* a figure based on fewer than ``k`` respondents (a dimension, a statement's mean, its answer distribution) is not
  shown (:func:`scanengine.analysis.suppression.enough`);
* open answers come only from respondents whose invitation group is shown;
* gaps and Kruskal-Wallis tests use shown groups of at least ``k`` only.

See docs/architecture.md, "Analysis" and "Anonymity".
"""

from __future__ import annotations

import numpy as np
from sqlmodel import Session

from scanengine import rounds as _rounds
from scanengine import stats
from scanengine.analysis import benchmark as _benchmark
from scanengine.analysis.businesscase import businesscase_results
from scanengine.analysis.compute import BreakdownFigures, RoundFigures, compute, figures, num
from scanengine.analysis.decision import DecisionResult, decision_results
from scanengine.analysis.results import (
    GROUP_BREAKDOWN,
    TOP_GAPS,
    TOP_ITEMS,
    UNKNOWN_KEY,
    DimensionResult,
    Gap,
    GroupCount,
    GroupResult,
    ItemResult,
    Kruskal,
    QuestionGroup,
    QuestionResult,
    Results,
)
from scanengine.analysis.summary import RoundSummary
from scanengine.analysis.suppression import enough, shown_cells, suppress
from scanengine.definition import Questionnaire
from scanengine.models import STATUS_CLOSED, Round, stored_id
from scanengine.responses import RoundData, load_open_answers, load_round_data
from scanengine.texts import Note


def analyse(session: Session, rnd: Round, *, include_benchmark: bool = True) -> Results:
    """The results of a round: its figures (:func:`scanengine.analysis.compute.figures`, or the kept summary of a
    purged round), presented under the anonymity rules, with benchmark and trend."""
    q = _rounds.questionnaire_of(rnd)
    groups = _rounds.groups_of(session, stored_id(rnd))
    kept = RoundSummary.of(rnd) if rnd.purged_at is not None else None
    data = None
    if kept is not None:
        fig = kept.figures(q, groups)
    else:
        data = load_round_data(session, q, stored_id(rnd))
        fig = figures(compute(q, data), groups)
        fig.purged = rnd.purged_at is not None
    results = present(session, rnd, q, groups, fig)
    if q.decision is not None:
        results.decision = _decision(rnd, q, data, groups, kept)
    if q.businesscase is not None:
        results.businesscase = businesscase_results(q, fig, rnd.min_group_size) or (
            kept.kept_businesscase() if kept is not None else None
        )
    if include_benchmark and not results.suppressed:
        _benchmark.add_benchmark(session, rnd, results)
        _benchmark.add_trend(session, rnd, fig.scores, results)
    return results


def _decision(
    rnd: Round, q: Questionnaire, data: RoundData | None, groups: list, kept: RoundSummary | None
) -> DecisionResult | None:
    """The decision: from the answers, with the stability a closed round's summary keeps (computed once, at the
    close, and reused while the answers are the same); after a purge the kept whole-round figures (no groups),
    or None when the summary predates the decision's (version 3)."""
    if data is None:
        return kept.decision.decision().result if kept is not None and kept.decision is not None else None
    summary = RoundSummary.current(rnd) if rnd.status == STATUS_CLOSED else None
    held = summary.decision.decision() if summary is not None and summary.decision is not None else None
    return decision_results(q, data, groups, rnd.min_group_size, kept=held)


def present(session: Session, rnd: Round, q: Questionnaire, groups: list, fig: RoundFigures) -> Results:
    """Apply the anonymity rules to a round's figures (see the module docstring)."""
    k, n = rnd.min_group_size, fig.n
    hide_all = not enough(n, k)
    notes: list[Note] = []
    if hide_all:
        notes.append(Note("analysis.note.too_few", {"n": n, "k": k}))
    if fig.purged:
        notes.append(Note("analysis.note.purged"))
    hidden = [np.ones(len(b.keys), bool) if hide_all else suppress(b.counts, k) for b in fig.breakdowns]
    items = _items(q, fig, k, hide_all)
    dims: list[DimensionResult] = []
    cell_hidden_extra = 0
    for d, dim in enumerate(q.dimensions):
        f = fig.dimensions[d]
        shown = not hide_all and enough(f.n, k) and f.mean is not None
        res = DimensionResult(
            id=dim.id,
            title=dict(dim.title),
            description=dict(dim.description) if dim.description else None,
            n=None if hide_all else f.n,
            mean=None,
            sd=None,
            median=None,
            ci_low=None,
            ci_high=None,
            rwg_j=None,
            alpha=None,
            alpha_ci=None,
            alpha_n=None,
            band_index=None,
            items=[it for it in items if it.dimension_id == dim.id],
        )
        if shown:
            res.mean, res.sd, res.median, res.ci_low, res.ci_high = (
                f.mean,
                f.sd,
                f.median,
                f.ci_low,
                f.ci_high,
            )
            res.band_index = q.band_index(f.mean)
            res.rwg_j, res.alpha, res.alpha_n, res.alpha_ci = f.rwg_j, f.alpha, f.alpha_n, f.alpha_ci
            if len(groups) >= 2:
                res.icc1, res.icc2 = f.icc1, f.icc2
            res.shares, res.dk_share = f.shares, f.dk_share
        # a purged round has no tables (no groups per dimension); strict=False pairs them only when present
        for b, bd_hidden, table in zip(fig.breakdowns, hidden, f.tables, strict=False):
            cell_hidden_extra += _cells(res, b, bd_hidden, table, k, shown)
        dims.append(res)
    questions, question_cells = _questions(fig, hidden, k, hide_all)
    cell_hidden_extra += question_cells
    if not hide_all:
        notes += _suppression_notes(fig.breakdowns, hidden, k, cell_hidden_extra)
    top, bottom = stats.top_bottom(
        np.array([np.nan if it.mean is None else it.mean for it in items]), TOP_ITEMS
    )
    expected = _rounds.round_status(session, rnd).expected
    group_bd, group_hidden = fig.breakdowns[0], hidden[0]
    group_counts = [
        GroupCount(
            g.name,
            None if group_hidden[i] else int(group_bd.counts[i]),
            g.expected_size,
            bool(group_hidden[i]),
        )
        for i, g in enumerate(groups)
    ]
    open_answers: dict[str, list[str]]
    if fig.purged:
        open_answers, withheld = {oq.id: [] for oq in q.open_questions}, 0
    else:
        open_answers, withheld = _open_answers(session, q, rnd, groups, group_hidden)
    if withheld:
        notes.append(Note("analysis.note.open_withheld", {"n": withheld}))
    return Results(
        round_id=stored_id(rnd),
        round_name=rnd.name,
        cooperation=rnd.cooperation,
        status=rnd.status,
        questionnaire=q,
        closed_at=rnd.closed_at,
        k=k,
        n=n,
        expected=expected,
        response_rate=num(n / expected) if expected else None,
        breakdowns=[(b.id, b.title) for b in fig.breakdowns],
        group_counts=group_counts,
        dimensions=dims,
        strongest=[items[i] for i in top],
        weakest=[items[i] for i in bottom],
        gaps=_gaps(dims, fig.breakdowns, k),
        open_answers=open_answers,
        open_answers_withheld=withheld,
        benchmark_rounds=0,
        previous_round=None,
        notes=notes,
        questions=questions,
    )


def _items(q: Questionnaire, fig: RoundFigures, k: int, hide_all: bool) -> list[ItemResult]:
    """Per statement: mean, SD and answer shares (over answered + don't know) when at least k respondents answered
    or said don't know (after a purge, when the don't-know count is gone: at least k answered)."""
    dim_of = q.item_dimension_index()
    out = []
    for i, item in enumerate(q.items):
        f = fig.items[i]
        base = f.n + f.dk if f.dk is not None else None
        show_mean = not hide_all and enough(f.n if base is None else base, k)
        dist = None
        if show_mean and f.counts is not None and f.dk is not None and base:  # a base means dk is known
            dist = ([float(v) / base for v in f.counts], float(f.dk) / base)
        out.append(
            ItemResult(
                id=item.id,
                text=dict(item.text),
                dimension_id=q.dimensions[dim_of[i]].id,
                reverse=item.reverse,
                n=None if hide_all else f.n,
                shown=None if hide_all else f.shown,
                mean=f.mean if show_mean else None,
                sd=f.sd if show_mean else None,
                shares=dist[0] if dist else None,
                dk_share=dist[1] if dist else None,
            )
        )
    return out


def _cells(
    res: DimensionResult,
    b: BreakdownFigures,
    bd_hidden: np.ndarray,
    table: stats.ValueTable,
    k: int,
    shown: bool,
) -> int:
    """The groups of one breakdown in one dimension, and its Kruskal-Wallis test over the shown groups of at least
    k (not ``_unknown``); returns how many cells were hidden beyond the breakdown's own suppression."""
    gs = stats.table_describe(table)
    hide = suppress(gs.n, k, bd_hidden) if shown else np.ones(len(b.keys), bool)
    rows, tested = [], []
    for g, key in enumerate(b.keys):
        if hide[g]:
            res.groups.append(GroupResult(b.id, key, b.labels[g], None, True))
            continue
        res.groups.append(
            GroupResult(
                b.id,
                key,
                b.labels[g],
                int(gs.n[g]),
                False,
                num(gs.mean[g]),
                num(gs.sd[g]),
                num(gs.median[g]),
                num(gs.ci_low[g]),
                num(gs.ci_high[g]),
            )
        )
        if key != UNKNOWN_KEY and enough(int(gs.n[g]), k):
            rows.append(g)
            tested.append(key)
    if not shown:
        return 0
    kw = stats.table_kruskal(table, rows)
    res.tests[b.id] = Kruskal(
        num(kw.H), num(kw.p), num(kw.epsilon2), kw.df, tested if len(tested) >= 2 else []
    )
    return int((hide & ~bd_hidden).sum())


def _questions(
    fig: RoundFigures, hidden: list[np.ndarray], k: int, hide_all: bool
) -> tuple[list[QuestionResult], int]:
    """The questions of sections under the same rules as a dimension: figures only when at least k answered
    (don't know counted apart, not in that n); per breakdown the groups below k are hidden with complementary
    suppression, on top of the breakdown's own hidden groups. A question each respondent answers for their own
    organisation (``Kind.estimates_per_group``) is broken down by invitation group only and gets its total over
    the groups shown (``Kind.total_over_groups``). Returns the results and how many cells were hidden beyond the
    breakdowns' own suppression."""
    out, extra = [], 0
    for f in fig.questions:
        n, dk = int(f.total.n[0]), int(f.total.dk[0])
        shown = not hide_all and enough(n, k)
        res = QuestionResult(
            id=f.id,
            kind=f.kind.name,
            section=f.section,
            text=dict(f.question.text),
            n=None if hide_all else n,
            dk=None if hide_all else dk,
            shown=None if hide_all else f.shown,
            figures=f.total.figures[0].within(k) if shown else None,
        )
        per_group = f.kind.estimates_per_group(f.question)  # answered for one's own organisation
        for b, bd_hidden, gf in zip(fig.breakdowns, hidden, f.breakdowns, strict=False):
            if per_group and b.id != GROUP_BREAKDOWN:
                continue
            hide, with_figures = shown_cells(gf.n, k, bd_hidden, shown)
            for g, key in enumerate(b.keys):
                if hide[g]:
                    res.groups.append(QuestionGroup(b.id, key, b.labels[g], None, True))
                else:
                    res.groups.append(
                        QuestionGroup(
                            b.id,
                            key,
                            b.labels[g],
                            int(gf.n[g]),
                            False,
                            gf.figures[g].within(k) if with_figures[g] else None,
                            int(gf.dk[g]),
                        )
                    )
            if shown:
                extra += int((hide & ~bd_hidden).sum())
        res.estimated_per_group = per_group
        if per_group and shown:
            res.total = f.kind.total_over_groups(
                f.question, [g.figures for g in res.groups if g.breakdown == GROUP_BREAKDOWN]
            )
        out.append(res)
    return out, extra


def _suppression_notes(
    bds: list[BreakdownFigures], hidden: list[np.ndarray], k: int, cells: int
) -> list[Note]:
    """Why groups are missing: below k, hidden as complement, cells below k."""
    below = sum(int(((b.counts > 0) & (b.counts < k)).sum()) for b in bds)
    extra = sum(int((h & ~((b.counts > 0) & (b.counts < k))).sum()) for b, h in zip(bds, hidden, strict=True))
    notes = []
    if below:
        notes.append(Note("analysis.note.groups_below_k", {"n": below, "k": k}))
    if extra:
        notes.append(Note("analysis.note.groups_complement", {"n": extra}))
    if cells:
        notes.append(Note("analysis.note.cells_hidden", {"k": k}))
    return notes


def _gaps(dims: list[DimensionResult], bds: list[BreakdownFigures], k: int) -> list[Gap]:
    """The largest differences between the highest and lowest shown group (of at least k) per dimension and
    breakdown."""
    gaps: list[Gap] = []
    for dim in dims:
        for b in bds:
            shown = [
                (g.mean, g)
                for g in dim.groups
                if g.breakdown == b.id
                and not g.suppressed
                and g.key != UNKNOWN_KEY
                and g.mean is not None
                and enough(g.n, k)
            ]
            if len(shown) < 2:
                continue
            hi_mean, hi = max(shown, key=lambda pair: pair[0])
            lo_mean, lo = min(shown, key=lambda pair: pair[0])
            if hi_mean > lo_mean:
                gaps.append(
                    Gap(dim.id, b.id, hi.key, hi.label, hi_mean, lo.key, lo.label, lo_mean, hi_mean - lo_mean)
                )
    gaps.sort(key=lambda g: -g.diff)
    return gaps[:TOP_GAPS]


def _open_answers(
    session: Session, q: Questionnaire, rnd: Round, groups: list, hidden: np.ndarray
) -> tuple[dict[str, list[str]], int]:
    """Open answers of respondents whose invitation group is shown, sorted alphabetically (order reveals nothing)."""
    shown_ids = {g.id for i, g in enumerate(groups) if not hidden[i]}
    wanted = [oq.id for oq in q.open_questions]
    out: dict[str, list[str]] = {qid: [] for qid in wanted}
    withheld = 0
    for gid, _bg, answers in load_open_answers(session, stored_id(rnd)):
        for qid in wanted:
            text = (answers.get(qid) or "").strip()
            if not text:
                continue
            if gid in shown_ids:
                out[qid].append(text)
            else:
                withheld += 1
    for qid in out:
        out[qid].sort(key=lambda t: (t.casefold(), t))
    return out, withheld
