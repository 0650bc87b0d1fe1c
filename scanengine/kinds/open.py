"""An open question: free text up to ``max_length`` characters, stored in the response's JSON column."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from scanengine.kinds.base import OPEN, AnswerError, Kind, Strict, Text
from scanengine.texts import Note

if TYPE_CHECKING:
    from scanengine.definition import Questionnaire

MAX_LENGTH = 10000


class OpenQuestion(Strict):
    kind: ClassVar[str] = "open"
    id: str
    text: Text
    max_length: int = 2000


class Open(Kind):
    name = "open"
    model = OpenQuestion
    segment = OPEN

    def problems(self, question: OpenQuestion, q: Questionnaire, path: str) -> Iterator[tuple[str, Note]]:
        if not 1 <= question.max_length <= MAX_LENGTH:
            yield (
                f"{path}.max_length",
                Note("def_range", {"min": 1, "max": MAX_LENGTH, "got": question.max_length}),
            )

    def check(self, question: OpenQuestion, q: Questionnaire, value: Any) -> str | None:
        """The text without NUL characters, with ``\\n`` line ends and no surrounding white space; empty -> None."""
        if value is None:
            return None
        if not isinstance(value, str):
            raise AnswerError(question.id, "field_not_text")
        text = value.replace("\x00", "").replace("\r\n", "\n").strip()
        if len(text) > question.max_length:
            raise AnswerError(question.id, "field_too_long", length=len(text), max=question.max_length)
        return text or None

    def width(self, question: OpenQuestion, q: Questionnaire) -> int:
        return 0

    def encode(self, question: OpenQuestion, q: Questionnaire, value: str | None) -> bytes:
        return b""  # the text itself goes into the JSON column (scanengine.responses)

    def decode(self, question: OpenQuestion, q: Questionnaire, data: bytes) -> None:
        return None
