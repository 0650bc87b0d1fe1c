"""analysis.analyse against a slow, direct computation on small synthetic rounds (responses inserted packed)."""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pytest
from scipy import stats as sst

from scanengine import analysis, definition, maintenance, rounds, stats
from scanengine.responses import RoundData
from tests import oracles
from tests.factories import direct_scores, make_round, synthetic


def direct_describe(xs):
    n = len(xs)
    mean = statistics.fmean(xs)
    sd = statistics.stdev(xs)
    hw = sst.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return n, mean, sd, statistics.median(xs), mean - hw, mean + hw


# -- the comparison with a slow direct computation, one test per figure -------------------------------------------

SIZES = {"Gemeente A": 30, "Gemeente B": 25, "Regio": 20}


@dataclass
class Case:
    q: definition.Questionnaire
    resp: list
    scores: list[dict]
    res: analysis.Results

    def by_key(self, dim_id, key_of):
        out: dict[str, list[float]] = {}
        for r, s in zip(self.resp, self.scores, strict=True):
            if s[dim_id] is not None:
                out.setdefault(key_of(r), []).append(s[dim_id])
        return out


@pytest.fixture
def case(session, mini):
    resp = synthetic(mini, SIZES, seed=3, shift={"Gemeente A": 0.6, "Regio": -0.4})
    rnd = make_round(session, mini, [("Gemeente A", 40), ("Gemeente B", 30), ("Regio", 25)], resp)
    return Case(mini, resp, direct_scores(mini, resp), analysis.analyse(session, rnd))


KEYED = {"group": lambda r: r[0], "role": lambda r: r[1].get("role") or analysis.UNKNOWN_KEY}


def check_counts(c: Case):
    res = c.res
    assert res.n == 75 and res.expected == 95 and res.response_rate == pytest.approx(75 / 95)
    assert [g.name for g in res.group_counts] == list(SIZES)
    assert [g.responses for g in res.group_counts] == list(SIZES.values())


def check_dimension_descriptives(c: Case):
    for d, dim in enumerate(c.q.dimensions):
        got = c.res.dimensions[d]
        n, mean, sd, median, lo, hi = direct_describe([s[dim.id] for s in c.scores if s[dim.id] is not None])
        assert (got.n, got.mean, got.sd, got.median) == (n, pytest.approx(mean), pytest.approx(sd), median)
        assert (got.ci_low, got.ci_high) == (pytest.approx(lo), pytest.approx(hi))


def check_band(c: Case):
    for d, dim in enumerate(c.q.dimensions):
        mean = statistics.fmean([s[dim.id] for s in c.scores if s[dim.id] is not None])
        assert c.res.dimensions[d].band_index == next(i for i, b in enumerate(c.q.bands) if mean >= b.min)


def check_groups(c: Case):
    """Per invitation group and per role (with "_unknown" for a blank role)."""
    for d, dim in enumerate(c.q.dimensions):
        for breakdown, key_of in KEYED.items():
            by_key = c.by_key(dim.id, key_of)
            shown = [g for g in c.res.dimensions[d].groups if g.breakdown == breakdown]
            assert {g.key for g in shown} >= set(by_key)
            for g in shown:
                n_g, mean_g, sd_g, med_g, lo_g, hi_g = direct_describe(by_key[g.key])
                assert not g.suppressed
                assert (g.n, g.mean, g.sd, g.median) == (
                    n_g,
                    pytest.approx(mean_g),
                    pytest.approx(sd_g),
                    med_g,
                )
                assert (g.ci_low, g.ci_high) == (pytest.approx(lo_g), pytest.approx(hi_g))


def check_kruskal(c: Case):
    for d, dim in enumerate(c.q.dimensions):
        got = c.res.dimensions[d]
        for breakdown, key_of in KEYED.items():
            by_key = c.by_key(dim.id, key_of)
            shown = [g for g in got.groups if g.breakdown == breakdown]
            samples = [
                by_key[g.key] for g in shown if g.key != analysis.UNKNOWN_KEY and len(by_key[g.key]) >= 5
            ]
            h, p = sst.kruskal(*samples)
            n_all = sum(len(x) for x in samples)
            t = got.tests[breakdown]
            assert isinstance(t, analysis.Kruskal)
            assert (t.H, t.p, t.df) == (pytest.approx(h), pytest.approx(p), len(samples) - 1)
            assert t.epsilon2 == pytest.approx(h / ((n_all**2 - 1) / (n_all + 1)))


