"""Statistics for Scanengine (SPEC section 7).

Pure functions over numpy arrays; ``NaN`` means missing.  Only numpy, scipy and
the standard library are used.  Everything that runs per respondent is
vectorised so that 100,000 respondents x 40 items x 12 groups is analysed in a
fraction of a second.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as _st

DK = 255  #: raw code for "don't know"
MISSING = 0  #: raw code for missing / not shown


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


def dk_mask(raw: np.ndarray) -> np.ndarray:
    """Boolean mask of "don't know" answers (raw code 255)."""
    return np.asarray(raw) == DK


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
@dataclass(frozen=True)
class Summary:
    """Descriptive summary of one sample (NaN where undefined)."""

    n: int
    mean: float
    sd: float
    median: float
    ci_low: float
    ci_high: float


def _t_half_width(sd: np.ndarray, n: np.ndarray, level: float = 0.95) -> np.ndarray:
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = _st.t.ppf(0.5 + level / 2, np.where(n >= 2, n - 1, np.nan))
        return t * sd / np.sqrt(n)


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
    hw = float(_t_half_width(np.float64(sd), np.float64(n)))
    return Summary(n, mean, sd, float(np.median(x)), mean - hw, mean + hw)


@dataclass(frozen=True)
class GroupSummary:
    """Per-group arrays (length ``n_groups``); NaN where undefined."""

    n: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    median: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray


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
    hw = _t_half_width(sd, n)
    return GroupSummary(n, mean, sd, median, mean - hw, mean + hw)


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


def band(mean: float, bands: Sequence[tuple[float, str]]) -> str | None:
    """Label of the first band (by ``min`` descending) with ``mean >= min``.

    Returns None for NaN/None or when the mean lies below every band.
    """
    if mean is None or np.isnan(mean):
        return None
    for lo, label in sorted(bands, key=lambda b: b[0], reverse=True):
        if mean >= lo:
            return label
    return None


# --------------------------------------------------------------------------- agreement
def _sigma2_eu(points: int) -> float:
    return (points**2 - 1) / 12.0


def rwg(x: np.ndarray, points: int) -> float:
    """Single-item within-group agreement ``rwg = 1 - s^2 / sigma_EU^2``.

    ``sigma_EU^2 = (A^2 - 1)/12`` is the variance of the uniform null
    distribution over A = ``points`` options; s^2 has ddof 1, NaN ignored.
    Values with s^2 >= sigma_EU^2 are set to 0 as James, Demaree & Wolf (1984),
    J. Appl. Psychol. 69(1), recommend (so ``rwg == rwg_j`` with J = 1).
    Fewer than 2 answers -> NaN.
    """
    return rwg_j(np.asarray(x, dtype=np.float64).reshape(-1, 1), points)


def rwg_j(matrix: np.ndarray, points: int) -> float:
    """Multi-item agreement (James, Demaree & Wolf 1984, J. Appl. Psychol. 69(1)).

    ``rwg(J) = J(1 - s̄²/σ²) / (J(1 - s̄²/σ²) + s̄²/σ²)`` with ``σ² = (A²-1)/12``
    and s̄² the mean of the item variances (ddof 1, NaN-aware per item; items
    with < 2 answers are left out and do not count in J).  0 where s̄² >= σ².
    """
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim == 1:
        m = m.reshape(-1, 1)
    ok = ~np.isnan(m)
    cnt = ok.sum(axis=0)
    use = cnt >= 2
    if not use.any():
        return np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        mu = np.where(ok, m, 0.0).sum(axis=0) / cnt
        var = np.where(ok, (m - mu) ** 2, 0.0).sum(axis=0) / (cnt - 1)
    return float(_rwg_formula(np.mean(var[use]), int(use.sum()), _sigma2_eu(points)))


def _rwg_formula(s2: np.ndarray, j: np.ndarray | int, sigma2: float) -> np.ndarray:
    ratio = np.asarray(s2, dtype=np.float64) / sigma2
    with np.errstate(invalid="ignore", divide="ignore"):
        num = j * (1 - ratio)
        r = num / (num + ratio)
    return np.where(np.isnan(ratio), np.nan, np.where(ratio >= 1, 0.0, r))


def group_rwg_j(matrix: np.ndarray, groups: np.ndarray, n_groups: int, points: int) -> np.ndarray:
    """:func:`rwg_j` for every group at once (np.bincount per item); shape (n_groups,)."""
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim == 1:
        m = m.reshape(-1, 1)
    g = np.asarray(groups).ravel()
    inside = (g >= 0) & (g < n_groups)
    m, g = m[inside], g[inside].astype(np.intp)
    var = np.full((n_groups, m.shape[1]), np.nan)
    for i in range(m.shape[1]):
        col = m[:, i]
        ok = ~np.isnan(col)
        c, gi = col[ok], g[ok]
        n = np.bincount(gi, minlength=n_groups)
        with np.errstate(invalid="ignore", divide="ignore"):
            mu = np.bincount(gi, weights=c, minlength=n_groups) / n
            ss = np.bincount(gi, weights=(c - mu[gi]) ** 2, minlength=n_groups)
            var[:, i] = np.where(n >= 2, ss / (n - 1), np.nan)
    j = (~np.isnan(var)).sum(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        s2 = np.nanmean(var, axis=1)
    return _rwg_formula(s2, j, _sigma2_eu(points))


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
class Anova:
    """One-way ANOVA result; ``n_bar`` is the unbalanced mean group size."""

    F: float
    p: float
    ms_between: float
    ms_within: float
    df_between: int
    df_within: int
    n_bar: float


def anova_oneway(scores: np.ndarray, groups: np.ndarray) -> Anova:
    """One-way ANOVA of ``scores`` on group membership (any hashable labels; NaN dropped).

    MSB = sum n_i (m_i - m)^2 / (g-1), MSW = sum (x - m_i)^2 / (N-g),
    F = MSB/MSW, ``n̄ = (N - sum n_i^2 / N) / (g-1)`` (Bliese 2000, in Klein &
    Kozlowski, *Multilevel Theory, Research, and Methods in Organizations*).
    """
    x = np.asarray(scores, dtype=np.float64).ravel()
    g = np.asarray(groups).ravel()
    keep = ~np.isnan(x)
    x, g = x[keep], g[keep]
    _, code = np.unique(g, return_inverse=True)
    ni = np.bincount(code).astype(np.float64)
    k, N = ni.size, x.size
    nan = Anova(np.nan, np.nan, np.nan, np.nan, k - 1, N - k, np.nan)
    if k < 2 or N - k < 1:
        return nan
    means = np.bincount(code, weights=x) / ni
    grand = x.mean()
    msb = float((ni * (means - grand) ** 2).sum() / (k - 1))
    msw = float(((x - means[code]) ** 2).sum() / (N - k))
    with np.errstate(invalid="ignore", divide="ignore"):
        F = msb / msw if msw > 0 else (np.inf if msb > 0 else np.nan)
    p = float(_st.f.sf(F, k - 1, N - k)) if not np.isnan(F) else np.nan
    n_bar = (N - (ni**2).sum() / N) / (k - 1)
    return Anova(float(F), p, msb, msw, k - 1, N - k, float(n_bar))


def icc1(scores: np.ndarray, groups: np.ndarray) -> float:
    """ICC(1) = (MSB - MSW) / (MSB + (n̄ - 1) MSW), unbalanced n̄ (Bliese 2000).

    Equals Shrout & Fleiss (1979) ICC(1,1) for balanced groups.  NaN if undefined.
    """
    a = anova_oneway(scores, groups)
    den = a.ms_between + (a.n_bar - 1) * a.ms_within
    return float((a.ms_between - a.ms_within) / den) if den > 0 else np.nan


def icc2(scores: np.ndarray, groups: np.ndarray) -> float:
    """ICC(2) = (MSB - MSW) / MSB, reliability of group means (Bliese 2000;
    Shrout & Fleiss 1979 ICC(1,k)).  NaN if undefined."""
    a = anova_oneway(scores, groups)
    return float((a.ms_between - a.ms_within) / a.ms_between) if a.ms_between > 0 else np.nan


@dataclass(frozen=True)
class KruskalResult:
    H: float
    p: float
    epsilon2: float
    df: int
    n: int


def kruskal(samples: Sequence[np.ndarray], min_size: int = 1) -> KruskalResult:
    """Kruskal-Wallis H (scipy.stats.kruskal) with ``epsilon² = H / ((n²-1)/(n+1))``.

    Tomczak & Tomczak (2014), Trends Sport Sci. 1(21).  NaN values are dropped;
    samples with fewer than ``min_size`` values are left out.  Fewer than two
    samples or all values identical -> NaN H, p, epsilon².
    """
    s = [np.asarray(a, dtype=np.float64).ravel() for a in samples]
    s = [a[~np.isnan(a)] for a in s]
    s = [a for a in s if a.size >= max(min_size, 1)]
    n = int(sum(a.size for a in s))
    df = max(len(s) - 1, 0)
    if len(s) < 2 or np.unique(np.concatenate(s)).size < 2:
        return KruskalResult(np.nan, np.nan, np.nan, df, n)
    h, p = _st.kruskal(*s)
    return KruskalResult(float(h), float(p), float(h / ((n**2 - 1) / (n + 1))), df, n)


@dataclass(frozen=True)
class MannWhitneyResult:
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
