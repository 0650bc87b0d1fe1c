"""The decision aid: the definition block and its rules, the plain HTML form, simulate, the statistics, the k rule
per group, the export against an independent computation on the raw rows, the report chapter and the results
page, and the shipped ``rechtsvorm`` instrument."""

from __future__ import annotations

import copy
import io
import json
import math
import re

import numpy as np
import pytest
from pypdf import PdfReader
from scipy import stats as sps
from sqlalchemy import select
from sqlmodel import Session

from scanengine import analysis, benchmark, closing, db, definition, export, responses, rounds, simulate
from scanengine import stats as st
from scanengine.models import Response
from scanengine.report import build_pdf
from tests.factories import make_round
from tests.flow import TEST_SECRET, csrf_token, page_index, path_of
from tests.flow import make_round as make_open_round


def _t(nl: str, en: str) -> dict:
    return {"nl": nl, "en": en}


def _opts(*ids: str) -> list[dict]:
    return [{"id": i, "label": _t(i.capitalize(), i.upper())} for i in ids]


#: a decision nobody on the team has seen: where to house a shared service desk
DESK = {
    "id": "servicedesk",
    "version": "0.3",
    "title": _t("Waar komt de servicedesk?", "Where does the service desk go?"),
    "scale": {
        "points": 4,
        "labels": {
            "nl": ["Oneens", "Eerder oneens", "Eerder eens", "Eens"],
            "en": ["Disagree", "Rather disagree", "Rather agree", "Agree"],
        },
    },
    "bands": [{"min": 3.0, "label": _t("Sterk", "Strong")}, {"min": 1, "label": _t("Zwak", "Weak")}],
    "background": [
        {
            "id": "afdeling",
            "breakdown": True,
            "text": _t("Uw afdeling?", "Your department?"),
            "options": _opts("front", "back"),
        }
    ],
    "dimensions": [
        {
            "id": "tevreden",
            "title": _t("Tevredenheid", "Satisfaction"),
            "items": [{"id": "s1", "text": _t("De balie werkt.", "The desk works.")}],
        }
    ],
    "sections": [
        {
            "id": "wegen",
            "title": _t("Wegen", "Weighing"),
            "questions": [
                {
                    "id": "gewicht",
                    "kind": "points",
                    "total": 10,
                    "text": _t("Verdeel 10 punten.", "Divide 10 points."),
                    "options": _opts("prijs", "bereik", "groen"),
                }
            ],
        },
        {
            "id": "eisen",
            "title": _t("Eisen", "Requirements"),
            "questions": [
                {
                    "id": "parkeren",
                    "kind": "choice",
                    "text": _t("Parkeren nodig?", "Parking needed?"),
                    "options": _opts("ja", "nee"),
                }
            ],
        },
    ],
    "decision": {
        "title": _t("Keuze voor de locatie", "Choice of location"),
        "intro": _t("Vier plekken, drie criteria.", "Four places, three criteria."),
        "alternatives": [
            {"id": "stadhuis", "label": _t("Stadhuis", "Town hall")},
            {"id": "bieb", "label": _t("Bibliotheek", "Library")},
            {"id": "online", "label": _t("Alleen online", "Online only")},
            {"id": "bus", "label": _t("Rijdende balie", "Mobile desk")},
        ],
        "criteria": [
            {"id": "prijs", "label": _t("Prijs", "Price")},
            {"id": "bereik", "label": _t("Bereik", "Reach")},
            {"id": "groen", "label": _t("Duurzaamheid", "Sustainability")},
        ],
        "weights": "gewicht",
        "scores": {
            "stadhuis": {"prijs": 2, "bereik": 4, "groen": 3},
            "bieb": {"prijs": 3, "bereik": 3, "groen": 4},
            "online": {"prijs": 5, "bereik": 2, "groen": 5},
            "bus": {"prijs": 1, "bereik": 5, "groen": 1},
        },
        "knockouts": [{"question": "parkeren", "options": ["ja"], "excludes": ["online", "bus"]}],
        "sources": _t("Eigen inschatting van het projectteam.", "The project team's own estimate."),
    },
}
ALTERNATIVES = ["stadhuis", "bieb", "online", "bus"]
CRITERIA = ["prijs", "bereik", "groen"]
SCORES = np.array([[DESK["decision"]["scores"][a][c] for c in CRITERIA] for a in ALTERNATIVES], dtype=float)


def _problems(data: dict) -> list[str]:
    with pytest.raises(definition.DefinitionError) as err:
        definition.parse(data, "x.json")
    return err.value.lines()


