"""The aggregate kept per closed round (``Round.summary``): one versioned :class:`RoundSummary` model.

It is what other rounds read as their benchmark (one small JSON per round instead of re-analysing every round's
raw answers), what the benchmark export shares, what the admin pages count, and what survives a purge of the raw
answers (a purged round is analysed from it, :meth:`RoundSummary.figures`). Its figures are unsuppressed (the
summary is internal); whoever shows or shares one applies the k rule (:mod:`scanengine.analysis.suppression`),
except the decision's and the business case's, which are kept as the results show them (the k rule applied; the
decision without groups).
See docs/architecture.md, "Summaries".

Versions (:data:`SUMMARY_VERSION`); a summary of an older version stays readable, every part it lacks is empty:

* 1: n, k, per dimension n/mean/SD, per statement n/mean, responses per invitation group;
* 2: + the questions of sections (whole round);
* 3: + the decision (whole round, with its stability: computed once, at the close, because it takes seconds);
* 4: + the business case (as the results show it: per group under the k rule, the total, the scenarios).

A closed round whose raw answers are still there gets a summary of the current version when one is asked for
(:func:`summary_of`); a purged round keeps the one it has, so a purge before version 3 leaves no decision and one
before version 4 no business case.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlmodel import Session

from scanengine import kinds, stats
from scanengine import rounds as _rounds
from scanengine.analysis.businesscase import BusinesscaseResult, businesscase_results
from scanengine.analysis.compute import (
    BreakdownFigures,
    DimensionFigures,
    ItemFigures,
    RoundFigures,
    SectionFigures,
    compute,
    figures,
    fixed_text,
    num,
)
from scanengine.analysis.decision import DecisionResult, KeptDecision, kept_decision
from scanengine.analysis.results import FIGURE_TYPES, GROUP_BREAKDOWN, plain, rebuild
from scanengine.analysis.suppression import enough
from scanengine.definition import Questionnaire
from scanengine.kinds.base import GroupFigures
from scanengine.models import STATUS_CLOSED, Round, stored_id
from scanengine.responses import load_round_data

SUMMARY_VERSION = 4  #: the versions are listed in the module docstring


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class DimensionSummary(_Model):
    mean: float | None = None
    n: int = 0
    sd: float | None = None


class ItemSummary(_Model):
    mean: float | None = None
    n: int = 0


class QuestionSummary(_Model):
    """A question of a section over the whole round: n, don't know, shown-to and its figures (plain data)."""

    n: int = 0
    dk: int = 0
    shown: int | None = None
    type: str | None = None  # the figures' class in scanengine.analysis.results
    figures: dict | None = None


class DecisionKept(_Model):
    """The decision as kept (version 3): the SHA-256 of its inputs and the whole-round figures (plain data of
    :class:`scanengine.analysis.decision.DecisionResult`, groups left out)."""

    inputs_sha256: str
    figures: dict

    @classmethod
    def of(cls, kept: KeptDecision) -> DecisionKept:
        return cls(inputs_sha256=kept.inputs_sha256, figures=plain(kept.result))

    def decision(self) -> KeptDecision:
        """The kept figures as the analysis' objects again."""
        return KeptDecision(self.inputs_sha256, rebuild(DecisionResult, self.figures))


class GroupSummary(_Model):
    id: int
    name: str = ""
    responses: int = 0


