"""The report's charts, drawn by matplotlib from aggregates only.

Why these choices:

* ``matplotlib.figure.Figure`` with the Agg canvas, never pyplot: pyplot keeps global state and is not safe in a
  web server; matplotlib is imported lazily because importing it costs ~0.3 s that the rest of the app never pays.
* Charts depend on aggregates (means, shares), never on respondents, so report time does not grow with the number
  of respondents; and each chart is kept in the page cache (:mod:`scanengine.cache`) by its data, so the same chart is never drawn twice (a report rebuilt
  for a second language redraws only the charts whose labels changed).
* Vector, not raster: the figure is recorded as ReportLab shapes by :mod:`scanengine.report.vector` (crisp at any
  zoom, text as real text). Rasterising at 200 dpi and compressing the pixels into the PDF was most of the report's
  time. For the same reason the charts keep their artists few: one collection for all bar segments, row labels as
  plain texts instead of tick labels (a matplotlib ``Tick`` is five artists).
* DejaVu Sans, the typeface of the PDF text, so ĳ, ë, é and € print in the charts too.
* A diverging red-yellow-blue palette (readable with the common colour-vision deficiencies) and values printed
  in the cells, so colour is never the only carrier of a figure.

It is longer than ~400 lines because every chart of the PDF is drawn here with one style, one font and one
cache.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scanengine import cache
from scanengine.report.text import num
from scanengine.report.text import wrap as text_wrap

if TYPE_CHECKING:
    from scanengine.report.vector import VectorImage

CM = 1 / 2.54
BLUE, ORANGE, GREY = "#1f5f99", "#d9822b", "#777777"
DK_COLOUR = "#bdbdbd"
SUPPRESSED_COLOUR = "#e6e6e6"


@dataclass(frozen=True)
class Chart:
    """A recorded chart (vector shapes and labels, in points) and the size (cm) it is printed at; the PDF and
    the HTML writer each draw ``image`` in their own format."""

    image: VectorImage
    width_cm: float
    height_cm: float


_lock = threading.Lock()  # matplotlib is not thread-safe: one chart is drawn at a time
stats = {"rendered": 0, "cached": 0}


def _key(kind: str, data: dict) -> str:
    blob = json.dumps([kind, data], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _cached(kind: str, data: dict, draw) -> Chart:
    """The chart for ``data``: from the page cache (area ``chart``, keyed by the SHA-256 of the data), or drawn by
    ``draw(data)`` once and kept there."""
    key = _key(kind, data)
    store = cache.active()
    with _lock:
        chart = store.lookup("chart", key)
        if isinstance(chart, Chart):
            stats["cached"] += 1
            return chart
        chart = draw(data)
        stats["rendered"] += 1
        store.put("chart", key, chart)
        return chart


def clear_cache() -> None:
    """Forget the charts drawn so far (to time a cold build)."""
    cache.active().clear("chart")


def _figure(width_cm: float, height_cm: float):
    from matplotlib.figure import Figure

    from scanengine.report import fonts

    fig = Figure(
        figsize=(width_cm * CM, height_cm * CM), dpi=72, facecolor="white"
    )  # 72 dpi: units are points
    fonts.font_dir()  # fails clearly if matplotlib (and so DejaVu) is missing
    return fig


def _rc():
    import matplotlib

    return matplotlib.rc_context(
        {
            "font.family": "DejaVu Sans",
            "font.size": 7.5,
            "axes.titlesize": 8,
            "axes.edgecolor": "#555555",
            "svg.fonttype": "none",
            "text.parse_math": False,
        }
    )  # a "$" in a statement prints as typed


def _finish(fig, width_cm: float, height_cm: float) -> Chart:
    """Record the figure as vector shapes (see :mod:`scanengine.report.vector`)."""
    from scanengine.report import vector

    return Chart(vector.record(fig), width_cm, height_cm)


def scale_colours(points: int) -> list[str]:
    """One colour per scale point, red (1) through yellow to blue (points)."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps["RdYlBu"]
    return [to_hex(cmap(0.08 + 0.84 * i / max(points - 1, 1))) for i in range(points)]