def test_the_unseen_definition_is_valid_and_keeps_its_block():
    q = definition.parse(copy.deepcopy(DESK), "x.json")
    assert [a.id for a in q.decision.alternatives] == ALTERNATIVES
    assert q.decision.score_matrix() == SCORES.astype(int).tolist()
    assert definition.from_pinned(q.canonical_json()).decision == q.decision


def _mutate(change):
    data = copy.deepcopy(DESK)
    change(data)
    return data


def _set(path, value):
    def change(data):
        *head, last = path
        target = data
        for key in head:
            target = target[key]
        target[last] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            _set(("decision", "alternatives", 1, "id"), "stadhuis"),
            "x.json: decision.alternatives[1].id: duplicate id 'stadhuis' (first used at decision.alternatives[0].id)",
        ),
        (
            _set(("decision", "criteria", 0, "id"), "Prijs"),
            "x.json: decision.criteria[0].id: bad id 'Prijs': must match [a-z][a-z0-9_]{0,39}",
        ),
        (
            _set(("decision", "weights"), "gewichten"),
            "x.json: decision.weights: unknown question 'gewichten' (must name a points question)",
        ),
        (
            _set(("decision", "weights"), "parkeren"),
            "x.json: decision.weights: question 'parkeren' is a choice question, must be a points question",
        ),
        (
            _set(("sections", 0, "questions", 0, "options"), _opts("prijs", "bereik", "groen", "sfeer")),
            "x.json: decision.weights: question 'gewicht' has options that are no criterion: 'sfeer'; its options must "
            "be exactly the criteria",
        ),
        (
            _set(("sections", 0, "questions", 0, "options"), _opts("prijs", "bereik")),
            "x.json: decision.weights: question 'gewicht' has no option for the criteria 'groen'; its options must be "
            "exactly the criteria",
        ),
        (
            lambda d: d["decision"]["scores"].pop("bus"),
            "x.json: decision.scores: alternative 'bus' is not scored (every alternative on every criterion)",
        ),
        (
            _set(("decision", "scores", "tram"), {"prijs": 1, "bereik": 1, "groen": 1}),
            "x.json: decision.scores.tram: unknown alternative 'tram'",
        ),
        (
            lambda d: d["decision"]["scores"]["bieb"].pop("groen"),
            "x.json: decision.scores.bieb: criterion 'groen' is not scored",
        ),
        (
            _set(("decision", "scores", "bieb", "sfeer"), 3),
            "x.json: decision.scores.bieb.sfeer: unknown criterion 'sfeer'",
        ),
        (
            _set(("decision", "scores", "bieb", "prijs"), 6),
            "x.json: decision.scores.bieb.prijs: must be from 1 to 5, got 6",
        ),
        (
            _set(("decision", "scores", "bieb", "prijs"), 0),
            "x.json: decision.scores.bieb.prijs: must be from 1 to 5, got 0",
        ),
        (
            _set(("decision", "scores", "bieb", "prijs"), 2.5),
            "x.json: decision.scores.bieb.prijs: must be a whole number, got a number",
        ),
        (
            _set(("decision", "knockouts", 0, "question"), "gewicht"),
            "x.json: decision.knockouts[0].question: question 'gewicht' is a points question, must be a choice question",
        ),
        (
            _set(("decision", "knockouts", 0, "question"), "lift"),
            "x.json: decision.knockouts[0].question: unknown question 'lift' (must name a choice question)",
        ),
        (
            _set(("decision", "knockouts", 0, "options"), ["ja", "misschien"]),
            "x.json: decision.knockouts[0].options[1]: unknown option 'misschien' of question 'parkeren'",
        ),
        (
            _set(("decision", "knockouts", 0, "excludes"), ["online", "tram"]),
            "x.json: decision.knockouts[0].excludes[1]: unknown alternative 'tram'",
        ),
        (
            _set(("decision", "alternatives", 2, "label"), {"nl": "Alleen online"}),
            "x.json: decision.alternatives[2].label: missing language 'en'",
        ),
        (
            _set(("decision", "sources"), {"nl": "Bron", "en": "Source", "de": "Quelle"}),
            "x.json: decision.sources: language 'de' is not declared in title",
        ),
        (
            _set(("decision", "alternatives"), [{"id": "stadhuis", "label": _t("S", "S")}]),
            "x.json: decision.alternatives: must have at least 2 entries",
        ),
        (
            _set(("decision", "knockouts", 0, "when"), ["ja"]),
            "x.json: decision.knockouts[0].when: unknown field",
        ),
    ],
)
def test_validation_names_each_problem_by_file_and_path(change, expected):
    assert expected in _problems(_mutate(change))


