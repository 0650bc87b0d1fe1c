"""Tests for the statistics of rankings, points, numbers, choices and the decision aid (scanengine.stats).

Every figure is checked against published values (../shared/reference/ranking_vectors.json), an independent
implementation (scipy's tie-corrected Friedman test, Newcombe's worked Wilson intervals, numpy) or a slow loop
written straight from the formula.
"""

from __future__ import annotations

import json
import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sst

from scanengine import stats as S
from tests import reference


# --------------------------------------------------------------------------- reference vectors
def _cases() -> list[dict]:
    return reference.cases("ranking_vectors.json")


def test_shipped_copy_matches_reference():
    """The copy in tests/fixtures is the published file, byte for byte, wherever the original is reachable."""
    reference.check_shipped_copy("ranking_vectors.json")


_printed_tol = reference.printed_tol


def _flatten(expected: dict) -> dict[str, float]:
    """{"points": {"X": 2.3}} -> {"points.X": 2.3}."""
    out = {}
    for key, value in expected.items():
        if isinstance(value, dict):
            out.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            out[key] = value
    return out


def _compute_case(case: dict, kendall=S.kendalls_w) -> dict[str, float]:
    if "rows_are_raters" in case:
        r = kendall(np.asarray(case["rows_are_raters"], dtype=float))
        return {"w": r.w, "chi2": r.chi2, "df": r.df}
    if "rankings" in case:
        options = case["options"]
        ranks = np.zeros((len(case["rankings"]), len(options)))
        for i, order in enumerate(case["rankings"]):
            for place, option in enumerate(order, start=1):
                ranks[i, options.index(option)] = place
        res = S.ranking_summary(ranks)
        return {f"points.{o}": res.points[j] for j, o in enumerate(options)}
    raise AssertionError(f"reference case {case['name']!r} has no handler in the tests")


def _compare(case: dict, got: dict[str, float]) -> int:
    checked = 0
    for kind in ("exact", "published"):
        for key, expected in _flatten(case.get(kind, {})).items():
            assert key in got, f"{case['name']}: no computed value for {kind}.{key}"
            tol = _printed_tol(expected)
            assert abs(got[key] - expected) <= tol, (
                f"{case['name']} {kind}.{key}: got {got[key]!r}, expected {expected!r} (tol {tol:g})"
            )
            checked += 1
    return checked


def _case_params():
    try:
        cases = json.loads(reference.path("ranking_vectors.json").read_text(encoding="utf-8"))["cases"]
    except FileNotFoundError:
        return [pytest.param(None, id="missing-vectors")]
    return [pytest.param(c, id=c["name"]) for c in cases]


@pytest.mark.parametrize("case", _case_params())
def test_reference_vectors(case):
    if case is None:
        _cases()  # fails with a clear message
    assert _compare(case, _compute_case(case)) > 0


def test_reference_file_has_all_expected_cases():
    names = {c["name"] for c in _cases()}
    assert {
        "effectsize_kendalls_w_m1",
        "effectsize_kendalls_w_singular_ties",
        "live_poll_ranking_points",
    } <= names


def _w_without_tie_correction(matrix):
    """A deliberately wrong W (no tie correction) for the negative control."""
    r = sst.rankdata(np.asarray(matrix, float), axis=1)
    m, n = r.shape
    s = ((r.sum(axis=0) - m * (n + 1) / 2) ** 2).sum()
    w = 12 * s / (m**2 * (n**3 - n))
    return S.KendallW(w, m * (n - 1) * w, n - 1, math.nan, m)


def test_negative_control_reference_check_fails_on_wrong_w():
    """The comparison catches a W that forgets the tie correction (0.311 instead of 0.4667)."""
    case = next(c for c in _cases() if c["name"] == "effectsize_kendalls_w_singular_ties")
    with pytest.raises(AssertionError, match="singular_ties"):
        _compare(case, _compute_case(case, kendall=_w_without_tie_correction))
    with pytest.raises(AssertionError):
        _compare({"name": "x", "published": {"w": 0.1111}}, {"w": 0.1116})


# --------------------------------------------------------------------------- Kendall's W
def _slow_w(matrix):
    """W straight from the formula with Counter-based tie groups (independent of the vectorised code)."""
    rows = [sst.rankdata(row) for row in np.asarray(matrix, float)]
    m, n = len(rows), len(rows[0])
    sums = [sum(row[j] for row in rows) for j in range(n)]
    s = sum((rj - m * (n + 1) / 2) ** 2 for rj in sums)
    ties = sum(t**3 - t for row in rows for t in Counter(row.tolist()).values())
    return 12 * s / (m**2 * (n**3 - n) - m * ties)