def check_icc(c: Case):
    """ICC over invitation groups, from a hand-written one-way ANOVA."""
    for d, dim in enumerate(c.q.dimensions):
        got = c.res.dimensions[d]
        groups = c.by_key(dim.id, KEYED["group"])
        N, G = sum(map(len, groups.values())), len(groups)
        grand = statistics.fmean([x for v in groups.values() for x in v])
        msb = sum(len(v) * (statistics.fmean(v) - grand) ** 2 for v in groups.values()) / (G - 1)
        msw = sum((x - statistics.fmean(v)) ** 2 for v in groups.values() for x in v) / (N - G)
        n_bar = (N - sum(len(v) ** 2 for v in groups.values()) / N) / (G - 1)
        assert got.icc1 == pytest.approx((msb - msw) / (msb + (n_bar - 1) * msw))
        assert got.icc2 == pytest.approx((msb - msw) / msb)


def _recoded(c: Case, item):
    raw = [r[2].get(item.id) for r in c.resp if c.q.is_shown(item, r[1])]
    answered = [a for a in raw if a not in (None, "dk")]
    return raw, answered, [c.q.scale.points + 1 - a if item.reverse else a for a in answered]


def check_items(c: Case):
    """Items: recoded mean and SD, raw shares over answered + dk."""
    points = c.q.scale.points
    for d, dim in enumerate(c.q.dimensions):
        for it_res, item in zip(c.res.dimensions[d].items, dim.items, strict=True):
            raw, answered, rec = _recoded(c, item)
            base = len(answered) + raw.count("dk")
            assert (it_res.n, it_res.shown) == (len(answered), len(raw))
            assert it_res.mean == pytest.approx(statistics.fmean(rec))
            assert it_res.sd == pytest.approx(statistics.stdev(rec))
            assert it_res.shares == pytest.approx([answered.count(p) / base for p in range(1, points + 1)])
            assert it_res.dk_share == pytest.approx(raw.count("dk") / base)


def check_rwg_j(c: Case):
    """rwg_j (James, Demaree & Wolf 1984) from the item variances."""
    points = c.q.scale.points
    for d, dim in enumerate(c.q.dimensions):
        item_vars = [statistics.variance(_recoded(c, item)[2]) for item in dim.items]
        s2, sigma2, J = statistics.fmean(item_vars), (points**2 - 1) / 12, len(item_vars)
        want = 0.0 if s2 >= sigma2 else J * (1 - s2 / sigma2) / (J * (1 - s2 / sigma2) + s2 / sigma2)
        assert c.res.dimensions[d].rwg_j == pytest.approx(want)


def check_alpha(c: Case):
    """Cronbach's alpha on complete rows, with the Feldt interval."""
    points = c.q.scale.points
    for d, dim in enumerate(c.q.dimensions):
        got, J, complete = c.res.dimensions[d], len(dim.items), []
        for _g, bg, answers, _o in c.resp:
            row = [answers.get(it.id) for it in dim.items]
            if all(a not in (None, "dk") for a in row) and all(c.q.is_shown(it, bg) for it in dim.items):
                complete.append(
                    [points + 1 - a if it.reverse else a for a, it in zip(row, dim.items, strict=True)]
                )
        cols = list(zip(*complete, strict=True))
        alpha = (
            J
            / (J - 1)
            * (1 - sum(statistics.variance(x) for x in cols) / statistics.variance(map(sum, complete)))
        )
        assert got.alpha_n == len(complete)
        assert got.alpha == pytest.approx(alpha)
        lo_a, hi_a = stats.cronbach_alpha_ci(alpha, len(complete), J)
        assert got.alpha_ci == (pytest.approx(lo_a), pytest.approx(hi_a))


def check_strongest_weakest(c: Case):
    """Strongest / weakest statements by item mean."""
    means = {it.id: it.mean for d in c.res.dimensions for it in d.items}
    assert [it.id for it in c.res.strongest] == sorted(means, key=lambda i: -means[i])[:5]
    assert [it.id for it in c.res.weakest] == sorted(means, key=lambda i: means[i])[:5]


