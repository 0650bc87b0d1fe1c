"""The kinds of sections (ranking, points, number, choice): definition rules with their JSON paths, the plain
HTML form through the test client (no JavaScript), refusals at the field with nothing stored, drafts and
resume, the packed blob, ``simulate``."""

from __future__ import annotations

import copy
import json
import re

import numpy as np
import pytest
from sqlalchemy import func, select

from scanengine import definition, participation, responses, simulate
from scanengine.definition import DefinitionError
from scanengine.kinds.number import DK_VALUE, NO_VALUE
from scanengine.models import Draft, Response
from tests.factories import AGENDA
from tests.flow import close_and_settle, csrf_token, make_round, page_index, path_of


@pytest.fixture
def data():
    return copy.deepcopy(AGENDA)


def problems(data) -> list[str]:
    with pytest.raises(DefinitionError) as info:
        definition.parse(data, "x.json")
    return info.value.lines()


# -- the definition --------------------------------------------------------------------------------------------


def test_the_definition_validates_and_lists_its_questions(data):
    q = definition.parse(data)
    assert [(e.kind.name, e.question.id, e.page) for e in q.entries] == [
        ("background", "role", "background"),
        ("statement", "t1", "trust"),
        ("statement", "t2", "trust"),
        ("ranking", "themes_top", "agenda"),
        ("points", "budget", "agenda"),
        ("number", "savings", "business"),
        ("number", "fte", "business"),
        ("choice", "level", "business"),
        ("choice", "motive", "business"),
        ("open", "remarks", "open"),
    ]
    # statements first, one byte each; then 3 ranks, 3 x 2 bytes of points, 2 x 8 bytes of numbers, 3 + 2 choices
    assert q.width("answers") == 2 + 3 + 6 + 16 + 5
    assert definition.from_pinned(q.canonical_json()) == q


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["sections"][0]["questions"][1].update(total=0),
            "x.json: sections[0].questions[1].total: must be between 1 and 1000, got 0",
        ),
        (
            lambda d: d["sections"][0]["questions"][1].update(total=1001),
            "x.json: sections[0].questions[1].total: must be between 1 and 1000, got 1001",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(top=4),
            "x.json: sections[0].questions[0].top: must be between 1 and the number of options (3), got 4",
        ),
        (
            lambda d: d["sections"][1]["questions"][2]["options"][2].update(id="lokaal"),
            "x.json: sections[1].questions[2].options[2].id: duplicate option id 'lokaal' in question 'level'",
        ),
        (
            lambda d: d["sections"][1]["questions"][2].update(show_if={"role": ["wethouder"]}),
            "x.json: sections[1].questions[2].show_if.role[0]: unknown option 'wethouder' of question 'role'",
        ),
        (
            lambda d: d["sections"][1]["questions"][3].update(id="t1"),
            "x.json: sections[1].questions[3].id: duplicate id 't1' (first used at dimensions[0].items[0].id)",
        ),
        (
            lambda d: d["sections"][1].update(id="agenda"),
            "x.json: sections[1].id: duplicate id 'agenda' (first used at sections[0].id)",
        ),
        (
            lambda d: d["sections"][1]["questions"][2].update(max_choices=4),
            "x.json: sections[1].questions[2].max_choices: must be between 1 and the number of options (3), got 4",
        ),
        (
            lambda d: d["sections"][1]["questions"][0].update(max=-1),
            "x.json: sections[1].questions[0].max: must be larger than min (0), got -1",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(top="2"),
            "x.json: sections[0].questions[0].top: must be a whole number, got a string",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(kind="slider"),
            "x.json: sections[0].questions[0].kind: unknown kind 'slider' (known: ranking, points, number, choice, matrix)",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].pop("kind"),
            "x.json: sections[0].questions[0].kind: required field is missing (one of: ranking, points, number, choice, matrix)",
        ),
        (
            lambda d: d["sections"][1]["questions"][0]["unit"].pop("en"),
            "x.json: sections[1].questions[0].unit: missing language 'en'",
        ),
        (lambda d: d.pop("scale"), "x.json: scale: required field is missing"),
        (lambda d: d.update(bands=[]), "x.json: bands: must have at least 1 entries"),
        (lambda d: d.update(dimensions=[]), "x.json: dimensions: must have at least 1 entries"),
        (
            lambda d: [d.pop("dimensions"), d.pop("sections")],
            "x.json: needs at least one dimension (statements) or one section (other questions)",
        ),
        (lambda d: d.update(sections=[]), None),
    ],
)
def test_rules_name_the_file_and_the_json_path(data, change, expected):
    change(data)
    if expected is None:
        definition.parse(data)
    else:
        assert problems(data) == [expected]


