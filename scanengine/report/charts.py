"""The report's charts, drawn by matplotlib from aggregates only.

Why these choices:

* ``matplotlib.figure.Figure`` with the Agg canvas, never pyplot: pyplot keeps global state and is not safe in a
  web server; matplotlib is imported lazily because importing it costs ~0.3 s that the rest of the app never pays.
* Charts depend on aggregates (means, shares), never on respondents, so report time does not grow with the number
  of respondents; and each chart is cached by its data, so the same chart is never drawn twice (a report rebuilt
  for a second language redraws only the charts whose labels changed).
* Raster at 200 dpi (crisp when zoomed, without an SVG dependency), delivered as an RGB image: no alpha channel,
  so ReportLab does not add a soft mask, and no PNG round trip on the way into the PDF.
* DejaVu Sans, the typeface of the PDF text, so ĳ, ë, é and € print in the charts too.
* A diverging red-yellow-blue palette (readable with the common colour-vision deficiencies) and values printed
  in the cells, so colour is never the only carrier of a figure.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import textwrap
import threading
from collections import OrderedDict
from dataclasses import dataclass

DPI = 200
CM = 1 / 2.54
CACHE_SIZE = 128
BLUE, ORANGE, GREY = "#1f5f99", "#d9822b", "#777777"
DK_COLOUR = "#bdbdbd"
SUPPRESSED_COLOUR = "#e6e6e6"


@dataclass(frozen=True)
class Chart:
    """A rendered chart: an RGB Pillow image and the size (cm) it is meant to be printed at."""

    image: object  # PIL.Image.Image, mode RGB
    width_cm: float
    height_cm: float

    def png(self) -> bytes:
        """The chart as PNG (for the web results page and for looking at a chart on its own)."""
        buf = io.BytesIO()
        self.image.save(buf, format="PNG", dpi=(DPI, DPI))
        return buf.getvalue()


_cache: OrderedDict[str, Chart] = OrderedDict()
_lock = threading.Lock()  # matplotlib is not thread-safe; the lock also guards the cache
stats = {"rendered": 0, "cached": 0}


def _key(kind: str, data: dict) -> str:
    blob = json.dumps([kind, data], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _cached(kind: str, data: dict, draw) -> Chart:
    """The chart for ``data``: from the cache, or drawn by ``draw(data)`` once and remembered (LRU)."""
    key = _key(kind, data)
    with _lock:
        chart = _cache.get(key)
        if chart is not None:
            _cache.move_to_end(key)
            stats["cached"] += 1
            return chart
        chart = draw(data)
        stats["rendered"] += 1
        _cache[key] = chart
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return chart


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _figure(width_cm: float, height_cm: float):
    from matplotlib.figure import Figure

    from scanengine.report import fonts

    fig = Figure(figsize=(width_cm * CM, height_cm * CM), dpi=DPI, facecolor="white")
    fonts.font_dir()  # fails clearly if matplotlib (and so DejaVu) is missing
    return fig


def _rc():
    import matplotlib

    return matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 7.5, "axes.titlesize": 8,
                                  "axes.edgecolor": "#555555", "svg.fonttype": "none"})


def _finish(fig, width_cm: float, height_cm: float) -> Chart:
    """Render with Agg and hand back an RGB image (alpha dropped: the page is white anyway)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = canvas.buffer_rgba()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    return Chart(image, width_cm, height_cm)