def test_several_problems_are_reported_together():
    def change(data):
        data["decision"]["weights"] = "parkeren"
        data["decision"]["scores"]["online"]["groen"] = 9

    lines = _problems(_mutate(change))
    assert (
        len(lines) == 2
        and lines[0].startswith("x.json: decision.weights")
        and "decision.scores.online.groen" in lines[1]
    )


# -- the plain HTML form ----------------------------------------------------------------------------------------

NAME_RE = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([a-z][a-z0-9_.]*)"')


def _walk(client, link: str, answers: dict) -> str:
    """Answer the whole form without JavaScript: on every page post the answers for the fields it shows."""
    resp = client.get(path_of(link))
    for _ in range(20):
        page = resp.get_data(as_text=True)
        form = {"csrf_token": csrf_token(page), "page": str(page_index(page))}
        if 'name="action" value="submit"' in page:
            done = client.post(path_of(link), data={**form, "action": "submit"})
            assert done.status_code == 200, done.get_data(as_text=True)[:500]
            return done.get_data(as_text=True)
        shown = set(NAME_RE.findall(page)) - {"csrf_token", "page", "action", "lang"}
        resp = client.post(
            path_of(link), data={**form, "action": "next", **{k: v for k, v in answers.items() if k in shown}}
        )
        assert resp.status_code == 200, resp.get_data(as_text=True)[:1000]
    raise AssertionError("the form did not end")


#: (department, weights prijs/bereik/groen, parking) answered through the form
FORM_ANSWERS = [
    ("front", (5, 3, 2), "nee"),
    ("front", (0, 10, 0), "ja"),
    ("back", (2, 2, 6), "nee"),
    ("back", (4, 4, 2), "ja"),
    ("front", (1, 1, 8), "nee"),
]


def test_the_decision_runs_through_the_plain_form(client, database_url, tmp_path):
    path = tmp_path / "servicedesk.json"
    path.write_text(json.dumps(DESK))
    setup = make_open_round(database_url, path, groups=("Gemeente A",), personal=len(FORM_ANSWERS), k=3)
    for i, (dept, w, park) in enumerate(FORM_ANSWERS):
        answers = {
            "afdeling": dept,
            "s1": "3",
            "parkeren": park,
            **{f"gewicht.{c}": str(v) for c, v in zip(CRITERIA, w, strict=True)},
        }
        _walk(client, setup.links["Gemeente A"][i], answers)
    with Session(db.get_engine(database_url)) as s:
        rnd = rounds.get_round(s, setup.round_id)
        closing.close_round(s, rnd, secret=TEST_SECRET)
        s.commit()
        res = analysis.analyse(s, rnd)
    d = res.decision
    assert d.n == len(FORM_ANSWERS)
    # by hand: value(a) = Σ w_c s_ac / Σ w_c; parking rules out online and the mobile desk
    values = {a: [] for a in ALTERNATIVES}
    for _dept, w, park in FORM_ANSWERS:
        w = np.array(w, float)
        for i, a in enumerate(ALTERNATIVES):
            if park == "ja" and a in ("online", "bus"):
                continue
            values[a].append(float(w @ SCORES[i] / w.sum()))
    for alt in d.alternatives:
        assert alt.n == len(values[alt.id])
        expected = sum(values[alt.id]) / len(values[alt.id])
        assert alt.mean == pytest.approx(expected)
    assert {a.id: a.share_ruled_out for a in d.alternatives} == {
        "stadhuis": 0,
        "bieb": 0,
        "online": 0.4,
        "bus": 0.4,
    }
    # the 0/10/0 respondent with parking: only the town hall (4) and the library (3) are left -> town hall
    assert d.alternatives[0].share_best > 0


# -- simulate, statistics, export, PDF ----------------------------------------------------------------------------


@pytest.fixture
def desk_round(session):
    q = definition.parse(copy.deepcopy(DESK), "servicedesk.json")
    rnd = rounds.create_round(
        session,
        q,
        name="Desk",
        cooperation="Regio Noord",
        groups=[("Noord", 60), ("Zuid", 50), ("Klein", 10)],
        min_group_size=5,
    )
    rounds.open_round(session, rnd)
    simulate.simulate_round(session, rnd, 120, seed=7)
    closing.close_round(session, rnd, secret=TEST_SECRET)
    session.commit()
    return rnd


