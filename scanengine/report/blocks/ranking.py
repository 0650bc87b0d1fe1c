"""A ranking's half page: bars of points per option (with the mean rank), a table, and the agreement on the order
in plain words.

The words follow Schmidt's (1997) reading of Kendall's W, one rule for the whole product
(:func:`scanengine.analysis.agreement.agreement_level`). The p-value of Friedman's chi-square says whether the
agreement is more than chance.
"""

from __future__ import annotations

from scanengine.analysis.agreement import W_MODERATE, W_STRONG, agreement_level
from scanengine.report import charts
from scanengine.report.blocks.sections import SectionBlock
from scanengine.report.text import loc, num, p_value, pct, t

SIGNIFICANT = 0.05
GROUP_TOP = 3  # options named per group


def agreement_sentence(a, lang: str) -> str:
    """The agreement on the order in words and figures (W, chi-square, df, p); the results page says the same."""
    if a.w is None:
        return t(lang, "ranking_agreement_none")
    words = t(lang, f"ranking_agreement_{agreement_level(a.w)}")
    chance = t(lang, "ranking_chance_no" if a.p is None or a.p >= SIGNIFICANT else "ranking_chance_yes")
    return t(
        lang,
        "ranking_agreement",
        words=words,
        w=num(a.w, lang),
        chi2=num(a.chi2, lang, 1),
        df=a.df,
        p=p_value(a.p, lang),
        chance=chance,
        strong=num(W_STRONG, lang, 1),
        moderate=num(W_MODERATE, lang, 1),
    )


def top_of(question) -> int:
    return len(question.options) if question.top is None else question.top


class RankingBlock(SectionBlock):
    kind = "ranking"

    def figures(self, b, question, f, n: int, explain: bool) -> list:
        lang = b.lang
        options = sorted(f.options, key=lambda o: -(o.points or 0.0))
        k = len(question.options)
        labels = [loc(o.label, lang) for o in options]
        chart = charts.option_bars(
            labels,
            [o.points for o in options],
            [b.t("ranking_bar", points=b.num(o.points, 1), rank=b.num(o.mean_rank, 1)) for o in options],
            xmax=float(k),
            axis_label=b.t("ranking_axis", n=k),
        )
        top = top_of(question)
        rows = [
            [
                b.t("col_option"),
                b.t("col_points"),
                b.t("col_mean_rank"),
                b.t("col_share_first"),
                b.t("col_share_top", top=top),
            ]
        ]
        rows += [
            [
                loc(o.label, lang),
                b.num(o.points, 2),
                b.num(o.mean_rank, 2),
                pct(o.share_first, lang),
                pct(o.share_top, lang),
            ]
            for o in options
        ]
        best, worst = options[0], options[-1]
        caption = b.t(
            "ranking_caption",
            n=k,
            top=top,
            best=loc(best.label, lang),
            best_points=b.num(best.points, 1),
            best_first=pct(best.share_first, lang),
            worst=loc(worst.label, lang),
            worst_points=b.num(worst.points, 1),
        )
        if explain:
            caption = b.t("ranking_read", n=k, top=top) + " " + caption
        return [
            b.chart(chart),
            b.p(caption, "caption"),
            b.table(rows, [7.4, 2.2, 2.4, 2.4, 2.6]),
            b.p(agreement_sentence(f.agreement, lang)),
        ]

    def group_header(self, b, question) -> tuple[list[str], list[float]]:
        return [b.t("col_group_top", n=GROUP_TOP), b.t("col_w")], [9.2, 1.3]

    def group_cells(self, b, question, f) -> list[str]:
        options = sorted(f.options, key=lambda o: -(o.points or 0.0))[:GROUP_TOP]
        top = "; ".join(f"{loc(o.label, b.lang)} ({b.num(o.points, 1)})" for o in options)
        return [top, b.num(f.agreement.w)]
