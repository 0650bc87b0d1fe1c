"""Benchmark against other closed rounds and imported aggregates, trend against the previous round, and the
export/import of aggregates between installations."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from scipy import stats as sst
from sqlmodel import select

from scanengine import analysis, benchmark, definition, maintenance, rounds
from scanengine.models import BenchmarkAggregate
from tests.factories import direct_scores, make_round, people, synthetic

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def uniform(session, q, value, n=6, *, name, cooperation="Elders", closed_at=T0, close=True, k=5):
    """A round in which everybody answers ``value``: its integrity mean is exactly ``value``."""
    return make_round(
        session,
        q,
        [("A", None)],
        people(q, "A", n, value=value),
        name=name,
        cooperation=cooperation,
        closed_at=closed_at,
        close=close,
        k=k,
    )


def test_benchmark_figures(session, mini):
    for i, v in enumerate((1, 2, 4)):
        uniform(session, mini, v, name=f"ander {i}", cooperation=f"Regio {i}")
    uniform(session, mini, 4, n=4, name="te klein")  # n < k: not a benchmark round
    uniform(session, mini, 4, name="nog open", close=False)  # open: not a benchmark round
    other_q = definition.parse({**json.loads(mini.canonical_json()), "id": "anders"})
    uniform(session, other_q, 4, name="andere vragenlijst")
    session.add(
        BenchmarkAggregate(
            source_key="x" * 64,
            questionnaire_id="mini",
            cooperation="Ver weg",
            round_name="geimporteerd",
            n=40,
            dimension_means={"integrity": 3.5},
        )
    )
    session.commit()
    rnd = uniform(session, mini, 3, name="deze", cooperation="Hier")
    res = analysis.analyse(session, rnd)
    others = np.array([1.0, 2.0, 4.0, 3.5])
    b = res.dimension("integrity").benchmark
    assert res.benchmark_rounds == 4 and b.rounds == 4
    assert b.mean == pytest.approx(others.mean())
    assert (b.q1, b.median, b.q3) == tuple(pytest.approx(v) for v in np.percentile(others, [25, 50, 75]))
    assert b.percentile == pytest.approx(100 * 2 / 4)  # 1 and 2 below 3; 3.5 and 4 above
    comp = res.dimension("competence").benchmark
    assert comp.rounds == 3  # the imported aggregate has no competence mean
    # the other rounds' summaries were computed lazily and stored
    closed = session.exec(
        select(rounds.Round).where(
            rounds.Round.status == "closed",
            rounds.Round.id != rnd.id,
            rounds.Round.questionnaire_id == "mini",
        )
    ).all()
    assert len(closed) == 4 and all(r.summary for r in closed)


def test_no_benchmark_yet(session, mini):
    rnd = uniform(session, mini, 3, name="alleen")
    res = analysis.analyse(session, rnd)
    assert res.benchmark_rounds == 0 and all(d.benchmark is None for d in res.dimensions)
    assert any("nog geen andere afgesloten rondes" in n.render("nl") for n in res.notes)
    assert analysis.analyse(session, rnd, include_benchmark=False).notes == []


def test_trend_against_previous_round(session, mini):
    first = synthetic(mini, {"A": 15, "B": 12}, seed=11, open_text=False)
    second = synthetic(mini, {"A": 14, "B": 10}, seed=12, shift={"A": 0.8, "B": 0.5}, open_text=False)
    groups = [("A", None), ("B", None)]
    make_round(
        session,
        mini,
        groups,
        synthetic(mini, {"A": 9, "B": 9}, seed=1, open_text=False),
        name="oudst",
        cooperation="Regio",
        closed_at=T0 - timedelta(days=700),
    )
    prev = make_round(
        session, mini, groups, first, name="2024", cooperation="Regio", closed_at=T0 - timedelta(days=365)
    )
    make_round(
        session,
        mini,
        groups,
        first,
        name="andere regio",
        cooperation="Elders",
        closed_at=T0 - timedelta(days=10),
    )
    rnd = make_round(session, mini, groups, second, name="2025", cooperation="Regio", closed_at=T0)
    make_round(
        session, mini, groups, first, name="later", cooperation="Regio", closed_at=T0 + timedelta(days=30)
    )
    res = analysis.analyse(session, rnd)
    assert res.previous_round["id"] == prev.id and res.previous_round["n"] == 27
    before, now = direct_scores(mini, first), direct_scores(mini, second)
    for dim in res.dimensions:
        a = [s[dim.id] for s in now if s[dim.id] is not None]
        b = [s[dim.id] for s in before if s[dim.id] is not None]
        assert dim.trend.previous_round_id == prev.id and dim.trend.previous_round_name == "2024"
        assert dim.trend.previous_mean == pytest.approx(np.mean(b))
        assert dim.trend.diff == pytest.approx(np.mean(a) - np.mean(b))
        assert dim.trend.p == pytest.approx(sst.mannwhitneyu(a, b, alternative="two-sided").pvalue)
    # after the previous round's raw answers are purged, the difference stays (from its summary), p goes
    maintenance.purge_round(session, prev)  # keeps the summary, deletes the raw answers
    session.commit()
    after = analysis.analyse(session, rnd)
    for d_before, d_after in zip(res.dimensions, after.dimensions, strict=True):
        assert d_after.trend.diff == pytest.approx(d_before.trend.diff) and d_after.trend.p is None


def test_no_trend_from_a_previous_round_below_k(session, mini):
    uniform(session, mini, 2, n=3, name="klein", cooperation="Regio", closed_at=T0 - timedelta(days=300))
    rnd = uniform(session, mini, 3, name="nu", cooperation="Regio")
    res = analysis.analyse(session, rnd)
    assert res.previous_round["n"] == 3
    assert all(d.trend is None for d in res.dimensions)


# -- export / import of aggregates -------------------------------------------------------------------------------


def test_export_import_round_trip(session, mini, cli, tmp_path):
    resp = synthetic(mini, {"A": 12, "B": 8}, seed=2)
    rnd = make_round(
        session,
        mini,
        [("A", None), ("B", None)],
        resp,
        name="Voorjaar",
        cooperation="Regio Noord",
        closed_at=T0,
    )
    target = tmp_path / "agg.json"
    cli("benchmark", "export", rnd.id, "-o", target)
    doc = json.loads(target.read_text(encoding="utf-8"))
    res = analysis.analyse(session, rnd)
    assert doc["questionnaire"] == {"id": "mini", "version": "1.0", "sha256": mini.sha256, "points": 4}
    assert doc["n"] == 20 and doc["k"] == 5 and doc["closed_on"] == "2025-03-01"
    for d in res.dimensions:
        assert doc["dimensions"][d.id] == {"mean": pytest.approx(d.mean), "n": d.n}
    for item in (it for d in res.dimensions for it in d.items):
        if item.n >= 5:
            assert doc["items"][item.id] == pytest.approx(item.mean)
        else:  # fewer than k answers: not shared
            assert doc["items"][item.id] is None
    assert any(doc["items"][i] is not None for i in ("c1", "c2", "i1"))
    assert not {"group_counts", "groups", "rows", "open_answers"} & set(doc)
    # importing our own round is refused (it would count twice)
    out = cli("benchmark", "import", target, code=1)
    assert "is already in the benchmark" in out.output
    # the same figures from another installation
    doc["cooperation"] = "Regio Zuid"
    target.write_text(json.dumps(doc), encoding="utf-8")
    assert "imported mini / Regio Zuid / Voorjaar (n=20)" in cli("benchmark", "import", target).output
    target.write_text(json.dumps(doc, indent=4), encoding="utf-8")  # same content, other layout
    assert "already imported" in cli("benchmark", "import", target).output
    session.expire_all()
    rows = session.exec(select(BenchmarkAggregate)).all()
    assert len(rows) == 1 and rows[0].dimension_means["integrity"] == pytest.approx(
        res.dimension("integrity").mean
    )
    # and it now benchmarks another round of the questionnaire
    other = uniform(session, mini, 3, name="ander", cooperation="West", closed_at=T0 + timedelta(days=1))
    got = analysis.analyse(session, other)
    assert got.benchmark_rounds == 2  # the exported round itself and the imported copy from "Regio Zuid"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("n"), "n: Field required"),
        (lambda d: d.update(format="iets anders"), "format: Input should be 'scanengine-benchmark'"),
        (
            lambda d: d["questionnaire"].update(sha256="abc"),
            "questionnaire.sha256: String should match pattern",
        ),
        (
            lambda d: d["dimensions"]["integrity"].update(mean=7.5),
            "dimensions.integrity.mean: 7.5 is outside the scale 1..4",
        ),
        (lambda d: d.update(n=3), "n: 3 respondents is fewer than k = 5"),
        (lambda d: d.update(extra=1), "extra: Extra inputs are not permitted"),
        (lambda d: d.update(closed_on="gisteren"), "closed_on: Input should be a valid date"),
    ],
)
def test_import_refuses_bad_documents(session, mini, change, message):
    doc = {
        "format": "scanengine-benchmark",
        "format_version": 1,
        "questionnaire": {"id": "mini", "version": "1.0", "sha256": mini.sha256, "points": 4},
        "cooperation": "Elders",
        "round_name": "R",
        "closed_on": "2025-01-01",
        "n": 30,
        "k": 5,
        "dimensions": {"integrity": {"mean": 3.1, "n": 30}},
        "items": {"i1": 3.0},
    }
    benchmark.parse_document(json.dumps(doc))  # the unchanged document is valid
    change(doc)
    with pytest.raises(benchmark.BenchmarkError) as exc:
        benchmark.import_aggregate(session, json.dumps(doc).encode(), "agg.json")
    assert f"agg.json: {message}" in str(exc.value)
    assert session.exec(select(BenchmarkAggregate)).all() == []


def test_import_refuses_non_json(session):
    with pytest.raises(benchmark.BenchmarkError, match="invalid JSON at line 1"):
        benchmark.import_aggregate(session, b"{nope", "x.json")
    with pytest.raises(benchmark.BenchmarkError, match="top level must be an object"):
        benchmark.import_aggregate(session, b"[]", "x.json")


def test_export_refuses_open_and_small_rounds(session, mini, cli, tmp_path):
    open_rnd = uniform(session, mini, 3, name="open", close=False)
    small = uniform(session, mini, 3, n=4, name="klein")
    assert (
        "only a closed round"
        in cli("benchmark", "export", open_rnd.id, "-o", tmp_path / "a.json", code=1).output
    )
    assert (
        "fewer than k = 5" in cli("benchmark", "export", small.id, "-o", tmp_path / "b.json", code=1).output
    )
    assert not (tmp_path / "a.json").exists() and not (tmp_path / "b.json").exists()


def test_export_leaves_out_statements_below_k(session, mini):
    resp = people(mini, "A", 6, role="ambtenaar") + people(mini, "A", 2, role="raad", value=4)
    rnd = make_round(session, mini, [("A", None)], resp, closed_at=T0)
    doc = benchmark.export_aggregate(session, rnd)
    assert doc["items"]["c3"] is None and doc["items"]["i1"] == pytest.approx((6 * 3 + 2 * 4) / 8)
    assert doc["dimensions"]["integrity"] == {"mean": pytest.approx((6 * 3 + 2 * 4) / 8), "n": 8}
