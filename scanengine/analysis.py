"""A round -> :class:`Results`: scores, spread, agreement, reliability, group differences, trend, benchmark.

Every consumer (the PDF report, the results page, the exports) reads the same :class:`Results`, so the
anonymity rules of SPEC section 4 are applied here, once, in the object itself:

* a group of fewer than ``k`` respondents (``0 < n < k``) is suppressed: it carries no figures, not even n;
* complementary suppression: when exactly one group of a breakdown is suppressed, the smallest shown group is
  suppressed too, so the hidden group cannot be recovered as "total minus the others";
* respondents without an answer to a background question form their own ``_unknown`` group, under the same rules;
* a round of fewer than ``k`` respondents shows no figure at all;
* open answers come only from respondents whose invitation group is shown;
* gaps and Kruskal-Wallis tests use shown groups only.

The computation is one bulk read (:func:`scanengine.responses.load_round_data`) and numpy over all respondents at
once, using the pure functions of :mod:`scanengine.stats` (SPEC section 7 gives the formulas).
Texts that come from the definition stay ``{lang: text}`` dicts so each consumer localises.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlmodel import Session, select

from scanengine import rounds as _rounds
from scanengine import stats
from scanengine.definition import Questionnaire
from scanengine.models import STATUS_CLOSED, BenchmarkAggregate, Round
from scanengine.responses import DK_CODE, RoundData, load_open_answers, load_round_data

Text = dict[str, str]

GROUP_BREAKDOWN = "group"
UNKNOWN_KEY = "_unknown"
UNKNOWN_LABEL: Text = {"nl": "Niet ingevuld", "en": "Not answered"}
GROUP_BREAKDOWN_TITLE: Text = {"nl": "Organisatie", "en": "Organisation"}
TOP_ITEMS = 5
TOP_GAPS = 5


@dataclass
class GroupResult:
    """One group of one breakdown in one dimension. Suppressed: ``n`` and every figure are ``None``."""

    breakdown: str  # "group" for invitation groups, else the background question id
    key: str  # group name, option id, or "_unknown"
    label: Text
    n: int | None
    suppressed: bool
    mean: float | None = None
    sd: float | None = None
    median: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass
class ItemResult:
    """One statement: answered n, shown-to n, mean and SD on the recoded scale, raw answer distribution."""

    id: str
    text: Text
    dimension_id: str
    reverse: bool
    n: int | None  # answered (1..points); None when suppressed
    shown: int | None  # shown to (after show_if)
    mean: float | None
    sd: float | None
    shares: list[float] | None  # per raw scale point 1..points, over answered + dk
    dk_share: float | None


@dataclass
class Benchmark:
    """This round's dimension mean against the other closed rounds (and imported aggregates)."""

    rounds: int
    mean: float | None
    q1: float | None
    median: float | None
    q3: float | None
    percentile: float | None


@dataclass
class Trend:
    """Against the previous closed round of the same cooperation and questionnaire."""

    previous_round_id: int | None
    previous_round_name: str
    previous_mean: float | None
    diff: float | None
    p: float | None  # Mann-Whitney on respondent scores; None when the previous raw data is purged


@dataclass
class DimensionResult:
    id: str
    title: Text
    description: Text | None
    n: int | None
    mean: float | None
    sd: float | None
    median: float | None
    ci_low: float | None
    ci_high: float | None
    rwg_j: float | None
    alpha: float | None
    alpha_ci: tuple[float, float] | None
    alpha_n: int | None
    band_index: int | None
    items: list[ItemResult] = field(default_factory=list)
    groups: list[GroupResult] = field(default_factory=list)
    tests: dict[str, dict[str, Any]] = field(default_factory=dict)
    icc1: float | None = None
    icc2: float | None = None
    benchmark: Benchmark | None = None
    trend: Trend | None = None
    shares: list[float] | None = None  # pooled over the items, per recoded scale point 1..points
    dk_share: float | None = None


@dataclass
class Gap:
    dimension_id: str
    breakdown: str
    high_key: str
    high_label: Text
    high_mean: float
    low_key: str
    low_label: Text
    low_mean: float
    diff: float


@dataclass
class GroupCount:
    """Responses per invitation group; ``responses`` is None when the group is suppressed."""

    name: str
    responses: int | None
    expected: int | None
    suppressed: bool


@dataclass
class Results:
    round_id: int
    round_name: str
    cooperation: str
    status: str
    questionnaire: Questionnaire
    closed_at: datetime | None
    k: int
    n: int
    expected: int | None
    response_rate: float | None
    breakdowns: list[tuple[str, Text]]
    group_counts: list[GroupCount]
    dimensions: list[DimensionResult]
    strongest: list[ItemResult]
    weakest: list[ItemResult]
    gaps: list[Gap]
    open_answers: dict[str, list[str]]
    open_answers_withheld: int
    benchmark_rounds: int
    previous_round: dict | None
    notes: list[Text]

    @property
    def suppressed(self) -> bool:
        """True when the whole round has fewer than k respondents (no figure is shown)."""
        return self.n < self.k

    def dimension(self, dim_id: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.id == dim_id)

    def to_dict(self) -> dict:
        """Everything as JSON-ready data (the questionnaire only as id, version and title)."""
        out = {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self) if f.name != "questionnaire"}
        q = self.questionnaire
        out["questionnaire"] = {"id": q.id, "version": q.version, "title": dict(q.title)}
        return out

    def to_export(self) -> dict:
        """The export JSON of SPEC section 6 (see :func:`scanengine.export.to_json`)."""
        from scanengine.export import export_dict

        return export_dict(self)


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and datetimes -> JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Questionnaire):
        return {"id": value.id, "version": value.version, "title": dict(value.title)}
    return value


