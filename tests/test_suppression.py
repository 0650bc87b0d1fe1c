"""The anonymity rules in the Results object: groups below k, complementary suppression, small rounds, open answers."""

from __future__ import annotations

import numpy as np
import pytest

from scanengine import analysis, texts
from tests.factories import make_round, people, synthetic


def groups_of(res, breakdown="group", dim=0):
    return {g.key: g for g in res.dimensions[dim].groups if g.breakdown == breakdown}


# -- the rule itself ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "hidden"),
    [
        ([10, 8, 6], [False, False, False]),  # nobody below k
        ([10, 8, 3], [False, True, True]),  # one below k: the smallest shown group (8) goes too
        ([10, 3, 2], [False, True, True]),  # two below k: their sum is all one can derive, nothing extra
        ([3, 2, 4], [True, True, True]),  # all below k
        (
            [10, 0, 3],
            [True, False, True],
        ),  # an empty group is no cover: the only other group with people goes
        ([10, 3], [True, True]),  # two groups, one small: both hidden
        ([7, 9, 3, 0], [True, False, True, False]),  # ties broken towards the smallest
    ],
)
def test_suppress_rule(n, hidden):
    assert list(analysis.suppress(np.array(n), 5)) == hidden


def test_suppress_forced_counts_as_hidden():
    """A group hidden at a higher level (forced) counts: with it, one more hidden group needs no partner."""
    assert list(analysis.suppress(np.array([10, 8, 6]), 5, np.array([False, False, True]))) == [
        False,
        True,
        True,
    ]
    assert list(analysis.suppress(np.array([10, 8, 3]), 5, np.array([False, True, False]))) == [
        False,
        True,
        True,
    ]


# -- in the results ---------------------------------------------------------------------------------------------


def test_one_group_below_k_and_its_complement(session, mini):
    resp = people(mini, "A", 10) + people(mini, "B", 7, value=4) + people(mini, "C", 3, value=1)
    rnd = make_round(session, mini, [("A", 12), ("B", 8), ("C", 4)], resp)
    res = analysis.analyse(session, rnd)
    g = groups_of(res)
    assert (
        not g["A"].suppressed and g["A"].n == 10 and g["A"].mean == pytest.approx((3 + 2) / 2)
    )  # c2 reversed
    for key in ("B", "C"):  # C is below k; B is the smallest shown group and goes with it
        assert g[key].suppressed
        assert (g[key].n, g[key].mean, g[key].sd, g[key].median, g[key].ci_low, g[key].ci_high) == (None,) * 6
    counts = {c.name: c for c in res.group_counts}
    assert counts["A"].responses == 10 and not counts["A"].suppressed
    assert counts["B"].responses is None and counts["C"].responses is None and counts["C"].suppressed
    assert counts["C"].expected == 4  # the invitation size is no secret
    # total minus the shown groups no longer gives one group: B and C are only known together
    assert res.dimensions[0].n == 20
    # open answers only from A; the others are counted as withheld
    assert res.open_answers["improve"] == sorted(f"A {i}" for i in range(10))
    assert res.open_answers_withheld == 10
    nl = " ".join(n.render("nl") for n in res.notes)
    assert "1 groep met minder dan 5 respondenten is niet getoond" in nl
    assert "zodat een verborgen groep niet uit het totaal kan worden afgeleid" in nl
    assert all(texts.has(n.key) and n.render("en") != n.render("nl") for n in res.notes)  # both languages
    # nothing of B or C leaks through tests, gaps or the export
    assert res.dimensions[0].tests["group"].groups == []
    assert not [gap for gap in res.gaps if gap.breakdown == "group"]


def test_two_groups_below_k(session, mini):
    resp = people(mini, "A", 10) + people(mini, "B", 6) + people(mini, "C", 3) + people(mini, "D", 2)
    rnd = make_round(session, mini, [("A", None), ("B", None), ("C", None), ("D", None)], resp)
    g = groups_of(analysis.analyse(session, rnd))
    assert [g[k].suppressed for k in "ABCD"] == [False, False, True, True]
    assert (g["A"].n, g["B"].n) == (10, 6)