def scale_colours(points: int) -> list[str]:
    """One colour per scale point, red (1) through yellow to blue (points)."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps["RdYlBu"]
    return [to_hex(cmap(0.08 + 0.84 * i / max(points - 1, 1))) for i in range(points)]


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=True)) or text


# -- overview: radar (3+ dimensions) or bars --------------------------------------------------------------------


def overview(labels: list[str], means: list[float | None], points: int, *, benchmark: list[float | None] | None,
             previous: list[float | None] | None, legend: tuple[str, str, str]) -> Chart:
    """Dimension means vs the benchmark median vs the previous round.

    A radar needs three axes to be a shape; with fewer dimensions the same data is drawn as horizontal bars.
    ``legend`` is (this round, benchmark median, previous round) in the report's language.
    """
    data = {"labels": labels, "means": means, "points": points, "benchmark": benchmark, "previous": previous,
            "legend": legend}
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
        ax.set_xticklabels([_wrap(lbl, 16) for lbl in d["labels"]], fontsize=7.5)
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
            handles.append(ax.plot([], [], color=ORANGE, linestyle="--", linewidth=1.4, label=d["legend"][2])[0])
            series(d["previous"], color=ORANGE, linestyle="--", linewidth=1.4)
        v = series(d["means"], color=BLUE, linewidth=2.0, marker="o", markersize=3.5)
        handles.insert(0, ax.plot([], [], color=BLUE, linewidth=2.0, marker="o", markersize=3.5,
                                  label=d["legend"][0])[0])
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
        ax.set_yticklabels([_wrap(lbl, 30) for lbl in d["labels"]])
        ax.set_xlim(1, d["points"])
        ax.set_xticks(range(1, d["points"] + 1))
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.18), ncol=3, frameon=False, fontsize=7)
        return _finish(fig, w, h)


# -- item distributions -------------------------------------------------------------------------------------------


def item_distribution(labels: list[str], shares: list[list[float] | None], dk_shares: list[float | None],
                      points: int, scale_labels: list[str], dk_label: str | None) -> Chart:
    """One 100% stacked bar per statement: the share of each raw answer 1..points, then don't know (grey)."""
    data = {"labels": labels, "shares": shares, "dk": dk_shares, "points": points, "scale_labels": scale_labels,
            "dk_label": dk_label}
    return _cached("items", data, _draw_items)


def _draw_items(d: dict) -> Chart:
    import numpy as np

    labels, points = d["labels"], d["points"]
    wrapped = [_wrap(lbl, 46) for lbl in labels]
    lines = [w.count("\n") + 1 for w in wrapped]
    row_h = [0.30 + 0.27 * max(lc, 1) for lc in lines]
    legend_h = 0.85 + 0.3 * ((points + (1 if d["dk_label"] else 0)) > 6)
    w, h = 17.0, sum(row_h) + legend_h + 0.4
    with _rc():
        fig = _figure(w, h)
        bottom = (legend_h + 0.05) / h
        ax = fig.add_axes([0.42, bottom, 0.56, 1 - bottom - 0.2 / h])
        colours = scale_colours(points)
        centres, y = [], 0.0
        for rh in reversed(row_h):
            centres.append(y + rh / 2)
            y += rh
        centres = np.array(centres[::-1])
        bar_h = 0.34
        n = len(labels)
        known = [i for i in range(n) if d["shares"][i] is not None]
        missing_rows = [i for i in range(n) if d["shares"][i] is None]  # suppressed or nobody answered
        if missing_rows:
            ax.barh(centres[missing_rows], 100, height=bar_h, color=SUPPRESSED_COLOUR, edgecolor="white")
        if known:
            segs = np.array([[100 * v for v in d["shares"][i]] + [100 * (d["dk"][i] or 0.0)] for i in known])
            lefts = np.cumsum(segs, axis=1) - segs
            for j in range(segs.shape[1]):  # one call per answer category, not per segment
                colour = colours[j] if j < points else DK_COLOUR
                ax.barh(centres[known], segs[:, j], left=lefts[:, j], height=bar_h, color=colour,
                        edgecolor="white", linewidth=0.4)
                for row, seg, left in zip(known, segs[:, j], lefts[:, j], strict=True):
                    if seg >= 7:
                        dark = j < points and (j == 0 or j == points - 1)
                        ax.text(left + seg / 2, centres[row], f"{seg:.0f}", ha="center", va="center", fontsize=6,
                                color="white" if dark else "#222222")
        ax.set_ylim(0, y)
        ax.set_yticks(centres)
        ax.set_yticklabels(wrapped, fontsize=7)
        ax.set_xlim(0, 100)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.set_xticklabels(["0%", "25%", "50%", "75%", "100%"], fontsize=6.5)
        ax.tick_params(axis="y", length=0)
        ax.spines[["top", "right", "left"]].set_visible(False)
        from matplotlib.patches import Patch

        handles = [Patch(color=c, label=lbl) for c, lbl in zip(colours, d["scale_labels"], strict=True)]
        if d["dk_label"]:
            handles.append(Patch(color=DK_COLOUR, label=d["dk_label"]))
        ncol = min(len(handles), 7)
        fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=ncol, frameon=False,
                   fontsize=6.5, handlelength=1.2, columnspacing=1.0)
        return _finish(fig, w, h)


