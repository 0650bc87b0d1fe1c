"""A round's answers -> :class:`RoundFigures`: every figure of the round, before any suppression.

The computation is one bulk read (:func:`scanengine.responses.load_round_data`) and numpy over all respondents at
once; each figure comes from a public function of :mod:`scanengine.stats`. A purged round's figures come from its
stored summary instead (:meth:`scanengine.analysis.summary.RoundSummary.figures`), in the same shape with the
figures that need the raw answers left out, and both go through the same presentation
(:func:`scanengine.analysis.presentation.present`). See docs/architecture.md, "Analysis".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scanengine import kinds, stats, texts
from scanengine.analysis.results import GROUP_BREAKDOWN, UNKNOWN_KEY, Text
from scanengine.definition import Questionnaire
from scanengine.kinds import Kind
from scanengine.kinds.background import shown as shown_to
from scanengine.kinds.base import GroupFigures
from scanengine.responses import DK_CODE, RoundData


def fixed_text(q: Questionnaire, key: str) -> Text:
    """A fixed interface text of the catalogue in each of the definition's languages."""
    return {lang: texts.t(lang, key) for lang in q.languages}


def num(x) -> float | None:
    """numpy scalar / NaN -> plain float or None (results hold no NaN)."""
    if x is None:
        return None
    x = float(x)
    return None if x != x or x in (float("inf"), float("-inf")) else x


def scale_points(q: Questionnaire) -> int:
    """Points of the statements' scale; 0 for a definition without statements (only sections), whose arrays of
    statements are empty and which has no statement figure to compute."""
    return q.scale.points if q.scale is not None else 0


def shown_mask(q: Questionnaire, background: np.ndarray) -> np.ndarray:
    """respondents x items: was the item shown (``show_if`` against the stored background codes)?

    An item with ``show_if`` is shown when, for every question it names, the respondent's option code is one of
    the listed options (an unanswered background question, code 0, hides the item): ``kinds.background.shown``,
    evaluated once per distinct condition.
    """
    out = np.ones((background.shape[0], len(q.items)), dtype=bool)
    masks: dict[tuple, np.ndarray] = {}  # one mask per distinct condition
    for i, item in enumerate(q.items):
        if not item.show_if:
            continue
        key = tuple(sorted((qid, tuple(sorted(opts))) for qid, opts in item.show_if.items()))
        if key not in masks:
            masks[key] = shown_to(
                q, item.show_if, background
            )  # the one vectorised show_if (kinds.background)
        out[:, i] = masks[key]
    return out


@dataclass
class Computed:
    """The recoded arrays of one round."""

    q: Questionnaire
    data: RoundData
    shown: np.ndarray  # bool, respondents x items
    values: np.ndarray  # float, recoded (reverse applied), NaN = missing, don't know or not shown
    scores: np.ndarray  # float, respondents x dimensions (half rule), NaN = no score
    dim_items: list[list[int]]  # item indices (storage order) per dimension


def compute(q: Questionnaire, data: RoundData) -> Computed:
    """Recode and score every respondent at once.

    Recoding: reverse items ``v' = points + 1 - v``, don't know and no answer missing (:func:`stats.recode`);
    answers to items that were not shown are ignored. Respondent dimension score: the mean of the answered items
    when at least half of the items shown to the respondent are answered (:func:`stats.dimension_scores`).
    """
    points = scale_points(q)
    reverse = np.array([item.reverse for item in q.items], dtype=bool)
    shown = shown_mask(q, data.background)
    values = stats.recode(data.answers, points, reverse)
    for i, item in enumerate(q.items):
        if item.show_if:  # an answer to a statement that was not shown does not count
            values[~shown[:, i], i] = np.nan
    dim_items: list[list[int]] = []
    start = 0
    for dim in q.dimensions:
        dim_items.append(list(range(start, start + len(dim.items))))
        start += len(dim.items)
    scores = stats.dimension_scores(values, shown, dim_items)
    return Computed(q, data, shown, values, scores, dim_items)


