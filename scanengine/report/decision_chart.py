"""The decision aid's chart: the alternatives in the order of their mean place over all who weighed the
criteria (1 is best; ruled-out alternatives tie for the last places), as bars that are longer the better the
place, with the mean place printed at the bar's end; an alternative ruled out by a majority is drawn grey.

Drawn like the other report charts (scanengine.report.charts: matplotlib Figure without pyplot, vector record,
cached by its data); the PDF and the HTML report draw the same record.
"""

from __future__ import annotations

from scanengine.report import charts
from scanengine.report.text import num

MUTED = "#9aa3ad"


def ranking(
    labels: list[str],
    mean_ranks: list[float | None],
    places: int,
    muted: list[bool],
    axis_label: str,
    lang: str,
) -> charts.Chart:
    """One horizontal bar per alternative (in the given order, best first) from the last place (``places``) to
    its mean place; ``muted`` alternatives (ruled out by a majority) in grey; an alternative without a mean place
    gets no bar."""
    data = {
        "labels": labels,
        "ranks": mean_ranks,
        "places": places,
        "muted": muted,
        "axis": axis_label,
        "lang": lang,
    }
    return charts._cached("decision_ranking", data, _draw)


def _draw(d: dict) -> charts.Chart:
    import numpy as np

    n, places = len(d["labels"]), d["places"]
    w, h = 16.0, 1.6 + 0.75 * n
    with charts._rc():
        fig = charts._figure(w, h)
        bottom = 1.0 / h
        ax = fig.add_axes([0.36, bottom, 0.54, 1 - bottom - 0.25 / h])
        y = np.arange(n)[::-1].astype(float)
        r = np.array([np.nan if v is None else v for v in d["ranks"]], dtype=float)
        colours = [MUTED if m else charts.BLUE for m in d["muted"]]
        length = np.nan_to_num(places + 0.5 - r, nan=0.0)  # from just past the last place to the mean place
        ax.barh(y, length, left=0.5, height=0.55, color=colours)
        for yi, ri, li in zip(y, r, length, strict=True):
            if not np.isnan(ri):
                ax.text(0.5 + li + 0.06, yi, num(float(ri), d["lang"], 1), va="center", fontsize=7)
        charts._row_labels(
            fig, ax, y, [charts._wrap(lbl, 34, d["lang"]) for lbl in d["labels"]], fontsize=7.5
        )
        ax.set_xlim(0.5, places + 0.9)
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_xticks([places + 1 - p for p in range(1, places + 1)])  # place p stands at places + 1 - p
        ax.set_xticklabels([str(p) for p in range(1, places + 1)])
        ax.set_xlabel(d["axis"], fontsize=7)
        ax.spines[["top", "right"]].set_visible(False)
        return charts._finish(fig, w, h)