# -- groups x dimensions ------------------------------------------------------------------------------------------


def heatmap(rows: list[str], sections: list[str], columns: list[str], values: list[list[float | None]],
            points: int, suppressed_label: str, decimal: str = ".") -> Chart:
    """Group means per dimension; ``None`` cells are suppressed and drawn plain grey with a label.

    ``sections`` names the breakdown of each row; a row whose section is ``""`` is a header (the breakdown's
    title, in bold, without cells).
    """
    data = {"rows": rows, "sections": sections, "columns": columns, "values": values, "points": points,
            "suppressed": suppressed_label, "decimal": decimal}
    return _cached("heatmap", data, _draw_heatmap)


def _draw_heatmap(d: dict) -> Chart:
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.colorbar import ColorbarBase
    from matplotlib.colors import Normalize

    rows, cols, points, sections = d["rows"], d["columns"], d["points"], d["sections"]
    m = np.array([[np.nan if v is None else v for v in row] for row in d["values"]], dtype=float)
    # column titles: slanted, so any number of dimensions fits without breaking words
    col_labels = ["\n".join(textwrap.wrap(c, 22, break_long_words=False)) or c for c in cols]
    col_lines = max(lbl.count("\n") + 1 for lbl in col_labels)
    longest = max(len(line) for lbl in col_labels for line in lbl.split("\n"))
    w, cell_h = 17.0, 0.5
    top_h = 0.3 + 0.12 * longest * 0.6 + 0.25 * col_lines
    grid_h = cell_h * len(rows)
    h = grid_h + top_h + 1.1
    with _rc():
        fig = _figure(w, h)
        ax = fig.add_axes([0.42, 0.9 / h, 0.50, grid_h / h])
        cmap = colormaps["RdYlBu"]
        norm = Normalize(vmin=1, vmax=points)
        header = np.array([not sec for sec in sections])
        rgb = cmap(norm(np.nan_to_num(m, nan=1.0)))
        rgb[np.isnan(m)] = (0.90, 0.90, 0.90, 1.0)  # suppressed: plain grey, labelled below
        rgb[header] = (1.0, 1.0, 1.0, 1.0)
        ax.imshow(rgb, aspect="auto", interpolation="nearest", extent=(-0.5, len(cols) - 0.5, len(rows) - 0.5, -0.5))
        for r in range(len(rows) + 1):  # white grid lines between cells
            ax.axhline(r - 0.5, color="white", linewidth=0.8)
        for c in range(len(cols) + 1):
            ax.axvline(c - 0.5, color="white", linewidth=0.8)
        hidden_text = d["suppressed"].replace(" ", "\n", 1)
        for r in range(len(rows)):
            if header[r]:
                continue
            for c in range(len(cols)):
                v = m[r, c]
                if np.isnan(v):
                    ax.text(c, r, hidden_text, ha="center", va="center", fontsize=4.8, linespacing=0.95,
                            color="#333333", style="italic")
                else:
                    frac = norm(v)
                    colour = "white" if frac < 0.2 or frac > 0.8 else "#111111"
                    ax.text(c, r, f"{v:.2f}".replace(".", d["decimal"]), ha="center", va="center", fontsize=6.5,
                            color=colour)
        ax.set_xticks(range(len(cols)))
        ax.set_xticklabels(col_labels, fontsize=6.3, rotation=35, ha="left", rotation_mode="anchor")
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(rows)))
        limits = [52 if section else 46 for section in sections]  # bold headers are wider per character
        labels = [lbl if len(lbl) <= lim else lbl[:lim - 1].rstrip() + "…" for lbl, lim in zip(rows, limits, strict=True)]
        ax.set_yticklabels(labels, fontsize=6.8)
        for tick, section in zip(ax.get_yticklabels(), sections, strict=True):
            if not section:
                tick.set_fontweight("bold")
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        cax = fig.add_axes([0.42, 0.35 / h, 0.3, 0.2 / h])
        cb = ColorbarBase(cax, cmap=cmap, norm=norm, orientation="horizontal")
        cb.set_ticks(range(1, points + 1))
        cb.ax.tick_params(labelsize=6)
        return _finish(fig, w, h)