def test_kendalls_w_equals_friedman_with_ties():
    rng = np.random.default_rng(7)
    for m, n, levels in [(5, 3, 3), (12, 4, 3), (30, 6, 4), (8, 9, 9), (50, 5, 2)]:
        x = rng.integers(0, levels, size=(m, n)).astype(float)
        x[0] = np.arange(n)  # at least one untied rater
        res = S.kendalls_w(x)
        chi2, p = sst.friedmanchisquare(*x.T)
        assert res.chi2 == pytest.approx(chi2, rel=1e-10)
        assert res.w == pytest.approx(chi2 / (m * (n - 1)), rel=1e-10)
        assert res.w == pytest.approx(_slow_w(x), rel=1e-12)
        assert res.p == pytest.approx(p, rel=1e-9)
        assert (res.df, res.m) == (n - 1, m)


def test_kendalls_w_edges():
    assert S.kendalls_w(np.array([[1.0, 2, 3], [1, 2, 3]])).w == pytest.approx(1.0)
    assert S.kendalls_w(np.array([[1.0, 2, 3], [3, 2, 1]])).w == pytest.approx(0.0)
    assert math.isnan(S.kendalls_w(np.array([[1.0, 2, 3]])).w)  # one rater
    assert math.isnan(S.kendalls_w(np.array([[2.0, 2], [5, 5]])).w)  # everything tied
    with_nan = S.kendalls_w(np.array([[1.0, 2, 3], [np.nan, 1, 2], [1, 3, 2]]))
    assert with_nan.m == 2
    assert with_nan.w == pytest.approx(_slow_w([[1, 2, 3], [1, 3, 2]]))


@settings(max_examples=80, deadline=None)
@given(
    st.integers(2, 12).flatmap(
        lambda m: st.integers(2, 7).flatmap(
            lambda n: st.lists(st.lists(st.integers(0, 4), min_size=n, max_size=n), min_size=m, max_size=m)
        )
    )
)
def test_kendalls_w_in_unit_interval(rows):
    x = np.asarray(rows, float)
    res = S.kendalls_w(x)
    if math.isnan(res.w):
        assert all(len(set(r)) == 1 for r in rows)
    else:
        assert -1e-12 <= res.w <= 1 + 1e-12
        assert res.w == pytest.approx(_slow_w(x), rel=1e-9, abs=1e-12)


def test_group_kendalls_w_equals_per_group():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 4, size=(60, 5)).astype(float)
    g = rng.integers(-1, 3, size=60)
    res = S.group_kendalls_w(x, g, 4)
    for k in range(4):
        sub = x[g == k]
        if len(sub) >= 2:
            assert res.w[k] == pytest.approx(S.kendalls_w(sub).w, rel=1e-12)
        else:
            assert math.isnan(res.w[k])
    assert math.isnan(res.w[3]) and res.m[3] == 0


# --------------------------------------------------------------------------- rankings
def _slow_ranking(ranks):
    """Mean rank (ties for the unranked), points, share first, share top by plain loops."""
    ranks = np.asarray(ranks, float)
    n = ranks.shape[1]
    rows = [r for r in ranks if any(v > 0 for v in r if not math.isnan(v))]
    full = []
    for r in rows:
        used = [int(v) for v in r if not math.isnan(v) and v > 0]
        left = [p for p in range(1, n + 1) if p not in used]
        fill = sum(left) / len(left) if left else math.nan
        full.append([v if not math.isnan(v) and v > 0 else fill for v in r])
    m = len(rows)
    mean_rank = [sum(f[j] for f in full) / m for j in range(n)]
    points = [sum((n - r[j] + 1) if r[j] > 0 else 0 for r in np.nan_to_num(rows)) / m for j in range(n)]
    first = [sum(1 for r in rows if r[j] == 1) / m for j in range(n)]
    top = [sum(1 for r in rows if not math.isnan(r[j]) and r[j] > 0) / m for j in range(n)]
    return m, np.array(full), mean_rank, points, first, top


def _random_rankings(rng, m, n, top, blank=0.15):
    ranks = np.zeros((m, n))
    for i in range(m):
        if rng.random() < blank:
            continue
        chosen = rng.permutation(n)[:top]
        ranks[i, chosen] = np.arange(1, top + 1)
    ranks[ranks == 0] = rng.choice([0.0, np.nan], size=int((ranks == 0).sum()))
    return ranks


