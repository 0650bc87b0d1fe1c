"""The statements' part of the report's first chapter: the conclusion in sentences (the strongest and weakest
dimensions and statements, reverse-worded ones marked, the largest gap between groups, the place in the
benchmark, the change since the previous round; each caveat said once, here) and the details that back it (the
overview chart, the table of dimensions, the strongest and weakest statements, the largest gaps).

Wording is neutral ("dimensies", "stellingen"); what the instrument measures is its own ``report.summary_intro``.
"""

from __future__ import annotations

from scanengine.report.blocks.base import Conclusion
from scanengine.report.document import Figure, Node, Table
from scanengine.report.text import loc, signed

SIGNIFICANT = 0.05


def quoted(b, item) -> str:
    """A statement as the report quotes it: its text, and the mark of a reverse-worded one."""
    text = loc(item.text, b.lang)
    return f"{text} {b.t('reverse_mark')}" if item.reverse else text


def conclude(b) -> Conclusion:
    r = b.r
    dims = [d for d in r.dimensions if d.mean is not None]
    if not dims:
        return Conclusion([b.p(b.t("dim_no_data"), "conclusion")])
    sentences = [_dimensions(b, dims)]
    lowest = len(b.q.bands) - 1
    low = [d for d in dims if d.band_index == lowest]
    if lowest > 0 and low and len(low) < len(dims):
        sentences.append(
            b.t("concl.lowest_band", band=b.band(lowest), dims=_listing(b, [b.dim_title(d) for d in low]))
        )
    if r.strongest and r.weakest:
        top, bottom = r.strongest[0], r.weakest[0]
        sentences.append(
            b.t(
                "concl.statements",
                top=quoted(b, top),
                top_mean=b.num(top.mean),
                bottom=quoted(b, bottom),
                bottom_mean=b.num(bottom.mean),
            )
        )
    if r.gaps:
        g = r.gaps[0]
        sentences.append(
            b.t(
                "concl.gap",
                dimension=b.dim_title(r.dimension(g.dimension_id)),
                high=loc(g.high_label, b.lang),
                high_mean=b.num(g.high_mean),
                diff=b.num(g.diff),
                low=loc(g.low_label, b.lang),
                low_mean=b.num(g.low_mean),
            )
        )
    sentences.append(_benchmark(b, dims))
    sentences.append(_trend(b, dims))
    return Conclusion([b.p(s, "conclusion") for s in sentences if s], _details(b))


