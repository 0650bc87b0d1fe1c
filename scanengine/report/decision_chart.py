"""The decision aid's chart: the alternatives ranked by mean weighted value, with their 95% intervals.

Drawn like the other report charts (scanengine.report.charts: matplotlib Figure without pyplot, vector output,
cached by its data); used by the PDF and, as SVG, by the results page.
"""

from __future__ import annotations

from scanengine.report import charts
from scanengine.report.text import num


def ranking(
    labels: list[str],
    means: list[float | None],
    lows: list[float | None],
    highs: list[float | None],
    axis_label: str,
    lang: str,
) -> charts.Chart:
    """One horizontal bar per alternative (in the given order, top first) from 1 to 5, with its interval as a
    whisker and the mean printed at the bar's end (as a reader of ``lang`` writes it); an alternative without a
    mean gets no bar."""
    data = {
        "labels": labels,
        "means": means,
        "lows": lows,
        "highs": highs,
        "axis": axis_label,
        "lang": lang,
    }
    return charts._cached("decision_ranking", data, _draw)


def _draw(d: dict) -> charts.Chart:
    import numpy as np

    n = len(d["labels"])
    w, h = 16.0, 1.6 + 0.75 * n
    with charts._rc():
        fig = charts._figure(w, h)
        bottom = 1.0 / h
        ax = fig.add_axes([0.36, bottom, 0.58, 1 - bottom - 0.25 / h])
        y = np.arange(n)[::-1].astype(float)
        m = np.array([np.nan if v is None else v for v in d["means"]], dtype=float)
        lo = np.array([np.nan if v is None else v for v in d["lows"]], dtype=float)
        hi = np.array([np.nan if v is None else v for v in d["highs"]], dtype=float)
        ax.barh(y, np.nan_to_num(m - 1, nan=0.0), left=1, height=0.55, color=charts.BLUE)
        ok = ~np.isnan(lo) & ~np.isnan(hi) & ~np.isnan(m)
        if ok.any():
            ax.errorbar(
                m[ok],
                y[ok],
                xerr=[m[ok] - lo[ok], hi[ok] - m[ok]],
                fmt="none",
                ecolor="#222222",
                elinewidth=0.9,
                capsize=2.5,
            )
        for yi, mi, hii in zip(y, m, hi, strict=True):
            if not np.isnan(mi):
                x = hii if not np.isnan(hii) else mi
                ax.text(min(x + 0.06, 4.75), yi, num(float(mi), d["lang"]), va="center", fontsize=7)
        charts._row_labels(
            fig, ax, y, [charts._wrap(lbl, 34, d["lang"]) for lbl in d["labels"]], fontsize=7.5
        )
        ax.set_xlim(1, 5)
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_xticks([1, 2, 3, 4, 5])
        ax.set_xlabel(d["axis"], fontsize=7)
        ax.spines[["top", "right"]].set_visible(False)
        return charts._finish(fig, w, h)