def check_gaps(c: Case):
    """Gaps: largest max - min over shown groups, per dimension and breakdown."""
    res = c.res
    assert res.gaps and res.gaps == sorted(res.gaps, key=lambda g: -g.diff)
    for gap in res.gaps:
        shown = [
            g
            for g in res.dimension(gap.dimension_id).groups
            if g.breakdown == gap.breakdown and not g.suppressed and g.key != analysis.UNKNOWN_KEY
        ]
        assert gap.diff == pytest.approx(max(g.mean for g in shown) - min(g.mean for g in shown))


def check_open_answers(c: Case):
    """Open answers: every text, alphabetically."""
    assert c.res.open_answers["improve"] == sorted(
        (r[3]["improve"] for r in c.resp), key=lambda t: (t.casefold(), t)
    )


def check_plain_data(c: Case):
    json.dumps(c.res.to_dict())  # plain JSON, no NaN
    assert c.res.to_dict()["questionnaire"] == {"id": "mini", "version": "1.0", "title": dict(c.q.title)}


FIGURES = {
    f.__name__.removeprefix("check_"): f
    for f in (
        check_counts,
        check_dimension_descriptives,
        check_band,
        check_groups,
        check_kruskal,
        check_icc,
        check_items,
        check_rwg_j,
        check_alpha,
        check_strongest_weakest,
        check_gaps,
        check_open_answers,
        check_plain_data,
    )
}


@pytest.mark.parametrize("figure", FIGURES)
def test_analyse_matches_direct_computation(case, figure):
    FIGURES[figure](case)


def test_direct_computation_can_fail(case):
    """Negative control: a wrong figure in the results is caught by its check."""
    case.res.dimensions[0].mean += 0.01
    with pytest.raises(AssertionError):
        check_dimension_descriptives(case)
    case.res.dimensions[1].tests["group"].H *= 1.01
    with pytest.raises(AssertionError):
        check_kruskal(case)


def test_show_if_reverse_dk_and_half_rule(session, mini):
    """Hand-made respondents whose scores are known: c2 is reversed, c3 only shown to the council."""
    people = [
        # council, all three competence items shown; c2=1 reversed -> 4: (4 + 4 + 1) / 3
        ("A", {"role": "raad"}, {"c1": 4, "c2": 1, "c3": 1, "i1": 2, "i2": 3}, None),
        # council, one of three shown answered: below half -> no competence score
        ("A", {"role": "raad"}, {"c1": 3, "c2": "dk", "i1": 4, "i2": "dk"}, None),
        # civil servant: c3 not shown, c1 answered and c2 don't know -> 1 of 2 answered, score 2
        ("A", {"role": "ambtenaar"}, {"c1": 2, "c2": "dk", "i1": 1, "i2": 1}, None),
        # no role: c3 hidden (an unanswered background question hides it); c2=4 reversed -> 1: (3 + 1) / 2
        ("A", {}, {"c1": 3, "c2": 4, "i1": 4, "i2": 4}, None),
        # college: nothing answered -> no score at all
        ("A", {"role": "college"}, {"c1": "dk"}, None),
    ]
    rnd = make_round(session, mini, [("A", None)], people, k=3)
    res = analysis.analyse(session, rnd)
    comp, integ = res.dimension("competence"), res.dimension("integrity")
    assert comp.n == 3 and comp.mean == pytest.approx((3 + 2 + 2) / 3)
    assert integ.n == 4 and integ.mean == pytest.approx((2.5 + 4 + 1 + 4) / 4)
    c2 = next(i for i in comp.items if i.id == "c2")
    assert (c2.n, c2.shown, c2.dk_share) == (2, 5, pytest.approx(2 / 4))
    assert c2.mean == pytest.approx((4 + 1) / 2) and c2.shares == pytest.approx([1 / 4, 0, 0, 1 / 4])
    c3 = next(i for i in comp.items if i.id == "c3")
    assert (c3.n, c3.shown) == (1, 2)
    assert c3.mean is None  # one answer: fewer than k, no figures
    data = analysis.compute(mini, analysis.load_round_data(session, mini, rnd.id))
    direct = direct_scores(mini, people)
    for d, dim in enumerate(mini.dimensions):
        ours = sorted(x for x in data.scores[:, d] if not np.isnan(x))
        theirs = sorted(s[dim.id] for s in direct if s[dim.id] is not None)
        assert ours == pytest.approx(theirs)