def _row_labels(fig, ax, ys, labels: list[str], *, fontsize: float, pad_pt: float = 3.5) -> list:
    """Labels right-aligned just left of the axes at data heights ``ys``, as plain texts.

    What y tick labels look like, without the tick machinery: every matplotlib ``Tick`` is two texts and three
    lines, built and laid out even when invisible, which cost more than drawing the bars themselves.
    """
    from matplotlib.transforms import ScaledTranslation

    transform = ax.get_yaxis_transform() + ScaledTranslation(-pad_pt / 72, 0, fig.dpi_scale_trans)
    ax.set_yticks([])
    return [
        ax.text(0, y, label, transform=transform, ha="right", va="center", fontsize=fontsize, clip_on=False)
        for y, label in zip(ys, labels, strict=True)
    ]


def _wrap(text: str, width: int, lang: str) -> str:
    """A label in lines of at most ``width`` characters; a long word breaks only at a hyphenation point."""
    return "\n".join(text_wrap(text, width, lang))


# -- overview: radar (3+ dimensions) or bars --------------------------------------------------------------------


def overview(
    labels: list[str],
    means: list[float | None],
    points: int,
    *,
    benchmark: list[float | None] | None,
    previous: list[float | None] | None,
    legend: tuple[str, str, str],
    lang: str,
) -> Chart:
    """Dimension means vs the benchmark median vs the previous round.

    A radar needs three axes to be a shape; with fewer dimensions the same data is drawn as horizontal bars.
    ``legend`` is (this round, benchmark median, previous round) in the report's language.
    """
    data = {
        "labels": labels,
        "means": means,
        "points": points,
        "benchmark": benchmark,
        "previous": previous,
        "legend": legend,
        "lang": lang,
    }
    return _cached("overview", data, _draw_radar if len(labels) >= 3 else _draw_overview_bars)


def _draw_radar(d: dict) -> Chart:
    import numpy as np

    w, h = 16.0, 10.5
    with _rc():
        fig = _figure(w, h)
        ax = fig.add_axes([0.25, 0.12, 0.50, 0.76], projection="polar")
        n = len(d["labels"])
        angles = np.linspace(0, 2 * math.pi, n, endpoint=False)
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        ax.set_ylim(1, d["points"])
        ax.set_yticks(range(1, d["points"] + 1))
        ax.set_yticklabels([str(v) for v in range(1, d["points"] + 1)], fontsize=6, color=GREY)
        ax.set_rlabel_position(180 / n)
        ax.set_xticks(angles)
        ax.set_xticklabels([_wrap(lbl, 16, d["lang"]) for lbl in d["labels"]], fontsize=7.5)
        ax.tick_params(axis="x", pad=9)
        ax.grid(color="#cccccc", linewidth=0.6)

        def series(values, **style):
            v = np.array([np.nan if x is None else x for x in values], dtype=float)
            closed_a, closed_v = np.append(angles, angles[0]), np.append(v, v[0])
            ax.plot(closed_a, closed_v, **style)
            return v

        handles = []
        if d["benchmark"] and any(x is not None for x in d["benchmark"]):
            handles.append(ax.plot([], [], color=GREY, linestyle=":", linewidth=1.6, label=d["legend"][1])[0])
            series(d["benchmark"], color=GREY, linestyle=":", linewidth=1.6)
        if d["previous"] and any(x is not None for x in d["previous"]):
            handles.append(
                ax.plot([], [], color=ORANGE, linestyle="--", linewidth=1.4, label=d["legend"][2])[0]
            )
            series(d["previous"], color=ORANGE, linestyle="--", linewidth=1.4)
        v = series(d["means"], color=BLUE, linewidth=2.0, marker="o", markersize=3.5)
        handles.insert(
            0, ax.plot([], [], color=BLUE, linewidth=2.0, marker="o", markersize=3.5, label=d["legend"][0])[0]
        )
        if not np.isnan(v).all():
            ax.fill(angles, np.nan_to_num(v, nan=1.0), color=BLUE, alpha=0.10)
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.01), frameon=False, fontsize=7)
        return _finish(fig, w, h)


