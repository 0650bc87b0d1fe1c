"""A number: a decimal in [min, max] with at most ``decimals`` places; ``12,5`` and ``12.5`` both mean twelve and a
half; ``dk`` when the question offers "don't know". One form field (``<question>``). Stored as eight bytes, an
IEEE float64 (little-endian); two NaN bit patterns mark "no answer" and "don't know".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
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
    LiveSummary,
    Population,
    RawColumn,
    SectionKind,
    Strict,
    Text,
    num,
)
from scanengine.stats import number_summary
from scanengine.texts import Note

if TYPE_CHECKING:
    from scanengine.definition import Questionnaire

MAX_DECIMALS = 6
NO_VALUE = np.array([0x7FF8_0000_0000_0000], dtype="<u8").tobytes()  # the quiet NaN
DK_VALUE = np.array([0x7FF8_0000_0000_00FF], dtype="<u8").tobytes()  # a NaN with a payload: "don't know"
_NUMBER = re.compile(r"[+-]?[0-9]{1,15}(?:[.,][0-9]{1,15})?")


# -- its figures (the analysis' results of one group) ------------------------------------------------------------


@dataclass
class NumberFigures(Figures):
    """Never a minimum or maximum (each is one person's answer), never a sum over respondents (several people may
    estimate the same thing: :class:`EstimateTotal` adds up groups instead)."""

    mean: float | None
    sd: float | None
    median: float | None
    q1: float | None
    q3: float | None
    unit: Text | None = None

    def export(self) -> dict:
        return {"mean": self.mean, "sd": self.sd, "median": self.median, "q1": self.q1, "q3": self.q3}


@dataclass
class EstimateTotal(Figures):
    """A number each respondent estimates for their own organisation (``"estimate_for": "group"``), over the
    round's invitation groups: ``value`` is the sum of the groups' medians (:func:`stats.estimate_total`) over the
    ``groups`` shown under the k rule; ``left_out_groups`` invitation groups have no median in it (fewer than k
    estimates, hidden as a complement, or nobody answered). None as ``value`` when no group is in it."""

    value: float | None
    groups: int
    left_out_groups: int
    unit: Text | None = None

    def export(self) -> dict:
        return {"value": self.value, "groups": self.groups, "left_out_groups": self.left_out_groups}


class NumberQuestion(Strict):
    kind: Literal["number"]
    id: str
    text: Text
    min: float = Field(strict=False)
    max: float = Field(strict=False)
    decimals: int = 0
    unit: Text | None = None
    dont_know: bool = False
    required: bool = False
    show_if: dict[str, list[str]] | None = None
    #: "group": each respondent estimates for their own organisation (the link's invitation group)
    estimate_for: Literal["group"] | None = None
    #: a usual value for one organisation (``simulate`` draws its estimates around it)
    typical: float | None = Field(default=None, strict=False)


def shown_number(value: float, decimals: int, lang: str) -> str:
    """``value`` as a participant writes it in ``lang`` (a decimal comma in Dutch)."""
    text = format(Decimal(repr(round(value, decimals))).normalize(), "f")
    return text.replace(".", ",") if lang == "nl" else text


class Number(SectionKind):
    name = "number"
    figures_type = NumberFigures
    model = NumberQuestion

    def texts(self, question: NumberQuestion, path: str) -> Iterator[tuple[str, Text]]:
        yield f"{path}.text", question.text
        if question.unit is not None:
            yield f"{path}.unit", question.unit

    def problems(self, question: NumberQuestion, q: Questionnaire, path: str) -> Iterator[tuple[str, Note]]:
        if not 0 <= question.decimals <= MAX_DECIMALS:
            yield (
                f"{path}.decimals",
                Note("def_range", {"min": 0, "max": MAX_DECIMALS, "got": question.decimals}),
            )
        if not question.min < question.max:
            yield f"{path}.max", Note("def_max_above_min", {"min": question.min, "max": question.max})
        for bound in ("min", "max"):
            if abs(getattr(question, bound)) >= 1e15:
                yield f"{path}.{bound}", Note("def_number_size")
        if question.typical is not None and not question.min <= question.typical <= question.max:
            typical = {"min": question.min, "max": question.max, "got": question.typical}
            yield f"{path}.typical", Note("def_typical_range", typical)

    def raw_columns(self, question: NumberQuestion, q: Questionnaire, columns: Columns) -> list[RawColumn]:
        """One column, labelled with the unit; in the ``.sav`` "don't know" is a code below the range."""
        unit = question.unit
        label = {lang: f"{text} ({unit[lang]})" if unit else text for lang, text in question.text.items()}
        return [
            RawColumn(
                question.id,
                label,
                columns.values,
                dk=columns.dk if question.dont_know else None,
                dk_code=math.floor(question.min) - 1,
            )
        ]

    def estimates_per_group(self, question: NumberQuestion) -> bool:
        return question.estimate_for == "group"

    def total_over_groups(self, question: NumberQuestion, figures: list[Figures | None]) -> EstimateTotal:
        """The sum of the shown groups' medians; the groups without a median (None) are counted as left out."""
        medians = np.array(
            [f.median if isinstance(f, NumberFigures) and f.median is not None else np.nan for f in figures]
        )
        value, included = stats.estimate_total(medians)
        unit = dict(question.unit) if question.unit is not None else None
        return EstimateTotal(num(value), included, len(figures) - included, unit)

    def bounds(self, question: NumberQuestion) -> dict[str, dict[str, str]]:
        """The range as written in each language (for messages and hints)."""
        return {
            name: {
                lang: shown_number(getattr(question, name), question.decimals, lang) for lang in ("nl", "en")
            }
            for name in ("min", "max")
        }

    def check(self, question: NumberQuestion, q: Questionnaire, value: Any) -> float | str | None:
        """A posted number (``.`` or ``,`` as the decimal sign) -> float; ``dk`` when offered; empty -> None."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if value == DONT_KNOW:
            if not question.dont_know:
                raise AnswerError(question.id, "number_no_dk")
            return DONT_KNOW
        if isinstance(value, (list, tuple)):  # the number field and its "don't know" box both posted
            raise AnswerError(question.id, "number_or_dk" if DONT_KNOW in value else "field_one_value")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = Decimal(repr(float(value)))
        elif isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
            number = Decimal(value.strip().replace(",", "."))
        else:
            raise AnswerError(question.id, "number_invalid")
        exponent = number.normalize().as_tuple().exponent
        if not isinstance(exponent, int):  # infinity or NaN, given by code
            raise AnswerError(question.id, "number_invalid")
        places = -exponent
        if places > question.decimals:
            raise AnswerError(question.id, "number_decimals", n=question.decimals, decimals=question.decimals)
        if not question.min <= number <= question.max:
            raise AnswerError(question.id, "number_range", **self.bounds(question))
        return float(number)

    def width(self, question: NumberQuestion, q: Questionnaire) -> int:
        return 8

    def encode(self, question: NumberQuestion, q: Questionnaire, value: float | str | None) -> bytes:
        if value is None:
            return NO_VALUE
        if value == DONT_KNOW:
            return DK_VALUE
        return np.array([value], dtype="<f8").tobytes()

    def decode(self, question: NumberQuestion, q: Questionnaire, data: bytes) -> float | str | None:
        if data == DK_VALUE:
            return DONT_KNOW
        value = float(np.frombuffer(data, dtype="<f8")[0])
        return None if value != value else value

    def columns(self, question: NumberQuestion, q: Questionnaire, block: np.ndarray) -> Columns:
        """The number per respondent, NaN for none and for "don't know"."""
        raw = np.ascontiguousarray(block)
        values = raw.view("<f8")[:, 0].astype(np.float64)
        dk = raw.view("<u8")[:, 0] == np.frombuffer(DK_VALUE, "<u8")[0]
        return Columns(values=values, answered=~np.isnan(values) | dk, dk=dk)

    def statistics(
        self, question: NumberQuestion, q: Questionnaire, columns: Columns, groups: np.ndarray, n_groups: int
    ) -> GroupFigures:
        """Mean, SD, median and quartiles, don't know apart (:func:`stats.group_number_summary`)."""

        s = stats.group_number_summary(columns.values, groups, n_groups, columns.dk)
        unit = dict(question.unit) if question.unit is not None else None
        figures = [
            NumberFigures(
                num(s.mean[g]),
                num(s.sd[g]),
                num(s.median[g]),
                num(s.q1[g]),
                num(s.q3[g]),
                unit,
            )
            for g in range(n_groups)
        ]
        return GroupFigures(np.asarray(s.n, np.int64), np.asarray(s.n_dk, np.int64), figures)

    def synthesize(self, question: NumberQuestion, q: Questionnaire, people: Population) -> np.ndarray:
        """Around the question's ``typical`` value (else a fifth into the range), rounded to ``decimals``: for a
        number estimated per organisation each group has its own true value (:meth:`Population.organisation`,
        a factor of about 1.6 between organisations) that its respondents estimate with a smaller error; other
        numbers spread per person. About 10% "don't know" where offered, 5% skipped."""
        n, lo, hi = people.n, question.min, question.max
        typical = question.typical if question.typical is not None else lo + (hi - lo) * 0.2
        if question.estimate_for == "group":
            centre = people.organisation(question.id, typical)[people.groups]
            values = centre * people.rng.lognormal(0.0, 0.25, n)
        else:
            values = typical * people.rng.lognormal(0.0, 0.5, n)
        values = np.clip(np.round(values * np.exp(0.05 * people.trust), question.decimals), lo, hi)
        out = np.ascontiguousarray(values.astype("<f8")).view(np.uint8).reshape(n, 8).copy()
        u = people.rng.random(n)
        if question.dont_know:
            out[u < 0.10] = np.frombuffer(DK_VALUE, np.uint8)
        if not question.required:
            out[(u >= 0.10) & (u < 0.15)] = np.frombuffer(NO_VALUE, np.uint8)
        return out

    def live_summary(
        self, question: NumberQuestion, q: Questionnaire, values: list[Any]
    ) -> LiveSummary | None:
        """The median and the quartiles in one sentence (never a minimum or maximum: one person's answer)."""
        cols = self.live_columns(question, q, values)
        s = number_summary(cols.values, cols.dk)
        note = (
            None
            if np.isnan(s.median)
            else Note("live_number", {"median": float(s.median), "q1": float(s.q1), "q3": float(s.q3)})
        )
        return LiveSummary(len(values), (), note)