def _raw(session, rnd) -> list[dict]:
    """The anonymous raw rows of a round (the stored answers decoded by the codec, as the raw export reads them):
    group name, background and answers by question id."""
    q = rounds.questionnaire_of(rnd)
    names = {g.id: g.name for g in rounds.groups_of(session, rnd.id)}
    rows = session.execute(
        select(Response.group_id, Response.answers, Response.background).where(Response.round_id == rnd.id)
    ).all()
    return [
        {"group": names[g], **responses.unpack_background(q, b), **responses.unpack_answers(q, a)}
        for g, a, b in rows
    ]


def _midranks(values: list[float]) -> list[float]:
    """Rank 1 = highest value; equal values share the mean of their places (written out, not scipy)."""
    out = []
    for v in values:
        higher = sum(1 for x in values if x > v)
        equal = sum(1 for x in values if x == v)
        out.append(higher + (equal + 1) / 2)
    return out


def _independent(rows: list[dict]) -> dict:
    """The SPEC's decision figures from the raw rows, in plain Python (t quantile from scipy)."""
    per_alt = {a: [] for a in ALTERNATIVES}
    best = dict.fromkeys(ALTERNATIVES, 0.0)
    out = dict.fromkeys(ALTERNATIVES, 0)
    rankings = []
    m = 0
    for row in rows:
        pts = row.get("gewicht")
        if not pts:
            continue
        m += 1
        w = [pts.get(c, 0) for c in CRITERIA]
        ruled = set()
        if "ja" in (row.get("parkeren") or ()):
            ruled = {"online", "bus"}
        vals = {}
        for i, a in enumerate(ALTERNATIVES):
            if a in ruled:
                out[a] += 1
                continue
            vals[a] = sum(wc * s for wc, s in zip(w, SCORES[i], strict=True)) / sum(w)
            per_alt[a].append(vals[a])
        top = max(vals.values())
        winners = [a for a, v in vals.items() if math.isclose(v, top, abs_tol=1e-12)]
        for a in winners:
            best[a] += 1 / len(winners)
        rankings.append(_midranks([vals.get(a, -1e9) for a in ALTERNATIVES]))
    fig = {}
    for j, a in enumerate(ALTERNATIVES):
        xs = per_alt[a]
        mean = sum(xs) / len(xs) if xs else math.nan
        sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else math.nan
        half = sps.t.ppf(0.975, len(xs) - 1) * sd / math.sqrt(len(xs)) if len(xs) > 1 else math.nan
        fig[a] = {
            "mean": mean,
            "ci_low": mean - half,
            "ci_high": mean + half,
            "share_best": best[a] / m,
            "share_ruled_out": out[a] / m,
            "mean_rank": sum(r[j] for r in rankings) / m,
            "kept": len(xs),
        }
    n = len(ALTERNATIVES)
    sums = [sum(r[j] for r in rankings) for j in range(n)]
    s_dev = sum((r - m * (n + 1) / 2) ** 2 for r in sums)
    ties = 0.0
    for r in rankings:
        for v in set(r):
            t = r.count(v)
            ties += t**3 - t
    w = 12 * s_dev / (m**2 * (n**3 - n) - m * ties)
    return {"m": m, "alternatives": fig, "w": w, "chi2": m * (n - 1) * w}


def test_simulate_gives_plausible_decision_answers(session, desk_round):
    rows = _raw(session, desk_round)
    weights = [r["gewicht"] for r in rows if r.get("gewicht")]
    assert 0.85 * len(rows) < len(weights) <= len(rows)  # a few skip, as in real rounds
    assert all(sum(w.values()) == 10 for w in weights)
    parking = [r["parkeren"] for r in rows if r.get("parkeren")]
    assert {("ja",), ("nee",)} == set(parking)  # both answers occur, one option each
    spread = np.array([[w.get(c, 0) for c in CRITERIA] for w in weights], float)
    assert (spread.std(axis=0) > 0).all()  # respondents differ


