"""Statistics for Scanengine (the formulas: docs/architecture.md, "Statistics").

Pure functions over numpy arrays; ``NaN`` means missing.  Only numpy, scipy and
the standard library are used.  Everything that runs per respondent is
vectorised so that 100,000 respondents x 40 items x 12 groups is analysed in a
fraction of a second.

It is longer than ~400 lines on purpose: every figure the product shows is computed by one public, tested
function in this one module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


class _LazyScipyStats:
    """``scipy.stats``, imported on first use: it costs about a second, and the definition and the web app import
    this module for its constants (a worker that never computes a statistic should not pay for it)."""

    def __getattr__(self, name: str):
        from scipy import stats

        return getattr(stats, name)


_st = _LazyScipyStats()

DK = 255  #: stored code for "don't know" (the one definition; the kinds' codecs use it)
MISSING = 0  #: stored code for no answer or not shown


# --------------------------------------------------------------------------- recoding
def recode(
    raw: np.ndarray, points: int, reverse_mask: np.ndarray | Sequence[bool] | None = None
) -> np.ndarray:
    """Raw uint8 answers -> float64 values with NaN for missing.

    ``raw`` is respondents x items (or 1-D): 0 = missing/not shown, 1..points =
    answer, 255 = don't know.  0, 255 and any other out-of-range code become NaN.
    Reverse-keyed items (``reverse_mask`` over the last axis) are recoded
    ``v' = points + 1 - v`` (standard Likert reverse scoring, e.g. Spector 1992,
    *Summated Rating Scale Construction*).
    """
    raw = np.asarray(raw)
    valid = (raw >= 1) & (raw <= points)
    out = np.where(valid, raw, np.nan).astype(np.float64)
    if reverse_mask is not None:
        rev = np.asarray(reverse_mask, dtype=bool)
        out = np.where(rev, points + 1 - out, out)
    return out


# --------------------------------------------------------------------------- scores
def dimension_scores(
    values: np.ndarray, shown_mask: np.ndarray | None, item_index_lists: Sequence[Sequence[int]]
) -> np.ndarray:
    """Respondent x dimension scores (respondents x dimensions, float64).

    score = (sum of answered items of the dimension) / (number answered), kept
    only when ``2 * answered >= shown`` (at least half of the dimension's items
    shown to that respondent after ``show_if`` were answered) and ``answered >= 1``;
    otherwise NaN.  This is the usual "half rule" for scale scores with missing
    items (prorated mean; Schafer & Graham 2002, Psychol. Methods 7(2)).
    ``shown_mask`` (bool, same shape as ``values``) is False where the item was
    hidden; ``None`` means every item was shown.  Computed as two matrix products
    with an items x dimensions membership matrix.
    """
    values = np.asarray(values, dtype=np.float64)
    n_items = values.shape[1]
    member = np.zeros((n_items, len(item_index_lists)), dtype=np.float64)
    for d, idx in enumerate(item_index_lists):
        member[np.asarray(idx, dtype=np.intp), d] = 1.0
    shown = np.ones(values.shape, dtype=bool) if shown_mask is None else np.asarray(shown_mask, dtype=bool)
    answered = ~np.isnan(values) & shown
    n_ans = answered.astype(np.float64) @ member
    n_shown = shown.astype(np.float64) @ member
    sums = np.where(answered, values, 0.0) @ member
    ok = (n_ans >= 1) & (2 * n_ans >= n_shown)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ok, sums / n_ans, np.nan)


# --------------------------------------------------------------------------- descriptives
def t_half_width(sd: np.ndarray, n: np.ndarray, level: float = 0.95) -> np.ndarray:
    """Half width of the t interval of a mean: ``t((1+level)/2, n-1) * SD / sqrt(n)`` (Student 1908).

    Element-wise; NaN below n = 2.  The interval of a purged round's mean is rebuilt from its kept n and SD
    with this same function.
    """
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = _st.t.ppf(0.5 + level / 2, np.where(n >= 2, n - 1, np.nan))
        return t * sd / np.sqrt(n)


@dataclass(frozen=True)
class GroupSummary:
    """Per-group arrays (length ``n_groups``): n, mean, SD (ddof 1), median, 95% t interval; NaN where undefined."""

    n: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    median: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray


@dataclass(frozen=True)
class Summary:
    """Descriptive summary of one sample (NaN where undefined)."""

    n: int
    mean: float
    sd: float
    median: float
    ci_low: float
    ci_high: float


def describe(x: np.ndarray) -> Summary:
    """n, mean, SD (ddof 1), median and 95% CI ``mean +- t(0.975, n-1) * SD / sqrt(n)``.

    NaN values are ignored.  n = 0 gives all NaN; n = 1 gives mean and median,
    SD and CI NaN (Student 1908; any textbook, e.g. Moore & McCabe).
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    x = x[~np.isnan(x)]
    n = int(x.size)
    if n == 0:
        return Summary(0, np.nan, np.nan, np.nan, np.nan, np.nan)
    mean = float(x.mean())
    sd = float(x.std(ddof=1)) if n >= 2 else np.nan
    hw = float(t_half_width(np.asarray(sd, dtype=np.float64), np.asarray(n, dtype=np.float64)))
    return Summary(n, mean, sd, float(np.median(x)), mean - hw, mean + hw)


@dataclass(frozen=True)
class Shares:
    """Answer distribution; ``points`` has the scale points on the last axis."""

    points: np.ndarray  #: share per scale point 1..points
    dk: np.ndarray  #: share of "don't know"
    n: np.ndarray  #: denominator (respondents the item was shown to)
    counts: np.ndarray  #: counts per scale point (for pooling over items)


def scale_shares(raw: np.ndarray, points: int, shown_mask: np.ndarray | None = None) -> Shares:
    """Share per scale point 1..points and share "don't know" per item.

    Denominator: respondents to whom the item was shown.  Without ``shown_mask``
    that is every respondent with a recorded response (codes 1..points or 255),
    so point shares + dk share = 1; with ``shown_mask`` it is the number shown
    (skipped-but-shown items then count in the denominator only).  A 1-D column
    gives arrays of shape (points,) and scalars; a matrix gives (items, points)
    and (items,).  Use raw codes of reverse items as stored (recode first if the
    distribution should follow the reversed direction).  Empty -> NaN shares.
    """
    raw = np.asarray(raw)
    counts = np.stack([(raw == p).sum(axis=0) for p in range(1, points + 1)], axis=-1)
    dk = (raw == DK).sum(axis=0)
    if shown_mask is None:
        n = counts.sum(axis=-1) + dk
    else:
        n = np.asarray(shown_mask, dtype=bool).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return Shares(counts / np.expand_dims(n, -1), dk / n, n, counts)


