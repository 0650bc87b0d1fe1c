"""Tests for scanengine.stats: published reference values and independent implementations."""

from __future__ import annotations

import dataclasses
import json
import math
import statistics

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sst

from scanengine import stats as S
from tests import oracles as O
from tests import reference


# --------------------------------------------------------------------------- reference vectors
def _load_cases() -> list[dict]:
    return reference.cases("stats_vectors.json")


def test_shipped_copy_matches_reference():
    """The copy in tests/fixtures is the published file, byte for byte, wherever the original is reachable."""
    reference.check_shipped_copy("stats_vectors.json")


_printed_tol = reference.printed_tol


def _check(got: float, expected: float, label: str) -> None:
    tol = _printed_tol(expected)
    assert abs(got - expected) <= tol, f"{label}: got {got!r}, expected {expected!r} (tol {tol:g})"


def _compute_case(case: dict) -> dict[str, float]:
    """The product's functions on a reference case (each also checked against its sample-based oracle)."""
    name = case["name"]
    if "rows_are_groups" in case:
        rows = np.asarray(case["rows_are_groups"], dtype=float)
        scores = rows.ravel()
        groups = np.repeat(np.arange(rows.shape[0]), rows.shape[1])
        icc1, icc2 = S.table_icc(O.tabulate(scores, groups, rows.shape[0]))
        assert (icc1, icc2) == (pytest.approx(O.icc1(scores, groups)), pytest.approx(O.icc2(scores, groups)))
        a = O.anova_oneway(scores, groups)
        return {"icc1": icc1, "icc2": icc2, "ms_between": a.ms_between, "ms_within": a.ms_within}
    if case["function"].startswith("cronbach_alpha"):
        m = np.array([[np.nan if v is None else v for v in r] for r in case["rows"]], dtype=float)
        alpha, n = S.cronbach_alpha(m)
        return {"alpha_listwise": alpha, "complete_rows": n}
    if case["function"] == "kruskal":
        samples = [np.asarray(g, dtype=float) for g in case["groups"]]
        codes = np.concatenate([np.full(len(g), i) for i, g in enumerate(samples)])
        r = S.table_kruskal(O.tabulate(np.concatenate(samples), codes, len(samples)))
        ref = O.kruskal(samples)
        assert (r.H, r.p) == (pytest.approx(ref.H, rel=1e-12), pytest.approx(ref.p, rel=1e-12))
        return {"H": r.H, "p": r.p}
    if case["function"].startswith("rwg_j"):
        x = np.asarray(case["answers"], dtype=float)
        counts = np.array([[(x == v).sum() for v in range(1, case["points"] + 1)]])
        v = S.rwg_j_from_variances(S.count_variances(counts, case["points"]), case["points"])
        assert v == pytest.approx(O.rwg(x, case["points"]), abs=1e-12)
        assert v == pytest.approx(O.rwg_j(x.reshape(-1, 1), case["points"]), abs=1e-12)
        return {"rwg": v}
    raise AssertionError(f"reference case {name!r} has no handler in the tests")


def _case_params():
    try:
        cases = json.loads(reference.path("stats_vectors.json").read_text(encoding="utf-8"))["cases"]
    except FileNotFoundError:
        return [pytest.param(None, id="missing-vectors")]
    return [pytest.param(c, id=c["name"]) for c in cases]


@pytest.mark.parametrize("case", _case_params())
def test_reference_vectors(case):
    if case is None:
        _load_cases()  # fails with a clear message
    got = _compute_case(case)
    checked = 0
    for kind in ("exact", "published"):
        for key, expected in case.get(kind, {}).items():
            assert key in got, f"{case['name']}: no computed value for {kind}.{key}"
            _check(got[key], expected, f"{case['name']} {kind}.{key}")
            checked += 1
    assert checked > 0


def test_reference_file_has_all_expected_cases():
    names = {c["name"] for c in _load_cases()}
    assert {"shrout_fleiss_1979_icc", "cronbach_listwise_binary", "rwg_uniform_null"} <= names