def _listing(b, names: list[str]) -> str:
    """'A', 'A en B', 'A, B en C' (or 'and' in English)."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + b.t("concl.and") + names[-1]


def _dimensions(b, dims) -> str:
    if len(dims) == 1:
        d = dims[0]
        return b.t(
            "concl.one_dim",
            dimension=b.dim_title(d),
            mean=b.num(d.mean),
            points=b.points,
            band=b.band(d.band_index),
        )
    best = max(dims, key=lambda d: d.mean)
    worst = min(dims, key=lambda d: d.mean)
    return b.t(
        "concl.dims",
        count=len(dims),
        points=b.points,
        best=b.dim_title(best),
        best_mean=b.num(best.mean),
        best_band=b.band(best.band_index),
        worst=b.dim_title(worst),
        worst_mean=b.num(worst.mean),
        worst_band=b.band(worst.band_index),
    )


def _benchmark(b, dims) -> str:
    marked = [
        d for d in dims if d.benchmark is not None and d.benchmark.median is not None and d.benchmark.rounds
    ]
    if not marked:
        return b.t("concl.no_bench")
    above = sum(1 for d in marked if d.mean > d.benchmark.median)
    ranked = [d for d in marked if d.benchmark.percentile is not None]
    if not ranked:
        return ""
    best = max(ranked, key=lambda d: d.benchmark.percentile)
    worst = min(ranked, key=lambda d: d.benchmark.percentile)
    return b.t(
        "concl.bench",
        rounds=max(d.benchmark.rounds for d in marked),
        above=above,
        count=len(marked),
        best=b.dim_title(best),
        best_p=b.num(best.benchmark.percentile, 0),
        worst=b.dim_title(worst),
        worst_p=b.num(worst.benchmark.percentile, 0),
    )


def _trend(b, dims) -> str:
    compared = [
        d
        for d in dims
        if d.trend is not None and d.trend.previous_mean is not None and d.trend.diff is not None
    ]
    if not compared:
        return b.t("concl.no_trend")
    up = sum(1 for d in compared if d.trend.diff > 0)
    down = sum(1 for d in compared if d.trend.diff < 0)
    tested = [d for d in compared if d.trend.p is not None]
    changed = [d for d in tested if d.trend.p < SIGNIFICANT]
    if changed:
        significance = b.t(
            "concl.trend_sig",
            changes=_listing(b, [f"{b.dim_title(d)} ({signed(d.trend.diff, b.lang)})" for d in changed]),
        )
    elif tested:
        significance = b.t("concl.trend_not_sig")
    else:
        significance = b.t("concl.trend_untested")
    return b.t(
        "concl.trend",
        name=compared[0].trend.previous_round_name,
        up=up,
        down=down,
        count=len(compared),
        significance=significance,
    )


def _details(b) -> list[Node]:
    """The overview chart with the table of dimensions, the strongest and weakest statements, the largest gaps."""
    r, lang = b.r, b.lang
    dims = r.dimensions
    bench, trend = b.has_benchmark(), b.has_trend()
    header = [b.t("col_dimension"), b.t("col_mean"), b.t("col_band")]
    widths = [6.0, 2.2, 3.4]
    if trend:
        header.append(b.t("col_change"))
        widths.append(2.6)
    if bench:
        header.append(b.t("col_percentile"))
        widths.append(2.6)
    header.append(b.t("col_n"))
    widths.append(1.6)
    rows = []
    for d in dims:
        row = [b.dim_title(d), b.num(d.mean), b.band(d.band_index)]
        if trend:
            row.append(signed(d.trend.diff, lang) if d.trend else b.t("none"))
        if bench:
            row.append(b.num(d.benchmark.percentile, 0) if d.benchmark else b.t("none"))
        row.append(b.t("none") if d.n is None else str(d.n))
        rows.append(row)
    table = b.table(
        b.t("summary_table"),
        header,
        rows,
        widths,
        numeric=tuple(i for i in range(len(header)) if i not in (0, 2)),
    )
    out: list[Node] = []
    details = b.subsection(b.t("summary_details_h"))
    if any(d.mean is not None for d in dims):
        details.add(_overview(b, table))
    caption = b.t("table_caption")
    caption += b.t("table_caption_change") if trend else ""
    caption += b.t("table_caption_percentile") if bench else ""
    details.add(table, b.p(caption, "caption"))
    out.append(details)
    titles = {d.id: b.dim_title(d) for d in dims}
    for key, items in (("strongest_h", r.strongest), ("weakest_h", r.weakest)):
        if not items:
            continue
        rows = [[quoted(b, i), titles.get(i.dimension_id, i.dimension_id), b.num(i.mean)] for i in items]
        out.append(
            b.keep(
                b.subsection(
                    b.t(key),
                    b.p(b.t("statements_intro"), "caption"),
                    b.table(
                        b.t(key),
                        [b.t("col_statement"), b.t("col_dimension"), b.t("col_mean")],
                        rows,
                        [10.6, 4.1, 2.3],
                        numeric=(2,),
                        print_caption=False,
                    ),
                )
            )
        )
    if r.gaps:
        sentences = [
            b.t(
                "gap_sentence",
                dimension=titles.get(g.dimension_id, g.dimension_id),
                high=loc(g.high_label, lang),
                high_mean=b.num(g.high_mean),
                diff=b.num(g.diff),
                low=loc(g.low_label, lang),
                low_mean=b.num(g.low_mean),
            )
            for g in r.gaps
        ]
        out.append(b.subsection(b.t("gaps_h"), b.bullets(sentences)))
    else:
        out.append(b.subsection(b.t("gaps_h"), b.p(b.t("no_gaps"))))
    return out


def _overview(b, table: Table) -> Figure:
    from scanengine.report import charts

    r = b.r
    dims = r.dimensions
    labels = [b.dim_title(d) for d in dims]
    bench = [d.benchmark.median if d.benchmark else None for d in dims]
    prev = [d.trend.previous_mean if d.trend else None for d in dims]
    has_bench = any(x is not None for x in bench)
    has_prev = any(x is not None for x in prev)
    prev_name = (r.previous_round or {}).get("name") or next(
        (d.trend.previous_round_name for d in dims if d.trend), ""
    )
    legend = (b.t("legend_round"), b.t("legend_bench"), f"{b.t('legend_prev')}: {prev_name}")
    chart = charts.overview(
        labels,
        [d.mean for d in dims],
        b.q.statement_scale.points,  # the overview is of the statements' dimensions
        benchmark=bench if has_bench else None,
        previous=prev if has_prev else None,
        legend=legend,
        lang=b.lang,
    )
    scored = [(d.mean, b.dim_title(d)) for d in dims if d.mean is not None]
    best, worst = max(scored), min(scored)
    caption = b.t(
        "radar_caption" if len(dims) >= 3 else "bars_caption",
        best=best[1],
        best_mean=b.num(best[0]),
        worst=worst[1],
        worst_mean=b.num(worst[0]),
    )
    if has_bench:
        caption += b.t("radar_bench", rounds=r.benchmark_rounds)
    if has_prev:
        caption += b.t("radar_prev", name=prev_name)
    alt = b.alt(
        b.t("overview_alt"), (f"{label} {b.num(d.mean)}" for label, d in zip(labels, dims, strict=True))
    )
    return b.figure(chart, b.t("overview_title"), alt, caption, table)