def test_scale_bands_and_dimensions_may_be_left_out_together(data):
    for key in ("scale", "bands", "dimensions"):
        del data[key]
    q = definition.parse(data)
    assert q.items == [] and q.width("answers") == 3 + 6 + 16 + 5
    assert [p.kind for p in participation.pages(q, {})] == [
        "intro",
        "background",
        "section",
        "section",
        "open",
        "review",
    ]


def test_definitions_without_sections_keep_their_hash(mini_path):
    q = definition.load(mini_path)
    assert "sections" not in json.loads(q.canonical_json())


# -- the checks, shared by the form and the codec -----------------------------------------------------------------


@pytest.fixture
def q():
    return definition.parse(copy.deepcopy(AGENDA))


def test_values_accepted_and_their_canonical_form(q):
    packed = participation.pack(
        q,
        {
            "role": "raad",
            "t1": "4",
            "themes_top": {"energie": "1", "wonen": "2", "mobiliteit": ""},
            "budget": {"wonen": "60", "energie": "40"},
            "savings": "12,5",
            "fte": "3",
            "level": ["regio", "lokaal"],
            "motive": "kosten",
        },
    )
    assert responses.unpack_answers(q, packed.answers) == {
        "t1": 4,
        "themes_top": {"wonen": 2, "energie": 1},
        "budget": {"wonen": 60, "mobiliteit": 0, "energie": 40},
        "savings": 12.5,
        "fte": 3.0,
        "level": ("lokaal", "regio"),
        "motive": ("kosten",),
    }
    assert (
        participation.pack(q, {"savings": "12.5", "motive": "kosten"}).answers
        == participation.pack(q, {"savings": "12,5", "motive": "kosten"}).answers
    )
    dk = participation.pack(q, {"role": "raad", "savings": "dk", "level": "dk", "motive": "kwaliteit"})
    assert responses.unpack_answers(q, dk.answers) == {
        "savings": "dk",
        "level": "dk",
        "motive": ("kwaliteit",),
    }


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        (
            {"themes_top": {"wonen": "1", "energie": "1"}},
            "themes_top",
            "Rang 1 is meer dan eens gegeven; geef elke rang één keer.",
        ),
        (
            {"themes_top": {"wonen": "1"}},
            "themes_top",
            "Rangschik precies 2 opties (elke rang één keer), of laat de vraag leeg.",
        ),
        ({"themes_top": {"wonen": "3", "energie": "1"}}, "themes_top", "Geef elke rang van 1 tot en met 2."),
        (
            {"budget": {"wonen": "60", "energie": "30"}},
            "budget",
            "De punten moeten samen precies 100 zijn; u heeft er 90 verdeeld.",
        ),
        (
            {"budget": {"wonen": "60.5", "energie": "39.5"}},
            "budget",
            "Geef per onderdeel een heel aantal punten van 0 tot en met 100.",
        ),
        (
            {"budget": {"wonen": "-10", "energie": "110"}},
            "budget",
            "Geef per onderdeel een heel aantal punten van 0 tot en met 100.",
        ),
        ({"savings": "12,55"}, "savings", "Gebruik ten hoogste 1 cijfer achter de komma."),
        ({"savings": "5000,1"}, "savings", "Vul een getal in van 0 tot en met 5000."),
        ({"savings": "1.234,5"}, "savings", "Vul een getal in, bijvoorbeeld 12 of 12,5."),
        ({"savings": "nan"}, "savings", "Vul een getal in, bijvoorbeeld 12 of 12,5."),
        ({"fte": "dk"}, "fte", "Vul een getal in; ‘weet niet’ is bij deze vraag niet mogelijk."),
        ({"savings": ["12", "dk"]}, "savings", "Vul een getal in of kies ‘weet niet’, niet allebei."),
        ({"fte": "2,5"}, "fte", "Gebruik ten hoogste 0 cijfers achter de komma."),
        ({"role": "raad", "level": ["lokaal", "regio", "rijk"]}, "level", "Kies ten hoogste 2 antwoorden."),
        (
            {"role": "raad", "level": ["dk", "regio"]},
            "level",
            "Kies ‘weet niet’ of een of meer antwoorden, niet allebei.",
        ),
        ({"role": "raad", "level": ["provincie"]}, "level", "Kies een van de antwoorden in de lijst."),
        ({"motive": ["kwaliteit", "kosten"]}, "motive", "Kies ten hoogste 1 antwoord."),
        ({"motive": "dk"}, "motive", "Kies een van de antwoorden in de lijst."),
        ({}, "motive", "Deze vraag moet worden beantwoord."),
    ],
)
def test_refused_values_name_their_question(q, answers, field, message):
    with pytest.raises(responses.AnswerError) as info:
        participation.pack(q, {"motive": "kosten", **answers} if field != "motive" else answers)
    assert info.value.field == field and info.value.message("nl") == message


