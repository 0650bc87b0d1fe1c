"""A ranking's section: bars of points per option (with the mean rank), a table, and the agreement on the order
in plain words; and its conclusion for the report's first chapter.

The words follow Schmidt's (1997) reading of Kendall's W, one rule for the whole product
(:func:`scanengine.analysis.agreement.agreement_level`). The p-value of Friedman's chi-square says whether the
agreement is more than chance.
"""

from __future__ import annotations

from typing import Any

from scanengine.analysis.agreement import W_MODERATE, W_STRONG, agreement_level
from scanengine.report import charts
from scanengine.report.blocks.base import Conclusion
from scanengine.report.blocks.sections import SectionBlock, heading_of
from scanengine.report.document import Node
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


# -- the conclusion: the ranking, with a points question on the same options (a regional agenda) ------------------
# The options in the order of their mean rank over all who ranked (options a respondent left unranked tie for the
# last places, as in Kendall's W), the share of the points beside each, a sentence naming the top options and the
# agreement in words, and one when the order by points differs at the top (docs/architecture.md#the-report).

NAMED = 3  # options named in the sentence (more when the question asks for a top of up to five)


def points_partner(q, ranking) -> Any:
    """The points question on exactly the ranking's options, if the definition has one."""
    ids = {o.id for o in ranking.options}
    for e in q.entries:
        if e.kind.name == "points" and {o.id for o in e.question.options} == ids:
            return e.question
    return None


def _share(option, lang: str) -> str:
    """A points option's share of all points with its 95% interval: '23% (20–26%)'."""
    if option.share_low is None or option.share_high is None:
        return pct(option.share, lang)
    return f"{pct(option.share, lang)} ({pct(option.share_low, lang)}–{pct(option.share_high, lang)})"


def conclude(b, rankings: list) -> Conclusion:
    """The conclusion of every ranking question (with its points partner, when there is one)."""
    results = {r.id: r for r in b.r.questions}
    sentences: list[Node] = []
    details: list[Node] = []
    for question in rankings:
        res = results.get(question.id)
        if res is None or res.figures is None:
            continue
        partner = points_partner(b.q, question)
        pres = results.get(partner.id) if partner is not None else None
        points = pres.figures if pres is not None and pres.figures is not None else None
        s, d = _one(b, question, res, partner, points)
        sentences += s
        details += d
    return Conclusion(sentences, details)


def _one(b, question, res, partner, points) -> tuple[list[Node], list[Node]]:
    lang = b.lang
    f = res.figures
    order = sorted(f.options, key=lambda o: (o.mean_rank is None, o.mean_rank))
    named = order[: max(NAMED, min(top_of(question), 5))] if top_of(question) <= 5 else order[:NAMED]
    listed = ", ".join(f"{loc(o.label, lang)} ({b.num(o.mean_rank, 1)})" for o in named)
    title = heading_of(b.loc(question.text))[0]
    out = [b.t("concl.ranking", n=res.n, top=listed, question=title)]
    if f.agreement.w is not None:
        level = agreement_level(f.agreement.w)
        out.append(b.t(f"concl.ranking_agreement_{level}", w=b.num(f.agreement.w)))
    by_points = {}
    if points is not None:
        by_points = {o.id: o for o in points.options}
        shares = ", ".join(f"{loc(o.label, lang)} {_share(by_points[o.id], lang)}" for o in named)
        out.append(b.t("concl.points_beside", shares=shares))
        first_by_points = max(points.options, key=lambda o: o.share or 0.0)
        if first_by_points.id != order[0].id:
            out.append(
                b.t(
                    "concl.points_differ",
                    points_top=loc(first_by_points.label, lang),
                    share=pct(first_by_points.share, lang),
                    rank_top=loc(order[0].label, lang),
                )
            )
    header = [
        b.t("col_option"),
        b.t("col_mean_rank"),
        b.t("col_share_first"),
        b.t("col_share_top", top=top_of(question)),
    ]
    widths = [6.6, 2.4, 2.4, 2.4]
    if points is not None:
        header += [b.t("col_share_points")]
        widths += [3.2]
    rows = []
    for o in order:
        row = [loc(o.label, lang), b.num(o.mean_rank), pct(o.share_first, lang), pct(o.share_top, lang)]
        if points is not None:
            p = by_points.get(o.id)
            row.append(b.t("none") if p is None else _share(p, lang))
        rows.append(row)
    table = b.table(
        b.t("concl.ranking_table", question=title),
        header,
        rows,
        widths,
        numeric=tuple(range(1, len(header))),
    )
    return [b.p(" ".join(out), "conclusion")], [table]


class RankingBlock(SectionBlock):
    kind = "ranking"

    def conclude(self, b, entries: list) -> Conclusion:
        return conclude(b, [e.question for e in entries])

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
            lang=lang,
        )
        top = top_of(question)
        header = [
            b.t("col_option"),
            b.t("col_points"),
            b.t("col_mean_rank"),
            b.t("col_share_first"),
            b.t("col_share_top", top=top),
        ]
        rows = [
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
        table = b.table(b.t("ranking_table"), header, rows, [7.4, 2.2, 2.4, 2.4, 2.6], numeric=(1, 2, 3, 4))
        alt = b.alt(
            b.t("ranking_alt", n=k),
            (
                b.t(
                    "ranking_alt_one",
                    option=loc(o.label, lang),
                    points=b.num(o.points, 1),
                    rank=b.num(o.mean_rank, 1),
                )
                for o in options
            ),
        )
        return [
            b.figure(chart, b.t("ranking_table"), alt, caption),
            table,
            b.p(agreement_sentence(f.agreement, lang)),
        ]

    def group_header(self, b, question) -> tuple[list[str], list[float], tuple[int, ...]]:
        return [b.t("col_group_top", n=GROUP_TOP), b.t("col_w")], [9.2, 1.3], (1,)

    def group_cells(self, b, question, f) -> list[str]:
        options = sorted(f.options, key=lambda o: -(o.points or 0.0))[:GROUP_TOP]
        top = "; ".join(f"{loc(o.label, b.lang)} ({b.num(o.points, 1)})" for o in options)
        return [top, b.num(f.agreement.w)]