# -- the computation ------------------------------------------------------------------------------------------

SUMMARY_VERSION = 1


def _f(x: Any) -> float | None:
    """numpy scalar / NaN -> plain float or None (the Results object holds no NaN)."""
    if x is None:
        return None
    x = float(x)
    return None if x != x or x in (float("inf"), float("-inf")) else x


def _text(q: Questionnaire, text: Text) -> Text:
    """A fixed interface text restricted to the definition's languages (Dutch fallback)."""
    return {lang: text.get(lang, text["en"] if lang != "nl" else text["nl"]) for lang in q.languages}


def shown_mask(q: Questionnaire, background: np.ndarray) -> np.ndarray:
    """respondents x items: was the item shown (``show_if`` against the stored background codes)?

    Vectorised form of :meth:`Questionnaire.is_shown`: an item with ``show_if`` is shown when, for every
    question it names, the respondent's option code is one of the listed options (an unanswered background
    question, code 0, hides the item). One ``np.isin`` per distinct condition.
    """
    n = background.shape[0]
    items = q.items
    shown = np.ones((n, len(items)), dtype=bool)
    position = {bq.id: j for j, bq in enumerate(q.background)}
    cache: dict[tuple, np.ndarray] = {}
    for i, item in enumerate(items):
        if not item.show_if:
            continue
        key = tuple(sorted((qid, tuple(sorted(opts))) for qid, opts in item.show_if.items()))
        mask = cache.get(key)
        if mask is None:
            mask = np.ones(n, dtype=bool)
            for qid, opts in item.show_if.items():
                j = position[qid]
                ids = [o.id for o in q.background[j].options]
                codes = [ids.index(o) + 1 for o in opts]
                mask &= np.isin(background[:, j], codes)
            cache[key] = mask
        shown[:, i] = mask
    return shown


@dataclass
class Computed:
    """The unsuppressed arrays of one round: what :class:`Results` and the stored summary are made of."""

    q: Questionnaire
    data: RoundData
    shown: np.ndarray  # bool, respondents x items
    values: np.ndarray  # float, recoded (reverse applied), NaN = missing, don't know or not shown
    scores: np.ndarray  # float, respondents x dimensions (half rule), NaN = no score
    dim_items: list[list[int]]  # item indices (storage order) per dimension


def compute(q: Questionnaire, data: RoundData) -> Computed:
    """Recode and score every respondent at once (SPEC section 7).

    Recoding: reverse items ``v' = points + 1 - v``, don't know (255) and no answer (0) missing
    (:func:`stats.recode`); answers to items that were not shown are ignored. Respondent dimension score: the
    mean of the answered items when at least half of the items shown to the respondent are answered
    (:func:`stats.dimension_scores`).
    """
    points = q.scale.points
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


def suppress(n: np.ndarray, k: int, forced: np.ndarray | None = None) -> np.ndarray:
    """Which groups of one breakdown to hide (SPEC section 4).

    Primary: ``0 < n < k`` (and ``forced``, groups already hidden at a higher level). Complementary: when exactly
    one hidden group has respondents, its figures would follow from the total minus the shown groups, so the
    smallest shown group with respondents is hidden too (the classic cell-suppression rule of statistical
    disclosure control; Hundepool et al. 2012, *Statistical Disclosure Control*, section 5.4).
    """
    n = np.asarray(n)
    hide = (n > 0) & (n < k)
    if forced is not None:
        hide |= np.asarray(forced, dtype=bool)
    if int((hide & (n > 0)).sum()) == 1:
        candidates = np.flatnonzero(~hide & (n > 0))
        if candidates.size:
            hide[candidates[np.argmin(n[candidates])]] = True
    return hide


@dataclass
class _Breakdown:
    id: str
    title: Text
    keys: list[str]
    labels: list[Text]
    codes: np.ndarray  # group code per respondent, 0..len(keys)-1
    counts: np.ndarray  # respondents per group
    hidden: np.ndarray  # group-level suppression


