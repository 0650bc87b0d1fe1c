"""The analysis and exports of the questions of sections (ranking, points, number, choice), on a definition written
for this test (a 7-point scale, every section kind, ``show_if`` on a section question, don't know, ``required``):
answered through the plain HTML form and by ``simulate``, and the figures of the JSON and CSV exports checked
against an independent computation (pandas and scipy) on the raw export; the k rule per group, including the
complementary case."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sst
from sqlmodel import Session

from scanengine import analysis, closing, db, definition, export, maintenance, rounds, simulate
from tests import factories
from tests.factories import FIELD, FORM_OPTS, POINT_OPTS, RANK_OPTS, WATER, _answers
from tests.flow import TEST_SECRET, csrf_token, make_round, page_index, path_of


def _t(nl: str, en: str) -> dict:
    return {"nl": nl, "en": en}


def _options(*ids: str) -> list[dict]:
    return [{"id": i, "label": _t(f"{i} (nl)", f"{i} (en)")} for i in ids]


FORM_ANSWERS = [
    (
        "Noord",
        "zorg",
        {"s1": "6", "s2": "7", "s3": "2"},
        {
            "prio.dijken": "1",
            "prio.sluizen": "2",
            "prio.havens": "3",
            "inzet.havens": "2",
            "inzet.dijken": "5",
            "inzet.polders": "3",
            "uren": "12,5",
            "vorm": ["netwerk", "regeling"],
            "akkoord": "ja",
        },
    ),
    (
        "Noord",
        "onderwijs",
        {"s1": "3", "s2": "dk", "s3": "5"},
        {
            "prio.polders": "1",
            "prio.dijken": "2",
            "prio.havens": "3",
            "inzet.polders": "10",
            "uren": "7.25",
            "akkoord": "nee",
        },
    ),
    ("Zuid", "bestuur", {"s1": "5", "s2": "5", "s3": "3"}, {"uren": "dk", "vorm": "dk", "akkoord": "ja"}),
]


def _walk(client, link: str, background: dict, answers: dict) -> str:
    """Through the plain HTML form (no JavaScript): on every page post the fields shown there, then submit."""
    resp = client.get(path_of(link))
    given = {**background, **answers}
    for _ in range(20):
        page = resp.get_data(as_text=True)
        form = {"csrf_token": csrf_token(page), "page": str(page_index(page))}
        if 'name="action" value="submit"' in page:
            done = client.post(path_of(link), data={**form, "action": "submit"})
            assert done.status_code == 200, done.get_data(as_text=True)[:1000]
            return done.get_data(as_text=True)
        shown = set(FIELD.findall(page))
        form.update({"action": "next", **{f: v for f, v in given.items() if f in shown}})
        resp = client.post(path_of(link), data=form)
        assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    raise AssertionError("the form did not reach its review page")


@pytest.fixture
def water_round(database_url, tmp_path, client):
    """An open round: three respondents through the form, 157 more by ``simulate``; then closed."""
    path = tmp_path / "waterschap_test.json"
    path.write_text(json.dumps(WATER))
    setup = make_round(database_url, path, groups=("Noord", "Zuid", "Oost"), personal=3, k=5)
    for i, (group, sector, statements, fields) in enumerate(FORM_ANSWERS):
        _walk(client, setup.links[group][i], {"sector": sector, **statements}, fields)
    with Session(db.get_engine(database_url), expire_on_commit=False) as s:
        rnd = rounds.get_round(s, str(setup.round_id))
        simulate.simulate_round(s, rnd, 157, seed=20261129)
        closing.close_round(s, rnd, secret=TEST_SECRET)
        s.commit()
    return setup


def _raw(session, rnd) -> pd.DataFrame:
    """The raw CSV export read by pandas, every cell as text ("" for empty)."""
    return pd.read_csv(io.StringIO(export.raw_csv(session, rnd)), dtype=str, keep_default_na=False)


def _num(frame: pd.DataFrame, col: str) -> pd.Series:
    return pd.to_numeric(frame[col].where(~frame[col].isin(["", "dk"])), errors="coerce")


def _ranking(frame: pd.DataFrame) -> dict:
    """Mean rank with ties for the unranked, points, shares, and W from scipy's tie-corrected Friedman test."""
    ranks = pd.DataFrame({o: _num(frame, f"prio.{o}") for o in RANK_OPTS})
    ranks = ranks[ranks.notna().any(axis=1)]
    n_opt = len(RANK_OPTS)
    if len(ranks) < 2:
        return {"n": len(ranks)}
    full = ranks.apply(lambda row: row.fillna(np.mean(range(int(row.count()) + 1, n_opt + 1))), axis=1)
    m = len(full)
    chi2, p = sst.friedmanchisquare(*(full[o].to_numpy() for o in RANK_OPTS))
    return {
        "n": m,
        "mean_rank": full.mean().to_dict(),
        "points": ((n_opt - ranks + 1).fillna(0)).mean().to_dict(),
        "share_first": (ranks == 1).mean().to_dict(),
        "share_top": ranks.notna().mean().to_dict(),
        "w": chi2 / (m * (n_opt - 1)),
        "chi2": chi2,
        "p": p,
        "df": n_opt - 1,
    }


