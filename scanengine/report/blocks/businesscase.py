"""The business case chapter and its conclusion: per partner and in total the yearly saving, the one-off cost, the
years to earn it back and the net result over the horizon, with the cautious and favourable scenarios beside the
middle one (docs/architecture.md#business-case).

Not a question kind: the report places it after the sections when the definition has a ``businesscase`` block.
Each partner's figure is the median of its own respondents' estimates and a total is the sum of those medians, so
nothing is added up over respondents; a partner that the k rule hides is left out of the total, and the text says
how many are.
"""

from __future__ import annotations

from scanengine.analysis.businesscase import SCENARIOS
from scanengine.report.blocks.base import Block, Conclusion
from scanengine.report.document import Node
from scanengine.report.text import loc

YEARS_DIGITS = 1


class BusinesscaseBlock(Block):
    kind = "businesscase"
    part = "businesscase"

    def amount(self, b, value, unit) -> str:
        if value is None:
            return b.t("none")
        digits = 0 if abs(value) >= 100 else 1
        return f"{b.num(value, digits)} {loc(unit, b.lang)}".strip() if unit else b.num(value, digits)

    def payback(self, b, outcome) -> str:
        if outcome.yearly is None or outcome.one_off is None:
            return b.t("none")
        if outcome.payback_years is None:
            return b.t("bc.never")
        return b.t("bc.years", years=b.num(outcome.payback_years, YEARS_DIGITS))

    def outcome_sentence(self, b, bc, outcome) -> str:
        """The sentence says 'per year' and 'one-off' itself, so it writes amounts in the unit the two estimates
        share ('k€'), or in each estimate's own unit when they share none."""
        shared = _net_unit(bc)
        return b.t(
            "bc.outcome" if shared or not (bc.yearly_unit or bc.one_off_unit) else "bc.outcome_own_units",
            yearly=self.amount(b, outcome.yearly, shared or bc.yearly_unit),
            one_off=self.amount(b, outcome.one_off, shared or bc.one_off_unit),
            payback=self.payback(b, outcome),
            horizon=bc.horizon_years,
            net=self.amount(b, outcome.net, _net_unit(bc)),
        )

    def conclude(self, b, entries: list) -> Conclusion:
        bc = b.r.businesscase
        if bc is None:
            return Conclusion()
        if bc.total is None:
            return Conclusion([b.p(b.t("bc.no_total", k=b.r.k), "conclusion")])
        middle = bc.scenarios.get("middle", bc.total)
        text = b.t("bc.concl_total", groups=bc.total.groups) + " " + self.outcome_sentence(b, bc, middle)
        cautious, favourable = bc.scenarios.get("cautious"), bc.scenarios.get("favourable")
        if cautious is not None and favourable is not None:
            text += " " + b.t(
                "bc.concl_scenarios",
                cautious_net=self.amount(b, cautious.net, _net_unit(bc)),
                cautious_payback=self.payback(b, cautious),
                favourable_net=self.amount(b, favourable.net, _net_unit(bc)),
                favourable_payback=self.payback(b, favourable),
            )
        shown = [g for g in bc.groups if g.in_total and g.outcome.net is not None]
        if len(shown) >= 2:
            best = max(shown, key=lambda g: g.outcome.net)
            worst = min(shown, key=lambda g: g.outcome.net)
            text += " " + b.t(
                "bc.concl_partners",
                best=loc(best.label, b.lang),
                best_net=self.amount(b, best.outcome.net, _net_unit(bc)),
                worst=loc(worst.label, b.lang),
                worst_net=self.amount(b, worst.outcome.net, _net_unit(bc)),
                horizon=bc.horizon_years,
            )
        if bc.left_out_groups:
            text += " " + b.t("bc.left_out", count=bc.left_out_groups, k=b.r.k)
        return Conclusion([b.p(text, "conclusion")], [self.partner_table(b, bc)] if bc.groups else [])

    def render(self, b, entries: list) -> None:
        bc = b.r.businesscase
        b.chapter(b.t("bc.h"))
        b.add(b.p(b.t("bc.intro", horizon=bc.horizon_years if bc else b.q.businesscase.horizon_years)))
        if bc is None:
            b.add(b.p(b.t("bc.none")))
            return
        b.section(b.t("bc.partners_h"))
        b.add(self.partner_table(b, bc))
        if bc.left_out_groups:
            b.add(b.p(b.t("bc.left_out", count=bc.left_out_groups, k=b.r.k), "caption"))
        if bc.total is None:
            b.add(b.p(b.t("bc.no_total", k=b.r.k)))
            return
        b.section(b.t("bc.scenarios_h"))
        b.add(b.p(b.t("bc.scenarios_read")))
        rows = [
            [b.t(f"bc.scenario.{name}"), *self.cells(b, o)]
            for name in SCENARIOS
            if (o := bc.scenarios.get(name)) is not None
        ]
        b.add(self.table(b, bc, b.t("bc.scenarios_h"), b.t("bc.col.scenario"), rows, print_caption=False))

    def header(self, b, bc, first: str) -> list[str]:
        def unit(u) -> str:
            return f" ({loc(u, b.lang)})" if u else ""

        return [
            first,
            b.t("bc.col.yearly") + unit(bc.yearly_unit),
            b.t("bc.col.one_off") + unit(bc.one_off_unit),
            b.t("bc.col.payback"),
            b.t("bc.col.net", horizon=bc.horizon_years) + unit(_net_unit(bc)),
        ]

    def table(self, b, bc, caption: str, first: str, rows: list[list[str]], **kw) -> Node:
        """A table of outcomes: the partners' or the scenarios' (``first`` names the first column)."""
        return b.table(
            caption, self.header(b, bc, first), rows, [4.2, 3.2, 3.2, 3.0, 3.4], numeric=(1, 2, 3, 4), **kw
        )

    def cells(self, b, outcome) -> list[str]:
        """An outcome's figures in a table row: the units stand in the header."""
        return [
            self.amount(b, outcome.yearly, None),
            self.amount(b, outcome.one_off, None),
            self.payback(b, outcome),
            self.amount(b, outcome.net, None),
        ]

    def partner_table(self, b, bc) -> Node:
        """Every shown partner and the total (bold); a partner with only one estimate shown is marked * and left
        out of the total."""
        rows: list[list[str]] = []
        for g in bc.groups:
            if g.suppressed:
                continue  # left out, name and all; the note counts it
            rows.append([loc(g.label, b.lang) + ("" if g.in_total else " *"), *self.cells(b, g.outcome)])
        emphasis: tuple[int, ...] = ()
        if bc.total is not None:
            t = bc.total
            emphasis = (len(rows),)
            rows.append([b.t("bc.total_row", groups=t.groups), *self.cells(b, t)])
        if not rows:
            return b.p(b.t("bc.no_total", k=b.r.k))
        notes = (
            [b.p(b.t("bc.partial"), "caption")]
            if any(not g.suppressed and not g.in_total for g in bc.groups)
            else []
        )
        table = self.table(b, bc, b.t("bc.partners_h"), b.t("bc.col.partner"), rows, emphasis=emphasis)
        return b.keep(table, *notes) if notes else table


def _net_unit(bc):
    """The net result's unit: the words the two estimates' units begin with alike ('k€ per jaar' and 'k€ eenmalig'
    give 'k€'); none when they share none."""
    if bc.one_off_unit is None or bc.yearly_unit is None:
        return None
    out = {}
    for lang, one_off in bc.one_off_unit.items():
        yearly = bc.yearly_unit.get(lang, "")
        shared = []
        for a, c in zip(yearly.split(), one_off.split(), strict=False):
            if a != c:
                break
            shared.append(a)
        out[lang] = " ".join(shared)
    return out if any(out.values()) else None