def test_all_groups_below_k_but_round_large_enough(session, mini):
    resp = people(mini, "A", 4) + people(mini, "B", 3) + people(mini, "C", 2)
    rnd = make_round(session, mini, [("A", None), ("B", None), ("C", None)], resp)
    res = analysis.analyse(session, rnd)
    assert all(g.suppressed for g in groups_of(res).values())
    assert res.dimensions[1].n == 9 and res.dimensions[1].mean == pytest.approx(3.0)  # the total is shown
    assert res.open_answers == {"improve": []} and res.open_answers_withheld == 9


def test_round_below_k_shows_nothing(session, mini):
    resp = people(mini, "A", 2) + people(mini, "B", 2)
    rnd = make_round(session, mini, [("A", 10), ("B", 10)], resp)
    res = analysis.analyse(session, rnd)
    assert res.suppressed and res.n == 4
    for d in res.dimensions:
        assert (d.n, d.mean, d.sd, d.rwg_j, d.alpha, d.icc1, d.band_index, d.benchmark, d.trend) == (
            None,
        ) * 9
        assert all(g.suppressed and g.n is None for g in d.groups)
        assert all(i.mean is None and i.n is None and i.shares is None for i in d.items)
        assert d.tests == {}
    assert res.strongest == [] and res.weakest == [] and res.gaps == []
    assert all(c.responses is None for c in res.group_counts)
    assert res.open_answers_withheld == 4
    assert "minder dan de minimale groepsgrootte van 5" in res.notes[0].render("nl")
    assert "fewer than the minimum group size of 5" in res.notes[0].render("en")


def test_unknown_background_group_and_complement(session, mini):
    """Respondents without a role form "_unknown" (Niet ingevuld), suppressed like any other group."""
    resp = (
        people(mini, "A", 8, role="ambtenaar")
        + people(mini, "A", 6, role="college")
        + people(mini, "A", 2, role=None)
        + people(mini, "A", 7, role="raad")
    )
    rnd = make_round(session, mini, [("A", None)], resp)
    res = analysis.analyse(session, rnd)
    role = groups_of(res, "role")
    assert role[analysis.UNKNOWN_KEY].suppressed
    assert role[analysis.UNKNOWN_KEY].label == {"nl": "Niet ingevuld", "en": "Not answered"}
    assert role["college"].suppressed  # smallest shown role group, complementary
    assert not role["ambtenaar"].suppressed and not role["raad"].suppressed
    assert groups_of(res)["A"].n == 23  # one invitation group: its figures are the total, nothing hidden
    assert res.open_answers_withheld == 0


def test_no_unknown_group_when_everybody_answered(session, mini):
    resp = people(mini, "A", 6, role="raad") + people(mini, "A", 6, role="college")
    rnd = make_round(session, mini, [("A", None)], resp)
    role = groups_of(analysis.analyse(session, rnd), "role")
    assert analysis.UNKNOWN_KEY not in role
    assert role["ambtenaar"].n == 0 and not role["ambtenaar"].suppressed and role["ambtenaar"].mean is None


def test_cell_below_k_within_a_shown_group(session, mini):
    """A group of enough respondents of whom fewer than k have a score on a dimension: that cell is hidden,
    with a complementary cell, and a note says so."""
    full = people(mini, "A", 8) + people(mini, "B", 9)
    sparse = [("C", {"role": "raad"}, {"i1": 2, "i2": 2}, None) for _ in range(4)] + people(mini, "C", 2)
    rnd = make_round(session, mini, [("A", None), ("B", None), ("C", None)], full + sparse)
    res = analysis.analyse(session, rnd)
    comp = groups_of(res, dim=0)
    integ = groups_of(res, dim=1)
    assert not integ["C"].suppressed and integ["C"].n == 6
    assert comp["C"].suppressed and comp["A"].suppressed and not comp["B"].suppressed
    assert any("die cel niet getoond" in n.render("nl") for n in res.notes)


def test_gaps_and_tests_use_shown_groups_only(session, mini):
    rng_resp = synthetic(mini, {"A": 15, "B": 12}, seed=4, shift={"A": 1.0}, open_text=False)
    tiny = people(mini, "C", 3, value=1)  # extreme, but below k: must not become the "lowest" group
    rnd = make_round(session, mini, [("A", None), ("B", None), ("C", None)], rng_resp + tiny)
    res = analysis.analyse(session, rnd)
    g = groups_of(res)
    assert g["C"].suppressed and g["B"].suppressed  # complementary: B is the smallest shown
    for gap in res.gaps:
        assert "C" not in (gap.high_key, gap.low_key)
    assert all(d.tests["group"].groups == [] for d in res.dimensions)
