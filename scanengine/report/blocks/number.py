"""A number's section: one small table of the whole round and every shown group (n, mean, SD, median, the middle
half between the quartiles) and a sentence that reads it. Never a minimum or maximum (each is one person's
answer), and never a sum over respondents (several respondents may estimate the same thing)."""

from __future__ import annotations

from scanengine.report.blocks.sections import SectionBlock
from scanengine.report.text import loc, num

WIDTHS = [2.4, 2.0, 2.4, 3.6]  # mean, SD, median, Q1–Q3 (cm)


def digits(value: float | None, decimals: int) -> int:
    """Decimals to print: those of the question, and one for small figures (a mean of 3.4 FTE is not 3)."""
    return decimals if value is None or abs(value) >= 100 else max(decimals, 1)


class NumberBlock(SectionBlock):
    kind = "number"

    def figures(self, b, question, f, n: int, explain: bool) -> list:
        lang, dec = b.lang, question.decimals
        unit = loc(question.unit, lang) if question.unit else ""
        d = digits(f.median, dec)
        sentence = b.t(
            "number_caption",
            n=n,
            mean=num(f.mean, lang, digits(f.mean, dec)),
            unit=unit,
            median=num(f.median, lang, d),
            q1=num(f.q1, lang, d),
            q3=num(f.q3, lang, d),
        )
        return [b.p(sentence)]

    def over_groups(self, b, question, res) -> list:
        """A number each respondent estimates for their own organisation: the sum of the organisations' medians
        over those shown (never a sum over respondents), and how many organisations are left out."""
        total = res.total if res.estimated_per_group else None
        if total is None:
            return []
        unit = loc(question.unit, b.lang) if question.unit else ""
        if total.value is None:
            return [b.p(b.t("number_total_none", k=b.r.k))]
        text = b.t(
            "number_total",
            value=num(total.value, b.lang, digits(total.value, question.decimals)),
            unit=unit,
            groups=total.groups,
        )
        if total.left_out_groups:
            text += " " + b.t("number_total_left_out", count=total.left_out_groups, k=b.r.k)
        return [b.p(text)]

    def total_row(self, b, question, res) -> list[str]:
        return [b.t("sec_all_respondents"), str(res.n), *self.group_cells(b, question, res.figures)]

    def group_header(self, b, question) -> tuple[list[str], list[float], tuple[int, ...]]:
        unit = f" ({loc(question.unit, b.lang)})" if question.unit else ""
        return (
            [b.t("col_mean_short") + unit, b.t("col_sd"), b.t("col_median"), b.t("col_quartiles")],
            WIDTHS,
            (0, 1, 2, 3),
        )

    def group_cells(self, b, question, f) -> list[str]:
        lang, dec = b.lang, question.decimals
        d = digits(f.median, dec)
        quartiles = "–" if f.q1 is None else f"{num(f.q1, lang, d)}–{num(f.q3, lang, d)}"
        return [
            num(f.mean, lang, digits(f.mean, dec)),
            num(f.sd, lang, digits(f.sd, dec)),
            num(f.median, lang, d),
            quartiles,
        ]
