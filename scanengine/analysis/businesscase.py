"""The business case of a round: a definition's ``businesscase`` block (scanengine.businesscase) applied to its
figures (docs/architecture.md, "Business case").

Each respondent estimates the yearly saving and the one-off cost for their own organisation (the link's invitation
group), so each group's figure is the median of its respondents' estimates, and a total is the sum of the groups'
medians (:func:`stats.estimate_total`) over the groups shown under the k rule; nothing is summed over respondents.
Per group and in total: yearly, one-off, payback years and the net result over the horizon
(:func:`stats.payback`); three scenarios from the groups' quartiles: cautious (each group's first quartile of the
saving and third quartile of the cost), middle (the medians) and favourable (the third quartile of the saving,
the first of the cost).

A group's figures are exactly those the two number questions show for it (the same k rule, the same
complementary suppression: :func:`.suppression.shown_cells`), so the business case never shows a group, or a
count, that the questions' own tables hide. A group with only one of the two estimates shown is listed with it
and left out of the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scanengine import stats
from scanengine.analysis.compute import RoundFigures, SectionFigures, num
from scanengine.analysis.results import Text
from scanengine.analysis.suppression import enough, shown_cells, suppress
from scanengine.definition import Questionnaire
from scanengine.kinds.number import NumberFigures

SCENARIOS = ("cautious", "middle", "favourable")  #: in the order a council reads them


@dataclass
class Outcome:
    """Yearly saving, one-off cost, payback years (None when the saving is not above 0: it never pays back) and
    the net result over the horizon (``horizon × yearly − one_off``)."""

    yearly: float | None
    one_off: float | None
    payback_years: float | None
    net: float | None


@dataclass
class BusinesscaseGroup:
    """One invitation group (a partner organisation). ``suppressed``: neither estimate is shown (the k rule); a
    group with one estimate shown carries it and None for the other and for what needs both."""

    group: str  # the invitation group's name
    label: Text
    suppressed: bool
    in_total: bool  # both estimates shown: counted in the total and the scenarios
    n: int | None  # the fewer of the two estimates' counts: each median rests on at least n respondents
    n_yearly: int | None
    n_one_off: int | None
    outcome: Outcome


@dataclass
class BusinesscaseTotal(Outcome):
    """The sum over the groups in the total (``groups`` of them) of their medians, and what follows from it."""

    groups: int = 0


@dataclass
class BusinesscaseResult:
    """The business case of a round (``Results.businesscase``); the k rule applied."""

    yearly_question: str
    one_off_question: str
    horizon_years: int
    yearly_unit: Text | None
    one_off_unit: Text | None
    groups: list[BusinesscaseGroup]  # every invitation group, in the round's order
    total: BusinesscaseTotal | None  # None when no group has both estimates shown
    scenarios: dict[str, Outcome] = field(default_factory=dict)  # cautious, middle, favourable (SCENARIOS)
    left_out_groups: int = 0  # invitation groups not in the total

    def export(self) -> dict:
        """The export's ``"businesscase"`` (SPEC section 3a): groups, total, scenarios, left_out_groups."""
        groups = []
        for g in self.groups:
            row: dict = {"group": g.group, "suppressed": g.suppressed}
            if not g.suppressed:
                row.update({"n": g.n, **_outcome(g.outcome)})
            groups.append(row)
        total = None if self.total is None else {**_outcome(self.total), "groups": self.total.groups}
        return {
            "groups": groups,
            "total": total,
            "scenarios": {name: _outcome(o) for name, o in self.scenarios.items()},
            "left_out_groups": self.left_out_groups,
        }


def _outcome(o: Outcome) -> dict:
    return {"yearly": o.yearly, "one_off": o.one_off, "payback_years": o.payback_years, "net": o.net}


def outcome(yearly: float | None, one_off: float | None, horizon: int) -> Outcome:
    """An :class:`Outcome` from a saving and a cost (either may be missing), by :func:`stats.payback`."""
    y = np.nan if yearly is None else yearly
    c = np.nan if one_off is None else one_off
    years, net = stats.payback(y, c, horizon)
    return Outcome(num(yearly), num(one_off), num(years), num(net))


def _question(fig: RoundFigures, qid: str) -> SectionFigures:
    return next(f for f in fig.questions if f.id == qid)


def businesscase_results(q: Questionnaire, fig: RoundFigures, k: int) -> BusinesscaseResult | None:
    """The business case from a round's figures, or None when the figures have no groups (a purged round: its
    summary keeps the result instead). The invitation groups are ``fig.breakdowns[0]``."""
    b = q.businesscase
    assert b is not None  # only asked of a questionnaire with a businesscase block
    yearly_q, one_off_q = _question(fig, b.yearly), _question(fig, b.one_off)
    if not yearly_q.breakdowns or not one_off_q.breakdowns:
        return None
    groups_bd = fig.breakdowns[0]
    hide_all = not enough(fig.n, k)
    forced = np.ones(len(groups_bd.keys), bool) if hide_all else suppress(groups_bd.counts, k)
    cells = []
    for f in (yearly_q, one_off_q):
        gf = f.breakdowns[0]
        cells.append((gf, shown_cells(gf.n, k, forced, not hide_all and enough(int(f.total.n[0]), k))[1]))
    rows: list[BusinesscaseGroup] = []
    middle, low, high = [], [], []  # per group in the total: (yearly, one_off) medians, cautious, favourable
    for i, key in enumerate(groups_bd.keys):
        shown = [bool(with_figures[i]) for _, with_figures in cells]
        figs: list[NumberFigures | None] = [
            gf.figures[i] if ok and isinstance(gf.figures[i], NumberFigures) else None
            for (gf, _), ok in zip(cells, shown, strict=True)
        ]
        counts = [int(gf.n[i]) if ok else None for (gf, _), ok in zip(cells, shown, strict=True)]
        y, c = figs
        both = y is not None and c is not None and y.median is not None and c.median is not None
        if both:
            assert y is not None and c is not None
            middle.append((y.median, c.median))
            low.append((y.q1, c.q3))
            high.append((y.q3, c.q1))
        given = [n for n in counts if n is not None]
        rows.append(
            BusinesscaseGroup(
                group=key,
                label=groups_bd.labels[i],
                suppressed=not any(shown),
                in_total=both,
                n=min(given) if given else None,
                n_yearly=counts[0],
                n_one_off=counts[1],
                outcome=outcome(
                    y.median if y is not None else None, c.median if c is not None else None, b.horizon_years
                ),
            )
        )
    units = [dict(f.question.unit) if f.question.unit is not None else None for f in (yearly_q, one_off_q)]
    result = BusinesscaseResult(
        b.yearly,
        b.one_off,
        b.horizon_years,
        units[0],
        units[1],
        rows,
        None,
        left_out_groups=len(rows) - len(middle),
    )
    if not middle:
        return result
    for name, pairs in zip(SCENARIOS, (low, middle, high), strict=True):
        values = np.array(pairs, dtype=np.float64)  # groups x (yearly, one_off); None -> NaN
        yearly, _ = stats.estimate_total(values[:, 0])
        one_off, _ = stats.estimate_total(values[:, 1])
        result.scenarios[name] = outcome(yearly, one_off, b.horizon_years)
    m = result.scenarios["middle"]
    result.total = BusinesscaseTotal(m.yearly, m.one_off, m.payback_years, m.net, groups=len(middle))
    return result
