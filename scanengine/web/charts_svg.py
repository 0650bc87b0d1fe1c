"""Server-rendered SVG charts for the dashboard and the results page.

The CSP forbids inline script and inline style (even ``style=""``), so charts are plain SVG markup with
presentation attributes and CSS classes from ``dashboard.css``: no JavaScript, crisp at any zoom, readable by a
screen reader through ``role="img"`` and a ``<title>``. Every chart is also given as a table next to it, so the
numbers never depend on the picture. All text that reaches the markup is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

ROW_H = 26
LABEL_W = 240
BAR_W = 300
VALUE_W = 130
SCALE = 1.35  # drawn size / viewBox size: readable on a laptop; CSS shrinks it to fit a phone


@dataclass
class Bar:
    """One horizontal bar: ``fraction`` of the full width (clamped to 0..1), with its label and value text."""

    label: str
    fraction: float | None
    value_text: str
    css: str = "bar"


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _clip(text: str, n: int = 32) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def hbars(bars: list[Bar], title: str, *, marker: float | None = None) -> Markup:
    """Horizontal bars (response rate per group, dimension means): label | bar | value.

    ``marker`` draws a vertical reference line at that fraction (for example a 100% response rate).
    """
    width = LABEL_W + BAR_W + VALUE_W
    height = ROW_H * max(len(bars), 1) + 8
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width * SCALE:g}" height="{height * SCALE:g}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * ROW_H
        out.append(
            f'<text class="chart-label" x="{LABEL_W - 8}" y="{y + 17}" text-anchor="end">'
            f"<title>{escape(bar.label)}</title>{escape(_clip(bar.label))}</text>"
        )
        out.append(
            f'<rect class="chart-track" x="{LABEL_W}" y="{y + 3}" width="{BAR_W}" height="{ROW_H - 8}" '
            f'fill="#e8edf3"/>'
        )
        if bar.fraction is not None:
            w = max(0.0, min(1.0, bar.fraction)) * BAR_W
            out.append(
                f'<rect class="{escape(bar.css)}" x="{LABEL_W}" y="{y + 3}" width="{_fmt(w)}" '
                f'height="{ROW_H - 8}" fill="#0b5cad"/>'
            )
        out.append(
            f'<text class="chart-value" x="{LABEL_W + BAR_W + 8}" y="{y + 17}">{escape(bar.value_text)}</text>'
        )
    if marker is not None and 0 <= marker <= 1:
        x = LABEL_W + marker * BAR_W
        out.append(
            f'<line class="chart-marker" x1="{_fmt(x)}" x2="{_fmt(x)}" y1="0" y2="{height}" '
            f'stroke="#1b1f24" stroke-dasharray="3 3"/>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def columns(values: list[tuple[str, int]], title: str) -> Markup:
    """Vertical columns with a label under each (responses per day of an open round)."""
    col_w, gap, plot_h, top, bottom = 34, 6, 120, 18, 34
    width = max(len(values), 1) * (col_w + gap) + gap
    height = top + plot_h + bottom
    peak = max([v for _, v in values] + [1])
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width * SCALE:g}" height="{height * SCALE:g}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line class="chart-axis" x1="0" x2="{width}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#4a5360"/>',
    ]
    for i, (label, value) in enumerate(values):
        x = gap + i * (col_w + gap)
        h = plot_h * value / peak
        out.append(
            f'<rect class="bar" x="{x}" y="{_fmt(top + plot_h - h)}" width="{col_w}" height="{_fmt(h)}" '
            f'fill="#0b5cad"><title>{escape(label)}: {value}</title></rect>'
        )
        out.append(
            f'<text class="chart-value" x="{x + col_w / 2:g}" y="{_fmt(top + plot_h - h - 4)}" '
            f'text-anchor="middle">{value}</text>'
        )
        out.append(
            f'<text class="chart-label small" x="{x + col_w / 2:g}" y="{top + plot_h + 14}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def mean_ci(
    rows: Sequence[tuple[str, float | None, float | None, float | None, float | None]],
    points: int,
    title: str,
) -> Markup:
    """Means on the scale 1..points with their 95% CI as whiskers and an optional benchmark median (a diamond).

    ``rows`` are ``(label, mean, ci_low, ci_high, benchmark_median)``; a ``None`` mean draws no bar (suppressed
    or undefined), so nothing is drawn that the tables do not show.
    """
    width = LABEL_W + BAR_W + VALUE_W
    height = ROW_H * max(len(rows), 1) + 24
    span = max(points - 1, 1)

    def x_of(v: float) -> float:
        return LABEL_W + (min(max(v, 1), points) - 1) / span * BAR_W

    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width * SCALE:g}" height="{height * SCALE:g}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for p in range(1, points + 1):
        x = x_of(p)
        out.append(
            f'<line class="chart-grid" x1="{_fmt(x)}" x2="{_fmt(x)}" y1="0" y2="{height - 18}" '
            f'stroke="#c9d1db"/>'
        )
        out.append(
            f'<text class="chart-label small" x="{_fmt(x)}" y="{height - 4}" text-anchor="middle">{p}</text>'
        )
    for i, (label, mean, lo, hi, bench) in enumerate(rows):
        y = 4 + i * ROW_H
        out.append(
            f'<text class="chart-label" x="{LABEL_W - 8}" y="{y + 17}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_clip(label))}</text>"
        )
        if mean is None:
            out.append(f'<text class="chart-value" x="{LABEL_W + BAR_W + 8}" y="{y + 17}">–</text>')
            continue
        out.append(
            f'<rect class="bar" x="{LABEL_W}" y="{y + 5}" width="{_fmt(x_of(mean) - LABEL_W)}" '
            f'height="{ROW_H - 12}" fill="#0b5cad"/>'
        )
        if lo is not None and hi is not None:
            yc = y + ROW_H / 2 - 1
            out.append(
                f'<line class="chart-ci" x1="{_fmt(x_of(lo))}" x2="{_fmt(x_of(hi))}" y1="{yc:g}" y2="{yc:g}" '
                f'stroke="#1b1f24" stroke-width="2"/>'
            )
        if bench is not None:
            bx, yc = x_of(bench), y + ROW_H / 2 - 1
            out.append(
                f'<path class="chart-bench" d="M{_fmt(bx)} {yc - 6:g} l6 6 l-6 6 l-6 -6 z" fill="#ffbf47" '
                f'stroke="#1b1f24"/>'
            )
        out.append(f'<text class="chart-value" x="{LABEL_W + BAR_W + 8}" y="{y + 17}">{mean:.2f}</text>')
    out.append("</svg>")
    return Markup("".join(out))


SHARE_CLASSES = ("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11")


def stacked(rows: list[tuple[str, list[float], float]], title: str) -> Markup:
    """One stacked bar per statement: the share of each scale point (1..points) and don't know (hatched grey).

    Shares are fractions of those who answered or said don't know, so each bar sums to 1.
    """
    width = LABEL_W + BAR_W + 10
    height = ROW_H * max(len(rows), 1) + 8
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width * SCALE:g}" height="{height * SCALE:g}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, shares, dk) in enumerate(rows):
        y = 4 + i * ROW_H
        out.append(
            f'<text class="chart-label" x="{LABEL_W - 8}" y="{y + 17}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_clip(label))}</text>"
        )
        x = float(LABEL_W)
        n = len(shares)
        for p, share in enumerate([*shares, dk]):
            if not share:
                continue
            w = share * BAR_W
            css = "sdk" if p == n else _share_class(p, n)
            name = "?" if p == n else str(p + 1)
            out.append(
                f'<rect class="{css}" x="{_fmt(x)}" y="{y + 3}" width="{_fmt(w)}" height="{ROW_H - 8}">'
                f"<title>{name}: {share:.0%}</title></rect>"
            )
            x += w
    out.append("</svg>")
    return Markup("".join(out))


def _share_class(p: int, n: int) -> str:
    """Map scale point ``p`` (0-based) of ``n`` onto the 11-step colour ramp, so any scale length is coloured."""
    idx = 0 if n <= 1 else round(p * (len(SHARE_CLASSES) - 1) / (n - 1))
    return SHARE_CLASSES[idx]


def option_bars(
    rows: list[tuple[str, float | None, float | None, float | None, str]], xmax: float, title: str
) -> Markup:
    """One bar per option of a question of a section, with its 95% interval as a whisker when given.

    ``rows`` are ``(label, value, low, high, value_text)`` on the axis 0..``xmax`` (ranking points, mean points,
    a choice's share); a ``None`` value draws no bar. The same figures are in the table beside the chart.
    """
    width = LABEL_W + BAR_W + VALUE_W + 40
    height = ROW_H * max(len(rows), 1) + 8
    span = xmax or 1.0

    def x_of(v: float) -> float:
        return LABEL_W + max(0.0, min(v / span, 1.0)) * BAR_W

    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width * SCALE:g}" height="{height * SCALE:g}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value, lo, hi, text) in enumerate(rows):
        y = 4 + i * ROW_H
        out.append(
            f'<text class="chart-label" x="{LABEL_W - 8}" y="{y + 17}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_clip(label))}</text>"
        )
        out.append(
            f'<rect class="chart-track" x="{LABEL_W}" y="{y + 5}" width="{BAR_W}" height="{ROW_H - 12}" '
            f'fill="#e8edf3"/>'
        )
        if value is not None:
            out.append(
                f'<rect class="bar" x="{LABEL_W}" y="{y + 5}" width="{_fmt(x_of(value) - LABEL_W)}" '
                f'height="{ROW_H - 12}" fill="#0b5cad"/>'
            )
        if lo is not None and hi is not None:
            yc = y + ROW_H / 2 - 1
            out.append(
                f'<line class="chart-ci" x1="{_fmt(x_of(lo))}" x2="{_fmt(x_of(hi))}" y1="{yc:g}" y2="{yc:g}" '
                f'stroke="#1b1f24" stroke-width="2"/>'
            )
        out.append(f'<text class="chart-value" x="{LABEL_W + BAR_W + 8}" y="{y + 17}">{escape(text)}</text>')
    out.append("</svg>")
    return Markup("".join(out))