def test_printed_tol_is_strict_enough():
    assert _printed_tol(0.17) == pytest.approx(0.005)
    assert _printed_tol(11.241667) == pytest.approx(5e-7)
    with pytest.raises(AssertionError):
        _check(0.166, 0.16574, "x")


def _col(frame, *names):
    """First of ``names`` present in ``frame`` (pingouin renamed columns across versions)."""
    for name in names:
        if name in frame:
            return frame[name]
    raise KeyError(names)


# --------------------------------------------------------------------------- recode / dk
def test_recode_reverse_and_dk():
    raw = np.array([[1, 5, 0, 255], [3, 2, 4, 1], [6, 1, 2, 5]], dtype=np.uint8)
    v = S.recode(raw, 5, np.array([False, True, False, True]))
    exp = np.array([[1, 1, np.nan, np.nan], [3, 4, 4, 5], [np.nan, 5, 2, 1]])
    np.testing.assert_array_equal(v, exp)
    assert v.dtype == np.float64
    np.testing.assert_array_equal(O.dk_mask(raw), raw == 255)
    np.testing.assert_array_equal(S.recode(raw, 5), np.where((raw >= 1) & (raw <= 5), raw, np.nan))


def test_recode_reverse_is_involution():
    rng = np.random.default_rng(1)
    raw = rng.integers(1, 8, size=(50, 6)).astype(np.uint8)
    v = S.recode(raw, 7, [True] * 6)
    np.testing.assert_array_equal(8 - v, raw.astype(float))


# --------------------------------------------------------------------------- dimension scores
def _slow_dimension_scores(values, shown, dims):
    out = np.full((values.shape[0], len(dims)), np.nan)
    for r in range(values.shape[0]):
        for d, idx in enumerate(dims):
            n_shown = sum(1 for i in idx if shown[r, i])
            answers = [values[r, i] for i in idx if shown[r, i] and not math.isnan(values[r, i])]
            if answers and len(answers) >= n_shown / 2:
                out[r, d] = sum(answers) / len(answers)
    return out


def test_dimension_scores_against_loops():
    rng = np.random.default_rng(42)
    raw = rng.integers(0, 6, size=(400, 12)).astype(np.uint8)
    raw[rng.random(raw.shape) < 0.05] = 255
    shown = rng.random(raw.shape) > 0.2
    raw[~shown] = 0
    values = S.recode(raw, 5, rng.random(12) < 0.3)
    dims = [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9, 10, 11], [2, 7]]
    np.testing.assert_allclose(
        S.dimension_scores(values, shown, dims), _slow_dimension_scores(values, shown, dims), rtol=1e-12
    )


def test_dimension_scores_half_rule_edges():
    nan = np.nan
    values = np.array([[1, 2, nan, nan], [3, nan, nan, nan], [nan] * 4, [4, nan, nan, nan]])
    shown = np.array([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 0, 0, 0]], dtype=bool)
    s = S.dimension_scores(values, shown, [[0, 1, 2, 3]])[:, 0]
    np.testing.assert_array_equal(s, [1.5, nan, nan, 4.0])  # 2/4 ok, 1/4 no, 0 no, 1/1 ok
    # None = everything shown; answered value on a hidden item is not counted
    np.testing.assert_array_equal(
        S.dimension_scores(values, None, [[0, 1, 2, 3]])[:, 0], [1.5, nan, nan, nan]
    )
    hidden_answer = S.dimension_scores(np.array([[5.0, 1.0]]), np.array([[True, False]]), [[0, 1]])
    assert hidden_answer[0, 0] == 5.0


# --------------------------------------------------------------------------- describe
def test_describe_matches_statistics_module():
    x = np.array([2.0, 4.0, np.nan, 4.0, 5.0, 1.5])
    s = S.describe(x)
    clean = [2.0, 4.0, 4.0, 5.0, 1.5]
    assert s.n == 5
    assert s.mean == pytest.approx(statistics.mean(clean))
    assert s.sd == pytest.approx(statistics.stdev(clean))
    assert s.median == statistics.median(clean)
    hw = sst.t.ppf(0.975, 4) * statistics.stdev(clean) / math.sqrt(5)
    assert (s.ci_low, s.ci_high) == pytest.approx((s.mean - hw, s.mean + hw))