def group_describe(scores: np.ndarray, groups: np.ndarray, n_groups: int) -> GroupSummary:
    """:func:`describe` for every group at once (np.bincount + one lexsort).

    ``groups`` holds integer codes 0..n_groups-1; other codes (e.g. -1) and NaN
    scores are ignored.  SD uses the two-pass formula ``sum((x - mean_g)^2)/(n_g-1)``.
    Medians come from sorting by (group, value) and taking the middle element(s).
    """
    x = np.asarray(scores, dtype=np.float64).ravel()
    g = np.asarray(groups).ravel()
    keep = ~np.isnan(x) & (g >= 0) & (g < n_groups)
    x, g = x[keep], g[keep].astype(np.intp)
    n = np.bincount(g, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(g, weights=x, minlength=n_groups) / n
        ss = np.bincount(g, weights=(x - mean[g]) ** 2, minlength=n_groups)
        sd = np.sqrt(np.where(n >= 2, ss / (n - 1), np.nan))
    by_value = np.argsort(x)  # then a stable (radix for int16) sort by group
    g_sorted = g[by_value].astype(np.int16 if n_groups < 2**15 else np.intp)
    xs = x[by_value][np.argsort(g_sorted, kind="stable")]
    starts = np.cumsum(n) - n
    has = n > 0
    lo = np.where(has, starts + (n - 1) // 2, 0)
    hi = np.where(has, starts + n // 2, 0)
    median = np.where(has, (xs[lo] + xs[hi]) / 2 if xs.size else np.nan, np.nan)
    hw = t_half_width(sd, n)
    return GroupSummary(n, mean, sd, median, mean - hw, mean + hw)


@dataclass(frozen=True)
class ValueTable:
    """Scores tabulated as groups x distinct values: ``counts[g, v]`` respondents of group g scored ``values[v]``.

    A dimension score is a mean of a few integer answers, so 100,000 scores take only a few hundred distinct
    values.  Counting them per group (one ``np.bincount``) gives every per-group figure exactly, and makes each
    further breakdown or subset of groups cost O(groups x values) instead of another pass over the respondents.
    """

    values: np.ndarray  #: distinct scores, ascending
    counts: np.ndarray  #: int, groups x distinct values

    def pooled(self) -> ValueTable:
        """All groups as one (the whole round)."""
        return ValueTable(self.values, self.counts.sum(axis=0, keepdims=True))


def tabulate_indexed(
    value_index: np.ndarray, values: np.ndarray, groups: np.ndarray, n_groups: int
) -> ValueTable:
    """Tabulate scores by integer group code 0..n_groups-1: ``values`` are the distinct scores (ascending),
    ``values[value_index[i]]`` is respondent i's score and ``groups[i]`` its group code.  The distinct values
    come from one ``np.unique`` of a dimension's scores, which then serves every breakdown."""
    m = values.size
    codes = np.asarray(groups, dtype=np.intp)
    flat = np.bincount(codes * m + np.asarray(value_index, dtype=np.intp), minlength=n_groups * m)
    return ValueTable(values, flat[: n_groups * m].reshape(n_groups, m))


def table_describe(table: ValueTable, level: float = 0.95) -> GroupSummary:
    """Per group: n, mean, SD (ddof 1), median and the t interval ``mean +- t(0.975, n-1) * SD / sqrt(n)``.

    SD by the two-pass formula ``sum c_v (v - mean)^2 / (n - 1)``; the median is the mean of the two middle
    values (one when n is odd) found in the cumulative counts.  n = 0: all NaN; n = 1: SD and interval NaN.
    """
    t, u = table.counts, table.values
    n = t.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (t @ u) / n
        ss = (t * (u[None, :] - mean[:, None]) ** 2).sum(axis=1)
        sd = np.sqrt(np.where(n >= 2, ss / (n - 1), np.nan))
    hw = t_half_width(sd, n, level)
    median = np.full(n.size, np.nan)
    for g in np.flatnonzero(n):
        cum = np.cumsum(t[g])
        lo = np.searchsorted(cum, (n[g] - 1) // 2, side="right")
        hi = np.searchsorted(cum, n[g] // 2, side="right")
        median[g] = (u[lo] + u[hi]) / 2
    return GroupSummary(n, mean, sd, median, mean - hw, mean + hw)


def table_icc(table: ValueTable) -> tuple[float, float]:
    """ICC(1) and ICC(2) over the groups with respondents, from the one-way ANOVA of the table.

    ``MSB = sum n_g (m_g - m)^2 / (G-1)``, ``MSW = sum sum (x - m_g)^2 / (N-G)``, ``n_bar = (N - sum n_g^2/N)/(G-1)``;
    ``ICC(1) = (MSB - MSW) / (MSB + (n_bar-1) MSW)`` (unbalanced groups; Shrout & Fleiss 1979 ICC(1,1) when
    balanced), ``ICC(2) = (MSB - MSW) / MSB`` (Bliese 2000, in Klein & Kozlowski, *Multilevel Theory, Research,
    and Methods in Organizations*).  NaN where undefined.
    """
    t = table.counts[table.counts.sum(axis=1) > 0]
    u = table.values
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


# --------------------------------------------------------------------------- agreement
def _sigma2_eu(points: int) -> float:
    return (points**2 - 1) / 12.0


def count_variances(counts: np.ndarray, points: int) -> np.ndarray:
    """Variance (ddof 1) of each row of answer counts per scale point 1..points; NaN below 2 answers.

    ``s^2 = sum c_v (v - mean)^2 / (n - 1)``; reversing an item does not change its variance.
    """
    c = np.atleast_2d(np.asarray(counts))
    scale = np.arange(1, points + 1, dtype=np.float64)
    n = c.sum(axis=1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (c @ scale) / n
        ss = (c * (scale[None, :] - mean[:, None]) ** 2).sum(axis=1)
        return np.where(n >= 2, ss / (n - 1), np.nan)


def rwg_j_from_variances(variances: np.ndarray, points: int) -> float:
    """Multi-item agreement rwg(J) (James, Demaree & Wolf 1984, J. Appl. Psychol. 69(1)) from item variances.

    ``rwg(J) = J(1 - s2/sigma2) / (J(1 - s2/sigma2) + s2/sigma2)`` with ``sigma2 = (A^2-1)/12`` (the variance of
    the uniform null over A = ``points`` options) and s2 the mean of the item variances (ddof 1); items with NaN
    variance (fewer than 2 answers) are left out and do not count in J.  0 where s2 >= sigma2 (as the authors
    recommend), NaN without any item.  J = 1 gives the single-item rwg.
    """
    v = np.asarray(variances, dtype=np.float64).ravel()
    v = v[~np.isnan(v)]
    if v.size == 0:
        return np.nan
    ratio = float(v.mean()) / _sigma2_eu(points)
    if ratio >= 1:
        return 0.0
    num = v.size * (1 - ratio)
    return float(num / (num + ratio))


# --------------------------------------------------------------------------- reliability
def cronbach_alpha(matrix: np.ndarray) -> tuple[float, int]:
    """Cronbach's alpha on complete rows: ``J/(J-1) * (1 - sum s_i^2 / s_total^2)``.

    Cronbach (1951), Psychometrika 16(3).  Rows with any NaN are dropped
    (listwise); variances ddof 1.  Returns ``(alpha, n_complete)``; alpha is NaN
    with fewer than 2 items or 2 complete rows or zero total variance.
    """
    m = np.asarray(matrix, dtype=np.float64)
    m = m[~np.isnan(m).any(axis=1)]
    n, k = m.shape
    if k < 2 or n < 2:
        return np.nan, int(n)
    total = m.sum(axis=1).var(ddof=1)
    if total == 0:
        return np.nan, int(n)
    return float(k / (k - 1) * (1 - m.var(axis=0, ddof=1).sum() / total)), int(n)


def cronbach_alpha_ci(alpha: float, n: int, k: int, level: float = 0.95) -> tuple[float, float]:
    """Feldt (1965) interval, Psychometrika 30(3): ``1 - (1 - alpha) * F_{q}(n-1, (n-1)(k-1))``.

    lower uses the upper (1+level)/2 quantile of F, upper the lower one
    (as pingouin.cronbach_alpha).  NaN when undefined.
    """
    if not np.isfinite(alpha) or n < 2 or k < 2:
        return np.nan, np.nan
    df1, df2 = n - 1, (n - 1) * (k - 1)
    q = (1 - level) / 2
    return (
        float(1 - (1 - alpha) * _st.f.isf(q, df1, df2)),
        float(1 - (1 - alpha) * _st.f.isf(1 - q, df1, df2)),
    )


# --------------------------------------------------------------------------- group differences
@dataclass(frozen=True)
class KruskalResult:
    """Kruskal-Wallis H, its p, epsilon squared, degrees of freedom and the number of scores."""

    H: float
    p: float
    epsilon2: float
    df: int
    n: int


def table_kruskal(table: ValueTable, rows: Sequence[int] | None = None) -> KruskalResult:
    """Kruskal-Wallis H over the groups ``rows`` (default all) of a table, with tie correction, and
    ``epsilon^2 = H / ((N^2-1)/(N+1))``.

    Mid-ranks per distinct value from the pooled counts; ``H = 12/(N(N+1)) sum R_g^2/n_g - 3(N+1)`` divided by
    ``1 - sum(t^3-t)/(N^3-N)`` (Kruskal & Wallis 1952, JASA 47(260); as scipy.stats.kruskal), p from chi-square
    with G-1 df; epsilon^2 after Tomczak & Tomczak (2014), Trends Sport Sci. 1(21).  Fewer than two groups or
    no variation: NaN H, p, epsilon^2.
    """
    rows = list(range(table.counts.shape[0])) if rows is None else list(rows)
    t = table.counts[rows]
    df = max(len(rows) - 1, 0)
    tot = t.sum(axis=0)
    N = int(tot.sum())
    if len(rows) < 2 or int((tot > 0).sum()) < 2:
        return KruskalResult(np.nan, np.nan, np.nan, df, N)
    cum = np.cumsum(tot)
    midrank = cum - (tot - 1) / 2.0
    rank_sums = t @ midrank
    n_g = t.sum(axis=1)
    h = 12.0 / (N * (N + 1.0)) * float((rank_sums**2 / n_g).sum()) - 3.0 * (N + 1)
    h /= 1.0 - float((tot.astype(np.float64) ** 3 - tot).sum()) / (float(N) ** 3 - N)
    p = float(_st.chi2.sf(h, df))
    return KruskalResult(float(h), p, float(h / ((N**2 - 1) / (N + 1))), df, N)


@dataclass(frozen=True)
class MannWhitneyResult:
    """Two-sided Mann-Whitney U and p; ``diff`` is mean(a) - mean(b)."""

    U: float
    p: float
    diff: float  #: mean(a) - mean(b), e.g. current minus previous round


def mann_whitney(a: np.ndarray, b: np.ndarray) -> MannWhitneyResult:
    """Two-sided Mann-Whitney U (scipy.stats.mannwhitneyu; Mann & Whitney 1947)
    of ``a`` vs ``b`` (NaN dropped); ``diff = mean(a) - mean(b)``.  Empty -> NaN."""
    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    if a.size == 0 or b.size == 0:
        return MannWhitneyResult(np.nan, np.nan, np.nan)
    res = _st.mannwhitneyu(a, b, alternative="two-sided")
    return MannWhitneyResult(float(res.statistic), float(res.pvalue), float(a.mean() - b.mean()))


# --------------------------------------------------------------------------- benchmark
def percentile_rank(value: float, others: np.ndarray) -> float:
    """Percentile rank ``100 * (count(others < value) + 0.5 * count(others == value)) / n``.

    The "mid-rank" definition (e.g. Crocker & Algina 1986, *Introduction to
    Classical and Modern Test Theory*).  NaN in ``others`` ignored; NaN value or
    no others -> NaN.
    """
    o = np.asarray(others, dtype=np.float64).ravel()
    o = o[~np.isnan(o)]
    if o.size == 0 or value is None or np.isnan(value):
        return np.nan
    return float(100.0 * ((o < value).sum() + 0.5 * (o == value).sum()) / o.size)


def quartiles(values: np.ndarray) -> tuple[float, float, float]:
    """(Q1, median, Q3) by linear interpolation (Hyndman & Fan 1996 type 7; numpy
    default).  NaN ignored; empty -> NaNs."""
    v = np.asarray(values, dtype=np.float64).ravel()
    v = v[~np.isnan(v)]
    if v.size == 0:
        return np.nan, np.nan, np.nan
    q1, q2, q3 = np.percentile(v, [25, 50, 75])
    return float(q1), float(q2), float(q3)


def top_bottom(item_means: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the ``k`` highest (descending) and ``k`` lowest (ascending)
    means; NaN ignored, ties keep the original order (stable sort)."""
    m = np.asarray(item_means, dtype=np.float64).ravel()
    idx = np.flatnonzero(~np.isnan(m))
    asc = idx[np.argsort(m[idx], kind="stable")]
    desc = idx[np.argsort(-m[idx], kind="stable")]
    return desc[:k], asc[:k]


# =========================================================================== kinds of question
# Rankings, points, numbers and choices (see docs/architecture.md, "Statistics of the question kinds").
# Every public function below has a whole-sample form and a ``group_`` form taking integer group codes
# 0..n_groups-1 (other codes, e.g. -1, are ignored) that computes every group at once.  The k rule is not
# applied here: the analysis applies it to the ``n`` these functions return.


def _group_codes(groups: np.ndarray | None, m: int, n_groups: int | None) -> tuple[np.ndarray, int]:
    """Validated group codes (intp, length m) and the number of groups; None means one group 0."""
    if groups is None:
        return np.zeros(m, dtype=np.intp), 1 if n_groups is None else int(n_groups)
    g = np.asarray(groups).ravel()
    if g.size != m:
        raise ValueError(f"groups has {g.size} codes for {m} respondents")
    if n_groups is None:
        raise ValueError("n_groups is required with groups")
    g = g.astype(np.intp)
    return np.where((g >= 0) & (g < n_groups), g, -1), int(n_groups)


def _onehot(g: np.ndarray, n_groups: int) -> np.ndarray:
    """Respondents x groups 0/1 matrix (rows of codes outside 0..n_groups-1 all zero)."""
    out = np.zeros((g.size, n_groups), dtype=np.float64)
    inside = g >= 0
    out[np.flatnonzero(inside), g[inside]] = 1.0
    return out


def _first_group(obj):
    """The whole-sample result from a one-group result: drop the group axis, scalars as Python numbers."""
    values = {}
    for name, value in vars(obj).items():
        v = np.asarray(value)[0]
        values[name] = v.item() if v.ndim == 0 else v
    return type(obj)(**values)


def group_quartiles(
    values: np.ndarray, groups: np.ndarray, n_groups: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Q1, median, Q3) per group, each of shape (n_groups,), the convention of :func:`quartiles`.

    Hyndman & Fan (1996) type 7: with the group's n sorted values x(0..n-1) and
    ``h = (n - 1)·p``, ``Q(p) = x(⌊h⌋) + (h - ⌊h⌋)·(x(⌊h⌋+1) - x(⌊h⌋))``.  NaN values
    and codes outside 0..n_groups-1 are ignored; an empty group gives NaN.
    """
    x = np.asarray(values, dtype=np.float64).ravel()
    g, n_groups = _group_codes(groups, x.size, n_groups)
    keep = ~np.isnan(x) & (g >= 0)
    x, g = x[keep], g[keep]
    order = np.lexsort((x, g))
    xs = x[order]
    n = np.bincount(g, minlength=n_groups)
    starts = np.cumsum(n) - n
    has = n > 0
    out = []
    for p in (0.25, 0.5, 0.75):
        h = np.where(has, (n - 1) * p, 0.0)
        lo = np.floor(h).astype(np.intp)
        hi = np.minimum(lo + 1, np.maximum(n - 1, 0))
        frac = h - lo
        if xs.size:
            a, b = xs[np.where(has, starts + lo, 0)], xs[np.where(has, starts + hi, 0)]
            out.append(np.where(has, a + frac * (b - a), np.nan))
        else:
            out.append(np.full(n_groups, np.nan))
    return out[0], out[1], out[2]


# --------------------------------------------------------------------------- choice
def wilson_interval(
    count: np.ndarray | int, n: np.ndarray | int, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion ``p = count / n`` (vectorised).

    ``(p + z²/2n ± z·√(p(1-p)/n + z²/4n²)) / (1 + z²/n)`` with ``z = Φ⁻¹((1+level)/2)``
    (Wilson 1927, JASA 22(158); recommended by Brown, Cai & DasGupta 2001, Stat. Sci.
    16(2), and Newcombe 1998, Stat. Med. 17(8), method 3).  Unlike the Wald interval
    it stays inside [0, 1] and is not empty at p = 0 or 1.  n = 0 gives NaN.
    """
    c = np.asarray(count, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    z = _st.norm.ppf(0.5 + level / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = c / n
        den = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / den
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / den
    bad = ~(n > 0)
    return np.where(bad, np.nan, np.clip(centre - half, 0.0, 1.0)), np.where(
        bad, np.nan, np.clip(centre + half, 0.0, 1.0)
    )


@dataclass(frozen=True)
class ChoiceSummary:
    """Single or multiple choice per option; with groups every array gains a leading group axis."""

    n: np.ndarray  #: respondents who chose at least one option
    count: np.ndarray  #: per option
    share: np.ndarray  #: count / n per option (sums to 1 for single choice only)
    ci_low: np.ndarray  #: Wilson 95% interval of the share
    ci_high: np.ndarray


def group_choice_summary(chosen: np.ndarray, groups: np.ndarray | None, n_groups: int) -> ChoiceSummary:
    """:func:`choice_summary` for every group at once; arrays (n_groups,) and (n_groups, options)."""
    x = np.asarray(chosen)
    if x.ndim != 2:
        raise ValueError(f"choices must be respondents x options, got shape {x.shape}")
    x = np.where(np.isnan(x.astype(np.float64)), 0.0, x.astype(np.float64)) != 0
    g, n_groups = _group_codes(groups, x.shape[0], n_groups)
    answered = x.any(axis=1)
    member = _onehot(np.where(answered, g, -1), n_groups)
    n = member.sum(axis=0).astype(np.int64)
    count = np.rint(member.T @ x.astype(np.float64)).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(n[:, None] > 0, count / n[:, None], np.nan)
    low, high = wilson_interval(count, n[:, None])
    return ChoiceSummary(n, count, share, low, high)


def choice_summary(chosen: np.ndarray) -> ChoiceSummary:
    """Count, share and Wilson 95% interval per option of a choice question.

    ``chosen`` is respondents x options, true (non-zero) where the respondent chose
    the option (one per row for single choice, up to ``max_choices`` for multiple
    choice; NaN counts as not chosen).  A row with nothing chosen did not answer
    and is left out of ``n``.  ``share = count / n``: for a multiple choice the
    shares are of respondents, so they may add up to more than 1.  A
    "don't know" passed as one more column is counted like an option.
    """
    return _first_group(group_choice_summary(chosen, None, 1))


# --------------------------------------------------------------------------- matrix
@dataclass(frozen=True)
class MatrixSummary:
    """Rows answered on the same columns, one column per row; with groups every array gains a leading group axis
    (shapes below without it)."""

    n: np.ndarray  #: respondents who chose a column in at least one row
    n_dk: np.ndarray  #: respondents who answered only "don't know"
    n_row: np.ndarray  #: (rows,) respondents who answered the row, "don't know" included
    count: np.ndarray  #: (rows, columns)
    share: np.ndarray  #: count / n_row
    ci_low: np.ndarray  #: Wilson 95% interval of the share
    ci_high: np.ndarray
    dk: np.ndarray  #: (rows,) "don't know" answers
    dk_share: np.ndarray  #: dk / n_row
    dk_low: np.ndarray
    dk_high: np.ndarray


def group_matrix_summary(
    codes: np.ndarray, n_columns: int, groups: np.ndarray | None, n_groups: int
) -> MatrixSummary:
    """:func:`matrix_summary` for every group at once; arrays (n_groups,), (n_groups, rows) and
    (n_groups, rows, columns)."""
    c = np.asarray(codes)
    if c.ndim != 2:
        raise ValueError(f"codes must be respondents x rows, got shape {c.shape}")
    c = np.where(np.isnan(c.astype(np.float64)), MISSING, c).astype(np.int64)
    bad = (c != MISSING) & (c != DK) & ((c < 1) | (c > n_columns))
    if bad.any():
        i = int(np.flatnonzero(bad.any(axis=1))[0])
        raise ValueError(f"row {i}: codes must be 0, 1..{n_columns} or {DK}, got {c[i].tolist()}")
    g, n_groups = _group_codes(groups, c.shape[0], n_groups)
    member = _onehot(g, n_groups)
    chosen = (c >= 1) & (c <= n_columns)
    dk = c == DK
    answered = chosen | dk
    n = np.rint(member.T @ chosen.any(axis=1).astype(np.float64)).astype(np.int64)
    only_dk = dk.any(axis=1) & ~chosen.any(axis=1)
    n_dk = np.rint(member.T @ only_dk.astype(np.float64)).astype(np.int64)
    n_row = np.rint(member.T @ answered.astype(np.float64)).astype(np.int64)
    count = np.stack(
        [np.rint(member.T @ (c == j + 1).astype(np.float64)) for j in range(n_columns)], axis=-1
    ).astype(np.int64)
    dk_count = np.rint(member.T @ dk.astype(np.float64)).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(n_row[..., None] > 0, count / n_row[..., None], np.nan)
        dk_share = np.where(n_row > 0, dk_count / n_row, np.nan)
    low, high = wilson_interval(count, n_row[..., None])
    dk_low, dk_high = wilson_interval(dk_count, n_row)
    return MatrixSummary(n, n_dk, n_row, count, share, low, high, dk_count, dk_share, dk_low, dk_high)


def matrix_summary(codes: np.ndarray, n_columns: int) -> MatrixSummary:
    """Per row of a matrix question: who answered it, the count and share of each column and of "don't know",
    with Wilson 95% intervals (:func:`wilson_interval`).

    ``codes`` is respondents x rows as stored: 0 (or NaN) no answer, ``1..n_columns`` the column chosen,
    :data:`DK` "don't know".  A row's shares are over the respondents who answered that row, "don't know"
    included (so a row's shares add up to 1), as LimeSurvey's and SurveyJS's array summaries count them; a row
    left open counts nowhere in it.  ``n`` counts respondents who chose a column in at least one row, ``n_dk``
    those whose every answer was "don't know".
    """
    return _first_group(group_matrix_summary(codes, n_columns, None, 1))


# --------------------------------------------------------------------------- points
@dataclass(frozen=True)
class PointsSummary:
    """Points spread over options; with groups every array gains a leading group axis."""

    n: np.ndarray  #: respondents who spread points
    mean: np.ndarray  #: per option
    sd: np.ndarray  #: ddof 1
    ci_low: np.ndarray  #: mean ± t(0.975, n-1)·SD/√n
    ci_high: np.ndarray
    share: np.ndarray  #: the option's points / all points given (sums to 1)
    share_low: (
        np.ndarray
    )  #: the 95% interval of ``share``: ``ci_low / Σ means`` (every answer spends the total)
    share_high: np.ndarray


def _points_matrix(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(points, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"points must be respondents x options, got shape {x.shape}")
    answered = np.logical_not(np.isnan(x).all(axis=1))
    if (x[~np.isnan(x)] < 0).any():
        raise ValueError("points must be >= 0")
    return np.where(np.isnan(x), 0.0, x), answered


def group_points_summary(points: np.ndarray, groups: np.ndarray | None, n_groups: int) -> PointsSummary:
    """:func:`points_summary` for every group at once; arrays (n_groups,) and (n_groups, options)."""
    x, answered = _points_matrix(points)
    g, n_groups = _group_codes(groups, x.shape[0], n_groups)
    g = np.where(answered, g, -1)
    cols = [group_describe(x[:, j], g, n_groups) for j in range(x.shape[1])]
    n = np.bincount(g[g >= 0], minlength=n_groups).astype(np.int64)

    def stack(name):
        return np.stack([getattr(c, name) for c in cols], axis=-1) if cols else np.empty((n_groups, 0))

    mean = stack("mean")
    low, high = stack("ci_low"), stack("ci_high")
    with np.errstate(invalid="ignore", divide="ignore"):
        spent = mean.sum(axis=1, keepdims=True)
        share = mean / spent
        share_low, share_high = low / spent, high / spent
    return PointsSummary(n, mean, stack("sd"), low, high, share, share_low, share_high)


def points_summary(points: np.ndarray) -> PointsSummary:
    """Mean, SD, 95% t interval and share of the total per option of a points question.

    ``points`` is respondents x options; a row of NaN did not answer.  In an
    answered row a NaN counts as 0 points (the option got none).  The interval is
    Student's ``mean ± t(0.975, n-1)·SD/√n`` as for dimension scores; ``share =
    Σ points of the option / Σ all points given`` (equal to mean / Σ means), the
    figure a live poll shows for a 100-point question (arsnova's prioritization).
    Every answer spends exactly the question's total, so an option's share of one
    answer is its points / total, and the share's 95% interval is the points'
    interval divided by the total (``share_low``, ``share_high``).
    """
    return _first_group(group_points_summary(points, None, 1))


# --------------------------------------------------------------------------- number
@dataclass(frozen=True)
class NumberSummary:
    """A number question (no minimum or maximum, on purpose: they identify one respondent)."""

    n: np.ndarray
    mean: np.ndarray
    sd: np.ndarray  #: ddof 1
    median: np.ndarray
    q1: np.ndarray  #: quartiles as :func:`quartiles` (type 7)
    q3: np.ndarray
    n_dk: np.ndarray  #: "don't know" answers (0 when no dk mask was given)
    share_dk: np.ndarray  #: n_dk / (n + n_dk)


def group_number_summary(
    values: np.ndarray, groups: np.ndarray | None, n_groups: int, dk: np.ndarray | None = None
) -> NumberSummary:
    """:func:`number_summary` for every group at once; every array has shape (n_groups,)."""
    x = np.asarray(values, dtype=np.float64).ravel()
    g, n_groups = _group_codes(groups, x.size, n_groups)
    d = np.zeros(x.size, dtype=bool) if dk is None else np.asarray(dk, dtype=bool).ravel()
    if d.size != x.size:
        raise ValueError(f"dk has {d.size} entries for {x.size} answers")
    x = np.where(d, np.nan, x)
    desc = group_describe(x, g, n_groups)
    q1, q2, q3 = group_quartiles(x, g, n_groups)
    n = desc.n.astype(np.int64)
    n_dk = np.bincount(g[d & (g >= 0)], minlength=n_groups).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        share_dk = np.where(n + n_dk > 0, n_dk / (n + n_dk), np.nan)
    return NumberSummary(n, desc.mean, desc.sd, q2, q1, q3, n_dk, share_dk)


def number_summary(values: np.ndarray, dk: np.ndarray | None = None) -> NumberSummary:
    """n, mean, SD (ddof 1), median and quartiles of a number question.

    NaN is missing; ``dk`` (bool, same length) marks "don't know" answers, which
    are counted in ``n_dk`` and left out of every other figure.  Quartiles follow
    :func:`quartiles` (Hyndman & Fan 1996 type 7).  No sum: several respondents may
    estimate the same quantity (their organisation's savings), so adding their
    answers counts it once per respondent; :func:`estimate_total` adds groups up.
    """
    return _first_group(group_number_summary(values, None, 1, dk))


def estimate_total(figures: np.ndarray) -> tuple[float, int]:
    """The total over organisations of a figure each estimated for itself, and how many organisations are in it.

    ``figures`` holds one figure per organisation (the median of its respondents' estimates, a robust middle of
    several estimates of one quantity), NaN for an organisation left out (below k, or no estimate): the total is
    ``Σ figure`` over the others, NaN when none is left.  Summing the respondents' answers instead would count an
    organisation once per respondent who answered for it.
    """
    x = np.asarray(figures, dtype=np.float64).ravel()
    keep = ~np.isnan(x)
    return (float(x[keep].sum()) if keep.any() else float("nan")), int(keep.sum())


def payback(
    yearly: np.ndarray | float, one_off: np.ndarray | float, horizon_years: float
) -> tuple[np.ndarray, np.ndarray]:
    """Payback years and the net result over a horizon, vectorised over groups or scenarios.

    ``payback = one_off / yearly`` when ``yearly > 0``, else NaN (the change never pays itself back);
    ``net = horizon · yearly − one_off``.  The simple, undiscounted payback period (Brealey, Myers & Allen,
    *Principles of Corporate Finance*, ch. 5), which is what a council reads in a business case of a
    cooperation: no discount rate to agree on first.  NaN inputs give NaN.
    """
    y = np.asarray(yearly, dtype=np.float64)
    c = np.asarray(one_off, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        years = np.where(y > 0, c / np.where(y > 0, y, 1.0), np.nan)
    years = np.where(np.isnan(y) | np.isnan(c), np.nan, years)
    return years, horizon_years * y - c


# --------------------------------------------------------------------------- ranking
@dataclass(frozen=True)
class KendallW:
    """Kendall's coefficient of concordance; with groups every field has shape (n_groups,)."""

    w: np.ndarray
    chi2: np.ndarray  #: m(n - 1)·W, Friedman's tie-corrected statistic
    df: np.ndarray  #: n - 1
    p: np.ndarray  #: upper tail of χ² on df
    m: np.ndarray  #: raters (complete rows) used


def _tie_term(ranks: np.ndarray) -> np.ndarray:
    """Per row Σ(t³ - t) over the groups of t equal values (0 for a row without ties)."""
    m, n = ranks.shape
    if m == 0 or n == 0:
        return np.zeros(m)
    s = np.sort(ranks, axis=1)
    new = np.ones((m, n), dtype=bool)
    new[:, 1:] = s[:, 1:] != s[:, :-1]
    run = np.cumsum(new, axis=1) - 1 + (np.arange(m) * n)[:, None]
    t = np.bincount(run.ravel(), minlength=m * n).reshape(m, n).astype(np.float64)
    return (t**3 - t).sum(axis=1)


def _kendall_from_ranks(ranks: np.ndarray, g: np.ndarray, n_groups: int) -> KendallW:
    """W per group from within-row ranks (mid-ranks for ties); rows with a NaN or a code < 0 are left out."""
    r = np.asarray(ranks, dtype=np.float64)
    keep = ~np.isnan(r).any(axis=1) & (g >= 0)
    r, g = r[keep], g[keep]
    n = r.shape[1]
    member = _onehot(g, n_groups)
    m = member.sum(axis=0)
    col = member.T @ r  # rank sums per group and item
    s = ((col - m[:, None] * (n + 1) / 2.0) ** 2).sum(axis=1)
    ties = member.T @ _tie_term(r)
    den = m**2 * (n**3 - n) - m * ties
    ok = (m >= 2) & (n >= 2) & (den > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(ok, 12.0 * s / den, np.nan)
    chi2 = m * (n - 1) * w
    df = np.full(n_groups, max(n - 1, 0), dtype=np.int64)
    p = np.where(ok, _st.chi2.sf(chi2, max(n - 1, 1)), np.nan)
    return KendallW(w, chi2, df, p, m.astype(np.int64))


def group_kendalls_w(matrix: np.ndarray, groups: np.ndarray | None, n_groups: int) -> KendallW:
    """:func:`kendalls_w` for every group at once (one matrix product for the rank sums)."""
    x = np.asarray(matrix, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"matrix must be raters x items, got shape {x.shape}")
    g, n_groups = _group_codes(groups, x.shape[0], n_groups)
    complete = ~np.isnan(x).any(axis=1)
    ranks = np.full(x.shape, np.nan)
    if complete.any():
        ranks[complete] = _st.rankdata(x[complete], axis=1)
    return _kendall_from_ranks(ranks, g, n_groups)


def kendalls_w(matrix: np.ndarray) -> KendallW:
    """Kendall's W with tie correction over a raters x items matrix.

    Each row is ranked within itself (mid-ranks for ties; a matrix of ranks is
    left as it is), rows with a NaN are left out.  With m raters, n items, rank
    sums R_j and ``S = Σ (R_j - m(n+1)/2)²``:
    ``W = 12·S / (m²(n³ - n) - m·Σ(t³ - t))``, the sum over every rater's groups of
    t tied items; ``χ² = m(n - 1)·W`` on n - 1 df, equal to Friedman's
    tie-corrected statistic (Kendall & Babington Smith 1939, Ann. Math. Stat.
    10(3); Siegel & Castellan 1988, *Nonparametric Statistics*, §9.4; Friedman 1937).
    NaN with fewer than 2 raters or items or when every rater ties everything.
    """
    return _first_group(group_kendalls_w(matrix, None, 1))


def complete_ranks(ranks: np.ndarray, top: int | None = None) -> np.ndarray:
    """Full rankings with ties: every option a respondent left unranked gets the mean of the ranks left.

    ``ranks`` is respondents x options, 1..top where ranked, 0 or NaN where not.
    With n options and ranks 1..k used, each unranked option gets
    ``(k + 1 + n) / 2`` (the usual mid-rank for a tie over places k+1..n; Kendall
    & Gibbons 1990, *Rank Correlation Methods*, ch. 3).  A row with no ranks did
    not answer and stays NaN.  An answered row must use the ranks 1..k, each once
    (and k = ``top`` when given); anything else raises ValueError naming the row.
    """
    r = np.asarray(ranks, dtype=np.float64)
    if r.ndim != 2:
        raise ValueError(f"ranks must be respondents x options, got shape {r.shape}")
    n = r.shape[1]
    ranked = ~np.isnan(r) & (r != 0)
    k = ranked.sum(axis=1)
    bad = ranked & ((r != np.round(r)) | (r < 1) | (r > n))
    if bad.any():
        i = int(np.flatnonzero(bad.any(axis=1))[0])
        raise ValueError(f"row {i}: ranks must be whole numbers from 1 to {n}, got {r[i].tolist()}")
    s = np.sort(np.where(ranked, r, np.inf), axis=1)
    expected = np.arange(1, n + 1, dtype=np.float64)
    wrong = ((s != expected) & (np.arange(n) < k[:, None])).any(axis=1)
    if wrong.any():
        i = int(np.flatnonzero(wrong)[0])
        raise ValueError(f"row {i}: ranks must be 1 to {k[i]}, each used once, got {r[i].tolist()}")
    if top is not None:
        off = (k > 0) & (k != top)
        if off.any():
            i = int(np.flatnonzero(off)[0])
            raise ValueError(f"row {i}: ranks {k[i]} options, the question asks for exactly {top}")
    with np.errstate(invalid="ignore", divide="ignore"):
        left = (n * (n + 1) / 2.0 - np.where(ranked, r, 0.0).sum(axis=1)) / (n - k)
    out = np.where(ranked, r, left[:, None])
    out[k == 0] = np.nan
    return out


@dataclass(frozen=True)
class RankingSummary:
    """A ranking question per option; with groups every array gains a leading group axis."""

    n: np.ndarray  #: respondents who ranked
    mean_rank: np.ndarray  #: unranked options count as tied for the places left
    points: np.ndarray  #: live-poll points: rank r earns n - r + 1, unranked 0
    share_first: np.ndarray
    share_top: np.ndarray  #: share that ranked the option at all (in their top)
    w: np.ndarray  #: Kendall's W with tie correction
    chi2: np.ndarray
    df: np.ndarray
    p: np.ndarray


def group_ranking_summary(
    ranks: np.ndarray, groups: np.ndarray | None, n_groups: int, top: int | None = None
) -> RankingSummary:
    """:func:`ranking_summary` for every group at once; arrays (n_groups,) and (n_groups, options)."""
    full = complete_ranks(ranks, top)
    g, n_groups = _group_codes(groups, full.shape[0], n_groups)
    r = np.asarray(ranks, dtype=np.float64)
    ranked = ~np.isnan(r) & (r != 0)
    answered = ~np.isnan(full).all(axis=1) if full.shape[1] else np.zeros(full.shape[0], bool)
    g = np.where(answered, g, -1)
    member = _onehot(g, n_groups)
    n = member.sum(axis=0)
    n_opt = r.shape[1]
    pts = np.where(ranked, n_opt - r + 1, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        per = 1.0 / n[:, None]
        mean_rank = (member.T @ np.where(answered[:, None], full, 0.0)) * per
        points = (member.T @ pts) * per
        first = (member.T @ (ranked & (r == 1)).astype(np.float64)) * per
        share_top = (member.T @ ranked.astype(np.float64)) * per
    kw = _kendall_from_ranks(full, g, n_groups)
    return RankingSummary(n.astype(np.int64), mean_rank, points, first, share_top, kw.w, kw.chi2, kw.df, kw.p)


def ranking_summary(ranks: np.ndarray, top: int | None = None) -> RankingSummary:
    """Mean rank, points, share first, share in the top and Kendall's W of a ranking question.

    ``ranks`` is respondents x options (1 = best; 0 or NaN = not ranked; a row
    without ranks did not answer and counts nowhere).  Unranked options share
    the mean of the ranks left (:func:`complete_ranks`), so ``mean_rank`` and W
    use full rankings with ties.  ``points`` follow a live poll (Slido's ranking
    poll): with n options rank r earns ``n - r + 1``, an unranked option 0,
    averaged over the respondents who answered.  W, χ² and p as :func:`kendalls_w`.
    """
    return _first_group(group_ranking_summary(ranks, None, 1, top))


# =========================================================================== decision aid
# Weighted value of alternatives per respondent, agreement and stability (docs/architecture.md, "Decision aid").

STABILITY_PERTURBATIONS = 1000  #: perturbations of every respondent's weights
#: Dirichlet concentration κ: a respondent's weights p become Dirichlet(κ·p), mean p and
#: SD √(p(1-p)/(κ+1)), e.g. 30 of 100 points varies by about ±4.6 points.
STABILITY_CONCENTRATION = 100.0
STABILITY_SEED = 1729  #: fixed seed of numpy's PCG64 generator, so the figure is deterministic


def _decision_inputs(
    weights: np.ndarray, scores: np.ndarray, ruled_out: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Checked (weights with NaN as 0, scores, ruled-out mask, has-weights mask)."""
    w = np.asarray(weights, dtype=np.float64)
    s = np.asarray(scores, dtype=np.float64)
    if w.ndim != 2 or s.ndim != 2:
        raise ValueError("weights must be respondents x criteria and scores alternatives x criteria")
    if w.shape[1] != s.shape[1]:
        raise ValueError(f"weights have {w.shape[1]} criteria, scores {s.shape[1]}")
    if not np.isfinite(s).all():
        raise ValueError("every alternative must be scored on every criterion")
    if (w[~np.isnan(w)] < 0).any() or np.isinf(w).any():
        raise ValueError("weights must be finite and >= 0")
    w = np.where(np.isnan(w), 0.0, w)
    has = w.sum(axis=1) > 0
    if ruled_out is None:
        out = np.zeros((w.shape[0], s.shape[0]), dtype=bool)
    else:
        out = np.asarray(ruled_out, dtype=bool)
        if out.shape != (w.shape[0], s.shape[0]):
            raise ValueError(f"ruled_out must be {w.shape[0]} x {s.shape[0]}, got {out.shape}")
    return w, s, out, has


def decision_values(
    weights: np.ndarray, scores: np.ndarray, ruled_out: np.ndarray | None = None
) -> np.ndarray:
    """Respondents x alternatives weighted values ``value(a) = Σ_c w_c·s_ac / Σ_c w_c``.

    ``weights`` is respondents x criteria (the points a respondent gave each
    criterion; a row of NaN or zeros gave no weights), ``scores`` alternatives x
    criteria (the instrument's 1..5 judgement), ``ruled_out`` respondents x
    alternatives (True where a knock-out answer rules the alternative out).  The
    simple additive weighting of multi-attribute value theory (Keeney & Raiffa
    1976, *Decisions with Multiple Objectives*).  NaN where ruled out or no weights.
    """
    w, s, out, has = _decision_inputs(weights, scores, ruled_out)
    with np.errstate(invalid="ignore", divide="ignore"):
        v = (w @ s.T) / w.sum(axis=1, keepdims=True)
    return np.where(out | ~has[:, None], np.nan, v)


def _rank_rows(values: np.ndarray) -> np.ndarray:
    """Ranks within the last axis (any leading axes), 1 for the highest value; equal values share the mean of
    their places (mid-ranks), so ``-inf`` entries tie for the last places.

    ``rank(a) = 1 + #{b: v_b > v_a} + (#{b: v_b = v_a} - 1) / 2`` by pairwise comparison, which for the handful of
    alternatives of a decision is faster than sorting and works on a whole batch of perturbations at once.
    """
    v = np.asarray(values, dtype=np.float64)
    a, b = v[..., :, None], v[..., None, :]
    greater = (b > a).sum(axis=-1)
    equal = (b == a).sum(axis=-1)
    return 1.0 + greater + (equal - 1) / 2.0


def _mean_ranks(columns: Sequence[np.ndarray]) -> np.ndarray:
    """The mean over the last axis of :func:`_rank_rows`, from one array of values per alternative (each of shape
    (..., respondents)): alternatives x leading shape.

    Per pair of alternatives it counts the respondents who put one above the other and those who tie them
    (``greater + equal + less = m``), so a batch of perturbations costs a few comparisons per pair instead of a
    respondents x alternatives x alternatives array; equal to ``_rank_rows(values).mean(axis=-2)``
    (``tests/test_stats_kinds.py`` checks it).
    """
    a = len(columns)
    m = columns[0].shape[-1]
    above = np.zeros((a, *columns[0].shape[:-1]))
    for i in range(a):
        for j in range(i + 1, a):
            greater = np.count_nonzero(columns[j] > columns[i], axis=-1)
            equal = np.count_nonzero(columns[j] == columns[i], axis=-1)
            above[i] += greater + 0.5 * equal
            above[j] += (m - greater - equal) + 0.5 * equal
    return 1.0 + above / m


def decision_ranks(
    weights: np.ndarray, scores: np.ndarray, ruled_out: np.ndarray | None = None
) -> np.ndarray:
    """Each respondent's ordering of the alternatives as ranks (1 = highest value).

    Equal values share their mid-rank; ruled-out alternatives tie for the last
    places (with r of A ruled out, each gets ``(2A - r + 1) / 2``, the mean of places A - r + 1..A).  Ties are
    found on ``Σ w_c·s_ac`` (the value times the respondent's constant ``Σ w_c``), which is exact for whole points
    and scores.  Rows of respondents without weights are NaN.
    """
    w, s, out, has = _decision_inputs(weights, scores, ruled_out)
    num = np.where(out, -np.inf, w @ s.T)
    ranks = np.full(num.shape, np.nan)
    if has.any() and num.shape[1]:
        ranks[has] = _rank_rows(num[has])
    return ranks


@dataclass(frozen=True)
class DecisionSummary:
    """Per alternative; with groups every array gains a leading group axis."""

    n: np.ndarray  #: respondents who gave weights (the denominator of the shares and of the mean rank)
    mean_rank: np.ndarray  #: per alternative: mean of :func:`decision_ranks` over n (lower is better)
    n_valued: np.ndarray  #: per alternative: of those, who did not rule it out
    mean: np.ndarray  #: mean value over n_valued
    ci_low: np.ndarray  #: mean ± t(0.975, n_valued-1)·SD/√n_valued
    ci_high: np.ndarray
    share_best: np.ndarray  #: best for the respondent (ties split equally)
    share_ruled_out: np.ndarray
    w: np.ndarray  #: Kendall's W over the respondents' orderings
    chi2: np.ndarray
    df: np.ndarray
    p: np.ndarray


def group_decision_summary(
    weights: np.ndarray,
    scores: np.ndarray,
    ruled_out: np.ndarray | None,
    groups: np.ndarray | None,
    n_groups: int,
) -> DecisionSummary:
    """:func:`decision_summary` for every group at once; arrays (n_groups,) and (n_groups, alternatives)."""
    w, s, out, has = _decision_inputs(weights, scores, ruled_out)
    g, n_groups = _group_codes(groups, w.shape[0], n_groups)
    g = np.where(has, g, -1)
    values = decision_values(w, s, out)
    cols = [group_describe(values[:, a], g, n_groups) for a in range(s.shape[0])]
    member = _onehot(g, n_groups)
    n = member.sum(axis=0)
    num = np.where(out, -np.inf, w @ s.T)
    top = num.max(axis=1, initial=-np.inf, where=~out)
    best = ~out & (num == top[:, None])
    ranks = decision_ranks(w, s, out)
    with np.errstate(invalid="ignore", divide="ignore"):
        split = np.where(best, 1.0 / best.sum(axis=1, keepdims=True), 0.0)
        share_best = (member.T @ split) / n[:, None]
        share_out = (member.T @ out.astype(np.float64)) / n[:, None]
        mean_rank = (member.T @ np.nan_to_num(ranks)) / n[:, None]
    kw = _kendall_from_ranks(ranks, g, n_groups)

    def stack(name):
        return np.stack([getattr(c, name) for c in cols], axis=-1) if cols else np.empty((n_groups, 0))

    return DecisionSummary(
        n.astype(np.int64),
        mean_rank,
        stack("n").astype(np.int64),
        stack("mean"),
        stack("ci_low"),
        stack("ci_high"),
        share_best,
        share_out,
        kw.w,
        kw.chi2,
        kw.df,
        kw.p,
    )


def decision_summary(
    weights: np.ndarray, scores: np.ndarray, ruled_out: np.ndarray | None = None
) -> DecisionSummary:
    """Per alternative: mean rank, mean value with 95% t interval, share best, share ruled out; Kendall's W.

    Inputs as :func:`decision_values`; only respondents who gave weights count.
    ``mean_rank``: each respondent orders the alternatives by value (:func:`decision_ranks`: ruled-out ones tie
    for the last places, ties get the mean of their places) and the ranks are averaged over every respondent who
    gave weights, lower is better; the rank sums of Kendall's W (Kendall & Babington Smith 1939).  The order of the
    alternatives is by this figure: an alternative most respondents rule out cannot come first because the few
    who keep it value it highly, as it could by the mean value, which is over those who kept it only.
    ``share_best``: per respondent the alternatives with the highest value among
    those not ruled out share one vote equally (a respondent who rules out every
    alternative has none, so the shares then add up to less than 1).  W as
    :func:`kendalls_w` over :func:`decision_ranks`.
    """
    return _first_group(group_decision_summary(weights, scores, ruled_out, None, 1))


@dataclass(frozen=True)
class Stability:
    """How firm the top alternative is under perturbed weights."""

    top: int  #: index of the alternative with the best (lowest) mean rank (-1 if none)
    share: float  #: share of perturbations in which it keeps the best mean rank
    n_perturbations: int
    concentration: float
    seed: int


def decision_stability(
    weights: np.ndarray,
    scores: np.ndarray,
    ruled_out: np.ndarray | None = None,
    *,
    n_perturbations: int = STABILITY_PERTURBATIONS,
    concentration: float = STABILITY_CONCENTRATION,
    seed: int = STABILITY_SEED,
) -> Stability:
    """Share of perturbations of every respondent's weights in which the top alternative stays on top.

    The top alternative has the best (lowest) mean rank (:func:`decision_summary`; the first on a tie).  In
    each perturbation every respondent's weights ``p = w / Σw`` are replaced by a draw from ``Dirichlet(κ·p)``
    (mean p, concentration κ; criteria given no points stay at 0), each respondent orders the alternatives
    again with the same knock-outs (:func:`decision_ranks`' rule) and the mean ranks are recomputed; the top one
    "stays" when its mean rank is still the best (a tie counts).  A probabilistic sensitivity analysis in the
    manner of SMAA (Lahdelma, Hokkanen & Salminen 1998, EJOR 106(1)).  Dirichlet draws are gamma draws from
    ``numpy.random.default_rng(seed)``, so the result is deterministic; their normalisation is left out, since a
    respondent's order does not change when all their weights are scaled.  Alternatives with the same scores
    get their values from one product, so they tie exactly, as in the unperturbed order.  The work is done in
    chunks of perturbations as batched array operations.
    """
    w, s, out, has = _decision_inputs(weights, scores, ruled_out)
    w, out = w[has], out[has]
    if not w.shape[0] or not (~out).any():
        return Stability(-1, np.nan, n_perturbations, concentration, seed)
    base = w @ s.T
    top = int(np.argmin(_mean_ranks([np.where(out[:, j], -np.inf, base[:, j]) for j in range(s.shape[0])])))
    p = w / w.sum(axis=1, keepdims=True)
    distinct, which = np.unique(s, axis=0, return_inverse=True)
    which = np.asarray(which).ravel()
    m, c = p.shape
    rng = np.random.default_rng(seed)
    shape = concentration * p
    chunk = max(1, 2_000_000 // max(m * max(c, s.shape[0]), 1))
    stays = 0
    done = 0
    while done < n_perturbations:
        k = min(chunk, n_perturbations - done)
        draw = rng.standard_gamma(shape, size=(k, m, c))
        values = (draw.reshape(k * m, c) @ distinct.T).reshape(k, m, -1)
        means = _mean_ranks([np.where(out[:, j], -np.inf, values[:, :, which[j]]) for j in range(s.shape[0])])
        stays += int((means[top] <= means.min(axis=0) + 1e-12).sum())
        done += k
    return Stability(top, stays / n_perturbations, n_perturbations, float(concentration), int(seed))