def test_ranking_summary_against_loops_and_friedman():
    rng = np.random.default_rng(11)
    for m, n, top in [(40, 6, 3), (25, 4, 4), (80, 9, 5), (10, 3, 1)]:
        ranks = _random_rankings(rng, m, n, top)
        res = S.ranking_summary(ranks, top=top)
        k, full, mean_rank, points, first, share_top = _slow_ranking(ranks)
        assert res.n == k
        np.testing.assert_allclose(res.mean_rank, mean_rank, rtol=1e-12)
        np.testing.assert_allclose(res.points, points, rtol=1e-12)
        np.testing.assert_allclose(res.share_first, first, rtol=1e-12)
        np.testing.assert_allclose(res.share_top, share_top, rtol=1e-12)
        np.testing.assert_allclose(
            S.complete_ranks(ranks, top)[~np.isnan(S.complete_ranks(ranks, top)[:, 0])], full
        )
        chi2, p = sst.friedmanchisquare(*full.T)
        assert res.chi2 == pytest.approx(chi2, rel=1e-10)
        assert res.w == pytest.approx(chi2 / (k * (n - 1)), rel=1e-10)
        assert res.p == pytest.approx(p, rel=1e-9)
        assert res.df == n - 1
        # every respondent hands out the same points, so the mean points add up to that
        assert res.points.sum() == pytest.approx(sum(n - r + 1 for r in range(1, top + 1)))
        assert res.share_first.sum() == pytest.approx(1.0)
        assert res.share_top.sum() == pytest.approx(top)
        assert res.mean_rank.sum() == pytest.approx(n * (n + 1) / 2)


def test_complete_ranks_ties_for_the_places_left():
    full = S.complete_ranks(np.array([[2, 0, 1, 0, 0], [0, 0, 0, 0, 0], [1, 2, 3, 4, 5]], float), top=None)
    np.testing.assert_array_equal(full[0], [2, 4, 1, 4, 4])  # places 3, 4, 5 -> 4
    assert np.isnan(full[1]).all()
    np.testing.assert_array_equal(full[2], [1, 2, 3, 4, 5])


@pytest.mark.parametrize(
    "row, top, message",
    [
        ([1, 1, 0], None, "each used once"),
        ([1, 3, 0], None, "each used once"),
        ([1, 2.5, 0], None, "whole numbers"),
        ([4, 1, 2], None, "whole numbers from 1 to 3"),
        ([-1, 1, 0], None, "whole numbers"),
        ([1, 2, 0], 1, "exactly 1"),
    ],
)
def test_ranking_bad_input_is_refused(row, top, message):
    ranks = np.array([[1, 0, 0], row], float)
    with pytest.raises(ValueError, match=message) as err:
        S.ranking_summary(ranks, top=top)
    assert "row 1" in str(err.value)


def test_ranking_nobody_answered():
    res = S.ranking_summary(np.zeros((3, 4)))
    assert res.n == 0
    assert np.isnan(res.mean_rank).all() and np.isnan(res.points).all() and math.isnan(res.w)


def test_group_ranking_summary_equals_per_group():
    rng = np.random.default_rng(5)
    ranks = _random_rankings(rng, 90, 7, 3)
    g = rng.integers(-1, 3, size=90)
    res = S.group_ranking_summary(ranks, g, 4, top=3)
    assert res.mean_rank.shape == (4, 7) and res.w.shape == (4,)
    for k in range(3):
        one = S.ranking_summary(ranks[g == k], top=3)
        assert res.n[k] == one.n
        for name in ("mean_rank", "points", "share_first", "share_top"):
            np.testing.assert_allclose(getattr(res, name)[k], getattr(one, name), rtol=1e-12)
        assert res.w[k] == pytest.approx(one.w, rel=1e-12)
        assert res.p[k] == pytest.approx(one.p, rel=1e-12)
    assert res.n[3] == 0 and np.isnan(res.points[3]).all()