def test_describe_edges():
    s0 = S.describe(np.array([np.nan, np.nan]))
    assert s0.n == 0 and all(math.isnan(v) for v in (s0.mean, s0.sd, s0.median, s0.ci_low, s0.ci_high))
    s1 = S.describe(np.array([3.0, np.nan]))
    assert (s1.n, s1.mean, s1.median) == (1, 3.0, 3.0)
    assert math.isnan(s1.sd) and math.isnan(s1.ci_low) and math.isnan(s1.ci_high)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s1.n = 2  # frozen


def test_group_describe_against_loops():
    rng = np.random.default_rng(7)
    scores = rng.normal(3, 1, 3000)
    scores[rng.random(3000) < 0.1] = np.nan
    groups = rng.integers(-1, 12, 3000)  # -1 = no group
    groups[groups == 5] = 6  # group 5 empty
    groups[np.flatnonzero(groups == 6)[:1]] = 9
    only = np.flatnonzero(~np.isnan(scores))[0]
    groups[only] = 11
    groups[(groups == 11) & (np.arange(3000) != only)] = 10  # group 11 has exactly one value
    r = S.group_describe(scores, groups, 13)  # group 12 empty as well
    for g in range(13):
        vals = [v for v, gg in zip(scores, groups, strict=True) if gg == g and not math.isnan(v)]
        assert r.n[g] == len(vals)
        if not vals:
            assert math.isnan(r.mean[g]) and math.isnan(r.median[g]) and math.isnan(r.sd[g])
            continue
        assert r.mean[g] == pytest.approx(statistics.fmean(vals), rel=1e-12)
        assert r.median[g] == pytest.approx(statistics.median(vals), rel=1e-12)
        d = S.describe(np.array(vals))
        if len(vals) < 2:
            assert math.isnan(r.sd[g]) and math.isnan(r.ci_low[g])
        else:
            assert r.sd[g] == pytest.approx(statistics.stdev(vals), rel=1e-10)
            assert r.ci_low[g] == pytest.approx(d.ci_low, rel=1e-10)
            assert r.ci_high[g] == pytest.approx(d.ci_high, rel=1e-10)
    assert r.n[5] == 0 and r.n[11] == 1 and r.n[12] == 0


def test_group_describe_all_nan():
    r = S.group_describe(np.full(4, np.nan), np.array([0, 0, 1, 1]), 2)
    assert list(r.n) == [0, 0] and np.isnan(r.mean).all() and np.isnan(r.median).all()


# --------------------------------------------------------------------------- tabulated (the product's path)
def _random_scores(seed=5, size=3000):
    rng = np.random.default_rng(seed)
    x = rng.integers(2, 15, size) / rng.integers(1, 4, size)  # few distinct values, as dimension scores have
    x[rng.random(size) < 0.1] = np.nan
    codes = rng.integers(0, 6, size)
    return x, codes


def test_table_describe_equals_sample_based_and_statistics():
    x, codes = _random_scores()
    table = O.tabulate(x, codes, 7)  # group 6 is empty
    got, want = S.table_describe(table), S.group_describe(x, codes, 7)
    for f in ("n", "mean", "sd", "median", "ci_low", "ci_high"):
        np.testing.assert_allclose(getattr(got, f), getattr(want, f), rtol=1e-12, equal_nan=True, err_msg=f)
    vals = [v for v, g in zip(x, codes, strict=True) if g == 2 and not math.isnan(v)]
    assert got.median[2] == statistics.median(vals) and got.sd[2] == pytest.approx(statistics.stdev(vals))
    total, ref = S.table_describe(table.pooled()), S.describe(x)
    assert (total.n[0], total.mean[0], total.median[0]) == (ref.n, pytest.approx(ref.mean), ref.median)
    assert (total.ci_low[0], total.ci_high[0]) == (pytest.approx(ref.ci_low), pytest.approx(ref.ci_high))