def _breakdowns(q: Questionnaire, data: RoundData, groups: list, k: int, all_hidden: bool) -> list[_Breakdown]:
    """Invitation groups first, then each background question marked ``breakdown`` (with ``_unknown``)."""
    out = []
    ids = np.array([g.id for g in groups], dtype=np.int64)
    sorter = np.argsort(ids)
    pos = np.searchsorted(ids, data.group_ids, sorter=sorter)
    codes = sorter[np.clip(pos, 0, max(len(ids) - 1, 0))] if len(ids) else np.zeros(0, np.intp)
    specs = [(GROUP_BREAKDOWN, _text(q, GROUP_BREAKDOWN_TITLE), [g.name for g in groups],
              [{lang: g.name for lang in q.languages} for g in groups], codes.astype(np.intp))]
    for j, bq in enumerate(q.background):
        if not bq.breakdown:
            continue
        c = data.background[:, j].astype(np.intp) - 1
        c[c < 0] = len(bq.options)
        keys = [o.id for o in bq.options] + [UNKNOWN_KEY]
        labels = [dict(o.label) for o in bq.options] + [_text(q, UNKNOWN_LABEL)]
        if not (c == len(bq.options)).any():  # nobody skipped the question: no "_unknown" group
            keys, labels = keys[:-1], labels[:-1]
        specs.append((bq.id, dict(bq.text), keys, labels, c))
    for bid, title, keys, labels, c in specs:
        counts = np.bincount(c, minlength=len(keys))[: len(keys)]
        hidden = np.ones(len(keys), bool) if all_hidden else suppress(counts, k)
        out.append(_Breakdown(bid, title, keys, labels, c, counts, hidden))
    return out