# --------------------------------------------------------------------------- choice
NEWCOMBE_1998 = [  # Newcombe (1998), Stat. Med. 17(8), worked examples, method 3 (score), 4 decimals
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize("count, n, low, high", NEWCOMBE_1998)
def test_wilson_textbook_values(count, n, low, high):
    lo, hi = S.wilson_interval(count, n)
    assert abs(lo - low) <= 5e-5 and abs(hi - high) <= 5e-5


def _wilson_by_quadratic(c, n, z=1.959963984540054):
    """The score interval as the roots in p of (p̂ - p)² = z²·p(1 - p)/n (Wilson 1927), solved directly."""
    ph = c / n
    a = 1 + z * z / n
    b = -(2 * ph + z * z / n)
    cc = ph * ph
    disc = math.sqrt(max(b * b - 4 * a * cc, 0.0))
    return (-b - disc) / (2 * a), (-b + disc) / (2 * a)


def test_wilson_against_quadratic_roots_and_edges():
    counts = np.array([0, 1, 5, 17, 40, 40])
    ns = np.array([10, 3, 9, 40, 40, 1000])
    lo, hi = S.wilson_interval(counts, ns)
    for c, n, a, b in zip(counts, ns, lo, hi, strict=True):
        ea, eb = _wilson_by_quadratic(c, n)
        assert a == pytest.approx(ea, abs=1e-12) and b == pytest.approx(eb, abs=1e-12)
    lo0, hi0 = S.wilson_interval(0, 0)
    assert math.isnan(lo0) and math.isnan(hi0)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_contains_the_share(cn):
    c, n = cn
    lo, hi = S.wilson_interval(c, n)
    assert 0.0 <= lo <= c / n + 1e-12 and c / n - 1e-12 <= hi <= 1.0


def test_choice_summary_single_and_multiple():
    single = np.array([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 0], [1, 0, 0]], bool)
    res = S.choice_summary(single)
    assert res.n == 4
    np.testing.assert_array_equal(res.count, [3, 1, 0])
    np.testing.assert_allclose(res.share, [0.75, 0.25, 0.0])
    assert res.share.sum() == pytest.approx(1.0)
    lo, hi = S.wilson_interval(np.array([3, 1, 0]), 4)
    np.testing.assert_allclose(res.ci_low, lo)
    np.testing.assert_allclose(res.ci_high, hi)
    multi = np.array([[1, 1, 0], [1, np.nan, 1], [np.nan, np.nan, np.nan]])
    res = S.choice_summary(multi)
    assert res.n == 2
    np.testing.assert_array_equal(res.count, [2, 1, 1])
    np.testing.assert_allclose(res.share, [1.0, 0.5, 0.5])


def test_group_choice_against_loops():
    rng = np.random.default_rng(2)
    x = rng.random((200, 4)) < 0.3
    g = rng.integers(-1, 4, size=200)
    res = S.group_choice_summary(x, g, 5)
    for k in range(5):
        rows = [r for r, gg in zip(x, g, strict=True) if gg == k and r.any()]
        assert res.n[k] == len(rows)
        for j in range(4):
            c = sum(bool(r[j]) for r in rows)
            assert res.count[k, j] == c
            if rows:
                assert res.share[k, j] == pytest.approx(c / len(rows))
                assert res.ci_low[k, j] == pytest.approx(_wilson_by_quadratic(c, len(rows))[0], abs=1e-12)
            else:
                assert math.isnan(res.share[k, j]) and math.isnan(res.ci_low[k, j])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-1, 3), min_size=1, max_size=40))
def test_single_choice_shares_sum_to_one(picks):
    x = np.zeros((len(picks), 4), bool)
    for i, p in enumerate(picks):
        if p >= 0:
            x[i, p] = True
    res = S.choice_summary(x)
    assert res.n == sum(p >= 0 for p in picks)
    if res.n:
        assert res.share.sum() == pytest.approx(1.0)


# --------------------------------------------------------------------------- points
def _random_points(rng, m, n, total=100):
    rows = []
    for _ in range(m):
        if rng.random() < 0.1:
            rows.append([np.nan] * n)
        else:
            cuts = np.sort(rng.integers(0, total + 1, size=n - 1))
            rows.append(np.diff(np.concatenate([[0], cuts, [total]])).astype(float))
    return np.array(rows)