def _draw_overview_bars(d: dict) -> Chart:
    import numpy as np

    n = len(d["labels"])
    w, h = 16.0, 2.2 + 1.1 * n
    with _rc():
        fig = _figure(w, h)
        ax = fig.add_axes([0.28, 0.30, 0.68, 0.62])
        y = np.arange(n)[::-1]
        means = np.array([np.nan if x is None else x for x in d["means"]], dtype=float)
        ax.barh(y, np.nan_to_num(means - 1, nan=0.0), left=1, height=0.5, color=BLUE, label=d["legend"][0])
        if d["benchmark"] and any(x is not None for x in d["benchmark"]):
            b = np.array([np.nan if x is None else x for x in d["benchmark"]], dtype=float)
            ax.scatter(b, y, marker="|", s=300, color=GREY, linewidths=2.2, label=d["legend"][1], zorder=3)
        if d["previous"] and any(x is not None for x in d["previous"]):
            p = np.array([np.nan if x is None else x for x in d["previous"]], dtype=float)
            ax.scatter(p, y, marker="D", s=18, color=ORANGE, label=d["legend"][2], zorder=3)
        ax.set_yticks(y)
        ax.set_yticklabels([_wrap(lbl, 30, d["lang"]) for lbl in d["labels"]])
        ax.set_xlim(1, d["points"])
        ax.set_xticks(range(1, d["points"] + 1))
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.18), ncol=3, frameon=False, fontsize=7)
        return _finish(fig, w, h)


# -- item distributions -------------------------------------------------------------------------------------------


def item_distribution(
    labels: list[str],
    shares: list[list[float] | None],
    dk_shares: list[float | None],
    points: int,
    scale_labels: list[str],
    dk_label: str | None,
    *,
    reverse: list[bool],
    lang: str,
) -> Chart:
    """One 100% stacked bar per statement: the share of each raw answer 1..points from left to right, then don't
    know (grey).

    The colours say what an answer means, not what it says: red is unfavourable, blue favourable. For a
    reverse-worded statement (``reverse``) agreeing is unfavourable, so its colours run the other way (its raw
    answer ``v`` gets the colour of the scored value ``points + 1 - v``); the block marks such a statement in its
    label and the caption says so.
    """
    data = {
        "labels": labels,
        "shares": shares,
        "dk": dk_shares,
        "points": points,
        "scale_labels": scale_labels,
        "dk_label": dk_label,
        "reverse": reverse,
        "lang": lang,
    }
    return _cached("items", data, _draw_items)


