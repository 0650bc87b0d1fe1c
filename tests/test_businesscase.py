"""Numbers estimated per organisation (``"estimate_for": "group"``) and the ``businesscase`` block: the definition's
rules, the group medians and their totals under the k rule, payback and net, the three scenarios, the export; all
against an oracle written here from designed estimates (Python's ``statistics``, not numpy)."""

from __future__ import annotations

import copy
import json
import statistics

import pytest

from scanengine import analysis, definition, export, maintenance
from tests.factories import make_round


def _t(nl: str, en: str) -> dict:
    return {"nl": nl, "en": en}


#: a business case nobody on the team has seen: three water boards sharing their tax collection
TAX = {
    "id": "belastingsamenwerking",
    "version": "0.1",
    "title": _t("Samen belasting innen", "Collecting taxes together"),
    "background": [
        {
            "id": "rol",
            "breakdown": True,
            "text": _t("Uw rol?", "Your role?"),
            "options": [
                {"id": "financien", "label": _t("Financiën", "Finance")},
                {"id": "ict", "label": _t("ICT", "IT")},
            ],
        }
    ],
    "sections": [
        {
            "id": "raming",
            "title": _t("Raming", "Estimate"),
            "questions": [
                {
                    "id": "besparing",
                    "kind": "number",
                    "text": _t(
                        "Besparing per jaar voor uw organisatie?", "Saving a year for your organisation?"
                    ),
                    "min": -500,
                    "max": 5000,
                    "decimals": 1,
                    "unit": _t("k€ per jaar", "k€ a year"),
                    "dont_know": True,
                    "estimate_for": "group",
                    "typical": 150,
                },
                {
                    "id": "overgang",
                    "kind": "number",
                    "text": _t(
                        "Eenmalige kosten voor uw organisatie?", "One-off cost for your organisation?"
                    ),
                    "min": 0,
                    "max": 10000,
                    "unit": _t("k€ eenmalig", "k€ once"),
                    "dont_know": True,
                    "estimate_for": "group",
                },
                {
                    "id": "fte",
                    "kind": "number",
                    "text": _t("Hoeveel fte werkt aan de inning?", "How many FTE collect taxes?"),
                    "min": 0,
                    "max": 500,
                },
            ],
        }
    ],
    "businesscase": {"yearly": "besparing", "one_off": "overgang", "horizon_years": 4},
}

#: designed estimates per invitation group: (saving a year or "dk", one-off cost or "dk"), one per respondent.
#: Gamma has five respondents, the fewest of the three groups with at least k = 5; Delta has two (below k), so
#: Gamma is hidden too (the complement: with Delta alone hidden, Delta would follow from the total).
DESIGN = {
    "Alfa": [(120, 400), (150, 450), (90, 500), (200, 380), (130, "dk"), (160, 420), (110, 610)],
    "Beta": [(40, 300), (55, 280), (60, 350), (35, 320), (50, 300), (45, "dk")],
    "Gamma": [(300, 900), (280, 950), (310, 800), (290, 1000), (305, 870)],
    "Delta": [(999, 9), (5, 9999)],
}
K = 5
HORIZON = 4


def _round(session, design=DESIGN, data=TAX):
    q = definition.parse(copy.deepcopy(data), "belasting.json")
    people = []
    for group, rows in design.items():
        for i, (yearly, one_off) in enumerate(rows):
            role = "financien" if i % 2 else "ict"
            answers = {"besparing": yearly, "overgang": one_off, "fte": 3 + i}
            people.append((group, {"rol": role}, answers, None))
    groups = [(name, 10) for name in design]
    return make_round(session, q, groups, people, name="Raming", k=K)


def _quantile(values: list[float], p: float) -> float:
    """Type 7 (Hyndman & Fan), as Python's statistics.quantiles(method="inclusive") has it."""
    if p == 0.5:
        return statistics.median(values)
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1 if p == 0.25 else q3


def _oracle(design: dict, shown: list[str]) -> dict:
    """The business case from the designed estimates, for the groups ``shown`` (the k rule worked out above)."""
    per = {}
    for group in shown:
        yearly = [float(y) for y, _ in design[group] if y != "dk"]
        one_off = [float(c) for _, c in design[group] if c != "dk"]
        per[group] = {
            "n": min(len(yearly), len(one_off)),
            **{f"yearly_{p}": _quantile(yearly, p) for p in (0.25, 0.5, 0.75)},
            **{f"one_off_{p}": _quantile(one_off, p) for p in (0.25, 0.5, 0.75)},
        }

    def outcome(yearly: float, one_off: float) -> dict:
        return {
            "yearly": yearly,
            "one_off": one_off,
            "payback_years": one_off / yearly if yearly > 0 else None,
            "net": HORIZON * yearly - one_off,
        }

    def total(y: float, c: float) -> dict:
        return outcome(sum(per[g][f"yearly_{y}"] for g in shown), sum(per[g][f"one_off_{c}"] for g in shown))

    return {
        "groups": {
            g: {"n": per[g]["n"], **outcome(per[g]["yearly_0.5"], per[g]["one_off_0.5"])} for g in shown
        },
        "scenarios": {
            "cautious": total(0.25, 0.75),
            "middle": total(0.5, 0.5),
            "favourable": total(0.75, 0.25),
        },
        "medians": {g: (per[g]["yearly_0.5"], per[g]["one_off_0.5"]) for g in shown},
    }