def test_a_hidden_question_is_not_stored(q):
    packed = participation.pack(q, {"role": "college", "level": ["regio"], "motive": "kosten"})
    assert "level" not in responses.unpack_answers(q, packed.answers)


def test_the_blob_round_trips_and_marks_no_answer_and_dk(q):
    values = {
        "t2": "dk",
        "themes_top": {"mobiliteit": 1, "wonen": 2},
        "budget": {"energie": 100},
        "fte": 0,
        "savings": "dk",
        "level": ("rijk",),
        "motive": ("kwaliteit",),
    }
    blob = responses.pack_answers(q, values)
    assert blob[:2] == bytes([0, 255])  # the statements, one byte each, as stored rounds have them
    slots = {s.entry.question.id: s for s in q.layout["answers"]}
    assert blob[slots["savings"].start : slots["savings"].stop] == DK_VALUE
    assert responses.unpack_answers(q, blob) == {
        "t2": "dk",
        "themes_top": {"wonen": 2, "mobiliteit": 1},
        "budget": {"wonen": 0, "mobiliteit": 0, "energie": 100},
        "fte": 0.0,
        "savings": "dk",
        "level": ("rijk",),
        "motive": ("kwaliteit",),
    }
    empty = responses.pack_answers(q, {})
    assert empty[slots["fte"].start : slots["fte"].stop] == NO_VALUE  # not 0.0: zero is an answer
    assert responses.unpack_answers(q, empty) == {}


def test_columns_for_the_analysis(q):
    rows = [
        responses.pack_answers(
            q,
            {
                "themes_top": {"energie": 1, "wonen": 2},
                "budget": {"wonen": 100},
                "savings": "3,5",
                "level": ("regio",),
                "motive": ("kosten",),
            },
        ),
        responses.pack_answers(q, {"savings": "dk", "level": "dk"}),
        responses.pack_answers(q, {}),
    ]
    blob = np.frombuffer(b"".join(rows), np.uint8).reshape(3, -1)
    data = responses.RoundData(blob[:, :2], np.zeros((3, 1), np.uint8), np.ones(3, np.int64), blob, q)
    ranks = data.columns("themes_top")
    assert (
        ranks.values[0].tolist()[0] == 2
        and np.isnan(ranks.values[0, 1])
        and ranks.answered.tolist() == [1, 0, 0]
    )
    assert (
        data.columns("budget").values[0].tolist() == [100, 0, 0]
        and np.isnan(data.columns("budget").values[1]).all()
    )
    savings = data.columns("savings")
    assert savings.values[0] == 3.5 and np.isnan(savings.values[1:]).all()
    assert savings.dk.tolist() == [False, True, False] and savings.answered.tolist() == [True, True, False]
    level = data.columns("level")
    assert level.values[0].tolist() == [0, 1, 0] and level.dk.tolist() == [False, True, False]


# -- the plain HTML form ----------------------------------------------------------------------------------------


def html(resp) -> str:
    return resp.get_data(as_text=True)


def post(client, link, page, action, data=None):
    form = {"csrf_token": csrf_token(page), "page": str(page_index(page)), "action": action}
    form.update(data or {})
    return client.post(path_of(link), data=form)


@pytest.fixture
def agenda_round(database_url, tmp_path):
    path = tmp_path / "agenda_test.json"
    path.write_text(json.dumps(AGENDA))
    return make_round(database_url, path)


def _to_section(client, link, role="raad"):
    page = html(client.get(path_of(link)))
    page = html(post(client, link, page, "next"))  # intro -> background
    page = html(post(client, link, page, "next", {"role": role}))  # -> statements
    return html(post(client, link, page, "next", {"t1": "4"}))  # -> the agenda section


