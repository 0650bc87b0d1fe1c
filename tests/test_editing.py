"""The editor's domain without a browser: changes between versions in words, places in words, short names,
renamed ids followed, languages switched, every kind with an editor (scanengine.editing)."""

from __future__ import annotations

import copy

import pytest
from werkzeug.datastructures import MultiDict

from scanengine import definition, kinds
from scanengine.editing import changes, ids, pages, parts, places, refs
from scanengine.editing.fields import Action, Rename
from scanengine.editing.places import render
from scanengine.web.editor_forms import block_inputs as walk_inputs
from tests import factories


def _doc(data=None) -> dict:
    return definition.parse(copy.deepcopy(data or factories.AGENDA)).document()


def _words(old, new, lang="nl") -> list[str]:
    return [render(lang, c) for c in changes.changes(old, new)]


# -- changes in words ---------------------------------------------------------------------------------------


def test_changes_of_statements_in_words():
    old = _doc()
    new = copy.deepcopy(old)
    new["dimensions"][0]["items"][0]["text"]["nl"] = "Anders."
    new["dimensions"][0]["items"][1]["reverse"] = False
    new["dimensions"][0]["items"].append(
        {"id": "t3", "text": {"nl": "Drie.", "en": "Three."}, "reverse": False}
    )
    assert _words(old, new) == [
        "stelling t1: tekst gewijzigd",
        "stelling t2: omgekeerd geformuleerd gewijzigd",
        "stelling t3: toegevoegd",
    ]
    assert _words(old, new, "en")[0] == "statement t1: text changed"
    moved = copy.deepcopy(old)
    moved["dimensions"][0]["items"].reverse()
    assert _words(old, moved) == ["stelling t1: verplaatst"]
    assert _words(new, old)[-1] == "stelling t3: verwijderd"


def test_a_statement_moved_to_another_dimension_is_one_change():
    old = _doc()
    old["dimensions"].append(
        {
            "id": "d2",
            "title": {"nl": "Twee", "en": "Two"},
            "items": [{"id": "s9", "text": {"nl": "N", "en": "N"}, "reverse": False}],
        }
    )
    new = copy.deepcopy(old)
    new["dimensions"][1]["items"].append(new["dimensions"][0]["items"].pop(1))
    assert _words(old, new) == ["stelling t2: verplaatst naar dimensie d2"]


def test_changes_of_questions_options_scale_and_decision():
    old = _doc()
    new = copy.deepcopy(old)
    q = new["sections"][0]["questions"][0]
    q["options"][0]["label"]["nl"] = "Wonen en bouwen"
    q["options"].pop(2)
    q["top"] = 1
    new["scale"]["labels"]["nl"][0] = "Nooit"
    new["scale"].pop("dont_know")
    new["title"]["nl"] = "Nieuwe titel"
    said = _words(old, new)
    assert (
        "titel gewijzigd" in said
        and "schaal: labels gewijzigd" in said
        and "schaal: ‘weet niet’ verwijderd" in said
    )
    assert "vraag themes_top: aantal te rangschikken gewijzigd" in said
    assert "vraag themes_top, antwoord wonen: label gewijzigd" in said
    assert "vraag themes_top, antwoord energie: verwijderd" in said
    rv = _doc_of("rechtsvorm")
    rv2 = copy.deepcopy(rv)
    alt, crit = rv2["decision"]["alternatives"][0], rv2["decision"]["criteria"][0]
    rv2["decision"]["scores"][alt["id"]][crit["id"]] = (
        1 if rv["decision"]["scores"][alt["id"]][crit["id"]] != 1 else 2
    )
    (line,) = _words(rv, rv2)
    assert line.startswith(f"keuzehulp: score van {alt['label']['nl']} op {crit['label']['nl']}: ")


def test_a_new_language_is_one_change_not_one_per_text():
    old = _doc()
    new = copy.deepcopy(old)
    refs.set_languages(new, ["nl"])
    assert _words(old, new) == ["taal verwijderd: Engels"]
    refs.set_languages(new, ["nl", "en"])
    assert (
        new["title"]["en"] == new["title"]["nl"]
        and new["scale"]["labels"]["en"] == new["scale"]["labels"]["nl"]
    )
    assert definition.parse(new).languages == ["nl", "en"]


def _doc_of(qid: str) -> dict:
    return definition.load(definition.shipped()[qid]).document()