def test_export_equals_an_independent_computation_on_the_raw_rows(session, desk_round):
    res = analysis.analyse(session, desk_round)
    doc = json.loads(export.to_json(res))["decision"]
    ref = _independent(_raw(session, desk_round))
    assert doc["n"] == ref["m"]
    assert [a["id"] for a in doc["alternatives"]] == ALTERNATIVES
    for a in doc["alternatives"]:
        for key in ("mean_rank", "mean", "ci_low", "ci_high", "share_best", "share_ruled_out"):
            assert a[key] == pytest.approx(ref["alternatives"][a["id"]][key], abs=1e-12), (a["id"], key)
    assert doc["agreement"]["w"] == pytest.approx(ref["w"], abs=1e-12)
    assert doc["agreement"]["chi2"] == pytest.approx(ref["chi2"], abs=1e-9)
    assert doc["agreement"]["df"] == 3
    assert doc["agreement"]["p"] == pytest.approx(sps.chi2.sf(ref["chi2"], 3))
    mean_ranks = {a: ref["alternatives"][a]["mean_rank"] for a in ALTERNATIVES}
    assert doc["ranking"] == sorted(ALTERNATIVES, key=lambda a: mean_ranks[a])
    stab = doc["stability"]
    assert stab["top"] == doc["ranking"][0] and 0 <= stab["share"] <= 1
    assert (stab["perturbations"], stab["concentration"], stab["seed"]) == (
        st.STABILITY_PERTURBATIONS,
        st.STABILITY_CONCENTRATION,
        st.STABILITY_SEED,
    )
    again = json.loads(export.to_json(analysis.analyse(session, desk_round)))["decision"]["stability"]
    assert again == stab  # deterministic


def _designed_round(session):
    """Two thirds need parking, which rules out 'online' and the bus, and weigh reach; the other third weigh price
    and sustainability, on which 'online' scores 5."""
    q = definition.parse(copy.deepcopy(DESK), "servicedesk.json")

    def person(group, w, park):
        answers = {"gewicht": dict(zip(CRITERIA, w, strict=True)), "parkeren": (park,)}
        return (group, {"afdeling": "front"}, answers, None)

    keepers = [person("Noord", (5, 0, 5), "nee")] * 4 + [person("Zuid", (6, 0, 4), "nee")] * 2
    parkers = [person("Noord", (0, 10, 0), "ja")] * 6 + [person("Zuid", (2, 8, 0), "ja")] * 6
    return make_round(session, q, [("Noord", 10), ("Zuid", 8)], keepers + parkers, name="Ontwerp", k=5)


def test_an_alternative_most_rule_out_never_comes_first(session):
    """Designed answers: two thirds need parking, which rules out 'online' and the bus; they weigh reach. The
    other third weigh price and sustainability, on which 'online' scores 5: by their mean value (over those who
    kept it) 'online' would come first. By mean rank over everyone it may not, and the results say that a
    majority ruled it out. The expected order is computed here from the answers, written out."""
    rnd = _designed_round(session)
    d = analysis.analyse(session, rnd).decision

    # the oracle: each respondent's places, ruled-out alternatives tied for the last ones
    rows = _raw(session, rnd)
    places, kept = [], {a: [] for a in ALTERNATIVES}
    for row in rows:
        w = [row["gewicht"].get(c, 0) for c in CRITERIA]
        ruled = {"online", "bus"} if row["parkeren"] == ("ja",) else set()
        value = {a: sum(x * y for x, y in zip(w, SCORES[i], strict=True)) for i, a in enumerate(ALTERNATIVES)}
        for a in ALTERNATIVES:
            if a not in ruled:
                kept[a].append(value[a] / sum(w))
        places.append(_midranks([-1e9 if a in ruled else value[a] for a in ALTERNATIVES]))
    mean_rank = {a: sum(pl[j] for pl in places) / len(places) for j, a in enumerate(ALTERNATIVES)}
    by_mean = sorted(ALTERNATIVES, key=lambda a: -sum(kept[a]) / len(kept[a]))
    assert by_mean[0] == "online"  # the old rule would have put it first: the design bites

    expected = sorted(ALTERNATIVES, key=lambda a: mean_rank[a])
    assert d.ranking == expected and d.ranking[0] != "online"
    assert [a.id for a in d.ranked] == expected
    assert {a.id: a.mean_rank for a in d.alternatives} == pytest.approx(mean_rank, abs=1e-12)
    assert d.stability.top == expected[0]
    assert [a.id for a in d.ruled_out_by_majority] == [a for a in expected if a in ("online", "bus")]
    online = next(a for a in d.alternatives if a.id == "online")
    assert online.share_ruled_out == pytest.approx(12 / 18) and online.ruled_out_by_majority
    assert online.mean == pytest.approx(sum(kept["online"]) / 6)  # the kept ones' mean stays, labelled
    doc = json.loads(export.to_json(analysis.analyse(session, rnd)))["decision"]
    assert doc["ranking"] == expected and doc["stability"]["top"] == expected[0]
    assert {a["id"]: a["mean_rank"] for a in doc["alternatives"]} == pytest.approx(mean_rank, abs=1e-12)


