"""The shipped questionnaires: each one validates, has its note, and runs through simulate, statistics and report."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from scanengine import analysis, definition, rounds

from .conftest import ROOT

SHIPPED = ["vertrouwensscan", "evaluatie", "grip", "regionale_agenda", "businesscase"]


@pytest.mark.parametrize("name", SHIPPED)
def test_definition_and_note(name):
    q = definition.load(ROOT / "questionnaires" / f"{name}.json")
    note = (ROOT / "questionnaires" / f"{name}.md").read_text(encoding="utf-8")
    for dim in q.dimensions:
        assert dim.id in note or dim.title["nl"] in note, f"{name}.md does not name dimension {dim.id}"
    assert any(item.reverse for item in q.items), "every instrument has reverse-coded statements"
    assert q.languages == ["nl", "en"]


@pytest.mark.parametrize("name", SHIPPED)
def test_simulated_round_through_statistics_and_report(name, cli, session, tmp_path):
    from scanengine.report import build_pdf

    rid = cli(
        "round",
        "create",
        "--questionnaire",
        name,
        "--name",
        "Proef",
        "--cooperation",
        "Regio Test",
        "--group",
        "Gemeente A=120",
        "--group",
        "Gemeente B=90",
        "--group",
        "Gemeente C=4",
    ).output.split()[-1]
    cli("round", "open", rid)
    cli("simulate", rid, "--respondents", "240", "--seed", "7")
    cli("round", "close", rid)
    rnd = rounds.get_round(session, rid)
    res = analysis.analyse(session, rnd)
    q = rounds.questionnaire_of(rnd)
    assert res.n == 240 and len(res.dimensions) == len(q.dimensions)
    for dim in res.dimensions:
        assert dim.mean is not None and 1 <= dim.mean <= q.scale.points
        assert dim.alpha is None or dim.alpha <= 1
    for lang in ("nl", "en"):
        text = "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(build_pdf(res, lang=lang))).pages
        )
        for dim in q.dimensions:
            first_words = " ".join(dim.title[lang].split()[:2])
            assert first_words in text, f"{name} ({lang}): no section for {dim.id}"
