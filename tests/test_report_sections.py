"""The questions of sections in the PDF and on the results page: a round of a definition with every section kind
(ranking, points, number, choice; show_if and don't know), answered by ``simulate``, closed and analysed.

Checked: each kind's block is in the PDF in Dutch and English with the figures of ``Results.questions`` (read back
with pypdf), the agreement on a ranking is said in words by the documented thresholds, a group below k is not
shown (its name nowhere, a note says how many), and the results page shows the same figures and charts.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from scanengine import analysis, closing, definition, rounds, simulate
from scanengine.analysis.agreement import agreement_level
from scanengine.analysis.decision import agreement_key
from scanengine.analysis.results import Agreement
from scanengine.report import build_pdf
from scanengine.report.blocks import ranking
from scanengine.report.blocks.number import digits
from scanengine.report.text import num, pct
from tests.auth_helpers import login, make_user
from tests.readback import html_text, pdf_text


def _t(nl: str, en: str) -> dict:
    return {"nl": nl, "en": en}


def _options(*pairs: tuple[str, str, str]) -> list[dict]:
    return [{"id": i, "label": _t(nl, en)} for i, nl, en in pairs]


THEMES = _options(
    ("wonen", "Wonen", "Housing"),
    ("mobiliteit", "Mobiliteit", "Mobility"),
    ("energie", "Energie", "Energy"),
    ("zorg", "Zorg", "Care"),
)
SECTIONS = {
    "id": "sections_report",
    "version": "1.0",
    "title": _t("Agenda en businesscase", "Agenda and business case"),
    "scale": {
        "points": 5,
        "labels": {"nl": ["Oneens", "2", "3", "4", "Eens"], "en": ["Disagree", "2", "3", "4", "Agree"]},
        "dont_know": _t("Weet niet", "Don't know"),
    },
    "bands": [{"min": 3.5, "label": _t("Sterk", "Strong")}, {"min": 1, "label": _t("Zwak", "Weak")}],
    "background": [
        {
            "id": "role",
            "text": _t("Wat is uw rol?", "What is your role?"),
            "breakdown": True,
            "options": _options(("raad", "Raadslid", "Councillor"), ("ambtenaar", "Ambtenaar", "Official")),
        }
    ],
    "dimensions": [
        {
            "id": "trust",
            "title": _t("Vertrouwen", "Trust"),
            "items": [
                {"id": "t1", "text": _t("Wij delen informatie.", "We share information.")},
                {"id": "t2", "text": _t("Afspraken worden nagekomen.", "Agreements are kept.")},
            ],
        }
    ],
    "sections": [
        {
            "id": "agenda",
            "title": _t("Regionale agenda", "Regional agenda"),
            "description": _t(
                "Welke thema's pakken de partners samen op?", "Which themes do the partners take up?"
            ),
            "questions": [
                {
                    "id": "themes_top",
                    "kind": "ranking",
                    "top": 3,
                    "options": THEMES,
                    "text": _t(
                        "Welke drie thema's moeten regionaal worden opgepakt?",
                        "Which three themes should be taken up regionally?",
                    ),
                },
                {
                    "id": "effort",
                    "kind": "points",
                    "total": 100,
                    "options": THEMES,
                    "text": _t("Verdeel 100 punten over de thema's.", "Spread 100 points over the themes."),
                },
            ],
        },
        {
            "id": "business",
            "title": _t("Businesscase", "Business case"),
            "questions": [
                {
                    "id": "savings",
                    "kind": "number",
                    "min": 0,
                    "max": 5000,
                    "decimals": 1,
                    "dont_know": True,
                    "unit": _t("k€ per jaar", "k€ a year"),
                    "text": _t("Welke besparing verwacht u per jaar?", "What savings do you expect a year?"),
                },
                {
                    "id": "level",
                    "kind": "choice",
                    "max_choices": 2,
                    "dont_know": True,
                    "show_if": {"role": ["raad"]},
                    "options": _options(
                        ("lokaal", "Lokaal", "Local"),
                        ("regio", "Regionaal", "Regional"),
                        ("rijk", "Landelijk", "National"),
                    ),
                    "text": _t("Op welk niveau hoort dit thuis?", "At which level does this belong?"),
                },
                {
                    "id": "motive",
                    "kind": "choice",
                    "options": _options(("kwaliteit", "Kwaliteit", "Quality"), ("kosten", "Kosten", "Costs")),
                    "text": _t("Wat is het belangrijkste motief?", "What is the main motive?"),
                },
            ],
        },
    ],
}
SMALL = "Gemeente Klein"


@pytest.fixture
def closed(session):
    """A closed round of 200 simulated respondents; the group ``Gemeente Klein`` has fewer than k of them."""
    q = definition.parse(SECTIONS, "sections_report.json")
    rnd = rounds.create_round(
        session,
        q,
        name="Voorjaar 2026",
        cooperation="Regio Ĳsselland",
        groups=[("Gemeente Noord", 100), ("Gemeente Zuid", 100), ("Gemeente Oost", 100), (SMALL, 2)],
        min_group_size=5,
    )
    rounds.open_round(session, rnd)
    simulate.simulate_round(session, rnd, 200, seed=11)
    closing.close_round(session, rnd)
    session.commit()
    res = analysis.analyse(session, rnd)
    small = [g for qr in res.questions for g in qr.groups if g.key == SMALL]
    assert small and all(g.suppressed for g in small)  # the test's premise: this group is below k
    return rnd, res


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_section_block_is_in_the_pdf(closed, lang):
    rnd, res = closed
    text = text_of(build_pdf(res, lang, invariant=True))
    q = res.questionnaire
    for section in q.sections:
        assert section.title[lang] in text
        for question in section.questions:
            assert question.text[lang] in text, question.id
    # ranking: points and mean rank per option, the agreement in words with W, chi-square and p
    rk = res.question("themes_top").figures
    for o in rk.options:
        assert o.label[lang] in text
        assert num(o.points, lang, 2) in text and num(o.mean_rank, lang, 2) in text
    w = rk.agreement.w
    words = {
        "nl": {"strong": "sterk", "moderate": "matig", "weak": "nauwelijks"},
        "en": {"strong": "strongly", "moderate": "moderately", "weak": "hardly"},
    }[lang][ranking.agreement_level(w)]
    assert words in text
    assert ("eens over de volgorde" if lang == "nl" else "agree on the order") in text
    assert f"W = {num(w, lang)}" in text and f"df = {rk.agreement.df}" in text
    # points: mean, interval and share per option
    pt = res.question("effort").figures
    for o in pt.options:
        assert f"{num(o.ci_low, lang, 1)}–{num(o.ci_high, lang, 1)}" in text
    # number: a table per group with mean, median and quartiles; never a minimum, a maximum or a sum
    nb = res.question("savings").figures
    d = digits(nb.median, 1)
    assert num(nb.median, lang, d) in text
    assert f"{num(nb.q1, lang, d)}–{num(nb.q3, lang, d)}" in text
    assert ("Middelste helft" if lang == "nl" else "Middle half") in text
    assert not re.search(r"\b(minimum|maximum|Minimum|Maximum)\b", text)
    assert ("Samen is dat" if lang == "nl" else "Together that is") not in text
    # choice: shares with their Wilson intervals, the multiple choice said so
    ch = res.question("level").figures
    best = max(ch.options, key=lambda o: o.share)
    assert f"{pct(best.ci_low, lang)}" in text and "Wilson" in text
    assert ("tot 2 opties" if lang == "nl" else "up to 2 options") in text
    # groups: the shown ones by name, the small one nowhere, a note says how many are not shown
    shown = {g.key for qr in res.questions for g in qr.groups if g.breakdown == "group" and not g.suppressed}
    assert len(shown) >= 2 and all(name in text for name in shown)
    assert SMALL not in text
    assert ("niet getoond (minder dan 5" if lang == "nl" else "not shown (fewer than 5") in text


def test_the_words_for_kendalls_w_follow_the_documented_thresholds():
    """One rule (Schmidt 1997: .5 moderate, .7 strong) for a ranking's sentence and a decision's alike."""
    ws = (0.0, 0.3, 0.49, 0.5, 0.69, 0.7, 1.0)
    levels = ["weak", "weak", "weak", "moderate", "moderate", "strong", "strong"]
    assert [agreement_level(w) for w in ws] == levels
    assert [agreement_key(w) for w in ws] == [f"decision.agreement.{level}" for level in levels]
    assert ranking.agreement_level is agreement_level
    strong = ranking.agreement_sentence(Agreement(0.82, 49.2, 3, 1e-9), "nl")
    assert strong.startswith("De partners zijn het sterk eens over de volgorde") and "p < 0,001" in strong
    weak = ranking.agreement_sentence(Agreement(0.05, 2.1, 3, 0.55), "en")
    assert (
        weak.startswith("The partners hardly agree on the order") and "not clearly more than chance" in weak
    )
    assert "cannot be computed" in ranking.agreement_sentence(Agreement(None, None, None, None), "en")


def test_a_question_below_k_shows_no_figures(session):
    """Only three councillors: the choice shown to councillors only has no figures, and the PDF says why."""
    q = definition.parse(SECTIONS, "sections_report.json")
    rnd = rounds.create_round(
        session, q, name="Klein", cooperation="Regio", groups=[("Alle", None)], min_group_size=5
    )
    rounds.open_round(session, rnd)
    simulate.simulate_round(session, rnd, 12, seed=7)
    closing.close_round(session, rnd)
    session.commit()
    res = analysis.analyse(session, rnd)
    level = res.question("level")
    assert level.n is None or level.n < 5  # the premise: this seed gives the question fewer than k answers
    text = text_of(build_pdf(res, "nl", invariant=True))
    assert "om de anonimiteit te beschermen tonen we geen cijfers" in text


def test_the_results_page_shows_the_report_itself(client, session, closed):
    """The results page is the report's HTML rendering: the same words and figures as the PDF, the small group
    nowhere, no inline style (the CSP allows none), English on ?lang=en."""
    rnd, res = closed
    owner = make_user(session, "fac@regio.nl")
    rnd.owner_id = owner.id
    session.add(rnd)
    session.commit()
    login(client, "fac@regio.nl")
    resp = client.get(f"/dashboard/rounds/{rnd.id}/results")
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    text = html_text(page)
    assert "Regionale agenda" in text and "Businesscase" in text
    assert (
        page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') >= 4
    )  # ranking, points, 2 choices
    rk = res.question("themes_top").figures
    assert f"W = {num(rk.agreement.w, 'nl')}" in text and "eens over de volgorde" in text
    for o in rk.options:
        assert num(o.points, "nl") in text
    for o in res.question("effort").figures.options:
        assert f"{num(o.ci_low, 'nl', 1)}–{num(o.ci_high, 'nl', 1)}" in text
    pdf = " ".join(pdf_text(build_pdf(res, "nl")).split())
    for o in rk.options:
        assert num(o.points, "nl") in pdf
    assert SMALL not in text
    assert "niet getoond (minder dan 5" in text
    assert not re.search(r"\sstyle\s*=", page)  # the CSP allows no inline style
    english = html_text(client.get(f"/dashboard/rounds/{rnd.id}/results?lang=en").get_data(as_text=True))
    assert "Regional agenda" in english and "agree on the order" in english