def test_groups_follow_the_k_rule_with_complementary_suppression(session, desk_round):
    res = analysis.analyse(session, desk_round)
    doc = json.loads(export.to_json(res))["decision"]
    rows = _raw(session, desk_round)
    by_group = [g for g in doc["groups"] if g["breakdown"] == "group"]
    counts = {
        name: sum(1 for r in rows if r["group"] == name and r.get("gewicht"))
        for name in ("Noord", "Zuid", "Klein")
    }
    hidden = {g["name"] for g in by_group if g["suppressed"]}
    for g in by_group:
        if g["suppressed"]:
            assert set(g) == {"breakdown", "name", "label", "suppressed"}  # no figure, not even n
        else:
            assert g["n"] == counts[g["name"]] >= res.k
            mine = [r for r in rows if r["group"] == g["name"]]
            ref = _independent(mine)
            for a in g["alternatives"]:
                want = ref["alternatives"][a["id"]]
                if want["kept"] >= res.k:
                    assert a["mean"] == pytest.approx(want["mean"], abs=1e-12)
                else:  # fewer than k kept it: no mean (its mean rank, over everyone, stays)
                    assert a["mean"] is None and a["mean_rank"] == pytest.approx(want["mean_rank"])
    small = {name for name, n in counts.items() if 0 < n < res.k}
    assert small <= hidden
    if len(small) == 1:  # one hidden group would follow from the total: a second one is hidden too
        assert len(hidden) == 2


def test_k_rule_on_a_small_round_and_a_small_group(session):
    q = definition.parse(copy.deepcopy(DESK), "servicedesk.json")

    def person(group, dept, w, park="nee"):
        return (
            group,
            {"afdeling": dept},
            {"gewicht": dict(zip(CRITERIA, w, strict=True)), "parkeren": (park,)},
            None,
        )

    few = make_round(session, q, [("A", 5)], [person("A", "front", (5, 5, 0))] * 3, name="Klein", k=5)
    d = analysis.analyse(session, few).decision
    assert d.n is None and all(a.mean is None and a.share_best is None for a in d.alternatives)
    assert all(g.suppressed for g in d.groups)
    doc = json.loads(export.to_json(analysis.analyse(session, few)))["decision"]
    assert doc["n"] is None and doc["agreement"] is None and doc["stability"] is None

    people = (
        [person("A", "front", (5, 5, 0))] * 6
        + [person("B", "back", (0, 5, 5), "ja")] * 5
        + [person("C", "back", (10, 0, 0))] * 2
    )
    rnd = make_round(session, q, [("A", 6), ("B", 5), ("C", 2)], people, name="Drie", k=5)
    d = analysis.analyse(session, rnd).decision
    groups = {g.key: g for g in d.groups if g.breakdown == "group"}
    assert groups["C"].suppressed and groups["C"].n is None
    assert groups["B"].suppressed  # the complement: with C hidden, B (the smallest shown) goes too
    assert not groups["A"].suppressed and groups["A"].n == 6
    # everyone in B ruled online and the bus out: 5 of the 13 in the whole round
    assert {a.id: a.share_ruled_out for a in d.alternatives}["online"] == pytest.approx(5 / 13)


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_has_the_decision_chapter_in_both_languages(session, desk_round):
    res = analysis.analyse(session, desk_round)
    top = res.decision.stability
    label = {
        "stadhuis": ("Stadhuis", "Town hall"),
        "bieb": ("Bibliotheek", "Library"),
        "online": ("Alleen online", "Online only"),
        "bus": ("Rijdende balie", "Mobile desk"),
    }[top.top]
    nl = " ".join(_pdf_text(build_pdf(res, "nl")).split())
    assert "Keuze voor de locatie" in nl and "Hoe stevig is de uitkomst?" in nl
    runs = top.perturbations
    assert f"In {round(top.share * runs)} van de {runs} varianten blijft {label[0]} bovenaan." in nl
    assert nl.count("het is geen juridisch advies") == 1  # each caveat once
    assert (
        "Bijlage: de beoordeling van de alternatieven" in nl
        and "Eigen inschatting van het projectteam." in nl
    )
    assert "Wie sloot wat uit?" in nl and "Het gewicht van de criteria per groep" in nl
    en = " ".join(_pdf_text(build_pdf(res, "en")).split())
    assert (
        "Choice of location" in en
        and f"In {round(top.share * runs)} of {runs} variants {label[1]} stays on top." in en
    )
    assert en.count("it is no legal advice") == 1 and "Appendix: the rating of the alternatives" in en


