"""The typed results of a round: what the results page, the PDF and the exports all read.

Suppression is already applied in these objects (:mod:`scanengine.analysis.presentation`): a suppressed group carries
no figure, not even n. Texts that come from the definition stay ``{lang: text}`` dicts; the notes are
:class:`scanengine.texts.Note` values, rendered in the reader's language at the edge (``texts.render``).
See docs/architecture.md, "Analysis".

It is longer than ~400 lines because it is the one schema of everything the product shows (dimensions, groups,
the questions of sections, the decision): one place to read what a figure is called.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scanengine import kinds
from scanengine.definition import Questionnaire
from scanengine.kinds.base import Figures
from scanengine.kinds.choice import ChoiceFigures, ChoiceOption  # noqa: F401 - the schema in one place
from scanengine.kinds.matrix import MatrixFigures, MatrixRow  # noqa: F401 - the schema in one place
from scanengine.kinds.number import EstimateTotal, NumberFigures  # noqa: F401 - the schema in one place
from scanengine.kinds.points import PointsFigures, PointsOption  # noqa: F401 - the schema in one place
from scanengine.kinds.ranking import Agreement, RankingFigures, RankingOption  # noqa: F401 - the schema in one place
from scanengine.texts import Note

if TYPE_CHECKING:
    from scanengine.analysis.businesscase import BusinesscaseResult
    from scanengine.analysis.decision import DecisionResult

Text = dict[str, str]

GROUP_BREAKDOWN = "group"
UNKNOWN_KEY = "_unknown"
TOP_ITEMS = 5
TOP_GAPS = 5


@dataclass
class GroupResult:
    """One group of one breakdown in one dimension. Suppressed: ``n`` and every figure are ``None``."""

    breakdown: str  # "group" for invitation groups, else the background question id
    key: str  # group name, option id, or "_unknown"
    label: Text
    n: int | None
    suppressed: bool
    mean: float | None = None
    sd: float | None = None
    median: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass
class ItemResult:
    """One statement: answered n, shown-to n, mean and SD on the recoded scale, raw answer distribution."""

    id: str
    text: Text
    dimension_id: str
    reverse: bool
    n: int | None  # answered (1..points); None when the round is suppressed
    shown: int | None  # shown to (after show_if); None when unknown (purged) or suppressed
    mean: float | None
    sd: float | None
    shares: list[float] | None  # per raw scale point 1..points, over answered + dk
    dk_share: float | None


@dataclass
class Kruskal:
    """Kruskal-Wallis over the shown groups of one breakdown (``groups``: their keys; empty when fewer than two)."""

    H: float | None
    p: float | None
    epsilon2: float | None
    df: int
    groups: list[str]


@dataclass
class Benchmark:
    """This round's dimension mean against the other closed rounds (and imported aggregates)."""

    rounds: int
    mean: float | None
    q1: float | None
    median: float | None
    q3: float | None
    percentile: float | None


@dataclass
class Trend:
    """Against the previous closed round of the same cooperation and questionnaire."""

    previous_round_id: int | None
    previous_round_name: str
    previous_mean: float | None
    diff: float | None
    p: float | None  # Mann-Whitney on respondent scores; None when the previous raw data is purged


@dataclass
class DimensionResult:
    id: str
    title: Text
    description: Text | None
    n: int | None
    mean: float | None
    sd: float | None
    median: float | None
    ci_low: float | None
    ci_high: float | None
    rwg_j: float | None
    alpha: float | None
    alpha_ci: tuple[float, float] | None
    alpha_n: int | None
    band_index: int | None
    items: list[ItemResult] = field(default_factory=list)
    groups: list[GroupResult] = field(default_factory=list)
    tests: dict[str, Kruskal] = field(default_factory=dict)
    icc1: float | None = None
    icc2: float | None = None
    benchmark: Benchmark | None = None
    trend: Trend | None = None
    shares: list[float] | None = None  # pooled over the items, per recoded scale point 1..points
    dk_share: float | None = None


@dataclass
class Gap:
    dimension_id: str
    breakdown: str
    high_key: str
    high_label: Text
    high_mean: float
    low_key: str
    low_label: Text
    low_mean: float
    diff: float


@dataclass
class GroupCount:
    """Responses per invitation group; ``responses`` is None when the group is suppressed."""

    name: str
    responses: int | None
    expected: int | None
    suppressed: bool


# -- questions of sections -----------------------------------------------------------------------------------------
# Each kind's figures are a dataclass that lives with its kind (scanengine/kinds/: RankingFigures, PointsFigures,
# NumberFigures with EstimateTotal, ChoiceFigures, MatrixFigures; imported here so that the schema reads in one place); ``export()`` gives exactly
# the keys of the JSON export (docs/architecture.md, "Exports").

#: what a question's figures can be (each kind's class, from its module)
QuestionFigures = RankingFigures | PointsFigures | NumberFigures | ChoiceFigures | MatrixFigures

#: the figures' classes by name, to rebuild them from a kept summary (:func:`rebuild`)
FIGURE_TYPES: dict[str, type[Figures]] = {
    kind.figures_type.__name__: kind.figures_type for kind in kinds.all() if kind.figures_type is not None
}


