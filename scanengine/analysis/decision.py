"""The decision aid of a round: a definition's ``decision`` block (scanengine.decision) applied to its answers.

Per respondent who gave weights, the weighted value of every alternative not ruled out, and the respondent's
order of the alternatives (ruled-out ones tie for the last places); per alternative its **mean rank** over all
those respondents (the order everywhere: :func:`ranked`), the mean value with its 95% interval over those who
kept it, the share for whom it is best (ties split), the share that ruled it out (more than half:
:func:`ruled_out_by_majority`, never called the outcome); Kendall's W over the respondents' orderings; the
stability of the top alternative (by mean rank) under perturbed weights; the same per group of every breakdown
under the k rule with complementary suppression (:mod:`.suppression`). Every figure comes from
:mod:`scanengine.stats` (``decision_summary``, ``decision_stability``, ``points_summary``); nothing is computed
twice. See docs/architecture.md, "Decision aid".
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field

import numpy as np

from scanengine import cache, stats
from scanengine.analysis.agreement import agreement_level
from scanengine.analysis.compute import _breakdowns, num
from scanengine.analysis.results import Text
from scanengine.analysis.suppression import enough, suppress
from scanengine.definition import Questionnaire
from scanengine.responses import RoundData

#: share of perturbations in which the top stays on top from which the outcome is "firm" / "fairly firm"
FIRM_STRONG, FIRM_MODERATE = 0.9, 0.7


def agreement_key(w: float) -> str:
    """The catalogue key of the sentence for Kendall's W (the one rule: :func:`.agreement.agreement_level`)."""
    return f"decision.agreement.{agreement_level(w)}"


def firmness_key(share: float) -> str:
    """The catalogue key of the sentence for the stability share."""
    level = "strong" if share >= FIRM_STRONG else "moderate" if share >= FIRM_MODERATE else "weak"
    return f"decision.firm.{level}"


#: an alternative ruled out by more than this share of the respondents is never called the outcome
MAJORITY = 0.5


def ranked(alternatives: list) -> list:
    """Alternatives by mean rank, best (lowest) first; equal mean ranks and alternatives without one (the k rule)
    keep the definition's order, the latter after the others. The one order of the decision (SPEC section 12:
    the report, the results page, the export's ``ranking`` and the stability's top)."""
    with_rank = sorted((a for a in alternatives if a.mean_rank is not None), key=lambda a: a.mean_rank)
    return with_rank + [a for a in alternatives if a.mean_rank is None]


def ruled_out_by_majority(share_ruled_out: float | None) -> bool:
    """Did more than half of the respondents rule the alternative out (:data:`MAJORITY`)?"""
    return share_ruled_out is not None and share_ruled_out > MAJORITY


@dataclass
class DecisionAlternative:
    """One alternative over a set of respondents (the round, or one group) who gave weights.

    ``mean_rank`` is over all of them (lower is better; the order of the alternatives); ``mean`` and its
    interval are the mean value over those who kept the alternative (did not rule it out), None when fewer
    than k kept it. ``mean_rank`` and the shares are None when the set itself is hidden by the k rule.
    """

    id: str
    label: Text
    n: int  # respondents who gave weights and did not rule it out (the base of ``mean``)
    mean_rank: float | None  # over every respondent who gave weights: ruled out = tied for the last places
    mean: float | None  # mean value over the ``n`` who kept it
    ci_low: float | None
    ci_high: float | None
    share_best: float | None
    share_ruled_out: float | None

    @property
    def ruled_out_by_majority(self) -> bool:
        """More than half ruled it out: never the outcome, whatever its mean value (:func:`ruled_out_by_majority`)."""
        return ruled_out_by_majority(self.share_ruled_out)


@dataclass
class Agreement:
    """Kendall's W over the respondents' orderings of the alternatives (ruled-out ones tie for the last places)."""

    w: float | None
    chi2: float | None
    df: int
    p: float | None


@dataclass
class Stability:
    """The share of perturbations of every respondent's weights in which the top alternative stays on top."""

    top: str | None  # alternative id
    share: float | None
    perturbations: int
    concentration: float
    seed: int


@dataclass
class DecisionGroup:
    """One group of one breakdown. Suppressed: ``n`` and every figure are None."""

    breakdown: str
    key: str
    label: Text
    n: int | None
    suppressed: bool
    alternatives: list[DecisionAlternative] | None = None
    weights: list[float] | None = None  # per criterion: its share of all points the group gave
    agreement: Agreement | None = None


