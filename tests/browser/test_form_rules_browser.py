"""The checks a step of the form with JavaScript makes before it moves on, in Chromium.

* static/form.js applies each question's rules (``data-rules``, from its field class in web/fields.py) with the
  server's messages: over thousands of posted value sets of every kind of the section questions, the script's
  first refusal is exactly the server's (the kind's check, then "required" as the submission applies it).
* On a shipped questionnaire (the regional agenda): the running total of a points question follows the typing,
  a total of 105 or a rank given twice stops "Volgende" with the server's message on the page, and a corrected
  page moves on.
"""

from __future__ import annotations

import copy
import random
import urllib.request

from werkzeug.datastructures import MultiDict

from scanengine import definition
from scanengine.kinds.base import AnswerError
from scanengine.web.fields import FormSet
from tests.browser.conftest import DESKTOP, PHONE, ROOT, new_context
from tests.browser.participant import SHOWN, open_round
from tests.factories import agenda_with_matrix

FORM_JS = ROOT / "scanengine" / "web" / "static" / "form.js"
AGENDA_SHIPPED = ROOT / "questionnaires" / "regionale_agenda.json"

#: values a browser (or a hand-typed field) may post per kind of field
POOLS = {
    "ranking": ["", "", "1", "2", "3", "0", "01", "4", "x"],
    "points": ["", "", "0", "40", "60", "100", "101", "05", "-1", "1.5", "33", "34", "1000"],
    "number": [
        "",
        " ",
        "12",
        "12,5",
        "12.55",
        "0,10",
        "5000",
        "5000,1",
        "50",
        "51",
        "-1",
        "abc",
        "1e3",
        "+3",
        "dk",
    ],
}


def _server(kind, formdata: MultiDict, lang: str) -> str | None:
    """The server's first refusal: the kind's check through the field, then "required" (participation.pack)."""
    try:
        posted = kind.read(formdata)
    except AnswerError as exc:
        return exc.message(lang)
    value = None if posted is None else kind.kind.check(kind.obj, kind.q, posted)  # as pack() takes it
    if value is None and kind.required:
        return AnswerError(kind.id, "field_required").message(lang)
    return None


def _posted(kind, rng: random.Random) -> MultiDict:
    """A random set of posted values for one question, as a browser's form would send them."""
    q = kind.obj
    pairs: list[tuple[str, str]] = []
    if kind.macro in ("ranking", "points"):
        for option in q.options:
            pairs.append((f"{q.id}.{option.id}", rng.choice(POOLS[kind.macro])))
    elif kind.macro == "number":
        pairs.append((q.id, rng.choice(POOLS["number"])))
        if q.dont_know and rng.random() < 0.3:
            pairs.append((q.id, "dk"))
    elif kind.macro == "matrix":  # a row's radio buttons: one column, "don't know" or nothing
        for row in q.rows:
            pairs.append((f"{q.id}.{row.id}", rng.choice(["", "", *(c.id for c in q.columns), "dk"])))
    else:  # a choice: radio buttons or check boxes, "don't know" among them where offered
        values = [o.id for o in q.options] + (["dk"] if q.dont_know else [])
        n = rng.randint(0, 1 if q.max_choices == 1 else len(values))
        pairs += [(q.id, v) for v in rng.sample(values, n)]
    return MultiDict(pairs)


def _cases(app, q, lang: str, n: int, rng: random.Random) -> list[dict]:
    with app.test_request_context(f"/?lang={lang}"):
        app.preprocess_request()
        fs = FormSet(q)
        kinds = [k for k in fs.kinds.values() if k.rules()]
        cases = []
        for _ in range(n):
            kind = rng.choice(kinds)
            formdata = _posted(kind, rng)
            values = [v for name in kind.kind.fields(kind.obj) for v in formdata.getlist(name) if v != ""]
            cases.append(
                {
                    "question": kind.id,
                    "rules": kind.rules(),
                    "values": values,
                    "server": _server(kind, formdata, lang),
                }
            )
    return cases


def test_the_script_refuses_exactly_what_the_server_refuses(browser, live_server):
    """Every case: the same refusal (the same words) or none, in both languages; with every question made
    required too. Not vacuous: the cases hit every message and a sum filled in with the figure."""
    agenda = agenda_with_matrix()
    required = copy.deepcopy(agenda)
    for section in required["sections"]:
        for question in section["questions"]:
            question["required"] = True
    rng = random.Random(28)
    cases = []
    for data in (agenda, required):
        q = definition.Questionnaire.model_validate(data)
        for lang in ("nl", "en"):
            cases += _cases(live_server.app, q, lang, 1500, rng)
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    page.goto("about:blank")
    page.add_script_tag(path=str(FORM_JS))
    got = page.evaluate("(cases) => cases.map(c => ScanengineRules.refusal(c.rules, c.values))", cases)
    context.close()
    wrong = [
        (c["question"], c["values"], c["server"], g)
        for c, g in zip(cases, got, strict=True)
        if c["server"] != g
    ]
    assert not wrong, f"{len(wrong)} of {len(cases)} differ, e.g. {wrong[:5]}"
    messages = {c["server"] for c in cases if c["server"]}
    assert len(messages) >= 25, messages
    assert any("elke rij" in m or "every row" in m for m in messages)  # the matrix's own rule was reached
    assert any("105" in m or "101" in m for m in messages)  # points_total with the spent points filled in
    assert sum(1 for c in cases if c["server"] is None) > len(cases) // 10  # and accepted answers too


