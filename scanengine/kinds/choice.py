"""A choice: one option (``max_choices`` 1, the default) or up to ``max_choices``; ``dk`` when the question offers
"don't know". One form field (``<question>``), repeated for several choices. Stored as one byte per option:
1 chosen, 0 not; every byte :data:`scanengine.stats.DK` for "don't know".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import Field

from scanengine import stats
from scanengine.kinds.base import (
    DONT_KNOW,
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
    group_counts,
    num,
    option_index,
)
from scanengine.stats import DK, choice_summary
from scanengine.texts import Note, t

if TYPE_CHECKING:
    from scanengine.definition import Questionnaire


# -- its figures (the analysis' results of one group) ------------------------------------------------------------


@dataclass
class ChoiceOption:
    id: str
    label: Text
    count: int | None
    share: float | None  # of the respondents who chose (a multiple choice may add up to more than 1)
    ci_low: float | None  # Wilson 95%
    ci_high: float | None


@dataclass
class ChoiceFigures(Figures):
    options: list[ChoiceOption]
    max_choices: int = 1

    def export(self) -> dict:
        return {
            "options": [
                {"id": o.id, "count": o.count, "share": o.share, "ci_low": o.ci_low, "ci_high": o.ci_high}
                for o in self.options
            ]
        }


class ChoiceQuestion(Strict):
    kind: Literal["choice"]
    id: str
    text: Text
    options: list[Option] = Field(min_length=2)
    max_choices: int = 1
    dont_know: bool = False
    required: bool = False
    show_if: dict[str, list[str]] | None = None


class Choice(SectionKind):
    name = "choice"
    figures_type = ChoiceFigures
    model = ChoiceQuestion
    flags = True

    def problems(
        self, question: ChoiceQuestion, q: Questionnaire, path: str
    ) -> Iterator[tuple[str, Note | str]]:
        yield from super().problems(question, q, path)
        if not 1 <= question.max_choices <= len(question.options):
            yield (
                f"{path}.max_choices",
                Note("def_options_range", {"max": len(question.options), "got": question.max_choices}),
            )

    def check(self, question: ChoiceQuestion, q: Questionnaire, value: Any) -> tuple[str, ...] | str | None:
        """Posted option ids (one value or a list) -> the chosen ids in option order, ``dk`` alone, or None."""
        values = (
            [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else None
        )
        if values is None:
            if value is None:
                return None
            raise AnswerError(question.id, "field_invalid_choice")
        values = [v for v in values if v not in (None, "")]
        if not values:
            return None
        if DONT_KNOW in values:
            if not question.dont_know:
                raise AnswerError(question.id, "field_invalid_choice")
            if len(values) > 1:
                raise AnswerError(question.id, "choice_dk_alone")
            return DONT_KNOW
        index = option_index(question)
        if any(not isinstance(v, str) or v not in index for v in values):
            raise AnswerError(question.id, "field_invalid_choice")
        chosen = set(values)
        if len(chosen) > question.max_choices:
            raise AnswerError(
                question.id, "choice_too_many", n=question.max_choices, max=question.max_choices
            )
        return tuple(o.id for o in question.options if o.id in chosen)

    def width(self, question: ChoiceQuestion, q: Questionnaire) -> int:
        return len(question.options)

    def encode(
        self, question: ChoiceQuestion, q: Questionnaire, value: tuple[str, ...] | str | None
    ) -> bytes:
        if value == DONT_KNOW:
            return bytes([DK]) * len(question.options)
        chosen = set(value or ())
        return bytes(1 if o.id in chosen else 0 for o in question.options)

    def decode(self, question: ChoiceQuestion, q: Questionnaire, data: bytes) -> tuple[str, ...] | str | None:
        if data[0] == DK:
            return DONT_KNOW
        chosen = tuple(o.id for o, flag in zip(question.options, data, strict=True) if flag)
        return chosen or None

    def columns(self, question: ChoiceQuestion, q: Questionnaire, block: np.ndarray) -> Columns:
        """Respondents x options: 1.0 chosen, 0.0 not, NaN for respondents without a choice (or "don't know")."""
        dk = block[:, 0] == DK if block.shape[1] else np.zeros(len(block), bool)
        chosen = (block == 1).astype(np.float64)
        answered = chosen.any(axis=1)
        values = np.where(answered[:, None], chosen, np.nan)
        return Columns(values=values, answered=answered | dk, dk=dk, raw=block)

    def statistics(
        self, question: ChoiceQuestion, q: Questionnaire, columns: Columns, groups: np.ndarray, n_groups: int
    ) -> GroupFigures:
        """Count, share and Wilson interval per option (:func:`stats.group_choice_summary`); don't know apart."""

        s = stats.group_choice_summary(columns.values, groups, n_groups)
        figures = [
            ChoiceFigures(
                [
                    ChoiceOption(
                        o.id,
                        dict(o.label),
                        int(s.count[g, j]),
                        num(s.share[g, j]),
                        num(s.ci_low[g, j]),
                        num(s.ci_high[g, j]),
                    )
                    for j, o in enumerate(question.options)
                ],
                question.max_choices,
            )
            for g in range(n_groups)
        ]
        return GroupFigures(np.asarray(s.n, np.int64), group_counts(columns.dk, groups, n_groups), figures)

    def synthesize(self, question: ChoiceQuestion, q: Questionnaire, people: Population) -> np.ndarray:
        """Each respondent picks 1..max_choices of the options they prefer (their latent preference, shared with
        other questions that offer the same ids; a choice of two options, such as yes / no, is the question's
        own), with noise of the moment; about 5% "don't know" where offered, 5% skipped."""
        n, k, m = people.n, len(question.options), question.max_choices
        ids = [o.id for o in question.options]
        base = people.preference(ids) if k >= 3 else people.preference(ids, scope=question.id)
        utility = base + 0.7 * people.rng.gumbel(size=(n, k))
        order = np.argsort(-utility, axis=1)
        count = people.rng.integers(1, m + 1, n)
        out = np.zeros((n, k), np.uint8)
        for j in range(m):
            rows = np.flatnonzero(count > j)
            out[rows, order[rows, j]] = 1
        u = people.rng.random(n)
        if question.dont_know:
            out[u < 0.05] = DK
        if not question.required:
            out[(u >= 0.05) & (u < 0.10)] = 0
        return out

    def live_summary(
        self, question: ChoiceQuestion, q: Questionnaire, values: list[Any]
    ) -> LiveSummary | None:
        """The share of the participants who answered that chose each option (and "don't know"), as bars."""
        cols = self.live_columns(question, q, values)
        answered = int(cols.answered.sum())
        s = choice_summary(np.nan_to_num(cols.values[cols.answered], nan=0.0))
        shares = [float(c) / answered if answered else 0.0 for c in s.count]
        labels = [dict(opt.label) for opt in question.options]
        if question.dont_know:
            shares.append(float(cols.dk.sum()) / answered if answered else 0.0)
            labels.append({lang: t(lang, "dk") for lang in q.languages})
        bars = tuple(
            LiveBar(label, share, Note("live_share", {"pct": 100 * share}))
            for label, share in zip(labels, shares, strict=True)
        )
        return LiveSummary(answered, bars)