def test_the_results_page_shows_the_decision(app, client, session, desk_round, database_url):
    from tests.auth_helpers import login, make_user

    make_user(session, "admin@example.org", admin=True)
    session.commit()
    login(client, "admin@example.org")
    body = client.get(f"/dashboard/rounds/{desk_round.id}/results").get_data(as_text=True)
    res = analysis.analyse(session, desk_round)
    st = res.decision.stability
    assert "Keuze voor de locatie" in body and "geen juridisch advies" in body
    assert f"In {round(st.share * st.perturbations)} van de {st.perturbations} varianten" in body
    assert "Eigen inschatting van het projectteam." in body and "<svg" in body


# -- the shipped instrument ---------------------------------------------------------------------------------------


def test_rechtsvorm_runs_through_simulate_and_the_pdf(session):
    q = definition.resolve("rechtsvorm")
    assert (
        len(q.decision.alternatives) == 7 and len(q.decision.criteria) == 6 and len(q.decision.knockouts) == 3
    )
    rnd = rounds.create_round(
        session,
        q,
        name="Rechtsvorm",
        cooperation="Regio Test",
        groups=[("Gemeente A", 40), ("Gemeente B", 40)],
        min_group_size=5,
    )
    rounds.open_round(session, rnd)
    simulate.simulate_round(session, rnd, 80, seed=11)
    closing.close_round(session, rnd, secret=TEST_SECRET)
    session.commit()
    res = analysis.analyse(session, rnd)
    assert res.decision.n is not None and res.decision.stability.top is not None
    nl = " ".join(_pdf_text(build_pdf(res, "nl")).split())
    assert "Welke rechtsvorm past?" in nl or "rechtsvorm" in nl.lower()
    assert "geen juridisch advies" in nl and "varianten blijft" in nl and "Bronnen" in nl
    en = " ".join(_pdf_text(build_pdf(res, "en")).split())
    assert "no legal advice" in en and "variants" in en
    with pytest.raises(benchmark.BenchmarkError, match="has no statements"):  # a clear refusal, not a crash
        benchmark.export_aggregate(session, rnd)


# -- the stability, computed once at the close and kept with the summary -------------------------------------------


def _no_stability(monkeypatch):
    """Make any computation of the stability fail, and forget what the page cache kept: a figure that still
    appears must come from the round's summary."""
    from scanengine import cache

    def refuse(*args, **kwargs):
        raise AssertionError("the stability was computed again")

    monkeypatch.setattr(st, "decision_stability", refuse)
    cache.active().clear()


def test_the_close_keeps_the_stability_and_nothing_computes_it_again(
    app, client, session, desk_round, monkeypatch, tmp_path
):
    fresh = analysis.analyse(session, desk_round).decision  # computed from the answers (no summary yet)
    assert desk_round.summary is None
    done = closing.after_close(session, desk_round, tmp_path)
    assert done.summary_stored and not done.problems
    kept = desk_round.summary["decision"]
    assert desk_round.summary["version"] == analysis.SUMMARY_VERSION >= 3
    assert kept["figures"]["stability"] == {
        "top": fresh.stability.top,
        "share": fresh.stability.share,
        "perturbations": st.STABILITY_PERTURBATIONS,
        "concentration": st.STABILITY_CONCENTRATION,
        "seed": st.STABILITY_SEED,
    }
    assert kept["figures"]["groups"] == []  # the whole round only, as for the questions of sections

    _no_stability(monkeypatch)
    held = desk_round.summary
    desk_round.summary = {key: v for key, v in held.items() if key != "decision"}
    with pytest.raises(AssertionError, match="computed again"):  # the control: without the kept one
        analysis.analyse(session, desk_round)
    desk_round.summary = held
    again = analysis.analyse(session, desk_round).decision
    assert again == fresh  # every figure, the groups included, with the kept stability
    assert build_pdf(analysis.analyse(session, desk_round), "nl")
    json.loads(export.to_json(analysis.analyse(session, desk_round)))
    from tests.auth_helpers import login, make_user

    make_user(session, "admin@example.org", admin=True)
    login(client, "admin@example.org")
    page = client.get(f"/dashboard/rounds/{desk_round.id}/results")
    runs = fresh.stability.perturbations
    assert (
        page.status_code == 200
        and f"In {round(fresh.stability.share * runs)} van de {runs}" in page.get_data(as_text=True)
    )


def test_a_kept_stability_of_other_answers_is_not_used(session, desk_round, monkeypatch):
    analysis.store_summary(session, desk_round)
    summary = copy.deepcopy(desk_round.summary)
    truth = summary["decision"]["figures"]["stability"]
    summary["decision"]["figures"]["stability"] = {**truth, "share": 0.123}
    desk_round.summary = summary
    assert (
        analysis.analyse(session, desk_round).decision.stability.share == 0.123
    )  # same inputs: the kept one
    summary = copy.deepcopy(summary)
    summary["decision"]["inputs_sha256"] = "0" * 64  # as if it were computed from other answers
    desk_round.summary = summary
    assert analysis.analyse(session, desk_round).decision.stability.share == truth["share"]