def test_tabulate_indexed_counts_every_score_once():
    x, codes = _random_scores(seed=9)
    table = O.tabulate(x, codes, 6)
    for g in range(6):
        vals = x[(codes == g) & ~np.isnan(x)]
        assert table.counts[g].sum() == vals.size
        np.testing.assert_array_equal(np.repeat(table.values, table.counts[g]), np.sort(vals))


def test_table_kruskal_equals_scipy_and_sample_based():
    x, codes = _random_scores()
    table = O.tabulate(x, codes, 7)
    rows = [0, 2, 3, 5]
    kw, ref = S.table_kruskal(table, rows), O.kruskal([x[codes == g] for g in rows])
    h, p = sst.kruskal(*[x[(codes == g) & ~np.isnan(x)] for g in rows])
    assert (kw.H, kw.p, kw.epsilon2, kw.df, kw.n) == (
        pytest.approx(ref.H),
        pytest.approx(ref.p),
        pytest.approx(ref.epsilon2),
        ref.df,
        ref.n,
    )
    assert (kw.H, kw.p) == (pytest.approx(h), pytest.approx(p))
    assert math.isnan(S.table_kruskal(table, [0]).H)  # one group: no test
    flat = O.tabulate(np.full(10, 3.0), np.arange(10) % 2, 2)
    assert math.isnan(S.table_kruskal(flat).p)  # no variation


def test_table_icc_equals_sample_based_and_pingouin():
    x, codes = _random_scores()
    has = ~np.isnan(x)
    icc1, icc2 = S.table_icc(O.tabulate(x, codes, 7))
    assert icc1 == pytest.approx(O.icc1(x[has], codes[has]))
    assert icc2 == pytest.approx(O.icc2(x[has], codes[has]))
    # balanced groups: ICC(1) is Shrout & Fleiss ICC(1,1), ICC(2) is ICC(1,k) (pingouin's ICC1 / ICC1k)
    rng = np.random.default_rng(4)
    ratings = rng.normal(0, 1, (12, 1)) + rng.normal(0, 1, (12, 5))
    df = pd.DataFrame(
        {"target": np.repeat(np.arange(12), 5), "rater": np.tile(np.arange(5), 12), "score": ratings.ravel()}
    )
    ref = pg.intraclass_corr(df, targets="target", raters="rater", ratings="score").set_index("Type")["ICC"]
    i1, i2 = S.table_icc(O.tabulate(ratings.ravel(), np.repeat(np.arange(12), 5), 12))
    want = (
        ref["ICC1"] if "ICC1" in ref.index else ref["ICC(1,1)"],
        ref["ICC1k"] if "ICC1k" in ref.index else ref["ICC(1,k)"],
    )
    assert (i1, i2) == (pytest.approx(want[0]), pytest.approx(want[1]))
    assert all(math.isnan(v) for v in S.table_icc(O.tabulate(np.array([1.0, 2.0]), np.array([0, 0]), 1)))


def test_t_half_width_equals_scipy_interval():
    x = np.array([2.0, 4.0, 4.0, 5.0, 1.5])
    lo, hi = sst.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=sst.sem(x))
    hw = S.t_half_width(np.float64(x.std(ddof=1)), np.float64(len(x)))
    assert (x.mean() - hw, x.mean() + hw) == (pytest.approx(lo), pytest.approx(hi))
    assert math.isnan(S.t_half_width(np.float64(1.0), np.float64(1)))


def test_count_variances_equal_numpy():
    rng = np.random.default_rng(6)
    answers = [rng.integers(1, 6, n) for n in (1, 2, 40, 300)]
    counts = np.array([[(a == v).sum() for v in range(1, 6)] for a in answers])
    got = S.count_variances(counts, 5)
    assert math.isnan(got[0])
    np.testing.assert_allclose(got[1:], [np.var(a, ddof=1) for a in answers[1:]], rtol=1e-12)