def test_answer_to_a_hidden_statement_is_ignored(mini):
    """A stored answer to a statement the respondent was not shown does not count (not in n, not in the score)."""
    a = np.array([[4, 4, 4, 2, 2]], dtype=np.uint8)  # c3 answered although the role hides it
    c = analysis.compute(mini, RoundData(a, np.array([[3]], np.uint8), np.array([1])))
    assert np.isnan(c.values[0, 2])
    assert c.scores[0, 0] == pytest.approx((4 + 1) / 2)


def test_shown_mask_equals_is_shown(mini):
    """The vectorised show_if equals Questionnaire.is_shown for every background code."""
    bg = np.array([[0], [1], [2], [3]], dtype=np.uint8)
    mask = analysis.shown_mask(mini, bg)
    for r, code in enumerate(bg[:, 0]):
        background = {"role": mini.background[0].options[code - 1].id} if code else {}
        assert list(mask[r]) == [mini.is_shown(it, background) for it in mini.items]


# -- the counts the analysis tabulates equal the sample-based oracles ---------------------------------------------


def test_item_counts_and_rwg_equal_sample_based_oracles(mini):
    rng = np.random.default_rng(2)
    raw = rng.choice(np.array([0, 1, 2, 3, 4, 255], dtype=np.uint8), size=(400, len(mini.items)))
    bg = rng.integers(0, 4, (400, 1)).astype(np.uint8)
    c = analysis.compute(mini, RoundData(raw, bg, np.zeros(400, np.int64)))
    counts, dk, shown = analysis.item_counts(c)
    ref = stats.scale_shares(np.where(c.shown, raw, 0), mini.scale.points)
    np.testing.assert_array_equal(counts, ref.counts)
    np.testing.assert_array_equal(shown, c.shown.sum(axis=0))
    np.testing.assert_allclose(dk / (counts.sum(axis=1) + dk), ref.dk)
    var = stats.count_variances(counts, mini.scale.points)
    for idx in c.dim_items:
        assert stats.rwg_j_from_variances(var[idx], 4) == pytest.approx(oracles.rwg_j(c.values[:, idx], 4))


def test_other_scale_length(session):
    """A 7-point definition without background questions or don't know: nothing assumes 4 or 5 points."""
    t = lambda s: {"nl": s}  # noqa: E731
    q = definition.parse(
        {
            "id": "zeven",
            "version": "1",
            "title": t("Zeven"),
            "scale": {"points": 7, "labels": {"nl": [str(i) for i in range(1, 8)]}},
            "bands": [{"min": 5, "label": t("Hoog")}, {"min": 1, "label": t("Laag")}],
            "dimensions": [
                {
                    "id": "d",
                    "title": t("D"),
                    "items": [{"id": "a", "text": t("a")}, {"id": "b", "text": t("b"), "reverse": True}],
                }
            ],
        }
    )
    people = [("G", {}, {"a": v, "b": 8 - v}, None) for v in (1, 3, 5, 7, 7, 6)]
    rnd = make_round(session, q, [("G", None)], people)
    res = analysis.analyse(session, rnd)
    d = res.dimensions[0]
    assert d.n == 6 and d.mean == pytest.approx(statistics.fmean([1, 3, 5, 7, 7, 6]))
    assert d.alpha == pytest.approx(1.0) and len(d.items[0].shares) == 7
    assert res.breakdowns == [("group", {"nl": "Organisatie"})]
    assert d.band_index == (0 if d.mean >= 5 else 1)


def test_empty_round(session, mini):
    rnd = make_round(session, mini, [("A", 10)], [], close=False)
    res = analysis.analyse(session, rnd)
    assert res.n == 0 and res.suppressed and all(d.mean is None for d in res.dimensions)
    assert res.status == "open" and res.response_rate == 0.0
    assert res.closed_at is None and isinstance(res.to_dict(), dict)