def test_the_form_without_javascript(client, agenda_round, session):
    link = agenda_round.links["Gemeente A"][0]
    page = _to_section(client, link)
    assert '<h1 id="page-title">Agenda</h1>' in page
    assert re.findall(r'<select name="([^"]+)"', page) == [
        "themes_top.wonen",
        "themes_top.mobiliteit",
        "themes_top.energie",
    ]
    assert "Verdeeld: 0 van 100. Nog te verdelen: 100." in page
    page = html(
        post(
            client,
            link,
            page,
            "next",
            {
                "themes_top.wonen": "2",
                "themes_top.mobiliteit": "",
                "themes_top.energie": "1",
                "budget.wonen": "50",
                "budget.mobiliteit": "25",
                "budget.energie": "25",
            },
        )
    )
    assert 'name="savings"' in page and 'inputmode="decimal"' in page and "k€ per jaar" in page
    assert page.count('type="checkbox" name="level"') == 4  # three options and don't know
    page = html(
        post(
            client,
            link,
            page,
            "next",
            {"savings": "12,5", "fte": "", "level": ["lokaal", "regio"], "motive": "kosten"},
        )
    )
    page = html(post(client, link, page, "next", {"remarks": ""}))
    done = post(client, link, page, "submit")
    assert done.status_code == 200, html(done)[:500]
    close_and_settle(session, agenda_round.round_id)  # the submission waits in the pool until k or the close
    stored = session.execute(select(Response)).scalars().one()
    assert responses.unpack_answers(agenda_round.questionnaire, stored.answers) == {
        "t1": 4,
        "themes_top": {"wonen": 2, "energie": 1},
        "budget": {"wonen": 50, "mobiliteit": 25, "energie": 25},
        "savings": 12.5,
        "level": ("lokaal", "regio"),
        "motive": ("kosten",),
    }


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        (
            {"themes_top.wonen": "1", "themes_top.mobiliteit": "1", "themes_top.energie": ""},
            "themes_top",
            "Rang 1 is meer dan eens gegeven; geef elke rang één keer.",
        ),
        (
            {"budget.wonen": "50", "budget.mobiliteit": "20", "budget.energie": ""},
            "budget",
            "De punten moeten samen precies 100 zijn; u heeft er 70 verdeeld.",
        ),
    ],
)
def test_refused_values_get_422_at_the_field_and_nothing_stored(
    client, agenda_round, session, posted, field, message
):
    link = agenda_round.links["Gemeente A"][0]
    page = _to_section(client, link)
    session.rollback()
    before = session.execute(select(Draft.answers)).scalar_one()
    resp = post(client, link, page, "next", posted)
    assert resp.status_code == 422
    body = html(resp)
    assert re.search(rf'<p class="field-error" id="e-{field}">{re.escape(message)}</p>', body)
    assert 'aria-invalid="true"' in body and f'href="#f-{field}"' in body
    session.rollback()
    assert session.execute(select(Draft.answers)).scalar_one() == before
    assert session.execute(select(func.count()).select_from(Response)).scalar() == 0


def test_number_refusals_and_dk_at_the_field(client, agenda_round):
    link = agenda_round.links["Gemeente A"][0]
    page = _to_section(client, link)
    page = html(post(client, link, page, "next", {"budget.wonen": "100"}))
    resp = post(client, link, page, "next", {"savings": "12,55", "fte": "51", "motive": "kosten"})
    assert resp.status_code == 422
    body = html(resp)
    assert 'id="e-savings">Gebruik ten hoogste 1 cijfer achter de komma.' in body
    assert 'id="e-fte">Vul een getal in van 0 tot en met 50.' in body
    assert 'value="12,55"' in body  # the refused value is shown again to be corrected
    ok = post(client, link, body, "next", {"savings": "dk", "fte": "4", "motive": "kosten", "level": "dk"})
    assert ok.status_code == 200