def test_rwg_j_from_variances_equals_sample_based():
    rng = np.random.default_rng(3)
    m = rng.choice([1, 2, 3, 4, 5], p=[0.05, 0.1, 0.2, 0.4, 0.25], size=(600, 6)).astype(float)
    m[rng.random(m.shape) < 0.1] = np.nan
    variances = np.array([np.nanvar(m[:, j], ddof=1) for j in range(6)])
    assert S.rwg_j_from_variances(variances, 5) == pytest.approx(_slow_rwg_j(m, 5), rel=1e-12)
    assert S.rwg_j_from_variances(np.array([4.0, np.nan]), 5) == 0.0  # s2 >= sigma2
    assert math.isnan(S.rwg_j_from_variances(np.array([np.nan]), 5))


def test_tabulated_functions_can_fail():
    """Negative control: a table with one count moved gives other figures than the oracle."""
    x, codes = _random_scores()
    table = O.tabulate(x, codes, 7)
    table.counts[0, 0] += 1
    got, want = S.table_describe(table), S.group_describe(x, codes, 7)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(got.mean, want.mean, rtol=1e-12, equal_nan=True)


# --------------------------------------------------------------------------- shares
def test_scale_shares_column_and_matrix():
    col = np.array([1, 2, 2, 5, 255, 0, 0, 3], dtype=np.uint8)
    sh = S.scale_shares(col, 5)
    assert sh.n == 6
    np.testing.assert_allclose(sh.points, [1 / 6, 2 / 6, 1 / 6, 0, 1 / 6])
    assert sh.dk == pytest.approx(1 / 6)
    assert sh.points.sum() + sh.dk == pytest.approx(1.0)
    mat = np.stack([col, np.zeros_like(col)], axis=1)
    shm = S.scale_shares(mat, 5)
    assert shm.points.shape == (2, 5)
    np.testing.assert_allclose(shm.points[0], sh.points)
    assert np.isnan(shm.points[1]).all() and list(shm.n) == [6, 0]
    shown = np.ones(8, dtype=bool)
    shown[6] = False  # one skipped-but-shown (index 5) counts in the denominator
    assert S.scale_shares(col, 5, shown).n == 7


# --------------------------------------------------------------------------- rwg
def _slow_rwg_j(matrix, points):
    sigma2 = (points**2 - 1) / 12
    variances = []
    for j in range(matrix.shape[1]):
        col = [v for v in matrix[:, j] if not math.isnan(v)]
        if len(col) >= 2:
            m = sum(col) / len(col)
            variances.append(sum((v - m) ** 2 for v in col) / (len(col) - 1))
    if not variances:
        return math.nan
    s2 = sum(variances) / len(variances)
    if s2 >= sigma2:
        return 0.0
    J = len(variances)
    return J * (1 - s2 / sigma2) / (J * (1 - s2 / sigma2) + s2 / sigma2)


def test_rwg_j_against_loops_and_groups():
    rng = np.random.default_rng(3)
    m = rng.choice([1, 2, 3, 4, 5], p=[0.05, 0.1, 0.2, 0.4, 0.25], size=(600, 6)).astype(float)
    m[rng.random(m.shape) < 0.1] = np.nan
    groups = rng.integers(0, 12, 600)
    assert O.rwg_j(m, 5) == pytest.approx(_slow_rwg_j(m, 5), rel=1e-12)
    per_group = O.group_rwg_j(m, groups, 12, 5)
    for g in range(12):
        assert per_group[g] == pytest.approx(_slow_rwg_j(m[groups == g], 5), rel=1e-10)