def _points(frame: pd.DataFrame) -> dict:
    pts = pd.DataFrame({o: _num(frame, f"inzet.{o}") for o in POINT_OPTS})
    pts = pts[pts.notna().any(axis=1)]
    n = len(pts)
    if n < 2:
        return {"n": n}
    half = sst.t.ppf(0.975, n - 1) * pts.std(ddof=1) / np.sqrt(n)
    return {
        "n": n,
        "mean": pts.mean().to_dict(),
        "sd": pts.std(ddof=1).to_dict(),
        "ci_low": (pts.mean() - half).to_dict(),
        "ci_high": (pts.mean() + half).to_dict(),
        "share": (pts.sum() / pts.to_numpy().sum()).to_dict(),
    }


def _number(frame: pd.DataFrame) -> dict:
    x = _num(frame, "uren").dropna()
    return {
        "n": len(x),
        "mean": x.mean(),
        "sd": x.std(ddof=1),
        "median": x.median(),
        "q1": x.quantile(0.25),
        "q3": x.quantile(0.75),
        "dk": int((frame["uren"] == "dk").sum()),
    }


def _choice(frame: pd.DataFrame) -> dict:
    flags = pd.DataFrame({o: frame[f"vorm.{o}"] for o in FORM_OPTS})
    answered = flags.eq("1").any(axis=1)
    n = int(answered.sum())
    out = {"n": n, "dk": int(flags.eq("dk").all(axis=1).sum())}
    if not n:
        return out
    for o in FORM_OPTS:
        count = int(flags[o].eq("1").sum())
        ci = sst.binomtest(count, n).proportion_ci(0.95, method="wilson")
        out[o] = {"count": count, "share": count / n, "ci_low": ci.low, "ci_high": ci.high}
    return out


def _check_ranking(doc: dict, ref: dict) -> None:
    assert doc["n"] == ref["n"]
    for opt in doc["options"]:
        for key in ("mean_rank", "points", "share_first", "share_top"):
            assert opt[key] == pytest.approx(ref[key][opt["id"]], rel=1e-9), (opt["id"], key)
    agreement = doc["agreement"]
    assert agreement["w"] == pytest.approx(ref["w"], rel=1e-9)
    assert agreement["chi2"] == pytest.approx(ref["chi2"], rel=1e-9)
    assert agreement["p"] == pytest.approx(ref["p"], rel=1e-6, abs=1e-300)
    assert agreement["df"] == ref["df"]


def _check_points(doc: dict, ref: dict) -> None:
    assert doc["n"] == ref["n"]
    for opt in doc["options"]:
        for key in ("mean", "sd", "ci_low", "ci_high", "share"):
            assert opt[key] == pytest.approx(ref[key][opt["id"]], rel=1e-9), (opt["id"], key)


