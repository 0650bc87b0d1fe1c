"""Kendall's W in words: one rule for every place that says how far respondents agree on an order (a ranking's
options, a decision's alternatives; the report, the results page and the conclusions alike).

Schmidt (1997) reads W as .1 very weak, .3 weak, .5 moderate, .7 strong, .9 unusually strong agreement; we fold
that into three levels at his own boundaries: from .7 "strong", from .5 "moderate", below .5 "weak" (which the
texts put as "hardly agree"). Schmidt, R.C. (1997), Managing Delphi surveys using nonparametric statistical
techniques, Decision Sciences 28(3), 763-774, table 2.
"""

from __future__ import annotations

W_STRONG, W_MODERATE = 0.7, 0.5  #: the lower bounds of "strong" and "moderate" agreement (Schmidt 1997)


def agreement_level(w: float) -> str:
    """``"strong"``, ``"moderate"`` or ``"weak"`` for Kendall's W (thresholds in the module docstring)."""
    return "strong" if w >= W_STRONG else "moderate" if w >= W_MODERATE else "weak"
