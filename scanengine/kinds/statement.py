"""A statement on the questionnaire's scale: ``1..points``, or ``dk`` when the scale offers "don't know".

Statements live in ``dimensions``; the scale and the bands of the definition belong to them. Stored as one byte
in the answers column: 0 no answer (or not shown), ``1..points`` the answer, :data:`scanengine.stats.DK`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from pydantic import Field

from scanengine.kinds.base import DONT_KNOW, AnswerError, Columns, Kind, LiveBar, LiveSummary, Strict, Text
from scanengine.stats import DK, MISSING, describe, recode, scale_shares
from scanengine.texts import Note

if TYPE_CHECKING:
    from scanengine.definition import Questionnaire

MIN_POINTS, MAX_POINTS = 2, 11


class Item(Strict):
    """One statement of a dimension."""

    kind: ClassVar[str] = "statement"
    id: str
    text: Text
    reverse: bool = False
    show_if: dict[str, list[str]] | None = None


class Dimension(Strict):
    """A group of statements scored together (one page of the form, one page of the report)."""

    id: str
    title: Text
    description: Text | None = None
    items: list[Item] = Field(min_length=1)


class Scale(Strict):
    points: int
    labels: dict[str, list[str]]
    dont_know: Text | None = None


class Band(Strict):
    min: float = Field(strict=False)
    label: Text


class Statement(Kind):
    name = "statement"
    model = Item

    def document_texts(self, q: Questionnaire) -> Iterator[tuple[str, Text]]:
        """The texts of the scale and the bands (the statements' own texts come from :meth:`texts`)."""
        if q.scale is not None and q.scale.dont_know is not None:
            yield "scale.dont_know", q.scale.dont_know
        for i, band in enumerate(q.bands or ()):
            yield f"bands[{i}].label", band.label

    def document_problems(self, q: Questionnaire) -> Iterator[tuple[str, Note]]:
        """The scale: 2..11 points with a label for each in every language; the bands: sorted descending by
        ``min``, each on the scale's range."""
        if q.scale is None:
            return
        points = q.statement_scale.points
        if not MIN_POINTS <= points <= MAX_POINTS:
            yield "scale.points", Note("def_range", {"min": MIN_POINTS, "max": MAX_POINTS, "got": points})
        for lang, labels in q.statement_scale.labels.items():
            if len(labels) != points:
                yield (
                    f"scale.labels.{lang}",
                    Note("def_labels_count", {"count": len(labels), "points": points}),
                )
        previous = None
        for i, band in enumerate(q.bands or ()):
            if not 1 <= band.min <= points:
                yield f"bands[{i}].min", Note("def_band_range", {"value": band.min, "points": points})
            if previous is not None and band.min >= previous:
                yield f"bands[{i}].min", Note("def_bands_unsorted", {"value": band.min, "previous": previous})
            previous = band.min

    def choices(self, q: Questionnaire) -> list[tuple[str, Text]]:
        """(posted value, label by language) for each scale point, then "don't know" when the scale has it."""
        scale = q.statement_scale
        out = [
            (str(i + 1), {lang: labels[i] for lang, labels in scale.labels.items()})
            for i in range(scale.points)
        ]
        if scale.dont_know is not None:
            out.append((DONT_KNOW, dict(scale.dont_know)))
        return out

    def refusal(self, question: Item, q: Questionnaire) -> AnswerError:
        dk = q.statement_scale.dont_know
        if dk is None:
            return AnswerError(question.id, "field_scale_range_nodk", points=q.statement_scale.points)
        return AnswerError(question.id, "field_scale_range", points=q.statement_scale.points, dk=dict(dk))

    def check(self, question: Item, q: Questionnaire, value: Any) -> int | str | None:
        """``"1"..points`` (exactly: no sign, no leading zero or space; an int from code is fine) -> the int,
        ``dk`` when the scale has it; empty -> None."""
        if value is None or value == "":
            return None
        if isinstance(value, str):  # as posted: one of the scale's own values (Questionnaire.scale_values)
            found = q.scale_values.get(value)
            if found is None:
                raise self.refusal(question, q)
            return found
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= q.statement_scale.points:
            return value
        raise self.refusal(question, q)

    def encode(self, question: Item, q: Questionnaire, value: int | str | None) -> bytes:
        if value is None or value == DONT_KNOW:
            return bytes((MISSING if value is None else DK,))
        assert isinstance(value, int)  # check() gives an int, DONT_KNOW or None
        return bytes((value,))

    def decode(self, question: Item, q: Questionnaire, data: bytes) -> int | str | None:
        code = data[0]
        return DONT_KNOW if code == DK else (code or None)

    def columns(self, question: Item, q: Questionnaire, block: np.ndarray) -> Columns:
        """The recoded answer (reverse-keyed statements mirrored, NaN for none and dk) and the raw codes."""
        raw = block[:, 0]
        values = recode(raw, q.statement_scale.points, [question.reverse])
        return Columns(values=values, answered=raw != MISSING, dk=raw == DK, raw=raw)

    def live_summary(self, question: Item, q: Questionnaire, values: list[int | str]) -> LiveSummary | None:
        """The distribution over the scale points (and "don't know") as stored, with the mean of the answers on
        the scale (reverse-keyed statements as answered, not mirrored: the room reads the statement as shown)."""
        cols = self.live_columns(question, q, values)
        assert cols.raw is not None  # a statement's columns carry the raw codes
        scale = q.statement_scale
        shares = scale_shares(cols.raw, scale.points)
        labels = self.choices(q)
        bars = [
            LiveBar(label, float(share), Note("live_share", {"pct": 100 * float(share)}))
            for (_, label), share in zip(labels, shares.points, strict=False)
        ]
        if scale.dont_know is not None:
            bars.append(
                LiveBar(labels[-1][1], float(shares.dk), Note("live_share", {"pct": 100 * float(shares.dk)}))
            )
        answered = np.where((cols.raw >= 1) & (cols.raw <= scale.points), cols.raw, np.nan)
        mean = describe(answered).mean
        note = None if np.isnan(mean) else Note("live_statement_mean", {"mean": mean, "points": scale.points})
        return LiveSummary(len(values), tuple(bars), note)
