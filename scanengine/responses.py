"""The storage codec of a response, and the bulk read of a round's responses into arrays.

A response has three answer columns (scanengine.models.Response): ``answers`` and ``background`` are bytes, the
concatenation of each of their questions' fixed-width slices in document order (``Questionnaire.layout``; the
width and the bytes come from the question's kind), ``open_answers`` is JSON ``{question id: text}``. A statement
is one byte (``0`` no answer or not shown, ``1..points``, :data:`scanengine.stats.DK` don't know), a background
question one byte (``0`` none, ``i + 1`` the i-th option). Reading a round is one query and one
``numpy.frombuffer`` (docs/architecture.md, "Storage": 0.12 s for 100,000 x 40 answers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select, text
from sqlmodel import Session, col

from scanengine.definition import Questionnaire
from scanengine.kinds.base import ANSWERS, BACKGROUND, AnswerError, Columns
from scanengine.models import Response
from scanengine.stats import DK, MISSING

__all__ = [
    "DK_CODE",
    "NO_ANSWER",
    "AnswerError",
    "RoundData",
    "load_open_answers",
    "load_round_data",
    "pack",
    "pack_answers",
    "pack_background",
    "unpack",
    "unpack_answers",
    "unpack_background",
]

NO_ANSWER = MISSING  # the names the codec's callers know the leaf constants of scanengine.stats by
DK_CODE = DK


def pack(q: Questionnaire, segment: str, values: Mapping[str, Any], *, checked: bool = False) -> bytes:
    """Answers by question id -> the packed ``segment`` column (``answers`` or ``background``).

    Each value is checked by its kind unless ``checked`` says it already was; an unknown id is an error (nothing
    is silently dropped). Questions without a value are stored as "not answered".
    """
    slots = q.layout.get(segment, ())
    out = bytearray(q.width(segment))
    unknown = sorted(set(values) - {slot.entry.question.id for slot in slots})
    if unknown:
        raise AnswerError(unknown[0], "field_unknown", name=unknown[0])
    for (
        slot
    ) in slots:  # every slot, so that "no answer" gets its kind's marker (a number's is not zero bytes)
        kind, question = slot.entry.kind, slot.entry.question
        value = values.get(question.id)
        canonical = value if checked else kind.check(question, q, value)
        out[slot.start : slot.stop] = kind.encode(question, q, canonical)
    return bytes(out)


def unpack(q: Questionnaire, segment: str, blob: bytes) -> dict[str, Any]:
    """A packed column -> the answers given, by question id (not-answered questions left out)."""
    if len(blob) != q.width(segment):
        raise ValueError(
            f"a stored {segment} column of {len(blob)} bytes does not fit this definition "
            f"({q.width(segment)} bytes)"
        )
    out: dict[str, Any] = {}
    for slot in q.layout.get(segment, ()):
        value = slot.entry.kind.decode(slot.entry.question, q, blob[slot.start : slot.stop])
        if value is not None:
            out[slot.entry.question.id] = value
    return out


def pack_answers(q: Questionnaire, answers: Mapping[str, Any]) -> bytes:
    """Answers by question id -> the ``answers`` column."""
    return pack(q, ANSWERS, answers)


def unpack_answers(q: Questionnaire, blob: bytes) -> dict[str, Any]:
    return unpack(q, ANSWERS, blob)


def pack_background(q: Questionnaire, background: Mapping[str, str | None]) -> bytes:
    """Background answers by question id (option ids) -> the ``background`` column."""
    return pack(q, BACKGROUND, background)


def unpack_background(q: Questionnaire, blob: bytes) -> dict[str, str]:
    return unpack(q, BACKGROUND, blob)


@dataclass
class RoundData:
    """All responses of a round as arrays (row order is arbitrary and meaningless).

    ``blob`` holds the whole ``answers`` column per respondent; ``answers`` is its statement part, the codes of
    the statements in ``Questionnaire.items`` order (the statements come first in the column). A question of
    any kind gives its :class:`~scanengine.kinds.Columns` through :meth:`columns`.
    """

    answers: np.ndarray  # uint8, respondents x statements (codes as above)
    background: np.ndarray  # uint8, respondents x background questions
    group_ids: np.ndarray  # int64, invitation group id per respondent
    blob: np.ndarray | None = None  # uint8, respondents x the answers column's width
    questionnaire: Questionnaire | None = None

    @property
    def n(self) -> int:
        return int(self.answers.shape[0])

    def columns(self, question_id: str) -> Columns:
        """The analysis' view of one question's answers, made by its kind from its slice of the stored bytes."""
        q = self.questionnaire
        if q is None:
            raise ValueError("RoundData.columns needs the questionnaire the data was read with")
        for segment, matrix in (
            (ANSWERS, self.blob if self.blob is not None else self.answers),
            (BACKGROUND, self.background),
        ):
            for slot in q.layout.get(segment, ()):
                if slot.entry.question.id == question_id:
                    return slot.entry.kind.columns(slot.entry.question, q, matrix[:, slot.start : slot.stop])
        raise KeyError(f"no stored question {question_id!r}")


def load_round_data(session: Session, q: Questionnaire, round_id: int) -> RoundData:
    """Read every response of a round in one query into arrays (no ORM object per row)."""
    # Untyped SQL on purpose: SQLAlchemy's per-value result processing of typed BLOB columns costs more than
    # the read itself at 100,000 rows. The primary key (round_id, id) makes this one range scan.
    rows = session.execute(
        text("SELECT group_id, answers, background FROM response WHERE round_id = :round_id"),
        {"round_id": round_id},
    ).all()
    width, n_bg, n_items = q.width(ANSWERS), q.width(BACKGROUND), len(q.items)
    if not rows:
        blob = np.zeros((0, width), np.uint8)
        return RoundData(blob[:, :n_items], np.zeros((0, n_bg), np.uint8), np.zeros(0, np.int64), blob, q)
    groups, answers, backgrounds = zip(*rows, strict=True)
    blob = np.frombuffer(b"".join(answers), dtype=np.uint8).reshape(len(rows), width)
    b = (
        np.frombuffer(b"".join(backgrounds), dtype=np.uint8).reshape(len(rows), n_bg)
        if n_bg
        else np.zeros((len(rows), 0), np.uint8)
    )
    return RoundData(blob[:, :n_items], b, np.asarray(groups, dtype=np.int64), blob, q)


def load_open_answers(session: Session, round_id: int) -> list[tuple[int, bytes, dict]]:
    """(group id, background blob, {question id: text}) of every response that has open answers."""
    rows = session.execute(
        select(col(Response.group_id), col(Response.background), col(Response.open_answers)).where(
            col(Response.round_id) == round_id, col(Response.open_answers).is_not(None)
        )
    ).all()
    return [(g, b, o) for g, b, o in rows if o]
