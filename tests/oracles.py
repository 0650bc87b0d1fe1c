"""Sample-based reference implementations: the oracles the tabulated statistics of :mod:`scanengine.stats` are
tested against (each one is itself tested against scipy, pingouin, ``statistics`` or published values).

They work on the raw scores of every respondent, the slow and obvious way; the product computes the same figures
from counts (:func:`scanengine.stats.table_describe`, :func:`~scanengine.stats.table_icc`,
:func:`~scanengine.stats.table_kruskal`, :func:`~scanengine.stats.rwg_j_from_variances`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as _st

from scanengine.stats import KruskalResult, ValueTable, tabulate_indexed

DK = 255


def tabulate(scores, groups, n_groups: int) -> ValueTable:
    """Scores (NaN dropped) by group code 0..n_groups-1 (other codes dropped) as a :class:`ValueTable`."""
    x = np.asarray(scores, dtype=np.float64).ravel()
    g = np.asarray(groups).ravel()
    keep = ~np.isnan(x) & (g >= 0) & (g < n_groups)
    values, index = np.unique(x[keep], return_inverse=True)
    return tabulate_indexed(index, values, g[keep], n_groups)


def _sigma2_eu(points: int) -> float:
    return (points**2 - 1) / 12.0


def _rwg_formula(s2, j, sigma2):
    ratio = np.asarray(s2, dtype=np.float64) / sigma2
    with np.errstate(invalid="ignore", divide="ignore"):
        num = j * (1 - ratio)
        r = num / (num + ratio)
    return np.where(np.isnan(ratio), np.nan, np.where(ratio >= 1, 0.0, r))


def dk_mask(raw: np.ndarray) -> np.ndarray:
    """Boolean mask of "don't know" answers (raw code 255)."""
    return np.asarray(raw) == DK


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
