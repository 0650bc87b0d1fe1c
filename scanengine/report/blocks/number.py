"""A number's half page: one small table of the whole round and every shown group (n, mean, SD, median, the middle
half between the quartiles) and a sentence that reads it. Never a minimum or maximum: each is one person's
answer; never a sum over respondents."""

from __future__ import annotations

from scanengine.report.blocks.sections import SectionBlock
from scanengine.report.text import loc

WIDTHS = [2.2, 2.0, 2.2, 3.8]  # mean, SD, median, Q1–Q3 (cm)


def amount(value: float | None, lang: str, digits: int) -> str:
    """A number with thousands separators as the reader writes it (``12.345,6`` / ``12,345.6``)."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") if lang == "nl" else text


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
            mean=amount(f.mean, lang, digits(f.mean, dec)),
            unit=unit,
            median=amount(f.median, lang, d),
            q1=amount(f.q1, lang, d),
            q3=amount(f.q3, lang, d),
        )
        return [b.p(sentence)]

    def total_row(self, b, question, res) -> list[str]:
        return [b.t("sec_all_respondents"), str(res.n), *self.group_cells(b, question, res.figures)]

    def group_header(self, b, question) -> tuple[list[str], list[float]]:
        unit = f" ({loc(question.unit, b.lang)})" if question.unit else ""
        return (
            [
                b.t("col_mean_short") + unit,
                b.t("col_sd"),
                b.t("col_median"),
                b.t("col_quartiles"),
            ],
            WIDTHS,
        )

    def group_cells(self, b, question, f) -> list[str]:
        lang, dec = b.lang, question.decimals
        d = digits(f.median, dec)
        quartiles = "–" if f.q1 is None else f"{amount(f.q1, lang, d)}–{amount(f.q3, lang, d)}"
        return [
            amount(f.mean, lang, digits(f.mean, dec)),
            amount(f.sd, lang, digits(f.sd, dec)),
            amount(f.median, lang, d),
            quartiles,
        ]
