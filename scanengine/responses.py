"""The storage codec of a response, and the bulk read of a round's responses into arrays.

A response's answers are packed as one byte per statement in the pinned definition's storage order
(``Questionnaire.items``): ``0`` no answer (or not shown), ``1..points`` the answer, ``255`` don't know.
Background answers are one byte per background question: ``0`` none, ``i + 1`` the i-th option.
Reading a round is one query and one ``numpy.frombuffer`` (SPEC section 9: 0.12 s for 100,000 x 40 answers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select, text
from sqlmodel import Session

from scanengine.definition import DONT_KNOW, Questionnaire
from scanengine.models import Response

NO_ANSWER = 0
DK_CODE = 255


class AnswerError(ValueError):
    """An answer that does not fit the definition; ``field`` names the form field."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def encode_answer(q: Questionnaire, item_id: str, value: int | str | None) -> int:
    """One answer as its stored byte; raises :class:`AnswerError` when out of range."""
    if value is None or value == "":
        return NO_ANSWER
    if value == DONT_KNOW:
        if q.scale.dont_know is None:
            raise AnswerError(item_id, "this questionnaire has no 'don't know' option")
        return DK_CODE
    try:
        v = int(value)
    except (TypeError, ValueError):
        raise AnswerError(item_id, f"not a valid answer: {str(value)[:20]!r}") from None
    if not 1 <= v <= q.scale.points or str(value).strip() not in (str(v), f"{v}"):
        raise AnswerError(item_id, f"answer must be 1..{q.scale.points} or {DONT_KNOW}")
    return v


def pack_answers(q: Questionnaire, answers: Mapping[str, int | str | None]) -> bytes:
    """Answers by item id -> the packed blob. Unknown ids are an error (nothing is silently dropped)."""
    index = {item.id: i for i, item in enumerate(q.items)}
    out = bytearray(len(index))
    for item_id, value in answers.items():
        i = index.get(item_id)
        if i is None:
            raise AnswerError(item_id, f"unknown statement {item_id!r}")
        out[i] = encode_answer(q, item_id, value)
    return bytes(out)


def unpack_answers(q: Questionnaire, blob: bytes) -> dict[str, int | str]:
    out: dict[str, int | str] = {}
    for item, code in zip(q.items, blob, strict=True):
        if code == DK_CODE:
            out[item.id] = DONT_KNOW
        elif code:
            out[item.id] = code
    return out


def pack_background(q: Questionnaire, background: Mapping[str, str | None]) -> bytes:
    out = bytearray(len(q.background))
    for i, bq in enumerate(q.background):
        value = background.get(bq.id)
        if value in (None, ""):
            continue
        ids = [o.id for o in bq.options]
        if value not in ids:
            raise AnswerError(bq.id, f"unknown option {str(value)[:40]!r}")
        out[i] = ids.index(value) + 1
    unknown = set(background) - {bq.id for bq in q.background}
    if unknown:
        field = sorted(unknown)[0]
        raise AnswerError(field, f"unknown background question {field!r}")
    return bytes(out)


def unpack_background(q: Questionnaire, blob: bytes) -> dict[str, str]:
    return {bq.id: bq.options[code - 1].id for bq, code in zip(q.background, blob, strict=True) if code}


@dataclass
class RoundData:
    """All responses of a round as arrays (row order is arbitrary and meaningless)."""

    answers: np.ndarray  # uint8, respondents x items (codes as above)
    background: np.ndarray  # uint8, respondents x background questions
    group_ids: np.ndarray  # int64, invitation group id per respondent

    @property
    def n(self) -> int:
        return int(self.answers.shape[0])


def load_round_data(session: Session, q: Questionnaire, round_id: int) -> RoundData:
    """Read every response of a round in one query into arrays (no ORM object per row)."""
    # Untyped SQL on purpose: SQLAlchemy's per-value result processing of typed BLOB columns costs more than
    # the read itself at 100,000 rows. The primary key (round_id, id) makes this one range scan.
    rows = session.execute(
        text("SELECT group_id, answers, background FROM response WHERE round_id = :round_id"), {"round_id": round_id}
    ).all()
    n_items, n_bg = len(q.items), len(q.background)
    if not rows:
        return RoundData(np.zeros((0, n_items), np.uint8), np.zeros((0, n_bg), np.uint8), np.zeros(0, np.int64))
    groups, answers, backgrounds = zip(*rows, strict=True)
    a = np.frombuffer(b"".join(answers), dtype=np.uint8).reshape(len(rows), n_items)
    b = np.frombuffer(b"".join(backgrounds), dtype=np.uint8).reshape(len(rows), n_bg) if n_bg else np.zeros((len(rows), 0), np.uint8)
    return RoundData(a, b, np.asarray(groups, dtype=np.int64))


def load_open_answers(session: Session, round_id: int) -> list[tuple[int, bytes, dict]]:
    """(group id, background blob, {question id: text}) of every response that has open answers."""
    rows = session.execute(
        select(Response.group_id, Response.background, Response.open_answers).where(
            Response.round_id == round_id, Response.open_answers.is_not(None)
        )
    ).all()
    return [(g, b, o) for g, b, o in rows if o]