def test_points_summary_against_numpy():
    rng = np.random.default_rng(4)
    x = _random_points(rng, 120, 5)
    res = S.points_summary(x)
    answered = x[~np.isnan(x).all(axis=1)]
    assert res.n == len(answered)
    np.testing.assert_allclose(res.mean, answered.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(res.sd, answered.std(axis=0, ddof=1), rtol=1e-12)
    half = sst.t.ppf(0.975, len(answered) - 1) * answered.std(axis=0, ddof=1) / math.sqrt(len(answered))
    np.testing.assert_allclose(res.ci_low, answered.mean(axis=0) - half, rtol=1e-12)
    np.testing.assert_allclose(res.ci_high, answered.mean(axis=0) + half, rtol=1e-12)
    np.testing.assert_allclose(res.share, answered.sum(axis=0) / answered.sum(), rtol=1e-12)
    assert res.share.sum() == pytest.approx(1.0)
    # the share's interval: the t interval of each answer's share of its total, which every answer spends
    per_answer = answered / answered.sum(axis=1, keepdims=True)
    half = sst.t.ppf(0.975, len(per_answer) - 1) * per_answer.std(axis=0, ddof=1) / math.sqrt(len(per_answer))
    np.testing.assert_allclose(res.share_low, per_answer.mean(axis=0) - half, rtol=1e-9)
    np.testing.assert_allclose(res.share_high, per_answer.mean(axis=0) + half, rtol=1e-9)


def test_points_blank_option_in_answered_row_is_zero_and_negative_refused():
    res = S.points_summary(np.array([[100, np.nan], [40, 60]]))
    np.testing.assert_allclose(res.mean, [70, 30])
    with pytest.raises(ValueError, match=">= 0"):
        S.points_summary(np.array([[110, -10]]))


def test_group_points_equals_per_group():
    rng = np.random.default_rng(6)
    x = _random_points(rng, 150, 4)
    g = rng.integers(0, 3, size=150)
    res = S.group_points_summary(x, g, 3)
    for k in range(3):
        one = S.points_summary(x[g == k])
        for name in ("mean", "sd", "ci_low", "ci_high", "share"):
            np.testing.assert_allclose(getattr(res, name)[k], getattr(one, name), rtol=1e-12)
        assert res.n[k] == one.n


# --------------------------------------------------------------------------- number
def test_number_summary_against_numpy():
    rng = np.random.default_rng(8)
    x = np.round(rng.gamma(2.0, 150.0, size=77), 1)
    x[rng.random(77) < 0.1] = np.nan
    dk = np.zeros(77, bool)
    dk[[3, 9, 20]] = True
    res = S.number_summary(x, dk=dk)
    v = x[~np.isnan(x) & ~dk]
    assert res.n == v.size and res.n_dk == 3
    assert res.share_dk == pytest.approx(3 / (v.size + 3))
    assert res.mean == pytest.approx(v.mean(), rel=1e-12)
    assert res.sd == pytest.approx(v.std(ddof=1), rel=1e-12)
    assert res.median == pytest.approx(np.median(v), rel=1e-12)
    q1, q2, q3 = S.quartiles(v)  # the same convention as the dimension benchmark
    assert (res.q1, res.median, res.q3) == pytest.approx((q1, q2, q3), rel=1e-12)
    assert (res.q1, res.q3) == pytest.approx(tuple(np.percentile(v, [25, 75])), rel=1e-12)
    assert not {"min", "max", "minimum", "maximum", "sum"} & set(vars(res))  # one person's answer; no sum


def test_number_edges():
    empty = S.number_summary(np.array([np.nan, np.nan]))
    assert empty.n == 0 and math.isnan(empty.mean) and math.isnan(empty.q1)
    one = S.number_summary(np.array([12.5]))
    assert (one.n, one.mean, one.median, one.q1, one.q3) == (1, 12.5, 12.5, 12.5, 12.5)
    assert math.isnan(one.sd)


def test_group_quartiles_and_number_per_group():
    rng = np.random.default_rng(9)
    x = rng.normal(size=300)
    x[::7] = np.nan
    g = rng.integers(-1, 6, size=300)
    g[g == 5] = 4  # group 5 stays empty
    q1, q2, q3 = S.group_quartiles(x, g, 6)
    res = S.group_number_summary(x, g, 6)
    for k in range(6):
        v = x[(g == k) & ~np.isnan(x)]
        if v.size:
            assert (q1[k], q2[k], q3[k]) == pytest.approx(tuple(np.percentile(v, [25, 50, 75])), rel=1e-12)
            assert res.median[k] == pytest.approx(np.median(v)) and res.n[k] == v.size
        else:
            assert math.isnan(q1[k]) and math.isnan(res.mean[k]) and res.n[k] == 0


def test_estimate_total_adds_the_groups_figures_given():
    assert S.estimate_total(np.array([120.0, np.nan, 80.5])) == (200.5, 2)
    total, n = S.estimate_total(np.array([np.nan, np.nan]))
    assert math.isnan(total) and n == 0
    assert S.estimate_total(np.array([])) == (pytest.approx(math.nan, nan_ok=True), 0)


def test_payback_and_net_against_a_loop():
    yearly = np.array([100.0, 0.0, -20.0, 250.0, np.nan])
    one_off = np.array([450.0, 300.0, 100.0, 0.0, 10.0])
    years, net = S.payback(yearly, one_off, 5)
    for y, c, got_years, got_net in zip(yearly, one_off, years, net, strict=True):
        want_years = c / y if y > 0 else math.nan  # never pays back when nothing is saved
        assert got_years == pytest.approx(want_years, nan_ok=True)
        assert got_net == pytest.approx(5 * y - c, nan_ok=True)
    assert S.payback(200.0, 500.0, 3) == (pytest.approx(2.5), pytest.approx(100.0))


# --------------------------------------------------------------------------- decision aid
def _random_decision(rng, m, c, a, knock=0.15):
    w = np.array([rng.multinomial(100, rng.dirichlet(np.ones(c))) for _ in range(m)], float)
    w[rng.random(m) < 0.08] = np.nan
    scores = rng.integers(1, 6, size=(a, c)).astype(float)
    out = rng.random((m, a)) < knock
    out[0] = True  # one respondent rules out everything
    return w, scores, out


def _slow_decision(w, scores, out):
    """Values, means, intervals, shares and W by plain loops over respondents."""
    m, a = out.shape
    rows = []
    for i in range(m):
        if np.isnan(w[i]).all() or np.nansum(w[i]) == 0:
            continue
        wi = np.nan_to_num(w[i])
        vals = [None if out[i, j] else sum(wi * scores[j]) / sum(wi) for j in range(a)]
        rows.append((i, vals))
    n = len(rows)
    res = {"n": n, "mean": [], "ci_low": [], "ci_high": [], "share_best": [0.0] * a, "share_ruled_out": []}
    for j in range(a):
        vs = [v[j] for _, v in rows if v[j] is not None]
        mean = sum(vs) / len(vs)
        sd = math.sqrt(sum((x - mean) ** 2 for x in vs) / (len(vs) - 1))
        half = sst.t.ppf(0.975, len(vs) - 1) * sd / math.sqrt(len(vs))
        res["mean"].append(mean)
        res["ci_low"].append(mean - half)
        res["ci_high"].append(mean + half)
        res["share_ruled_out"].append(sum(v[j] is None for _, v in rows) / n)
    ranks = []
    for i, vals in rows:
        allowed = [j for j in range(a) if vals[j] is not None]
        if allowed:
            nums = {j: sum(np.nan_to_num(w[i]) * scores[j]) for j in allowed}  # exact for whole numbers
            top = max(nums.values())
            best = [j for j in allowed if nums[j] == top]
            for j in best:
                res["share_best"][j] += 1 / len(best) / n
        # ordering: highest first, ruled-out alternatives tied for the last places
        key = [-(vals[j]) if vals[j] is not None else math.inf for j in range(a)]
        ranks.append(sst.rankdata(key))
    res["ranks"] = ranks
    places = [
        _places([None if v is None else sum(np.nan_to_num(w[i]) * scores[j]) for j, v in enumerate(vals)])
        for i, vals in rows
    ]
    res["mean_rank"] = [sum(pl[j] for pl in places) / n for j in range(a)]
    return res


def _places(values):
    """One respondent's places in plain Python: the alternatives sorted by value (highest first), equal values
    and the ruled-out ones (None, all at the end) sharing the mean of the places they take together."""
    order = sorted(range(len(values)), key=lambda j: (values[j] is None, -(values[j] or 0)))
    out = [0.0] * len(values)
    start = 0
    while start < len(order):
        stop = start
        while stop + 1 < len(order) and values[order[stop + 1]] == values[order[start]]:
            stop += 1
        for j in order[start : stop + 1]:
            out[j] = (start + 1 + stop + 1) / 2
        start = stop + 1
    return out


def test_decision_values_by_loop():
    w = np.array([[50, 30, 20], [np.nan, np.nan, np.nan], [0, 0, 100], [10, np.nan, 90]], float)
    scores = np.array([[5, 1, 3], [2, 4, 4]], float)
    out = np.array([[False, True], [False, False], [False, False], [True, False]])
    v = S.decision_values(w, scores, out)
    np.testing.assert_allclose(v[0], [(250 + 30 + 60) / 100, np.nan])
    assert np.isnan(v[1]).all()
    np.testing.assert_allclose(v[2], [3.0, 4.0])
    np.testing.assert_allclose(v[3], [np.nan, (20 + 360) / 100])


def test_decision_summary_against_slow_loop():
    rng = np.random.default_rng(12)
    w, scores, out = _random_decision(rng, 150, 6, 5)
    res = S.decision_summary(w, scores, out)
    slow = _slow_decision(w, scores, out)
    assert res.n == slow["n"]
    for name in ("mean_rank", "mean", "ci_low", "ci_high", "share_best", "share_ruled_out"):
        np.testing.assert_allclose(getattr(res, name), slow[name], rtol=1e-11, err_msg=name)
    chi2, p = sst.friedmanchisquare(*np.array(slow["ranks"]).T)
    assert res.chi2 == pytest.approx(chi2, rel=1e-10)
    assert res.w == pytest.approx(chi2 / (slow["n"] * (scores.shape[0] - 1)), rel=1e-10)
    assert res.p == pytest.approx(p, rel=1e-9)
    np.testing.assert_array_equal(
        S.decision_ranks(w, scores, out)[~np.isnan(S.decision_ranks(w, scores, out)[:, 0])], slow["ranks"]
    )


def test_decision_ties_split_and_ruled_out_last():
    # both respondents value a and b equally (3.0): each gets half a vote; c is ruled out by the second
    w = np.array([[50, 50], [50, 50]], float)
    scores = np.array([[2, 4], [3, 3], [1, 1]], float)
    out = np.array([[False, False, False], [False, False, True]])
    res = S.decision_summary(w, scores, out)
    np.testing.assert_allclose(res.share_best, [0.5, 0.5, 0.0])
    np.testing.assert_allclose(res.share_ruled_out, [0.0, 0.0, 0.5])
    np.testing.assert_array_equal(S.decision_ranks(w, scores, out), [[1.5, 1.5, 3], [1.5, 1.5, 3]])
    np.testing.assert_array_equal(res.mean_rank, [1.5, 1.5, 3])
    # ruled-out alternatives share the last places
    r = S.decision_ranks(
        np.array([[1, 0]], float), np.array([[5, 1], [4, 1], [3, 1]], float), [[False, True, True]]
    )
    np.testing.assert_array_equal(r, [[1, 2.5, 2.5]])


def test_decision_bad_input_is_refused():
    with pytest.raises(ValueError, match="criteria"):
        S.decision_summary(np.ones((3, 2)), np.ones((4, 3)))
    with pytest.raises(ValueError, match="ruled_out"):
        S.decision_summary(np.ones((3, 2)), np.ones((4, 2)), np.zeros((3, 3), bool))
    with pytest.raises(ValueError, match=">= 0"):
        S.decision_values(np.array([[-1.0, 2]]), np.ones((2, 2)))
    with pytest.raises(ValueError, match="scored"):
        S.decision_values(np.ones((1, 2)), np.array([[1.0, np.nan]]))


def test_group_decision_equals_per_group():
    rng = np.random.default_rng(13)
    w, scores, out = _random_decision(rng, 200, 5, 4)
    g = rng.integers(-1, 3, size=200)
    res = S.group_decision_summary(w, scores, out, g, 3)
    for k in range(3):
        one = S.decision_summary(w[g == k], scores, out[g == k])
        assert res.n[k] == one.n
        for name in ("mean_rank", "n_valued", "mean", "ci_low", "ci_high", "share_best", "share_ruled_out"):
            np.testing.assert_allclose(getattr(res, name)[k], getattr(one, name), rtol=1e-12, err_msg=name)
        assert res.w[k] == pytest.approx(one.w, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda a: st.tuples(
            st.lists(st.lists(st.integers(0, 20), min_size=3, max_size=3), min_size=2, max_size=15),
            st.lists(st.lists(st.integers(1, 5), min_size=3, max_size=3), min_size=a, max_size=a),
        )
    )
)
def test_decision_shares_sum_to_one_and_w_in_unit_interval(data):
    w, scores = (np.asarray(x, float) for x in data)
    res = S.decision_summary(w, scores)
    if res.n:
        assert res.share_best.sum() == pytest.approx(1.0)
        assert (res.share_ruled_out == 0).all()
        assert np.all((res.ci_low <= res.mean + 1e-12) | np.isnan(res.ci_low))
    if not math.isnan(res.w):
        assert -1e-12 <= res.w <= 1 + 1e-12


