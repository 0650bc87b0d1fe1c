"""A choice's half page: the share that chose each option as bars with their Wilson 95% intervals, in the order of
the definition (options such as levels are often ordered), and the groups' shares side by side."""

from __future__ import annotations

from scanengine.report import charts
from scanengine.report.blocks.sections import SectionBlock
from scanengine.report.text import loc, pct

GROUP_COLUMNS = 6  # up to this many options each get a column in the group table; more: the three most chosen
CHAR_CM = 0.62 * 7.8 / 72 * 2.54  # a bold header character at 7.8 pt (DejaVu Sans: about 0.62 em), in cm
MAX_OPTION_COLUMNS_CM = (
    11.5  # wider than this and the group names would be squeezed: the three most chosen instead
)


class ChoiceBlock(SectionBlock):
    kind = "choice"

    def figures(self, b, question, f, n: int, explain: bool) -> list:
        lang = b.lang
        options = f.options
        chart = charts.option_bars(
            [loc(o.label, lang) for o in options],
            [o.share for o in options],
            [b.t("choice_bar", share=pct(o.share, lang), count=o.count) for o in options],
            xmax=1.0,
            lows=[o.ci_low for o in options],
            highs=[o.ci_high for o in options],
            percent=True,
            axis_label=b.t("choice_axis"),
            lang=lang,
        )
        best = max(options, key=lambda o: o.share or 0.0)
        caption = b.t(
            "choice_caption",
            best=loc(best.label, lang),
            share=pct(best.share, lang),
            lo=pct(best.ci_low, lang),
            hi=pct(best.ci_high, lang),
        )
        if explain:
            caption = b.t("choice_read") + " " + caption
        if f.max_choices > 1:
            caption += " " + b.t("choice_multiple", n=f.max_choices)
        alt = b.alt(
            b.t("choice_alt"),
            (
                b.t("choice_alt_one", option=loc(o.label, lang), share=pct(o.share, lang), count=o.count)
                for o in options
            ),
        )
        table = b.table(
            b.t("choice_table"),
            [b.t("col_option"), b.t("col_n"), b.t("col_share_chosen"), b.t("col_ci")],
            [
                [
                    loc(o.label, lang),
                    "–" if o.count is None else str(o.count),
                    pct(o.share, lang),
                    b.t("none") if o.ci_low is None else f"{pct(o.ci_low, lang)}–{pct(o.ci_high, lang)}",
                ]
                for o in options
            ],
            [9.0, 2.0, 3.0, 3.0],
            numeric=(1, 2, 3),
        )
        return [b.figure(chart, b.t("choice_table"), alt, caption, table)]

    def group_header(self, b, question) -> tuple[list[str], list[float], tuple[int, ...]]:
        labels = [loc(o.label, b.lang) for o in question.options]
        widths = [_column_width(label, b.lang) for label in labels]
        if len(labels) <= GROUP_COLUMNS and sum(widths) <= MAX_OPTION_COLUMNS_CM:
            return labels, widths, tuple(range(len(labels)))
        return [b.t("col_group_choice", n=3)], [11.2], ()

    def group_cells(self, b, question, f) -> list[str]:
        if len(self.group_header(b, question)[0]) == len(f.options):
            return [pct(o.share, b.lang) for o in f.options]
        top = sorted(f.options, key=lambda o: -(o.share or 0.0))[:3]
        return ["; ".join(f"{loc(o.label, b.lang)} ({pct(o.share, b.lang)})" for o in top)]


def _column_width(label: str, lang: str) -> float:
    """A column (cm) as wide as the option's longest word in the table's bold header, so no word breaks; a word of
    more than 14 characters may break at a hyphenation point instead of widening the column further."""
    longest = max((min(len(word), 14) for word in label.split()), default=1)
    return max(1.5, longest * CHAR_CM + 0.4)  # + the cell's padding (4 pt a side) and a little air
