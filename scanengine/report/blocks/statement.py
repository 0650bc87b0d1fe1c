"""The statements' chapter: one page per dimension with its mean and interval, benchmark and trend, the items'
distributions as stacked bars, agreement and reliability, and the groups compared (suppressed groups left out).
"""

from __future__ import annotations

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from scanengine.report import charts, fonts
from scanengine.report.blocks.base import Block
from scanengine.report.text import (
    alpha_meaning,
    epsilon_meaning,
    loc,
    missing,
    p_value,
    pct,
    rwg_meaning,
    short_title,
    signed,
)

SIGNIFICANT = 0.05
LONG_BREAKDOWN_ROWS = 26  # a breakdown with more rows than this becomes one full-width table that may split


class StatementBlock(Block):
    kind = "statement"
    part = "dimensions"

    def render(self, b, entries: list) -> None:
        """Chapter: the dimensions, one page each (the figures come from ``Results.dimensions``)."""
        chapter = b.chapter()
        b.add(PageBreak(), b.heading(f"{chapter} {b.t('dimensions_h')}", 0), b.p(b.t("dimensions_intro")))
        for i, d in enumerate(b.r.dimensions, start=1):
            if i > 1:
                b.add(PageBreak())
            self.dimension(b, f"{chapter}.{i}", d)

    def dimension(self, b, number: str, d) -> None:
        r, lang = b.r, b.lang
        b.add(b.heading(f"{number} {b.dim_title(d)}", 1))
        if d.description:
            b.add(b.p(loc(d.description, lang), "lead"))
        if d.mean is None or not b.has_figures():
            b.add(b.p(b.t("round_suppressed", k=r.k) if r.suppressed and r.n else b.t("dim_no_data")))
            return
        band = b.band(d.band_index)
        if d.ci_low is not None and d.ci_high is not None:
            b.add(
                b.p(
                    b.t(
                        "dim_mean",
                        mean=b.num(d.mean),
                        points=b.points,
                        n=d.n,
                        lo=b.num(d.ci_low),
                        hi=b.num(d.ci_high),
                        band=band,
                    )
                )
            )
        else:
            b.add(b.p(b.t("dim_mean_no_ci", mean=b.num(d.mean), points=b.points, n=d.n, band=band)))
        bench = d.benchmark
        if bench is not None and bench.rounds and bench.median is not None:
            b.add(
                b.p(
                    b.t(
                        "dim_bench",
                        rounds=bench.rounds,
                        median=b.num(bench.median),
                        q1=b.num(bench.q1),
                        q3=b.num(bench.q3),
                        percentile=b.num(bench.percentile, 0),
                    )
                )
            )
        else:
            b.add(b.p(b.t("dim_no_bench")))
        tr = d.trend
        if tr is not None and tr.previous_mean is not None:
            if tr.p is None:
                sig = b.t("trend_untested")
            else:
                sig = b.t("trend_sig" if tr.p < SIGNIFICANT else "trend_not_sig", p=p_value(tr.p, lang))
            b.add(
                b.p(
                    b.t(
                        "dim_trend",
                        name=tr.previous_round_name,
                        previous=b.num(tr.previous_mean),
                        diff=signed(tr.diff, lang),
                        significance=sig,
                    )
                )
            )
        else:
            b.add(b.p(b.t("dim_no_trend")))
        b.add(*self.items_block(b, d))
        agreement = (
            b.t("rwg", value=b.num(d.rwg_j), meaning=rwg_meaning(d.rwg_j, lang))
            if d.rwg_j is not None
            else b.t("rwg_none")
        )
        reliability = (
            b.t("alpha", value=b.num(d.alpha), n=d.alpha_n, meaning=alpha_meaning(d.alpha, lang))
            if d.alpha is not None
            else b.t("alpha_none")
        )
        b.add(b.p(f"{agreement} {reliability}"))
        self.groups_block(b, d)

    def items_block(self, b, d) -> list:
        lang = b.lang
        defs = {item.id: item for item in b.q.items}
        labels = []
        for it in d.items:
            label = loc(it.text, lang)
            if it.reverse:
                label += " " + b.t("reverse_mark")
            if defs.get(it.id) is not None and defs[it.id].show_if:
                label += " *"
            labels.append(label)
        scale_labels = b.q.scale.labels.get(lang) or b.q.scale.labels["nl"]
        dk = loc(b.q.scale.dont_know, lang) if b.q.scale.dont_know else None
        chart = charts.item_distribution(
            labels, [it.shares for it in d.items], [it.dk_share for it in d.items], b.points, scale_labels, dk
        )
        dk_part = b.t("items_caption_dk", dk=dk) if dk else ""
        scored = [(it.mean, loc(it.text, lang)) for it in d.items if it.mean is not None]
        if len(scored) >= 2:
            top, bottom = max(scored), min(scored)
            caption = b.t(
                "items_caption",
                low=scale_labels[0],
                high=scale_labels[-1],
                dk=dk_part,
                top=top[1],
                top_mean=b.num(top[0]),
                bottom=bottom[1],
                bottom_mean=b.num(bottom[0]),
            )
        else:
            caption = b.t(
                "items_caption_one",
                low=scale_labels[0],
                high=scale_labels[-1],
                dk=dk_part,
                top_mean=b.num(scored[0][0] if scored else None),
            )
        if any(defs.get(it.id) is not None and defs[it.id].show_if for it in d.items):
            caption += " " + b.t("shown_note")
        return [b.chart(chart), b.p(caption, "caption")]

    def groups_block(self, b, d) -> None:
        """Groups compared, with their n: invitation groups on the left, the other breakdowns on the right.

        Suppressed groups are left out (a note says how many). Two columns keep a dimension on about one page;
        a breakdown too long for a column falls back to one full-width table, which may split over pages.
        """
        r, lang = b.r, b.lang
        tables, sentences, hidden = [], [], 0
        for breakdown, title in r.breakdowns:
            name = short_title(loc(title, lang))
            short = short_title(loc(title, lang), 36)
            groups = [g for g in d.groups if g.breakdown == breakdown]
            shown = [g for g in groups if not g.suppressed and g.mean is not None]
            hidden += sum(1 for g in groups if g.suppressed)
            if shown:
                rows = [
                    [name, "", "", ""],
                    [b.t("col_group"), b.t("col_n"), b.t("col_mean_short"), b.t("col_ci")],
                ]
                for g in shown:
                    ci = (
                        f"{b.num(g.ci_low)}–{b.num(g.ci_high)}"
                        if g.ci_low is not None and g.ci_high is not None
                        else b.t("none")
                    )
                    rows.append([loc(g.label, lang), str(g.n), b.num(g.mean), ci])
                tables.append(rows)
            test = d.tests.get(breakdown) if d.tests else None
            if test and not missing(test.p):
                sig = b.t("test_sig" if test.p < SIGNIFICANT else "test_not_sig")
                sentences.append(
                    f"{short} "
                    + b.t(
                        "test_sentence",
                        significance=sig,
                        H=b.num(test.H),
                        p=p_value(test.p, lang),
                        eps=b.num(test.epsilon2),
                        size=epsilon_meaning(test.epsilon2 or 0.0, lang),
                    )
                )
            elif shown:
                sentences.append(f"{short} " + b.t("test_none"))
        block: list = [b.p(b.t("groups_h"), "h3")]
        if not tables:
            block.append(b.p(b.t("groups_all_suppressed", k=r.k)))
        else:
            block.append(self._group_tables(b, tables))
        notes = []
        if d.icc1 is not None and d.icc1 > 0 and tables:
            notes.append(b.t("icc", share=pct(d.icc1, lang)))
        if hidden:
            notes.append(b.t("suppressed_note", count=hidden, k=r.k))
        block.append(Spacer(1, 3))
        if sentences or notes:
            lead = [b.t("tests_intro")] + sentences if sentences else []
            block.append(b.p(" ".join(lead + notes), "caption"))
        if tables and max(len(x) for x in tables) <= LONG_BREAKDOWN_ROWS:
            b.add(KeepTogether(block))  # the tables and the sentence that explains them stay on one page
        else:
            b.add(*block)

    def _group_tables(self, b, tables: list[list[list[str]]]) -> Flowable:
        """Each table is [title row, header row, group rows...]."""
        left_widths, right_widths = [3.1, 1.0, 1.3, 2.4], [4.5, 1.0, 1.3, 2.3]
        if (
            max(len(x) for x in tables) > LONG_BREAKDOWN_ROWS
        ):  # too long for a column that cannot split: one table
            merged = [tables[0][1][:]]
            spans = []
            for rows in tables:
                spans.append(len(merged))
                merged.append(rows[0])
                merged += rows[2:]
            return b.table(merged, [9.0, 1.8, 2.4, 3.8], spans=spans)

        def one(rows, widths):
            tbl = b.table(rows[1:], widths)
            title = Paragraph(b.esc(rows[0][0]), b.s["cellb"])
            return [title, Spacer(1, 2), tbl, Spacer(1, 5)]

        def lines(rows, widths):  # rough height in text lines, to balance the two columns
            per_line = widths[0] * 5.0
            return 2 + sum(-(-len(row[0]) // int(per_line)) for row in rows[1:])

        columns: list[list] = [[], []]
        height = [0, 0]
        for i, rows in enumerate(tables):
            side = 0 if i == 0 else int(height[0] > height[1])
            widths = (left_widths, right_widths)[side]
            columns[side] += one(rows, widths)
            height[side] += lines(rows, widths)
        outer = Table(
            [[columns[0], columns[1] or Spacer(1, 1)]], colWidths=[7.9 * cm, 9.1 * cm], hAlign="LEFT"
        )
        outer.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), fonts.FAMILY),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return outer
