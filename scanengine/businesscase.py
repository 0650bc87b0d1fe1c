"""The ``businesscase`` block of a definition: what the partners save each year against what the change costs once
(docs/architecture.md, "Business case").

A definition may carry one block naming two number questions that each respondent answers for their own
organisation (``"estimate_for": "group"``, the link's invitation group): ``yearly`` (the saving per year) and
``one_off`` (the transition cost), and the horizon over which the net result is counted. The figures (per group
and in total: yearly, one-off, payback years, net over the horizon, three scenarios) are computed in
:mod:`scanengine.analysis.businesscase` with the functions of :mod:`scanengine.stats`.

This module holds the model and its rules; it imports nothing from the web, the analysis or the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scanengine.kinds.base import Strict
from scanengine.texts import Note

if TYPE_CHECKING:
    from scanengine.definition import Questionnaire

MIN_HORIZON, MAX_HORIZON = 1, 50  #: years
ESTIMATE_KIND = "number"


class Businesscase(Strict):
    """The businesscase block (see the module docstring)."""

    yearly: str
    one_off: str
    horizon_years: int = 5


def problems(q: Questionnaire) -> Iterator[tuple[str, Note]]:
    """The block's rules as (JSON path, problem: a key of ``texts/definition.py``): ``yearly`` and ``one_off`` name two different number questions
    that each respondent estimates for their own organisation (``"estimate_for": "group"``); the horizon is
    1 to 50 years."""
    b = q.businesscase
    if b is None:
        return
    questions = {e.question.id: e for e in q.entries}
    for name in ("yearly", "one_off"):
        qid = getattr(b, name)
        path = f"businesscase.{name}"
        entry = questions.get(qid)
        if entry is None:
            yield path, Note("def_bc_unknown", {"question": qid})
        elif entry.kind.name != ESTIMATE_KIND:
            yield path, Note("def_bc_kind", {"question": qid, "kind": entry.kind.name})
        elif getattr(entry.question, "estimate_for", None) != "group":
            yield path, Note("def_bc_per_group", {"question": qid})
    if b.yearly == b.one_off:
        yield "businesscase.one_off", Note("def_bc_same", {"question": b.yearly})
    if not MIN_HORIZON <= b.horizon_years <= MAX_HORIZON:
        horizon = {"min": MIN_HORIZON, "max": MAX_HORIZON, "got": b.horizon_years}
        yield "businesscase.horizon_years", Note("def_horizon_range", horizon)
