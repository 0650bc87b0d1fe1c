"""Statistics for Scanengine (the formulas: docs/architecture.md, "Statistics").

Pure functions over numpy arrays; ``NaN`` means missing.  Only numpy, scipy and
the standard library are used.  Everything that runs per respondent is
vectorised so that 100,000 respondents x 40 items x 12 groups is analysed in a
fraction of a second.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as _st


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


def tabulate_indexed(value_index: np.ndarray, values: np.ndarray, groups: np.ndarray, n_groups: int) -> ValueTable:
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


def label_codes(labels: Sequence[Hashable]) -> tuple[list, np.ndarray]:
    """Map arbitrary group labels to codes 0..g-1 for :func:`group_describe`
    (None -> -1, ignored).  Returns (unique labels in first-seen order, codes)."""
    seen: dict = {}
    codes = np.empty(len(labels), dtype=np.intp)
    for i, lab in enumerate(labels):
        codes[i] = -1 if lab is None else seen.setdefault(lab, len(seen))
    return list(seen), codes