def test_rwg_edges():
    assert O.rwg_j(np.array([[1.0], [5.0], [1.0], [5.0]]), 5) == 0.0  # s² > σ²
    assert O.rwg(np.array([3.0, 3.0, 3.0]), 5) == 1.0
    assert math.isnan(O.rwg(np.array([3.0, np.nan]), 5))
    assert math.isnan(O.rwg_j(np.full((3, 2), np.nan), 5))
    single = np.array([4.0, 4, 5, 4, 3])
    assert O.rwg(single, 5) == pytest.approx(1 - np.var(single, ddof=1) / 2)
    g = O.group_rwg_j(np.array([[1.0], [5.0], [3.0], [3.0]]), np.array([0, 0, 1, 2]), 3, 5)
    assert g[0] == 0.0 and math.isnan(g[1]) and math.isnan(g[2])  # groups 1, 2 have one answer


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 9).flatmap(
        lambda p: st.tuples(
            st.just(p),
            st.lists(st.lists(st.integers(1, p), min_size=3, max_size=3), min_size=2, max_size=25),
        )
    )
)
def test_rwg_j_in_unit_interval(args):
    points, rows = args
    v = O.rwg_j(np.array(rows, dtype=float), points)
    assert 0.0 <= v <= 1.0
    assert v == pytest.approx(_slow_rwg_j(np.array(rows, dtype=float), points), abs=1e-12)


# --------------------------------------------------------------------------- cronbach
def _items_frame(rng, n, k, noise=1.0):
    latent = rng.normal(size=(n, 1))
    return latent + noise * rng.normal(size=(n, k))


def test_cronbach_alpha_against_pingouin():
    rng = np.random.default_rng(11)
    m = _items_frame(rng, 150, 6)
    alpha, n = S.cronbach_alpha(m)
    pa, pci = pg.cronbach_alpha(pd.DataFrame(m))
    assert n == 150 and alpha == pytest.approx(pa, rel=1e-10)
    lo, hi = S.cronbach_alpha_ci(alpha, n, 6)
    assert np.round([lo, hi], 3) == pytest.approx(pci, abs=1e-12)
    lo90, hi90 = S.cronbach_alpha_ci(alpha, n, 6, level=0.9)
    assert lo < lo90 < alpha < hi90 < hi
    # with missing values: listwise like pingouin / psych::alpha(use="complete.obs")
    m[rng.random(m.shape) < 0.05] = np.nan
    alpha, n = S.cronbach_alpha(m)
    pa, _ = pg.cronbach_alpha(pd.DataFrame(m), nan_policy="listwise")
    assert n == int((~np.isnan(m).any(axis=1)).sum()) and alpha == pytest.approx(pa, rel=1e-10)


def test_cronbach_edges():
    a, n = S.cronbach_alpha(np.array([[1.0], [2.0], [3.0]]))  # single item
    assert math.isnan(a) and n == 3
    a, n = S.cronbach_alpha(np.full((4, 3), np.nan))
    assert math.isnan(a) and n == 0
    a, n = S.cronbach_alpha(np.array([[1.0, 2.0, 3.0]]))  # n = 1
    assert math.isnan(a) and n == 1
    assert all(math.isnan(v) for v in S.cronbach_alpha_ci(np.nan, 10, 3))
    a, _ = S.cronbach_alpha(np.array([[1.0, 1], [2, 2], [3, 3]]))
    assert a == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(1, 5), min_size=4, max_size=4), min_size=2, max_size=30))
def test_cronbach_alpha_at_most_one(rows):
    a, n = S.cronbach_alpha(np.array(rows, dtype=float))
    assert n == len(rows)
    assert math.isnan(a) or a <= 1.0 + 1e-12