def item_counts(c: Computed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per statement: counts per raw scale point 1..points, don't-know counts and shown-to counts.

    One ``np.bincount`` of the stored byte per statement (answers to statements that were not shown ignored).
    """
    q, points = c.q, scale_points(c.q)
    n_items = len(q.items)
    counts = np.zeros((n_items, points), dtype=np.int64)
    dk = np.zeros(n_items, dtype=np.int64)
    shown = np.full(n_items, c.data.n, dtype=np.int64)
    for i, item in enumerate(q.items):
        col = c.data.answers[:, i]
        if item.show_if:
            col = np.where(c.shown[:, i], col, 0)
            shown[i] = int(c.shown[:, i].sum())
        bc = np.bincount(col, minlength=256)
        counts[i] = bc[1 : points + 1]
        dk[i] = bc[DK_CODE]
    return counts, dk, shown


# -- the figures of a round, before suppression ------------------------------------------------------------------


@dataclass
class BreakdownFigures:
    """One breakdown: invitation groups, or the options of a background question (with ``_unknown``)."""

    id: str
    title: Text
    keys: list[str]
    labels: list[Text]
    counts: np.ndarray  # respondents per group


@dataclass
class ItemFigures:
    """One statement. ``counts`` (raw, per scale point), ``dk`` and ``shown`` are None after a purge."""

    n: int  # answered
    mean: float | None  # recoded
    sd: float | None
    shown: int | None = None
    counts: np.ndarray | None = None
    dk: int | None = None


@dataclass
class DimensionFigures:
    """One dimension over all respondents; what needs the raw answers is None after a purge."""

    n: int
    mean: float | None
    sd: float | None
    median: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    rwg_j: float | None = None
    alpha: float | None = None
    alpha_n: int | None = None
    alpha_ci: tuple[float, float] | None = None
    icc1: float | None = None
    icc2: float | None = None
    shares: list[float] | None = None
    dk_share: float | None = None
    tables: list[stats.ValueTable] = field(default_factory=list)  # one per breakdown; empty after a purge


@dataclass
class SectionFigures:
    """One question of a section, unsuppressed: the whole round (one group) and every breakdown.

    ``shown`` counts the respondents the question was shown to (``show_if``); answers of the others are not
    counted anywhere (a question not shown is not missing data). After a purge ``shown`` is None and
    ``breakdowns`` is empty.
    """

    id: str
    kind: Kind
    question: Any
    section: str
    shown: int | None
    total: GroupFigures
    breakdowns: list[GroupFigures] = field(default_factory=list)  # in RoundFigures.breakdowns order


@dataclass
class RoundFigures:
    """Every figure of a round, unsuppressed: the live computation or a purged round's kept summary."""

    n: int
    breakdowns: list[BreakdownFigures]  # invitation groups first
    items: list[ItemFigures]
    dimensions: list[DimensionFigures]
    scores: np.ndarray | None = None  # respondents x dimensions; None after a purge
    group_ids: list[int] = field(default_factory=list)  # invitation group ids, in breakdown order
    purged: bool = False
    questions: list[SectionFigures] = field(default_factory=list)  # the questions of the sections, in order


def _breakdowns(
    q: Questionnaire, data: RoundData, groups: list
) -> tuple[list[BreakdownFigures], list[np.ndarray]]:
    """Invitation groups first, then each background question marked ``breakdown`` (with ``_unknown`` when
    somebody skipped it), with every respondent's group code per breakdown."""
    ids = np.array([g.id for g in groups], dtype=np.int64)
    sorter = np.argsort(ids)
    pos = np.searchsorted(ids, data.group_ids, sorter=sorter)
    codes = sorter[np.clip(pos, 0, max(len(ids) - 1, 0))] if len(ids) else np.zeros(0, np.intp)
    specs = [
        (
            GROUP_BREAKDOWN,
            fixed_text(q, "analysis.group_breakdown"),
            [g.name for g in groups],
            [{lang: g.name for lang in q.languages} for g in groups],
            codes.astype(np.intp),
        )
    ]
    for j, bq in enumerate(q.background):
        if not bq.breakdown:
            continue
        c = data.background[:, j].astype(np.intp) - 1
        c[c < 0] = len(bq.options)
        keys = [o.id for o in bq.options] + [UNKNOWN_KEY]
        labels = [dict(o.label) for o in bq.options] + [fixed_text(q, "analysis.unknown_group")]
        if not (c == len(bq.options)).any():  # nobody skipped the question: no "_unknown" group
            keys, labels = keys[:-1], labels[:-1]
        specs.append((bq.id, dict(bq.text), keys, labels, c))
    out, all_codes = [], []
    for bid, title, keys, labels, c in specs:
        counts = np.bincount(c, minlength=len(keys))[: len(keys)]
        out.append(BreakdownFigures(bid, title, keys, labels, counts))
        all_codes.append(c)
    return out, all_codes


def breakdown_counts(q: Questionnaire, data: RoundData, groups: list) -> list[BreakdownFigures]:
    """The round's breakdowns with their respondents per group, as the analysis makes them (for the warning
    before a close: which groups the k rule will hide)."""
    return _breakdowns(q, data, groups)[0]


def _items(c: Computed, counts: np.ndarray, dk: np.ndarray, shown: np.ndarray) -> list[ItemFigures]:
    """Per statement: n answered, mean and SD on the recoded scale, from its answer counts
    (``mean = sum v c_v / n``, ``SD^2`` by :func:`stats.count_variances`; reversing changes no variance)."""
    points = scale_points(c.q)
    scale = np.arange(1, points + 1, dtype=np.float64)
    var = stats.count_variances(counts, points)
    out = []
    for i, item in enumerate(c.q.items):
        rc = counts[i][::-1] if item.reverse else counts[i]
        n_ans = int(rc.sum())
        mean = float(rc @ scale / n_ans) if n_ans else None
        out.append(ItemFigures(n_ans, mean, num(np.sqrt(var[i])), int(shown[i]), counts[i], int(dk[i])))
    return out


def figures(c: Computed, groups: list) -> RoundFigures:
    """All figures of a live round.

    Per dimension: descriptives and the t interval of the whole round and of every group of every breakdown
    (:func:`stats.table_describe` over one :class:`stats.ValueTable` per breakdown), agreement
    (:func:`stats.rwg_j_from_variances` of the item variances), reliability (:func:`stats.cronbach_alpha`, Feldt
    interval :func:`stats.cronbach_alpha_ci`), ICC(1)/ICC(2) over invitation groups (:func:`stats.table_icc`), and
    the answer distribution pooled over the items.
    """
    q, points = c.q, scale_points(c.q)
    bds, codes = _breakdowns(q, c.data, groups)
    counts, dk_counts, shown = item_counts(c)
    items = _items(c, counts, dk_counts, shown)
    item_var = stats.count_variances(counts, points)
    dims = []
    for d in range(len(q.dimensions)):
        x = c.scores[:, d]
        has = ~np.isnan(x)
        idx = c.dim_items[d]
        distinct, value_index = np.unique(x[has], return_inverse=True)
        tables = [
            stats.tabulate_indexed(value_index, distinct, code[has], len(b.keys))
            for b, code in zip(bds, codes, strict=True)
        ]
        t = stats.table_describe(tables[0].pooled())
        fig = DimensionFigures(
            int(t.n[0]),
            num(t.mean[0]),
            num(t.sd[0]),
            num(t.median[0]),
            num(t.ci_low[0]),
            num(t.ci_high[0]),
            tables=tables,
        )
        if fig.n:
            fig.rwg_j = num(stats.rwg_j_from_variances(item_var[idx], points))
            m = np.ascontiguousarray(
                c.values[:, idx[0] : idx[-1] + 1]
            )  # a dimension's statements are contiguous
            alpha, fig.alpha_n = stats.cronbach_alpha(m)
            fig.alpha = num(alpha)
            lo, hi = stats.cronbach_alpha_ci(alpha, fig.alpha_n, len(idx))
            fig.alpha_ci = (lo, hi) if num(lo) is not None and num(hi) is not None else None
            if len(groups) >= 2:
                icc1, icc2 = stats.table_icc(tables[0])
                fig.icc1, fig.icc2 = num(icc1), num(icc2)
            pooled = np.zeros(points)
            for i in idx:
                pooled += counts[i][::-1] if q.items[i].reverse else counts[i]
            dk = float(dk_counts[idx].sum())
            base = pooled.sum() + dk
            if base > 0:
                fig.shares = [float(v) for v in pooled / base]
                fig.dk_share = dk / base
        dims.append(fig)
    return RoundFigures(
        c.data.n,
        bds,
        items,
        dims,
        c.scores,
        [g.id for g in groups],
        questions=section_figures(q, c.data, bds, codes),
    )


def section_figures(
    q: Questionnaire, data: RoundData, bds: list[BreakdownFigures], codes: list[np.ndarray]
) -> list[SectionFigures]:
    """Every question of the sections: its kind's statistics (:meth:`scanengine.kinds.Kind.statistics`) over the
    respondents it was shown to, for the whole round and per group of every breakdown (``bds`` with ``codes``,
    each respondent's group per breakdown, as :func:`_breakdowns` gives them)."""
    out = []
    for section in q.sections:
        for question in section.questions:
            kind = kinds.get(question.kind)
            cols = data.columns(question.id)
            shown = shown_to(q, question.show_if, data.background)
            total = kind.statistics(question, q, cols, np.where(shown, 0, -1), 1)
            per = [
                kind.statistics(question, q, cols, np.where(shown, code, -1), len(b.keys))
                for b, code in zip(bds, codes, strict=True)
            ]
            out.append(SectionFigures(question.id, kind, question, section.id, int(shown.sum()), total, per))
    return out