def _approx(doc: dict, ref: dict) -> None:
    for key, value in ref.items():
        assert doc[key] == (None if value is None else pytest.approx(value, rel=1e-12)), key


def test_two_groups_in_the_total_and_the_others_left_out(session):
    rnd = _round(session)
    res = analysis.analyse(session, rnd)
    doc = json.loads(export.to_json(res))
    shown = ["Alfa", "Beta"]  # Delta below k, Gamma its complement
    ref = _oracle(DESIGN, shown)

    case = doc["businesscase"]
    assert set(case) == {"groups", "total", "scenarios", "left_out_groups"}
    rows = {g["group"]: g for g in case["groups"]}
    assert list(rows) == list(DESIGN)
    for name in ("Gamma", "Delta"):
        assert rows[name] == {"group": name, "suppressed": True}  # no figure, not even n
    for name in shown:
        assert set(rows[name]) == {"group", "suppressed", "n", "yearly", "one_off", "payback_years", "net"}
        assert rows[name]["n"] == ref["groups"][name]["n"]
        _approx(rows[name], {k: v for k, v in ref["groups"][name].items() if k != "n"})
    assert case["left_out_groups"] == 2
    assert case["total"]["groups"] == 2
    _approx(case["total"], ref["scenarios"]["middle"])
    for name in ("cautious", "middle", "favourable"):
        _approx(case["scenarios"][name], ref["scenarios"][name])
    # the scenarios are ordered as their names say
    s = case["scenarios"]
    assert s["cautious"]["net"] < s["middle"]["net"] < s["favourable"]["net"]

    # the number questions themselves: a median per organisation, the total over the shown ones, no sum
    by_id = {qd["id"]: qd for qd in doc["questions"]}
    saving = by_id["besparing"]
    assert "sum" not in saving and {g["breakdown"] for g in saving["groups"]} == {"group"}  # no role groups
    medians = {g["group"]: g.get("median") for g in saving["groups"]}
    assert medians == {
        "Alfa": pytest.approx(ref["medians"]["Alfa"][0]),
        "Beta": pytest.approx(ref["medians"]["Beta"][0]),
        "Gamma": None,
        "Delta": None,
    }
    assert saving["total"] == {
        "value": pytest.approx(ref["medians"]["Alfa"][0] + ref["medians"]["Beta"][0]),
        "groups": 2,
        "left_out_groups": 2,
    }
    respondents = sum(float(y) for rows in DESIGN.values() for y, _ in rows if y != "dk")
    assert saving["total"]["value"] != pytest.approx(respondents)  # never the sum over respondents
    # a number not estimated per organisation keeps its breakdowns (invitation groups and roles), no total
    assert "total" not in by_id["fte"] and {g["breakdown"] for g in by_id["fte"]["groups"]} == {
        "group",
        "rol",
    }


def test_the_results_object_names_what_the_report_reads(session):
    case = analysis.analyse(session, _round(session)).businesscase
    assert case.horizon_years == HORIZON and case.yearly_unit["nl"] == "k€ per jaar"
    alfa = next(g for g in case.groups if g.group == "Alfa")
    assert alfa.in_total and (alfa.n_yearly, alfa.n_one_off, alfa.n) == (7, 6, 6)
    assert [g.group for g in case.groups if not g.in_total] == ["Gamma", "Delta"]
    assert case.total.groups == 2 and case.left_out_groups == 2
    assert list(case.scenarios) == ["cautious", "middle", "favourable"]


def test_nothing_saved_never_pays_back(session):
    design = {
        "Alfa": [(-10, 200), (0, 250), (-5, 300), (0, 180), (-20, 220)],
        "Beta": [(0, 100), (-1, 90), (0, 120), (-3, 80), (0, 110)],
    }
    case = json.loads(export.to_json(analysis.analyse(session, _round(session, design))))["businesscase"]
    assert all(g["payback_years"] is None for g in case["groups"])
    assert case["total"]["payback_years"] is None
    assert case["total"]["net"] == pytest.approx(HORIZON * (-5 + 0) - (220 + 100))  # medians -5 and 0