# --------------------------------------------------------------------------- ANOVA / ICC
def test_icc_balanced_against_pingouin():
    rng = np.random.default_rng(5)
    targets, raters = 15, 4
    data = rng.normal(size=(targets, 1)) + rng.normal(size=(targets, raters))
    df = pd.DataFrame(
        {
            "t": np.repeat(np.arange(targets), raters),
            "r": np.tile(np.arange(raters), targets),
            "y": data.ravel(),
        }
    )
    icc = pg.intraclass_corr(df, targets="t", raters="r", ratings="y").set_index("Type")["ICC"]
    icc_1_1 = icc["ICC1"] if "ICC1" in icc.index else icc["ICC(1,1)"]
    icc_1_k = icc["ICC1k"] if "ICC1k" in icc.index else icc["ICC(1,k)"]
    scores, groups = df["y"].to_numpy(), df["t"].to_numpy()
    assert O.icc1(scores, groups) == pytest.approx(icc_1_1, rel=1e-10)
    assert O.icc2(scores, groups) == pytest.approx(icc_1_k, rel=1e-10)
    tabulated = S.table_icc(O.tabulate(scores, groups, int(groups.max()) + 1))
    assert tabulated == (pytest.approx(icc_1_1, rel=1e-10), pytest.approx(icc_1_k, rel=1e-10))


def test_anova_and_icc_unbalanced():
    rng = np.random.default_rng(9)
    sizes = [3, 8, 15, 2, 30]
    groups = np.repeat([f"g{i}" for i in range(5)], sizes)
    scores = rng.normal(size=groups.size) + np.repeat(rng.normal(size=5), sizes)
    scores[4] = np.nan
    a = O.anova_oneway(scores, groups)
    keep = ~np.isnan(scores)
    aov = pg.anova(
        data=pd.DataFrame({"y": scores[keep], "g": groups[keep]}), dv="y", between="g", detailed=True
    )
    assert a.F == pytest.approx(aov["F"].iloc[0], rel=1e-10)
    assert a.p == pytest.approx(_col(aov, "p-unc", "p_unc").iloc[0], rel=1e-8)
    assert a.ms_between == pytest.approx(aov["MS"].iloc[0], rel=1e-10)
    assert a.ms_within == pytest.approx(aov["MS"].iloc[1], rel=1e-10)
    assert (a.df_between, a.df_within) == (4, int(keep.sum()) - 5)
    f_scipy = sst.f_oneway(*[scores[keep & (groups == g)] for g in np.unique(groups)])
    assert a.F == pytest.approx(f_scipy.statistic, rel=1e-10)
    ni = np.array([3, 7, 15, 2, 30], dtype=float)  # index 4 (group g1) is NaN
    N = ni.sum()
    n_bar = (N - (ni**2).sum() / N) / 4
    assert a.n_bar == pytest.approx(n_bar)
    msb, msw = a.ms_between, a.ms_within
    assert O.icc1(scores, groups) == pytest.approx((msb - msw) / (msb + (n_bar - 1) * msw))
    assert O.icc2(scores, groups) == pytest.approx((msb - msw) / msb)


def test_anova_edges():
    assert math.isnan(O.icc1(np.array([1.0, 2.0]), np.array([0, 0])))  # one group
    assert math.isnan(O.anova_oneway(np.array([1.0, 2.0]), np.array([0, 1])).F)  # no df within
    assert O.icc1(np.array([1.0, 1, 2, 2]), np.array([0, 0, 1, 1])) == 1.0  # MSW = 0


# --------------------------------------------------------------------------- kruskal / mann-whitney
def test_kruskal_against_pingouin_and_edges():
    rng = np.random.default_rng(2)
    samples = [rng.integers(1, 6, n).astype(float) for n in (20, 35, 12, 3)]
    samples[0][0] = np.nan
    r = O.kruskal(samples, min_size=5)
    used = [s[~np.isnan(s)] for s in samples[:3]]
    df = pd.DataFrame({"y": np.concatenate(used), "g": np.repeat([0, 1, 2], [len(s) for s in used])})
    k = pg.kruskal(df, dv="y", between="g")
    n = sum(len(s) for s in used)
    assert (r.df, r.n) == (2, n)
    assert r.H == pytest.approx(k["H"].iloc[0], rel=1e-10)
    assert r.p == pytest.approx(_col(k, "p-unc", "p_unc").iloc[0], rel=1e-8)
    assert r.epsilon2 == pytest.approx(r.H / ((n**2 - 1) / (n + 1)))
    same = O.kruskal([np.array([2.0, 2.0]), np.array([2.0, 2.0, 2.0])])
    assert math.isnan(same.H) and math.isnan(same.p) and math.isnan(same.epsilon2)
    assert math.isnan(O.kruskal([np.array([1.0, 2.0])]).H)
    assert math.isnan(O.kruskal([np.array([1.0, 2.0]), np.array([3.0])], min_size=2).H)


