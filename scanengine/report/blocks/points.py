"""A points question's half page: the mean points per option as bars with their 95% t intervals, the share of
all points given, and the options ranked in a sentence."""

from __future__ import annotations

from scanengine.report import charts
from scanengine.report.blocks.sections import SectionBlock
from scanengine.report.text import loc, pct

GROUP_TOP = 3  # options named per group


class PointsBlock(SectionBlock):
    kind = "points"

    def figures(self, b, question, f, n: int, explain: bool) -> list:
        lang = b.lang
        options = sorted(f.options, key=lambda o: -(o.mean or 0.0))
        highs = [o.ci_high for o in options if o.ci_high is not None]
        xmax = _nice(max([*highs, *(o.mean or 0.0 for o in options), 1.0]))
        chart = charts.option_bars(
            [loc(o.label, lang) for o in options],
            [o.mean for o in options],
            [b.t("points_bar", mean=b.num(o.mean, 1), share=pct(o.share, lang)) for o in options],
            xmax=xmax,
            lows=[o.ci_low for o in options],
            highs=[o.ci_high for o in options],
            axis_label=b.t("points_axis", total=f.total),
            lang=lang,
        )
        header = [
            b.t("col_option"),
            b.t("col_mean_points"),
            b.t("col_ci"),
            b.t("col_sd"),
            b.t("col_share_points"),
        ]
        rows = [
            [
                loc(o.label, lang),
                b.num(o.mean, 1),
                _interval(b, o.ci_low, o.ci_high),
                b.num(o.sd, 1),
                pct(o.share, lang),
            ]
            for o in options
        ]
        best, worst = options[0], options[-1]
        caption = b.t(
            "points_caption",
            total=f.total,
            best=loc(best.label, lang),
            best_mean=b.num(best.mean, 1),
            best_share=pct(best.share, lang),
            worst=loc(worst.label, lang),
            worst_mean=b.num(worst.mean, 1),
        )
        if explain:
            caption = b.t("points_read", total=f.total) + " " + caption
        table = b.table(b.t("points_table"), header, rows, [7.4, 2.4, 3.0, 1.8, 2.4], numeric=(1, 2, 3, 4))
        alt = b.alt(
            b.t("points_alt", total=f.total),
            (
                b.t(
                    "points_alt_one",
                    option=loc(o.label, lang),
                    mean=b.num(o.mean, 1),
                    share=pct(o.share, lang),
                )
                for o in options
            ),
        )
        return [b.figure(chart, b.t("points_table"), alt, caption), table]

    def group_header(self, b, question) -> tuple[list[str], list[float], tuple[int, ...]]:
        return [b.t("col_group_points", n=GROUP_TOP)], [11.2], ()

    def group_cells(self, b, question, f) -> list[str]:
        options = sorted(f.options, key=lambda o: -(o.mean or 0.0))[:GROUP_TOP]
        return ["; ".join(f"{loc(o.label, b.lang)} ({b.num(o.mean, 1)})" for o in options)]


def _interval(b, lo, hi) -> str:
    return b.t("none") if lo is None or hi is None else f"{b.num(lo, 1)}–{b.num(hi, 1)}"


def _nice(x: float) -> float:
    """The axis end: ``x`` rounded up to 1, 2, 2.5 or 5 times a power of ten."""
    import math

    power = 10 ** math.floor(math.log10(x))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= x)
