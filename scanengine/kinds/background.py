"""A background question: one of its options (role, organisation ...), used to compare groups and by ``show_if``.

Stored as one byte in the background column: 0 no answer, ``i + 1`` the i-th option.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from pydantic import Field

from scanengine.kinds.base import (
    BACKGROUND,
    AnswerError,
    Columns,
    Kind,
    Option,
    Strict,
    Text,
    check_options,
    option_index,
)
from scanengine.texts import Note

if TYPE_CHECKING:
    from scanengine.definition import Questionnaire


class BackgroundQuestion(Strict):
    kind: ClassVar[str] = "background"
    id: str
    text: Text
    breakdown: bool = False
    options: list[Option] = Field(min_length=2)


class Background(Kind):
    name = "background"
    model = BackgroundQuestion
    segment = BACKGROUND

    def texts(self, question: BackgroundQuestion, path: str) -> Iterator[tuple[str, Text]]:
        yield f"{path}.text", question.text
        for j, opt in enumerate(question.options):
            yield f"{path}.options[{j}].label", opt.label

    def problems(
        self, question: BackgroundQuestion, q: Questionnaire, path: str
    ) -> Iterator[tuple[str, Note]]:
        yield from check_options(question, path)

    def choices(self, question: BackgroundQuestion) -> list[tuple[str, Text]]:
        return [(o.id, dict(o.label)) for o in question.options]

    def check(self, question: BackgroundQuestion, q: Questionnaire, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str) or value not in option_index(question):
            raise AnswerError(question.id, "field_invalid_choice")
        return value

    def encode(self, question: BackgroundQuestion, q: Questionnaire, value: str | None) -> bytes:
        return bytes((0 if value is None else option_index(question)[value] + 1,))

    def decode(self, question: BackgroundQuestion, q: Questionnaire, data: bytes) -> str | None:
        return question.options[data[0] - 1].id if data[0] else None

    def columns(self, question: BackgroundQuestion, q: Questionnaire, block: np.ndarray) -> Columns:
        """The option's position (0-based, NaN for none); ``raw`` the stored codes."""
        raw = block[:, 0]
        values = np.where(raw > 0, raw.astype(np.float64) - 1, np.nan)
        return Columns(values=values, answered=raw > 0, dk=np.zeros(raw.shape, bool), raw=raw)


def shown(q: Questionnaire, show_if: Mapping[str, list[str]] | None, background: np.ndarray) -> np.ndarray:
    """Vectorised :meth:`Questionnaire.is_shown` over the background codes (respondents x background
    questions): every question named answered with one of the listed options."""
    mask = np.ones(background.shape[0], dtype=bool)
    for qid, option_ids in (show_if or {}).items():
        j, bq = next((j, bq) for j, bq in enumerate(q.background) if bq.id == qid)
        index = option_index(bq)
        mask &= np.isin(background[:, j], [index[o] + 1 for o in option_ids])
    return mask