# -- places in words -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "nl", "en"),
    [
        ("", "het bestand", "the file"),
        ("title.en", "titel (Engels)", "title (English)"),
        (
            "dimensions[0].items[1].text.nl",
            "dimensie 1 ‘Vertrouwen’ › stelling t2 › tekst (Nederlands)",
            "dimension 1 ‘Trust’ › statement t2 › text (Dutch)",
        ),
        (
            "sections[1].questions[2].show_if.role[0]",
            "sectie 2 ‘Businesscase’ › vraag 3 ‘Op welk niveau?’ › voorwaarde op ‘Uw rol?’",
            "section 2 ‘Business case’ › question 3 ‘At which level?’ › condition on ‘Your role?’",
        ),
        (
            "background[0].options[1].id",
            "achtergrondvraag 1 ‘Uw rol?’ › antwoord 2 ‘College’ › korte naam",
            "background question 1 ‘Your role?’ › answer 2 ‘COLLEGE’ › short name",
        ),
        ("scale.labels.en", "antwoordschaal › labels (Engels)", "answer scale › labels (English)"),
        (
            "bands[1].min",
            "oordeel 2 ‘Zwak’ › laagste getal of ondergrens",
            "verdict 2 ‘Weak’ › lowest number or lower bound",
        ),
        ("sections[9].questions[0]", "sectie 10 › vraag 1", "section 10 › question 1"),
        ("weird[0].thing", "‘weird’ › ‘thing’", "‘weird’ › ‘thing’"),
    ],
)
def test_places_in_words(path, nl, en):
    doc = _doc()
    assert places.describe(path, doc, "nl") == nl
    assert places.describe(path, doc, "en") == en


def test_the_place_of_a_score():
    doc = _doc_of("rechtsvorm")
    alt, crit = doc["decision"]["alternatives"][1], doc["decision"]["criteria"][0]
    assert places.describe(f"decision.scores.{alt['id']}.{crit['id']}", doc, "nl") == (
        f"de keuzehulp › de score van ‘{alt['label']['nl']}’ op ‘{crit['label']['nl']}’"
    )


# -- short names, references ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Wat is uw rol?", "rol"),
        ("Wonen & leefomgeving", "wonen_leefomgeving"),
        ("Ĳsselstreek en Zuid-Holland", "ijsselstreek_zuid_holland"),
        ("2025: het jaar", "vraag_2025_jaar"),
        ("2025", "vraag_2025"),
        ("", "vraag"),
        ("De zeer langdurige samenwerkingsovereenkomstenadministratie", "zeer_langdurige"),
    ],
)
def test_slugs_follow_the_id_pattern(text, slug):
    made = ids.slug(text, "vraag")
    assert made == slug and definition.ID_PATTERN.fullmatch(made)


def test_unique_ids():
    assert ids.unique("rol", {"rol", "rol_2"}) == "rol_3" and ids.unique("rol", set()) == "rol"


def test_a_renamed_background_question_and_answer_are_followed():
    doc = _doc()
    doc["background"][0]["id"] = "rol"
    doc["background"][0]["options"][0]["id"] = "gemeenteraad"
    refs.rename(
        doc,
        [
            parts_rename(refs.BACKGROUND_QUESTION, "role", "rol"),
            parts_rename(refs.BACKGROUND_OPTION, "raad", "gemeenteraad", "role"),
        ],
    )
    assert doc["sections"][1]["questions"][2]["show_if"] == {"rol": ["gemeenteraad"]}
    definition.parse(doc)


def parts_rename(what, old, new, owner=""):
    return Rename(what, old, new, owner)


# -- every kind has an editor, and every key of its model a field (or a reason not to) --------------------------


NOT_EDITED = {"kind"}  # the kind is chosen when a question is added


def test_every_kind_has_an_editor_for_every_key_of_its_model():
    for kind in kinds.all():
        node = parts.editor(kind.name)
        keys = {f.key for f in node.fields}
        missing = set(kind.model.model_fields) - keys - NOT_EDITED
        assert not missing, f"the editor of {kind.name} has no field for {sorted(missing)}"


def test_every_part_of_the_document_has_a_page():
    doc = _doc_of("rechtsvorm")
    covered = {"id"}  # fixed once made; shown on the overview
    for part in (
        "",
        "general",
        "open",
        "background/0",
        "sections/0",
        "sections/0/questions/0",
        *parts.BLOCKS,
    ):
        for panel in pages.page(doc, part).panels:
            if panel.path == ():
                covered |= {f.key for f in panel.node.fields}
            else:
                covered.add(str(panel.path[0]))
    covered |= {"scale", "bands", "dimensions"}  # the scale page (needs statements) and the dimension pages
    assert set(definition.Questionnaire.model_fields) - covered == set()
    assert pages.page(_doc(), "scale").panels and pages.page(_doc(), "dimensions/0").panels