def _slow_stability(w, scores, out, n, kappa, seed):
    """Stability by a loop over perturbations and respondents, from the same documented Dirichlet draws: the top
    by mean rank (plain-Python places, ruled-out alternatives tied for the last ones)."""
    has = np.nansum(w, axis=1) > 0
    w, out = np.nan_to_num(w[has]), out[has]
    p = w / w.sum(axis=1, keepdims=True)
    a = len(scores)

    def mean_ranks(weights):
        places = [
            _places([None if out[i, j] else float(weights[i] @ scores[j]) for j in range(a)])
            for i in range(len(weights))
        ]
        return [sum(pl[j] for pl in places) / len(places) for j in range(a)]

    base = mean_ranks(w)
    top = base.index(min(base))
    draws = np.random.default_rng(seed).standard_gamma(kappa * p, size=(n, *p.shape))
    stays = 0
    for d in draws:
        means = mean_ranks(d / d.sum(axis=1, keepdims=True))
        stays += means[top] <= min(means) + 1e-12
    return top, stays / n


def test_stability_against_slow_loop_and_deterministic():
    rng = np.random.default_rng(14)
    w, scores, out = _random_decision(rng, 40, 4, 3, knock=0.05)
    scores = np.array([[4, 2, 3, 3], [3, 3, 3, 3], [2, 4, 3, 3]], float)  # a close race
    res = S.decision_stability(w, scores, out, n_perturbations=200, concentration=20.0, seed=3)
    top, share = _slow_stability(w, scores, out, 200, 20.0, 3)
    assert (res.top, res.share) == (top, share)
    assert 0.0 < res.share < 1.0  # a close race is not certain
    assert res.top == int(np.argmin(S.decision_summary(w, scores, out).mean_rank))
    again = S.decision_stability(w, scores, out, n_perturbations=200, concentration=20.0, seed=3)
    assert again == res
    default = S.decision_stability(w, scores, out)
    assert (default.n_perturbations, default.concentration, default.seed) == (
        S.STABILITY_PERTURBATIONS,
        S.STABILITY_CONCENTRATION,
        S.STABILITY_SEED,
    )
    assert default == S.decision_stability(w, scores, out)