class RoundSummary(_Model):
    """The stored summary (the versions are in the module docstring)."""

    version: int = 0  # a summary without a version is recomputed (see summary_of)
    questionnaire_id: str | None = None
    questionnaire_version: str | None = None
    definition_sha256: str | None = None
    points: int | None = None
    n: int = 0
    k: int = 0
    closed_at: str | None = None
    dimensions: dict[str, DimensionSummary] = {}
    items: dict[str, ItemSummary] = {}
    group_counts: list[GroupSummary] = []
    questions: dict[str, QuestionSummary] = {}
    decision: DecisionKept | None = None
    businesscase: dict | None = None  # plain data of BusinesscaseResult

    def kept_businesscase(self) -> BusinesscaseResult | None:
        """The kept business case as the analysis' object again (None before version 4)."""
        return rebuild(BusinesscaseResult, self.businesscase) if self.businesscase is not None else None

    @classmethod
    def of(cls, rnd: Round) -> RoundSummary | None:
        """The round's stored summary, or None when it has none (or one this version cannot read)."""
        if not rnd.summary:
            return None
        try:
            return cls.model_validate(rnd.summary)
        except ValidationError:
            return None

    @classmethod
    def current(cls, rnd: Round) -> RoundSummary | None:
        """The round's stored summary when it is of this version (else None: it is to be computed again)."""
        kept = cls.of(rnd)
        return kept if kept is not None and kept.version == SUMMARY_VERSION else None

    @classmethod
    def from_figures(
        cls, rnd: Round, q: Questionnaire, fig: RoundFigures, decision: KeptDecision | None = None
    ) -> RoundSummary:
        """The summary of a round's figures (and of its decision and business case, when the definition has
        them)."""
        case = businesscase_results(q, fig, rnd.min_group_size) if q.businesscase is not None else None
        counts = dict(zip(fig.group_ids, (int(c) for c in fig.breakdowns[0].counts), strict=True))
        return cls(
            version=SUMMARY_VERSION,
            questionnaire_id=q.id,
            questionnaire_version=q.version,
            definition_sha256=rnd.definition_sha256,
            points=q.scale.points if q.scale else None,
            n=fig.n,
            k=rnd.min_group_size,
            closed_at=rnd.closed_at.isoformat() if rnd.closed_at else None,
            dimensions={
                dim.id: DimensionSummary(mean=f.mean, n=f.n, sd=f.sd)
                for dim, f in zip(q.dimensions, fig.dimensions, strict=True)
            },
            items={
                item.id: ItemSummary(mean=f.mean, n=f.n) for item, f in zip(q.items, fig.items, strict=True)
            },
            group_counts=[
                GroupSummary(id=gid, name=name, responses=counts.get(gid, 0))
                for gid, name in zip(fig.group_ids, fig.breakdowns[0].keys, strict=True)
            ],
            questions={
                f.id: QuestionSummary(
                    n=int(f.total.n[0]),
                    dk=int(f.total.dk[0]),
                    shown=f.shown,
                    type=type(f.total.figures[0]).__name__,
                    figures=plain(f.total.figures[0]),
                )
                for f in fig.questions
            },
            decision=DecisionKept.of(decision) if decision is not None else None,
            businesscase=plain(case) if case is not None else None,
        )

    def usable_means(self) -> dict[str, float]:
        """Dimension means that may be shown or shared: the round and the dimension have at least k respondents."""
        if not enough(self.n, self.k):
            return {}
        return {d: v.mean for d, v in self.dimensions.items() if v.mean is not None and enough(v.n, self.k)}

    def counts_in_benchmark(self, round_k: int) -> bool:
        """Does this round count in the benchmark: at least k respondents (the summary's k, else the round's)?"""
        return enough(self.n, self.k or round_k)

    def figures(self, q: Questionnaire, groups: list) -> RoundFigures:
        """The figures a purged round still has: n, responses per invitation group, per dimension n, mean, SD and
        the t interval (:func:`stats.t_half_width`), per statement n and mean. The rest needs the raw answers."""
        by_id = {g.id: g.responses for g in self.group_counts}
        counts = np.array([by_id.get(g.id, 0) for g in groups], dtype=np.int64)
        bd = BreakdownFigures(
            GROUP_BREAKDOWN,
            fixed_text(q, "analysis.group_breakdown"),
            [g.name for g in groups],
            [{lang: g.name for lang in q.languages} for g in groups],
            counts,
        )
        items = []
        for item in q.items:
            s = self.items.get(item.id) or ItemSummary()
            items.append(ItemFigures(s.n, s.mean, None))
        dims = []
        for dim in q.dimensions:
            ds = self.dimensions.get(dim.id) or DimensionSummary()
            lo = hi = None
            if ds.mean is not None and ds.sd is not None and ds.n >= 2:
                hw = float(stats.t_half_width(np.asarray(ds.sd, np.float64), np.asarray(ds.n, np.float64)))
                lo, hi = ds.mean - hw, ds.mean + hw
            dims.append(DimensionFigures(ds.n, ds.mean, ds.sd, ci_low=num(lo), ci_high=num(hi)))
        return RoundFigures(
            self.n, [bd], items, dims, None, [g.id for g in groups], purged=True, questions=self._questions(q)
        )

    def _questions(self, q: Questionnaire) -> list[SectionFigures]:
        """The questions of sections as kept: the whole round only (no groups); a question the summary does not
        hold (a summary of version 1) has no figures."""
        out = []
        for section in q.sections:
            for question in section.questions:
                kept = self.questions.get(question.id) or QuestionSummary()
                figures = (
                    rebuild(FIGURE_TYPES[kept.type], kept.figures)
                    if kept.figures is not None and kept.type is not None and kept.type in FIGURE_TYPES
                    else None
                )
                total = GroupFigures(np.array([kept.n]), np.array([kept.dk]), [figures])
                out.append(
                    SectionFigures(
                        question.id, kinds.get(question.kind), question, section.id, kept.shown, total
                    )
                )
        return out


def store_summary(session: Session, rnd: Round) -> dict:
    """Compute and store ``Round.summary`` of a closed round (returned as stored). A purged round keeps its own.

    The summary is made from the same figures as the round's results (:func:`scanengine.analysis.compute.figures`)
    and, for a definition with a decision block, the decision with its stability
    (:func:`scanengine.analysis.decision.kept_decision`): the seconds it takes are spent here, once, at the close.
    """
    if rnd.status != STATUS_CLOSED:
        raise _rounds.RoundError(f"round {rnd.id} is {rnd.status}; only a closed round gets a summary")
    if rnd.purged_at is not None:
        if rnd.summary:
            return rnd.summary
        raise _rounds.RoundError(f"round {rnd.id}: the raw answers are purged and no summary was kept")
    q = _rounds.questionnaire_of(rnd)
    data = load_round_data(session, q, stored_id(rnd))
    groups = _rounds.groups_of(session, stored_id(rnd))
    fig = figures(compute(q, data), groups)
    decision = kept_decision(q, data, groups, rnd.min_group_size) if q.decision is not None else None
    summary = RoundSummary.from_figures(rnd, q, fig, decision).model_dump(mode="json")
    rnd.summary = summary  # reassigned, never edited in place (JSON columns do not track in-place edits)
    session.add(rnd)
    session.flush()
    return summary


def summary_of(session: Session, rnd: Round) -> RoundSummary | None:
    """The summary of a closed round, computed and stored now when it is missing or of another version."""
    kept = RoundSummary.current(rnd)
    if kept is not None:
        return kept
    if rnd.status != STATUS_CLOSED or rnd.purged_at is not None:
        return RoundSummary.of(rnd)
    store_summary(session, rnd)
    return RoundSummary.of(rnd)