def _check_number(doc: dict, ref: dict) -> None:
    assert doc["n"] == ref["n"]
    for key in ("mean", "sd", "median", "q1", "q3"):
        assert doc[key] == pytest.approx(ref[key], rel=1e-9), key


def _check_choice(doc: dict, ref: dict) -> None:
    assert doc["n"] == ref["n"]
    for opt in doc["options"]:
        for key in ("count", "share", "ci_low", "ci_high"):
            assert opt[key] == pytest.approx(ref[opt["id"]][key], rel=1e-9), (opt["id"], key)


def test_form_answers_are_stored_and_counted(water_round, session):
    rnd = rounds.get_round(session, str(water_round.round_id))
    frame = _raw(session, rnd)
    assert len(frame) == 160
    assert [c for c in frame.columns if "." in c or c in ("uren", "vorm", "akkoord")] == [
        *(f"prio.{o}" for o in RANK_OPTS),
        *(f"inzet.{o}" for o in POINT_OPTS),
        "uren",
        *(f"vorm.{o}" for o in FORM_OPTS),
        "akkoord.ja",
        "akkoord.nee",
    ]
    # the three form answers are in the rows, exactly as posted (12,5 and 7.25 both numbers; dk as dk)
    mine = frame[frame["uren"].isin(["12.5", "7.25"]) & frame["s1"].isin(["6", "3"])]
    first = mine[mine["uren"] == "12.5"].iloc[0]
    assert (first["prio.dijken"], first["prio.sluizen"], first["prio.havens"], first["prio.polders"]) == (
        "1",
        "2",
        "3",
        "",
    )
    assert (first["vorm.netwerk"], first["vorm.convenant"], first["vorm.regeling"]) == ("1", "0", "1")
    second = mine[mine["uren"] == "7.25"].iloc[0]
    assert second["s2"] == "dk" and second["inzet.polders"] == "10" and second["inzet.havens"] == "0"
    assert (second["vorm.netwerk"], second["vorm.convenant"]) == ("", "")  # not shown: not asked, not missing
    assert ((frame["uren"] == "dk") & (frame["vorm.netwerk"] == "dk") & (frame["sector"] == "bestuur")).any()
    # required: every respondent answered akkoord
    assert (frame[["akkoord.ja", "akkoord.nee"]] == "1").any(axis=1).all()


