"""The k rule, in one place: which figures may be shown (see docs/architecture.md, "Suppression (the k rule)").

* a figure based on fewer than ``k`` respondents is not shown (:func:`enough`);
* a group of fewer than ``k`` respondents (``0 < n < k``) is suppressed: it carries no figures, not even n;
* complementary suppression: when exactly one group of a breakdown is suppressed, the smallest shown group is
  suppressed too, so the hidden group cannot be recovered as "total minus the others" (:func:`suppress`).

Every caller (the analysis, the stored summaries, the benchmark, the raw export, admin pages) uses these two.
"""

from __future__ import annotations

import numpy as np


def enough(n: int | None, k: int) -> bool:
    """May a figure based on ``n`` respondents be shown under the minimum group size ``k``?"""
    return n is not None and n >= k


def suppress(n: np.ndarray, k: int, forced: np.ndarray | None = None) -> np.ndarray:
    """Which groups of one breakdown to hide.

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


def shown_cells(n: np.ndarray, k: int, forced: np.ndarray, shown: bool) -> tuple[np.ndarray, np.ndarray]:
    """The groups of one breakdown for one figure (a question's, per group): ``(hide, with_figures)``.

    ``hide`` marks the groups shown as suppressed (:func:`suppress` of the figure's own counts ``n``, on top of
    the breakdown's ``forced`` groups; all of them when the figure itself is not ``shown``); ``with_figures``
    the groups whose figures may be shown (not hidden and at least k). The question tables and the business
    case both use it, so neither can show a group or a count that the other hides.
    """
    counts = np.asarray(n)
    hide = suppress(counts, k, forced) if shown else np.ones(len(counts), bool)
    return hide, ~hide & (counts >= k)