def _draw_items(d: dict) -> Chart:
    import numpy as np
    from matplotlib.collections import PolyCollection

    labels, points = d["labels"], d["points"]
    wrapped = [_wrap(lbl, 46, d["lang"]) for lbl in labels]
    lines = [w.count("\n") + 1 for w in wrapped]
    row_h = [0.30 + 0.27 * max(lc, 1) for lc in lines]
    legend_h = 0.85 + 0.3 * ((points + (1 if d["dk_label"] else 0)) > 6)
    w, h = 17.0, sum(row_h) + legend_h + 0.4
    with _rc():
        fig = _figure(w, h)
        bottom = (legend_h + 0.05) / h
        ax = fig.add_axes([0.42, bottom, 0.56, 1 - bottom - 0.2 / h])
        colours = scale_colours(points)
        stacked, y = [], 0.0
        for rh in reversed(row_h):
            stacked.append(y + rh / 2)
            y += rh
        centres = np.array(stacked[::-1])
        bar_h = 0.34
        n = len(labels)
        # every segment is one polygon of a single PolyCollection: one artist for the whole chart instead of one
        # Rectangle patch per segment (which made up a third of the chart's cost)
        verts, faces = [], []

        def box(left, width, centre):
            lo, hi = centre - bar_h / 2, centre + bar_h / 2
            verts.append(((left, lo), (left, hi), (left + width, hi), (left + width, lo)))

        for i in range(n):
            if d["shares"][i] is None:  # suppressed or nobody answered
                box(0.0, 100.0, centres[i])
                faces.append(SUPPRESSED_COLOUR)
                continue
            segs = [100 * v for v in d["shares"][i]] + [100 * (d["dk"][i] or 0.0)]
            left = 0.0
            for j, seg in enumerate(segs):
                if seg > 0:
                    scored = points - 1 - j if d["reverse"][i] else j  # the colour of what the answer means
                    box(left, seg, centres[i])
                    faces.append(colours[scored] if j < points else DK_COLOUR)
                    if seg >= 7:
                        dark = j < points and (scored == 0 or scored == points - 1)
                        ax.text(
                            left + seg / 2,
                            centres[i],
                            f"{seg:.0f}",
                            ha="center",
                            va="center",
                            fontsize=6,
                            color="white" if dark else "#222222",
                        )
                left += seg
        ax.add_collection(
            PolyCollection(verts, facecolors=faces, edgecolors="white", linewidths=0.4), autolim=False
        )
        ax.set_ylim(0, y)
        _row_labels(fig, ax, centres, wrapped, fontsize=7)
        ax.set_xlim(0, 100)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.set_xticklabels(["0%", "25%", "50%", "75%", "100%"], fontsize=6.5)
        ax.spines[["top", "right", "left"]].set_visible(False)
        from matplotlib.patches import Patch

        handles = [Patch(color=c, label=lbl) for c, lbl in zip(colours, d["scale_labels"], strict=True)]
        if d["dk_label"]:
            handles.append(Patch(color=DK_COLOUR, label=d["dk_label"]))
        ncol = min(len(handles), 7)
        fig.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=ncol,
            frameon=False,
            fontsize=6.5,
            handlelength=1.2,
            columnspacing=1.0,
        )
        return _finish(fig, w, h)


# -- groups x dimensions ------------------------------------------------------------------------------------------


def heatmap(
    rows: list[str],
    sections: list[str],
    columns: list[str],
    values: list[list[float | None]],
    points: int,
    suppressed_label: str,
    lang: str,
) -> Chart:
    """Group means per dimension; ``None`` cells are suppressed and drawn plain grey with ``suppressed_label``.

    ``sections`` names the breakdown of each row; a row whose section is ``""`` is a header (the breakdown's
    title, in bold, without cells). Labels wrap (a word breaks only at a hyphenation point) and are never cut
    short; column titles stand upright when they fit their column, else they turn a quarter and wrap into as
    many lines as the column is wide, so neighbouring titles never overlap.
    """
    data = {
        "rows": rows,
        "sections": sections,
        "columns": columns,
        "values": values,
        "points": points,
        "suppressed": suppressed_label,
        "lang": lang,
    }
    return _cached("heatmap", data, _draw_heatmap)


CHAR_EM = 0.62  # DejaVu Sans: a generous average advance per character, in em (for sizing, not for layout)
LINE_EM = 1.2