@dataclass
class DecisionResult:
    """The decision aid of a round (``Results.decision``); None figures where the k rule hides them."""

    n: int | None  # respondents who gave weights
    alternatives: list[DecisionAlternative]  # in the order of the definition
    ranking: list[str]  # alternative ids by mean rank, best first (:func:`ranked`; empty below k)
    criteria: list[tuple[str, Text]]
    weights: list[float] | None  # per criterion: its share of all points given
    agreement: Agreement | None
    stability: Stability | None
    groups: list[DecisionGroup] = field(default_factory=list)

    @property
    def ranked(self) -> list[DecisionAlternative]:
        """The alternatives in the order of :attr:`ranking` (by mean rank, best first)."""
        return ranked(self.alternatives)

    @property
    def ruled_out_by_majority(self) -> list[DecisionAlternative]:
        """The alternatives more than half of the respondents ruled out, in the order of :attr:`ranking`."""
        return [a for a in self.ranked if a.ruled_out_by_majority]


def inputs(q: Questionnaire, data: RoundData) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(weights respondents x criteria, scores alternatives x criteria, ruled-out respondents x alternatives).

    Weights are the points question's columns in the order of the criteria (NaN where no points were given); an
    alternative is ruled out for a respondent who chose any knock-out option that excludes it.
    """
    d = q.decision
    assert d is not None  # only asked of a questionnaire with a decision block
    wq = data.columns(d.weights)
    question = next(e.question for e in q.entries if e.question.id == d.weights)
    position = {o.id: j for j, o in enumerate(question.options)}
    weights = wq.values[:, np.array([position[c.id] for c in d.criteria], dtype=np.intp)]
    scores = np.asarray(d.score_matrix(), dtype=np.float64)
    alt = {a.id: i for i, a in enumerate(d.alternatives)}
    out = np.zeros((data.n, len(d.alternatives)), dtype=np.bool_)
    for ko in d.knockouts:
        cols = data.columns(ko.question)
        kq = next(e.question for e in q.entries if e.question.id == ko.question)
        opts = [j for j, o in enumerate(kq.options) if o.id in ko.options]
        chosen = np.any(np.nan_to_num(cols.values[:, opts], nan=0.0) > 0, axis=1)
        for aid in ko.excludes:
            out[:, alt[aid]] |= chosen
    return weights, scores, out


def _alternatives(q: Questionnaire, s: stats.DecisionSummary, g: int, k: int) -> list[DecisionAlternative]:
    assert q.decision is not None  # only asked of a questionnaire with a decision block
    out = []
    for i, a in enumerate(q.decision.alternatives):
        n_valued = int(s.n_valued[g, i])
        show = enough(n_valued, k)
        out.append(
            DecisionAlternative(
                a.id,
                dict(a.label),
                n_valued,
                mean_rank=num(s.mean_rank[g, i]),
                mean=num(s.mean[g, i]) if show else None,
                ci_low=num(s.ci_low[g, i]) if show else None,
                ci_high=num(s.ci_high[g, i]) if show else None,
                share_best=num(s.share_best[g, i]),
                share_ruled_out=num(s.share_ruled_out[g, i]),
            )
        )
    return out


def _agreement(s: stats.DecisionSummary, g: int) -> Agreement:
    return Agreement(num(s.w[g]), num(s.chi2[g]), int(s.df[g]), num(s.p[g]))


def inputs_sha256(weights: np.ndarray, scores: np.ndarray, out: np.ndarray) -> str:
    """The SHA-256 of the decision's inputs (weights, scores, knock-outs): what a kept stability was computed
    from, so it is reused only for exactly the same answers."""
    digest = hashlib.sha256()
    for a in (np.nan_to_num(weights), scores, out):
        a = np.ascontiguousarray(a)
        digest.update(f"{a.dtype}{a.shape}".encode())
        digest.update(a.tobytes())
    return digest.hexdigest()


def _stability(
    weights: np.ndarray, scores: np.ndarray, out: np.ndarray, digest: str, ids: list[str]
) -> Stability:
    """:func:`stats.decision_stability` as the results carry it (``ids``: the alternatives' ids), kept in the
    page cache by the SHA-256 of its inputs: it draws perturbations x respondents x criteria gamma variates
    (seconds for 20,000 respondents), and an open round's page, its PDFs and its export ask for it again and
    again. A closed round has it in its summary."""

    def compute() -> Stability:
        st = stats.decision_stability(weights, scores, out)
        top = ids[st.top] if st.top >= 0 else None
        return Stability(top, num(st.share), st.n_perturbations, st.concentration, st.seed)

    return cache.active().get("stability", f"{digest}:{','.join(ids)}", compute)


@dataclass
class KeptDecision:
    """What a closed round's summary keeps of its decision (:mod:`.summary`): the whole-round figures under the
    k rule (groups left out, as for the questions of sections; the stability computed once, at the close) and the
    SHA-256 of the inputs they came from. A closed round reuses the stability while its answers are the same;
    a purged round shows these figures without groups."""

    inputs_sha256: str
    result: DecisionResult


def decision_results(
    q: Questionnaire, data: RoundData, groups: list, k: int, *, kept: KeptDecision | None = None
) -> DecisionResult:
    """The decision figures of a round under the k rule (:func:`kept_decision` with its digest)."""
    return _decision(q, data, groups, k, kept)[1].result


def kept_decision(q: Questionnaire, data: RoundData, groups: list, k: int) -> KeptDecision:
    """The decision of a round as its summary keeps it: computed now (the stability too), groups left out."""
    digest, full = _decision(q, data, groups, k, None)
    return KeptDecision(digest, dataclasses.replace(full.result, groups=[]))


def _decision(
    q: Questionnaire, data: RoundData, groups: list, k: int, kept: KeptDecision | None
) -> tuple[str, KeptDecision]:
    """The decision figures of a round under the k rule, and the SHA-256 of their inputs.

    The breakdowns are the round's own (invitation groups, then background questions marked ``breakdown``); a
    group the breakdown hides (fewer than k respondents, or its complement) stays hidden here, and so does a
    group with fewer than k respondents who gave weights, with complementary suppression within its breakdown.
    Fewer than k respondents with weights in the round: no figure at all. The stability comes from ``kept`` when
    it was computed from the same inputs (a closed round's summary), else it is computed now.
    """
    d = q.decision
    assert d is not None  # only asked of a questionnaire with a decision block
    breakdowns, codes = _breakdowns(q, data, groups)
    hidden = [suppress(b.counts, k) for b in breakdowns]
    weights, scores, out = inputs(q, data)
    digest = inputs_sha256(weights, scores, out)
    criteria = [(c.id, dict(c.label)) for c in d.criteria]
    whole = stats.group_decision_summary(weights, scores, out, None, 1)
    n = int(whole.n[0])
    if not enough(n, k):
        empty = [
            DecisionAlternative(a.id, dict(a.label), 0, None, None, None, None, None, None)
            for a in d.alternatives
        ]
        result = DecisionResult(
            None,
            empty,
            [],
            criteria,
            None,
            None,
            None,
            [
                DecisionGroup(b.id, key, b.labels[i], None, True)
                for b in breakdowns
                for i, key in enumerate(b.keys)
            ],
        )
        return digest, KeptDecision(digest, result)
    alternatives = _alternatives(q, whole, 0, k)
    ranking = [a.id for a in ranked(alternatives)]
    pts = stats.group_points_summary(weights, None, 1)
    if kept is not None and kept.inputs_sha256 == digest and kept.result.stability is not None:
        stability = kept.result.stability
    else:
        stability = _stability(weights, scores, out, digest, [a.id for a in d.alternatives])
    rows: list[DecisionGroup] = []
    for b, code, bd_hidden in zip(breakdowns, codes, hidden, strict=True):
        gs = stats.group_decision_summary(weights, scores, out, code, len(b.keys))
        gp = stats.group_points_summary(weights, code, len(b.keys))
        hide = suppress(gs.n, k, bd_hidden)
        for i, key in enumerate(b.keys):
            if hide[i] or not gs.n[i]:
                rows.append(DecisionGroup(b.id, key, b.labels[i], None if hide[i] else 0, bool(hide[i])))
                continue
            rows.append(
                DecisionGroup(
                    b.id,
                    key,
                    b.labels[i],
                    int(gs.n[i]),
                    False,
                    _alternatives(q, gs, i, k),
                    [float(v) for v in gp.share[i]],
                    _agreement(gs, i),
                )
            )
    result = DecisionResult(
        n,
        alternatives,
        ranking,
        criteria,
        [float(v) for v in pts.share[0]],
        _agreement(whole, 0),
        stability,
        rows,
    )
    return digest, KeptDecision(digest, result)
