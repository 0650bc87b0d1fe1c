"""Exports: the JSON keys of the export (docs/architecture.md, "Exports"), CSV rows with suppression, anonymous raw rows, and the CLI."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest

from scanengine import analysis, export
from tests.factories import make_round, people, synthetic


@pytest.fixture
def rnd(session, mini):
    resp = synthetic(mini, {"A": 12, "B": 9}, seed=5) + people(mini, "C", 2, text='=HYPERLINK("x")')
    return make_round(session, mini, [("A", 15), ("B", 10), ("C", 5)], resp)


def test_export_json_keys(session, rnd):
    doc = json.loads(export.to_json(analysis.analyse(session, rnd)))
    assert {"round", "n", "response_rate", "dimensions", "benchmark"} <= set(doc)
    assert {"id", "name", "cooperation", "status", "questionnaire"} <= set(doc["round"])
    assert doc["round"]["questionnaire"] == "mini" and doc["round"]["id"] == rnd.id
    assert doc["n"] == 23 and doc["response_rate"] == pytest.approx(23 / 30)
    for dim in doc["dimensions"]:
        assert {"id", "n", "mean", "sd", "ci_low", "ci_high", "rwg_j", "alpha", "band", "groups"} <= set(dim)
        for g in dim["groups"]:
            if g["suppressed"]:
                assert set(g) == {"breakdown", "name", "label", "suppressed"}  # no figures, not even n
            else:
                assert {"breakdown", "name", "n", "mean", "sd", "suppressed"} <= set(g)
    groups = {g["name"]: g for g in doc["dimensions"][1]["groups"] if g["breakdown"] == "group"}
    assert groups["C"]["suppressed"] and groups["B"]["suppressed"] and not groups["A"]["suppressed"]
    assert {"rounds", "dimensions", "previous_round"} <= set(doc["benchmark"])


def test_export_json_band_is_the_label(session, rnd, mini):
    res = analysis.analyse(session, rnd)
    doc = export.export_dict(res)
    assert export.to_json(res) == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    for d, dim in zip(res.dimensions, doc["dimensions"], strict=True):
        assert dim["band"] == dict(mini.bands[d.band_index].label)


def test_export_csv_rows(session, rnd):
    res = analysis.analyse(session, rnd)
    rows = list(csv.DictReader(io.StringIO(export.to_csv(res))))
    assert len(rows) == sum(1 + len(d.groups) for d in res.dimensions)
    total = [r for r in rows if r["breakdown"] == "total"]
    assert [r["dimension"] for r in total] == ["competence", "integrity"]
    assert float(total[1]["mean"]) == pytest.approx(res.dimensions[1].mean) and total[1]["label"] == "Totaal"
    for r in rows:
        if r["suppressed"] == "True":
            assert all(r[f] == "" for f in export.FIGURES)
    shown = next(r for r in rows if r["group"] == "A" and r["dimension"] == "integrity")
    assert int(shown["n"]) == next(g.n for g in res.dimensions[1].groups if g.key == "A")
    english = list(csv.DictReader(io.StringIO(export.to_csv(res, "en"))))
    assert english[0]["label"] == "Total"


def test_raw_rows(session, rnd, mini):
    header, rows = export.raw_rows(session, rnd)
    assert header == ["group", "role", "c1", "c2", "c3", "i1", "i2"]
    assert Counter(r[0] for r in rows) == {"A": 12, "B": 9, "C": 2}
    assert {r[1] for r in rows} <= {"raad", "college", "ambtenaar", ""}
    assert {v for r in rows for v in r[2:]} <= {"1", "2", "3", "4", "dk", ""}
    header, rows = export.raw_rows(session, rnd, include_open=True)
    assert header[-1] == "improve"
    texts = Counter(r[0] for r in rows if r[-1])
    assert texts == {"A": 12}  # B (complementary) and C (below k) withheld
    assert "'=HYPERLINK" not in export.raw_csv(session, rnd, include_open=True)  # withheld anyway


def test_csv_cells_are_not_formulas():
    assert export._cell("=SUM(A1)") == "'=SUM(A1)" and export._cell("-1") == "'-1"
    assert export._cell(-1.5) == "-1.5" and export._cell(None) == ""


def test_cli_export(cli, session, rnd, tmp_path):
    out = cli("export", rnd.id, "--format", "json")
    assert json.loads(out.output)["round"]["id"] == rnd.id
    target = tmp_path / "r.csv"
    cli("export", rnd.id, "--format", "csv", "-o", target)
    assert target.read_text(encoding="utf-8").startswith("dimension,breakdown,group,label,suppressed,n,")
    raw = cli("export", rnd.id, "--format", "csv", "--raw")
    assert len(raw.output.strip().splitlines()) == 1 + 23
    raw_json = json.loads(cli("export", rnd.id, "--format", "json", "--raw", "--include-open").output)
    assert raw_json["columns"][-1] == "improve" and len(raw_json["rows"]) == 23
    bad = cli("export", rnd.id, "--format", "json", "--include-open", code=1)
    assert "--include-open only applies to --raw" in bad.output
    assert "no round 999" in cli("export", 999, "--format", "json", code=1).output