def test_draft_and_resume_keep_the_answers(client, agenda_round, session):
    link = agenda_round.links["Gemeente A"][0]
    page = _to_section(client, link)
    saved = post(
        client,
        link,
        page,
        "save",
        {
            "themes_top.wonen": "1",
            "themes_top.energie": "2",
            "themes_top.mobiliteit": "",
            "budget.wonen": "30",
            "budget.energie": "70",
            "budget.mobiliteit": "",
        },
    )
    assert saved.status_code == 200
    session.rollback()
    # the draft is sealed with the link's own key (docs/architecture.md, "The anonymity model"): open it with the link
    draft = participation.load_draft(
        session, participation.resolve_link(session, link.rsplit("/", 1)[-1])
    ).answers
    assert draft["themes_top"] == {"wonen": "1", "energie": "2"} and draft["budget"] == {
        "wonen": "30",
        "energie": "70",
    }
    again = html(client.get(path_of(link)))  # resume where we were, with the answers in the fields
    assert (
        '<option value="1" selected>1</option>' in again
        and 'name="budget.energie" id="budget.energie" value="70"' in again
    )
    assert "Verdeeld: 100 van 100. Nog te verdelen: 0." in again


def test_english_form(client, agenda_round):
    link = agenda_round.links["Gemeente A"][0]
    client.get(path_of(link) + "?lang=en")
    page = _to_section(client, link)
    assert "Given: 0 of 100. Left to give: 100." in page and "Give your top 2" in page


# -- simulate ---------------------------------------------------------------------------------------------------


def test_simulate_gives_plausible_answers_for_every_kind_deterministically(q):
    a = simulate.synthesize(q, 400, [0.5, 0.5], np.random.default_rng(11))
    b = simulate.synthesize(q, 400, [0.5, 0.5], np.random.default_rng(11))
    assert np.array_equal(a.answers, b.answers) and a.answers.shape == (400, q.width("answers"))
    seen = {"themes_top": 0, "budget": 0, "savings": 0, "savings_dk": 0, "level": 0, "motive": 0}
    for r in range(400):
        answers = responses.unpack_answers(q, a.answers[r].tobytes())
        role = responses.unpack_background(q, a.background[r].tobytes()).get("role")
        # every stored answer passes the same check a participant's answer must pass
        packed = participation.pack(
            q, {"role": role, **{k: v for k, v in answers.items()}} if role else answers
        )
        assert packed.answers == a.answers[r].tobytes()
        if "level" in answers:
            assert role == "raad"
            seen["level"] += 1
        seen["themes_top"] += "themes_top" in answers
        seen["budget"] += "budget" in answers
        seen["savings"] += isinstance(answers.get("savings"), float)
        seen["savings_dk"] += answers.get("savings") == "dk"
        seen["motive"] += "motive" in answers
    assert seen["motive"] == 400  # required
    assert 340 < seen["themes_top"] < 400 and 340 < seen["budget"] < 400
    assert 300 < seen["savings"] < 380 and 15 < seen["savings_dk"] < 70 and 100 < seen["level"] < 360


def test_a_required_question_left_open_brings_the_participant_back_to_it(client, agenda_round, session):
    link = agenda_round.links["Gemeente A"][0]
    page = _to_section(client, link, role="college")
    page = html(post(client, link, page, "next", {"budget.wonen": "100"}))
    page = html(post(client, link, page, "next", {"savings": "", "fte": ""}))  # motive (required) not chosen
    page = html(post(client, link, page, "next", {"remarks": ""}))
    resp = post(client, link, page, "submit")
    assert resp.status_code == 422
    body = html(resp)
    assert '<h1 id="page-title">Businesscase</h1>' in body
    assert '<p class="field-error" id="e-motive">Deze vraag moet worden beantwoord.</p>' in body
    session.rollback()
    assert session.execute(select(func.count()).select_from(Response)).scalar() == 0
    done = post(client, link, body, "submit", {"motive": "kwaliteit"})
    assert done.status_code == 200
    close_and_settle(session, agenda_round.round_id)  # the submission waits in the pool until k or the close
    stored = session.execute(select(Response)).scalars().one()
    assert responses.unpack_answers(agenda_round.questionnaire, stored.answers) == {
        "budget": {"wonen": 100, "mobiliteit": 0, "energie": 0},
        "motive": ("kwaliteit",),
        "t1": 4,
    }


def test_a_refused_ranking_is_shown_again_as_posted(client, agenda_round):
    link = agenda_round.links["Gemeente A"][0]
    page = _to_section(client, link)
    body = html(
        post(
            client,
            link,
            page,
            "next",
            {"themes_top.wonen": "1", "themes_top.energie": "1", "themes_top.mobiliteit": ""},
        )
    )
    assert body.count('<option value="1" selected>1</option>') == 2