def test_a_round_below_k_shows_no_business_case(session):
    case = analysis.analyse(session, _round(session, {"Alfa": [(100, 100)] * 3})).businesscase
    assert case.total is None and case.scenarios == {} and case.left_out_groups == 1
    assert all(g.suppressed for g in case.groups)


def test_a_purged_round_keeps_its_business_case(session):
    rnd = _round(session)
    before = json.loads(export.to_json(analysis.analyse(session, rnd)))["businesscase"]
    maintenance.purge_round(session, rnd)
    session.commit()
    after = json.loads(export.to_json(analysis.analyse(session, rnd)))["businesscase"]
    assert after == before


# -- the rules of the definition ----------------------------------------------------------------------------------


def _problems(change) -> list[str]:
    data = copy.deepcopy(TAX)
    change(data)
    with pytest.raises(definition.DefinitionError) as err:
        definition.parse(data, "belasting.json")
    return err.value.lines()


def test_the_unseen_definition_is_valid():
    q = definition.parse(copy.deepcopy(TAX), "belasting.json")
    assert q.businesscase.horizon_years == 4 and q.businesscase.yearly == "besparing"
    assert definition.from_pinned(q.canonical_json()).businesscase == q.businesscase


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["businesscase"].update(yearly="winst"),
            "belasting.json: businesscase.yearly: unknown question 'winst'",
        ),
        (
            lambda d: d["businesscase"].update(one_off="fte"),
            "belasting.json: businesscase.one_off: question 'fte' must be estimated per organisation",
        ),
        (
            lambda d: d["businesscase"].update(one_off="besparing"),
            "belasting.json: businesscase.one_off: must name another question than yearly ('besparing')",
        ),
        (
            lambda d: d["businesscase"].update(horizon_years=0),
            "belasting.json: businesscase.horizon_years: must be from 1 to 50, got 0",
        ),
        (
            lambda d: (
                d["sections"][0]["questions"].append(
                    {"id": "vorm", "kind": "choice", "text": _t("Vorm?", "Form?"), "options": _opts("a", "b")}
                )
                or d["businesscase"].update(yearly="vorm")
            ),
            "belasting.json: businesscase.yearly: question 'vorm' is a choice question, must be a number question",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(typical=6000),
            "belasting.json: sections[0].questions[0].typical: must lie between min and max (-500 to 5000), got 6000",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(estimate_for="person"),
            "belasting.json: sections[0].questions[0].estimate_for: input should be 'group'",
        ),
    ],
)
def test_a_bad_block_is_refused_with_its_path(change, expected):
    lines = _problems(change)
    assert any(line.startswith(expected) for line in lines), lines


def _opts(*ids: str) -> list[dict]:
    return [{"id": i, "label": _t(i, i)} for i in ids]


def test_scanengine_validate_names_the_path(cli, tmp_path):
    data = copy.deepcopy(TAX)
    data["sections"][0]["questions"][1].pop("estimate_for")
    path = tmp_path / "belasting.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = cli("validate", path, code=1).output
    assert f"{path}: businesscase.one_off: question 'overgang' must be estimated per organisation" in out


@pytest.mark.parametrize("render", ["pdf", "html"])
def test_the_report_states_the_business_case_first(session, render):
    """The conclusion (first pages) gives the total of the partners in it with its payback and net over the
    horizon, the cautious and favourable scenarios, and how many partners are left out; the partners' table
    names only the shown ones; no figure is a sum over respondents."""
    from scanengine.report import build_html, build_pdf
    from scanengine.report.text import num
    from tests.readback import html_chapter, pdf_pages

    res = analysis.analyse(session, _round(session))
    ref = _oracle(DESIGN, ["Alfa", "Beta"])["scenarios"]
    if render == "pdf":
        first = " ".join(pdf_pages(build_pdf(res, "nl"))[:3]).replace("\u00a0", " ")
    else:
        first = html_chapter(build_html(res, "nl"), 1)  # the conclusion
    middle, cautious, favourable = ref["middle"], ref["cautious"], ref["favourable"]

    def amount(v):
        return num(v, "nl", 0 if abs(v) >= 100 else 1)

    assert (
        f"Samen verwachten de 2 partners met genoeg schattingen (middelste scenario) een besparing van {amount(middle['yearly'])} k€ per jaar"
        in first
    )
    assert f"terugverdientijd: {num(middle['payback_years'], 'nl', 1)} jaar" in first
    assert f"netto over {HORIZON} jaar: {amount(middle['net'])} k€" in first
    assert amount(cautious["net"]) in first and amount(favourable["net"]) in first
    assert "2 partner(s) staan niet in het totaal" in first
    assert "Gamma" not in first and "Delta" not in first
    respondents = sum(float(y) for rows in DESIGN.values() for y, _ in rows if y != "dk")
    assert amount(respondents) not in first
