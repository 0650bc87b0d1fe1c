"""A choice's half page: the share that chose each option as bars with their Wilson 95% intervals, in the order of
the definition (options such as levels are often ordered), and the groups' shares side by side."""

from __future__ import annotations

from scanengine.report import charts
from scanengine.report.blocks.sections import SectionBlock
from scanengine.report.text import loc, pct

GROUP_COLUMNS = 5  # up to this many options each get a column in the group table; more: the three most chosen


class ChoiceBlock(SectionBlock):
    kind = "choice"

    def figures(self, b, question, f, n: int, explain: bool) -> list:
        lang = b.lang
        options = f.options
        chart = charts.option_bars(
            [loc(o.label, lang) for o in options], [o.share for o in options],
            [b.t("choice_bar", share=pct(o.share, lang), count=o.count) for o in options], xmax=1.0,
            lows=[o.ci_low for o in options], highs=[o.ci_high for o in options], percent=True,
            axis_label=b.t("choice_axis"))
        best = max(options, key=lambda o: o.share or 0.0)
        caption = b.t("choice_caption", best=loc(best.label, lang), share=pct(best.share, lang),
                      lo=pct(best.ci_low, lang), hi=pct(best.ci_high, lang))
        if explain:
            caption = b.t("choice_read") + " " + caption
        if f.max_choices > 1:
            caption += " " + b.t("choice_multiple", n=f.max_choices)
        return [b.chart(chart), b.p(caption, "caption")]

    def group_header(self, b, question) -> tuple[list[str], list[float]]:
        options = question.options
        if len(options) <= GROUP_COLUMNS:
            width = min(2.2, 8.8 / len(options))  # narrow option columns: the group names stay on one line
            return [loc(o.label, b.lang) for o in options], [width] * len(options)
        return [b.t("col_group_choice", n=3)], [11.2]

    def group_cells(self, b, question, f) -> list[str]:
        if len(f.options) <= GROUP_COLUMNS:
            return [pct(o.share, b.lang) for o in f.options]
        top = sorted(f.options, key=lambda o: -(o.share or 0.0))[:3]
        return ["; ".join(f"{loc(o.label, b.lang)} ({pct(o.share, b.lang)})" for o in top)]