def _column_titles(cols: list[str], pitch_pt: float, size: float, lang: str) -> tuple[list[str], bool]:
    """The heatmap's column titles wrapped to fit a column ``pitch_pt`` wide: (labels, upright).

    Upright when every title fits its column in at most four lines; else turned (90°): each title then gets as many
    lines as the column's width holds, each line as long as needed.
    """
    chars = max(int(pitch_pt * 0.92 / (CHAR_EM * size)), 1)
    upright = [text_wrap(c, chars, lang) for c in cols]
    if all(len(lines) <= 4 and max(len(x) for x in lines) <= chars for lines in upright):
        return ["\n".join(lines) for lines in upright], True
    max_lines = max(int(pitch_pt * 0.9 / (LINE_EM * size)), 1)
    out = []
    for c in cols:
        width = max(max((len(w) for w in c.split()), default=1), -(-len(c) // max_lines))
        lines = text_wrap(c, width, lang)
        while len(lines) > max_lines:
            width += 2
            lines = text_wrap(c, width, lang)
        out.append("\n".join(lines))
    return out, False


def _draw_heatmap(d: dict) -> Chart:
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.colorbar import ColorbarBase
    from matplotlib.colors import Normalize
    from matplotlib.transforms import ScaledTranslation

    rows, cols, points, sections, lang = d["rows"], d["columns"], d["points"], d["sections"], d["lang"]
    m = np.array([[np.nan if v is None else v for v in row] for row in d["values"]], dtype=float)
    w, left, grid_w = 17.0, 0.42, 0.50
    pitch = grid_w * w * 72 / 2.54 / len(cols)  # one column's width in points
    col_size = 6.3
    col_labels, upright = _column_titles(cols, pitch, col_size, lang)
    col_lines = max(lbl.count("\n") + 1 for lbl in col_labels)
    longest = max(len(line) for lbl in col_labels for line in lbl.split("\n"))
    line_cm = LINE_EM * col_size / 72 * 2.54
    text_cm = longest * CHAR_EM * col_size / 72 * 2.54
    top_h = 0.35 + (col_lines * line_cm if upright else text_cm)
    row_size = 6.8
    row_chars = int((left - 0.02) * w / 2.54 * 72 / (CHAR_EM * row_size * 0.92))
    row_labels = [text_wrap(r, row_chars, lang) for r in rows]
    row_lines = max(len(x) for x in row_labels)
    cell_h = max(0.5, 0.18 + row_lines * LINE_EM * row_size / 72 * 2.54)
    grid_h = cell_h * len(rows)
    h = grid_h + top_h + 1.1
    value_size = min(6.5, pitch * 0.85 / (4 * CHAR_EM))
    hidden_lines = d["suppressed"].split(" ", 1)
    hidden_size = min(4.8, pitch * 0.85 / (max(len(x) for x in hidden_lines) * CHAR_EM))
    with _rc():
        fig = _figure(w, h)
        ax = fig.add_axes([left, 0.9 / h, grid_w, grid_h / h])
        cmap = colormaps["RdYlBu"]
        norm = Normalize(vmin=1, vmax=points)
        header = np.array([not sec for sec in sections])
        rgb = cmap(norm(np.nan_to_num(m, nan=1.0)))
        rgb[np.isnan(m)] = (0.90, 0.90, 0.90, 1.0)  # suppressed: plain grey, labelled below
        rgb[header] = (1.0, 1.0, 1.0, 1.0)
        # one mesh of vector cells with white edges as the grid between them
        ax.pcolormesh(
            np.arange(len(cols) + 1) - 0.5,
            np.arange(len(rows) + 1) - 0.5,
            rgb,
            edgecolors="white",
            linewidth=0.8,
        )
        hidden_text = "\n".join(hidden_lines)
        for r in range(len(rows)):
            if header[r]:
                continue
            for c in range(len(cols)):
                v = m[r, c]
                if np.isnan(v):
                    ax.text(
                        c,
                        r,
                        hidden_text,
                        ha="center",
                        va="center",
                        fontsize=hidden_size,
                        linespacing=0.95,
                        color="#333333",
                        style="italic",
                    )
                else:
                    frac = norm(v)
                    colour = "white" if frac < 0.2 or frac > 0.8 else "#111111"
                    ax.text(
                        c, r, num(float(v), lang), ha="center", va="center", fontsize=value_size, color=colour
                    )
        ax.set_xlim(-0.5, len(cols) - 0.5)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xticks([])
        above = ax.get_xaxis_transform() + ScaledTranslation(0, 3.5 / 72, fig.dpi_scale_trans)
        for c, label in enumerate(col_labels):  # as top tick labels would be, without the tick machinery
            ax.text(
                c,
                1,
                label,
                transform=above,
                fontsize=col_size,
                rotation=0 if upright else 90,
                ha="center" if upright else "center",
                va="bottom",
                multialignment="center" if upright else "left",
                linespacing=1.0,
                rotation_mode="anchor" if upright else "default",
                clip_on=False,
            )
        for text, section in zip(
            _row_labels(fig, ax, range(len(rows)), ["\n".join(x) for x in row_labels], fontsize=row_size),
            sections,
            strict=True,
        ):
            text.set_linespacing(1.0)
            if not section:
                text.set_fontweight("bold")
        for spine in ax.spines.values():
            spine.set_visible(False)
        cax = fig.add_axes([left, 0.35 / h, 0.3, 0.2 / h])
        cb = ColorbarBase(cax, cmap=cmap, norm=norm, orientation="horizontal")
        cb.set_ticks(range(1, points + 1))
        cb.ax.tick_params(labelsize=6)
        return _finish(fig, w, h)


# -- questions of sections: bars per option (ranking points, points with CI, choice shares with Wilson CI) --------


def option_bars(
    labels: list[str],
    values: list[float | None],
    value_texts: list[str],
    *,
    xmax: float,
    lows: list[float | None] | None = None,
    highs: list[float | None] | None = None,
    percent: bool = False,
    axis_label: str = "",
    lang: str,
) -> Chart:
    """One horizontal bar per option with its value printed beside it and, when given, its 95% interval as a
    whisker. ``None`` values draw no bar (the text still says why). ``percent`` labels the axis 0–100%.

    Used by the ranking (points), points (mean with t interval) and choice (share with Wilson interval) blocks;
    the caller orders the options and writes the values, so the chart and the sentence under it agree.
    """
    data = {
        "labels": labels,
        "values": values,
        "texts": value_texts,
        "xmax": xmax,
        "lows": lows,
        "highs": highs,
        "percent": percent,
        "axis": axis_label,
        "lang": lang,
    }
    return _cached("option_bars", data, _draw_option_bars)


def _draw_option_bars(d: dict) -> Chart:
    from matplotlib.collections import LineCollection, PolyCollection

    wrapped = [_wrap(lbl, 40, d["lang"]) for lbl in d["labels"]]
    lines = [w.count("\n") + 1 for w in wrapped]
    row_h = [0.28 + 0.27 * max(lc, 1) for lc in lines]
    axis_h = 0.85 if d["axis"] else 0.55
    w, h = 16.0, sum(row_h) + axis_h + 0.2
    with _rc():
        fig = _figure(w, h)
        bottom = axis_h / h
        ax = fig.add_axes([0.36, bottom, 0.50, 1 - bottom - 0.15 / h])
        centres, y = [], 0.0
        for rh in reversed(row_h):
            centres.append(y + rh / 2)
            y += rh
        centres = centres[::-1]
        bar_h = 0.36
        verts, ticks = [], []
        for c, v in zip(centres, d["values"], strict=True):
            if v is not None and v > 0:
                verts.append(((0, c - bar_h / 2), (0, c + bar_h / 2), (v, c + bar_h / 2), (v, c - bar_h / 2)))
        ax.add_collection(PolyCollection(verts, facecolors=BLUE, edgecolors="none"), autolim=False)
        if d["lows"] is not None and d["highs"] is not None:
            for c, lo, hi in zip(centres, d["lows"], d["highs"], strict=True):
                if lo is not None and hi is not None:
                    ticks += [
                        ((lo, c), (hi, c)),
                        ((lo, c - 0.09), (lo, c + 0.09)),
                        ((hi, c - 0.09), (hi, c + 0.09)),
                    ]
            ax.add_collection(LineCollection(ticks, colors="#1b1f24", linewidths=0.9), autolim=False)
        xmax = d["xmax"]
        for c, text in zip(centres, d["texts"], strict=True):  # the value, just right of the axes
            ax.text(
                1.015,
                c,
                text,
                transform=ax.get_yaxis_transform(),
                ha="left",
                va="center",
                fontsize=6.8,
                clip_on=False,
            )
        ax.set_ylim(0, y)
        ax.set_xlim(0, xmax)
        _row_labels(fig, ax, centres, wrapped, fontsize=7)
        from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

        if d["percent"]:
            ax.xaxis.set_major_locator(MultipleLocator(0.25))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v * 100:.0f}%"))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        ax.tick_params(axis="x", labelsize=6.5)
        if d["axis"]:
            ax.set_xlabel(d["axis"], fontsize=6.8)
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
        ax.spines[["top", "right", "left"]].set_visible(False)
        return _finish(fig, w, h)