@dataclass
class GroupTable:
    """Respondent scores of one dimension tabulated as groups x distinct values.

    A dimension score is a mean of a few integer answers, so 100,000 scores take only a few hundred distinct
    values. Counting them per group (one ``np.bincount``) gives every per-group figure exactly, and makes each
    further breakdown or group subset cost O(groups x values) instead of another pass or sort over all
    respondents. The results equal :func:`stats.group_describe` and :func:`stats.kruskal` (pinned in the tests).
    """

    values: np.ndarray  # distinct scores, ascending
    counts: np.ndarray  # int, groups x distinct values

    @classmethod
    def build(cls, value_index: np.ndarray, values: np.ndarray, codes: np.ndarray, n_groups: int) -> GroupTable:
        m = values.size
        flat = np.bincount(codes * m + value_index, minlength=n_groups * m)
        return cls(values, flat.reshape(n_groups, m))

    def describe(self) -> stats.GroupSummary:
        """Per group: n, mean, SD (ddof 1), median, 95% CI ``mean ± t(0.975, n-1)·SD/√n`` (as group_describe)."""
        t, u = self.counts, self.values
        n = t.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = (t @ u) / n
            ss = (t * (u[None, :] - mean[:, None]) ** 2).sum(axis=1)
            sd = np.sqrt(np.where(n >= 2, ss / (n - 1), np.nan))
            hw = stats._st.t.ppf(0.975, np.where(n >= 2, n - 1, np.nan)) * sd / np.sqrt(n)
        median = np.full(n.size, np.nan)
        for g in np.flatnonzero(n):
            cum = np.cumsum(t[g])
            lo = np.searchsorted(cum, (n[g] - 1) // 2, side="right")
            hi = np.searchsorted(cum, n[g] // 2, side="right")
            median[g] = (u[lo] + u[hi]) / 2
        return stats.GroupSummary(n, mean, sd, median, mean - hw, mean + hw)

    def total(self) -> GroupTable:
        """All groups pooled (the whole round)."""
        return GroupTable(self.values, self.counts.sum(axis=0, keepdims=True))

    def icc(self) -> tuple[float, float]:
        """ICC(1) and ICC(2) over the groups with respondents, from the one-way ANOVA of the table.

        ``MSB = Σ n_g (m_g - m)² / (G-1)``, ``MSW = Σ Σ (x - m_g)² / (N-G)``, ``n̄ = (N - Σ n_g²/N) / (G-1)``;
        ``ICC(1) = (MSB - MSW) / (MSB + (n̄-1) MSW)``, ``ICC(2) = (MSB - MSW) / MSB`` (Bliese 2000; equal to
        :func:`stats.icc1` and :func:`stats.icc2`, pinned in the tests). NaN where undefined.
        """
        t = self.counts[self.counts.sum(axis=1) > 0]
        u = self.values
        n = t.sum(axis=1).astype(np.float64)
        G, N = n.size, float(n.sum())
        if G < 2 or N - G < 1:
            return np.nan, np.nan
        mean = (t @ u) / n
        grand = float(n @ mean) / N
        msb = float((n * (mean - grand) ** 2).sum()) / (G - 1)
        msw = float((t * (u[None, :] - mean[:, None]) ** 2).sum()) / (N - G)
        n_bar = (N - float((n**2).sum()) / N) / (G - 1)
        den = msb + (n_bar - 1) * msw
        icc1 = (msb - msw) / den if den > 0 else np.nan
        icc2 = (msb - msw) / msb if msb > 0 else np.nan
        return float(icc1), float(icc2)

    def kruskal(self, rows: list[int]) -> stats.KruskalResult:
        """Kruskal-Wallis H over the groups ``rows`` with tie correction, and ``epsilon² = H / ((N²-1)/(N+1))``.

        Mid-ranks per distinct value from the pooled counts; ``H = 12/(N(N+1)) Σ R²_g/n_g - 3(N+1)`` divided by
        ``1 - Σ(t³-t)/(N³-N)`` (Kruskal & Wallis 1952, JASA 47(260); scipy.stats.kruskal computes the same;
        epsilon² after Tomczak & Tomczak 2014). Fewer than two groups or no variation: NaN.
        """
        t = self.counts[rows]
        df = max(len(rows) - 1, 0)
        tot = t.sum(axis=0)
        N = int(tot.sum())
        if len(rows) < 2 or int((tot > 0).sum()) < 2:
            return stats.KruskalResult(np.nan, np.nan, np.nan, df, N)
        cum = np.cumsum(tot)
        midrank = cum - (tot - 1) / 2.0
        rank_sums = t @ midrank
        n_g = t.sum(axis=1)
        h = 12.0 / (N * (N + 1.0)) * float((rank_sums**2 / n_g).sum()) - 3.0 * (N + 1)
        h /= 1.0 - float((tot.astype(np.float64) ** 3 - tot).sum()) / (float(N) ** 3 - N)
        p = float(stats._st.chi2.sf(h, df))
        return stats.KruskalResult(float(h), p, float(h / ((N**2 - 1) / (N + 1))), df, N)


def item_counts(c: Computed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per statement: counts per raw scale point 1..points, don't-know counts and shown-to counts.

    One ``np.bincount`` of the stored byte per statement (answers to statements that were not shown ignored).
    """
    q, points = c.q, c.q.scale.points
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


def item_variances(q: Questionnaire, counts: np.ndarray) -> np.ndarray:
    """Variance (ddof 1) of each statement's answers from its counts per scale point; NaN below 2 answers.

    ``s² = Σ c_v (v - mean)² / (n - 1)``; reversing an item does not change its variance.
    """
    scale = np.arange(1, q.scale.points + 1, dtype=np.float64)
    n = counts.sum(axis=1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (counts @ scale) / n
        ss = (counts * (scale[None, :] - mean[:, None]) ** 2).sum(axis=1)
        return np.where(n >= 2, ss / (n - 1), np.nan)


def rwg_j_from_variances(variances: np.ndarray, points: int) -> float:
    """rwg(J) of James, Demaree & Wolf (1984) from the item variances, as :func:`stats.rwg_j` computes it.

    ``rwg(J) = J(1 - s̄²/σ²) / (J(1 - s̄²/σ²) + s̄²/σ²)``, ``σ² = (A² - 1)/12``, s̄² the mean variance of the
    items with at least 2 answers (J counts those), 0 where s̄² ≥ σ². The variances come from the answer counts
    (:func:`item_variances`), so no pass over the respondents is needed.
    """
    v = np.asarray(variances, dtype=np.float64)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return np.nan
    return float(stats._rwg_formula(v.mean(), int(v.size), stats._sigma2_eu(points)))


def _item_results(c: Computed, k: int, hide_all: bool) -> tuple[list[ItemResult], np.ndarray, np.ndarray]:
    """Per statement: n answered, shown to, mean and SD on the recoded scale, shares per raw point and dk.

    From the answer counts: ``mean = Σ v·c_v / n``, ``SD = sqrt(Σ c_v (v - mean)² / (n - 1))`` over the recoded
    values v (reverse: ``points + 1 - raw``); shares are over respondents who answered or said don't know (as
    :func:`stats.scale_shares` without a shown mask). An item with fewer than k such answers carries no figures.
    Returns the items, the raw counts per point and the dk counts.
    """
    q, points = c.q, c.q.scale.points
    counts, dk, n_shown = item_counts(c)
    scale = np.arange(1, points + 1, dtype=np.float64)
    dim_of = q.item_dimension_index()
    out = []
    for i, item in enumerate(q.items):
        rc = counts[i][::-1] if item.reverse else counts[i]
        n_ans = int(rc.sum())
        base = n_ans + int(dk[i])
        hidden = hide_all or base < k
        mean = sd = None
        if not hidden and n_ans:
            mean = float(rc @ scale / n_ans)
            sd = _f(np.sqrt(rc @ (scale - mean) ** 2 / (n_ans - 1))) if n_ans >= 2 else None
        out.append(ItemResult(
            id=item.id, text=dict(item.text), dimension_id=q.dimensions[dim_of[i]].id, reverse=item.reverse,
            n=None if hide_all else n_ans, shown=None if hide_all else int(n_shown[i]),
            mean=mean, sd=sd,
            shares=None if hidden else [float(v) / base for v in counts[i]],
            dk_share=None if hidden else float(dk[i]) / base,
        ))
    return out, counts, dk


def _band_index(q: Questionnaire, mean: float | None) -> int | None:
    """Index of the first band (sorted by descending ``min``) whose ``min`` the mean reaches."""
    if mean is None:
        return None
    return next((i for i, band in enumerate(q.bands) if mean >= band.min), None)


def analyse(session: Session, rnd: Round, *, include_benchmark: bool = True) -> Results:
    """The results of a round, with the anonymity rules applied (see the module docstring).

    One bulk read of the answers, :func:`compute` for recoding and scores, then per dimension: descriptives
    (:func:`stats.describe`, :func:`stats.group_describe`: mean, SD ddof 1, median, ``mean ± t(0.975, n-1)·SD/√n``),
    agreement :func:`stats.rwg_j` (James, Demaree & Wolf 1984), reliability :func:`stats.cronbach_alpha` with the
    Feldt (1965) interval, ICC(1)/ICC(2) over invitation groups (Bliese 2000), Kruskal-Wallis with epsilon²
    per breakdown over shown groups of at least k (Tomczak & Tomczak 2014), the trend against the previous round
    (Mann-Whitney) and the benchmark (quartiles, mid-rank percentile) against other closed rounds.
    """
    q = _rounds.questionnaire_of(rnd)
    k = rnd.min_group_size
    groups = _rounds.groups_of(session, rnd.id)
    if rnd.purged_at is not None and rnd.summary:
        return _from_summary(session, rnd, q, groups, include_benchmark)
    data = load_round_data(session, q, rnd.id)
    c = compute(q, data)
    n = data.n
    hide_all = n < k
    notes: list[Text] = []
    if hide_all:
        notes.append(_text(q, {
            "nl": f"Er zijn {n} reacties, minder dan de minimale groepsgrootte van {k}: daarom worden geen uitkomsten getoond.",
            "en": f"There are {n} responses, fewer than the minimum group size of {k}: no results are shown."}))
    if rnd.purged_at is not None:
        notes.append(_text(q, {"nl": "De ruwe antwoorden van deze ronde zijn verwijderd; alleen bewaarde totalen zijn beschikbaar.",
                                 "en": "The raw answers of this round have been purged; only the kept totals are available."}))
    bds = _breakdowns(q, data, groups, k, hide_all)
    items, counts, dk_counts = _item_results(c, k, hide_all)
    item_var = item_variances(q, counts)
    points = q.scale.points
    group_bd = bds[0]

    dims: list[DimensionResult] = []
    cell_hidden_extra = 0
    for d, dim in enumerate(q.dimensions):
        x = c.scores[:, d]
        has = ~np.isnan(x)
        idx = c.dim_items[d]
        distinct, value_index = np.unique(x[has], return_inverse=True)
        tables = [GroupTable.build(value_index, distinct, b.codes[has], len(b.keys)) for b in bds]
        t = tables[0].total().describe()
        total = stats.Summary(int(t.n[0]), t.mean[0], t.sd[0], t.median[0], t.ci_low[0], t.ci_high[0])
        hidden = hide_all or total.n < k
        res = DimensionResult(
            id=dim.id, title=dict(dim.title), description=dict(dim.description) if dim.description else None,
            n=None if hide_all else total.n, mean=None, sd=None, median=None, ci_low=None, ci_high=None,
            rwg_j=None, alpha=None, alpha_ci=None, alpha_n=None, band_index=None,
            items=[it for it in items if it.dimension_id == dim.id],
        )
        if not hidden:
            res.mean, res.sd, res.median = _f(total.mean), _f(total.sd), _f(total.median)
            res.ci_low, res.ci_high = _f(total.ci_low), _f(total.ci_high)
            res.band_index = _band_index(q, res.mean)
            res.rwg_j = _f(rwg_j_from_variances(item_var[idx], points))
            m = np.ascontiguousarray(c.values[:, idx[0] : idx[-1] + 1])  # a dimension's statements are contiguous
            alpha, alpha_n = stats.cronbach_alpha(m)
            res.alpha, res.alpha_n = _f(alpha), alpha_n
            lo, hi = stats.cronbach_alpha_ci(alpha, alpha_n, len(idx))
            res.alpha_ci = (lo, hi) if _f(lo) is not None and _f(hi) is not None else None
            if len(groups) >= 2:
                icc1, icc2 = tables[0].icc()
                res.icc1, res.icc2 = _f(icc1), _f(icc2)
            pooled = np.zeros(points)
            for i in idx:
                pooled += counts[i][::-1] if q.items[i].reverse else counts[i]
            dk = float(dk_counts[idx].sum())
            base = pooled.sum() + dk
            if base > 0:
                res.shares = [float(v) for v in pooled / base]
                res.dk_share = dk / base
        for b, table in zip(bds, tables, strict=True):
            gs = table.describe()
            cell_n = gs.n
            hide = np.ones(len(b.keys), bool) if hidden else suppress(cell_n, k, b.hidden)
            cell_hidden_extra += int((hide & ~b.hidden).sum()) if not hidden else 0
            tested, rows = [], []
            for g, key in enumerate(b.keys):
                if hide[g]:
                    res.groups.append(GroupResult(b.id, key, b.labels[g], None, True))
                    continue
                res.groups.append(GroupResult(
                    b.id, key, b.labels[g], int(cell_n[g]), False, _f(gs.mean[g]), _f(gs.sd[g]),
                    _f(gs.median[g]), _f(gs.ci_low[g]), _f(gs.ci_high[g])))
                if key != UNKNOWN_KEY and cell_n[g] >= k:
                    rows.append(g)
                    tested.append(key)
            if not hidden:
                kw = table.kruskal(rows)
                res.tests[b.id] = {"H": _f(kw.H), "p": _f(kw.p), "epsilon2": _f(kw.epsilon2), "df": kw.df,
                                   "groups": tested if len(tested) >= 2 else []}
        dims.append(res)

    # notes on suppression
    if not hide_all:
        below = sum(int(((b.counts > 0) & (b.counts < k)).sum()) for b in bds)
        extra = sum(int((b.hidden & ~((b.counts > 0) & (b.counts < k))).sum()) for b in bds)
        if below:
            notes.append(_text(q, {
                "nl": f"{below} {'groep' if below == 1 else 'groepen'} met minder dan {k} respondenten "
                      f"{'is' if below == 1 else 'zijn'} niet getoond.",
                "en": f"{below} {'group' if below == 1 else 'groups'} with fewer than {k} respondents "
                      f"{'is' if below == 1 else 'are'} not shown."}))
        if extra:
            notes.append(_text(q, {
                "nl": f"{extra} {'groep is' if extra == 1 else 'groepen zijn'} ook niet getoond, zodat een verborgen "
                      "groep niet uit het totaal kan worden afgeleid.",
                "en": f"{extra} further {'group is' if extra == 1 else 'groups are'} not shown, so that a hidden "
                      "group cannot be derived from the total."}))
        if cell_hidden_extra:
            notes.append(_text(q, {
                "nl": f"Waar minder dan {k} respondenten een score op een dimensie hebben, is die cel niet getoond.",
                "en": f"Where fewer than {k} respondents have a score on a dimension, that cell is not shown."}))

    # strongest / weakest statements, largest gaps
    item_means = np.array([np.nan if it.mean is None else it.mean for it in items])
    top, bottom = stats.top_bottom(item_means, TOP_ITEMS)
    gaps: list[Gap] = []
    for dim in dims:
        for b in bds:
            shown_groups = [g for g in dim.groups if g.breakdown == b.id and not g.suppressed and g.key != UNKNOWN_KEY
                            and g.mean is not None and g.n is not None and g.n >= k]
            if len(shown_groups) < 2:
                continue
            hi = max(shown_groups, key=lambda g: g.mean)
            lo = min(shown_groups, key=lambda g: g.mean)
            if hi.mean > lo.mean:
                gaps.append(Gap(dim.id, b.id, hi.key, hi.label, hi.mean, lo.key, lo.label, lo.mean, hi.mean - lo.mean))
    gaps.sort(key=lambda g: -g.diff)

    # response counts and open answers
    status = _rounds.round_status(session, rnd)
    group_counts = [GroupCount(g.name, None if group_bd.hidden[i] else int(group_bd.counts[i]), g.expected_size,
                               bool(group_bd.hidden[i])) for i, g in enumerate(groups)]
    open_answers, withheld = _open_answers(session, q, rnd, groups, group_bd.hidden)
    if withheld:
        notes.append(_text(q, {
            "nl": f"{withheld} open {'antwoord' if withheld == 1 else 'antwoorden'} uit groepen die niet getoond worden "
                  f"{'is' if withheld == 1 else 'zijn'} weggelaten.",
            "en": f"{withheld} open {'answer' if withheld == 1 else 'answers'} from groups that are not shown "
                  f"{'was' if withheld == 1 else 'were'} left out."}))

    results = Results(
        round_id=rnd.id, round_name=rnd.name, cooperation=rnd.cooperation, status=rnd.status, questionnaire=q,
        closed_at=rnd.closed_at, k=k, n=n, expected=status.expected,
        response_rate=_f(n / status.expected) if status.expected else None,
        breakdowns=[(b.id, b.title) for b in bds], group_counts=group_counts, dimensions=dims,
        strongest=[items[i] for i in top], weakest=[items[i] for i in bottom], gaps=gaps[:TOP_GAPS],
        open_answers=open_answers, open_answers_withheld=withheld, benchmark_rounds=0, previous_round=None,
        notes=notes,
    )
    if include_benchmark and not hide_all:
        _add_benchmark(session, rnd, results)
        _add_trend(session, rnd, c, results)
    return results


def _open_answers(session: Session, q: Questionnaire, rnd: Round, groups: list,
                  hidden: np.ndarray) -> tuple[dict[str, list[str]], int]:
    """Open answers of respondents whose invitation group is shown, sorted alphabetically (order reveals nothing)."""
    shown_ids = {g.id for i, g in enumerate(groups) if not hidden[i]}
    wanted = [oq.id for oq in q.open_questions]
    out: dict[str, list[str]] = {qid: [] for qid in wanted}
    withheld = 0
    for gid, _bg, answers in load_open_answers(session, rnd.id):
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


# -- summaries: the aggregate kept per round (benchmark source, kept after purge) --------------------------------


def store_summary(session: Session, rnd: Round) -> dict:
    """Compute and store ``Round.summary``: n, k, per dimension mean/n/SD, per item mean/n, responses per group.

    The summary is what other rounds read as their benchmark (one small JSON per round instead of re-analysing
    every round's raw answers) and what survives a purge of the raw answers. The figures are unsuppressed (the
    summary is internal); consumers apply the k rule (:func:`_usable_means`). A purged round keeps its summary.
    """
    if rnd.status != STATUS_CLOSED:
        raise _rounds.RoundError(f"round {rnd.id} is {rnd.status}; only a closed round gets a summary")
    if rnd.purged_at is not None:
        if rnd.summary:
            return rnd.summary
        raise _rounds.RoundError(f"round {rnd.id}: the raw answers are purged and no summary was kept")
    q = _rounds.questionnaire_of(rnd)
    data = load_round_data(session, q, rnd.id)
    c = compute(q, data)
    groups = _rounds.groups_of(session, rnd.id)
    dims = {}
    for d, dim in enumerate(q.dimensions):
        s = stats.describe(c.scores[:, d])
        dims[dim.id] = {"mean": _f(s.mean), "n": s.n, "sd": _f(s.sd)}
    answered = ~np.isnan(c.values)
    n_ans = answered.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(answered, c.values, 0.0).sum(axis=0) / n_ans
    counts = dict(zip(*np.unique(data.group_ids, return_counts=True), strict=True)) if data.n else {}
    summary = {
        "version": SUMMARY_VERSION,
        "questionnaire_id": q.id,
        "questionnaire_version": q.version,
        "definition_sha256": rnd.definition_sha256,
        "points": q.scale.points,
        "n": data.n,
        "k": rnd.min_group_size,
        "closed_at": rnd.closed_at.isoformat() if rnd.closed_at else None,
        "dimensions": dims,
        "items": {item.id: {"mean": _f(means[i]), "n": int(n_ans[i])} for i, item in enumerate(q.items)},
        "group_counts": [{"id": g.id, "name": g.name, "responses": int(counts.get(g.id, 0))} for g in groups],
    }
    rnd.summary = summary  # reassigned, never edited in place (JSON columns do not track in-place edits)
    session.add(rnd)
    session.flush()
    return summary


def summary_of(session: Session, rnd: Round) -> dict | None:
    """The stored summary of a closed round, computed and stored now when it is missing (lazily)."""
    if rnd.summary and rnd.summary.get("version") == SUMMARY_VERSION:
        return rnd.summary
    if rnd.status != STATUS_CLOSED or rnd.purged_at is not None:
        return rnd.summary or None
    return store_summary(session, rnd)


def _usable_means(summary: dict) -> dict[str, float]:
    """Dimension means of a summary that may be shown: the round and the dimension have at least k respondents."""
    k = summary.get("k", 0)
    if summary.get("n", 0) < k:
        return {}
    return {d: v["mean"] for d, v in summary.get("dimensions", {}).items()
            if v.get("mean") is not None and v.get("n", 0) >= k}


def benchmark_sources(session: Session, rnd: Round) -> list[dict[str, float]]:
    """Dimension means of every other closed round with the same questionnaire id, and of imported aggregates."""
    others = session.exec(select(Round).where(
        Round.questionnaire_id == rnd.questionnaire_id, Round.status == STATUS_CLOSED, Round.id != rnd.id
    ).order_by(Round.id)).all()
    sources = []
    for other in others:
        summary = summary_of(session, other)
        means = _usable_means(summary) if summary else {}
        if means:
            sources.append(means)
    for agg in session.exec(select(BenchmarkAggregate).where(
            BenchmarkAggregate.questionnaire_id == rnd.questionnaire_id).order_by(BenchmarkAggregate.id)).all():
        means = {d: float(m) for d, m in agg.dimension_means.items() if m is not None}
        if means:
            sources.append(means)
    return sources


def _add_benchmark(session: Session, rnd: Round, results: Results) -> None:
    """Benchmark per dimension: mean, quartiles (:func:`stats.quartiles`, Hyndman & Fan type 7) of the other
    rounds' means, and this round's mid-rank percentile (:func:`stats.percentile_rank`)."""
    sources = benchmark_sources(session, rnd)
    results.benchmark_rounds = len(sources)
    if not sources:
        results.notes.append(_text(results.questionnaire, {
            "nl": "Er zijn nog geen andere afgesloten rondes van deze vragenlijst om mee te vergelijken.",
            "en": "There are no other closed rounds of this questionnaire to compare with yet."}))
        return
    for dim in results.dimensions:
        values = np.array([s[dim.id] for s in sources if dim.id in s], dtype=np.float64)
        if values.size == 0:
            continue
        q1, med, q3 = stats.quartiles(values)
        dim.benchmark = Benchmark(
            rounds=int(values.size), mean=_f(values.mean()), q1=_f(q1), median=_f(med), q3=_f(q3),
            percentile=_f(stats.percentile_rank(dim.mean, values)) if dim.mean is not None else None)


def previous_round(session: Session, rnd: Round) -> Round | None:
    """The last closed round of the same cooperation and questionnaire id that closed before this one."""
    stmt = select(Round).where(Round.cooperation == rnd.cooperation, Round.questionnaire_id == rnd.questionnaire_id,
                               Round.status == STATUS_CLOSED, Round.id != rnd.id)
    if rnd.closed_at is not None:
        stmt = stmt.where(Round.closed_at < rnd.closed_at)
    return session.exec(stmt.order_by(Round.closed_at.desc(), Round.id.desc())).first()


def _add_trend(session: Session, rnd: Round, c: Computed | None, results: Results) -> None:
    """Trend per dimension: difference with the previous round's mean (from its summary) and the two-sided
    Mann-Whitney p on the respondent scores of both rounds (:func:`stats.mann_whitney`; none after a purge)."""
    prev = previous_round(session, rnd)
    if prev is None:
        return
    summary = summary_of(session, prev)
    if not summary:
        return
    results.previous_round = {"id": prev.id, "name": prev.name, "closed_at": prev.closed_at, "n": summary.get("n")}
    means = _usable_means(summary)
    if not means:
        return
    prev_scores: dict[str, np.ndarray] = {}
    if prev.purged_at is None:
        pq = _rounds.questionnaire_of(prev)
        pc = compute(pq, load_round_data(session, pq, prev.id))
        prev_scores = {dim.id: pc.scores[:, j] for j, dim in enumerate(pq.dimensions)}
    for d, dim in enumerate(results.dimensions):
        if dim.mean is None or dim.id not in means:
            continue
        p = None
        if dim.id in prev_scores and c is not None:
            p = _f(stats.mann_whitney(c.scores[:, d], prev_scores[dim.id]).p)
        dim.trend = Trend(prev.id, prev.name, means[dim.id], _f(dim.mean - means[dim.id]), p)


def _from_summary(session: Session, rnd: Round, q: Questionnaire, groups: list, include_benchmark: bool) -> Results:
    """The results of a purged round, from the summary kept at purge: dimension n, mean, SD and t interval,
    statement means, response counts (suppressed as usual), benchmark and trend difference. Whatever needs the
    raw answers (medians, groups per dimension, agreement, reliability, tests, open answers) is gone."""
    summary = rnd.summary
    k, n = rnd.min_group_size, int(summary.get("n", 0))
    hide_all = n < k
    notes = [_text(q, {"nl": "De ruwe antwoorden van deze ronde zijn verwijderd; alleen bewaarde totalen zijn beschikbaar.",
                       "en": "The raw answers of this round have been purged; only the kept totals are available."})]
    counts_by_id = {g["id"]: g["responses"] for g in summary.get("group_counts", [])}
    counts = np.array([counts_by_id.get(g.id, 0) for g in groups], dtype=np.int64)
    hidden = np.ones(len(groups), bool) if hide_all else suppress(counts, k)
    items_summary = summary.get("items", {})
    dim_of = q.item_dimension_index()
    items = []
    for i, item in enumerate(q.items):
        entry = items_summary.get(item.id) or {}
        item_n = entry.get("n")
        show = not hide_all and item_n is not None and item_n >= k
        items.append(ItemResult(item.id, dict(item.text), q.dimensions[dim_of[i]].id, item.reverse,
                                None if hide_all else item_n, None, entry.get("mean") if show else None,
                                None, None, None))
    dims = []
    for dim in q.dimensions:
        entry = summary.get("dimensions", {}).get(dim.id) or {}
        dn = entry.get("n")
        show = not hide_all and dn is not None and dn >= k and entry.get("mean") is not None
        mean, sd = (entry.get("mean"), entry.get("sd")) if show else (None, None)
        lo = hi = None
        if show and sd is not None and dn >= 2:
            hw = float(stats._t_half_width(np.float64(sd), np.float64(dn)))
            lo, hi = mean - hw, mean + hw
        dims.append(DimensionResult(
            id=dim.id, title=dict(dim.title), description=dict(dim.description) if dim.description else None,
            n=None if hide_all else dn, mean=mean, sd=sd, median=None, ci_low=lo, ci_high=hi, rwg_j=None,
            alpha=None, alpha_ci=None, alpha_n=None, band_index=_band_index(q, mean),
            items=[it for it in items if it.dimension_id == dim.id]))
    item_means = np.array([np.nan if it.mean is None else it.mean for it in items])
    top, bottom = stats.top_bottom(item_means, TOP_ITEMS)
    expected = _rounds.round_status(session, rnd).expected
    results = Results(
        round_id=rnd.id, round_name=rnd.name, cooperation=rnd.cooperation, status=rnd.status, questionnaire=q,
        closed_at=rnd.closed_at, k=k, n=n, expected=expected, response_rate=_f(n / expected) if expected else None,
        breakdowns=[(GROUP_BREAKDOWN, _text(q, GROUP_BREAKDOWN_TITLE))],
        group_counts=[GroupCount(g.name, None if hidden[i] else int(counts[i]), g.expected_size, bool(hidden[i]))
                      for i, g in enumerate(groups)],
        dimensions=dims, strongest=[items[i] for i in top], weakest=[items[i] for i in bottom], gaps=[],
        open_answers={oq.id: [] for oq in q.open_questions}, open_answers_withheld=0, benchmark_rounds=0,
        previous_round=None, notes=notes)
    if include_benchmark and not hide_all:
        _add_benchmark(session, rnd, results)
        _add_trend(session, rnd, None, results)
    return results
