"""A ranking: the participant ranks the ``top`` best options (default: all) 1..top, each rank used once; an
answer ranks exactly ``top`` distinct options, or none. One form field per option (``<question>.<option>``, a
select: no drag-and-drop needed). Stored as one byte per option: its rank, 0 when not ranked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import Field

from scanengine import stats
from scanengine.kinds.base import (
    AnswerError,
    Columns,
    Figures,
    GroupFigures,
    LiveBar,
    LiveSummary,
    Option,
    Population,
    SectionKind,
    Strict,
    Text,
    num,
    per_option,
    posted_int,
)
from scanengine.stats import ranking_summary
from scanengine.texts import Note

if TYPE_CHECKING:
    from scanengine.definition import Questionnaire


# -- its figures (the analysis' results of one group) ------------------------------------------------------------


@dataclass
class Agreement:
    """Kendall's W (tie-corrected) over the respondents' rankings, with Friedman's chi-square, df and p."""

    w: float | None
    chi2: float | None
    df: int | None
    p: float | None


@dataclass
class RankingOption:
    id: str
    label: Text
    mean_rank: float | None  # unranked options tie for the places left
    points: float | None  # live-poll points: rank r of n options earns n - r + 1, unranked 0
    share_first: float | None
    share_top: float | None  # share that ranked the option at all


@dataclass
class RankingFigures(Figures):
    options: list[RankingOption]
    agreement: Agreement

    def export(self) -> dict:
        return {
            "options": [
                {
                    "id": o.id,
                    "mean_rank": o.mean_rank,
                    "points": o.points,
                    "share_first": o.share_first,
                    "share_top": o.share_top,
                }
                for o in self.options
            ],
            "agreement": asdict(self.agreement),
        }


class RankingQuestion(Strict):
    kind: Literal["ranking"]
    id: str
    text: Text
    options: list[Option] = Field(min_length=2)
    top: int | None = None
    required: bool = False
    show_if: dict[str, list[str]] | None = None


def top_of(question: RankingQuestion) -> int:
    return len(question.options) if question.top is None else question.top


class Ranking(SectionKind):
    name = "ranking"
    figures_type = RankingFigures
    model = RankingQuestion

    def problems(
        self, question: RankingQuestion, q: Questionnaire, path: str
    ) -> Iterator[tuple[str, Note | str]]:
        yield from super().problems(question, q, path)
        if question.top is not None and not 1 <= question.top <= len(question.options):
            yield (
                f"{path}.top",
                Note("def_options_range", {"max": len(question.options), "got": question.top}),
            )

    def fields(self, question: RankingQuestion) -> tuple[str, ...]:
        return tuple(f"{question.id}.{o.id}" for o in question.options)

    def check(self, question: RankingQuestion, q: Questionnaire, value: Any) -> dict[str, int] | None:
        """{option: rank} with ranks 1..top each used once and exactly ``top`` options ranked; None for none."""
        given = per_option(question, value)
        if given is None:
            return None
        top = top_of(question)
        ranks: dict[str, int] = {}
        for opt, raw in given.items():
            rank = posted_int(raw)
            if rank is None or not 1 <= rank <= top:
                raise AnswerError(question.id, "ranking_rank_range", top=top)
            if rank in ranks.values():
                raise AnswerError(question.id, "ranking_rank_twice", rank=rank)
            ranks[opt] = rank
        if len(ranks) != top:
            raise AnswerError(question.id, "ranking_count", n=top, top=top)
        return {o.id: ranks[o.id] for o in question.options if o.id in ranks}

    def width(self, question: RankingQuestion, q: Questionnaire) -> int:
        return len(question.options)

    def encode(self, question: RankingQuestion, q: Questionnaire, value: Mapping[str, int] | None) -> bytes:
        value = value or {}
        return bytes(value.get(o.id, 0) for o in question.options)

    def decode(self, question: RankingQuestion, q: Questionnaire, data: bytes) -> dict[str, int] | None:
        out = {o.id: rank for o, rank in zip(question.options, data, strict=True) if rank}
        return out or None

    def columns(self, question: RankingQuestion, q: Questionnaire, block: np.ndarray) -> Columns:
        """Respondents x options: the rank given, NaN where an option was not ranked (or nothing was)."""
        values = np.where(block > 0, block, np.nan).astype(np.float64)
        answered = np.any(block > 0, axis=1)
        return Columns(values=values, answered=answered, dk=np.zeros(len(block), bool), raw=block)

    def statistics(
        self, question: RankingQuestion, q: Questionnaire, columns: Columns, groups: np.ndarray, n_groups: int
    ) -> GroupFigures:
        """Mean rank, points, share first, share in the top and Kendall's W (:func:`stats.group_ranking_summary`)."""

        s = stats.group_ranking_summary(columns.values, groups, n_groups, top_of(question))
        figures = [
            RankingFigures(
                [
                    RankingOption(
                        o.id,
                        dict(o.label),
                        num(s.mean_rank[g, j]),
                        num(s.points[g, j]),
                        num(s.share_first[g, j]),
                        num(s.share_top[g, j]),
                    )
                    for j, o in enumerate(question.options)
                ],
                Agreement(
                    num(s.w[g]), num(s.chi2[g]), None if num(s.df[g]) is None else int(s.df[g]), num(s.p[g])
                ),
            )
            for g in range(n_groups)
        ]
        return GroupFigures(np.asarray(s.n, np.int64), np.zeros(n_groups, np.int64), figures)

    def synthesize(self, question: RankingQuestion, q: Questionnaire, people: Population) -> np.ndarray:
        """Each respondent ranks by their latent preference for the options (:meth:`Population.preference`, the
        same utility their points and matrix answers read) with a little noise of the moment (a Thurstone model);
        the ``top`` best get 1..top."""
        n, k, top = people.n, len(question.options), top_of(question)
        utility = people.preference([o.id for o in question.options]) + people.rng.normal(0.0, 0.3, (n, k))
        order = np.argsort(-utility, axis=1)
        out = np.zeros((n, k), np.uint8)
        rows = np.arange(n)[:, None]
        out[rows, order[:, :top]] = np.arange(1, top + 1, dtype=np.uint8)[None, :]
        out[self.skip(question, people)] = 0
        return out

    def live_summary(
        self, question: RankingQuestion, q: Questionnaire, values: list[Any]
    ) -> LiveSummary | None:
        """Points per option as on a live poll (rank r of n earns n - r + 1), longest first, with the mean rank;
        the room's agreement on the order (Kendall's W) in the sentence below."""
        s = ranking_summary(self.live_columns(question, q, values).values, top_of(question))
        most = float(np.nanmax(s.points)) if len(s.points) and np.isfinite(np.nanmax(s.points)) else 0.0
        order = np.argsort(-np.nan_to_num(s.points, nan=-1.0), kind="stable")
        bars = tuple(
            LiveBar(
                dict(question.options[i].label),
                float(s.points[i]) / most if most > 0 else 0.0,
                Note("live_ranking_bar", {"points": float(s.points[i]), "rank": float(s.mean_rank[i])}),
            )
            for i in order
        )
        note = None if np.isnan(s.w) else Note("live_ranking_w", {"w": float(s.w)})
        return LiveSummary(int(s.n), bars, note)