def test_stability_follows_the_mean_rank_not_the_mean_value():
    """Two of three rule out the alternative the third rates highest: by mean value it would be on top, by mean
    rank it is last, and the stability is about the top by mean rank."""
    w = np.array([[10, 0]] * 4 + [[0, 10]] * 8, float)
    scores = np.array([[5, 1], [3, 3], [1, 4]], float)
    out = np.zeros((12, 3), bool)
    out[4:, 0] = True  # the eight who weigh the second criterion rule the first alternative out
    summary = S.decision_summary(w, scores, out)
    assert int(np.nanargmax(summary.mean)) == 0  # the old rule: the kept ones' mean puts it first
    res = S.decision_stability(w, scores, out, n_perturbations=100)
    assert res.top == int(np.argmin(summary.mean_rank)) == 2
    assert (res.top, res.share) == _slow_stability(w, scores, out, 100, S.STABILITY_CONCENTRATION, 1729)


def test_mean_ranks_by_pairs_equal_the_mean_of_the_row_ranks():
    rng = np.random.default_rng(16)
    values = rng.integers(0, 4, size=(3, 50, 5)).astype(float)  # many ties
    values[rng.random((3, 50, 5)) < 0.2] = -np.inf  # ruled out
    fast = S._mean_ranks([values[..., j] for j in range(5)])
    np.testing.assert_allclose(fast.T, S._rank_rows(values).mean(axis=1), rtol=1e-14)
    np.testing.assert_allclose(S._rank_rows(values[0]), sst.rankdata(-values[0], axis=1))


def test_stability_dominant_alternative_always_stays():
    rng = np.random.default_rng(15)
    w = rng.integers(0, 30, size=(50, 4)).astype(float)
    scores = np.array([[5, 5, 5, 5], [3, 4, 2, 4], [1, 2, 3, 1]], float)
    res = S.decision_stability(w, scores)
    assert (res.top, res.share) == (0, 1.0)
    none = S.decision_stability(w, scores, np.ones((50, 3), bool))
    assert none.top == -1 and math.isnan(none.share)


# --------------------------------------------------------------------------- shared input rules
def test_groups_need_n_groups_and_matching_length():
    with pytest.raises(ValueError, match="n_groups"):
        S.group_choice_summary(np.ones((2, 2), bool), np.array([0, 1]), None)
    with pytest.raises(ValueError, match="3 codes for 2"):
        S.group_points_summary(np.ones((2, 2)), np.array([0, 1, 1]), 2)
