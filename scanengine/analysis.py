"""A round -> :class:`Results`: scores, spread, agreement, reliability, group differences, trend, benchmark.

Every consumer (the PDF report, the results page, the exports) reads the same :class:`Results`, so the
anonymity rules of SPEC section 4 are applied here, once, in the object itself:

* a group of fewer than ``k`` respondents (``0 < n < k``) is suppressed: it carries no figures, not even n;
* complementary suppression: when exactly one group of a breakdown is suppressed, the smallest shown group is
  suppressed too, so the hidden group cannot be recovered as "total minus the others";
* respondents without an answer to a background question form their own ``_unknown`` group, under the same rules;
* a round of fewer than ``k`` respondents shows no figure at all;
* open answers come only from respondents whose invitation group is shown;
* gaps and Kruskal-Wallis tests use shown groups only.

The computation is one bulk read (:func:`scanengine.responses.load_round_data`) and numpy over all respondents at
once, using the pure functions of :mod:`scanengine.stats` (SPEC section 7 gives the formulas).
Texts that come from the definition stay ``{lang: text}`` dicts so each consumer localises.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scanengine.definition import Questionnaire

Text = dict[str, str]

GROUP_BREAKDOWN = "group"
UNKNOWN_KEY = "_unknown"
UNKNOWN_LABEL: Text = {"nl": "Niet ingevuld", "en": "Not answered"}
GROUP_BREAKDOWN_TITLE: Text = {"nl": "Organisatie", "en": "Organisation"}
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
    n: int | None  # answered (1..points); None when suppressed
    shown: int | None  # shown to (after show_if)
    mean: float | None
    sd: float | None
    shares: list[float] | None  # per raw scale point 1..points, over answered + dk
    dk_share: float | None


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
    tests: dict[str, dict[str, Any]] = field(default_factory=dict)
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
    previous_round: dict | None
    notes: list[Text]

    @property
    def suppressed(self) -> bool:
        """True when the whole round has fewer than k respondents (no figure is shown)."""
        return self.n < self.k

    def dimension(self, dim_id: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.id == dim_id)

    def to_dict(self) -> dict:
        """Everything as JSON-ready data (the questionnaire only as id, version and title)."""
        out = {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self) if f.name != "questionnaire"}
        q = self.questionnaire
        out["questionnaire"] = {"id": q.id, "version": q.version, "title": dict(q.title)}
        return out

    def to_export(self) -> dict:
        """The export JSON of SPEC section 6 (see :func:`scanengine.export.to_json`)."""
        from scanengine.export import export_dict

        return export_dict(self)


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and datetimes -> JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Questionnaire):
        return {"id": value.id, "version": value.version, "title": dict(value.title)}
    return value
