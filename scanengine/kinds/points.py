"""Points: the participant spreads ``total`` points (1..1000) over the options; whole numbers >= 0 that add up to
exactly ``total``, or no answer. One form field per option (``<question>.<option>``). Stored as two bytes per
option (little-endian); all zero means no answer (an answer always adds up to ``total`` >= 1).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
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
from scanengine.stats import points_summary
from scanengine.texts import Note

if TYPE_CHECKING:
    from scanengine.definition import Questionnaire

MAX_TOTAL = 1000


# -- its figures (the analysis' results of one group) ------------------------------------------------------------


@dataclass
class PointsOption:
    id: str
    label: Text
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None
    share: float | None  # of all points given
    share_low: float | None = None  # its 95% interval
    share_high: float | None = None


@dataclass
class PointsFigures(Figures):
    options: list[PointsOption]
    total: int  # the points each respondent spreads

    def export(self) -> dict:
        return {
            "options": [
                {
                    "id": o.id,
                    "mean": o.mean,
                    "sd": o.sd,
                    "ci_low": o.ci_low,
                    "ci_high": o.ci_high,
                    "share": o.share,
                }
                for o in self.options
            ]
        }


class PointsQuestion(Strict):
    kind: Literal["points"]
    id: str
    text: Text
    options: list[Option] = Field(min_length=2)
    total: int = 100
    required: bool = False
    show_if: dict[str, list[str]] | None = None


class Points(SectionKind):
    name = "points"
    figures_type = PointsFigures
    model = PointsQuestion

    def problems(
        self, question: PointsQuestion, q: Questionnaire, path: str
    ) -> Iterator[tuple[str, Note | str]]:
        yield from super().problems(question, q, path)
        if not 1 <= question.total <= MAX_TOTAL:
            yield f"{path}.total", Note("def_range", {"min": 1, "max": MAX_TOTAL, "got": question.total})

    def fields(self, question: PointsQuestion) -> tuple[str, ...]:
        return tuple(f"{question.id}.{o.id}" for o in question.options)

    def check(self, question: PointsQuestion, q: Questionnaire, value: Any) -> dict[str, int] | None:
        """{option: points} for every option (empty fields count as 0) adding up to ``total``; None for none."""
        given = per_option(question, value)
        if given is None:
            return None
        points = {}
        for opt, raw in given.items():
            v = posted_int(raw)
            if v is None or v > question.total:
                raise AnswerError(question.id, "points_whole", total=question.total)
            points[opt] = v
        spent = sum(points.values())
        if spent == 0:
            return None
        if spent != question.total:
            raise AnswerError(question.id, "points_total", total=question.total, spent=spent)
        return {o.id: points.get(o.id, 0) for o in question.options}

    def width(self, question: PointsQuestion, q: Questionnaire) -> int:
        return 2 * len(question.options)

    def encode(self, question: PointsQuestion, q: Questionnaire, value: Mapping[str, int] | None) -> bytes:
        value = value or {}
        return np.array([value.get(o.id, 0) for o in question.options], dtype="<u2").tobytes()

    def decode(self, question: PointsQuestion, q: Questionnaire, data: bytes) -> dict[str, int] | None:
        points = np.frombuffer(data, dtype="<u2")
        if not points.any():
            return None
        return {o.id: int(p) for o, p in zip(question.options, points, strict=True)}

    def columns(self, question: PointsQuestion, q: Questionnaire, block: np.ndarray) -> Columns:
        """Respondents x options: the points given (0 included), NaN for respondents who gave none."""
        points = np.ascontiguousarray(block).view("<u2").astype(np.float64)
        answered = points.sum(axis=1) > 0
        values = np.where(answered[:, None], points, np.nan)
        return Columns(values=values, answered=answered, dk=np.zeros(len(block), bool))

    def statistics(
        self, question: PointsQuestion, q: Questionnaire, columns: Columns, groups: np.ndarray, n_groups: int
    ) -> GroupFigures:
        """Mean, SD, t interval and share of the total per option (:func:`stats.group_points_summary`)."""

        s = stats.group_points_summary(columns.values, groups, n_groups)
        figures = [
            PointsFigures(
                [
                    PointsOption(
                        o.id,
                        dict(o.label),
                        num(s.mean[g, j]),
                        num(s.sd[g, j]),
                        num(s.ci_low[g, j]),
                        num(s.ci_high[g, j]),
                        num(s.share[g, j]),
                        num(s.share_low[g, j]),
                        num(s.share_high[g, j]),
                    )
                    for j, o in enumerate(question.options)
                ],
                question.total,
            )
            for g in range(n_groups)
        ]
        return GroupFigures(np.asarray(s.n, np.int64), np.zeros(n_groups, np.int64), figures)

    def synthesize(self, question: PointsQuestion, q: Questionnaire, people: Population) -> np.ndarray:
        """Each respondent spreads the points by their latent preference for the options (the utility their
        ranking reads): shares ``softmax(1.2 · utility)``, whole points adding up exactly (a multinomial draw)."""
        n, k = people.n, len(question.options)
        utility = people.preference([o.id for o in question.options]) + people.rng.normal(0.0, 0.3, (n, k))
        weight = np.exp(1.2 * (utility - utility.max(axis=1, keepdims=True))) if n else np.zeros((0, k))
        shares = weight / weight.sum(axis=1, keepdims=True) if n else weight
        points = people.rng.multinomial(question.total, shares) if n else np.zeros((0, k), np.int64)
        points[self.skip(question, people)] = 0
        return np.ascontiguousarray(points.astype("<u2")).view(np.uint8).reshape(n, 2 * k)

    def live_summary(
        self, question: PointsQuestion, q: Questionnaire, values: list[Any]
    ) -> LiveSummary | None:
        """The mean points per option (bars as a share of the total to spread), in the definition's order."""
        s = points_summary(self.live_columns(question, q, values).values)
        bars = tuple(
            LiveBar(
                dict(opt.label),
                float(np.nan_to_num(s.mean[i])) / question.total,
                Note("live_points_bar", {"mean": float(np.nan_to_num(s.mean[i])), "total": question.total}),
            )
            for i, opt in enumerate(question.options)
        )
        return LiveSummary(int(s.n), bars)
