"""Server-rendered SVG charts for the dashboard and the results page.

The CSP forbids inline script and inline style (even ``style=""``), so charts are plain SVG markup with
presentation attributes and CSS classes from ``dashboard.css``: no JavaScript, crisp at any zoom, readable by a
screen reader through ``role="img"`` and a ``<title>``. Every chart is also given as a table next to it, so the
numbers never depend on the picture. All text that reaches the markup is escaped here.
"""

from __future__ import annotations

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