def _to_points_page(page):
    """Next until the page with the points question (the pages before it have nothing that can be refused)."""
    for _ in range(10):
        if page.locator(f"{SHOWN} fieldset.points").count():
            return
        page.locator(f"{SHOWN} button[value=next]").click()
    raise AssertionError("no page with a points question")


def test_points_follow_the_typing_and_a_wrong_total_stops_next(
    browser, live_server, live_cli, tmp_path, shots
):
    _round_id, links = open_round(live_cli, tmp_path, AGENDA_SHIPPED)
    context = new_context(browser, PHONE)
    page = context.new_page()
    page.goto(links[0])
    assert page.locator("form.questionnaire.enhanced").count() == 1
    _to_points_page(page)
    status = page.locator(f"{SHOWN} .points-status")
    assert status.inner_text() == "Verdeeld: 0 van 100. Nog te verdelen: 100."
    fields = page.locator(f"{SHOWN} fieldset.points input[type=number]")
    fields.nth(0).fill("60")
    assert status.inner_text() == "Verdeeld: 60 van 100. Nog te verdelen: 40."
    fields.nth(1).fill("45")
    assert status.inner_text() == "Verdeeld: 105 van 100. Nog te verdelen: -5."
    heading = page.locator(f"{SHOWN} h1").inner_text()
    step = page.locator("#step-label").inner_text()
    page.locator(f"{SHOWN} button[value=next]").click()
    # the step did not move on, and says why in the server's words, next to the field and in the summary
    assert page.locator("#step-label").inner_text() == step
    assert page.locator(f"{SHOWN} h1").first.inner_text() == heading
    message = "De punten moeten samen precies 100 zijn; u heeft er 105 verdeeld."
    assert page.locator(f"{SHOWN} fieldset.points .field-error").inner_text() == message
    assert message in page.locator("#js-error-summary").inner_text()
    assert page.evaluate("() => document.activeElement.id") == "js-error-summary"
    shots.take(page, "points-105")
    fields.nth(1).fill("40")
    page.locator(f"{SHOWN} button[value=next]").click()
    assert page.locator("#step-label").inner_text() != step
    assert page.locator("#js-error-summary").count() == 0
    context.close()


def test_a_rank_given_twice_stops_next(browser, live_server, live_cli, tmp_path):
    _round_id, links = open_round(live_cli, tmp_path, AGENDA_SHIPPED)
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(links[0])
    _to_points_page(page)  # the ranking is on the same page
    selects = page.locator(f"{SHOWN} fieldset.ranking select")
    for i, rank in enumerate(["1", "1", "2", "3", "4"]):
        selects.nth(i).select_option(rank)
    step = page.locator("#step-label").inner_text()
    page.locator(f"{SHOWN} button[value=next]").click()
    assert page.locator("#step-label").inner_text() == step
    assert (
        page.locator(f"{SHOWN} fieldset.ranking .field-error").inner_text()
        == "Rang 1 is meer dan eens gegeven; geef elke rang één keer."
    )
    selects.nth(1).select_option("5")
    page.locator(f"{SHOWN} button[value=next]").click()
    assert page.locator("#step-label").inner_text() != step
    context.close()


def test_the_rules_travel_with_the_document_in_its_language(live_server, live_cli, tmp_path):
    """The English document carries the English messages (the cache keeps one document per language)."""
    _round_id, links = open_round(live_cli, tmp_path, AGENDA_SHIPPED)
    body = urllib.request.urlopen(f"{links[0]}?lang=en").read().decode()
    assert "The points must add up to exactly 100; you have given {value}." in body.replace("&#34;", '"')
    assert "De punten moeten samen" not in body


def test_a_saved_ranking_and_points_resume_in_another_browser(browser, live_server, live_cli, tmp_path):
    """'Save and continue later' keeps a ranking's ranks and a points question's points on the server; another
    browser with the same link gets them back in their fields (a draft's answer of several fields, not lost as
    '[object Object]')."""
    _round_id, links = open_round(live_cli, tmp_path, AGENDA_SHIPPED)
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(links[1])
    _to_points_page(page)
    ranks = ["3", "1", "2", "5", "4"]
    selects = page.locator(f"{SHOWN} fieldset.ranking select")
    for i, rank in enumerate(ranks):
        selects.nth(i).select_option(rank)
    points = page.locator(f"{SHOWN} fieldset.points input[type=number]")
    points.nth(0).fill("70")
    points.nth(1).fill("30")
    page.locator(f"{SHOWN} button[value=save]").click()
    page.wait_for_function(
        "() => /opgeslagen|saved/i.test(document.querySelector('#form-status').textContent)"
    )
    context.close()

    other = new_context(browser, DESKTOP)
    page = other.new_page()
    page.goto(links[1])
    selects = page.locator(f"{SHOWN} fieldset.ranking select")
    assert [selects.nth(i).input_value() for i in range(len(ranks))] == ranks
    points = page.locator(f"{SHOWN} fieldset.points input[type=number]")
    assert [points.nth(0).input_value(), points.nth(1).input_value()] == ["70", "30"]
    assert "Verdeeld: 100 van 100" in page.locator(f"{SHOWN} fieldset.points").inner_text()
    other.close()
