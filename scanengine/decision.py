"""The ``decision`` block of a definition: alternatives weighed on criteria (docs/architecture.md, "Decision aid").

A definition may carry one decision block. Respondents give weights in a points question whose options are the
criteria; the block's ``scores`` (the instrument's expert judgement, 1 to 5) rate every alternative on every
criterion; knock-outs are choice questions whose chosen options rule alternatives out for that respondent. The
figures are computed in :mod:`scanengine.analysis.decision` with the functions of :mod:`scanengine.stats`.

This module holds the model and its rules; it imports nothing from the web, the analysis or the report.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from pydantic import Field

from scanengine.kinds.base import Strict, Text, bad_id
from scanengine.texts import Note

if TYPE_CHECKING:
    from scanengine.definition import Questionnaire

MIN_SCORE, MAX_SCORE = 1, 5  #: the range of a score in ``scores``
WEIGHTS_KIND, KNOCKOUT_KIND = "points", "choice"


class Alternative(Strict):
    """One option of the choice (a legal form)."""

    id: str
    label: Text
    description: Text | None = None


class Criterion(Strict):
    """One criterion the alternatives are weighed on; a respondent's weight is the points given to it."""

    id: str
    label: Text
    description: Text | None = None


class Knockout(Strict):
    """Choosing any of ``options`` in the choice question ``question`` rules the alternatives ``excludes`` out."""

    question: str
    options: list[str] = Field(min_length=1)
    excludes: list[str] = Field(min_length=1)


class Decision(Strict):
    """The decision block (see the module docstring)."""

    title: Text
    intro: Text | None = None
    alternatives: list[Alternative] = Field(min_length=2)
    criteria: list[Criterion] = Field(min_length=2)
    weights: str
    scores: dict[str, dict[str, int]]
    knockouts: list[Knockout] = []
    sources: Text | None = None

    def score_matrix(self) -> list[list[int]]:
        """alternatives x criteria, in the order of the block (the definition is valid, so every score is there)."""
        return [[self.scores[a.id][c.id] for c in self.criteria] for a in self.alternatives]

    def alternative(self, aid: str) -> Alternative:
        return next(a for a in self.alternatives if a.id == aid)


def _lists(d: Decision) -> tuple[tuple[str, Sequence[Alternative | Criterion]], ...]:
    """The block's two lists of labelled entries by name, for the rules and texts they share."""
    return (("alternatives", d.alternatives), ("criteria", d.criteria))


def texts(d: Decision) -> Iterator[tuple[str, Text]]:
    """Every localized text of the block with its JSON path (the definition checks their languages)."""
    yield "decision.title", d.title
    if d.intro is not None:
        yield "decision.intro", d.intro
    for name, items in _lists(d):
        for i, item in enumerate(items):
            yield f"decision.{name}[{i}].label", item.label
            if item.description is not None:
                yield f"decision.{name}[{i}].description", item.description
    if d.sources is not None:
        yield "decision.sources", d.sources


def problems(q: Questionnaire) -> Iterator[tuple[str, Note]]:
    """The block's rules as (JSON path, problem: a text of ``texts/definition.py``): unique ids; ``weights`` a
    points question whose options are exactly the criteria; every alternative scored on every criterion, whole
    numbers 1 to 5; knock-outs naming a choice question, its options and existing alternatives."""
    d = q.decision
    if d is None:
        return
    seen: dict[str, str] = {}
    for name, items in _lists(d):
        for i, item in enumerate(items):
            path = f"decision.{name}[{i}].id"
            problem = bad_id(item.id)
            if problem:
                yield path, problem
            elif item.id in seen:
                yield path, Note("def_duplicate_id", {"value": item.id, "first_at": seen[item.id]})
            else:
                seen[item.id] = path
    alternatives = [a.id for a in d.alternatives]
    criteria = [c.id for c in d.criteria]
    questions = {e.question.id: e for e in q.entries}

    entry = questions.get(d.weights)
    if entry is None:
        yield "decision.weights", Note("def_weights_unknown", {"question": d.weights})
    elif entry.kind.name != WEIGHTS_KIND:
        yield "decision.weights", Note("def_weights_kind", {"question": d.weights, "kind": entry.kind.name})
    else:
        options = [o.id for o in entry.question.options]
        missing = [c for c in criteria if c not in options]
        extra = [o for o in options if o not in criteria]
        if missing:
            listed = ", ".join(map(repr, missing))
            yield "decision.weights", Note("def_weights_missing", {"question": d.weights, "criteria": listed})
        if extra:
            listed = ", ".join(map(repr, extra))
            yield "decision.weights", Note("def_weights_extra", {"question": d.weights, "options": listed})

    for aid in d.scores:
        if aid not in alternatives:
            yield f"decision.scores.{aid}", Note("def_unknown_alternative", {"alternative": aid})
    for aid in alternatives:
        row = d.scores.get(aid)
        if row is None:
            yield "decision.scores", Note("def_not_scored", {"alternative": aid})
            continue
        for cid in row:
            if cid not in criteria:
                yield f"decision.scores.{aid}.{cid}", Note("def_unknown_criterion", {"criterion": cid})
        for cid in criteria:
            if cid not in row:
                yield f"decision.scores.{aid}", Note("def_criterion_not_scored", {"criterion": cid})
            elif not MIN_SCORE <= row[cid] <= MAX_SCORE:
                score = {"min": MIN_SCORE, "max": MAX_SCORE, "got": row[cid]}
                yield f"decision.scores.{aid}.{cid}", Note("def_score_range", score)

    for i, ko in enumerate(d.knockouts):
        path = f"decision.knockouts[{i}]"
        entry = questions.get(ko.question)
        if entry is None:
            yield f"{path}.question", Note("def_knockout_unknown", {"question": ko.question})
        elif entry.kind.name != KNOCKOUT_KIND:
            yield (
                f"{path}.question",
                Note("def_knockout_kind", {"question": ko.question, "kind": entry.kind.name}),
            )
        else:
            choice_ids = {o.id for o in entry.question.options}
            for j, opt in enumerate(ko.options):
                if opt not in choice_ids:
                    yield (
                        f"{path}.options[{j}]",
                        Note("def_unknown_option", {"option": opt, "question": ko.question}),
                    )
        for j, aid in enumerate(ko.excludes):
            if aid not in alternatives:
                yield f"{path}.excludes[{j}]", Note("def_unknown_alternative", {"alternative": aid})