@dataclass
class QuestionGroup:
    """One group of one breakdown for one question. Suppressed: ``n`` and ``figures`` are None."""

    breakdown: str
    key: str
    label: Text
    n: int | None
    suppressed: bool
    figures: QuestionFigures | None = None
    dk: int | None = None


@dataclass
class QuestionResult:
    """A question of a section over the whole round, with its groups.

    ``n``: respondents with an answer that counts in the figures (don't know not included); ``dk``: those who said
    don't know (counted apart); ``shown``: respondents the question was shown to (after ``show_if``; a question
    not shown is not missing data). ``figures`` is None when fewer than k answered (or the round is suppressed).
    """

    id: str
    kind: str
    section: str
    text: Text
    n: int | None
    dk: int | None
    shown: int | None
    figures: QuestionFigures | None
    groups: list[QuestionGroup] = field(default_factory=list)
    #: answered by each respondent for their own organisation (a number with ``"estimate_for": "group"``):
    #: ``groups`` are the invitation groups only, and ``total`` is the figure over them (an ``EstimateTotal``)
    estimated_per_group: bool = False
    total: Figures | None = None

    def export(self) -> dict:
        """The question as the JSON export carries it: ``id``, ``kind``, ``n``, the kind's figures (None where
        fewer than k answered) and ``groups``; a suppressed group has ``"suppressed": true`` and no figures. A
        question estimated per organisation names each group's ``group`` and adds ``total``."""
        figures = self.figures.export() if self.figures is not None else {}
        groups = []
        for g in self.groups:
            out = {"breakdown": g.breakdown, "name": g.key, "label": g.label, "suppressed": g.suppressed}
            if self.estimated_per_group:
                out["group"] = g.key
            if not g.suppressed:
                out["n"] = g.n
                out.update(g.figures.export() if g.figures is not None else {})
            groups.append(out)
        extra = (
            {"total": self.total.export() if self.total is not None else None}
            if self.estimated_per_group
            else {}
        )
        return {"id": self.id, "kind": self.kind, "n": self.n, **figures, "groups": groups, **extra}


@dataclass
class Results:
    round_id: int
    round_name: str
    cooperation: str
    status: str
    questionnaire: Questionnaire
    closed_at: datetime | None
    k: int
    n: int
    expected: int | None
    response_rate: float | None
    breakdowns: list[tuple[str, Text]]
    group_counts: list[GroupCount]
    dimensions: list[DimensionResult]
    strongest: list[ItemResult]
    weakest: list[ItemResult]
    gaps: list[Gap]
    open_answers: dict[str, list[str]]
    open_answers_withheld: int
    benchmark_rounds: int
    previous_round: dict | None  # id, name, closed_at, n of the round the trend compares with
    notes: list[Note]
    questions: list[QuestionResult] = field(default_factory=list)  # the questions of the sections, in order
    # the decision aid (scanengine.analysis.decision), when defined; after a purge the kept whole-round figures (no
    # groups), None when the kept summary predates them
    decision: DecisionResult | None = None
    # the business case (scanengine.analysis.businesscase), when defined; after a purge the kept one
    businesscase: BusinesscaseResult | None = None

    @property
    def suppressed(self) -> bool:
        """True when the whole round has fewer than k respondents (no figure is shown)."""
        return self.n < self.k

    def dimension(self, dim_id: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.id == dim_id)

    def question(self, question_id: str) -> QuestionResult:
        return next(r for r in self.questions if r.id == question_id)

    def to_dict(self) -> dict:
        """Everything as JSON-ready data (the questionnaire only as id, version and title; notes in every language
        of the definition)."""
        out = {
            f.name: plain(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.name not in ("questionnaire", "notes")
        }
        q = self.questionnaire
        out["questionnaire"] = {"id": q.id, "version": q.version, "title": dict(q.title)}
        out["notes"] = [{lang: note.render(lang) for lang in q.languages} for note in self.notes]
        return out


def plain(value: Any) -> Any:
    """Dataclasses, tuples and datetimes -> JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Questionnaire):
        return {"id": value.id, "version": value.version, "title": dict(value.title)}
    if isinstance(value, Note):
        return {"key": value.key, "params": plain(value.params)}
    return value


def rebuild(cls: type, data: dict) -> Any:
    """The inverse of :func:`plain` for the dataclasses of the results: nested dataclasses (also optional ones),
    lists and dicts of them, and tuples by their type hints (a purged round's questions and decision come back from its kept
    summary this way)."""
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        values[f.name] = _rebuilt(hints[f.name], data[f.name])
    return cls(**values)


def _rebuilt(hint: Any, value: Any) -> Any:
    """One value of :func:`rebuild` by its type hint."""
    if value is None:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return rebuild(hint, value)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _rebuilt(inner[0], value) if len(inner) == 1 else value
    if origin is list and args:
        return [_rebuilt(args[0], v) for v in value]
    if origin is dict and len(args) == 2:
        return {key: _rebuilt(args[1], v) for key, v in value.items()}
    if origin is tuple and args:
        return tuple(value)
    return value