def test_mann_whitney():
    r = S.mann_whitney(np.array([1.0, 2, 3, np.nan]), np.array([4.0, 5, 6]))
    assert r.U == 0.0 and r.diff == pytest.approx(-3.0)
    assert r.p == pytest.approx(sst.mannwhitneyu([1, 2, 3], [4, 5, 6], alternative="two-sided").pvalue)
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=40), rng.normal(0.5, size=55)
    r = S.mann_whitney(a, b)
    u_loop = sum(1.0 if x > y else 0.5 if x == y else 0.0 for x in a for y in b)
    assert r.U == pytest.approx(u_loop)
    assert r.p == pytest.approx(_col(pg.mwu(a, b), "p-val", "p_val").iloc[0], rel=1e-8)
    assert math.isnan(S.mann_whitney(np.array([]), b).p)


# --------------------------------------------------------------------------- benchmark helpers
def test_percentile_rank_against_loop():
    rng = np.random.default_rng(8)
    others = rng.integers(1, 10, 57).astype(float)
    others[3] = np.nan
    for value in (0.0, 1.0, 4.0, 4.5, 9.0, 10.0):
        clean = [o for o in others if not math.isnan(o)]
        below = sum(1 for o in clean if o < value)
        ties = sum(1 for o in clean if o == value)
        assert S.percentile_rank(value, others) == pytest.approx(100 * (below + ties / 2) / len(clean))
    assert S.percentile_rank(2.0, np.array([1.0, 2.0, 3.0])) == pytest.approx(50.0)
    assert math.isnan(S.percentile_rank(2.0, np.array([np.nan])))
    assert math.isnan(S.percentile_rank(float("nan"), np.array([1.0])))


def test_quartiles_and_top_bottom():
    assert S.quartiles(np.array([1.0, 2, 3, 4, 5, np.nan])) == (2.0, 3.0, 4.0)
    assert all(math.isnan(q) for q in S.quartiles(np.array([np.nan])))
    top, bottom = S.top_bottom(np.array([3.0, np.nan, 5.0, 1.0, 5.0]), 2)
    assert list(top) == [2, 4] and list(bottom) == [3, 0]


# --------------------------------------------------------------------------- scale
def test_pipeline_at_100k_scale():
    """The whole vectorised pipeline on 100,000 x 40 x 12 gives finite, bounded figures (its speed is measured
    by bench/stats_scale.py, never asserted here)."""
    n_resp, n_items, n_groups, n_dims = 100_000, 40, 12, 8
    rng = np.random.default_rng(0)
    raw = rng.integers(1, 6, size=(n_resp, n_items), dtype=np.uint8)
    raw[rng.random(raw.shape) < 0.03] = 255
    shown = rng.random(raw.shape) > 0.05
    raw[~shown] = 0
    groups = rng.integers(0, n_groups, n_resp)
    dims = np.array_split(np.arange(n_items), n_dims)
    values = S.recode(raw, 5, np.arange(n_items) % 7 == 0)
    scores = S.dimension_scores(values, shown, dims)
    assert scores.shape == (n_resp, n_dims) and np.isfinite(scores).mean() > 0.99
    for d, idx in enumerate(dims):
        summary = S.group_describe(scores[:, d], groups, n_groups)
        assert np.all((summary.mean > 1) & (summary.mean < 5)) and summary.n.sum() <= n_resp
        alpha, n_complete = S.cronbach_alpha(values[:, idx])
        assert alpha < 0.2 and n_complete > 0.6 * n_resp  # independent random answers: no reliability
        assert 0 <= O.rwg_j(values[:, idx], 5) <= 1
        assert np.all(O.group_rwg_j(values[:, idx], groups, n_groups, 5) >= 0)