def test_summary_stored_and_kept(session, mini):
    resp = synthetic(mini, {"A": 12, "B": 9}, seed=8)
    rnd = make_round(session, mini, [("A", 20), ("B", 20)], resp)
    summary = analysis.store_summary(session, rnd)
    session.commit()
    res = analysis.analyse(session, rnd)
    assert summary["n"] == 21 and summary["k"] == 5
    for d in res.dimensions:
        assert summary["dimensions"][d.id]["mean"] == pytest.approx(d.mean)
        assert summary["dimensions"][d.id]["n"] == d.n
    assert summary["items"]["c1"]["mean"] == pytest.approx(res.dimensions[0].items[0].mean)
    assert [(g["name"], g["responses"]) for g in summary["group_counts"]] == [("A", 12), ("B", 9)]
    session.refresh(rnd)
    assert rnd.summary == summary
    rnd.purged_at = datetime.now(UTC)
    assert analysis.store_summary(session, rnd) == summary  # a purged round keeps what it has
    open_rnd = make_round(session, mini, [("A", 5)], [], close=False, name="open")
    with pytest.raises(rounds.RoundError, match="only a closed round"):
        analysis.store_summary(session, open_rnd)


def test_round_close_stores_summary(cli, session, mini_path):
    out = cli(
        "round", "create", "--questionnaire", mini_path, "--name", "R", "--cooperation", "C", "--group", "A=9"
    )
    rid = int(out.output.strip().splitlines()[-1])
    cli("round", "open", rid)
    cli("round", "close", rid)
    session.expire_all()
    rnd = rounds.get_round(session, rid)
    assert rnd.summary is not None and rnd.summary["n"] == 0


def test_purged_round_is_analysed_from_its_summary(session, mini):

    resp = synthetic(mini, {"A": 14, "B": 11, "C": 3}, seed=9)
    rnd = make_round(session, mini, [("A", 20), ("B", 20), ("C", 5)], resp)
    before = analysis.analyse(session, rnd)
    maintenance.purge_round(session, rnd)  # keeps the summary, deletes the raw answers
    session.commit()
    after = analysis.analyse(session, rnd)
    assert after.n == before.n and after.response_rate == before.response_rate
    assert [(g.name, g.responses, g.suppressed) for g in after.group_counts] == [
        (g.name, g.responses, g.suppressed) for g in before.group_counts
    ]
    for b, a in zip(before.dimensions, after.dimensions, strict=True):
        assert (a.n, a.mean, a.sd, a.band_index) == (
            b.n,
            pytest.approx(b.mean),
            pytest.approx(b.sd),
            b.band_index,
        )
        assert (a.ci_low, a.ci_high) == (pytest.approx(b.ci_low), pytest.approx(b.ci_high))
        assert a.groups == [] and a.rwg_j is None
        for bi, ai in zip(b.items, a.items, strict=True):
            assert ai.mean == (pytest.approx(bi.mean) if bi.n >= 5 else None)
    assert after.open_answers == {"improve": []} and after.gaps == []
    assert any("verwijderd" in n.render("nl") for n in after.notes)


def test_band_index_is_the_one_band_lookup(mini):
    """Questionnaire.band_index: the first band (descending by min) the mean reaches; what every consumer uses."""
    lows = [b.min for b in mini.bands]
    assert lows == sorted(lows, reverse=True)
    assert mini.band_index(lows[0]) == 0
    assert mini.band_index(lows[0] - 0.01) == 1
    assert mini.band_index(lows[-1]) == len(lows) - 1
    assert mini.band_index(lows[-1] - 0.5) is None
    assert mini.band_index(float("nan")) is None and mini.band_index(None) is None
    assert mini.band_for(lows[0], "en") == mini.bands[0].label["en"]


def test_layers_analysis_and_stats_import_no_edge():
    """stats imports nothing of the package; the analysis nothing of the web layer, the report or the exports."""
    import subprocess
    import sys

    code = (
        "import sys, scanengine.{mod}; "
        "print(' '.join(m for m in sys.modules if m.startswith(('scanengine', 'flask'))))"
    )
    for mod, banned in (
        ("stats", ("scanengine.",)),
        ("analysis", ("scanengine.web", "scanengine.report", "scanengine.export", "flask")),
    ):
        out = subprocess.run(
            [sys.executable, "-c", code.format(mod=mod)], capture_output=True, text=True, check=True
        )
        loaded = [m for m in out.stdout.split() if m not in ("scanengine", f"scanengine.{mod}")]
        assert not [m for m in loaded if m.startswith(banned)], (mod, loaded)