def test_export_figures_equal_an_independent_computation_on_the_raw_export(water_round, session):
    rnd = rounds.get_round(session, str(water_round.round_id))
    frame = _raw(session, rnd)
    res = analysis.analyse(session, rnd)
    doc = json.loads(export.to_json(res))
    by_id = {qd["id"]: qd for qd in doc["questions"]}
    assert list(by_id) == ["prio", "inzet", "uren", "vorm", "akkoord"]
    assert {qd["kind"] for qd in doc["questions"]} == {"ranking", "points", "number", "choice"}
    # exactly the keys of the export per kind
    assert set(by_id["prio"]) == {"id", "kind", "n", "options", "agreement", "groups"}
    assert set(by_id["prio"]["options"][0]) == {"id", "mean_rank", "points", "share_first", "share_top"}
    assert set(by_id["prio"]["agreement"]) == {"w", "chi2", "df", "p"}
    assert set(by_id["inzet"]["options"][0]) == {"id", "mean", "sd", "ci_low", "ci_high", "share"}
    # never a sum over respondents, nor a minimum or maximum (one person's answer)
    assert set(by_id["uren"]) == {"id", "kind", "n", "mean", "sd", "median", "q1", "q3", "groups"}
    assert set(by_id["vorm"]["options"][0]) == {"id", "count", "share", "ci_low", "ci_high"}

    _check_ranking(by_id["prio"], _ranking(frame))
    _check_points(by_id["inzet"], _points(frame))
    number = _number(frame)
    _check_number(by_id["uren"], number)
    assert res.question("uren").dk == number["dk"] > 0  # don't know counted apart, not in n
    choice = _choice(frame)
    _check_choice(by_id["vorm"], choice)
    assert res.question("vorm").dk == choice["dk"] > 0
    # show_if: shown to zorg and bestuur only; the others are not missing data
    assert res.question("vorm").shown == int(frame["sector"].isin(["zorg", "bestuur"]).sum())
    assert res.question("uren").shown == 160

    # per group: every shown group equals the same computation on its rows; groups below k carry no figures
    checks = {
        "prio": (_ranking, _check_ranking),
        "inzet": (_points, _check_points),
        "uren": (_number, _check_number),
        "vorm": (_choice, _check_choice),
    }
    seen = 0
    for qid, (compute, check) in checks.items():
        for g in by_id[qid]["groups"]:
            column = "group" if g["breakdown"] == "group" else g["breakdown"]
            rows = frame[frame[column] == (g["name"] if g["name"] != "_unknown" else "")]
            if g["suppressed"]:
                assert set(g) == {"breakdown", "name", "label", "suppressed"}
                continue
            ref = compute(rows)
            if ref["n"] >= 5:
                check(g, ref)
                seen += 1
            else:
                assert g["n"] == ref["n"] == 0
    assert seen >= 8

    # the aggregated CSV carries the same figures
    rows = list(csv.DictReader(io.StringIO(export.to_csv(res))))
    total = {(r["question"], r["option"]): r for r in rows if r["question"] and r["breakdown"] == "total"}
    assert float(total[("uren", "")]["q3"]) == pytest.approx(by_id["uren"]["q3"])
    assert "sum" not in rows[0]
    assert float(total[("prio", "")]["w"]) == pytest.approx(by_id["prio"]["agreement"]["w"])
    assert float(total[("prio", "dijken")]["mean_rank"]) == pytest.approx(
        next(o["mean_rank"] for o in by_id["prio"]["options"] if o["id"] == "dijken")
    )
    assert float(total[("inzet", "polders")]["share"]) == pytest.approx(
        next(o["share"] for o in by_id["inzet"]["options"] if o["id"] == "polders")
    )
    assert int(total[("vorm", "regeling")]["count"]) == choice["regeling"]["count"]


def test_k_rule_per_group_with_complementary_suppression(session):
    """k = 5; groups A 9, B 6, C 3 respondents: C is below k, and B (the smallest shown) is hidden with it, or C's
    figures would follow from the total minus A. Likewise by sector: onderwijs (3) and, as its complement, zorg."""
    q = definition.parse(WATER, "waterschap_test.json")
    people = []
    for group, size in (("A", 9), ("B", 6), ("C", 3)):
        for i in range(size):
            ans = _answers(i, 1 + i % 9, 10.0 + i)
            people.append((group, {"sector": "zorg" if i < 6 else "onderwijs"}, ans, None))
    rnd = factories.make_round(session, q, [("A", 10), ("B", 10), ("C", 10)], people, k=5)
    res = analysis.analyse(session, rnd)
    for qr in res.questions:
        groups = {g.key: g for g in qr.groups if g.breakdown == "group"}
        if qr.id == "vorm":  # nobody answered it (no option chosen): no figures at all
            assert qr.n == 0 and qr.figures is None
            continue
        assert groups["C"].suppressed and groups["C"].n is None and groups["C"].figures is None
        assert groups["B"].suppressed and groups["B"].figures is None  # the complement
        assert not groups["A"].suppressed and groups["A"].n == 9 and groups["A"].figures is not None
        assert qr.n == 18 and qr.figures is not None
    doc = export.export_dict(res)
    uren = next(qd for qd in doc["questions"] if qd["id"] == "uren")
    hidden = [g for g in uren["groups"] if g["suppressed"]]
    assert {g["name"] for g in hidden if g["breakdown"] == "group"} == {"B", "C"}
    assert all(set(g) == {"breakdown", "name", "label", "suppressed"} for g in hidden)
    sectors = {g["name"]: g for g in uren["groups"] if g["breakdown"] == "sector"}
    assert sectors["zorg"]["suppressed"] and sectors["onderwijs"]["suppressed"]