def test_a_purged_round_keeps_its_decision_without_groups(session, desk_round):
    from scanengine import maintenance

    before = analysis.analyse(session, desk_round).decision
    maintenance.purge_round(session, desk_round)
    session.commit()
    res = analysis.analyse(session, desk_round)
    d = res.decision
    assert d is not None and d.groups == []
    assert d.ranking == before.ranking and d.stability == before.stability and d.n == before.n
    assert d.alternatives == before.alternatives and d.agreement == before.agreement
    assert d.criteria == before.criteria and isinstance(d.criteria[0], tuple)
    doc = json.loads(export.to_json(res))["decision"]
    assert doc["ranking"] == before.ranking and doc["groups"] == []
    assert "Keuze voor de locatie" in _pdf_text(build_pdf(res, "nl"))


def test_an_older_summary_stays_readable_and_is_renewed_while_the_answers_are_there(session, desk_round):
    from scanengine import maintenance

    analysis.store_summary(session, desk_round)
    older = {k: v for k, v in desk_round.summary.items() if k != "decision"} | {"version": 2}
    desk_round.summary = older
    kept = analysis.RoundSummary.of(desk_round)
    assert kept is not None and kept.version == 2 and kept.decision is None and kept.n == 120
    assert analysis.RoundSummary.current(desk_round) is None
    renewed = analysis.summary_of(session, desk_round)  # the answers are there: made again, current
    assert renewed.version == analysis.SUMMARY_VERSION and renewed.decision is not None
    # a round purged with a summary from before the decision was kept: readable, no decision to show
    maintenance.purge_round(session, desk_round)
    desk_round.summary = older
    session.commit()
    res = analysis.analyse(session, desk_round)
    assert res.decision is None and res.n == 120
    assert json.loads(export.to_json(res))["decision"] is None


LABELS = {"stadhuis": "Stadhuis", "bieb": "Bibliotheek", "online": "Alleen online", "bus": "Rijdende balie"}


@pytest.mark.parametrize("render", ["pdf", "html"])
def test_the_first_pages_name_the_top_by_mean_rank_and_never_a_ruled_out_one(session, render):
    """The report states the outcome up front: its conclusion (within the first three pages of the PDF, before
    any other chapter in HTML) names the top alternative by mean rank first, and names 'online', the highest by
    mean value among those who kept it, only as ruled out by a majority."""
    from scanengine.report import build_html
    from tests.readback import html_chapter, pdf_pages

    res = analysis.analyse(session, _designed_round(session))
    top = LABELS[res.decision.ranking[0]]
    if render == "pdf":
        first = " ".join(pdf_pages(build_pdf(res, "nl"))[:3])
    else:
        first = html_chapter(build_html(res, "nl"), 1)  # the conclusion
    conclusion = first[first.index("wogen de criteria") :]
    assert conclusion.index(top) < conclusion.index("Alleen online")
    assert f"komt {top} als eerste uit de weging" in conclusion
    assert "uitgesloten, en daarom niet de uitkomst" in conclusion
    assert conclusion.index("Alleen online") > conclusion.index("niet de uitkomst")
    assert "komt Alleen online als eerste" not in conclusion


@pytest.mark.parametrize("render", ["pdf", "html"])
def test_the_conclusion_gives_the_whole_order_by_mean_rank_as_a_table(session, render):
    """SPEC 8a: the decision's conclusion gives the order of section 12, not only its top: every alternative in
    the order of the export's ``ranking``, in the conclusion chapter itself, with its mean place."""
    from scanengine.report import build_html
    from tests.readback import html_chapter, pdf_pages

    res = analysis.analyse(session, _designed_round(session))
    if render == "pdf":
        pages = pdf_pages(build_pdf(res, "nl"))
        conclusion = next(p for p in pages if "wogen de criteria" in p)  # the conclusion's page
    else:
        conclusion = html_chapter(build_html(res, "nl"), 1)
    table = conclusion[conclusion.index("De alternatieven op volgorde") :]
    positions = [table.index(LABELS[a]) for a in res.decision.ranking]
    assert positions == sorted(positions), res.decision.ranking
    by_id = {a.id: a for a in res.decision.alternatives}
    first = res.decision.ranking[0]
    assert f"{LABELS[first]} {by_id[first].mean_rank:.1f}".replace(".", ",") in " ".join(table.split())
