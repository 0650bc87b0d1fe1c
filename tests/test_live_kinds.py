"""Live results of the section kinds: what the presenter's screen shows, checked against a computation written here
(points as on a live poll, mean ranks with ties for unranked options, mean points, shares, median and quartiles)."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from scipy import stats as st

from scanengine import definition, kinds
from tests.factories import AGENDA


@pytest.fixture
def q():
    return definition.parse(copy.deepcopy(AGENDA))


def _question(q, qid):
    entry = next(e for e in q.entries if e.question.id == qid)
    return entry.kind, entry.question


def _check(q, qid, values):
    kind, question = _question(q, qid)
    canonical = [kind.check(question, q, v) for v in values]
    return kind.live_summary(question, q, canonical)


def test_ranking_shows_poll_points_and_mean_ranks_with_the_agreement(q):
    posted = [
        {"wonen": "1", "energie": "2"},
        {"wonen": "1", "mobiliteit": "2"},
        {"energie": "1", "wonen": "2"},
        {"wonen": "1", "energie": "2"},
    ]
    live = _check(q, "themes_top", posted)
    options = ["wonen", "mobiliteit", "energie"]
    ranks = np.array([[float(p.get(o, 0)) for o in options] for p in posted])
    n = len(options)
    points = np.where(ranks > 0, n - ranks + 1, 0).mean(axis=0)  # rank r earns n - r + 1, unranked 0
    full = np.where(ranks > 0, ranks, (2 + 1 + n) / 2)  # the unranked share the ranks left: 3
    by_label = {bar.label["nl"]: bar for bar in live.bars}
    for i, o in enumerate(options):
        bar = by_label[o.capitalize()]
        assert bar.figure.params["points"] == pytest.approx(points[i])
        assert bar.figure.params["rank"] == pytest.approx(full[:, i].mean())
    assert [b.label["nl"] for b in live.bars] == ["Wonen", "Energie", "Mobiliteit"]  # most points first
    assert live.bars[0].fraction == pytest.approx(1.0)
    chi2 = st.friedmanchisquare(*full.T).statistic
    assert live.note.params["w"] == pytest.approx(chi2 / (len(posted) * (n - 1)))
    assert live.n == 4


def test_points_show_the_mean_per_option(q):
    posted = [
        {"wonen": "50", "mobiliteit": "25", "energie": "25"},
        {"wonen": "100"},
        {"mobiliteit": "60", "energie": "40"},
    ]
    live = _check(q, "budget", posted)
    means = [(50 + 100 + 0) / 3, (25 + 0 + 60) / 3, (25 + 0 + 40) / 3]
    assert [b.figure.params["mean"] for b in live.bars] == pytest.approx(means)
    assert [b.fraction for b in live.bars] == pytest.approx([m / 100 for m in means])


def test_choice_shows_shares_including_dont_know(q):
    posted = [["lokaal", "regio"], ["regio"], "dk", ["rijk"]]
    live = _check(q, "level", posted)
    assert [b.label["nl"] for b in live.bars] == ["Lokaal", "Regio", "Rijk", "Weet niet"]
    assert [b.fraction for b in live.bars] == pytest.approx([1 / 4, 2 / 4, 1 / 4, 1 / 4])
    assert live.n == 4


def test_number_shows_median_and_quartiles_never_an_extreme(q):
    posted = ["10", "12,5", "20", "dk", "30"]
    live = _check(q, "savings", posted)
    values = np.array([10, 12.5, 20, 30])
    assert live.bars == ()
    assert live.note.params["median"] == pytest.approx(np.median(values))
    assert (live.note.params["q1"], live.note.params["q3"]) == pytest.approx(
        tuple(np.percentile(values, [25, 75]))
    )
    assert not {"min", "max"} & set(live.note.params)


def test_every_kind_with_answers_has_a_live_result_or_says_it_has_none(q):
    """Open answers and background never appear live; every other kind brings its own result."""
    shown = {k.name for k in kinds.all() if type(k).live_summary is not kinds.base.Kind.live_summary}
    assert shown == {"statement", "ranking", "points", "number", "choice", "matrix"}


def test_a_page_takes_the_answers_of_questions_with_a_field_per_option(q):
    """A ranking's fields ``<question>.<option>`` arrive under the question's id, as the form keeps them: the
    page accepts them (and still refuses an unknown question and a bad value)."""
    from scanengine import live

    page = next(p for p in live.pages(q) if any(e.question.id == "themes_top" for e in p.entries))
    live.check_page_answers(q, page, {"themes_top": {"wonen": "1", "energie": "2"}})
    with pytest.raises(kinds.AnswerError, match="Unknown field"):
        live.check_page_answers(q, page, {"themes_top.wonen": "1"})
    with pytest.raises(kinds.AnswerError):
        live.check_page_answers(q, page, {"themes_top": {"wonen": "9"}})
