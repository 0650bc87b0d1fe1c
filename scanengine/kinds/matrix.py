"""A matrix: several rows answered on the same columns, one column per row (LimeSurvey's "array", SurveyJS's
"matrix"), e.g. per theme the level at which the partners should take it up; ``dk`` per row when the question
offers "don't know". One form field per row (``<question>.<row>``, a column id or ``dk``). Stored as one byte per
row: 0 no answer, ``j + 1`` the j-th column, :data:`scanengine.stats.DK` for "don't know".

Its figures are per row: n (who answered the row, "don't know" included), the share of each column and of
"don't know" among them, with Wilson intervals (:func:`scanengine.stats.group_matrix_summary`); a row answered by
fewer than k shows no shares (:meth:`MatrixFigures.within`). Live, each row is shown like a choice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
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
    LiveRow,
    LiveSummary,
    Option,
    Population,
    RawColumn,
    SectionKind,
    Strict,
    Text,
    check_options,
    num,
)
from scanengine.stats import DK
from scanengine.texts import Note, t

if TYPE_CHECKING:
    from scanengine.definition import Questionnaire

MAX_COLUMNS = 20  #: columns of a matrix (a row is one choice among them)
#: below this share for every column, a row's outcome is "divided" (no column chosen by a clear group)
DIVIDED_BELOW = 0.4


# -- its figures (the analysis' results of one group) ------------------------------------------------------------


@dataclass
class MatrixRow:
    """One row over the respondents who answered it (``n``, "don't know" included). ``shares`` maps each column
    id (and ``"dk"`` when offered) to its share of those ``n``, with the Wilson 95% interval in ``ci_low`` /
    ``ci_high``; all None when fewer than k answered the row."""

    id: str
    label: Text
    n: int | None
    shares: dict[str, float | None]
    ci_low: dict[str, float | None]
    ci_high: dict[str, float | None]

    @property
    def most_chosen(self) -> str | None:
        """The column most chose (the first on a tie; "don't know" is no column), None without shares."""
        given = [(s, cid) for cid, s in self.shares.items() if cid != DONT_KNOW and s is not None]
        return max(given, key=lambda pair: pair[0])[1] if given else None

    @property
    def divided(self) -> bool:
        """No column has :data:`DIVIDED_BELOW` (40%) of the row's answers: the row's outcome is "divided"."""
        top = self.most_chosen
        return top is not None and (self.shares[top] or 0.0) < DIVIDED_BELOW


@dataclass
class MatrixFigures(Figures):
    rows: list[MatrixRow]
    columns: list[tuple[str, Text]]  # the column ids and labels, in the definition's order
    dont_know: bool = False

    def export(self) -> dict:
        return {"rows": [{"id": r.id, "n": r.n, "shares": dict(r.shares)} for r in self.rows]}

    def within(self, k: int) -> MatrixFigures:
        """The rows answered by fewer than ``k`` lose their shares (a row is answered on its own)."""
        rows = [
            r
            if r.n is not None and r.n >= k
            else dataclasses.replace(
                r,
                shares=dict.fromkeys(r.shares),
                ci_low=dict.fromkeys(r.ci_low),
                ci_high=dict.fromkeys(r.ci_high),
            )
            for r in self.rows
        ]
        return dataclasses.replace(self, rows=rows)


class MatrixQuestion(Strict):
    kind: Literal["matrix"]
    id: str
    text: Text
    rows: list[Option] = Field(min_length=1)
    columns: list[Option] = Field(min_length=2)
    dont_know: bool = False
    required: bool = False
    show_if: dict[str, list[str]] | None = None


def _keys(question: MatrixQuestion) -> list[str]:
    """The share keys of a row: every column id, then ``dk`` when offered."""
    return [c.id for c in question.columns] + ([DONT_KNOW] if question.dont_know else [])


class Matrix(SectionKind):
    name = "matrix"
    model = MatrixQuestion
    figures_type = MatrixFigures

    def texts(self, question: MatrixQuestion, path: str) -> Iterator[tuple[str, Text]]:
        yield f"{path}.text", question.text
        for part in ("rows", "columns"):
            for j, item in enumerate(getattr(question, part)):
                yield f"{path}.{part}[{j}].label", item.label

    def problems(self, question: MatrixQuestion, q: Questionnaire, path: str) -> Iterator[tuple[str, Note]]:
        """Row ids and column ids follow the id pattern and are unique within their list; ``dk`` is no column."""
        yield from check_options(question, path, "rows", "row")
        yield from check_options(question, path, "columns", "column")
        for j, col in enumerate(question.columns):
            if col.id == DONT_KNOW:
                yield f"{path}.columns[{j}].id", Note("def_dk_column")
        if len(question.columns) > MAX_COLUMNS:
            many = {"max": MAX_COLUMNS, "got": len(question.columns)}
            yield f"{path}.columns", Note("def_too_many_columns", many)

    def fields(self, question: MatrixQuestion) -> tuple[str, ...]:
        return tuple(f"{question.id}.{r.id}" for r in question.rows)

    def check(self, question: MatrixQuestion, q: Questionnaire, value: Any) -> dict[str, str] | None:
        """{row: column id or ``dk``} for the rows answered, in row order; None for none. A required matrix
        needs every row."""
        if value is None or value == "" or value == {}:
            return None
        if not isinstance(value, Mapping):
            raise AnswerError(question.id, "field_invalid_choice")
        rows = {r.id for r in question.rows}
        allowed = set(_keys(question))
        given = {}
        for row, v in value.items():
            if row not in rows or not isinstance(v, str) or (v and v not in allowed):
                raise AnswerError(question.id, "field_invalid_choice")
            if v:
                given[row] = v
        if not given:
            return None
        if question.required and len(given) < len(question.rows):
            raise AnswerError(question.id, "matrix_every_row")
        return {r.id: given[r.id] for r in question.rows if r.id in given}

    def width(self, question: MatrixQuestion, q: Questionnaire) -> int:
        return len(question.rows)

    def encode(self, question: MatrixQuestion, q: Questionnaire, value: Mapping[str, str] | None) -> bytes:
        value = value or {}
        index = {c.id: j + 1 for j, c in enumerate(question.columns)} | {DONT_KNOW: DK}
        return bytes(index[value[r.id]] if r.id in value else 0 for r in question.rows)

    def decode(self, question: MatrixQuestion, q: Questionnaire, data: bytes) -> dict[str, str] | None:
        out = {}
        for r, code in zip(question.rows, data, strict=True):
            if code == DK:
                out[r.id] = DONT_KNOW
            elif code:
                out[r.id] = question.columns[code - 1].id
        return out or None

    def columns(self, question: MatrixQuestion, q: Questionnaire, block: np.ndarray) -> Columns:
        """Respondents x rows: the column's number 1..columns, NaN for no answer and for "don't know"; ``dk`` is
        respondents x rows too (per row), ``answered`` per respondent (any row, "don't know" included)."""
        codes = np.asarray(block)
        dk = codes == DK
        values = np.where((codes > 0) & ~dk, codes, np.nan).astype(np.float64)
        answered = np.asarray((codes > 0).any(axis=1), dtype=bool)
        return Columns(values=values, answered=answered, dk=dk, raw=codes)

    def statistics(
        self, question: MatrixQuestion, q: Questionnaire, columns: Columns, groups: np.ndarray, n_groups: int
    ) -> GroupFigures:
        """Per row n, the share of each column and of "don't know", Wilson intervals
        (:func:`stats.group_matrix_summary`). The question's n: respondents who chose a column in a row; its
        "don't know": those who said only that."""
        assert columns.raw is not None
        s = stats.group_matrix_summary(columns.raw, len(question.columns), groups, n_groups)
        cols = [(c.id, dict(c.label)) for c in question.columns]
        figures = []
        for g in range(n_groups):
            rows = []
            for i, r in enumerate(question.rows):
                share = {c.id: num(s.share[g, i, j]) for j, c in enumerate(question.columns)}
                low = {c.id: num(s.ci_low[g, i, j]) for j, c in enumerate(question.columns)}
                high = {c.id: num(s.ci_high[g, i, j]) for j, c in enumerate(question.columns)}
                if question.dont_know:
                    share[DONT_KNOW] = num(s.dk_share[g, i])
                    low[DONT_KNOW] = num(s.dk_low[g, i])
                    high[DONT_KNOW] = num(s.dk_high[g, i])
                rows.append(MatrixRow(r.id, dict(r.label), int(s.n_row[g, i]), share, low, high))
            figures.append(MatrixFigures(rows, cols, question.dont_know))
        return GroupFigures(np.asarray(s.n, np.int64), np.asarray(s.n_dk, np.int64), figures)

    def raw_columns(self, question: MatrixQuestion, q: Questionnaire, columns: Columns) -> list[RawColumn]:
        """One column per row (``<question>.<row>``): the column's code 1..columns with the column ids (the CSV
        writes the id) and their labels as the row's value labels (``.sav``); "don't know" per row."""
        ids = [c.id for c in question.columns]
        labels = {j + 1: dict(c.label) for j, c in enumerate(question.columns)}
        return [
            RawColumn(
                f"{question.id}.{r.id}",
                {lang: f"{question.text[lang]}: {r.label[lang]}" for lang in q.languages},
                columns.values[:, i],
                dk=columns.dk[:, i],
                ids=ids,
                value_labels=labels,
            )
            for i, r in enumerate(question.rows)
        ]

    def synthesize(self, question: MatrixQuestion, q: Questionnaire, people: Population) -> np.ndarray:
        """Per row the column with the highest utility: the population's view of that row and column, the
        respondent's taste for the column (:meth:`Population.preference` of the column ids, the same in every
        row) and a lean with the row's importance to them (the preference their ranking and points read): the
        columns are read in their order (e.g. local to regional), and a row a respondent values highly leans
        to the later ones. About 5% "don't know" per row where offered, 5% skip the question."""
        n, r, c = people.n, len(question.rows), len(question.columns)
        importance = people.preference([row.id for row in question.rows])
        spread = importance.std(axis=1, keepdims=True) if r > 1 else np.ones((n, 1))
        centred = (importance - importance.mean(axis=1, keepdims=True)) / np.where(spread > 0, spread, 1.0)
        taste = people.preference([col.id for col in question.columns])
        view = people.rng.normal(0.0, 0.7, (r, c))
        lean = np.linspace(-1.0, 1.0, c)
        utility = (
            view[None, :, :]
            + taste[:, None, :]
            + 0.6 * centred[:, :, None] * lean[None, None, :]
            + 0.7 * people.rng.gumbel(size=(n, r, c))
        )
        out = (np.argmax(utility, axis=2) + 1).astype(np.uint8)
        if question.dont_know:
            out[people.rng.random((n, r)) < 0.05] = DK
        out[self.skip(question, people)] = 0
        return out

    def live_summary(
        self, question: MatrixQuestion, q: Questionnaire, values: list[Any]
    ) -> LiveSummary | None:
        """Per row, like a choice: the share of the participants who answered the row for each column (and
        "don't know"), as bars; a row answered by fewer than k keeps no bars (``LiveSummary.within``)."""
        codes = self.live_columns(question, q, values).raw
        assert codes is not None
        s = stats.matrix_summary(codes, len(question.columns))
        labels = [dict(c.label) for c in question.columns]
        if question.dont_know:
            labels.append({lang: t(lang, "dk") for lang in q.languages})
        rows = []
        for i, r in enumerate(question.rows):
            shares = [float(np.nan_to_num(x)) for x in s.share[i]]
            if question.dont_know:
                shares.append(float(np.nan_to_num(s.dk_share[i])))
            bars = tuple(
                LiveBar(label, share, Note("live_share", {"pct": 100 * share}))
                for label, share in zip(labels, shares, strict=True)
            )
            rows.append(LiveRow(dict(r.label), int(s.n_row[i]), bars))
        return LiveSummary(len(values), (), rows=tuple(rows))