# -- reading a posted page --------------------------------------------------------------------------------------


def _posted(pg, doc, changes_: dict | None = None) -> MultiDict:
    """The page's form as a browser posts it unchanged, with ``changes_`` applied."""
    out = MultiDict()
    for panel in pages.views(pg, doc):
        for block in panel.blocks:
            for inp in walk_inputs(block):
                if isinstance(inp.value, list):
                    for v in inp.value:
                        out.add(inp.name, v)
                elif isinstance(inp.value, bool):
                    if inp.value:
                        out.add(inp.name, "y")
                else:
                    out.add(inp.name, inp.value)
    for k, v in (changes_ or {}).items():
        out.setlist(k, v if isinstance(v, list) else [v])
    return out


def test_an_unchanged_page_gives_the_same_definition_for_every_part_of_every_shipped_definition():
    for qid in definition.shipped():
        doc = _doc_of(qid)
        parts_ = ["", "general", "open", *[f"background/{i}" for i in range(len(doc.get("background", [])))]]
        parts_ += [f"dimensions/{i}" for i in range(len(doc.get("dimensions", [])))]
        parts_ += ["scale"] if doc.get("dimensions") else []
        parts_ += ["decision"] if doc.get("decision") else []
        for s, section in enumerate(doc.get("sections", [])):
            parts_ += [f"sections/{s}"] + [
                f"sections/{s}/questions/{j}" for j in range(len(section["questions"]))
            ]
        for part in parts_:
            pg = pages.page(doc, part)
            outcome = pages.read(pg, doc, _posted(pg, doc))
            assert not outcome.reading.problems, (qid, part, outcome.reading.problems)
            assert definition.parse(outcome.doc).sha256 == definition.parse(doc).sha256, (qid, part)


def test_a_number_that_is_no_number_is_named_and_nothing_else_changes():
    doc = _doc()
    pg = pages.page(doc, "sections/1/questions/0")
    outcome = pages.read(pg, doc, _posted(pg, doc, {"p0-max": "vijfduizend", "p0-min": "12,5"}))
    (problem,) = outcome.reading.problems
    assert (
        problem.path == "sections[1].questions[0].max"
        and problem.text("nl") == "‘vijfduizend’ is geen getal."
    )
    assert (
        outcome.doc["sections"][1]["questions"][0]["max"] == 5000
        and outcome.doc["sections"][1]["questions"][0]["min"] == 12.5
    )


def test_buttons_move_and_delete_rows_only_when_confirmed():
    doc = _doc()
    pg = pages.page(doc, "dimensions/0")
    outcome = pages.read(pg, doc, _posted(pg, doc))
    work = copy.deepcopy(outcome.doc)
    done, what = pages.apply(work, Action.parse("delete:p0-items:1"), outcome.reading)
    assert (
        not done
        and render("nl", what) == "Stelling 2 ‘Stelling twee.’"
        and len(work["dimensions"][0]["items"]) == 2
    )
    done, _ = pages.apply(work, Action.parse("delete:p0-items:1", confirmed=True), outcome.reading)
    assert done and [i["id"] for i in work["dimensions"][0]["items"]] == ["t1"]
    work = copy.deepcopy(outcome.doc)
    assert pages.apply(work, Action.parse("down:p0-items:0"), outcome.reading)[0]
    assert [i["id"] for i in work["dimensions"][0]["items"]] == ["t2", "t1"]
    assert not pages.apply(work, Action.parse("down:p0-items:1"), outcome.reading)[0]  # already last
    assert not pages.apply(work, Action.parse("up:nowhere:0"), outcome.reading)[0]


def test_the_weights_question_gets_the_criteria_as_its_answers():
    doc = _doc_of("rechtsvorm")
    pg = pages.page(doc, "decision")
    posted = _posted(
        pg, doc, {"p0-criteria-0-label-nl": "Sturing door de raden", "p0-criteria-0-id": "raadssturing"}
    )
    outcome = pages.read(pg, doc, posted)
    weights = next(
        q
        for s in outcome.doc["sections"]
        for q in s["questions"]
        if q["id"] == outcome.doc["decision"]["weights"]
    )
    assert [o["id"] for o in weights["options"]] == [c["id"] for c in outcome.doc["decision"]["criteria"]]
    assert weights["options"][0]["label"]["nl"] == "Sturing door de raden"
    assert all(
        "raadssturing" in row for row in outcome.doc["decision"]["scores"].values()
    )  # renamed in the scores
    definition.parse(outcome.doc)