def test_a_question_answered_by_fewer_than_k_and_the_complement_within_a_question(session):
    """12 respondents in two groups of 6 (k = 5, both shown). "uren": only 4 answered, so no figures (its n is
    shown). "inzet": A 6 answers, B 3: B is hidden for this question and A with it (the complement), although
    both groups are shown for the other questions."""
    q = definition.parse(WATER, "waterschap_test.json")
    people = []
    for i in range(12):
        ans = _answers(i, 2, 10.0 + i)
        if i >= 4:
            del ans["uren"]
        if i >= 9:
            del ans["inzet"]
        people.append(("A" if i < 6 else "B", {"sector": "zorg"}, ans, None))
    rnd = factories.make_round(session, q, [("A", 10), ("B", 10)], people, k=5)
    res = analysis.analyse(session, rnd)
    uren = res.question("uren")
    assert uren.n == 4 and uren.figures is None
    assert all(g.figures is None for g in uren.groups)
    assert set(uren.export()) == {"id", "kind", "n", "groups"}
    inzet = res.question("inzet")
    assert inzet.n == 9 and inzet.figures is not None
    groups = {g.key: g for g in inzet.groups if g.breakdown == "group"}
    assert groups["A"].suppressed and groups["B"].suppressed
    prio = {g.key: g for g in res.question("prio").groups if g.breakdown == "group"}
    assert prio["A"].n == 6 and prio["B"].n == 6 and prio["A"].figures is not None
    assert any(note.key == "analysis.note.cells_hidden" for note in res.notes)


def test_a_purged_round_keeps_the_whole_round_figures_of_its_questions(session):
    """The kept summary holds every question's whole-round figures (not its groups); after the purge the results
    show the same figures, and the exports carry them."""
    q = definition.parse(WATER, "waterschap_test.json")
    people = [
        ("A" if i < 5 else "B", {"sector": "zorg"}, _answers(i, 1 + i % 9, 20.0 + i), None) for i in range(10)
    ]
    rnd = factories.make_round(session, q, [("A", 10), ("B", 10)], people, k=5)
    before = analysis.analyse(session, rnd)
    maintenance.purge_round(session, rnd)
    session.commit()
    after = analysis.analyse(session, rnd)
    for b, a in zip(before.questions, after.questions, strict=True):
        assert (a.id, a.kind, a.n, a.dk, a.shown) == (b.id, b.kind, b.n, b.dk, b.shown)
        assert a.figures == b.figures
        assert a.groups == []
    assert after.question("prio").figures.agreement.w == pytest.approx(
        before.question("prio").figures.agreement.w
    )
    doc = export.export_dict(after)
    assert (
        next(qd for qd in doc["questions"] if qd["id"] == "uren")["q3"] == before.question("uren").figures.q3
    )


def test_a_definition_with_sections_only_is_analysed_and_exported(session):
    data = {k: v for k, v in WATER.items() if k not in ("scale", "bands", "dimensions")}
    q = definition.parse(data, "alleen_secties.json")
    people = []
    for i in range(6):
        ans = _answers(i, 4, 3.0 + i)
        for item in ("s1", "s2", "s3"):
            del ans[item]
        people.append(("A", {"sector": "onderwijs"}, ans, None))
    rnd = factories.make_round(session, q, [("A", 6)], people, k=5)
    res = analysis.analyse(session, rnd)
    assert res.dimensions == [] and res.question("uren").figures.median == pytest.approx(5.5)
    frame = _raw(session, rnd)
    assert len(frame) == 6 and "prio.havens" in frame.columns
