"""The statements' chapters: a section per dimension with its mean and interval, benchmark and trend, the items'
distributions as stacked bars, agreement and reliability, and the groups compared (suppressed groups left out,
counted in a note), then the chapter of groups × dimensions (:mod:`scanengine.report.blocks.heatmap`).

Reverse-worded statements are scored in the favourable direction (``points + 1 - v``): they are marked wherever
they are quoted, the figures speak of the scored value, and their bars are coloured by what an answer means
(docs/architecture.md#the-report).
"""

from __future__ import annotations

from scanengine.report import charts
from scanengine.report.blocks import heatmap, statement_summary
from scanengine.report.blocks.base import Block, Conclusion
from scanengine.report.blocks.statement_summary import quoted
from scanengine.report.document import Columns, Node
from scanengine.report.text import (
    alpha_meaning,
    epsilon_meaning,
    loc,
    missing,
    p_value,
    pct,
    rwg_meaning,
    signed,
)

SIGNIFICANT = 0.05


class StatementBlock(Block):
    kind = "statement"
    part = "dimensions"

    def conclude(self, b, entries: list) -> Conclusion:
        return statement_summary.conclude(b) if entries else Conclusion()

    def render(self, b, entries: list) -> None:
        """Chapter: the dimensions, one section (page) each (the figures come from ``Results.dimensions``)."""
        b.chapter(b.t("dimensions_h"))
        b.add(b.p(b.t("dimensions_intro")))
        for i, d in enumerate(b.r.dimensions, start=1):
            b.section(b.dim_title(d), new_page="auto" if i > 1 else False)
            self.dimension(b, d)
        heatmap.render(b)

    def dimension(self, b, d) -> None:
        r = b.r
        if d.description:
            b.add(b.p(b.loc(d.description), "lead"))
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
        if not b.has_benchmark():
            pass  # no benchmark for any dimension: the conclusion says so once
        elif bench is not None and bench.rounds and bench.median is not None:
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
        if not b.has_trend():
            pass  # no previous round at all: said once, in the conclusion
        elif tr is not None and tr.previous_mean is not None:
            if tr.p is None:
                sig = b.t("trend_untested")
            else:
                sig = b.t("trend_sig" if tr.p < SIGNIFICANT else "trend_not_sig", p=p_value(tr.p, b.lang))
            b.add(
                b.p(
                    b.t(
                        "dim_trend",
                        name=tr.previous_round_name,
                        previous=b.num(tr.previous_mean),
                        diff=signed(tr.diff, b.lang),
                        significance=sig,
                    )
                )
            )
        else:
            b.add(b.p(b.t("dim_no_trend")))
        b.add(*self.items_block(b, d))
        agreement = (
            b.t("rwg", value=b.num(d.rwg_j), meaning=rwg_meaning(d.rwg_j, b.lang))
            if d.rwg_j is not None
            else b.t("rwg_none")
        )
        reliability = (
            b.t("alpha", value=b.num(d.alpha), n=d.alpha_n, meaning=alpha_meaning(d.alpha, b.lang))
            if d.alpha is not None
            else b.t("alpha_none")
        )
        b.add(b.p(f"{agreement} {reliability}"))
        b.add(self.groups_block(b, d))

    def items_block(self, b, d) -> list[Node]:
        lang = b.lang
        defs = {item.id: item for item in b.q.items}
        conditional = [defs.get(it.id) is not None and bool(defs[it.id].show_if) for it in d.items]
        labels = [
            quoted(b, it) + (" *" if cond else "") for it, cond in zip(d.items, conditional, strict=True)
        ]
        scale_labels = b.q.scale.labels.get(lang) or b.q.scale.labels["nl"]
        dk = loc(b.q.scale.dont_know, lang) if b.q.scale.dont_know else None
        chart = charts.item_distribution(
            labels,
            [it.shares for it in d.items],
            [it.dk_share for it in d.items],
            b.points,
            scale_labels,
            dk,
            reverse=[it.reverse for it in d.items],
            lang=lang,
        )
        dk_part = b.t("items_caption_dk", dk=dk) if dk else ""
        scored = [(it.mean, quoted(b, it)) for it in d.items if it.mean is not None]
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
        if any(it.reverse for it in d.items):
            caption += " " + b.t("reverse_colours")
        if any(conditional):
            caption += " " + b.t("shown_note")
        header = [b.t("col_statement"), b.t("col_mean")] + scale_labels + ([dk] if dk else [])
        rows = []
        for it, label in zip(d.items, labels, strict=True):
            shares = it.shares or [None] * b.points
            rows.append(
                [label, b.num(it.mean)] + [b.pct(s) for s in shares] + ([b.pct(it.dk_share)] if dk else [])
            )
        width = (17.0 - 7.0) / (len(header) - 1)
        data = b.table(
            b.t("items_table", dimension=b.dim_title(d)),
            header,
            rows,
            [7.0] + [width] * (len(header) - 1),
            numeric=tuple(range(1, len(header))),
        )
        alt = b.alt(
            b.t("items_alt"),
            (
                b.t("items_alt_one", statement=label, mean=b.num(it.mean))
                for it, label in zip(d.items, labels, strict=True)
            ),
        )
        return [b.figure(chart, b.t("items_table", dimension=b.dim_title(d)), alt, caption, data)]

    def groups_block(self, b, d) -> Node:
        """Groups compared: the first breakdown (the invitation groups) as a table with n, mean and interval; beside
        it, per breakdown, its highest and lowest shown group and the test of the differences. Every group's mean
        on every dimension stands in the heatmap chapter, so a dimension keeps to about a page with 12 groups.
        Suppressed groups are left out (a note says how many)."""
        r, lang = b.r, b.lang
        table: Node | None = None
        sentences, hidden = [], 0
        for breakdown, title in r.breakdowns:
            name = b.breakdown_title(title)
            groups = [g for g in d.groups if g.breakdown == breakdown]
            shown = [g for g in groups if not g.suppressed and g.mean is not None]
            hidden += sum(1 for g in groups if g.suppressed)
            if not shown:
                continue
            if table is None:
                table = self._group_table(b, d, name, shown)
            test = d.tests.get(breakdown) if d.tests else None
            if len(shown) >= 2:
                high = max(shown, key=lambda g: g.mean)
                low = min(shown, key=lambda g: g.mean)
                spread = b.t(
                    "groups_spread",
                    high=b.group_label(high),
                    high_mean=b.num(high.mean),
                    low=b.group_label(low),
                    low_mean=b.num(low.mean),
                )
            else:
                spread = ""
            if test and not missing(test.p):
                sig = b.t("test_sig" if test.p < SIGNIFICANT else "test_not_sig")
                verdict = b.t(
                    "test_sentence",
                    significance=sig,
                    H=b.num(test.H),
                    p=p_value(test.p, lang),
                    eps=b.num(test.epsilon2),
                    size=epsilon_meaning(test.epsilon2 or 0.0, lang),
                )
            else:
                verdict = b.t("test_none")
            lead = name if name[-1:] in "?:." else f"{name}:"
            sentences.append(b.p(f"{lead} {spread}{verdict}", "caption"))
        part = b.subsection(b.t("groups_h"))
        if table is None:
            part.add(b.p(b.t("groups_all_suppressed", k=r.k)))
            return part
        notes = []
        if d.icc1 is not None and d.icc1 > 0:
            notes.append(b.t("icc", share=pct(d.icc1, lang)))
        if hidden:
            notes.append(b.t("suppressed_note", count=hidden, k=r.k))
        side = [b.p(b.t("tests_intro"), "caption"), *sentences] + (
            [b.p(" ".join(notes), "caption")] if notes else []
        )
        part.add(Columns([[table], side]))
        return b.keep(part)  # the table and the sentences that read it stay on one page

    def _group_table(self, b, d, name: str, shown: list) -> Node:
        rows = []
        for g in shown:
            ci = (
                f"{b.num(g.ci_low)}–{b.num(g.ci_high)}"
                if g.ci_low is not None and g.ci_high is not None
                else b.t("none")
            )
            rows.append([b.group_label(g), str(g.n), b.num(g.mean), ci])
        return b.table(
            b.t("groups_table", dimension=b.dim_title(d)),
            [name, b.t("col_n"), b.t("col_mean_short"), b.t("col_ci")],
            rows,
            [3.3, 0.9, 1.3, 2.2],
            numeric=(1, 2, 3),
            print_caption=False,
        )
