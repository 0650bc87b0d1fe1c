"""The groups × dimensions chapter: every shown group's mean on every dimension, as a heatmap with the figures in
its cells (and as a table in the HTML rendering).

A group that the k rule hides is left out, name and all, and the caption counts it; a cell hidden inside a shown
group (fewer than k of that group have a score on that dimension, or complementary suppression) is drawn grey and
labelled, and the caption says so: the text promises exactly what the chart draws. With many groups the chart is
drawn per breakdown, so no chart is taller than a page.
"""

from __future__ import annotations

from scanengine.report import charts
from scanengine.report.document import Node

FULL_WIDTH = 17.0
ONE_CHART_ROWS = 28  # up to this many rows (groups and breakdown titles) the heatmap is one chart


def render(b) -> None:
    """The chapter, after the dimensions (called by the statements' block)."""
    r = b.r
    b.chapter(b.t("heatmap_h"))
    if not b.has_figures():
        b.add(b.p(b.t("round_suppressed", k=r.k) if r.n else b.t("summary_no_data")))
        return
    columns = [b.dim_title(d) for d in r.dimensions]
    by_dim = [{(g.breakdown, g.key): g for g in d.groups} for d in r.dimensions]
    parts: list[tuple[str, list[tuple[str, list[float | None]]]]] = []
    hidden_cells = left_out = 0
    for breakdown, title in r.breakdowns:
        order = [g for g in r.dimensions[0].groups if g.breakdown == breakdown]
        block = []
        for g in order:
            found = [lookup.get((breakdown, g.key)) for lookup in by_dim]
            cells = [None if gd is None or gd.suppressed else gd.mean for gd in found]
            if all(v is None for v in cells):
                left_out += 1  # a suppressed group is left out, name and all (counted in the caption)
                continue
            hidden_cells += sum(1 for v in cells if v is None)  # drawn grey, labelled 'not shown'
            block.append((b.group_label(g), cells))
        if block:
            parts.append((b.breakdown_title(title), block))
    shown = [
        (v, label, columns[j])
        for _, block in parts
        for label, cells in block
        for j, v in enumerate(cells)
        if v is not None
    ]
    if not shown:
        b.add(b.p(b.t("heatmap_none", k=r.k)))
        return
    hi, lo = max(shown), min(shown)
    caption = b.t("heatmap_caption", k=r.k) + b.t(
        "heatmap_extremes",
        hi_group=hi[1],
        hi_dim=hi[2],
        hi=b.num(hi[0]),
        lo_group=lo[1],
        lo_dim=lo[2],
        lo=b.num(lo[0]),
    )
    if hidden_cells:
        caption += " " + b.t("heatmap_hidden_cells", count=hidden_cells, k=r.k)
    if left_out:
        caption += " " + b.t("heatmap_left_out", count=left_out, k=r.k)
    b.add(b.p(caption, "caption"))
    rows = sum(len(block) + 1 for _, block in parts)
    groups = [parts] if rows <= ONE_CHART_ROWS else [[part] for part in parts]
    for chunk in groups:
        b.add(_figure(b, columns, chunk, caption))


def _figure(b, columns: list[str], parts, caption: str) -> Node:
    rows: list[str] = []
    sections: list[str] = []
    values: list[list[float | None]] = []
    table_rows: list[list[str] | str] = []
    for title, block in parts:
        rows.append(title)
        sections.append("")  # a header row
        values.append([None] * len(columns))
        table_rows.append(title)
        for label, cells in block:
            rows.append(label)
            sections.append(title)
            values.append(cells)
            table_rows.append([label] + [b.t("heatmap_suppressed") if v is None else b.num(v) for v in cells])
    chart = charts.heatmap(
        rows,
        sections,
        columns,
        values,
        b.q.statement_scale.points,  # the heat map is of the statements' dimensions
        b.t("heatmap_suppressed"),
        b.lang,
    )
    width = max(2.0, (FULL_WIDTH - 5.0) / max(len(columns), 1))
    name = b.t("heatmap_h") if len(parts) > 1 else f"{b.t('heatmap_h')}: {parts[0][0]}"
    data = b.table(
        name,
        [b.t("col_group")] + columns,
        table_rows,
        [5.0] + [width] * len(columns),
        numeric=tuple(range(1, len(columns) + 1)),
    )
    return b.figure(chart, name, caption, None, data)
